"""SectionAssessment: any instrument section, its items shown by kind."""

from __future__ import annotations

from ._section_base import _SectionBase
from .checklist import ChecklistItem
from .mistakes import MistakeItem
from .rating import RatingScale
from .text import TextAnswer

#: The widget that shows one item, per item kind.
ITEM_WIDGETS = {"rating": RatingScale, "checklist": ChecklistItem, "mistakes": MistakeItem, "text": TextAnswer}


class SectionAssessment(_SectionBase):
    """A whole instrument section of any kind: title, help, its items, completion,
    and the score once every item is answered.

    ``value`` is ``{item_id: answer}`` for the answered items. Build it with
    ``SectionAssessment.from_section(section_or_id, instrument, binding)``.
    """

    item_widgets = ITEM_WIDGETS
