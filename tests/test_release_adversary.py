"""An adversary against the release rule: a curious coach who keeps every output and subtracts.

Hypothesis plays a team's history (members joining, answering all or part of
a small programme, changing an answer, writing free text and action plans,
rating their leader as direct reports, revoked links, new rounds, and
members erased between publications, the leader too; threshold
k = 3). After every event the coach
takes everything they can obtain: the dashboard's data
(:func:`workbook.team.dashboard.team_dashboard`), the aggregate export
(:func:`workbook.exports.team.aggregate_export`) and the team report's HTML.
The test then asserts what the release rule promises: no difference between
any two outputs isolates fewer than k respondents.

* every figure shown (not suppressed) is about at least k people;
* two versions of the same figure (same source, round, group and item or
  section) that differ in anything have ``n`` that differ by at least k: in
  this programme everyone who is counted answers every item (no "not
  applicable"), so an item's or a section's ``n`` is the number of people
  the figure is about, and a change with fewer than k people added reads off
  their answers (or an answer changed with nobody added reads off that one);
* free text and action plans are judged by the group they come from: two
  different versions of a round's texts or actions come with team figures
  whose ``n`` differ by at least k;
* whenever the coach can tell exactly who a round's figures are about (as
  many people in the figures as the dashboard lists as finished, with the
  members the coach erased), any two
  such sets of people, in the same round or in different rounds, are equal
  or differ by at least k (people answer alike from one round to the next);
* the report shows no text the dashboard does not;
* once a member is erased, no text or plan they wrote is in anything the
  coach obtains again.

An erasure makes a group shrink, which nothing else does, so the checks on
``n`` above (two versions of a figure about numbers of people fewer than k
apart) hold the rule to keeping published figures as published and to
publishing a group again only k people past what it was.

The derived tables (the change between rounds, flagged mistakes) are made of
the figures checked here.
"""

from __future__ import annotations

import html
import inspect
import itertools
import random
import tempfile

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.team.dashboard import team_dashboard
from workbook.instruments import builtin_instruments
from workbook.assess.plan import new_action
from workbook.reports.team import team_report
from workbook.store import Store
from workbook.exports.team import aggregate_export
from workbook.team.admin import add_member, create_team, current_round, new_round, revoke_member, round_relations
from workbook.team.erasure import forget_member

K = 3
TEAM = "Adversary"
#: A small programme: six ratings, then checklists, ratings and three free-text questions.
PROGRAMME = tuple(i for i in builtin_instruments() if i.id in ("why-converge", "convergence-process"))
GAPS = ("Transformation", "Evaluation")


def _create(store, members, leader=None):
    kwargs = {"leader": leader} if leader else {}
    if "workbook" in inspect.signature(create_team).parameters:
        kwargs["workbook"] = ({"instruments": [i.key for i in PROGRAMME], "sections": []}, {})
    return create_team(store, TEAM, members, threshold=K, **kwargs)


def _value(item, rng):
    if item.kind == "checklist":
        return rng.random() < 0.5
    if item.kind == "mistakes":
        return rng.randint(0, 3)
    return rng.randint(item.scale.min, item.scale.max)


def _counted(instrument):
    return [item for item in instrument.items if item.kind != "text"]


