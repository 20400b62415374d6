"""The tests speak to public behaviour: no test reaches into a private attribute or module.

A test that reads ``widget._buttons`` breaks when the widget is rebuilt even
though nothing a person sees has changed, and passes while the page is broken
if the private part is no longer what the page shows. The tests drive widgets
through :mod:`widgets.testing` instead (find by role, label or CSS class as
the page sees them; click, choose, fill; read what is shown), and check values,
the state sent to the page and the store.

The browser tests (``tests/browser/``) drive the real page and are not read here.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent

#: The few private attributes (``._name``) and private modules (``pkg._module``) a test may still
#: use, by test module, each with the reason why.
ALLOWED: dict[tuple[str, str], str] = {
    ("test_store_hostile.py", "_write"):
        "seeds a team row straight into the table before testing the store's refusals; the public "
        "Store.add_team would do (left to the store tests' owner)",
    ("test_teams.py", "_read"):
        "reads the invite table to prove tokens are kept only as hashes; by design no public API shows them",
    ("test_widgets_saving.py", "widgets._step_focus"):
        "the Stepper's focus helper is drawn as nothing (no role, label or class to find it by): the test "
        "finds it by its class to check what the browser is told to bring into view",
    ("test_widgets_action_plan.py", "widgets._plan_gaps"):
        "lowers how many red flags come first (FLAGS), a tuning constant with no public setting",
}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")  # x.__name__ and the like are Python's own


def private_uses(path: Path) -> list[tuple[int, str]]:
    """``(line, name)`` of every ``x._name`` and every import of a private module in the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            found.append((node.lineno, node.attr))
        modules = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                   else [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
        found += [(node.lineno, module) for module in modules if any(map(_private, module.split(".")))]
    return sorted(found)


def test_the_check_sees_private_attributes_and_modules(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text("from widgets._inputs import TextInput\nimport widgets._radio as radio\n"
                      "from widgets.testing import find\n"
                      "def test_x(w):\n    assert w.value\n    assert w._buttons.index == w.__class__\n")
    assert private_uses(sample) == [(1, "widgets._inputs"), (2, "widgets._radio"), (6, "_buttons")]


def test_no_test_uses_a_private_attribute_or_module():
    found = [f"{path.name}:{line} uses {name}"
             for path in sorted(TESTS.glob("*.py"))
             for line, name in private_uses(path)
             if (path.name, name) not in ALLOWED]
    assert not found, "drive the widget through widgets.testing instead:\n" + "\n".join(found)


def test_every_allowance_is_still_needed():
    used = {(path.name, name) for path in TESTS.glob("*.py") for _, name in private_uses(path)}
    assert not set(ALLOWED) - used, f"no longer needed, remove: {sorted(set(ALLOWED) - used)}"
