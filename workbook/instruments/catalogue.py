"""The one place a ref (``instrument/section[/item]``, see :class:`workbook.instruments.model.Ref`) becomes a title.

A :class:`Catalogue` indexes the sections and items of some instruments (the
built-in ones when given none at all) by their canonical ref text, in guided
order. Every page, export and report asks it what a ref is called, so a
section reads the same everywhere. It is pure Python: the respondent's page
uses it through :mod:`widgets._plan_gaps`, and must not load pandas.

A ref it does not know (an action plan's gap can be free text a member typed)
is given back as it came.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .model import Instrument, Item, Ref, Section
from ..basics.printable import shorten


@dataclass(frozen=True)
class Entry:
    """An item with the instrument and section it belongs to."""

    instrument: Instrument
    section: Section
    item: Item

    @property
    def section_ref(self) -> str:
        return str(Ref(self.instrument.id, self.section.id))

    @property
    def ref(self) -> str:
        return str(Ref(self.instrument.id, self.section.id, self.item.id))


class Catalogue:
    """Every section and item of the instruments by ref, in guided order, for titles and lookups."""

    def __init__(self, instruments: Iterable[Instrument] | None = None):
        if instruments is None:
            from . import builtin_instruments  # loads YAML: only when asked for the built-in ones

            instruments = builtin_instruments()
        self.instruments = tuple(instruments)
        self.entries: dict[str, Entry] = {}
        self.sections: dict[str, tuple[Instrument, Section]] = {}
        self._by_key: dict[tuple[str, int, str], Entry] = {}
        for instrument in self.instruments:
            for section in instrument.sections:
                self.sections[str(Ref(instrument.id, section.id))] = (instrument, section)
                for item in section.items:
                    entry = Entry(instrument, section, item)
                    self.entries.setdefault(entry.ref, entry)
                    self._by_key[(instrument.id, instrument.version, item.id)] = entry

    def in_language(self, language: str) -> "Catalogue":
        """The same sections and items, their titles and texts in ``language`` where the instruments
        are translated into it (the ids are the same, so answers are found as before)."""
        if language == "en":
            return self
        from .translation import translated  # reads translation files: only when another language is asked for

        return Catalogue(translated(instrument, language) for instrument in self.instruments)

    def find(self, instrument_id: str, version: int, item_id: str) -> Entry | None:
        """The item an answer names (by instrument id, version and item id), or None."""
        return self._by_key.get((instrument_id, version, item_id))

    def knows(self, ref: str) -> bool:
        """Whether ``ref`` names one of the catalogue's sections or items."""
        return ref in self.sections or ref in self.entries

    def section_title(self, ref: str) -> str:
        """``Instrument · Section``, as figure tables and charts name a section."""
        found = self.sections.get(ref)
        return f"{found[0].title} · {found[1].title}" if found else ref

    def item_text(self, ref: str) -> str:
        """The question an item ref names."""
        entry = self.entries.get(ref)
        return entry.item.text if entry else ref

    def title(self, ref: str) -> str:
        """A figure table's name for any ref: the section's title or the item's question."""
        return self.section_title(ref) if ref in self.sections else self.item_text(ref)

    def gap_title(self, ref: str, item_length: int | None = None) -> str:
        """What an action answers, as the plan names it: ``Instrument: Section`` for a section,
        ``Section: question`` for an item (the question cut to ``item_length`` characters if given)."""
        if ref.startswith("convergence/"):  # from the convergence map (workbook.assess.convergence.Finding.gap)
            return "Convergence map: " + ("a goal" if ref.startswith("convergence/g") else "a programme")
        entry = self.entries.get(ref)
        if entry is not None:
            text = entry.item.text if item_length is None else shorten(entry.item.text, item_length)
            return f"{entry.section.title}: {text}"
        found = self.sections.get(ref)
        return f"{found[0].title}: {found[1].title}" if found else ref

    def value_labels(self, ref: str) -> dict:
        """What each value of an item means (a spread's legend and hover text)."""
        item = self.entries[ref].item
        if item.kind == "checklist":
            return {0: "no", 1: "yes"}
        return {point: item.scale.label(point) for point in item.scale.points()}

    def refs_of_kind(self, kind: str) -> list[str]:
        """The refs of every item of this kind (``"mistakes"``, ``"text"``, ...)."""
        return [ref for ref, entry in self.entries.items() if entry.item.kind == kind]
