"""The typed reference ``instrument/section[/item]`` and the one catalogue that names refs."""

from __future__ import annotations

import pytest

from workbook.instruments.catalogue import Catalogue
from workbook.errors import InputError
from workbook.instruments import builtin_instruments
from workbook.instruments.model import Ref
from workbook.assess.scoring import flagged_mistakes, score_instrument, suggest_actions


def _every_ref():
    for instrument in builtin_instruments():
        for section in instrument.sections:
            yield f"{instrument.id}/{section.id}", (instrument.id, section.id, None)
            for item in section.items:
                yield f"{instrument.id}/{section.id}/{item.id}", (instrument.id, section.id, item.id)


def test_every_built_in_ref_reads_back_into_its_parts_and_prints_as_it_was_written():
    refs = list(_every_ref())
    assert len(refs) > 147  # every item, and every section
    for text, (instrument, section, item) in refs:
        ref = Ref.parse(text)
        assert (ref.instrument, ref.section, ref.item) == (instrument, section, item)
        assert str(ref) == text
        assert ref == Ref(instrument, section, item)


def test_an_item_ref_knows_its_section_and_a_section_ref_is_its_own():
    item = Ref.parse("leader-skills/core-skills/listens")
    assert item.section_ref == Ref("leader-skills", "core-skills")
    assert str(item.section_ref) == "leader-skills/core-skills"
    assert item.section_ref.section_ref == item.section_ref


@pytest.mark.parametrize("text", [
    "", "leader-skills", "leader-skills/", "/core", "a/b/c/d", "a//c", "Leader-Skills/core", "a/b c",
    "a/b\n", "a/b/", "1a/b", "a/b/../c", None, 3, ("a", "b"),
])
def test_malformed_refs_are_refused_with_the_projects_error(text):
    with pytest.raises(InputError, match="instrument/section"):
        Ref.parse(text)


def test_scoring_gives_refs_in_the_canonical_text():
    instrument = next(i for i in builtin_instruments() if any(s.kind == "mistakes" for s in i.sections))
    mistakes = next(s for s in instrument.sections if s.kind == "mistakes")
    answers = {item.id: 3 for item in mistakes.items}
    flagged = flagged_mistakes(instrument, answers)
    assert flagged[0].ref == f"{instrument.id}/{mistakes.id}/{flagged[0].item_id}"
    scores = score_instrument(instrument, answers)
    assert [s.ref for s in scores] == [f"{instrument.id}/{s.id}" for s in instrument.sections]
    for suggestion in suggest_actions(instrument, answers):
        assert str(Ref.parse(suggestion.gap)) == suggestion.gap


def test_the_catalogue_names_sections_and_items():
    catalogue = Catalogue()
    instrument = builtin_instruments()[1]
    section = instrument.sections[0]
    item = section.items[0]
    section_ref, item_ref = f"{instrument.id}/{section.id}", f"{instrument.id}/{section.id}/{item.id}"
    assert catalogue.section_title(section_ref) == f"{instrument.title} · {section.title}"
    assert catalogue.item_text(item_ref) == item.text
    assert catalogue.title(section_ref) == f"{instrument.title} · {section.title}"
    assert catalogue.title(item_ref) == item.text
    assert catalogue.gap_title(section_ref) == f"{instrument.title}: {section.title}"
    assert catalogue.gap_title(item_ref) == f"{section.title}: {item.text}"
    assert catalogue.knows(section_ref) and catalogue.knows(item_ref)


def test_the_catalogue_cuts_a_long_question_only_when_asked():
    catalogue = Catalogue()
    entry = max(catalogue.entries.values(), key=lambda e: len(e.item.text))
    assert len(entry.item.text) > 40
    short = catalogue.gap_title(entry.ref, 40)
    assert short.startswith(f"{entry.section.title}: ") and short.endswith("…")
    assert len(short) - len(f"{entry.section.title}: ") <= 41  # 40 characters and the "…"
    assert catalogue.gap_title(entry.ref) == f"{entry.section.title}: {entry.item.text}"


@pytest.mark.parametrize("text", ["leader-skills/no-such-section", "leader-skills/core-skills/no-such-item",
                                  "no-such-instrument/core", "Talk to my manager about budgets", ""])
def test_an_unknown_ref_or_free_text_comes_back_as_it_was(text):
    catalogue = Catalogue()
    assert not catalogue.knows(text)
    for title in (catalogue.section_title, catalogue.item_text, catalogue.title, catalogue.gap_title):
        assert title(text) == text


def test_a_catalogue_of_some_instruments_knows_only_theirs():
    first, second = builtin_instruments()[:2]
    catalogue = Catalogue([first])
    assert catalogue.instruments == (first,)
    assert catalogue.knows(f"{first.id}/{first.sections[0].id}")
    assert not catalogue.knows(f"{second.id}/{second.sections[0].id}")
    assert Catalogue([]).sections == {}


def test_the_catalogue_finds_an_answers_item_by_instrument_version_and_id():
    instrument = builtin_instruments()[0]
    section, item = instrument.sections[0], instrument.sections[0].items[0]
    entry = Catalogue().find(instrument.id, instrument.version, item.id)
    assert (entry.instrument, entry.section, entry.item) == (instrument, section, item)
    assert entry.ref == f"{instrument.id}/{section.id}/{item.id}"
    assert entry.section_ref == f"{instrument.id}/{section.id}"
    assert Catalogue().find(instrument.id, instrument.version + 1, item.id) is None
