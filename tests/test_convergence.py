"""The convergence map: what check_map refuses, and what findings read, on hand-worked maps."""

from __future__ import annotations

import json

import pytest

from workbook.errors import MapError
from workbook.assess.convergence import (MAX_GOALS, MAX_PROGRAMMES, WORKSHEET, check_map, empty_map, findings,
                                  normalise_name, spend_by_goal)
from workbook.errors import AnswerError, LeaderbookError
from workbook.assess.plan import check_action, new_action


def goal(number, name, priority="medium", **fields):
    return {"id": f"g{number}", "name": name, "owner": "", "priority": priority, "horizon": "within a year",
            **fields}


def programme(number, name, cost=None, evaluation="behaviour", **fields):
    return {"id": f"p{number}", "name": name, "reach": None, "cost": cost, "evaluation": evaluation, **fields}


def link(goal_number, programme_number, strength="direct"):
    return {"goal": f"g{goal_number}", "programme": f"p{programme_number}", "strength": strength}


def kinds(found):
    return [(f.kind, f.goal or f.programme) for f in found]


# -- findings on hand-worked maps ------------------------------------------------

def test_a_goal_nothing_serves_and_a_programme_serving_nothing_are_each_read_once():
    clean = check_map({
        "goals": [goal(1, "Grow sales"), goal(2, "Fewer accidents")],
        "programmes": [programme(1, "Sales academy"), programme(2, "Chair yoga")],
        "links": [link(1, 1)],
    })
    found = findings(clean)
    assert kinds(found) == [("goal-unserved", "g2"), ("programme-unaligned", "p2")]
    unserved, unaligned = found
    assert "“Fewer accidents”" in unserved.text and unserved.source == "000 synchronization"
    assert "“Chair yoga”" in unaligned.text and "stop" in unaligned.action and unaligned.source == "004 roadmap"


def test_spend_is_shared_by_link_strength_and_a_high_priority_goal_below_a_low_one_is_read():
    clean = check_map({
        "goals": [goal(1, "Grow sales", "high"), goal(2, "Office plants", "low"), goal(3, "Keep staff", "medium")],
        "programmes": [programme(1, "Sales academy", cost=3000), programme(2, "Leadership retreat", cost=9000)],
        # p1 (3,000) serves g1 directly only               -> g1 gets 3,000
        # p2 (9,000) serves g2 directly (weight 2) and g3 somewhat (weight 1): weights sum to 3
        #                                                  -> g2 gets 9,000 * 2/3 = 6,000, g3 gets 9,000 * 1/3 = 3,000
        "links": [link(1, 1), link(2, 2, "direct"), link(3, 2, "some")],
    })
    assert spend_by_goal(clean) == {"g1": 3000.0, "g2": 6000.0, "g3": 3000.0}
    found = [f for f in findings(clean) if f.kind == "spend-priority"]
    # g1 (high, 3,000) gets less than g2 (low, 6,000); g3 (medium, 3,000) gets less than g2 (low, 6,000) too.
    # g1 is not read against g3: 3,000 is not less than 3,000.
    assert kinds(found) == [("spend-priority", "g1"), ("spend-priority", "g3")]
    assert found[0].text == ("The high-priority goal “Grow sales” gets 3,000 of the programmes' spend, less than "
                             "the low-priority goal “Office plants” (6,000).")
    assert found[0].source == "000 executive value" and found[0].level == "results"


def test_spend_in_line_with_priority_reads_nothing():
    clean = check_map({
        "goals": [goal(1, "Grow sales", "high"), goal(2, "Office plants", "low")],
        # p1 (10,000) direct to g1 and some to g2: g1 gets 10,000 * 2/3 = 6,666.7, g2 10,000 * 1/3 = 3,333.3
        "programmes": [programme(1, "Sales academy", cost=10_000)],
        "links": [link(1, 1, "direct"), link(2, 1, "some")],
    })
    spend = spend_by_goal(clean)
    assert spend["g1"] == pytest.approx(6666.667, abs=0.001) and spend["g2"] == pytest.approx(3333.333, abs=0.001)
    assert findings(clean) == []


