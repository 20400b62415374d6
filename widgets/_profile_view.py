"""The leader-or-manager profile drawn as a position between two poles, never as a score."""

from __future__ import annotations

import html

from workbook.numbers import format_number
from workbook.scoring import Profile


def profile_html(profile: Profile, heading: str = "") -> str:
    """A marker on a line from "Managing" to "Leading", with the position said in words."""
    head = f"<h3>{html.escape(heading)}</h3>" if heading else ""
    if profile.lean is None:
        return f"{head}<p class='lb-muted'>Rate items from both poles to see where you sit.</p>"
    position = max(0.0, min(100.0, 50 + profile.lean / 2))
    words = (f"{profile.label.capitalize()}: leading {format_number(profile.leader)}, "
             f"managing {format_number(profile.manager)} "
             "(out of 100). Neither pole is better; the point is to choose where your time goes.")
    return (f"{head}<div class='lb-profile' role='img' aria-label='{html.escape(profile.label, quote=True)}'>"
            "<span class='lb-pole'>Managing</span>"
            "<span class='lb-profile-line' style='position:relative;flex:1 1 auto;height:4px;"
            "background:#c7d2dc;border-radius:2px;margin:0 0.6em'>"
            f"<span class='lb-profile-marker' style='position:absolute;left:{position:.0f}%;top:-6px;width:16px;"
            "height:16px;margin-left:-8px;border-radius:50%;background:#1f6f8b'></span></span>"
            "<span class='lb-pole'>Leading</span></div>"
            f"<p class='lb-profile-words'>{html.escape(words)}</p>")
