"""Published figures: kept with their snapshot when the rule publishes it, and what every team view reads.

A real store on SQLite and PostgreSQL, a team round on the sample instrument
(rated, checklist, mistakes and free-text sections) with a leader rated by
three peers. Checked: each published snapshot keeps one figures document
that names nobody and holds no free text; the dashboard's and the export's
figures equal the figures computed from the answers themselves (the way
views computed them before figures were kept); a snapshot whose figures
are missing (a store from before) gets the same ones on the next view; a
changed answer changes no figure until the rule publishes again; counted
progress equals folding every answer.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from sqlalchemy import delete, select

from pg_fixtures import backend_store, backend_url  # noqa: F401  (fixtures)
from samples import SMALL_INSTRUMENT
from workbook.exports.team import aggregate_export
from workbook.instruments.catalogue import Catalogue
from workbook.instruments.loader import parse_instrument
from workbook.instruments.programme import Programme
from workbook.store import schema
from workbook.team import aggregate as agg
from workbook.team.admin import create_team
from workbook.team.answers import long_tables
from workbook.team.dashboard import team_dashboard
from workbook.team.maps import map_counts
from workbook.team.progress import RoundProgress, round_tallies
from workbook.team.round_programme import round_instruments

OWN = parse_instrument(SMALL_INSTRUMENT, "sample.yaml")
MEMBERS = ["Ana", "Ben", "Cleo", "Dev", "Eve"]
SENTENCE = "Our quarterly reviews never mention what the course changed."


def answers_of(number: int) -> list[tuple[str, object]]:
    """A member's answers, different from one member to the next."""
    return [("r1", 1 + number % 5), ("r2", 1 + (number * 2) % 5), ("r3", "na" if number == 2 else 5 - number % 5),
            ("c1", number % 2 == 0), ("c2", True), ("m1", number % 3), ("m2", 0),
            ("t1", f"{SENTENCE} ({number})")]


@pytest.fixture
def made(backend_store):
    programme = Programme("Check-in", instruments=("sample.yaml",)).to_json()
    made = create_team(backend_store, "Figures", ",".join(MEMBERS), leader="Ana", threshold=3,
                       workbook=(programme, {"sample.yaml": SMALL_INSTRUMENT}))
    for number, link in enumerate(made.links):
        backend_store.record_answers(link.respondent_id, made.round.id, OWN, answers_of(number),
                                     subject_id=link.subject_id)
    return made


def kept_documents(store) -> list[str]:
    with store.engine.connect() as conn:
        return [row.figures for row in conn.execute(select(schema.snapshot_figures))]


def from_answers(store, made, subject_id=None):
    """Section and item tables made the old way: from every current answer, all published here."""
    catalogue = Catalogue((OWN,))
    rows = []
    for answer in store.latest_answers(round_id=made.round.id):
        if (answer.subject_id is None) == (subject_id is None) and answer.subject_id == subject_id:
            rows.append((answer, "self" if subject_id is None else "peer"))
    frame, _ = long_tables(made.round.id, rows, catalogue)
    return agg.section_table(frame, 3), agg.item_table(frame, 3)


def test_each_published_snapshot_keeps_figures_that_name_nobody(backend_store, made):
    team_dashboard(backend_store, team=made.team)
    snapshots = backend_store.snapshots(made.team.id)
    leader_id = next(link.subject_id for link in made.links if link.subject_id is not None)
    groups = {link.rater_group for link in made.links if link.subject_id is not None}
    assert {s.scope for s in snapshots} == {"self", *(f"about:{leader_id}:{group}" for group in groups)}
    kept = backend_store.snapshot_figures(s.id for s in snapshots)
    assert set(kept) == {s.id for s in snapshots}
    for text in kept_documents(backend_store):
        assert SENTENCE not in text
        for name in MEMBERS:
            assert name not in text
        document = json.loads(text)
        assert set(document) == {"version", "sections", "items", "reliability"}
    # Kept once: a second view makes nothing new.
    team_dashboard(backend_store, team=made.team)
    assert len(kept_documents(backend_store)) == len(snapshots)


def test_the_views_show_what_the_answers_add_up_to(backend_store, made):
    dashboard = team_dashboard(backend_store, team=made.team)
    sections, items = from_answers(backend_store, made)
    pd.testing.assert_frame_equal(dashboard.sections, sections, check_index_type=False, check_categorical=False)
    pd.testing.assert_frame_equal(dashboard.items, items, check_index_type=False, check_categorical=False)
    leader = dashboard.subjects[0]
    others, _ = from_answers(backend_store, made, subject_id=leader.subject_id)
    assert list(leader.gaps.loc[others.index, "others"]) == pytest.approx(list(others["score"]))
    # The free text is there, read from the answers (it is no figure).
    shown = [text for answers in dashboard.texts["answers"] for text in answers]
    assert sorted(shown) == sorted(f"{SENTENCE} ({n})" for n in range(len(MEMBERS)))

    exported = aggregate_export(backend_store, "Figures")
    own_rows = {r["section_id"]: r["score"] for r in exported["sections"] if r["about"].startswith("members")}
    assert set(own_rows) == {ref.split("/")[1] for ref in sections.index}
    for ref, score in sections["score"].items():
        assert own_rows[ref.split("/")[1]] == pytest.approx(score, abs=0.01)