def test_a_goal_served_by_a_programme_of_unknown_cost_is_not_judged_on_spend():
    clean = check_map({
        "goals": [goal(1, "Grow sales", "high"), goal(2, "Office plants", "low")],
        # g1's known spend is 100 (p1) plus p2's unknown cost: the least it gets, not what it gets.
        "programmes": [programme(1, "Sales coaching", cost=100), programme(2, "Sales academy", cost=None),
                       programme(3, "Plant care", cost=5000)],
        "links": [link(1, 1), link(1, 2), link(2, 3)],
    })
    assert spend_by_goal(clean) == {"g1": 100.0, "g2": 5000.0}
    assert [f for f in findings(clean) if f.kind == "spend-priority"] == []


def test_a_goal_nothing_serves_is_read_as_unserved_not_also_as_underfunded():
    clean = check_map({
        "goals": [goal(1, "Grow sales", "high"), goal(2, "Office plants", "low")],
        "programmes": [programme(1, "Plant care", cost=5000)],
        "links": [link(2, 1)],
    })
    assert kinds(findings(clean)) == [("goal-unserved", "g1")]


def test_programmes_never_evaluated_beyond_reaction_are_read_with_an_action_at_behaviour():
    clean = check_map({
        "goals": [goal(1, "Grow sales")],
        "programmes": [programme(1, "Never asked", evaluation="none"), programme(2, "Smile sheets", evaluation="reaction"),
                       programme(3, "Tested", evaluation="learning"), programme(4, "On the job", evaluation="results")],
        "links": [link(1, 1), link(1, 2), link(1, 3), link(1, 4)],
    })
    found = findings(clean)
    assert kinds(found) == [("reaction-only", "p1"), ("reaction-only", "p2")]
    assert "never been evaluated" in found[0].text and "only on reaction" in found[1].text
    assert all(f.level == "behaviour" and f.source == "004 measure what matters" for f in found)


def test_a_finding_becomes_a_plan_action_tied_to_its_goal_or_programme():
    clean = check_map({"goals": [goal(7, "Grow sales")], "programmes": [programme(3, "Chair yoga")], "links": []})
    actions = [new_action(f.action, f.gap, level=f.level) for f in findings(clean)]
    assert [(a["gap"], a["level"]) for a in actions] == [("convergence/g7", "results"), ("convergence/p3", "results")]
    assert all(check_action(a) == a for a in actions)


def test_an_empty_map_reads_nothing():
    assert findings(check_map(empty_map())) == [] and spend_by_goal(check_map({})) == {}


# -- hostile names: refused, or carried as text ------------------------------------

@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)",
                                  "Ünïcödé “quotes” & <b>", "x" * 120])
def test_names_that_look_like_code_are_kept_as_the_text_typed(name):
    clean = check_map({"goals": [goal(1, name)], "programmes": [programme(1, name)], "links": [link(1, 1)]})
    assert clean["goals"][0]["name"] == name and clean["programmes"][0]["name"] == name


@pytest.mark.parametrize("name, says", [
    ("x" * 121, "at most 120"),
    ("Grow\x00sales", "NUL"),
    ("Grow\x1bsales", "control character"),
    ("Grow\ud800", "surrogate"),
    ("   ", "empty"),
    ("", "empty"),
    (42, "must be text"),
])
def test_names_no_output_can_carry_are_refused_saying_why(name, says):
    with pytest.raises(MapError, match=says):
        check_map({"goals": [goal(1, name)]})
    with pytest.raises(MapError, match=says):
        check_map({"programmes": [programme(1, name)]})


def test_names_are_stripped_and_compared_with_case_and_spaces_folded():
    clean = check_map({"goals": [goal(1, "  Grow sales \n")]})
    assert clean["goals"][0]["name"] == "Grow sales"
    assert normalise_name(" Grow   SALES ") == normalise_name("grow sales")
    with pytest.raises(MapError, match="two goals are named"):
        check_map({"goals": [goal(1, "Grow sales"), goal(2, " grow  SALES")]})


