"""A team's convergence maps side by side: shown at k maps, hidden below, read only from published snapshots.

A real SQLite store; members finish the round's programme and save maps
through the store, and the coach reads the dashboard's data, the team
report and the aggregate export, as a curious coach would, after every step.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import random
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.assess.convergence import WORKSHEET, normalise_name
from workbook.team.dashboard import team_dashboard
from workbook.assess.progress import counted_items
from workbook.team.round_programme import round_instruments
from workbook.store import Store
from workbook.exports.team import aggregate_export, write_aggregates
from workbook.team.admin import add_member, create_team, current_round, new_round

K = 3
TEAM = "Sales"


#: A short programme (one instrument), so finishing is quick: the maps are what is tested here.
SHORT = ({"instruments": ["why-converge"], "sections": []}, {})


@pytest.fixture
def team(store):
    made = create_team(store, TEAM, "M1,M2,M3", threshold=K, workbook=SHORT)
    return store, made.team


def member(store, team, name):
    return next(m.id for m in store.respondents(team.id) if m.name == name)


def finish(store, team, name):
    """``name`` answers every counted item of the round's programme: they have finished."""
    round_id = current_round(store, team).id
    for instrument in round_instruments(store, round_id):
        entries = [(item.id, _answer(item)) for item in counted_items(instrument)]
        store.record_answers(member(store, team, name), round_id, instrument, entries)


def _answer(item):
    if item.kind == "checklist":
        return True
    if item.kind == "mistakes":
        return 1
    if item.kind == "text":
        return "written"
    return item.scale.min


def save_map(store, team, name, links, goals=("Grow sales", "Fewer accidents"), programmes=("Academy", "Drills")):
    """A map naming ``goals`` and ``programmes``; ``links`` as (goal name, programme name, strength)."""
    goal_ids = {normalise_name(goal): f"g{n}" for n, goal in enumerate(goals, 1)}
    programme_ids = {normalise_name(programme): f"p{n}" for n, programme in enumerate(programmes, 1)}
    data = {"goals": [{"id": f"g{n}", "name": g, "priority": "high"} for n, g in enumerate(goals, 1)],
            "programmes": [{"id": f"p{n}", "name": p} for n, p in enumerate(programmes, 1)],
            "links": [{"goal": goal_ids[normalise_name(g)], "programme": programme_ids[normalise_name(p)],
                       "strength": s} for g, p, s in links]}
    store.save_worksheet(member(store, team, name), current_round(store, team).id, WORKSHEET, data)


def agreement_of(store):
    maps = team_dashboard(store, TEAM).maps
    return maps, {key: (row["n"], row["named"], row["direct"], row["some"], row["reading"])
                  for key, row in maps.pairs.iterrows()}


def test_agreement_shows_at_k_finished_maps_and_not_before(team):
    store, team_ = team
    # Spelling differs only in case and spaces: the same goal and programme on every map.
    save_map(store, team_, "M1", [("Grow sales", "Academy", "direct")])
    save_map(store, team_, "M2", [("Grow sales", "Academy", "some"), ("Fewer accidents", "Drills", "direct")],
             goals=("GROW  sales", "Fewer accidents"))
    finish(store, team_, "M1")
    finish(store, team_, "M2")
    maps, pairs = agreement_of(store)
    assert (maps.maps, pairs) == (0, {}) and maps.goals.empty and maps.programmes.empty
    save_map(store, team_, "M3", [("Grow sales", "Academy", "direct"), ("Fewer accidents", "Drills", "some")])
    maps, pairs = agreement_of(store)
    assert (maps.maps, pairs) == (0, {}), "a map counts once its member has finished"
    finish(store, team_, "M3")
    maps, pairs = agreement_of(store)
    # Three maps name all four pairs: (grow sales, academy) linked by 3 of 3 (2 direct, 1 some);
    # (fewer accidents, drills) by 2 of 3: share 0.667, between 1/4 and 3/4; the two other pairs by none.
    assert maps.maps == K and pairs == {
        ("grow sales", "academy"): (3, 3, 2, 1, "agree it serves"),
        ("grow sales", "drills"): (3, 3, 0, 0, "agree it does not"),
        ("fewer accidents", "academy"): (3, 3, 0, 0, "agree it does not"),
        ("fewer accidents", "drills"): (3, 3, 1, 1, "disagree"),
    }
    assert list(maps.disagreements().index) == [("fewer accidents", "drills")]
    assert maps.goals.loc["grow sales", "high"] == 3 and maps.programmes.loc["academy", "serving"] == 3


