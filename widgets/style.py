"""The package stylesheet, for pages that show leaderbook widgets."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ipywidgets import HTML

STYLESHEET = Path(__file__).parent / "static" / "leaderbook.css"


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The CSS text of ``static/leaderbook.css``."""
    return STYLESHEET.read_text(encoding="utf-8")


def style() -> HTML:
    """An (invisible) HTML widget holding the stylesheet: display it once, above the widgets."""
    return HTML(f"<style>{stylesheet()}</style>", _dom_classes=("lb-style",))
