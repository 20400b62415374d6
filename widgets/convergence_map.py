"""ConvergenceMap: the organisation's goals beside its training programmes, linked in a grid.

The leader lists the strategic goals (name, owner, priority, horizon) and the
programmes (name, people reached, cost, evaluation level reached so far),
pastes programmes from a spreadsheet column, and marks which programme serves
which goal (none, some, direct). Under the grid: the map drawn as a picture
and what a coach reads in it (:func:`workbook.assess.convergence.findings`), each
finding with a one-click "Add to my plan".

The editor is drawn by ``static/convergence_map.js`` (anywidget, like the
radio group): one model for the whole map however large, a real table with
labelled controls. The kernel stays the judge: the page may only send a whole
new ``value``, which :func:`workbook.assess.convergence.check_map` checks (a refused
one shows why and nothing is saved), or a message asking to paste lines or to
add a finding's action to the plan, which is checked here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import anywidget
from traitlets import Bool, Dict, List, TraitError, Unicode, observe, validate

from workbook.assess.convergence import (EVALUATIONS, GOAL_DEFAULTS, HORIZONS, PRIORITIES, PROGRAMME_DEFAULTS, STRENGTHS,
                                  WORKSHEET, MapError, check_map, empty_map, normalise_name)
from workbook.assess.convergence import findings as map_findings
from workbook.basics.i18n import N_, SOURCE_LANGUAGE, translator
from workbook.views.charts import convergence_matrix

from ._browser import _BrowserInput
from ._views import render
from .saving import _SavesWorksheet

_HERE = Path(__file__).parent


#: Every text the map's editor shows (``static/convergence_map.js`` looks each one up by its English),
#: and the choices' values as the page shows them; sent, translated, as ``_texts``.
EDITOR_TEXTS = (
    N_("1 programme added."),
    N_("Add at least one goal and one programme to link them."),
    N_("Add goal"),
    N_("Add programme"),
    N_("Add these programmes"),
    N_("Cost of programme {name}"),
    N_("Cost"),
    N_("Delete goal {name}"),
    N_("Delete programme {name}"),
    N_("Delete this row and its links"),
    N_("Delete"),
    N_("Each button says how strongly a programme serves a goal: a click (or Enter) moves it from none to some "
       "to direct, and back to none."),
    N_("Evaluated up to"),
    N_("Goal"),
    N_("Goals"),
    N_("Highest evaluation level of programme {name}"),
    N_("Horizon of goal {name}"),
    N_("Horizon"),
    N_("Link {programme} to {goal}: {strength}"),
    N_("Links between programmes (rows) and goals (columns)"),
    N_("Links between programmes and goals"),
    N_("Links"),
    N_("Name of goal {name}"),
    N_("Name of programme {name}"),
    N_("New goal"),
    N_("New programme"),
    N_("No goals yet: name one below, then press Add goal."),
    N_("No programmes yet: name one below, or paste a list."),
    N_("One programme a line"),
    N_("Owner of goal {name}"),
    N_("Owner"),
    N_("Paste a list of programmes"),
    N_("People programme {name} reaches"),
    N_("People reached"),
    N_("Priority of goal {name}"),
    N_("Priority"),
    N_("Programme"),
    N_("Programmes to add, one a line (from a spreadsheet column; a second and third column give the people "
       "reached and the cost)"),
    N_("Programmes"),
    N_("Strategic goals"),
    N_("Training programmes"),
    N_("Which programme serves which goal"),
    N_("Your organisation's strategic goals"),
    N_("Your training programmes"),
    N_("goal {number}"),
    N_("programme {number}"),
    N_("who answers for it"),
    N_("{count} programmes added."),
)
CHOICE_TEXTS = (
    N_("high"),
    N_("medium"),
    N_("low"),
    N_("within a year"),
    N_("one to three years"),
    N_("beyond three years"),
    N_("none"),
    N_("reaction"),
    N_("learning"),
    N_("behaviour"),
    N_("results"),
    N_("some"),
    N_("direct"),
)

#: The fields a person types (saved once the typing pauses); every other change is saved at once.
_TYPED = {"goals": ("name", "owner"), "programmes": ("name", "reach", "cost")}


def finding_key(finding) -> str:
    """A finding's name that outlives a redraw: its kind and the goal or programme it is about."""
    return f"{finding.kind}/{finding.goal or ''}/{finding.programme or ''}"


