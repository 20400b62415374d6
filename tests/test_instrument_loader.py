"""Loading instrument YAML: good files load, bad ones fail naming file, line and problem."""

from __future__ import annotations

import textwrap

import pytest

from workbook.errors import InstrumentError
from workbook.instruments.loader import load_instrument, parse_instrument, validate_files
from workbook.instruments.model import DEFAULT_SCALE, SEVERITY_SCALE

GOOD = textwrap.dedent("""\
    id: good
    version: 2
    title: Good
    description: A valid one.
    step: 4
    scale: {min: 0, max: 3, labels: [No, Little, Much, Fully]}
    sections:
      - id: one
        title: One
        kind: rating
        source: {seed: "000", section: Functions}
        items:
          - id: a
            text: I do A.
            help: What A means.
            concept: a view of the future
            actions: [Do A more.]
          - {id: b, text: I skip B., reverse: true, pole: manager, source: {seed: "004", section: Roadmap}}
      - id: two
        title: Two
        kind: mistakes
        items:
          - {id: c, text: C shows up.}
""")


def test_a_valid_file_loads_into_frozen_typed_objects(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD)
    instrument = load_instrument(path)
    assert instrument.key == "good@2"
    assert instrument.step == 4
    one = instrument.section("one")
    assert one.items[0].scale.labels == ("No", "Little", "Much", "Fully")
    assert one.items[1].reverse and one.items[1].pole == "manager"
    assert one.source_of(one.items[0]).seed == "000"
    assert one.source_of(one.items[1]).section == "Roadmap"
    assert instrument.section("two").items[0].scale == SEVERITY_SCALE
    with pytest.raises(AttributeError):
        instrument.title = "changed"  # frozen


def test_default_scale_applies_when_none_is_given():
    instrument = parse_instrument("id: x\nversion: 1\ntitle: X\nsections:\n"
                                  "  - {id: s, title: S, kind: rating, items: [{id: i, text: T}]}\n")
    assert instrument.items[0].scale == DEFAULT_SCALE


# Each case: (what is wrong, the YAML, the line the problem is on, words the message must hold).
BASE = "id: x\nversion: 1\ntitle: X\nsections:\n"
SECTION = "  - id: s\n    title: S\n    kind: rating\n    items:\n"
MALFORMED = [
    ("not YAML at all", "id: x\n  version: [1\n", 2, "not valid YAML"),
    ("empty file", "", 1, "empty"),
    ("a list at the top", "- a\n- b\n", 1, "must be a mapping"),
    ("unknown kind", BASE + "  - {id: s, title: S, kind: essay, items: [{id: i, text: T}]}\n", 5, "unknown kind 'essay'"),
    ("duplicate item id", BASE + SECTION + "      - {id: i, text: T}\n      - {id: i, text: U}\n", 10,
     "duplicate item id 'i' (first used on line 9)"),
    ("duplicate section id", BASE + "  - {id: s, title: S, kind: text, items: [{id: i, text: T}]}\n"
     "  - {id: s, title: S, kind: text, items: [{id: j, text: T}]}\n", 6, "duplicate section id 's'"),
    ("missing item text", BASE + SECTION + "      - {id: i}\n", 9, "missing 'text'"),
    ("empty item text", BASE + SECTION + "      - {id: i, text: '  '}\n", 9, "'text' of item 'i' is empty"),
    ("scale out of order", "id: x\nversion: 1\ntitle: X\nscale: {min: 5, max: 1}\nsections:\n"
     "  - {id: s, title: S, kind: rating, items: [{id: i, text: T}]}\n", 4, "out of order"),
    ("labels do not match the scale", "id: x\nversion: 1\ntitle: X\nscale: {min: 1, max: 3, labels: [a, b]}\n"
     "sections:\n  - {id: s, title: S, kind: rating, items: [{id: i, text: T}]}\n", 4, "3 points but 2 labels"),
    ("version is text", "id: x\nversion: one\ntitle: X\nsections:\n"
     "  - {id: s, title: S, kind: text, items: [{id: i, text: T}]}\n", 2, "must be a whole number, got text"),
    ("version missing", "id: x\ntitle: X\nsections:\n  - {id: s, title: S, kind: text, items: [{id: i, text: T}]}\n",
     1, "missing 'version'"),
    ("text is a number", BASE + SECTION + "      - {id: i, text: 42}\n", 9, "must be text, got a whole number"),
    ("unknown key", BASE + SECTION + "      - {id: i, text: T, weight: 3}\n", 9, "unknown key 'weight'"),
    ("bad id", BASE + SECTION + "      - {id: Item One, text: T}\n", 9, "lowercase letters"),
    ("no sections", "id: x\nversion: 1\ntitle: X\nsections: []\n", 4, "no sections"),
    ("section with no items", BASE + "  - {id: s, title: S, kind: rating, items: []}\n", 5, "has no items"),
    ("reverse on a checklist", BASE + "  - id: s\n    title: S\n    kind: checklist\n    items:\n"
     "      - {id: i, text: T, reverse: true}\n", 9, "'reverse' only applies to rating"),
    ("a bad pole", BASE + SECTION + "      - {id: i, text: T, pole: boss}\n", 9, "pole must be 'leader' or 'manager'"),
    ("the same key twice", "id: x\nid: y\nversion: 1\ntitle: X\nsections:\n"
     "  - {id: s, title: S, kind: text, items: [{id: i, text: T}]}\n", 2, "has the key 'id' twice"),
    ("items not a list", BASE + "  - {id: s, title: S, kind: rating, items: {id: i}}\n", 5, "must be a list"),
    ("source without a section", BASE + SECTION + "      - {id: i, text: T, source: {seed: '000'}}\n", 9,
     "missing 'section'"),
    ("a scale on a checklist", BASE + "  - {id: s, title: S, kind: checklist, scale: {min: 1, max: 2}, "
     "items: [{id: i, text: T}]}\n", 5, "a scale only applies to rating"),
    ("step out of range", "id: x\nversion: 1\ntitle: X\nstep: 12\nsections:\n"
     "  - {id: s, title: S, kind: text, items: [{id: i, text: T}]}\n", 4, "step must be a guided step"),
]


