"""InstrumentAssessment: every section of one instrument, with the instrument's completion."""

from __future__ import annotations

from ipywidgets import HTML, VBox
from traitlets import Enum, Float, Int

from workbook.basics.i18n import SOURCE_LANGUAGE
from workbook.instruments import find_instrument
from workbook.instruments.model import Instrument
from workbook.assess.progress import answered_count, total_items

from ._base import SAVE_STATES, combined_save_state
from ._shared import full_width, html_style
from ._views import render
from .section import SectionAssessment


class InstrumentAssessment(VBox):
    """All sections of an instrument, one :class:`SectionAssessment` each, under its title.

    Reads the binding once for the whole instrument. ``completion`` is the
    share of the instrument's items answered, counted as
    :mod:`workbook.assess.progress` counts them (free text is optional and does not
    count), as the page and the coach's dashboard do.
    """

    answered = Int(0, help="Items that count towards finishing, answered (free text does not count).").tag(sync=True)
    total = Int(0, help="Items that count towards finishing (free text does not).").tag(sync=True)
    completion = Float(0.0, help="answered / total, from 0 to 1.").tag(sync=True)
    save_state = Enum(SAVE_STATES, "not saved", help="The sections' save state, combined.").tag(sync=True)

    def __init__(self, instrument: Instrument, *, binding=None, language: str = SOURCE_LANGUAGE, **kwargs):
        self.instrument, self.binding, self.language = instrument, binding, language
        answers = binding.answers(instrument) if binding is not None else {}
        self.sections = tuple(SectionAssessment(section, instrument, binding=binding, answers=answers,
                                                language=language)
                              for section in instrument.sections)
        header = HTML(render("instrument_header.html.j2", title=instrument.title, description=instrument.description),
                      layout=full_width(), style=html_style(), _dom_classes=("lb-instrument-header",))
        super().__init__(children=(header, *self.sections), total=total_items([instrument]),
                         _dom_classes=("lb-instrument", f"lb-instrument-{instrument.id}"), **kwargs)
        for section in self.sections:
            section.observe(self._section_changed, names=["answered", "save_state"])
        self._section_changed(None)

    @classmethod
    def from_instrument(cls, instrument, binding=None, **kwargs):
        """The widget for ``instrument`` (an Instrument, or a built-in's id), filled from ``binding``."""
        if isinstance(instrument, str):
            instrument = find_instrument(instrument)
        return cls(instrument, binding=binding, **kwargs)

    def _section_changed(self, change):
        answered = answered_count(self.instrument, {k: v for s in self.sections for k, v in s.value.items()})
        with self.hold_sync():
            self.answered = answered
            self.completion = answered / self.total if self.total else 1.0
            self.save_state = combined_save_state(s.save_state for s in self.sections)
