"""HTML to PDF with the Chromium already on the machine (``chromium --headless --print-to-pdf``).

Chosen over a PDF library because the report is HTML and CSS already:
Chromium prints it as a browser shows it, offline, and needs no new
dependency. Where no Chromium is found, the error says to write ``.html``
(which any browser can print) or to point LEADERBOOK_CHROMIUM at a browser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import LeaderbookError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 120


def find_chromium() -> str | None:
    explicit = os.environ.get("LEADERBOOK_CHROMIUM")
    if explicit:
        return explicit if shutil.which(explicit) or Path(explicit).is_file() else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def html_to_pdf(html: str, target: Path) -> None:
    """Print ``html`` to the PDF file ``target`` (written whole or not at all)."""
    browser = find_chromium()
    if browser is None:
        raise LeaderbookError(
            "writing a PDF needs Chromium, and none was found: write the report as .html "
            "(and print it from a browser), or set LEADERBOOK_CHROMIUM to a Chromium or Chrome"
        )
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="leaderbook-pdf-") as work:
        page = Path(work, "report.html")
        page.write_text(html, encoding="utf-8")
        printed = Path(work, "report.pdf")
        command = [
            browser, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
            # The report runs no script and loads nothing: its Content-Security-Policy forbids both.
            f"--user-data-dir={work}/profile",
            "--no-pdf-header-footer", f"--print-to-pdf={printed}", page.as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise LeaderbookError(f"Chromium could not print the PDF: {exc}") from None
        if not printed.is_file() or printed.stat().st_size == 0:
            detail = (result.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise LeaderbookError(f"Chromium did not write the PDF ({detail[0]}); write the report as .html instead")
        from ..basics.files import write_private

        write_private(target, printed.read_bytes())
