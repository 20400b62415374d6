"""Team aggregation: the figures are right, and every table applies the threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbook.team import aggregate as agg
from workbook.errors import LeaderbookError
from workbook.instruments.loader import parse_instrument
from workbook.assess.scoring import score_section

from samples import SMALL_INSTRUMENT

SMALL = parse_instrument(SMALL_INSTRUMENT, "sample.yaml")


def frame(rows) -> pd.DataFrame:
    """``(respondent, section, item, value, points)`` rows as the long table aggregate takes."""
    data = pd.DataFrame(rows, columns=["respondent_id", "section", "item", "value", "points"])
    data["section"] = data["section"].astype("category")
    data["item"] = data["item"].astype("category")
    return data.astype({"respondent_id": "int64", "value": "float64", "points": "float64"})


def rated(answers: dict[int, dict[str, int]]) -> pd.DataFrame:
    """Ratings of the sample's rated section by several people, points as scoring computes them."""
    section = SMALL.section("rated")
    rows = []
    for who, given in answers.items():
        for item_id, value in given.items():
            item = section.item(item_id)
            points = (value - 1) / 4 if not item.reverse else 1 - (value - 1) / 4
            rows.append((who, "sample/rated", f"sample/rated/{item_id}", value, points))
    return frame(rows)


def test_the_threshold_is_never_below_three():
    table = pd.DataFrame({"n": [5]}, index=["x"])
    with pytest.raises(LeaderbookError, match="at least 3"):
        agg.suppress(table, 2)
    with pytest.raises(LeaderbookError, match="whole number"):
        agg.suppress(table, 3.5)


def test_a_team_section_score_is_the_mean_of_each_persons_score():
    answers = {1: {"r1": 5, "r2": 5, "r3": 1}, 2: {"r1": 1}, 3: {"r1": 3, "r2": 2}}
    table = agg.section_table(rated(answers), 3)
    people = [score_section(SMALL.section("rated"), given).score for given in answers.values()]
    assert table.loc["sample/rated", "n"] == 3
    assert table.loc["sample/rated", "score"] == pytest.approx(np.mean(people), abs=0.06)
    assert table.loc["sample/rated", "sd"] == pytest.approx(np.std(people, ddof=1), abs=0.1)


def test_items_carry_n_mean_spread_and_score():
    table = agg.item_table(rated({1: {"r1": 1}, 2: {"r1": 4}, 3: {"r1": 4}, 4: {"r2": 2}}), 3)
    r1 = table.loc["sample/rated/r1"]
    assert (r1["n"], r1["mean"], r1["distribution"], r1["suppressed"]) == (3, 3.0, {1: 1, 4: 2}, False)
    assert r1["score"] == pytest.approx(50.0)
    r2 = table.loc["sample/rated/r2"]
    assert (r2["n"], r2["suppressed"], r2["distribution"]) == (1, True, None)
    assert np.isnan(r2["mean"]) and np.isnan(r2["score"]) and np.isnan(r2["sd"])


def test_below_the_threshold_every_figure_is_blank_and_n_stays():
    answers = {1: {"r1": 5}, 2: {"r1": 1}, 3: {"r1": 3}, 4: {"r1": 2}}
    for threshold, hidden in ((3, False), (4, False), (5, True)):
        table = agg.section_table(rated(answers), threshold)
        assert bool(table.loc["sample/rated", "suppressed"]) is hidden
        assert bool(np.isnan(table.loc["sample/rated", "score"])) is hidden
        assert table.loc["sample/rated", "n"] == 4


def test_not_applicable_and_unscored_answers_count_for_nobody():
    data = frame([(1, "s/a", "s/a/x", np.nan, np.nan), (2, "s/a", "s/a/x", 3, 0.5), (3, "s/a", "s/a/x", 5, 1.0)])
    assert agg.section_table(data, 3).loc["s/a", "n"] == 2
    assert agg.item_table(data, 3).loc["s/a/x", "n"] == 2


def test_the_aggregation_agrees_with_a_plain_pandas_group_by():
    rng = np.random.default_rng(3)
    size = 5000
    data = frame(zip(rng.integers(0, 300, size), *[[None] * size] * 2, rng.integers(1, 6, size), [0.0] * size))
    data["item"] = pd.Categorical([f"s{i % 4}/x/{i % 12}" for i in rng.integers(0, 12, size)])
    data["section"] = pd.Categorical([ref.rsplit("/", 1)[0] for ref in data["item"]])
    data["points"] = (data["value"] - 1) / 4
    data = data.drop_duplicates(["respondent_id", "item"])
    figures = agg.aggregate_answers(data, 3)
    by_item = data.groupby("item", observed=True)["value"].agg(["count", "mean", "std"])
    assert figures.items["n"].to_dict() == by_item["count"].to_dict()
    assert np.allclose(figures.items["mean"], by_item["mean"]) and np.allclose(figures.items["sd"], by_item["std"])
    people = data.groupby(["section", "respondent_id"], observed=True)["points"].mean() * 100
    by_section = people.groupby(level="section", observed=True).agg(["count", "mean", "std"])
    assert figures.sections["n"].to_dict() == by_section["count"].to_dict()
    assert np.allclose(figures.sections["score"], by_section["mean"])
    assert np.allclose(figures.sections["sd"], by_section["std"])


