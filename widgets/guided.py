"""The guided workbook: every instrument, then results and the action plan, in one Stepper."""

from __future__ import annotations

from workbook.instruments import builtin_instruments

from .action_plan import ActionPlan
from .instrument import InstrumentAssessment
from .results import Results
from .stepper import Stepper


def guided_workbook(binding=None, instruments=None, *, comparison=None, extra_steps=()) -> Stepper:
    """A Stepper over ``instruments`` (the built-ins by default), then "Results" and "Action plan".

    With a ``binding`` every answer is written through and the page fills
    itself from the store; without one it works unsaved. ``extra_steps``
    (``[(title, widget), ...]``, e.g. the calculators) go before the results.
    """
    instruments = tuple(instruments) if instruments is not None else builtin_instruments()
    assessments = [InstrumentAssessment(instrument, binding=binding) for instrument in instruments]

    def answers():
        # The widgets hold what the store holds (and the answers of an unsaved page too).
        return {a.instrument.id: {k: v for s in a.sections for k, v in s.value.items()} for a in assessments}

    results = Results(instruments=instruments, binding=binding, answers=answers, comparison=comparison)
    plan = ActionPlan(instruments, binding=binding, answers=answers)
    steps = [(instrument.title, assessment) for instrument, assessment in zip(instruments, assessments)]
    steps += list(extra_steps)
    steps += [("Results", results), ("Action plan", plan)]
    return Stepper(steps)
