"""The package stylesheet, for pages that show leaderbook widgets: the palette, then the widgets' look."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ipywidgets import HTML

from workbook.views.style import palette_css

STYLESHEET = Path(__file__).parent / "static" / "leaderbook.css"


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The palette's custom properties (one definition, shared with the documents and the
    Voila page), then ``static/leaderbook.css``, which names them."""
    return palette_css() + "\n" + STYLESHEET.read_text(encoding="utf-8")


def style() -> HTML:
    """An (invisible) HTML widget holding the stylesheet: display it once, above the widgets."""
    return HTML(f"<style>{stylesheet()}</style>", _dom_classes=("lb-style",))