def test_a_name_fewer_than_k_maps_hold_is_never_shown(team):
    store, team_ = team
    for name in ("M1", "M2"):
        save_map(store, team_, name, [("Grow sales", "Academy", "direct")])
    save_map(store, team_, "M3", [("Grow sales", "Academy", "direct"), ("<b>Merger</b>", "=cmd|x", "direct")],
             goals=("Grow sales", "<b>Merger</b>"), programmes=("Academy", "=cmd|x"))
    for name in ("M1", "M2", "M3"):
        finish(store, team_, name)
    dashboard = team_dashboard(store, TEAM)
    assert list(dashboard.maps.pairs.index) == [("grow sales", "academy")]
    assert list(dashboard.maps.goals.index) == ["grow sales"]
    assert list(dashboard.maps.programmes.index) == ["academy"]
    exported = json.dumps(aggregate_export(store, TEAM))
    assert "merger" not in exported.lower() and "cmd" not in exported


def test_a_higher_threshold_hides_the_maps_of_fewer_people(team):
    store, team_ = team
    for name in ("M1", "M2", "M3"):
        save_map(store, team_, name, [("Grow sales", "Academy", "direct")])
        finish(store, team_, name)
    assert len(team_dashboard(store, TEAM).maps.pairs) == 4
    higher = team_dashboard(store, TEAM, threshold=K + 1).maps
    assert higher.maps == K and not higher.shown and higher.pairs.empty and higher.goals.empty


def test_two_looks_a_minute_apart_isolate_nobody(team):
    """Three maps are published; a fourth member finishes with a map, and one of the three changes theirs:
    nothing the coach sees moves until k more have finished, then it is about all six."""
    store, team_ = team
    for name in ("M1", "M2", "M3"):
        save_map(store, team_, name, [("Grow sales", "Academy", "direct")])
        finish(store, team_, name)
    looks = []

    def look():
        dashboard = team_dashboard(store, TEAM)
        exported = aggregate_export(store, TEAM)
        looks.append((dashboard.maps.maps, dashboard.maps.pairs.to_dict("index"),
                      json.dumps([exported["goals"], exported["programmes"], exported["links"]], sort_keys=True)))
        return dashboard

    look()
    add_member(store, TEAM, "M4")
    save_map(store, team_, "M4", [("Fewer accidents", "Drills", "direct")])
    finish(store, team_, "M4")
    look()
    save_map(store, team_, "M1", [])  # a published member changes their map
    waiting = look().waiting
    assert looks[0] == looks[1] == looks[2], "one more map, or one changed, changes nothing shown"
    assert any(w.scope == "maps" and w.shown == 3 and w.waiting == 1 for w in waiting)
    for name in ("M5", "M6"):
        add_member(store, TEAM, name)
        save_map(store, team_, name, [("Grow sales", "Academy", "some")])
        finish(store, team_, name)
    look()
    assert [n for n, _, _ in looks] == [3, 3, 3, 6]
    for (n1, pairs1, export1), (n2, pairs2, export2) in zip(looks, looks[1:]):
        if (pairs1, export1) != (pairs2, export2):
            assert abs(n1 - n2) >= K
    # Of six maps: M1's emptied map links nothing, M2 and M3 direct, M4 links the other pair, M5 and M6 "some".
    assert looks[-1][1][("grow sales", "academy")] == {
        "n": 6, "suppressed": False, "named": 6, "direct": 2, "some": 2, "share": 0.667, "reading": "disagree"}


