"""The layers, enforced: the core imports no widget, no page, no Voila; the widgets no page and no Voila.

Read from the source (AST), so an import hidden inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

from import_graph import cycles, graph

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


#: The one escaping path is the view layer's autoescaped templates (workbook.views): no module of
#: the core, the widgets or the pages builds markup with an escape function of its own.
ESCAPERS = {"html": {"escape"}, "markupsafe": {"escape"}, "xml.sax.saxutils": {"escape", "quoteattr"}}
#: Reading shown text back (widgets.testing) unescapes and parses; neither builds markup.
HTML_READERS = {"unescape"}


def escaping_imports(path: Path) -> list[tuple[str, int]]:
    """The imports in ``path`` that bring in an escape function (or the whole ``html`` module)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names if alias.name == "html"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = {alias.name for alias in node.names}
            if node.module == "html":
                names -= HTML_READERS
            else:
                names &= ESCAPERS.get(node.module, set())
            found += [(f"{node.module}.{name}", node.lineno) for name in sorted(names)]
    return found


def test_html_is_escaped_only_by_the_view_layers_templates():
    found = [f"{path.relative_to(ROOT)}:{line} imports {name}"
             for package in ("workbook", "widgets", "pages")
             for path in sorted((ROOT / package).rglob("*.py"))
             for name, line in escaping_imports(path)]
    assert found == []


def test_the_check_finds_an_escaping_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import html\nfrom html import unescape\n\ndef later():\n"
                      "    from html import escape\n    from markupsafe import Markup, escape as esc\n")
    assert escaping_imports(sample) == [("html", 1), ("html.escape", 5), ("markupsafe.escape", 6)]


#: The core's folders, lowest first: a module may import its own folder and the folders before it,
#: never one after it (the respondent's side ends at ``assess``; the store, then the team's side).
CORE_LAYERS = ("errors", "basics", "instruments", "assess", "store", "views", "team", "exports", "reports", "cli")


def core_layer(module: str) -> str | None:
    """The folder of ``workbook`` a module belongs to (``errors`` for workbook/errors.py), else None."""
    parts = module.split(".")
    return parts[1] if parts[0] == "workbook" and len(parts) > 1 else None


def upward_imports(edges: dict[str, dict[str, int]]) -> list[str]:
    found = []
    for module, imported in sorted(edges.items()):
        mine = core_layer(module)
        for target, line in sorted(imported.items()):
            theirs = core_layer(target)
            if mine is None or theirs is None or mine == theirs:
                continue
            if mine not in CORE_LAYERS or theirs not in CORE_LAYERS:
                found.append(f"{module}:{line} imports {target}: a folder CORE_LAYERS does not place")
            elif CORE_LAYERS.index(theirs) > CORE_LAYERS.index(mine):
                found.append(f"{module}:{line} imports {target}, a layer above {mine}/")
    return found


def test_no_import_circles_lazy_imports_included():
    assert cycles(graph()) == []


def test_each_folder_of_the_core_imports_only_the_folders_below_it():
    assert upward_imports(graph()) == []


def test_the_graph_checks_find_a_circle_and_an_upward_import(tmp_path):
    (tmp_path / "workbook" / "store").mkdir(parents=True)
    (tmp_path / "workbook" / "team").mkdir()
    for init in ("workbook/__init__.py", "workbook/store/__init__.py", "workbook/team/__init__.py"):
        (tmp_path / init).write_text("")
    (tmp_path / "workbook" / "store" / "a.py").write_text("def later():\n    from ..team import b\n")
    (tmp_path / "workbook" / "team" / "b.py").write_text("from workbook.store.a import later\n")
    edges = graph(tmp_path, ("workbook",))
    assert cycles(edges) == [["workbook.store.a", "workbook.team.b"]]
    assert upward_imports(edges) == ["workbook.store.a:2 imports workbook.team, a layer above store/",
                                     "workbook.store.a:2 imports workbook.team.b, a layer above store/"]


def private_widget_imports(path: Path) -> list[tuple[str, int]]:
    """Imports in ``path`` that reach past ``widgets``' public names (widgets.testing is public too)."""
    import widgets

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.startswith("widgets.") and node.module != "widgets.testing":
                found.append((node.module, node.lineno))
            elif node.module == "widgets":
                found += [(f"widgets.{a.name}", node.lineno) for a in node.names if a.name not in widgets.__all__]
    return found


def test_the_app_uses_only_the_widgets_public_names():
    found = [f"{path.relative_to(ROOT)}:{line} imports {name}"
             for path in sorted((ROOT / "pages").rglob("*.py"))
             for name, line in private_widget_imports(path)]
    assert found == []


def test_the_check_finds_a_private_widget_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from widgets import Stepper, _base\nfrom widgets.keys import KeyCommands\n")
    assert private_widget_imports(sample) == [("widgets._base", 1), ("widgets.keys", 2)]
