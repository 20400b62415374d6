"""YAML text to a node tree, in time linear in the text, with plain YAML types only.

``yaml.compose`` is not safe on a file anyone may hand a coach: libyaml's
scanner slows quadratically with nesting depth (a 200 KB file of brackets
takes minutes) and PyYAML's composer recurses once per level (deeper still
crashes the interpreter); aliased nodes are shared, so a 5 KB file of
nested aliases is a tree of billions of nodes to whoever walks it; and any
tag is let through (``!!python/tuple``). This composer reads the parser's
event stream with an explicit stack and stops at the first of these, each
a :class:`ComposeError` with the line it is on:

- a text over :data:`MAX_BYTES`;
- nesting deeper than :data:`MAX_DEPTH` (checked as events arrive, before
  the parser reads the deep part);
- aliases that repeat more than :data:`MAX_ALIASED_NODES` nodes in all, or
  that refer to a value containing themselves; the nodes of the tree are
  then at most the file's own plus that budget;
- a tag other than YAML's plain types (text, whole number, number,
  true/false, null, date, list, mapping), and a merge key (``<<``);
- a scalar tagged explicitly with a type its text is not
  (``!!int abc``, ``!!bool maybe``), a number longer than
  :data:`MAX_NUMBER_CHARS` characters, or text holding a character no
  output can carry (:mod:`workbook.basics.text_check`, the rule for all text).
"""

from __future__ import annotations

import yaml
from yaml.resolver import Resolver

from ..basics.text_check import bad_character
from ..errors import ComposeError

# libyaml's parser when present: it keeps line marks and parses the built-ins ~5x faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_ALIASED_NODES = 10_000
MAX_NUMBER_CHARS = 30

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
SEQ, MAP, MERGE, VALUE = (_TAG + t for t in ("seq", "map", "merge", "value"))

#: Scalar tags a file may carry, and what an explicit one promises its text reads as.
SCALAR_TYPES = {STR: "text", INT: "a whole number", FLOAT: "a number", BOOL: "true or false",
                NULL: "null", TIMESTAMP: "a date"}

_RESOLVER = Resolver()
#: What the text of an explicitly tagged scalar must resolve to on its own: ``!!float 1`` is a number.
_READS_AS = {tag: {tag} for tag in SCALAR_TYPES} | {FLOAT: {FLOAT, INT}}


def _line(mark) -> int:
    return mark.line + 1 if mark is not None else 1


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _scalar_tag(event: yaml.ScalarEvent) -> str:
    line = _line(event.start_mark)
    if event.tag is None or event.tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == MERGE:
            raise ComposeError(line, "merge keys (<<) are not supported; write the keys out")
        # A plain "=" resolves to YAML 1.1's obscure !!value type: it is text here.
        return STR if tag == VALUE else tag
    if event.tag not in SCALAR_TYPES:
        raise ComposeError(line, f"the tag {_short_tag(event.tag)} is not allowed; write plain YAML values "
                                 "(text, numbers, true/false, lists and mappings)")
    implied = _RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False))
    if event.tag != STR and implied not in _READS_AS[event.tag]:
        raise ComposeError(line, f"{event.value[:40]!r} is tagged {_short_tag(event.tag)} but is not "
                                 f"{SCALAR_TYPES[event.tag]}")
    return event.tag


def _scalar(event: yaml.ScalarEvent) -> yaml.ScalarNode:
    tag = _scalar_tag(event)
    line = _line(event.start_mark)
    if tag in (INT, FLOAT) and len(event.value) > MAX_NUMBER_CHARS:
        raise ComposeError(line, f"a number {len(event.value)} characters long is not accepted "
                                 f"(at most {MAX_NUMBER_CHARS})")
    bad = bad_character(event.value)
    if bad is not None:
        raise ComposeError(line, f"the text contains {bad}")
    return yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)


def _collection_tag(event, default: str) -> str:
    if event.tag is None or event.tag == "!" or event.tag == default:
        return default
    raise ComposeError(_line(event.start_mark), f"the tag {_short_tag(event.tag)} is not allowed; write plain "
                                                "YAML values (text, numbers, true/false, lists and mappings)")


class _Composer:
    def __init__(self):
        self.stack: list[list] = []  # [node, size so far, pending mapping key]
        self.anchors: dict[str, tuple[yaml.Node, int | None]] = {}  # size None while still open
        self.aliased = 0
        self.root: yaml.Node | None = None

    def attach(self, node: yaml.Node, size: int) -> None:
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        frame[1] += size
        parent = frame[0]
        if isinstance(parent, yaml.SequenceNode):
            parent.value.append(node)
        elif frame[2] is None:
            frame[2] = node
        else:
            parent.value.append((frame[2], node))
            frame[2] = None

    def alias(self, event: yaml.AliasEvent) -> None:
        line = _line(event.start_mark)
        if event.anchor not in self.anchors:
            raise ComposeError(line, f"the alias *{event.anchor} names no anchor (&{event.anchor}) before it")
        node, size = self.anchors[event.anchor]
        if size is None:
            raise ComposeError(line, f"the alias *{event.anchor} refers to a value that contains it")
        self.aliased += size
        if self.aliased > MAX_ALIASED_NODES:
            raise ComposeError(line, f"aliases (*name) here repeat more than {MAX_ALIASED_NODES:,} values; "
                                     "write the values out instead")
        self.attach(node, size)

    def open(self, event, node: yaml.Node) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise ComposeError(_line(event.start_mark), f"values are nested more than {MAX_DEPTH} levels deep")
        if event.anchor is not None:
            self.anchors[event.anchor] = (node, None)
        self.stack.append([node, 1, None])

    def close(self, event) -> None:
        node, size, _ = self.stack.pop()
        node.end_mark = event.end_mark
        if node.anchor_name is not None:
            self.anchors[node.anchor_name] = (node, size)
        self.attach(node, size)

    def feed(self, event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            node = _scalar(event)
            if event.anchor is not None:
                self.anchors[event.anchor] = (node, 1)
            self.attach(node, 1)
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.SequenceStartEvent):
            node = yaml.SequenceNode(_collection_tag(event, SEQ), [], event.start_mark, None, event.flow_style)
            node.anchor_name = event.anchor
            self.open(event, node)
        elif isinstance(event, yaml.MappingStartEvent):
            node = yaml.MappingNode(_collection_tag(event, MAP), [], event.start_mark, None, event.flow_style)
            node.anchor_name = event.anchor
            self.open(event, node)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            self.close(event)


def compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document, or None for an empty text; raises ComposeError."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise ComposeError(1, f"the file is larger than {MAX_BYTES:,} bytes, the most an instrument file may be")
    composer = _Composer()
    documents = 0
    loader = _LOADER(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise ComposeError(_line(event.start_mark),
                                       "the file holds a second YAML document (---); an instrument is one document")
            composer.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ComposeError(_line(mark), f"not valid YAML: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise ComposeError(line, f"not valid YAML: the character U+{exc.character:04X} is not allowed"
                                 if isinstance(exc.character, int) else f"not valid YAML: {exc.reason}") from None
    except yaml.YAMLError as exc:
        raise ComposeError(1, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    return composer.root