# -- malformed maps ---------------------------------------------------------

MALFORMED = [
    ([], "not a list"),
    ({"goals": {}, "programmes": []}, "must be a list"),
    ({"goals": [], "extra": []}, "'extra'"),
    ({"goals": ["Grow sales"]}, "goal 1 must be a mapping"),
    ({"goals": [goal(1, "A", colour="red")]}, "unknown field"),
    ({"goals": [goal(1, "A", priority="urgent")]}, "one of: high, medium, low"),
    ({"goals": [goal(1, "A", horizon="someday")]}, "horizon"),
    ({"goals": [goal(1, "A", owner="o" * 81)]}, "owner of goal 1"),
    ({"goals": [{**goal(1, "A"), "id": "p1"}]}, "id like 'g1'"),
    ({"goals": [{**goal(1, "A"), "id": "g0"}]}, "id like 'g1'"),
    ({"goals": [goal(1, "A"), goal(1, "B")]}, "share the id"),
    ({"programmes": [programme(1, "A", cost=-1)]}, "cost of programme 1"),
    ({"programmes": [programme(1, "A", cost=float("nan"))]}, "cost of programme 1"),
    ({"programmes": [programme(1, "A", cost=float("inf"))]}, "cost of programme 1"),
    ({"programmes": [programme(1, "A", cost="100")]}, "is a number"),
    ({"programmes": [programme(1, "A", reach=-3)]}, "reach"),
    ({"programmes": [programme(1, "A", reach=2.5)]}, "whole number"),
    ({"programmes": [programme(1, "A", reach=True)]}, "whole number"),
    ({"programmes": [programme(1, "A", reach=10**40)]}, "reach"),
    ({"programmes": [programme(1, "A", evaluation="satisfaction")]}, "reaction"),
    ({"goals": [goal(1, "A")], "links": [link(1, 1)]}, "programme 'p1', which is not on the map"),
    ({"programmes": [programme(1, "A")], "links": [link(2, 1)]}, "goal 'g2', which is not on the map"),
    ({"goals": [goal(1, "A")], "programmes": [programme(1, "B")], "links": [link(1, 1), link(1, 1, "some")]},
     "twice"),
    ({"goals": [goal(1, "A")], "programmes": [programme(1, "B")], "links": [link(1, 1, "none")]}, "leave"),
    ({"goals": [goal(1, "A")], "programmes": [programme(1, "B")], "links": [link(1, 1, "strong")]}, "some, direct"),
    ({"goals": [goal(n, f"G{n}") for n in range(1, MAX_GOALS + 2)]}, "at most 40 goals"),
    ({"programmes": [programme(n, f"P{n}") for n in range(1, MAX_PROGRAMMES + 2)]}, "at most 80 programmes"),
]


@pytest.mark.parametrize("data, says", MALFORMED)
def test_a_malformed_map_is_refused_with_a_message_that_says_what_to_change(data, says):
    with pytest.raises(MapError, match=says) as refused:
        check_map(data)
    assert isinstance(refused.value, (LeaderbookError, ValueError))


@pytest.mark.parametrize("data, says", MALFORMED)
def test_a_malformed_map_leaves_the_store_as_it_was(answering, data, says):
    store, who, round_id = answering
    kept = check_map({"goals": [goal(1, "Kept")]})
    store.save_worksheet(who, round_id, WORKSHEET, kept)
    with pytest.raises(AnswerError, match=says):
        store.save_worksheet(who, round_id, WORKSHEET, data)
    assert store.load_worksheet(who, round_id, WORKSHEET) == kept


