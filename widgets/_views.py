"""The widgets' static HTML, rendered from ``widgets/templates/`` through the one view layer.

Every piece of markup a widget shows (a prompt, a heading, a status line, an
error) comes from a small autoescaped template here, so text anyone typed or
an instrument file holds is shown as text, never run (:mod:`workbook.views`).
"""

from __future__ import annotations

from pathlib import Path

from workbook.basics.i18n import SOURCE_LANGUAGE, template_functions
from workbook.views import render_with

#: The widgets' own templates; the view layer's shared ones are found after these.
WIDGET_TEMPLATES = Path(__file__).parent / "templates"


def render(name: str, /, *, language: str = SOURCE_LANGUAGE, **context) -> str:
    """The widget template ``name`` rendered with ``context``, every value escaped, its text in ``language``."""
    return render_with(WIDGET_TEMPLATES, name, **template_functions(language), **context)
