"""A demo team with believable synthetic answers over two rounds, for a first look at the dashboard.

The answers come from a small model of a team rather than from coin flips:
each section has a team-wide level, each person leans above or below it,
the leader rates themselves more kindly than the team does (the usual 360
finding), mistakes the team shares are flagged by most, and the second round
is better where people planned actions. Seeded, so every demo looks the same.
"""

from __future__ import annotations

import datetime as _dt
import random

from ..errors import LeaderbookError
from ..instruments import builtin_instruments
from ..basics.links import DEFAULT_BASE_URL
from ..instruments.model import Instrument, Item, Ref
from ..assess.plan import LEVELS, new_action
from ..assess.scoring import suggest_actions
from ..store import Store
from .admin import TeamRound, create_team, find_team, new_round

DEMO_TEAM = "Demo team"
LEADER = "Maya"
MEMBERS = (("Ana", "direct-report"), ("Ben", "direct-report"), ("Chloé", "direct-report"),
           ("Dev", "direct-report"), ("Eli", "direct-report"), ("Farah", "direct-report"),
           ("Hugo", "peer"), ("Iris", "peer"), ("Jon", "peer"))
#: In the open second round, who has not finished: they stop after this many instruments.
#: Three of the same rater group, so the round's figures can follow the release rule
#: (groups differ from the first round's by none or by three people, never by one or two).
UNFINISHED = {"Hugo": 5, "Jon": 2, "Iris": 0}

TEXTS = {
    "if-we-do-not-converge": (
        "Training keeps running on last year's requests while the business moves on; budgets get cut first.",
        "We would keep funding courses nobody can link to results, and lose the sponsors we have.",
        "Managers would go on building their own training around us, and quality would drift.",
        "New hires would keep learning the old process, because nobody tells us what changes.",
    ),
    "what-is-needed": (
        "A short list of strategic goals that every programme has to name before it is approved.",
        "Time with the heads of sales and operations each quarter, and numbers from their dashboards.",
        "One owner per programme, and a simple way to measure behaviour change on the job.",
        "Fewer programmes, each tied to a goal, and a budget line for follow-up after training.",
    ),
    "obstacles-and-responses": (
        "Line managers see training as time off work: involve two of them in designing the next programme.",
        "We lack data on results: agree two business measures per programme with the sponsor upfront.",
        "People fear another change that fails: start with one quick win and show it.",
        "Senior support is fading: bring the steering group a one-page result every quarter.",
    ),
}


def _rating(rng: random.Random, level: float, item: Item) -> int:
    """A point on the item's scale around ``level`` (0–1 of the scale), reversed items turned round."""
    low, high = item.scale.min, item.scale.max
    position = 1 - level if item.reverse else level
    return max(low, min(high, round(low + (high - low) * position + rng.gauss(0, 0.7))))


def _answers(rng: random.Random, instrument: Instrument, levels: dict[str, float], shared_flags: set[str]) -> list:
    entries = []
    for section in instrument.sections:
        level = levels[str(Ref(instrument.id, section.id))]
        for item in section.items:
            if item.kind == "rating":
                value = "na" if rng.random() < 0.02 else _rating(rng, level, item)
            elif item.kind == "checklist":
                value = rng.random() < level
            elif item.kind == "mistakes":
                base = 1.8 if item.id in shared_flags else 0.4
                value = max(0, min(3, round(base * (1.2 - level) + rng.gauss(0, 0.6))))
            else:
                if rng.random() < 0.7:
                    entries.append((item.id, rng.choice(TEXTS.get(item.id, ("We will see.",)))))
                continue
            entries.append((item.id, value))
    return entries


def _plan(rng: random.Random, instruments, answers: dict[str, dict], round_number: int) -> list[dict]:
    suggestions = [s for i in instruments for s in suggest_actions(i, answers.get(i.id, {}))]
    chosen = rng.sample(suggestions, k=min(len(suggestions), rng.randint(2, 3)))
    today = _dt.date(2025, 1, 15) + _dt.timedelta(days=120 * (round_number - 1))
    statuses = ("planned", "in progress") if round_number == 1 else ("in progress", "done", "done")
    return [new_action(s.text, gap=str(Ref.parse(s.gap).section_ref),
                       owner="me", due=(today + _dt.timedelta(days=rng.choice((30, 60, 90)))).isoformat(),
                       measure="seen in the next round's answers", level=rng.choice(LEVELS[1:]),
                       status=rng.choice(statuses)) for s in chosen]


def create_demo(store: Store, *, name: str = DEMO_TEAM, base_url: str = DEFAULT_BASE_URL,
                seed: int = 7) -> tuple[TeamRound, TeamRound]:
    """Create the demo team with two rounds of answers; returns both rounds' links."""
    try:
        find_team(store, name)
    except LeaderbookError:
        pass
    else:
        raise LeaderbookError(f"a team named {name!r} already exists in this store; pick another with --name")
    rng = random.Random(seed)
    instruments = builtin_instruments()
    sections = [str(Ref(i.id, s.id)) for i in instruments for s in i.sections]
    team_level = {ref: rng.uniform(0.35, 0.7) for ref in sections}
    mistakes = [item.id for i in instruments for s in i.sections if s.kind == "mistakes" for item in s.items]
    shared_flags = set(rng.sample(mistakes, k=5))
    people = [LEADER] + [m for m, _ in MEMBERS]
    lean = {person: rng.gauss(0, 0.08) for person in people}
    first = create_team(store, name, list(MEMBERS), leader=LEADER, label="Spring", base_url=base_url)
    planned: dict[str, set[str]] = {}
    _answer_round(store, rng, first, instruments, team_level, lean, shared_flags, planned, round_number=1)
    store.close_round(first.round.id)
    second = new_round(store, name, label="Autumn", base_url=base_url)
    # Half a year on: better across the board, and clearly better where people planned to act.
    improved = {ref: min(0.95, level + 0.05 + (0.1 if any(ref in gaps for gaps in planned.values()) else 0))
                for ref, level in team_level.items()}
    _answer_round(store, rng, second, instruments, improved, lean, shared_flags, planned, round_number=2)
    return first, second


def _answer_round(store, rng, team_round: TeamRound, instruments, team_level, lean, shared_flags, planned,
                  round_number: int) -> None:
    for link in team_round.links:
        person = link.member
        stop = UNFINISHED.get(person, len(instruments)) if round_number == 2 else len(instruments)
        if link.subject_id is None:
            # A leader sees themselves more kindly than the team sees them.
            bias = 0.12 if person == LEADER else 0.0
            levels = {ref: min(0.97, max(0.05, level + lean[person] + bias + rng.gauss(0, 0.05)))
                      for ref, level in team_level.items()}
        else:
            levels = {ref: min(0.97, max(0.05, level - 0.05 + lean[person] / 2 + rng.gauss(0, 0.05)))
                      for ref, level in team_level.items()}
        given: dict[str, dict] = {}
        for instrument in instruments[:stop]:
            entries = _answers(rng, instrument, levels, shared_flags)
            store.record_answers(link.respondent_id, team_round.round.id, instrument, entries,
                                 subject_id=link.subject_id)
            given[instrument.id] = dict(entries)
        if link.subject_id is None and stop == len(instruments):
            plan = _plan(rng, instruments, given, round_number)
            store.save_plan(link.respondent_id, team_round.round.id, plan)
            planned[person] = {action["gap"] for action in plan}