class History:
    """The team as the test drives it: who is in it, who may still answer, and a serial for unique texts."""

    def __init__(self, store, leader: bool = False):
        self.store = store
        self.names = [f"M{n}" for n in range(4)]
        made = _create(store, ",".join(self.names[:3]), "M0" if leader else None)
        self.team = made.team
        self.names = self.names[:3]
        self.serial = itertools.count()
        self.texts: set[str] = set()
        self.words: dict[str, set[str]] = {}  # each member's texts and plans
        self.erased: set[str] = set()

    def erased_words(self) -> set[str]:
        return {text for name in self.erased for text in self.words.get(name, ())}

    def ids(self) -> dict[str, int]:
        return {m.name: m.id for m in self.store.respondents(self.team.id)}

    def live(self, name: str, subject_id: int | None = None) -> int | None:
        """The member's id when their link of the latest round (self-assessment, or about the leader) works."""
        member_id = self.ids().get(name)
        round_ = current_round(self.store, self.team)
        if round_.closed or member_id is None:
            return None
        live = {r for r, group, subject in round_relations(self.store, round_.id) if subject == subject_id}
        return member_id if member_id in live else None

    def play(self, event) -> None:
        kind, who, seed = event
        rng = random.Random(seed)
        if kind == "join":
            name = f"M{len(self.names)}"
            add_member(self.store, TEAM, name)
            self.names.append(name)
            return
        if kind == "new-round":
            new_round(self.store, TEAM)
            return
        name = self.names[who % len(self.names)]
        if name in self.erased:
            return  # no link of theirs is left: the page refuses, the coach's tools do not know them
        if kind == "revoke":
            revoke_member(self.store, TEAM, name)
            return
        if kind == "erase":
            forget_member(self.store, TEAM, name)
            self.erased.add(name)
            return
        if kind == "rate" and "M0" in self.erased:
            return  # the leader was erased, and every link to rate her with her
        subject_id = self.ids()["M0"] if kind == "rate" else None
        member_id = self.live(name, subject_id)
        if member_id is None:
            return  # a revoked link, a closed round, no link about the leader: the page refuses, nothing is written
        round_id = current_round(self.store, self.team).id
        for instrument in PROGRAMME:
            items = _counted(instrument)
            if kind == "some":
                items = rng.sample(items, rng.randint(1, len(items) - 1))
            elif kind == "change":
                items = [rng.choice(items)]
            entries = [(item.id, _value(item, rng)) for item in items]
            if kind in ("all", "rate"):
                for item in instrument.items:
                    if item.kind == "text" and rng.random() < 0.5:
                        text = f"[secret {name} {next(self.serial):05d}]"
                        self.texts.add(text)
                        self.words.setdefault(name, set()).add(text)
                        entries.append((item.id, text))
            self.store.record_answers(member_id, round_id, instrument, entries, subject_id=subject_id)
        if kind == "all" and rng.random() < 0.5:
            what = f"[plan {name} {next(self.serial):05d}]"
            self.words.setdefault(name, set()).add(what)
            self.store.save_plan(member_id, round_id, [new_action(what=what, gap=rng.choice(GAPS))])


def _plain(value):
    if isinstance(value, dict):
        return tuple(sorted((str(k), int(v)) for k, v in value.items()))
    if isinstance(value, (tuple, list)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, float):
        return None if value != value else round(value, 6)
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    return value


def _figures(table: pd.DataFrame, drop=()) -> dict:
    """``{row key: (n, suppressed, the row's other values)}`` of a table of figures."""
    rows = {}
    for key, row in table.iterrows():
        rest = tuple((column, _plain(row[column])) for column in table.columns
                     if column not in ("n", "suppressed", *drop))
        rows[key] = (int(row["n"]), bool(row["suppressed"]), rest)
    return rows


