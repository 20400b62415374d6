"""The leader-or-manager profile drawn as a position between two poles, never as a score."""

from __future__ import annotations

from workbook.assess.scoring import Profile

from ._views import render


def profile_html(profile: Profile, heading: str = "", language: str = "en") -> str:
    """A marker on a line from "Managing" to "Leading", with the position said in words."""
    position = max(0.0, min(100.0, 50 + profile.lean / 2)) if profile.lean is not None else 50.0
    return render("profile.html.j2", language=language, profile=profile, heading=heading, position=position)