_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def _pasted_number(cell: str, integer: bool):
    """A spreadsheet cell as a number ("1,200", "€ 3 500" included), None when empty or not one."""
    cleaned = re.sub(r"[\s,'’€$£]", "", cell)
    if not _NUMBER.match(cleaned):
        return None
    number = float(cleaned)
    return int(number) if integer and number.is_integer() else (None if integer else number)


def programmes_from_paste(text: str) -> list[dict]:
    """Programme rows from lines pasted from a spreadsheet: one programme a line, the name
    first; a second and third tab-separated column, when they hold numbers, are the people
    reached and the cost. Blank lines are skipped."""
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.split("\t")]
        if not cells[0]:
            continue
        reach = _pasted_number(cells[1], integer=True) if len(cells) > 1 else None
        cost = _pasted_number(cells[2], integer=False) if len(cells) > 2 else None
        rows.append({"name": cells[0], "reach": reach, "cost": cost})
    return rows


def _next_id(rows, prefix: str, taken=()) -> str:
    numbers = [int(r["id"][1:]) for r in rows if r["id"][1:].isdigit()] + [int(t[1:]) for t in taken]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _only_typed(old: dict, new: dict) -> bool:
    """Whether ``new`` differs from ``old`` only in typed fields (names, owners, reach, cost)."""
    if old.get("links") != new.get("links"):
        return False
    for kind, typed in _TYPED.items():
        before, after = old.get(kind, []), new.get(kind, [])
        if [r["id"] for r in before] != [r["id"] for r in after]:
            return False
        for a, b in zip(before, after):
            if {k: v for k, v in a.items() if k not in typed} != {k: v for k, v in b.items() if k not in typed}:
                return False
    return True


