"""RatingScale: one item on its instrument's scale, with "not applicable" apart from every score."""

from __future__ import annotations

from workbook.basics.i18n import N_, SOURCE_LANGUAGE, translator
from workbook.instruments.model import NOT_APPLICABLE

from ._base import _AnswerItem, same_answer
from ._radio import RadioGroup

#: The label of the choice that leaves an item out of the score.
NOT_APPLICABLE_LABEL = N_("Not applicable")
NOT_APPLICABLE_TOOLTIP = N_("Not applicable: skip this item; it does not count in your score")


def scale_choices(scale, extra=(), language: str = SOURCE_LANGUAGE) -> tuple[list[tuple[str, object]], list[str]]:
    """Options ``(label, point)`` and their tooltips for a scale, plus ``extra`` (label, value, tooltip,
    in English: translated here into ``language``)."""
    _ = translator(language).gettext
    options = [(scale.label(point), point) for point in scale.points()]
    tooltips = [_("%(label)s (%(point)s on a scale of %(min)s to %(max)s)")
                % {"label": scale.label(point), "point": point, "min": scale.min, "max": scale.max}
                for point in scale.points()]
    for label, value, tooltip in extra:
        options.append((_(label), value))
        tooltips.append(_(tooltip))
    return options, tooltips


class _ScaleItem(_AnswerItem):
    """Private base of the items answered by pressing one button of a scale."""

    def _choices(self):
        return scale_choices(self.item.scale, language=self.language)

    def _build_controls(self, value, note):
        options, tooltips = self._choices()
        self._values = [v for _, v in options]
        self._buttons = RadioGroup(options=options, tooltips=tooltips, index=self._index_of(value),
                                   label=self.item.text, _dom_classes=("lb-choices",))
        self._buttons.observe(self._index_picked, names="index")
        self._watch_refusals(self._buttons)
        return (self._buttons,)

    def _index_of(self, value):
        for index, option in enumerate(self._values):
            if same_answer(option, value):
                return index
        return None

    def _index_picked(self, change):
        self.value = self._values[change.new] if change.new is not None else None

    def _show(self):
        self._buttons.index = self._index_of(self.value)


class RatingScale(_ScaleItem):
    """One rating item: a button per labelled point of its scale (e.g. Never … Always),
    and a separate "Not applicable" that leaves the item out of the score.

    ``value`` is the point (an int), ``"na"``, or None while unanswered.
    Build it with :meth:`from_item` to restore a stored answer.
    """

    kinds = ("rating",)

    def _choices(self):
        return scale_choices(self.item.scale, [(NOT_APPLICABLE_LABEL, NOT_APPLICABLE, NOT_APPLICABLE_TOOLTIP)],
                             language=self.language)