class Coach:
    """Everything the coach obtained, after every event."""

    def __init__(self):
        self.figures: dict[tuple, set] = {}  # figure id → {(n, content)}
        self.groups: dict[tuple, set] = {}  # (what, round) → {(team n, content)}
        self.known: list[tuple[int, frozenset]] = []  # (round, the people a round's figures are exactly about)
        self.shown_n: list[tuple] = []

    def figure(self, key, n, suppressed, content) -> None:
        if suppressed:
            return
        self.shown_n.append((key, n))
        self.figures.setdefault(key, set()).add((n, content))

    def look(self, store, history: History) -> None:
        d = team_dashboard(store, TEAM)
        round_id = d.round.id
        for (shown_round, section), figure in _figures(d.heatmap).items():
            self.figure(("heatmap", shown_round, section), *figure)
        for name in ("sections", "items", "mistakes"):
            for ref, figure in _figures(getattr(d, name)).items():
                self.figure((name, round_id, ref), *figure)
        shown = d.sections[~d.sections["suppressed"]]
        team_n = int(shown["n"].max()) if len(shown) else 0
        for view in d.subjects:
            # The leader's own column ("self", and the gap to it) is her own answers, shown to the coach by
            # design in a team that is not confidential; what the raters said is checked.
            for ref, figure in _figures(view.gaps, drop=("self", "gap")).items():
                self.figure(("gaps", round_id, view.name, ref), *figure)
            for ref, figure in _figures(view.groups).items():
                self.figure(("groups", round_id, view.name, ref), *figure)
        for name in ("texts", "actions"):
            rows = _figures(getattr(d, name))
            self.shown_n += [((name, round_id, key), n) for key, (n, suppressed, _) in rows.items() if not suppressed]
            content = tuple(sorted((str(key), rest) for key, (n, suppressed, rest) in rows.items() if not suppressed))
            if content:
                self.groups.setdefault((name, round_id), set()).add((team_n, content))
        finished = frozenset(p.member for p in d.progress if p.purpose == "self-assessment" and p.finished)
        # The published people all finished, and stay listed as finished unless erased (the coach knows
        # whom they erased): with as many in the figures as that, the figures are about exactly them.
        finished |= frozenset(history.erased)
        if team_n >= K and team_n == len(finished):
            self.known.append((round_id, finished))

        exported = aggregate_export(store, TEAM)
        for row in exported["sections"] + exported["items"]:
            key = ("export", row["level"], row["round_id"], row["about"], row["instrument_id"], row["section_id"],
                   row["item_id"])
            content = tuple(sorted((name, _plain(row.get(name))) for name in ("score", "mean", "sd", "distribution")))
            self.figure(key, int(row["n"]), bool(row["suppressed"]), content)

        page = html.unescape(team_report(d))
        gone = history.erased_words()
        obtained = repr(d.texts.to_dict()) + repr(d.actions.to_dict()) + repr(exported) + page
        assert not [text for text in gone if text in obtained], "an erased member's words are still shown"
        in_dashboard = {text for answers in d.texts.get("answers", pd.Series(dtype=object)).dropna()
                        for text in answers}
        in_report = {text for text in history.texts if text in page}
        assert in_report <= in_dashboard, f"the report shows texts the dashboard does not: {in_report - in_dashboard}"
        for attrs in page.split('data-n="')[1:]:
            n, rest = attrs.split('"', 1)
            if rest.startswith(' data-suppressed="false"'):
                self.shown_n.append(("report", int(n)))

    def check(self) -> None:
        small = [(key, n) for key, n in self.shown_n if n < K]
        assert not small, f"figures about fewer than {K} people were shown: {small[:5]}"
        for key, versions in self.figures.items():
            for (n1, c1), (n2, c2) in itertools.combinations(sorted(versions, key=repr), 2):
                if c1 != c2:
                    assert abs(n1 - n2) >= K, (
                        f"{key}: two versions about {n1} and {n2} people differ; subtracting them reads off "
                        f"{abs(n1 - n2) or 'a changed'} answer(s)")
        for key, versions in self.groups.items():
            for (n1, c1), (n2, c2) in itertools.combinations(sorted(versions, key=repr), 2):
                if c1 != c2:
                    assert abs(n1 - n2) >= K, (
                        f"{key}: the {key[0]} changed while the team figures went from {n1} to {n2} people")
        for (r1, s1), (r2, s2) in itertools.combinations(self.known, 2):
            assert s1 == s2 or len(s1 ^ s2) >= K, (
                f"rounds {r1} and {r2}: figures about {sorted(s1)} and about {sorted(s2)}, "
                f"who differ by {sorted(s1 ^ s2)}")


EVENTS = st.lists(
    st.tuples(st.sampled_from(["all", "all", "all", "rate", "rate", "some", "change", "join", "revoke", "new-round",
                               "erase"]),
              st.integers(0, 7), st.integers(0, 2**16)),
    min_size=3, max_size=14)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events=EVENTS, leader=st.booleans())
def test_no_two_outputs_a_coach_can_obtain_isolate_fewer_than_k_people(events, leader):
    with tempfile.TemporaryDirectory() as folder, Store(data=folder) as store:
        history = History(store, leader)
        coach = Coach()
        coach.look(store, history)
        for event in events:
            history.play(event)
            coach.look(store, history)
        coach.check()


def _play(events):
    with tempfile.TemporaryDirectory() as folder, Store(data=folder) as store:
        history = History(store)
        coach = Coach()
        for event in events:
            history.play(event)
            coach.look(store, history)
        return coach