def test_a_snapshot_without_figures_gets_the_same_ones_on_the_next_view(backend_store, made):
    before = team_dashboard(backend_store, team=made.team)
    kept = sorted(kept_documents(backend_store))
    with backend_store.engine.begin() as conn:  # as a store from before figures were kept
        conn.execute(delete(schema.snapshot_figures))
    after = team_dashboard(backend_store, team=made.team)
    assert sorted(kept_documents(backend_store)) == kept
    pd.testing.assert_frame_equal(after.sections, before.sections)
    pd.testing.assert_frame_equal(after.items, before.items)


def test_a_changed_answer_changes_no_figure_until_the_rule_publishes_again(backend_store, made):
    before = team_dashboard(backend_store, team=made.team)
    ben = next(link for link in made.links if link.member == "Ben" and link.subject is None)
    backend_store.record_answers(ben.respondent_id, made.round.id, OWN, [("r1", 5), ("r2", 5), ("t1", "Changed")])
    after = team_dashboard(backend_store, team=made.team)
    pd.testing.assert_frame_equal(after.sections, before.sections)
    assert "Changed" not in [text for answers in after.texts["answers"] for text in answers]


def test_counted_progress_is_the_fold_of_every_answer(backend_store, made):
    cleo = next(link for link in made.links if link.member == "Cleo" and link.subject is None)
    backend_store.record_answer(cleo.respondent_id, made.round.id, OWN, "r1", None)  # cleared
    backend_store.record_answer(cleo.respondent_id, made.round.id, OWN, "t1", "")  # empty text
    uninvited = backend_store.add_respondent("Walk-in", team_id=made.team.id)
    backend_store.record_answers(uninvited.id, made.round.id, OWN, [("r1", 2), ("c1", True)])
    instruments = round_instruments(backend_store, made.round.id)
    folded = RoundProgress(backend_store, made.round.id, instruments).read().links(uninvited=True)
    counted = RoundProgress(backend_store, made.round.id, instruments).count().links(uninvited=True)
    assert sorted(folded, key=repr) == sorted(counted, key=repr)
    assert any(not link.invited and link.tally.answered == 2 for link in counted)
    assert round_tallies(backend_store, made.round.id, instruments) == tuple(link for link in counted if link.invited)
    with pytest.raises(ValueError):
        RoundProgress(backend_store, made.round.id, instruments).count().catch_up()


def test_map_counts_keep_no_name_fewer_than_three_maps_name():
    def one_map(goal: str, programme: str) -> dict:
        return {"goals": [{"id": "g", "name": goal, "priority": "high"}],
                "programmes": [{"id": "p", "name": programme}],
                "links": [{"goal": "g", "programme": "p", "strength": "direct"}]}

    maps = [one_map("Grow sales", "Coaching")] * 3 + [one_map("My secret plan", "Coaching")]
    counts = map_counts(maps)
    assert counts["n"] == 4
    assert set(counts["goals"]) == {"grow sales"} and set(counts["programmes"]) == {"coaching"}
    assert "secret" not in json.dumps(counts)


def test_a_live_count_started_from_one_count_follows_every_event_as_a_fold_does(backend_store, made):
    """The console starts from one count and then folds new events: an item cleared, changed or
    answered after the count moves the tallies exactly as folding every event from the start does."""
    instruments = round_instruments(backend_store, made.round.id)
    live = RoundProgress(backend_store, made.round.id, instruments)
    joined = live.start_counted()
    assert joined == {link.respondent_id for link in made.links}
    ben, cleo = (next(link for link in made.links if link.member == name and link.subject is None)
                 for name in ("Ben", "Cleo"))
    backend_store.record_answer(ben.respondent_id, made.round.id, OWN, "r1", None)  # counted before: now not
    backend_store.record_answer(ben.respondent_id, made.round.id, OWN, "r2", 4)  # counted before and after
    backend_store.record_answer(cleo.respondent_id, made.round.id, OWN, "r1", None)
    backend_store.record_answer(cleo.respondent_id, made.round.id, OWN, "r1", 3)  # cleared, then again
    live.catch_up()
    folded = RoundProgress(backend_store, made.round.id, instruments)
    folded.catch_up()
    assert live.links(uninvited=True) == folded.links(uninvited=True)
    assert next(l for l in live.links() if l.respondent_id == ben.respondent_id and l.subject_id is None
                ).tally.answered == 6  # seven counted items, r1 cleared
