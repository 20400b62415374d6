"""Load instrument YAML files into frozen objects, with errors that point at a line.

The YAML is walked as a node tree (:mod:`workbook.instruments.yaml_nodes`, which
bounds its size and time and lets only plain YAML types through) rather than
loaded as plain data, so every problem can name the line it is on, and
duplicate keys (which PyYAML silently overwrites) are caught. All problems of
a file are collected before failing, so a coach fixes a file in one pass.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import InstrumentError, Problem
from .model import DEFAULT_SCALE, ID_PATTERN, KINDS, POLES, SEVERITY_SCALE, Instrument, Item, Scale, Section, Source
from ..errors import ComposeError
from .yaml_nodes import MAX_BYTES, compose

#: What the store keeps of an id and a version (a 100-character column, a 32-bit integer).
MAX_ID_LENGTH = 100
MAX_VERSION = 999_999_999
#: A point of a scale as a key of its labels: ``1:`` or ``"1":``.
_POINT = re.compile(r"^-?[0-9]{1,3}$")

INSTRUMENT_KEYS = {"id", "version", "title", "description", "step", "scale", "sections"}
SECTION_KEYS = {"id", "title", "kind", "help", "source", "scale", "items", "actions"}
ITEM_KEYS = {"id", "text", "help", "concept", "reverse", "pole", "source", "actions"}
SCALE_KEYS = {"min", "max", "labels"}
SOURCE_KEYS = {"seed", "section"}

_TYPE_NAMES = {
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:null": "nothing (null)",
    "tag:yaml.org,2002:timestamp": "a date",
}


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _TYPE_NAMES.get(node.tag, node.tag)


class _Walker:
    """Turns nodes into values, recording a Problem for anything wrong."""

    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[Problem] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(self.filename, line, message))

    def mapping(self, node: yaml.Node, what: str, allowed: set[str]) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping of keys to values, got {_describe(node)}")
            return None
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.problem(key_node, f"{what} has a key that is not a plain name")
            elif key in result:
                self.problem(key_node, f"{what} has the key {key!r} twice")
            elif key not in allowed:
                self.problem(
                    key_node, f"unknown key {key!r} in {what} (expected one of: {', '.join(sorted(allowed))})"
                )
            else:
                result[key] = value_node
        return result

    def value(self, node: yaml.Node, tag: str, what: str):
        if not isinstance(node, yaml.ScalarNode) or node.tag != tag:
            self.problem(node, f"{what} must be {_TYPE_NAMES[tag]}, got {_describe(node)}")
            return None
        try:
            return self._constructor.construct_object(node)
        except (ValueError, OverflowError):  # text the resolver took for a number but is not one: 0b_
            self.problem(node, f"{what} must be {_TYPE_NAMES[tag]}, got {node.value[:40]!r}")
            return None

    def text(self, fields, key, what, parent, required=True) -> str | None:
        node = fields.get(key)
        if node is None:
            if required:
                self.problem(parent, f"{what} is missing {key!r}")
            return None
        value = self.value(node, "tag:yaml.org,2002:str", f"{key!r} of {what}")
        if value is not None and not value.strip():
            self.problem(node, f"{key!r} of {what} is empty")
            return None
        return value.strip() if value is not None else None

    def identifier(self, fields, what, parent) -> str | None:
        value = self.text(fields, "id", what, parent)
        if value is not None and len(value) > MAX_ID_LENGTH:
            self.problem(fields["id"], f"id of {what} is {len(value)} characters long; at most {MAX_ID_LENGTH} are kept")
            return None
        if value is not None and not ID_PATTERN.match(value):
            self.problem(
                fields["id"],
                f"id {value!r} of {what} must be lowercase letters, digits and dashes, starting with a letter",
            )
            return None
        return value

    def integer(self, fields, key, what) -> int | None:
        node = fields.get(key)
        if node is None:
            return None
        return self.value(node, "tag:yaml.org,2002:int", f"{key!r} of {what}")

    def boolean(self, fields, key, what) -> bool:
        node = fields.get(key)
        if node is None:
            return False
        return bool(self.value(node, "tag:yaml.org,2002:bool", f"{key!r} of {what}"))

    def sequence(self, node: yaml.Node | None, what: str) -> list[yaml.Node]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list, got {_describe(node)}")
            return []
        return list(node.value)

    def texts(self, fields, key, what, *, as_written: bool = False) -> tuple[str, ...]:
        """A list of texts. ``as_written`` takes any plain scalar as its source text, so
        scale labels like ``No`` or ``3`` are not read as YAML booleans or numbers."""
        result = []
        for node in self.sequence(fields.get(key), f"{key!r} of {what}"):
            value = self.entry(node, f"an entry of {key!r} of {what}", as_written=as_written)
            if value is not None:
                result.append(value)
        return tuple(result)

    def entry(self, node: yaml.Node, what: str, *, as_written: bool = False) -> str | None:
        """One non-empty text, stripped; see :meth:`texts` for ``as_written``."""
        if as_written and isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
            value = node.value
        else:
            value = self.value(node, "tag:yaml.org,2002:str", what)
        if value is not None and not value.strip():
            self.problem(node, f"{what} is empty")
            return None
        return value.strip() if value is not None else None

    def source(self, fields, what) -> Source | None:
        node = fields.get("source")
        if node is None:
            return None
        source = self.mapping(node, f"the source of {what}", SOURCE_KEYS)
        if source is None:
            return None
        seed = self.text(source, "seed", f"the source of {what}", node)
        section = self.text(source, "section", f"the source of {what}", node)
        return Source(seed, section) if seed and section else None

    def scale(self, node: yaml.Node, what: str) -> Scale | None:
        fields = self.mapping(node, f"the scale of {what}", SCALE_KEYS)
        if fields is None:
            return None
        low = self.integer(fields, "min", f"the scale of {what}")
        high = self.integer(fields, "max", f"the scale of {what}")
        if low is None or high is None:
            if "min" not in fields or "max" not in fields:
                self.problem(node, f"the scale of {what} needs both 'min' and 'max'")
            return None
        if low >= high:
            self.problem(node, f"the scale of {what} is out of order: min ({low}) must be below max ({high})")
            return None
        if high - low > 10:
            self.problem(node, f"the scale of {what} has {high - low + 1} points; at most 11 are allowed")
            return None
        labels: tuple[str, ...] | None = ()
        if "labels" in fields:
            labels = self.labels(fields["labels"], low, high, f"the scale of {what}")
        return Scale(low, high, labels) if labels is not None else None

    def labels(self, node: yaml.Node, low: int, high: int, what: str) -> tuple[str, ...] | None:
        """A scale's labels, from a list in point order or a mapping of each point to its label."""
        before = len(self.problems)
        if isinstance(node, yaml.MappingNode):
            return self.labels_by_point(node, low, high, what)
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"the labels of {what} must be a list, or a mapping of each point to its label; "
                               f"got {_describe(node)}")
            return None
        labels = self.texts({"labels": node}, "labels", what, as_written=True)
        if len(self.problems) > before:
            return None  # an entry is wrong: counting what is left would only add a confusing line
        if len(labels) != high - low + 1:
            self.problem(node, f"{what} has {high - low + 1} points but {len(labels)} labels")
            return None
        return labels

    def labels_by_point(self, node: yaml.MappingNode, low: int, high: int, what: str) -> tuple[str, ...] | None:
        before = len(self.problems)
        by_point: dict[int, str] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
            if not _POINT.match(key):
                self.problem(key_node, f"a key of the labels of {what} must be a point of the scale "
                                       f"(a whole number from {low} to {high}), got {_describe(key_node)}")
                continue
            point = int(key)
            if not low <= point <= high:
                self.problem(key_node, f"the labels of {what} name the point {point}, which is not on the scale "
                                       f"{low}..{high}")
            elif point in by_point:
                self.problem(key_node, f"the labels of {what} name the point {point} twice")
            else:
                label = self.entry(value_node, f"the label of point {point} of {what}", as_written=True)
                if label is not None:
                    by_point[point] = label
        missing = [str(p) for p in range(low, high + 1) if p not in by_point]
        if len(self.problems) > before:
            return None
        if missing:
            self.problem(node, f"the labels of {what} have no label for point{'s' if len(missing) > 1 else ''} "
                               f"{', '.join(missing)}; a mapping of labels names every point of the scale")
            return None
        return tuple(by_point[p] for p in range(low, high + 1))


