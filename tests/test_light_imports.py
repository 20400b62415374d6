"""The respondent's path stays light: no pandas, matplotlib or schema library at import time."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pandas", "matplotlib", "jsonschema", "fastjsonschema", "pydantic", "openpyxl", "numpy", "alembic")

RESPONDENT_PATH = """
import sys, tempfile
import workbook
from workbook.instruments import builtin_instruments, translated
from workbook.store import Store
from workbook.store.invites import resolve_invite
from workbook.assess.scoring import assessment_summary
from workbook.assess.plan import check_plan
from workbook.exports.own_copy import own_copy, own_copy_csv, own_copy_json
instruments = tuple(translated(instrument, "fr") for instrument in builtin_instruments())
assert instruments[0].title != builtin_instruments()[0].title
with Store(data=tempfile.mkdtemp()) as store:
    who = store.add_respondent("Ana").id
    round_id = store.start_round().id
    store.record_answer(who, round_id, instruments[0], instruments[0].items[0].id, 3)
    assessment_summary(instruments, {instruments[0].id: store.answer_values(who, round_id, instruments[0].id)})
    copy = own_copy(store, who, instruments, actor="member")  # "Download my answers" on the page
    own_copy_json(copy), own_copy_csv(copy)
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in {heavy})))
"""


def test_the_respondent_path_imports_no_heavy_library():
    code = RESPONDENT_PATH.replace("{heavy}", repr(set(HEAVY)))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_opening_a_store_at_head_imports_no_alembic(tmp_path):
    """Alembic is imported only to upgrade: a store at this leaderbook's revision opens on one plain query."""
    from workbook.store import Store

    Store(data=tmp_path).close()
    code = ("import sys; from workbook.store import Store; Store(data=sys.argv[1]).close(); "
            "print('alembic' in sys.modules, 'workbook.store.upgrades' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


def test_importing_workbook_loads_almost_nothing():
    code = "import sys, workbook; print(len([m for m in sys.modules if m.startswith(('sqlalchemy', 'yaml'))]))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0"


def _imported_modules(package: str) -> dict[str, set[str]]:
    """Top-level names each module of ``package`` imports, read from its source."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / package
    found = {}
    for path in root.rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(root.parent))] = names
    return found


def test_the_core_imports_no_widget_and_the_widgets_import_no_voila():
    core = {path: names & {"ipywidgets", "widgets"} for path, names in _imported_modules("workbook").items()}
    assert {path: names for path, names in core.items() if names} == {}
    ui = {path: names & {"voila"} for path, names in _imported_modules("widgets").items()}
    assert {path: names for path, names in ui.items() if names} == {}


#: A page kernel under ``leaderbook serve``: the store is the server's, reached through its store service.
PAGE_THROUGH_THE_SERVER = """
import os, sys
from pages.visit import visit_for_invite, open_page_store
from pages.workbook_page import WorkbookPage
from workbook.instruments.programme import Programme, resolve_instruments
store, practice = open_page_store()
page = WorkbookPage(Programme(), resolve_instruments(Programme()), store, practice=practice)
visit = page.open_for_visitor(visit_for_invite(store, sys.argv[1]))
assert visit.valid and type(store).__name__ == "StoreClient", (visit, store)
instrument = page.instruments[0]
page.binding.record(instrument, instrument.items[0].id, 2)
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in {heavy})))
"""


def test_a_page_kernel_of_the_server_imports_no_sqlalchemy(store, tmp_path):
    """The page, its visitor and an answer through the server's store service: no data layer in the kernel."""
    import os

    from store_services import KERNELS, Served

    respondent, round_ = store.add_respondent("Ana"), store.start_round()
    token = store.add_invite(respondent.id, round_.id)
    (tmp_path / "site").mkdir()
    served = Served(store, tmp_path / "site")
    try:
        env = {**os.environ, "LEADERBOOK_STORE_SOCKET": served.socket_path, "VOILA_KERNEL_ID": "kernel-a",
               "LEADERBOOK_KERNEL_SECRET": KERNELS["kernel-a"]}
        code = PAGE_THROUGH_THE_SERVER.replace("{heavy}", repr(set(HEAVY) | {"sqlalchemy"}))
        result = subprocess.run([sys.executable, "-c", code, token], capture_output=True, text=True, env=env)
    finally:
        served.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == ""
    assert [a.item_id for a in store.latest_answers(respondent.id, round_.id)] == [page_first_item()]


def page_first_item() -> str:
    from workbook.instruments.programme import Programme, resolve_instruments

    return resolve_instruments(Programme())[0].items[0].id
