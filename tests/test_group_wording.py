"""The group of a round's self-assessments has one name, defined once (workbook.team.release.SELF_LABEL).

The dashboard, its waiting notes, the reliability table and the aggregate export all show it
(tests/test_reliability.py and tests/test_reports.py read it there).
"""

from __future__ import annotations

from pathlib import Path

from workbook.team.release import SELF_LABEL

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("workbook", "widgets", "pages", "templates")


def shipped_files():
    for folder in SHIPPED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".j2", ".ipynb", ".html", ".js", ".md", ".json", ".yaml"}:
                yield path


def test_the_wording_is_written_once():
    found = [path.relative_to(ROOT).as_posix() for path in shipped_files()
             if "(self-assessments)" in path.read_text(encoding="utf-8", errors="replace")]
    assert found == ["workbook/team/release.py"], "name the group with workbook.team.release.SELF_LABEL"
    assert SELF_LABEL == "members (self-assessments)"