class ConvergenceMap(_SavesWorksheet, _BrowserInput, anywidget.AnyWidget):
    """Goals × programmes, linked; the map's findings, each one click from the action plan.

    ``value`` is the map as plain data (see :mod:`workbook.assess.convergence`).
    With a ``binding`` every accepted change is saved as the worksheet
    ``workbook.assess.convergence.WORKSHEET`` (typed text once the typing pauses)
    and a new widget starts from what was saved. ``on_add_action(what, gap,
    level)`` is called when "Add to my plan" is clicked (the guided page
    wires it to :meth:`widgets.ActionPlan.add`); without it, findings show
    no button. ``planned`` lists the actions already in the plan, whose
    buttons say so instead.
    """

    _esm = _HERE / "static" / "convergence_map.js"
    _css = _HERE / "static" / "convergence_map.css"

    value = Dict(help="The map: goals, programmes and the links between them.").tag(sync=True)
    findings = List(help="What the map shows: workbook.assess.convergence.Finding, one per goal or programme at issue.")
    planned = List(Unicode(), help="The actions already in the plan (their 'what').")
    disabled = Bool(False, help="Shown but not changeable (a closed round).").tag(sync=True)
    _choices = Dict(help="The options of each choice, as the page lists them, and a new row's defaults.").tag(sync=True)
    _picture = Unicode(help="The map drawn as SVG (workbook.views.charts.convergence_matrix).").tag(sync=True)
    _texts = Dict(help="The editor's texts in the page's language, keyed by their English (empty in English)."
                  ).tag(sync=True)
    _findings_html = Unicode(help="The findings and their buttons, from the widget's template.").tag(sync=True)

    def __init__(self, value=None, *, binding=None, on_add_action: Callable | None = None,
                 language: str = SOURCE_LANGUAGE, **kwargs):
        self.on_add_action, self.language = on_add_action, language
        value = self._first_value(binding, WORKSHEET, value, check_map, empty_map)
        choices = {"priority": list(PRIORITIES), "horizon": list(HORIZONS), "evaluation": list(EVALUATIONS),
                   "strength": ["none", *STRENGTHS],
                   "defaults": {"goals": GOAL_DEFAULTS, "programmes": PROGRAMME_DEFAULTS}}
        _ = translator(language).gettext
        texts = {english: _(english) for english in (*EDITOR_TEXTS, *CHOICE_TEXTS) if _(english) != english}
        super().__init__(value=value, _choices=choices, _texts=texts,
                         save_state="saved" if binding is not None else "not saved", **kwargs)
        self.on_msg(self._message)
        self._redraw()
        self._live = True

    # -- what the page may do --------------------------------------------------------------

    def paste_programmes(self, text: str) -> int:
        """Add a programme for each line of ``text`` (see :func:`programmes_from_paste`) not
        already on the map; returns how many were added. Raises TraitError (nothing added) if the map refuses them."""
        if not isinstance(text, str):
            raise TraitError("paste the programmes as text, one a line")
        known = {normalise_name(p["name"]) for p in self.value["programmes"]}
        rows, taken = [], []
        for row in programmes_from_paste(text):
            if normalise_name(row["name"]) in known:  # pasting a list twice adds nothing twice
                continue
            known.add(normalise_name(row["name"]))
            row = {"id": _next_id(self.value["programmes"], "p", taken), **row}
            taken.append(row["id"])
            rows.append(row)
        if not rows:
            raise TraitError("there is nothing new to add: paste one programme a line")
        self.value = {**self.value, "programmes": [*self.value["programmes"], *rows]}
        return len(rows)

    def add_to_plan(self, key: str) -> None:
        """Add the suggested action of the finding named ``key`` (:func:`finding_key`) to the plan."""
        if self.on_add_action is None:
            raise TraitError("this map is not joined to an action plan")
        found = [f for f in self.findings if finding_key(f) == key]
        if not found:
            raise TraitError("that finding is no longer on the map; the list below is up to date")
        finding = found[0]
        self.on_add_action(finding.action, finding.gap, finding.level)
        self.planned = [*self.planned, finding.action]

    def refresh(self) -> None:
        """What a Stepper calls on entering the step: learn which actions the plan holds now."""
        if self.binding is not None:
            self.planned = [action["what"] for action in self.binding.plan()]

    def _message(self, _widget, content, _buffers) -> None:
        """A click the page reports: paste these lines, or add that finding's action to the plan."""
        try:
            if self.disabled:
                raise TraitError("this map can no longer change")
            if not isinstance(content, dict) or len(content) != 1:
                raise TraitError("the page sent a message this map does not know")
            (kind, argument), = content.items()
            if kind == "paste" and isinstance(argument, str):
                added = self.paste_programmes(argument)
                self.send({"pasted": added})
            elif kind == "add" and isinstance(argument, str):
                self.add_to_plan(argument)
            else:
                raise TraitError("the page sent a message this map does not know")
        except (TraitError, ValueError) as exc:
            self.error = translator(self.language).gettext("That change was not accepted: %(reason)s") % {
                "reason": str(exc)[:300]}

    # -- validation and saving ------------------------------------------------------------

    def _precheck(self, sync_data) -> None:
        if self.disabled:
            raise TraitError("this map can no longer change")
        super()._precheck(sync_data)

    @validate("value")
    def _validate_value(self, proposal):
        try:
            return check_map(proposal.value)
        except MapError as exc:
            raise TraitError(str(exc)) from None

    @observe("value")
    def _value_changed(self, change):
        self._redraw()
        self._save_worksheet(WORKSHEET, change.new, typing=_only_typed(change.old or empty_map(), change.new))

    # -- showing --------------------------------------------------------------------------

    @observe("planned")
    def _planned_changed(self, _change):
        self._show_findings()

    def _redraw(self) -> None:
        self.findings = map_findings(self.value)
        self._picture = str(convergence_matrix(self.value)) if self.value["goals"] else ""
        self._show_findings()

    def _show_findings(self) -> None:
        planned = set(self.planned)
        shown = [{"key": finding_key(f), "text": f.text, "action": f.action, "source": f.source,
                  "planned": f.action in planned} for f in self.findings]
        self._findings_html = render("convergence_findings.html.j2", language=self.language, findings=shown,
                                     can_add=self.on_add_action is not None,
                                     empty=not (self.value["goals"] or self.value["programmes"]))
