"""Reusable ipywidgets for leaderbook's assessments, built on :mod:`workbook`.

Every answering widget is built from instrument data (``from_item``,
``from_section``, ``from_instrument``), keeps its answer as plain JSON data in
``value``, refuses bad values from the browser with a message, and, given a
:class:`StoreBinding`, writes every change through to the store and fills
itself from it. Display :func:`style` once per page for the package's CSS.

Importing this package loads ipywidgets and the workbook core only (never
pandas, matplotlib or a schema library), so a respondent's page stays light.

What it holds: the reusable widgets (answering widgets, sections, the
stepper, results, the action plan, calculators, the convergence map), their
store binding, their templates and static CSS/JS, and :mod:`widgets.testing`
to drive them without a browser. An application's pages live in :mod:`pages`.

May import: ipywidgets, anywidget, traitlets, the workbook core (its pure,
light modules) and its view layer. Never Voila, tornado, jupyter_server or
:mod:`pages` (tests/test_layers.py).
"""

from ._base import SAVE_STATES
from ._inputs import TextInput
from .action_plan import ActionPlan
from .binding import StoreBinding
from .calculators import CostOfNonTraining, JustificationPlanner
from .checklist import Checklist, ChecklistItem
from .connection import ConnectionWatch
from .convergence_map import ConvergenceMap
from .instrument import InstrumentAssessment
from .keys import KeyCommands
from .mistakes import MistakeChecklist, MistakeItem
from .page_language import PageLanguage
from .rating import RatingScale
from .results import Results
from .saving import combined_save_state
from .section import ITEM_WIDGETS, SectionAssessment
from .status import SaveStatus
from .stepper import Stepper
from .style import style
from .text import TextAnswer

__all__ = [
    "ITEM_WIDGETS", "SAVE_STATES", "ActionPlan", "Checklist", "ChecklistItem", "ConnectionWatch",
    "ConvergenceMap", "CostOfNonTraining", "InstrumentAssessment", "JustificationPlanner", "KeyCommands",
    "MistakeChecklist", "MistakeItem", "PageLanguage", "RatingScale", "Results", "SaveStatus", "SectionAssessment",
    "Stepper", "StoreBinding", "TextAnswer", "TextInput", "combined_save_state", "style",
]
