"""The store's public API is the only way in: nothing outside workbook/store/ touches its tables or privates."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("workbook", "widgets", "pages")
STORE = ROOT / "workbook" / "store"
#: Private methods of the Store; called from outside they bypass its checks and transactions.
PRIVATE_STORE_METHODS = {"_write", "_read", "_prepare", "_check_open", "_check_together", "_latest_ids",
                         "_answer", "_require", "_add_missing_columns", "_local"}


def modules_outside_the_store():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if STORE not in path.parents:
                yield path


def problems_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = {alias.name for alias in node.names}
            if module.endswith("store.schema") or (module.endswith("store") and "schema" in names):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports the store's schema")
        elif isinstance(node, ast.Import):
            if any(alias.name.endswith("store.schema") for alias in node.names):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports the store's schema")
        elif isinstance(node, ast.Attribute) and node.attr in PRIVATE_STORE_METHODS:
            owner = node.value
            name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
            if "store" in name.lower():
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} calls {name}.{node.attr}")
    return found


def test_no_module_outside_the_store_imports_its_schema_or_calls_its_private_methods():
    problems = [problem for path in modules_outside_the_store() for problem in problems_in(path)]
    assert problems == []


def test_the_check_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from workbook.store import schema\nfrom .store.schema import teams\n"
                      "def f(store):\n    with store._write() as conn:\n        pass\n")
    sample_problems = problems_in_anywhere(sample)
    assert len(sample_problems) == 3


def problems_in_anywhere(path: Path) -> list[str]:
    global ROOT
    saved, ROOT = ROOT, path.parent
    try:
        return problems_in(path)
    finally:
        ROOT = saved
