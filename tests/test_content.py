"""Checks on the built-in assessment content (workbook/instruments/builtin/*.yaml).

The concept map of CONTENT.md is written out below, step by step, so these
tests do not need CONTENT.md: every concept must be asked about by at least
one item of an instrument of its step, every item must be traceable to a
seed, and no sentence may be copied from the seeds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbook.instruments import builtin_instruments

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_IDS = {"000", "001", "002", "003", "004"}
RUN = 8  # words in a row that may not be shared with a seed
MIN_ITEMS, MAX_ITEMS = 80, 150

#: The concepts of CONTENT.md steps 1-9, as named in the items' `concept`.
CONCEPTS: dict[int, list[str]] = {
    1: [
        # managing vs leading (each side is one pole of the profile)
        "responding to current needs",
        "adapting to change",
        "setting goals and procedures",
        "setting a direction (vision) and strategy",
        "organising resources and delegating",
        "uniting people and building coalitions",
        "monitoring and control",
        "motivating and inspiring",
        # the three management domains of the training system
        "management domain: the education system",
        "management domain: the people",
        "management domain: the courses",
        # trainer vs strategic training leader
        "core focus: content and delivery",
        "core focus: human and business impact",
        "scope: ends at the workshop",
        "scope: begins after the workshop",
        "relationship with management: executes instructions",
        "relationship with management: trusted advisor",
    ],
    2: [
        "communication and continuous knowledge sharing",
        "integration and alignment of goals and programmes",
        "environmental awareness",
        "emotional intelligence",
        "motivation of followers",
        "avoiding ambiguity: transparency",
        "avoiding ambiguity: clear objectives",
        "business acumen",
        "internal consulting (diagnose before prescribing)",
        "data literacy",
        "influencing skills",
    ],
    3: [
        "transformation: unstable environment",
        "transformation: multi-skilled people",
        "effectiveness: assessing programme effectiveness",
        "outsourcing: what to buy from outside",
        "outsourcing: universities and training centres",
        "outsourcing: budget and time limits",
    ],
    4: [
        # leading before change
        "leading before change",
        "a view of the future",
        "direction set inductively from wide data",
        "knowledge the organisation needs",
        "a realistic strategy",
        # alignment before organizing
        "alignment before organizing",
        "interdependent processes",
        "shared beliefs about training",
        "winning over managers who distrust or obstruct programmes",
        "consensus on vision and goals at all levels",
        # motivation ahead of control
        "motivation ahead of control",
        "the vision values organisational and personal knowledge",
        "employees take part in decisions on the part they deliver",
        "positive feedback on understanding the vision",
        "rewarding every success, small or large",
        # qualitative development before quantitative growth
        "qualitative development before quantitative growth",
        "balance among implementation elements",
        "effective delegation",
        "a simple shared vision and mission",
        "specific and measurable goals",
        "people who can act and see results",
        "training everyone to a common understanding",
        "feedback",
        "anticipating problems",
    ],
    5: [
        "situational analysis: long-term goals",
        "situational analysis: mission",
        "situational analysis: vision",
        "situational analysis: capabilities",
        "situational analysis: environment",
        "what happens if we do not converge",
        "what is needed",
        "which obstacles and how to deal with them",
        "list usable strategies",
        "choose a process that speeds the work",
        "involve everyone who contributes or benefits",
        "structure that fits the strategy",
        "coordination skills",
        "resources and skills at the executive level",
        "a training culture fitting the new strategy",
        "how far goals were met",
        "fit with strategy",
        "continuous improvement",
        "preventing drift and fixing defects",
        "efficiency of everyone involved",
    ],
    6: [
        # mistakes
        "convergence without executive value",
        "justification: priority",
        "justification: timetable",
        "justification: impact",
        "justification: participation",
        "justification: obstacles",
        "employees and programme members do not fully understand the strategies",
        "weak networks and information flow",
        "ambiguity in delegating responsibilities",
        "the leader tries to do it all",
        "reduced support from senior managers",
        "failure to detect obstacles and barriers",
        # obstacles
        "lack of awareness of the training system's real situation",
        "self-delusion about the current state of training programmes",
        "wish to keep the status quo",
        "fear of change",
        "negative views about change",
    ],
    7: [
        "modelling learning",
        "recognising and rewarding learning",
        "budget",
        "materials",
        "time",
        "partnership with HR and L&D",
        "skill-gap analysis",
        "learning technology",
        "metrics and KPIs",
        "feedback mechanisms",
        "iterative improvement",
        # key responsibilities (002)
        "clear expectations and goals",
        "strategic resource allocation",
        "modelling desired behaviours",
        "ongoing support and feedback",
        "a learning culture with psychological safety",
        # the six execution steps (002)
        "assess needs",
        "design relevant programmes",
        "communicate the purpose",
        "support active engagement",
        "monitor and adjust",
        "follow up after training",
        # learning in the daily work (002)
        "embedding learning in the work rhythm",
        "peer networks and communities of practice",
        "tying outcomes to business metrics",
        "growth mindset",
    ],
    8: [
        "integrating learning with knowledge management",
        "training as an investment",
        "the cost of mistakes",
        "the cost of non-training",
        "infrastructure-savvy: LMS",
        "infrastructure-savvy: video",
        "infrastructure-savvy: mobile and just-in-time delivery",
        "opinions and media presence",
        "performance support system: job aids",
        "performance support system: the manager's support",
        "performance support system: measuring performance on the job",
    ],
    9: [
        # alliances with department heads
        "speak the language of their results",
        "involve them early in design",
        "field presence",
        "deliver quick wins",
        # the roadmap
        "align every programme with an organisational goal",
        "continuous learning journeys",
        "Kirkpatrick level 3: behaviour",
        "Kirkpatrick level 4: results",
        "measure what matters",
        "a network of learning ambassadors",
    ],
}

#: The file id each guided step's instrument must have.
STEP_IDS = {
    1: "leader-or-manager",
    2: "leader-skills",
    3: "why-converge",
    4: "leadership-functions",
    5: "convergence-process",
    6: "mistakes-obstacles",
    7: "executing-training",
    8: "learning-leader",
    9: "alliances-roadmap",
}


def _kind(section) -> str:
    return str(getattr(section.kind, "value", section.kind))


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _items():
    """(instrument, section, item) for every built-in item."""
    for instrument in builtin_instruments():
        for section in instrument.sections:
            for item in section.items:
                yield instrument, section, item


def _concepts_of_step(step: int) -> set[str]:
    return {
        _norm(item.concept)
        for instrument, _, item in _items()
        if instrument.step == step and item.concept
    }


def test_one_instrument_per_step():
    by_step = {}
    for instrument in builtin_instruments():
        assert instrument.step in STEP_IDS, f"{instrument.id}: step {instrument.step} is not a guided step 1-9"
        assert instrument.step not in by_step, (
            f"step {instrument.step} has two instruments: {by_step[instrument.step]} and {instrument.id}"
        )
        by_step[instrument.step] = instrument.id
    assert by_step == STEP_IDS


@pytest.mark.parametrize("step", sorted(CONCEPTS))
def test_every_concept_is_covered(step):
    covered = _concepts_of_step(step)
    missing = [concept for concept in CONCEPTS[step] if _norm(concept) not in covered]
    assert not missing, f"step {step}: no item covers {missing}"


@pytest.mark.parametrize("step", sorted(CONCEPTS))
def test_every_item_concept_is_on_the_map(step):
    """Catches typos: an item's concept must be one of its step's concepts."""
    known = {_norm(c) for c in CONCEPTS[step]}
    unknown = sorted(_concepts_of_step(step) - known)
    assert not unknown, f"step {step}: concepts not in the concept map: {unknown}"


def test_every_item_has_concept_source_and_actions():
    problems = []
    for instrument, section, item in _items():
        where = f"{instrument.id}/{section.id}/{item.id}"
        if not (item.concept or "").strip():
            problems.append(f"{where}: no concept")
        source = item.source or section.source
        if source is None:
            problems.append(f"{where}: no source (own or section)")
        else:
            if source.seed not in SEED_IDS:
                problems.append(f"{where}: unknown seed {source.seed!r}")
            if not (source.section or "").strip():
                problems.append(f"{where}: source without a section")
        if _kind(section) in ("rating", "mistakes") and not (item.actions or section.actions):
            problems.append(f"{where}: a {_kind(section)} item needs at least one action")
    assert not problems, "\n".join(problems)


def test_poles_only_in_step_one():
    poles = {1: {"leader": 0, "manager": 0}}
    for instrument, section, item in _items():
        if item.pole is None:
            continue
        assert instrument.step == 1, f"{instrument.id}/{item.id}: a pole outside step 1"
        assert _kind(section) == "rating"
        poles[1][item.pole] += 1
    assert poles[1]["leader"] > 0 and poles[1]["manager"] > 0
    assert poles[1]["leader"] == poles[1]["manager"], f"step 1 poles are unbalanced: {poles[1]}"


def test_mistakes_step_has_both_checklists():
    instrument = next(i for i in builtin_instruments() if i.step == 6)
    kinds = {section.id: _kind(section) for section in instrument.sections}
    assert kinds.get("mistakes") == "mistakes"
    assert kinds.get("obstacles") == "mistakes"


def test_situational_analysis_has_its_three_questions():
    instrument = next(i for i in builtin_instruments() if i.step == 5)
    text_items = [item for section in instrument.sections if _kind(section) == "text" for item in section.items]
    assert len(text_items) >= 3


def test_total_item_count():
    total = sum(1 for _ in _items())
    assert MIN_ITEMS <= total <= MAX_ITEMS, f"{total} items; the built-ins should hold {MIN_ITEMS}-{MAX_ITEMS}"


# --- no copied sentences --------------------------------------------------

def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _runs(words: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _own_texts():
    """(where, text) for every piece of prose we wrote: descriptions, help, items, actions."""
    for instrument in builtin_instruments():
        yield f"{instrument.id}: title", instrument.title
        yield f"{instrument.id}: description", instrument.description
        for section in instrument.sections:
            where = f"{instrument.id}/{section.id}"
            yield f"{where}: title", section.title
            yield f"{where}: help", section.help
            for n, action in enumerate(section.actions):
                yield f"{where}: action {n + 1}", action
            for item in section.items:
                yield f"{where}/{item.id}: text", item.text
                yield f"{where}/{item.id}: help", item.help
                for n, action in enumerate(item.actions):
                    yield f"{where}/{item.id}: action {n + 1}", action


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed documents not found at {SEEDS}")
def test_no_sentence_is_copied_from_a_seed():
    seed_runs: dict[tuple[str, ...], str] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        for run in _runs(_words(path.read_text(encoding="utf-8", errors="replace"))):
            seed_runs.setdefault(run, path.name)
    assert seed_runs, f"no seed text found in {SEEDS}"
    copied = []
    for where, text in _own_texts():
        for run in sorted(_runs(_words(text or ""))):
            if run in seed_runs:
                copied.append(f"{where}: '{' '.join(run)}' (in {seed_runs[run]})")
    assert not copied, "text shares 8 or more words in a row with a seed:\n" + "\n".join(copied)


def test_what_a_respondent_reads_carries_no_author_notes_or_step_numbers():
    # Scoring notes ("Reverse item; ...") belong in YAML comments; step numbers shift with the
    # programme (and the page counts its welcome), so texts name other steps by what they hold.
    from workbook.instruments import builtin_instruments

    shown = []
    for instrument in builtin_instruments():
        shown += [instrument.description or ""]
        for section in instrument.sections:
            shown += [section.help or ""] + [f"{item.text} {item.help or ''}" for item in section.items]
    assert not [t for t in shown if re.search(r"reverse item|\bstep \d|\btick each", t, re.IGNORECASE)]
