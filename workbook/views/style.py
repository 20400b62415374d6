"""The palette: leaderbook's colours, defined once in ``templates/palette.css``.

Stylesheets use the palette's custom properties (``var(--lb-accent)``); the
charts, whose SVG must look right where no stylesheet is loaded (a saved
notebook, a printed report), read the same values from here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import TEMPLATES

#: The palette, a CSS file of custom properties on ``:root``.
PALETTE = TEMPLATES / "palette.css"

_PROPERTY = re.compile(r"--lb-([\w-]+)\s*:\s*([^;]+);")


@lru_cache(maxsize=1)
def palette_css() -> str:
    """The palette's CSS text (a ``:root`` rule), to put before any stylesheet that names it."""
    return PALETTE.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def colours() -> dict[str, str]:
    """The palette as ``{name: value}`` without the ``--lb-`` prefix: ``colours()["accent"] == "#1f6f8b"``."""
    return {name: value.strip() for name, value in _PROPERTY.findall(palette_css())}