def _item(walker: _Walker, node, kind: str, scale: Scale | None, where: str) -> Item | None:
    fields = walker.mapping(node, f"an item of {where}", ITEM_KEYS)
    if fields is None:
        return None
    item_id = walker.identifier(fields, f"an item of {where}", node)
    what = f"item {item_id!r}" if item_id else f"an item of {where}"
    text = walker.text(fields, "text", what, node)
    reverse = walker.boolean(fields, "reverse", what)
    if reverse and kind != "rating":
        walker.problem(fields["reverse"], f"{what}: 'reverse' only applies to rating items, not {kind}")
    pole = walker.text(fields, "pole", what, node, required=False)
    if pole is not None and pole not in POLES:
        walker.problem(fields["pole"], f"{what}: pole must be 'leader' or 'manager', not {pole!r}")
    if pole is not None and kind != "rating":
        walker.problem(fields["pole"], f"{what}: 'pole' only applies to rating items, not {kind}")
    if item_id is None or text is None:
        return None
    return Item(
        id=item_id,
        text=text,
        kind=kind,
        scale=scale,
        help=walker.text(fields, "help", what, node, required=False) or "",
        concept=walker.text(fields, "concept", what, node, required=False) or "",
        reverse=reverse,
        pole=pole,
        source=walker.source(fields, what),
        actions=walker.texts(fields, "actions", what),
    )