def test_a_fourth_member_changes_nothing_the_coach_can_subtract():
    """The case of the issue: three finish, a fourth does; then two more (six in all)."""
    three = [("all", 0, 1), ("all", 1, 2), ("all", 2, 3)]
    coach = _play(three + [("join", 0, 0), ("all", 3, 4), ("change", 0, 5), ("join", 0, 0), ("join", 0, 0),
                           ("all", 4, 6), ("all", 5, 7)])
    export_ns = {n for key, versions in coach.figures.items() if key[0] == "export" for n, _ in versions}
    assert export_ns == {3, 6}, "the figures are about the first three, then about all six"
    assert {s for _, s in coach.known} == {frozenset({"M0", "M1", "M2"}),
                                         frozenset({"M0", "M1", "M2", "M3", "M4", "M5"})}
    coach.check()


def test_the_checks_catch_a_figure_that_moves_by_one_person():
    """The checks themselves fail on a leak: a figure about 3 people, then about 4."""
    coach = Coach()
    coach.figure(("export", "item", 1, "team", "x", "s", "i"), 3, False, (("mean", 3.0),))
    coach.figure(("export", "item", 1, "team", "x", "s", "i"), 4, False, (("mean", 3.5),))
    try:
        coach.check()
    except AssertionError as caught:
        assert "about 3 and 4 people differ" in str(caught)
    else:
        raise AssertionError("a figure moving from 3 to 4 people went unnoticed")
    coach = Coach()
    coach.known += [(1, frozenset({"A", "B", "C", "D"})), (2, frozenset({"A", "B", "C"}))]
    try:
        coach.check()
    except AssertionError as caught:
        assert "who differ by ['D']" in str(caught)
    else:
        raise AssertionError("two rounds about people who differ by one went unnoticed")


def test_a_fourth_rater_of_the_leader_changes_nothing_the_coach_can_subtract():
    """Three direct reports rate the leader: the others' figures show; a fourth rates her: they stay as they were."""
    with tempfile.TemporaryDirectory() as folder, Store(data=folder) as store:
        history = History(store, leader=True)
        coach = Coach()
        for event in [("join", 0, 0), ("rate", 1, 1), ("rate", 2, 2), ("rate", 3, 3), ("all", 0, 4), ("all", 1, 5),
                      ("all", 2, 6)]:
            history.play(event)
            coach.look(store, history)
        others = {n for key, versions in coach.figures.items() if key[0] == "export" and key[3] == "others about M0"
                  for n, _ in versions}
        gaps = [key for key in coach.figures if key[0] == "gaps"]
        assert others == {3} and gaps
        history.play(("join", 0, 0))
        history.play(("rate", 4, 7))
        coach.look(store, history)
        assert {n for key, versions in coach.figures.items() if key[0] == "export" and key[3] == "others about M0"
                for n, _ in versions} == {3}
        coach.check()


def test_after_an_erasure_the_figures_stay_until_k_more_than_were_published_finish():
    """Six finish (figures about 3, then 6); one is erased: the figures stay about 6, their words go, and
    the group is published again only at 9 (k past 6), not at 7 or 8."""
    six = [("all", 0, 1), ("all", 1, 2), ("all", 2, 3), ("join", 0, 0), ("join", 0, 0), ("join", 0, 0),
           ("all", 3, 4), ("all", 4, 5), ("all", 5, 6)]
    later = [("erase", 1, 0)]
    for number in range(6, 10):
        later += [("join", 0, 0), ("all", number, number)]
    with tempfile.TemporaryDirectory() as folder, Store(data=folder) as store:
        history = History(store)
        coach = Coach()
        ns = []
        for event in six + later:
            history.play(event)
            coach.look(store, history)
            shown = team_dashboard(store, TEAM).sections
            ns.append(int(shown[~shown["suppressed"]]["n"].max()) if (~shown["suppressed"]).any() else 0)
        assert history.erased == {"M1"}
        assert ns[len(six) - 1:] == [6] * 9 + [9], "kept as published, then k past it"
        export_ns = {n for key, versions in coach.figures.items() if key[0] == "export" for n, _ in versions}
        assert export_ns == {3, 6, 9}
        coach.check()
