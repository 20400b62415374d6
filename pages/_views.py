"""The pages' HTML, rendered from ``pages/templates/`` through the one view layer.

The respondent page's header, welcome and step introductions, the summary
link, the coach page's messages and the server's refusal page all come from
small autoescaped templates here (:mod:`workbook.views`): a name, a title or
a programme's introduction is shown as text, never run.
"""

from __future__ import annotations

from pathlib import Path

from workbook.basics.i18n import SOURCE_LANGUAGE, template_functions
from workbook.views import render_with

#: The pages' own templates; the view layer's shared ones are found after these.
PAGE_TEMPLATES = Path(__file__).parent / "templates"


def render(name: str, /, *, language: str = SOURCE_LANGUAGE, **context) -> str:
    """The page template ``name`` rendered with ``context``, every value escaped, its text in ``language``."""
    return render_with(PAGE_TEMPLATES, name, **template_functions(language), **context)