def test_the_export_carries_the_agreement_tables_with_cells_defused(team):
    store, team_ = team
    for name in ("M1", "M2", "M3"):
        save_map(store, team_, name, [("=Sum(A1)", "@Academy", "direct")], goals=("=Sum(A1)",),
                 programmes=("@Academy",))
        finish(store, team_, name)
    exported = aggregate_export(store, TEAM)
    round_id = current_round(store, team_).id
    assert exported["links"] == [{"round_id": round_id, "round": "Round 1", "goal": "=sum(a1)",
                                  "programme": "@academy", "n": 3, "suppressed": False, "named": 3, "direct": 3,
                                  "some": 0, "share": 1.0, "reading": "agree it serves"}]
    assert exported["goals"][0]["goal"] == "=sum(a1)" and exported["programmes"][0]["serving"] == 3
    rows = list(csv.DictReader(io.StringIO(write_aggregates(exported, "csv", None, table="links").decode())))
    assert rows[0]["goal"] == "'=sum(a1)" and rows[0]["programme"] == "'@academy" and rows[0]["share"] == "1.0"


def test_the_cli_writes_one_agreement_table(tmp_path, capsys):
    from workbook.cli import main

    with Store(data=tmp_path) as store:
        create_team(store, TEAM, "M1,M2,M3", threshold=K, workbook=SHORT)
        team_ = store.teams()[0]
        for name in ("M1", "M2", "M3"):
            save_map(store, team_, name, [("Grow sales", "Academy", "direct")])
            finish(store, team_, name)
    out = tmp_path / "links.csv"
    assert main(["export", "--data", str(tmp_path), "--team", TEAM, "--aggregate", "--table", "links",
                 "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["goal"], r["programme"], r["named"], r["reading"]) for r in rows] == [
        ("fewer accidents", "academy", "3", "agree it does not"), ("fewer accidents", "drills", "3", "agree it does not"),
        ("grow sales", "academy", "3", "agree it serves"), ("grow sales", "drills", "3", "agree it does not")]
    assert "4 row(s)" in capsys.readouterr().err


def test_the_team_report_shows_the_agreement_with_hostile_names_escaped(team):
    from workbook.reports.team import team_report

    store, team_ = team
    hostile = "<script>alert(1)</script>"
    for name in ("M1", "M2"):
        save_map(store, team_, name, [(hostile, "Academy", "direct")], goals=(hostile,), programmes=("Academy",))
        finish(store, team_, name)
    assert "convergence-maps" not in team_report(team_dashboard(store, TEAM))
    save_map(store, team_, "M3", [], goals=(hostile,), programmes=("Academy",))
    finish(store, team_, "M3")
    page = team_report(team_dashboard(store, TEAM))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    row = page.split('class="lb-map-agreement"')[1].split("</table>")[0]
    assert 'data-n="3" data-suppressed="false"' in row and "2 of 3" not in row and "3 of 3" in row
    assert "<strong>disagree</strong>" in row


# -- an adversary: a coach who keeps every look at the maps and subtracts -----------------

GOALS = ("Grow sales", "Fewer accidents", "Keep staff")
PROGRAMMES = ("Academy", "Drills", "Mentoring")
#: "draw": a member saves a map and finishes; "map": redraws it only; people join; a new round starts.
MAP_EVENTS = st.lists(st.tuples(st.sampled_from(["draw", "draw", "draw", "map", "join", "new-round"]),
                                st.integers(0, 3), st.integers(0, 2**16)), min_size=3, max_size=8)


#: The three first members draw and finish first, so every history starts from published maps.
FIRST_THREE = [("draw", 0, 0), ("draw", 1, 1), ("draw", 2, 2)]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events=MAP_EVENTS)
def test_no_two_looks_at_the_maps_isolate_fewer_than_k_people(events):
    """Members join, draw maps and finish, redraw them, new rounds start; after every event the coach takes the
    dashboard's agreement and the aggregate export's tables. Two versions of one figure (a pair's, a goal's,
    a programme's, in one round) that differ are about numbers of people that differ by at least k."""
    with tempfile.TemporaryDirectory() as folder, Store(data=folder) as store:
        made = create_team(store, TEAM, "M0,M1,M2", threshold=K, workbook=SHORT)
        team_, names = made.team, ["M0", "M1", "M2"]
        seen: dict[tuple, set] = {}
        for kind, who, seed in FIRST_THREE + events:
            rng = random.Random(seed)
            name = names[who % len(names)]
            if kind == "join":
                names.append(f"M{len(names)}")
                add_member(store, TEAM, names[-1])
            elif kind == "new-round":
                new_round(store, TEAM)
            else:
                # Two goals and programmes every map names; the third only on some.
                goals = GOALS[:2] + GOALS[2:] * rng.randint(0, 1)
                programmes = PROGRAMMES[:2] + PROGRAMMES[2:] * rng.randint(0, 1)
                links = [(g, p, rng.choice(["some", "direct"])) for g in goals for p in programmes
                         if rng.random() < 0.5]
                save_map(store, team_, name, links, goals=goals, programmes=programmes)
                if kind == "draw":
                    finish(store, team_, name)
            round_id = current_round(store, team_).id
            maps = team_dashboard(store, TEAM).maps
            for table in ("goals", "programmes", "pairs"):
                for key, row in getattr(maps, table).iterrows():
                    assert row["n"] >= K and row["named"] >= K
                    seen.setdefault(("dashboard", table, round_id, key), set()).add(
                        (int(row["n"]), tuple(sorted(row.drop(["n", "suppressed"]).to_dict().items()))))
            exported = aggregate_export(store, TEAM)
            for table in ("goals", "programmes", "links"):
                for row in exported[table]:
                    key = ("export", table, row["round_id"], row.get("goal"), row.get("programme"))
                    rest = tuple(sorted((k, v) for k, v in row.items() if k not in ("n", "suppressed", "round")))
                    seen.setdefault(key, set()).add((row["n"], rest))
        for key, versions in seen.items():
            for (n1, c1), (n2, c2) in itertools.combinations(sorted(versions, key=repr), 2):
                if c1 != c2:
                    assert abs(n1 - n2) >= K, (key, n1, n2)


