"""A corpus of malformed instruments: each case is (name, YAML text, the line a problem must be on).

Most cases are made by putting one bad value on one line of a valid
instrument written a key per line, so every key the format has is tried
with every kind of bad value; the rest are written by hand for what a
whole file can get wrong (size, nesting, aliases, documents, encoding).
"""

from __future__ import annotations

import re

#: A valid instrument, one key per line, so a value can be replaced line by line.
VALID = """\
id: corpus
version: 3
title: A corpus instrument
description: Used to make malformed files from.
step: 4
scale:
  min: 1
  max: 4
  labels: [Not yet, Starting, Mostly, Fully]
sections:
  - id: rated
    title: Rated things
    kind: rating
    help: Rate each one.
    source:
      seed: "000"
      section: Functions
    scale:
      min: 0
      max: 3
      labels: {0: None, 1: Some, 2: Much, 3: All}
    items:
      - id: first
        text: I do the first thing.
        help: What the first thing means.
        concept: a first concept
        reverse: false
        pole: leader
        actions:
          - Do the first thing weekly.
      - id: second
        text: I do the second thing.
    actions:
      - Suggested when the section is low.
  - id: flagged
    title: Flagged things
    kind: mistakes
    items:
      - id: third
        text: The third thing goes wrong.
"""

#: Values that are wrong wherever they stand in an instrument.
BAD_VALUES = {
    "empty mapping": "{}",
    "python tuple": "!!python/tuple [a, b]",
    "python object": "!!python/object/apply:os.system [echo hi]",
    "binary": "!!binary aGVsbG8=",
    "set": "!!set {a, b}",
    "omap": "!!omap [a: 1]",
    "own tag": "!mine text",
    "int tag on text": "!!int abc",
    "int tag on a dash": '!!int "-"',
    "int tag on bad binary": "!!int 0b2",
    "int tag on bad octal": "!!int 09",
    "int tag on hex without digits": "!!int x4",
    "bool tag on maybe": "!!bool maybe",
    "bool tag on nothing": '!!bool ""',
    "float tag on text": "!!float many",
    "null tag on text": "!!null something",
    "timestamp tag on text": "!!timestamp soon",
    "huge number": "9" * 5000,
    "long hex": "0x" + "f" * 100,
    "control character": '"before\\x07after"',
    "escape character": '"\\e[31m"',
    "nul character": '"a\\0b"',
    "undefined alias": "*nowhere",
    "recursive alias": "&self [*self]",
    "deep nesting": "[" * 40 + "]" * 40,
    "unclosed flow": "[a, b",
    "a list as a mapping key": "{[a]: b}",
}
#: Bad values the parser only notices on the line after (where the list should have closed).
NOTICED_ON_THE_NEXT_LINE = {"unclosed flow"}

#: Whole files, each wrong as a whole: (name, text, line).
_ALIAS_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 12)
)
WHOLE_FILES = [
    ("empty file", "", 1),
    ("only a comment", "# nothing\n", 1),
    ("a list at the top", "- a\n- b\n", 1),
    ("text at the top", "just words\n", 1),
    ("alias bomb", _ALIAS_BOMB, 4),
    ("alias bomb in sections", "id: x\nversion: 1\ntitle: X\nsections:\n  - &s {id: s, title: S, kind: text, items: "
     "[&i {id: i, text: T, actions: &a [a, a, a, a, a, a, a, a, a, a]}]}\n" + "".join(
         f"  - {{id: s{n}, title: S, kind: text, items: [{', '.join(['*i'] * 40)}]}}\n" for n in range(300)), 0),
    ("deep brackets", "[" * 300_000 + "]" * 300_000, 1),
    ("deep block lists", "".join("  " * n + "-\n" for n in range(200)), 0),
    ("over the size limit", "id: x\n" + "# padding to make the file too big\n" * 30_000, 1),
    ("one huge line", "id: " + "x" * 1_100_000 + "\n", 1),
    ("merge key", "base: &b {id: x, version: 1}\n<<: *b\ntitle: X\n", 2),
    ("two documents", "id: x\n---\nid: y\n", 2),
    ("raw control character", "id: x\ntitle: a\x07b\n", 2),
    ("raw nul", "id: x\x00\n", 1),
    ("lone surrogate escape", 'id: x\ntitle: "\\ud800"\n', 2),
    ("a directive only", "%YAML 1.1\n", 2),
    ("unknown directive tag handle", "%TAG !e! tag:example.com,2000:\n---\nid: !e!thing x\n", 3),
    ("version over the int limit", "id: x\nversion: " + "1" * 4400 + "\ntitle: X\n", 2),
    ("sexagesimal monster", "id: x\nversion: " + ":".join(["1"] * 2000) + "\n", 2),
    ("labels mapping missing a point", "id: x\nversion: 1\ntitle: X\nscale:\n  min: 1\n  max: 4\n"
     "  labels: {1: a, 2: b, 3: c}\nsections:\n  - {id: s, title: S, kind: rating, items: [{id: i, text: T}]}\n", 7),
    ("labels mapping with an extra point", "id: x\nversion: 1\ntitle: X\nscale:\n  min: 1\n  max: 2\n"
     "  labels: {1: a, 2: b, 3: c}\nsections:\n  - {id: s, title: S, kind: rating, items: [{id: i, text: T}]}\n", 7),
    ("labels mapping naming a point twice", "id: x\nversion: 1\ntitle: X\nscale:\n  min: 1\n  max: 2\n"
     "  labels: {1: a, 2: b, 2: c}\nsections:\n  - {id: s, title: S, kind: rating, items: [{id: i, text: T}]}\n", 7),
    ("labels as one text", "id: x\nversion: 1\ntitle: X\nscale: {min: 1, max: 2, labels: Yes and no}\nsections:\n"
     "  - {id: s, title: S, kind: rating, items: [{id: i, text: T}]}\n", 4),
]

_KEY_LINE = re.compile(r"^(\s*(?:- )?)([a-z]+): (.+)$")


def mutated_lines() -> list[tuple[str, str, int]]:
    """Every ``key: value`` line of VALID with its value replaced by each bad value."""
    cases = []
    lines = VALID.splitlines(keepends=True)
    for index, line in enumerate(lines):
        match = _KEY_LINE.match(line.rstrip("\n"))
        if not match:
            continue
        prefix, key, _ = match.groups()
        for name, bad in BAD_VALUES.items():
            changed = lines[:index] + [f"{prefix}{key}: {bad}\n"] + lines[index + 1:]
            line = index + 2 if name in NOTICED_ON_THE_NEXT_LINE else index + 1
            cases.append((f"{key} on line {index + 1}: {name}", "".join(changed), line))
    return cases


def removed_required_keys() -> list[tuple[str, str, int]]:
    """VALID without one of the keys every instrument, section or item needs."""
    cases = []
    lines = VALID.splitlines(keepends=True)
    for index, line in enumerate(lines):
        match = _KEY_LINE.match(line.rstrip("\n"))
        if match and match.group(2) in ("id", "version", "title", "kind", "text") and not match.group(1).endswith("- "):
            changed = lines[:index] + lines[index + 1:]
            cases.append((f"without {match.group(2)} on line {index + 1}", "".join(changed), 0))
    return cases


def corpus() -> list[tuple[str, str, int]]:
    """Every malformed case; a line of 0 means the problem's line is not pinned down."""
    return mutated_lines() + removed_required_keys() + WHOLE_FILES