def test_sparse_respondent_ids_aggregate_the_same_as_dense_ones():
    answers = {1: {"r1": 5}, 2: {"r1": 1}, 3: {"r1": 3}}
    dense = agg.section_table(rated(answers), 3)
    sparse = agg.section_table(rated({who * 10**9: given for who, given in answers.items()}), 3)
    pd.testing.assert_frame_equal(dense, sparse)


def test_an_empty_frame_gives_empty_tables():
    figures = agg.aggregate_answers(frame([]), 3)
    assert figures.sections.empty and figures.items.empty


def test_gaps_come_largest_first_and_need_enough_others():
    self_scores = pd.Series({"a": 80.0, "b": 50.0, "c": 40.0})
    others = agg.suppress(pd.DataFrame({"n": [4, 4, 2], "score": [60.0, 55.0, 90.0]}, index=["a", "b", "c"]), 3)
    gaps = agg.gap_table(self_scores, others, 3)
    assert list(gaps.index) == ["a", "b", "c"]
    assert gaps.loc["a", "gap"] == -20 and gaps.loc["b", "gap"] == 5
    assert gaps.loc["c", "suppressed"] and np.isnan(gaps.loc["c", "self"])


def test_a_self_score_beside_a_team_of_exactly_threshold_is_hidden():
    """Team mean of 3 and the leader's own score would give away the other two's mean."""
    others = agg.suppress(pd.DataFrame({"n": [5, 5]}, index=["a", "b"]).assign(score=[60.0, 60.0]), 3)
    gaps = agg.gap_table(pd.Series({"a": 80.0, "b": 80.0}), others, 3, team_n=pd.Series({"a": 3, "b": 4}))
    assert gaps.loc["a", "suppressed"] and not gaps.loc["b", "suppressed"]


def test_one_small_rater_group_hides_the_whole_breakdown_of_its_section():
    rows = []
    for who, group, section in [(1, "peer", "a"), (2, "peer", "a"), (3, "peer", "a"),
                                (4, "direct-report", "a"), (5, "direct-report", "a"),
                                (1, "peer", "b"), (2, "peer", "b"), (3, "peer", "b")]:
        rows.append((who, f"s/{section}", f"s/{section}/x", 3, 0.5, group))
    data = frame([r[:5] for r in rows]).assign(group=[r[5] for r in rows])
    table = agg.group_breakdown(data, ("peer", "direct-report", "manager"), 3)
    assert table.loc[("s/a", "peer"), "suppressed"] and table.loc[("s/a", "direct-report"), "suppressed"]
    assert not table.loc[("s/b", "peer"), "suppressed"] and table.loc[("s/b", "peer"), "score"] == 50


def test_change_needs_both_rounds_above_the_threshold():
    before = agg.suppress(pd.DataFrame({"n": [4, 2], "score": [50.0, 40.0]}, index=["a", "b"]), 3)
    after = agg.suppress(pd.DataFrame({"n": [3, 5], "score": [65.0, 70.0]}, index=["a", "b"]), 3)
    change = agg.change_table(before, after, 3)
    assert change.loc["a", "change"] == 15 and not change.loc["a", "suppressed"]
    assert change.loc["b", "suppressed"] and np.isnan(change.loc["b", "after"])


def test_free_text_is_sorted_nameless_and_only_shown_to_the_threshold():
    texts = pd.DataFrame({"respondent_id": [7, 8, 9, 7], "item": ["q1", "q1", "q1", "q2"],
                          "text": ["zebra", "Apple", "mango", "alone"]})
    table = agg.text_table(texts, 3)
    assert table.loc["q1", "answers"] == ("Apple", "mango", "zebra")
    assert table.loc["q2", "suppressed"] and table.loc["q2", "answers"] is None
    assert "respondent_id" not in table.columns


def test_action_items_roll_up_per_gap():
    actions = pd.DataFrame({"respondent_id": [1, 2, 3, 3, 4], "gap": ["g", "g", "g", "g", "h"],
                            "what": ["Do A", "Do B", "Do A", "Do C", "Mine"],
                            "status": ["planned", "done", "done", "planned", "planned"]})
    table = agg.action_table(actions, 3)
    assert table.loc["g", "n"] == 3 and table.loc["g", "actions"] == 4
    assert table.loc["g", "statuses"] == {"done": 2, "planned": 2}
    assert table.loc["g", "what"] == ("Do A", "Do B", "Do C")
    assert table.loc["h", "suppressed"] and table.loc["h", "what"] is None
    assert agg.action_table(actions.iloc[0:0], 3).empty


def test_mistakes_are_ranked_by_how_many_flag_them():
    items = agg.suppress(pd.DataFrame({
        "n": [4, 4, 2], "mean": [1.0, 2.0, 3.0],
        "distribution": [{0: 2, 1: 2}, {0: 1, 2: 1, 3: 2}, {3: 2}],
    }, index=["m/a", "m/b", "m/c"]), 3)
    table = agg.mistake_table(items, ["m/a", "m/b", "m/c"], 3)
    assert list(table.index) == ["m/b", "m/a", "m/c"]
    assert table.loc["m/b", "flagged"] == 3 and table.loc["m/b", "share"] == 0.75
    assert table.loc["m/c", "suppressed"] and np.isnan(table.loc["m/c", "flagged"])