def test_actions_from_map_findings_are_counted_together_not_by_each_map_s_own_ids(team):
    """g1 on one member's map is not g1 on another's: the team reads "a goal of the map", never "g1"."""
    from workbook.assess.plan import new_action

    store, team_ = team
    round_id = current_round(store, team_).id
    for name, gap in (("M1", "convergence/g1"), ("M2", "convergence/g2"), ("M3", "convergence/g1")):
        finish(store, team_, name)
        store.save_plan(member(store, team_, name), round_id, [new_action("Serve the goal", gap)])
    actions = team_dashboard(store, TEAM).actions
    assert list(actions.index) == ["Convergence map: a goal"]
    assert (int(actions.iloc[0]["n"]), bool(actions.iloc[0]["suppressed"])) == (3, False)


def test_a_maps_snapshot_with_no_worksheet_cutoff_releases_no_map(team):
    """A snapshot kept before worksheets had a cutoff (or by any other path) releases no map at all."""
    from workbook.team.release import MAPS, GroupState, published_maps

    store, team_ = team
    round_id = current_round(store, team_).id
    people = [member(store, team_, name) for name in ("M1", "M2", "M3")]
    for name in ("M1", "M2", "M3"):
        save_map(store, team_, name, [("Grow sales", "Academy", "direct")])
    bare = store.add_snapshot(team_.id, round_id, MAPS, people, *store.newest_event_ids())
    assert published_maps(store, GroupState(MAPS, frozenset(people), bare)) == {}
    assert published_maps(store, None) == {}
