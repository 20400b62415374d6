"""Cronbach's alpha and rWG(J) against published results and hand-worked cases.

The published examples are the two datasets printed in the documentation of
pingouin's ``cronbach_alpha`` (pingouin 0.7.0, ``pingouin/reliability.py``,
datasets ``cronbach_alpha`` and ``cronbach_wide_missing`` shipped with it;
the docs note the second matches R's ``psych::alpha(use="complete.obs")``).
The values were also re-run with pingouin 0.7.0 in a scratch environment
(it is not a dependency of leaderbook). rWG(J) has no printed example we
could obtain, so its cases are worked by hand below, arithmetic in the
comments, following James, Demaree & Wolf (1984) and the computation of R's
``multilevel::rwg.j`` (mean of the items' sample variances, truncated to the
uniform null variance).
"""

from __future__ import annotations

import csv
import io
import math

import pytest

from workbook.team.dashboard import team_dashboard
from workbook.instruments import builtin_instruments
from workbook.team.reliability import (EXPORT_FIGURES, FIGURES, Agreement, Alpha, SectionReliability, cronbach_alpha,
                                  mean_sd, rwg_j, uniform_null_variance)
from workbook.reports.team import team_report
from workbook.assess.scoring import item_points
from workbook.store import Store
from workbook.exports.team import aggregate_export, write_aggregates
from workbook.team.admin import create_team

NA = None

#: pingouin's ``cronbach_alpha`` dataset (long format there) as 15 respondents × 10 items
#: (columns Q1, Q10, Q2, …, Q9: the order does not change alpha). Printed result: 0.5917188485995826.
LIKERT = [
    [3, 2, 2, 4, 1, 4, 5, 1, 4, 3], [5, 5, 4, 6, 3, 5, 1, 2, 5, 5], [7, 5, 3, 5, 5, 6, 4, 3, 3, 6],
    [2, 3, 4, 3, 3, 2, 2, 2, 6, 6], [6, 5, 5, 6, 5, 4, 4, 4, 6, 7], [1, 2, 2, 3, 4, 2, 5, 2, 3, 5],
    [4, 3, 3, 5, 3, 5, 2, 1, 2, 4], [2, 5, 4, 4, 3, 7, 2, 2, 4, 6], [6, 2, 5, 5, 5, 1, 6, 5, 2, 3],
    [5, 2, 4, 6, 4, 3, 5, 3, 1, 7], [4, 1, 3, 5, 2, 5, 3, 2, 3, 4], [4, 4, 2, 3, 2, 5, 3, 4, 2, 3],
    [5, 5, 5, 6, 2, 3, 3, 2, 4, 4], [6, 5, 5, 5, 4, 2, 2, 1, 4, 6], [4, 4, 3, 5, 5, 3, 1, 3, 2, 3],
]