def test_a_map_at_its_bounds_is_kept_whole_and_loads_back_equal(answering):
    store, who, round_id = answering
    emoji = "\U0001F600"
    data = {
        "goals": [goal(n, f"{n:03d}" + emoji * 117, owner=emoji * 80) for n in range(1, MAX_GOALS + 1)],
        "programmes": [programme(n, f"{n:03d}" + emoji * 117, cost=1e12, reach=10_000_000)
                       for n in range(1, MAX_PROGRAMMES + 1)],
        "links": [link(g, p) for g in range(1, MAX_GOALS + 1) for p in range(1, MAX_PROGRAMMES + 1)],
    }
    saved = store.save_worksheet(who, round_id, WORKSHEET, data)
    assert store.load_worksheet(who, round_id, WORKSHEET) == saved == check_map(data)
    assert len(json.loads(json.dumps(saved))["links"]) == MAX_GOALS * MAX_PROGRAMMES


def test_missing_fields_take_their_defaults_so_a_map_can_be_saved_row_by_row(answering):
    store, who, round_id = answering
    saved = store.save_worksheet(who, round_id, WORKSHEET, {"goals": [{"id": "g1", "name": "Grow sales"}],
                                                            "programmes": [{"id": "p1", "name": "Academy"}]})
    assert saved == {"goals": [{"id": "g1", "name": "Grow sales", "owner": "", "priority": "medium",
                                "horizon": "one to three years"}],
                     "programmes": [{"id": "p1", "name": "Academy", "reach": None, "cost": None,
                                     "evaluation": "none"}],
                     "links": []}


# -- exports: a goals, a programmes and a links table -------------------------------

def test_the_export_holds_each_map_as_three_tables_with_formulas_defused(tmp_path, capsys):
    import csv
    import io

    from workbook.cli import main
    from workbook.exports.answers import MAP_COLUMNS, map_rows, write_rows
    from workbook.store import Store
    from workbook.team.admin import create_team

    with Store(data=tmp_path) as store:
        ana = store.add_respondent("Ana").id
        round_id = store.start_round().id
        store.save_worksheet(ana, round_id, WORKSHEET, {
            "goals": [goal(1, "=cmd|' /C calc'!A0", "high", owner="@Ops")],
            "programmes": [programme(1, "<script>alert(1)</script>", cost=1200.5, reach=40)],
            "links": [link(1, 1, "some")]})
        hidden = create_team(store, "Board", "Bo", confidential=True)
        bo = store.respondents(hidden.team.id)[0].id
        store.save_worksheet(bo, current_round_of(store, hidden.team).id, WORKSHEET, {"goals": [goal(1, "Secret")]})
        tables = map_rows(store)
    assert tables["goals"] == [{"respondent_id": ana, "respondent": "Ana", "round_id": round_id, "round": "Round 1",
                                "goal_id": "g1", "goal": "=cmd|' /C calc'!A0", "owner": "@Ops", "priority": "high",
                                "horizon": "within a year"}]
    assert tables["programmes"][0]["programme"] == "<script>alert(1)</script>"
    assert tables["programmes"][0]["cost"] == 1200.5 and tables["programmes"][0]["reach"] == 40
    assert tables["links"] == [{"respondent_id": ana, "respondent": "Ana", "round_id": round_id, "round": "Round 1",
                                "goal_id": "g1", "goal": "=cmd|' /C calc'!A0", "programme_id": "p1",
                                "programme": "<script>alert(1)</script>", "strength": "some"}]
    cells = list(csv.DictReader(io.StringIO(write_rows(tables["links"], "csv", None, MAP_COLUMNS["links"]).decode())))
    assert cells[0]["goal"] == "'=cmd|' /C calc'!A0"
    goals = list(csv.DictReader(io.StringIO(write_rows(tables["goals"], "csv", None, MAP_COLUMNS["goals"]).decode())))
    assert goals[0]["owner"] == "'@Ops" and "Secret" not in json.dumps(tables)

    out = tmp_path / "links.csv"
    assert main(["export", "--data", str(tmp_path), "--table", "links", "-o", str(out)]) == 0
    assert list(csv.DictReader(out.open(encoding="utf-8"))) == cells
    assert main(["export", "--data", str(tmp_path), "--table", "goals", "--history"]) == 1
    assert "--history" in capsys.readouterr().err


def current_round_of(store, team):
    from workbook.team.admin import current_round

    return current_round(store, team)
