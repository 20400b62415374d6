"""The anonymity threshold is applied in one place: no module but workbook/team/anonymity.py compares with it.

Read from the source (AST): a comparison (<, <=, >, >=, ==, !=) with an operand
that names the threshold (``threshold``, ``k``, ``team.threshold``,
``MIN_THRESHOLD``, ...) anywhere in workbook/ outside anonymity.py is a view
deciding for itself what to hide. It asks :mod:`workbook.team.anonymity`
(``shown``, ``hidden``, ``apart_enough``, ``counted_beside_own``) instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THE_PLACE = ROOT / "workbook" / "team" / "anonymity.py"
ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
#: Functions whose ``threshold`` or ``k`` is another number, with what it is.
OTHER_NUMBERS = {
    ("workbook/assess/scoring.py", "suggest_actions"): "threshold: GAP_THRESHOLD, below it a section is a gap",
    ("workbook/team/reliability.py", "cronbach_alpha"): "k: the number of items in alpha's formula",
}


def names_threshold(node: ast.AST) -> bool:
    """Whether an expression mentions the anonymity threshold by name."""
    for part in ast.walk(node):
        name = part.id if isinstance(part, ast.Name) else part.attr if isinstance(part, ast.Attribute) else None
        if name is not None and (name == "k" or "threshold" in name.lower()):
            return True
    return False


def threshold_comparisons(source: str, filename: str = "<source>", *, skip: frozenset[str] = frozenset()) -> list[int]:
    """The lines of ``source`` that compare something with the threshold, outside the functions in ``skip``."""
    found = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in skip:
            return
        if isinstance(node, ast.Compare) and any(isinstance(op, ORDERING) for op in node.ops) \
                and any(names_threshold(side) for side in (node.left, *node.comparators)):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source, filename))
    return sorted(found)


def test_only_anonymity_compares_with_the_threshold():
    found = []
    for path in sorted((ROOT / "workbook").rglob("*.py")):
        if path == THE_PLACE:
            continue
        name = path.relative_to(ROOT).as_posix()
        skip = frozenset(function for where, function in OTHER_NUMBERS if where == name)
        found += [f"{name}:{line}" for line in threshold_comparisons(path.read_text(encoding="utf-8"), name, skip=skip)]
    assert found == [], "ask workbook.team.anonymity (shown, hidden, apart_enough) instead"


def test_the_check_finds_each_way_of_comparing_with_the_threshold():
    sample = "\n".join([
        "if n < threshold: pass",                       # 1
        "ok = len(people) >= k",                        # 2
        "revealable = self.n >= self.threshold",        # 3
        "if 0 < differ < k: pass",                      # 4
        "hidden = out['n'].to_numpy() < threshold",     # 5
        "small = members < max(team.threshold, MIN_THRESHOLD)",  # 6
        "n = n.where(in_team != threshold, n)",         # 7
    ])
    assert threshold_comparisons(sample) == [1, 2, 3, 4, 5, 6, 7]


def test_the_check_leaves_unrelated_code_alone():
    sample = "\n".join([
        "if shown(n, threshold): pass",
        "rows = {k: v for k, v in items if k not in typed}",
        "if n < total: pass",
        "threshold = max(threshold, asked)",
        "cut = threshold - 1",
        "if keep > 0: pass",
    ])
    assert threshold_comparisons(sample) == []


def test_a_skipped_function_hides_only_itself():
    sample = "def cronbach_alpha(rows):\n    k = len(rows)\n    return k < 2\n\nbad = n < k\n"
    assert threshold_comparisons(sample, skip=frozenset({"cronbach_alpha"})) == [5]
    assert threshold_comparisons(sample) == [3, 5]


def test_the_exemptions_name_real_functions():
    for where, function in OTHER_NUMBERS:
        tree = ast.parse((ROOT / where).read_text(encoding="utf-8"))
        assert function in {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}, (where, function)


def test_the_place_itself_compares():
    """anonymity.py is where the comparisons went: the check would see them there."""
    assert threshold_comparisons(THE_PLACE.read_text(encoding="utf-8"))