#: pingouin's ``cronbach_wide_missing`` dataset: 12 respondents × 11 yes/no items, 3 of them with a
#: missing answer. Printed result after listwise deletion (9 complete rows): 0.8016949152542373.
BINARY_WITH_MISSING = [
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0],
    [NA, 0, 1, 1, NA, 1, 1, 1, 1, 0, 0], [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0],
    [1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0], [0, 1, NA, 0, 1, 1, 1, 1, 0, 0, 0],
    [1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0], [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
    [0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0], [1, 0, 0, 1, 0, 1, 0, 0, NA, 0, 0],
    [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
]


def test_alpha_matches_the_published_likert_example():
    alpha = cronbach_alpha(LIKERT)
    assert alpha == Alpha(pytest.approx(0.5917188485995826, abs=1e-12), 15, 10)


def test_alpha_on_yes_no_items_is_kr20_on_complete_cases_as_published():
    alpha = cronbach_alpha(BINARY_WITH_MISSING)
    assert alpha.n == 9 and alpha.k == 11
    assert alpha.value == pytest.approx(0.8016949152542373, abs=1e-12)
    # NaN marks a missing answer as well as None does (pandas tables carry NaN).
    as_nan = [[math.nan if v is None else v for v in row] for row in BINARY_WITH_MISSING]
    assert cronbach_alpha(as_nan) == alpha


def test_alpha_worked_by_hand():
    # item 1: 1, 2, 3 → mean 2, squared deviations 1 + 0 + 1 = 2, sample variance 2/2 = 1
    # item 2: 2, 3, 3 → mean 8/3, squared deviations 4/9 + 1/9 + 1/9 = 6/9, variance 1/3
    # totals: 3, 5, 6 → mean 14/3, squared deviations 25/9 + 1/9 + 16/9 = 42/9, variance 7/3
    # alpha = 2/1 · (1 − (1 + 1/3) / (7/3)) = 2 · (1 − 4/7) = 6/7
    assert cronbach_alpha([[1, 2], [2, 3], [3, 3]]) == Alpha(pytest.approx(6 / 7), 3, 2)
    # Items that pull against each other give a negative alpha, returned as it is (pingouin gives −6 too):
    # item 1: 1, 2, 3 (variance 1); item 2: 3, 2, 2 → mean 7/3, deviations 4/9 + 1/9 + 1/9 = 6/9, variance 1/3
    # totals 4, 4, 5 → mean 13/3, deviations 1/9 + 1/9 + 4/9 = 6/9, variance 1/3
    # alpha = 2 · (1 − (1 + 1/3) / (1/3)) = 2 · (1 − 4) = −6
    assert cronbach_alpha([[1, 3], [2, 2], [3, 2]]).value == pytest.approx(-6.0)
    # 1, 2, 3 against 3, 2, 1: totals all 4 → zero total variance: undefined.
    assert cronbach_alpha([[1, 3], [2, 2], [3, 1]]) is None


@pytest.mark.parametrize("rows", [
    [[1], [2], [3]],  # one item
    [[1, 2]],  # one respondent
    [[1, NA], [2, 3], [NA, 1]],  # one complete respondent
    [],
])
def test_alpha_is_undefined_with_too_little(rows):
    assert cronbach_alpha(rows) is None


def test_uniform_null_variance():
    # (A² − 1) / 12: 5 options → 24/12 = 2 (multilevel's default ranvar); yes/no → 3/12 = 1/4
    assert uniform_null_variance(5) == 2
    assert uniform_null_variance(2) == 0.25
    assert uniform_null_variance(4) == pytest.approx(15 / 12)


def test_rwg_j_worked_by_hand():
    # 5 options: σ²_EU = 2. Item 1: 4, 4, 5 → mean 13/3, deviations 1/9 + 1/9 + 4/9, variance (6/9)/2 = 1/3
    # Item 2: 3, 4, 5 → variance 1. Mean variance s̄² = (1/3 + 1) / 2 = 2/3; x = s̄²/σ² = 1/3
    # rWG(J) = J(1 − x) / (J(1 − x) + x) = 2·(2/3) / (2·(2/3) + 1/3) = (4/3) / (5/3) = 0.8
    assert rwg_j([[4, 3], [4, 4], [5, 5]], 5) == Agreement(pytest.approx(0.8), 3, 2, 5, False)


def test_single_item_rwg_is_the_j_equals_one_case():
    # 4, 4, 5 on 5 options: rWG = 1 − (1/3)/2 = 5/6
    assert rwg_j([[4], [4], [5]], 5).value == pytest.approx(5 / 6)


def test_rwg_j_truncates_disagreement_beyond_the_uniform_null_to_zero():
    # 1, 5, 1, 5: mean 3, deviations 4 each, variance 16/3 ≈ 5.33 > σ²_EU = 2.
    # Untruncated, x = 8/3 and J(1 − x)/(J(1 − x) + x) = (−5/3)/(−5/3 + 8/3) = −5/3: out of range.
    found = rwg_j([[1], [5], [1], [5]], 5)
    assert found.value == 0 and found.truncated
    # With J = 2 and x = 2 the untruncated denominator would be 2·(−1) + 2 = 0.
    assert rwg_j([[1, 1], [5, 5], [1, 1], [5, 5]], 5).value == 0


def test_rwg_on_yes_no_items_uses_two_options():
    # 1, 1, 1, 1, 0: mean 0.8, deviations 4·0.04 + 0.64 = 0.8, variance 0.8/4 = 0.2; σ²_EU = 1/4
    # rWG = 1 − 0.2/0.25 = 0.2
    assert rwg_j([[1], [1], [1], [1], [0]], 2).value == pytest.approx(0.2)
    # Everyone the same: perfect agreement.
    assert rwg_j([[1, 0], [1, 0], [1, 0]], 2).value == 1


@pytest.mark.parametrize("rows, options", [([[3]], 5), ([[3, 4], [NA, 2]], 5), ([[1], [2]], 1), ([], 5)])
def test_rwg_j_is_undefined_with_too_little(rows, options):
    assert rwg_j(rows, options) is None


def test_mean_sd_of_items():
    # Item 1: 4, 4, 5 → sd √(1/3); item 2: 3, 4, 5 → sd 1; the row with a missing answer is left out.
    assert mean_sd([[4, 3], [4, 4], [5, 5], [NA, 1]]) == pytest.approx((math.sqrt(1 / 3) + 1) / 2)
    assert mean_sd([[4, 3]]) is None


def test_the_reading_flags_what_is_too_low():
    good = SectionReliability(Alpha(0.8, 5, 4), Agreement(0.85, 5, 4, 5, False), 0.7)
    assert not good.low and good.reading == "consistent and agreed"
    assert SectionReliability(Alpha(0.59, 5, 4), Agreement(0.85, 5, 4, 5, False), 0.7).low
    assert SectionReliability(Alpha(0.8, 5, 4), Agreement(0.69, 5, 4, 5, False), 0.7).reading == (
        "too low to read with confidence")
    assert SectionReliability(None, None, None).reading == "cannot be computed"
    assert SectionReliability(None, Agreement(0.9, 5, 1, 5, False), 0.3).reading == "no sign of a problem"


# --- The figures in the team's views, from published snapshots only -----------------------------------------

WHY = next(i for i in builtin_instruments() if i.id == "why-converge")
PROGRAMME = ({"instruments": [WHY.key], "sections": []}, {})
#: Each member's answers to the programme's six rating items (1–5), in item order: about themselves, and
#: (for the raters) about the leader. Chosen to differ, so that every figure is defined.
SELF_ANSWERS = {"Ana": [4, 4, 3, 2, 3, 3], "Ben": [2, 3, 5, 4, 4, 5], "Cleo": [5, 4, 4, 3, 3, 4],
                "Dan": [3, 2, 2, 1, 2, 2]}
RATINGS = {"Ben": [4, 5, 4, 4, 3, 4], "Cleo": [5, 5, 3, 4, 4, 5], "Dan": [4, 4, 4, 3, 3, 4]}


def _team(store, raters=RATINGS):
    made = create_team(store, "Trust", list(SELF_ANSWERS), leader="Ana", threshold=3, workbook=PROGRAMME)
    for link in made.links:
        answers = SELF_ANSWERS if link.subject_id is None else raters
        if link.member in answers:
            entries = list(zip([item.id for item in WHY.items], answers[link.member]))
            store.record_answers(link.respondent_id, made.round.id, WHY, entries, subject_id=link.subject_id)
    return made


def _expected(answers: dict, section) -> SectionReliability:
    """What the pure functions give for one section of these answers (points for alpha, values for rWG)."""
    ids = [item.id for item in WHY.items]
    values = [[row[ids.index(item.id)] for item in section.items] for row in answers.values()]
    points = [[item_points(item, value) for item, value in zip(section.items, row)] for row in values]
    return SectionReliability(cronbach_alpha(points), rwg_j(values, 5), mean_sd(values))


def test_each_published_group_gets_its_sections_figures(tmp_path):
    with Store(data=tmp_path) as store:
        _team(store)
        d = team_dashboard(store, "Trust")
        table = d.reliability
        assert set(table.index.get_level_values("about")) == {"members (self-assessments)", "direct reports rating Ana"}
        for about, answers in (("members (self-assessments)", SELF_ANSWERS), ("direct reports rating Ana", RATINGS)):
            for section in WHY.sections:
                row = table.loc[(about, f"why-converge/{section.id}")]
                expected = _expected(answers, section)
                assert row["n"] == len(answers) and not row["suppressed"]
                assert row["items"] == len(section.items)
                if expected.alpha is None:  # a one-item section has no alpha; its rWG is the J = 1 case
                    assert math.isnan(row["alpha"]) and len(section.items) == 1
                else:
                    assert row["alpha"] == pytest.approx(expected.alpha.value)
                assert row["rwg"] == pytest.approx(expected.agreement.value)
                assert row["sd"] == pytest.approx(expected.sd)
                assert row["reading"] == expected.reading
        # The self-assessments' "transformation" items (4 4 / 2 3 / 5 4 / 3 2) hang together: alpha by hand,
        # item 1: 4, 2, 5, 3 → variance 5/3; item 2: 4, 3, 4, 2 → 11/12; totals 8, 5, 9, 5 → 17/4;
        # on points (value − 1)/4 every variance is divided by 16, which alpha does not see:
        # alpha = 2 · (1 − (5/3 + 11/12) / (17/4)) = 2 · (1 − 31/51) = 40/51
        assert table.loc[("members (self-assessments)", "why-converge/transformation"), "alpha"] == (
            pytest.approx(40 / 51))

        report = team_report(d)
        assert "How far to trust each score" in report and "direct reports rating Ana" in report
        assert f"{40 / 51:.2f} (4, 2)" in report

        exported = aggregate_export(store, "Trust")
        rows = {(r["about"], r["section_id"]): r for r in exported["reliability"]}
        assert rows[("members (self-assessments)", "transformation")]["alpha"] == round(40 / 51, 3)
        assert rows[("direct-report about Ana", "outsourcing")]["n"] == 3
        lines = list(csv.DictReader(io.StringIO(write_aggregates(exported, "csv", None).decode())))
        mine = [line for line in lines if line["level"] == "reliability"]
        assert len(mine) == len(exported["reliability"]) == 6
        assert {line["reading"] for line in mine} <= {"consistent and agreed", "no sign of a problem",
                                                      "too low to read with confidence", "cannot be computed"}


def test_a_group_below_the_threshold_has_no_reliability_figure_anywhere(tmp_path):
    with Store(data=tmp_path) as store:
        _team(store)
        # The three raters of Ana are a published group at the team's threshold (3); asked for 4, they are
        # too few: their rows stay, marked suppressed, with no figure in the data, the report or the export.
        d = team_dashboard(store, "Trust", threshold=4)
        table = d.reliability
        raters = table.xs("direct reports rating Ana", level="about")
        assert len(raters) == 3 and raters["suppressed"].all() and (raters["n"] == 3).all()
        for column in FIGURES:
            assert raters[column].isna().all(), column
        assert not table.xs("members (self-assessments)", level="about")["suppressed"].any()

        report = team_report(d)
        section = report.split('id="reliability"', 1)[1].split('id="texts"', 1)[0]
        rater_part = section.split("direct reports rating Ana", 1)[1]
        assert rater_part.count('data-suppressed="true"') == 3 and 'data-suppressed="false"' not in rater_part
        assert "(3, " not in rater_part and "(3)" not in rater_part

        exported = aggregate_export(store, "Trust", threshold=4)
        theirs = [r for r in exported["reliability"] if r["about"] == "direct-report about Ana"]
        assert len(theirs) == 3
        for row in theirs:
            assert row["suppressed"] and not set(EXPORT_FIGURES) & set(row), row
        for line in csv.DictReader(io.StringIO(write_aggregates(exported, "csv", None).decode())):
            if line["level"] == "reliability" and line["about"] == "direct-report about Ana":
                assert all(line[name] == "" for name in EXPORT_FIGURES), line


def test_a_group_the_release_rule_has_not_published_is_not_computed(tmp_path):
    with Store(data=tmp_path) as store:
        # Two raters finished: fewer than the team's threshold, so nothing about them is published or computed.
        _team(store, raters={name: RATINGS[name] for name in ("Ben", "Cleo")})
        d = team_dashboard(store, "Trust")
        assert set(d.reliability.index.get_level_values("about")) == {"members (self-assessments)"}
        report = team_report(d)
        assert "direct reports rating Ana" not in report.split('id="reliability"', 1)[1].split('id="texts"', 1)[0]
        assert all(r["about"] == "members (self-assessments)" for r in aggregate_export(store, "Trust")["reliability"])


def test_figures_are_not_computed_about_part_of_a_group(tmp_path):
    with Store(data=tmp_path) as store:
        # Dan answers one outsourcing item about Ana "not applicable": the three raters still finished, but only
        # two answered every item of that section on its scale, so no figure there (it would be about two).
        dan = list(RATINGS["Dan"])
        dan[3] = "na"
        _team(store, raters=dict(RATINGS, Dan=dan))
        d = team_dashboard(store, "Trust")
        row = d.reliability.loc[("direct reports rating Ana", "why-converge/outsourcing")]
        assert row["n"] == 3 and row["complete"] == 2 and not row["suppressed"]
        assert math.isnan(row["alpha"]) and math.isnan(row["rwg"]) and math.isnan(row["sd"])
        assert row["reading"].startswith("not computed")
        # The other sections of the same group are unaffected.
        assert not math.isnan(d.reliability.loc[("direct reports rating Ana", "why-converge/transformation"), "rwg"])