@pytest.mark.parametrize("text,line,words", [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED])
def test_a_malformed_file_is_rejected_with_file_line_and_reason(tmp_path, text, line, words):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    problems = caught.value.problems
    assert any(p.line == line and words in p.message for p in problems), [str(p) for p in problems]
    assert all(p.file == str(path) for p in problems)
    assert str(problems[0]).startswith(f"{path}:")


def test_every_malformed_case_has_its_own_message():
    assert len(MALFORMED) >= 15
    assert len({words for *_, words in MALFORMED}) == len(MALFORMED)


def test_all_problems_of_a_file_are_reported_together(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text(BASE + SECTION + "      - {id: i, text: 42}\n      - {id: j, text: T, weight: 1}\n")
    assert [p.line for p in validate_files([path])] == [9, 10]


def test_missing_and_binary_files_are_problems_not_tracebacks(tmp_path):
    binary = tmp_path / "image.yaml"
    binary.write_bytes(b"\x89PNG\xff\xfe\x00")
    problems = validate_files([tmp_path / "absent.yaml", binary])
    assert [p.message for p in problems] == ["no such file", problems[1].message]
    assert "not UTF-8" in problems[1].message


def _with_labels(labels: str) -> str:
    return (f"id: x\nversion: 1\ntitle: X\nsections:\n  - id: s\n    title: S\n    kind: rating\n"
            f"    scale:\n      min: 1\n      max: 4\n      labels: {labels}\n    items:\n      - {{id: i, text: T}}\n")


def test_scale_labels_may_map_each_point_to_its_label_in_any_order():
    instrument = parse_instrument(_with_labels("{3: Mostly, 1: Not yet, 2: Starting, '4': Fully}"))
    scale = instrument.items[0].scale
    assert scale.labels == ("Not yet", "Starting", "Mostly", "Fully")
    assert scale.label(2) == "Starting"


@pytest.mark.parametrize("labels,message", [
    ("{1: a, 2: b, 3: c}", "have no label for point 4; a mapping of labels names every point"),
    ("{1: a, 4: d}", "have no label for points 2, 3;"),
    ("{1: a, 2: b, 3: c, 4: d, 5: e}", "name the point 5, which is not on the scale 1..4"),
    ("{1: a, 2: b, 2: c, 3: c, 4: d}", "name the point 2 twice"),
    ("{one: a, 2: b, 3: c, 4: d}", "must be a point of the scale (a whole number from 1 to 4), got text"),
    ("{1: a, 2: '', 3: c, 4: d}", "the label of point 2 of the scale of section 's' is empty"),
    ("{1: a, 2: [b], 3: c, 4: d}", "the label of point 2 of the scale of section 's' must be text, got a list"),
    ("Not yet to Fully", "must be a list, or a mapping of each point to its label; got text"),
    ("[a, [b], c, d]", "an entry of 'labels' of the scale of section 's' must be text, got a list"),
])
def test_a_wrong_labels_mapping_or_list_is_one_problem_on_its_line(labels, message):
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(_with_labels(labels), "f.yaml")
    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]  # no second "4 points but 0 labels" line
    assert problems[0].line == 11 and message in problems[0].message, str(problems[0])


def test_ids_longer_than_the_store_keeps_and_versions_beyond_its_integers_are_refused():
    long_id = "a" * 101
    text = f"id: {long_id}\nversion: 9999999999\ntitle: X\nsections:\n" \
           "  - {id: s, title: S, kind: text, items: [{id: i, text: T}]}\n"
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(text, "f.yaml")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (1, "id of the instrument is 101 characters long; at most 100 are kept"),
        (2, "version must be from 1 to 999,999,999, not 9999999999"),
    ]


def test_a_wrong_description_is_reported_like_every_other_key():
    with pytest.raises(InstrumentError, match=r"f.yaml:4: 'description' of the instrument must be text"):
        parse_instrument("id: x\nversion: 1\ntitle: X\ndescription: [a]\nsections:\n"
                         "  - {id: s, title: S, kind: text, items: [{id: i, text: T}]}\n", "f.yaml")


@pytest.mark.parametrize("given", [b"id: x\n", None, 42, ["id: x"]])
def test_parse_instrument_refuses_anything_but_text_with_a_sentence(given):
    with pytest.raises(InstrumentError, match=r"^f.yaml:1: an instrument is YAML text, not "):
        parse_instrument(given, "f.yaml")
