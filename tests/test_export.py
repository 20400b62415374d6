"""Exports: what goes out comes back the same, with text joined in and formulas defused."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from workbook.exports.answers import answer_rows, neutralise, write_rows
from workbook.instruments import find_instrument


@pytest.fixture
def answered(answering):
    store, who, round_id = answering
    functions = find_instrument("leadership-functions")
    first = functions.sections[0]
    store.record_answer(who, round_id, functions, first.items[0].id, 2)
    store.record_answer(who, round_id, functions, first.items[0].id, 4)  # the current answer
    store.record_answer(who, round_id, functions, first.items[1].id, "na")
    process = find_instrument("convergence-process")
    text_item = next(i for i in process.items if i.kind == "text")
    store.record_answer(who, round_id, process, text_item.id, "=HYPERLINK(\"http://x\",\"click\")")
    return store, functions, first, text_item


def test_rows_join_instrument_section_and_item_text(answered):
    store, functions, first, _ = answered
    rows = answer_rows(store)
    assert len(rows) == 3
    row = rows[0]
    assert row["respondent"] == "Ana" and row["round"] == "Round 1"
    assert row["instrument"] == functions.title and row["section"] == first.title
    assert row["item"] == first.items[0].text
    assert (row["value"], row["value_label"]) == (4, "Often")
    assert rows[1]["value_label"] == "not applicable"
    assert len(answer_rows(store, history=True)) == 4


def test_json_round_trip(answered, tmp_path):
    store = answered[0]
    rows = answer_rows(store)
    write_rows(rows, "json", tmp_path / "a.json")
    assert json.loads((tmp_path / "a.json").read_text()) == json.loads(json.dumps(rows, default=str))


def test_csv_round_trip_neutralises_formulas(answered):
    store, *_ = answered
    rows = answer_rows(store)
    back = list(csv.DictReader(io.StringIO(write_rows(rows, "csv", None).decode())))
    assert [r["item_id"] for r in back] == [r["item_id"] for r in rows]
    assert [r["value"] for r in back[:2]] == ["4", "na"]
    assert back[2]["value"] == "'=HYPERLINK(\"http://x\",\"click\")"


def test_xlsx_round_trip_holds_no_formula(answered, tmp_path):
    store, *_ = answered
    rows = answer_rows(store)
    write_rows(rows, "xlsx", tmp_path / "a.xlsx")
    sheet = load_workbook(tmp_path / "a.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    assert [dict(zip(header, v))["item_id"] for v in values[1:]] == [r["item_id"] for r in rows]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_starts_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


def test_plain_cells_are_untouched():
    assert [neutralise(c) for c in ("Often", 4, None, "a=b")] == ["Often", 4, None, "a=b"]


@pytest.mark.parametrize("cell", ["＝1+1", "﹦1+1", " =1", "\u00a0=1", "\u200b=1", "\ufeff=1", "\n=1", "|cmd",
                                  "＋1", "＠SUM(A1)", "\u3000=1", "\u200b \ufeff\u00a0＝HYPERLINK(\"x\")", "\x07=1"])
def test_formula_look_alikes_and_invisible_lead_ins_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["a=b", "1+1", "Often", " plain", "\u200bword", "ｗｉｄｅ"])
def test_text_that_only_holds_formula_signs_later_is_untouched(cell):
    assert neutralise(cell) == cell


def test_old_text_no_file_can_carry_is_replaced_and_every_format_is_written(tmp_path):
    rows = [{"respondent": "Ana \x07", "value": "half \ud800 a pair", "note": "=1+1\x1b[31m", "item_id": "t1"}]
    for fmt in ("csv", "xlsx", "json"):
        write_rows(rows, fmt, tmp_path / f"old.{fmt}")
    back = json.loads((tmp_path / "old.json").read_text(encoding="utf-8"))[0]
    assert (back["respondent"], back["value"]) == ("Ana \ufffd", "half \ufffd a pair")
    line = list(csv.DictReader(io.StringIO((tmp_path / "old.csv").read_text(encoding="utf-8"))))[0]
    assert line["note"] == "'=1+1\ufffd[31m"  # replaced, and still neutralised
    sheet = load_workbook(tmp_path / "old.xlsx").active
    cells = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]]))
    assert (cells["respondent"], cells["value"], cells["note"]) == ("Ana \ufffd", "half \ufffd a pair", "'=1+1\ufffd[31m")
