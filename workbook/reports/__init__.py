"""Reports for people: the individual report and the team report, as HTML or PDF.

Both are built from the same data as the dashboard, rendered by autoescaping
Jinja templates into one self-contained HTML file; a PDF is that file printed
by Chromium (:mod:`workbook.reports.pdf`).

May import: the workbook core (team figures, the catalogue, scoring), its
view layer (:mod:`workbook.views`) and pandas. Never widgets, pages or Voila.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import LeaderbookError
from ..basics.printable import printable

SUFFIXES = (".html", ".pdf")

#: The reports' own templates; shared partials, charts and the palette come from :mod:`workbook.views`.
TEMPLATES = Path(__file__).parent / "templates"


def write_report(html: str, target: str | Path) -> Path:
    """Write ``html`` to ``target``: as it is for ``.html``, printed for ``.pdf``.

    Old answers can hold characters no file can carry (a lone surrogate, a
    control character): they are replaced here, once for both formats.
    """
    html = printable(html)
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise LeaderbookError(f"a report is written as .html or .pdf, not {target.name!r}")
    if suffix == ".pdf":
        from .pdf import html_to_pdf

        html_to_pdf(html, target)
        return target
    from ..basics.files import write_private_text

    write_private_text(target, html)
    return target