def _section(walker: _Walker, node, default_scale: Scale, seen_items: dict[str, int]) -> Section | None:
    fields = walker.mapping(node, "a section", SECTION_KEYS)
    if fields is None:
        return None
    section_id = walker.identifier(fields, "a section", node)
    what = f"section {section_id!r}" if section_id else "a section"
    title = walker.text(fields, "title", what, node)
    kind = walker.text(fields, "kind", what, node)
    if kind is not None and kind not in KINDS:
        walker.problem(fields["kind"], f"{what} has unknown kind {kind!r} (expected one of: {', '.join(KINDS)})")
        kind = None
    scale = None
    if kind == "rating":
        scale = default_scale
        if "scale" in fields:
            scale = walker.scale(fields["scale"], what) or default_scale
    elif kind == "mistakes":
        scale = SEVERITY_SCALE
    if "scale" in fields and kind in ("checklist", "mistakes", "text"):
        walker.problem(fields["scale"], f"{what}: a scale only applies to rating sections, not {kind}")
    items = []
    item_nodes = walker.sequence(fields.get("items"), f"the items of {what}")
    if not item_nodes:
        walker.problem(node, f"{what} has no items")
    for item_node in item_nodes:
        item = _item(walker, item_node, kind or "text", scale, what)
        if item is None:
            continue
        line = item_node.start_mark.line + 1
        if item.id in seen_items:
            walker.problem(
                item_node,
                f"duplicate item id {item.id!r} (first used on line {seen_items[item.id]}); "
                "item ids must be unique within an instrument",
            )
            continue
        seen_items[item.id] = line
        items.append(item)
    actions = walker.texts(fields, "actions", what)
    source = walker.source(fields, what)
    if section_id is None or title is None or kind is None:
        return None
    return Section(section_id, title, kind, tuple(items), walker.text(fields, "help", what, node, False) or "", source, actions)


