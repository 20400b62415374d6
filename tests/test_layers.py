"""The layers, enforced: the core imports no widget, no page, no Voila; the widgets no page and no Voila.

Read from the source (AST), so an import hidden inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Top-level packages each layer must never import.
FORBIDDEN = {
    "workbook": {"ipywidgets", "anywidget", "voila", "widgets", "pages", "jupyter_server", "tornado"},
    "widgets": {"voila", "pages", "jupyter_server", "tornado"},
}


def imported_packages(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {(alias.name.split(".")[0], node.lineno) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.module.split(".")[0], node.lineno))
    return found


def violations(package: str) -> list[str]:
    return [f"{path.relative_to(ROOT)}:{line} imports {name}"
            for path in sorted((ROOT / package).rglob("*.py"))
            for name, line in sorted(imported_packages(path)) if name in FORBIDDEN[package]]


def test_the_core_imports_no_widget_page_or_voila():
    assert violations("workbook") == []


def test_the_widgets_import_no_page_or_voila():
    assert violations("widgets") == []


def test_the_check_finds_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def later():\n    from voila.app import Voila\n")
    assert imported_packages(sample) == {("voila", 2)}
