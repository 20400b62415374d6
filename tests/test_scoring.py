"""Scoring, checked against results worked out by hand (see the comments)."""

from __future__ import annotations

import pytest

from workbook.instruments.loader import parse_instrument
from workbook.assess.scoring import (
    assessment_summary, flagged_mistakes, item_points, leader_manager_profile, score_instrument,
    section_profile, strongest_and_weakest, suggest_actions,
)

ANSWERS = {"r1": 5, "r2": 2, "r3": 4, "c1": True, "c2": False, "m1": 3, "m2": 0, "t1": "Nothing changes."}


def scores(instrument, answers):
    return {s.section_id: s for s in score_instrument(instrument, answers)}


def test_rating_section_by_hand(instrument):
    # r1=5 → (5-1)/4 = 1.00; r2=2 → 0.25; r3=4 is reversed → 1 - 0.75 = 0.25.
    # mean 1.5/3 = 0.5 → 50.0
    result = scores(instrument, ANSWERS)["rated"]
    assert (result.score, result.answered, result.total, result.complete) == (50.0, 3, 3, True)


def test_unanswered_items_are_left_out_not_zeros(instrument):
    # Only r1=5 (1.0) and r3=4 (0.25) count: 1.25/2 = 0.625 → 62.5, and the section is incomplete.
    result = scores(instrument, {"r1": 5, "r3": 4})["rated"]
    assert (result.score, result.answered, result.complete) == (62.5, 2, False)


def test_not_applicable_counts_as_answered_but_not_scored(instrument):
    result = scores(instrument, {"r1": 5, "r2": "na", "r3": 4})["rated"]
    assert (result.score, result.answered, result.complete) == (62.5, 3, True)


def test_a_section_nobody_answered_has_no_score(instrument):
    result = scores(instrument, {})["rated"]
    assert result.score is None and result.answered == 0


def test_checklist_mistakes_and_text_sections(instrument):
    result = scores(instrument, ANSWERS)
    assert result["checked"].score == 50.0  # one yes of two
    # m1=3 of 3 → 0 points, m2=0 → 1 point: 0.5 → 50.0, "half free of mistakes"
    assert result["flags"].score == 50.0
    assert result["notes"].score is None and result["notes"].answered == 1


def test_item_points_of_each_kind(instrument):
    rated, checked, flags, _ = instrument.sections
    assert item_points(rated.item("r1"), 1) == 0.0
    assert item_points(rated.item("r3"), 1) == 1.0  # reversed
    assert item_points(checked.item("c1"), True) == 1.0
    assert item_points(flags.item("m1"), 1) == pytest.approx(2 / 3)
    assert item_points(rated.item("r1"), None) is None


def test_flagged_mistakes_worst_first_with_their_actions(instrument):
    flagged = flagged_mistakes(instrument, {"m1": 1, "m2": 3})
    assert [(m.item_id, m.severity, m.label) for m in flagged] == [("m2", 3, "Most of the time"), ("m1", 1, "Now and then")]
    assert flagged[0].actions == ("Fix mistake two.",)
    assert flagged_mistakes(instrument, {"m1": 0}) == []


def test_suggestions_cover_mistakes_then_weak_items_and_sections(instrument):
    suggestions = suggest_actions(instrument, ANSWERS)
    assert [s.text for s in suggestions] == [
        "Fix mistake one.",  # flagged mistake first
        "Do the second thing.",  # r2 at 0.25
        "Stop the third thing.",  # r3 at 0.25 (reversed)
        "Work on the rated section.",  # section at 50 < 60
        "Do B.",  # c2 not done
    ]
    assert suggestions[0].gap == "sample/flags/m1"
    assert suggestions[3].gap == "sample/rated"


def test_strongest_and_weakest_never_overlap(instrument):
    result = list(scores(instrument, {"r1": 5, "r2": 5, "r3": 1, "c1": False, "c2": False}).values())
    strongest, weakest = strongest_and_weakest(result)
    assert [s.section_id for s in strongest] == ["rated"]
    assert [s.section_id for s in weakest] == ["checked"]


POLES = parse_instrument("""
id: poles
version: 1
title: Poles
sections:
  - id: s
    title: S
    kind: rating
    items:
      - {id: l1, text: I set a direction., pole: leader}
      - {id: l2, text: I inspire., pole: leader}
      - {id: m1, text: I control., pole: manager}
      - {id: x, text: Neither.}
""")


def test_leader_manager_profile_by_hand():
    # leader: l1=5 → 1.0, l2=4 → 0.75 → 87.5; manager: m1=2 → 0.25 → 25.0; lean 62.5 → leading
    profile = leader_manager_profile([POLES], {"poles": {"l1": 5, "l2": 4, "m1": 2, "x": 1}})
    assert (profile.leader, profile.manager, profile.lean) == (87.5, 25.0, 62.5)
    assert profile.label == "leaning towards leading"
    balanced = leader_manager_profile([POLES], {"poles": {"l1": 3, "m1": 3}})
    assert balanced.lean == 0 and balanced.label.startswith("balanced")
    assert leader_manager_profile([POLES], {}).label == "not enough answers yet"


def test_summary_of_several_instruments(instrument):
    summary = assessment_summary([instrument, POLES], {"sample": ANSWERS, "poles": {"l1": 1, "m1": 4}})
    assert {s.ref for s in summary.scores} >= {"sample/rated", "poles/s"}
    assert summary.profile.label == "leaning towards managing"
    assert [m.item_id for m in summary.mistakes] == ["m1"]
    assert summary.suggestions[0].text == "Fix mistake one."
    # poles/s: l1=1 → 0.0 and m1=4 → 0.75: 37.5, below every sample section (50)
    assert summary.weakest[0].ref == "poles/s"


ALL_POLES = parse_instrument("""
id: profile
version: 1
title: Profile
sections:
  - id: p
    title: Trainer or leader
    kind: rating
    items:
      - {id: l1, text: I set a direction., pole: leader, actions: [Set one direction.]}
      - {id: m1, text: I control., pole: manager, actions: [Control one thing.]}
    actions: [Raise the score.]
""")


def test_a_section_of_poles_is_a_position_never_a_gap(instrument):
    # Rated as low as it goes on both poles: still no "area to work on" and no suggestion to raise it.
    answers = {"sample": ANSWERS, "profile": {"l1": 1, "m1": 1}}
    summary = assessment_summary([instrument, ALL_POLES], answers)
    profile_score = next(s for s in summary.scores if s.ref == "profile/p")
    assert profile_score.profile and profile_score.score == 0.0
    assert "profile/p" not in {s.ref for s in summary.weakest + summary.strongest}
    assert suggest_actions(ALL_POLES, answers["profile"]) == []
    assert section_profile(ALL_POLES.sections[0], {"l1": 5, "m1": 1}).label == "leaning towards leading"