def parse_instrument(text: str, filename: str = "<string>") -> Instrument:
    """Parse the YAML text of one instrument; raise InstrumentError listing every problem."""
    walker = _Walker(filename)
    if not isinstance(text, str):
        raise InstrumentError([Problem(str(filename), 1, f"an instrument is YAML text, not {type(text).__name__}")])
    try:
        root = compose(text)
    except ComposeError as exc:
        raise InstrumentError([Problem(filename, exc.line, exc.message)]) from None
    if root is None:
        raise InstrumentError([Problem(filename, 1, "the file is empty; an instrument needs id, version, title and sections")])
    fields = walker.mapping(root, "the instrument", INSTRUMENT_KEYS)
    if fields is None:
        raise InstrumentError(walker.problems)
    instrument_id = walker.identifier(fields, "the instrument", root)
    title = walker.text(fields, "title", "the instrument", root)
    version = walker.integer(fields, "version", "the instrument")
    if "version" not in fields:
        walker.problem(root, "the instrument is missing 'version' (a whole number, 1 for a first edition)")
    elif version is not None and not 1 <= version <= MAX_VERSION:
        walker.problem(fields["version"], f"version must be from 1 to {MAX_VERSION:,}, not {version}")
    step = walker.integer(fields, "step", "the instrument")
    if step is not None and not 1 <= step <= 10:
        walker.problem(fields["step"], f"step must be a guided step from 1 to 10, not {step}")
    scale = DEFAULT_SCALE
    if "scale" in fields:
        scale = walker.scale(fields["scale"], "the instrument") or DEFAULT_SCALE
    sections = []
    seen_sections: dict[str, int] = {}
    seen_items: dict[str, int] = {}
    section_nodes = walker.sequence(fields.get("sections"), "'sections' of the instrument")
    if not section_nodes:
        walker.problem(fields.get("sections", root), "the instrument has no sections")
    for node in section_nodes:
        section = _section(walker, node, scale, seen_items)
        if section is None:
            continue
        if section.id in seen_sections:
            walker.problem(node, f"duplicate section id {section.id!r} (first used on line {seen_sections[section.id]})")
            continue
        seen_sections[section.id] = node.start_mark.line + 1
        sections.append(section)
    description = walker.text(fields, "description", "the instrument", root, required=False) or ""
    if walker.problems:
        raise InstrumentError(walker.problems)
    return Instrument(
        id=instrument_id,
        version=version,
        title=title,
        sections=tuple(sections),
        description=description,
        step=step,
        scale=scale,
        path=filename,
    )


def load_instrument(path: str | Path) -> Instrument:
    """Load one instrument file. Raises InstrumentError (file, line, problem) when it is malformed."""
    return parse_instrument(read_instrument_text(path), str(path))


def read_instrument_text(path: str | Path) -> str:
    """The text of an instrument file (or of its translation), or InstrumentError saying why it cannot be read."""
    path = Path(path)
    try:
        # At most one byte past the limit is read: a huge file (or /dev/zero) is not read in to be turned down.
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise InstrumentError([Problem(str(path), 1, f"the file is larger than {MAX_BYTES:,} bytes, "
                                                         "the most an instrument file may be")])
        text = raw.decode("utf-8").replace("\r\n", "\n")
    except FileNotFoundError:
        raise InstrumentError([Problem(str(path), 1, "no such file")]) from None
    except UnicodeDecodeError as exc:
        raise InstrumentError([Problem(str(path), 1, f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise InstrumentError([Problem(str(path), 1, f"cannot be read: {exc.strerror}")]) from None
    return text


def validate_files(paths) -> list[Problem]:
    """Every problem in these files alone; an empty list means they are all valid.

    ``leaderbook validate`` checks their translations too: :func:`.validation.validate_files`.
    """
    problems: list[Problem] = []
    for path in paths:
        try:
            load_instrument(path)
        except InstrumentError as exc:
            problems.extend(exc.problems)
    return problems
