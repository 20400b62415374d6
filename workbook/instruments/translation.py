"""Instrument translations: an instrument's text in another language, read against its source.

A translation of ``FOLDER/<name>.yaml`` into LANG lives in ``FOLDER/LANG/<name>.yaml``. It mirrors
the source by ids, as mappings, and holds only the text people read (titles, descriptions, help,
item texts, actions and scale labels); ids, kinds, scales' bounds and sources stay in the source,
so answers stay keyed by item id whatever language they were given in (the README, "Instrument
translations"). The file is walked as a node tree like a source (the loader's walker over
:mod:`.yaml_nodes`, bounded in size and time), so every problem names its line; and it is checked
against its source, since a translation is only right as a match with the text it translates.
A translation with problems is never used: :func:`translated` raises InstrumentError, and
``leaderbook validate`` lists the problems.
"""

from __future__ import annotations

import re
import stat
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import ComposeError, InputError, InstrumentError, Problem
from .loader import _describe, _Walker, read_instrument_text
from .model import Instrument, Item, Scale, Section
from .yaml_nodes import compose

#: The language the source files are written in.
SOURCE_LANGUAGE = "en"
#: A BCP 47 tag as written canonically: language, optional script, optional region (fr, zh-Hant, pt-BR, es-419).
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|[0-9]{3}))?$")
#: A placeholder filled in when the text is shown, such as ``{name}``: the same ones must stay in a translation.
PLACEHOLDER = re.compile(r"\{[^{}\s]*\}")
#: The longest language tag looked up (a browser's tags are far shorter).
MAX_TAG_LENGTH = 35

TRANSLATION_KEYS = {"translates", "version", "language", "title", "description", "scale", "sections"}
SECTION_KEYS = {"title", "help", "actions", "scale", "items"}
ITEM_KEYS = {"text", "help", "actions"}
SCALE_KEYS = {"labels"}
#: Keys of a source that are not translated: a translation holding one is told it stays in the source.
UNTRANSLATED = {"id", "kind", "concept", "source", "pole", "reverse", "step", "min", "max"}


def is_language_tag(text: object) -> bool:
    """Whether ``text`` is a language tag as a translation's folder and ``language`` are written: fr, pt-BR."""
    return isinstance(text, str) and LANGUAGE_TAG.match(text) is not None


def translation_path(source_path: str | Path, language: str) -> Path:
    """Where the ``language`` translation of the source file at ``source_path`` lives."""
    source = Path(source_path)
    return source.parent / language / source.name


def source_path(translation: str | Path) -> Path:
    """The source file a translation at ``translation`` translates: its name, one folder up."""
    translation = Path(translation)
    return translation.parent.parent / translation.name


def translation_paths(source: str | Path) -> list[Path]:
    """Every translation beside the source file at ``source`` (``LANG/<name>``), by language."""
    source = Path(source)
    try:
        folders = sorted(entry for entry in source.parent.iterdir() if is_language_tag(entry.name) and entry.is_dir())
    except OSError:  # the folder is gone or unreadable: no translation can be found there
        return []
    return [folder / source.name for folder in folders if (folder / source.name).is_file()]


def available_languages(instrument: Instrument) -> tuple[str, ...]:
    """The source's language, then every language a translation file is given for beside the instrument."""
    if instrument.path is None:
        return (SOURCE_LANGUAGE,)
    others = (path.parent.name for path in translation_paths(instrument.path))
    return (SOURCE_LANGUAGE, *(language for language in others if language != SOURCE_LANGUAGE))


def language_fallbacks(language: object) -> tuple[str, ...]:
    """The tags to look for, most precise first: ``fr_ca`` gives fr-CA then fr; InputError if it is no tag."""
    if not isinstance(language, str) or not language.strip() or len(language) > MAX_TAG_LENGTH:
        raise InputError(f"{str(language)[:40]!r} is not a language tag such as fr, fr-FR or pt-BR")
    parts = language.strip().replace("_", "-").split("-")
    written = [parts[0].lower()]
    for part in parts[1:]:
        written.append(part.title() if len(part) == 4 and part.isalpha() else part.upper())
    tags = ["-".join(written[:end]) for end in range(len(written), 0, -1)]
    found = tuple(tag for tag in tags if is_language_tag(tag))
    if not found or found[-1] != written[0]:
        raise InputError(f"{language[:40]!r} is not a language tag such as fr, fr-FR or pt-BR")
    return found


def translated(instrument: Instrument, language: str) -> Instrument:
    """``instrument`` with the text of ``language``: the same ids, kinds, scales, sources and version.

    The source's language, or a language no file is given for, gives ``instrument`` itself; a
    regional tag falls back to its language (fr-FR, fr_CA: fr). A translation with problems raises
    InstrumentError with its FILE:LINE lines rather than showing a mix of languages.
    """
    for tag in language_fallbacks(language):
        if tag == SOURCE_LANGUAGE or instrument.path is None:
            return instrument
        path = translation_path(instrument.path, tag)
        try:
            status = path.stat()
        except OSError:
            continue
        if stat.S_ISREG(status.st_mode):
            return _translated_file(instrument, instrument.path, str(path), status.st_mtime_ns, status.st_size)
    return instrument


@lru_cache(maxsize=64)
def _translated_file(source: Instrument, source_path: str, path: str, mtime_ns: int, size: int) -> Instrument:
    # Keyed by the file's time and size, so an edited translation is read again; ``source_path`` because
    # an instrument's path is not part of its equality. The result is frozen, so sharing it is safe.
    return parse_translation(source, path)


def parse_translation(source: Instrument, path: str | Path) -> Instrument:
    """``source`` with the text of the translation file at ``path``; InstrumentError listing its problems."""
    texts, problems = _check(source, path)
    if problems:
        raise InstrumentError(problems)
    return _apply(source, texts)


def translation_problems(source: Instrument, path: str | Path) -> list[Problem]:
    """Every problem of the translation file at ``path`` as a translation of ``source``, in line order."""
    return _check(source, path)[1]


class _TranslationWalker(_Walker):
    """The loader's walker, with the checks of a text against the text it translates."""

    def fields(self, node: yaml.Node, what: str, allowed: set[str]):
        """The values by key and the key nodes by key of a mapping, or None when it is not one."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping of keys to values, got {_describe(node)}")
            return None
        values: dict[str, yaml.Node] = {}
        keys: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.problem(key_node, f"{what} has a key that is not a plain name")
            elif key in keys:
                self.problem(key_node, f"{what} has the key {key!r} twice")
            elif key not in allowed:
                keys[key] = key_node
                if key in UNTRANSLATED:
                    self.problem(key_node, f"{key!r} is not translated: it stays in the source only; "
                                           f"remove it from {what}")
                else:
                    self.problem(key_node, f"unknown key {key!r} in {what} "
                                           f"(expected one of: {', '.join(sorted(allowed))})")
            else:
                keys[key] = key_node
                values[key] = value_node
        return values, keys

    def by_id(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """A mapping of ids to their text, each id with its key node and value node."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping of ids to their text, got {_describe(node)}")
            return None
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.problem(key_node, f"{what} has a key that is not an id")
            elif key in found:
                self.problem(key_node, f"{what} has the id {key!r} twice")
            else:
                found[key] = (key_node, value_node)
        return found

    def translated_text(self, values, keys, key: str, original: str, what: str, anchor: yaml.Node) -> str | None:
        """The text under ``key``: required when the source has one, refused when it has none."""
        if not original:
            if key in values:
                self.problem(keys[key], f"{what} has {key!r} but the source has none; remove it")
            return None
        value = self.text(values, key, what, anchor)
        if value is not None:
            self.placeholders(values[key], value, original, f"{key!r} of {what}")
        return value

    def translated_texts(self, values, keys, key: str, originals: tuple[str, ...], what: str, anchor: yaml.Node,
                         *, as_written: bool = False) -> tuple[str, ...] | None:
        """The list under ``key``, one text per text of the source, in the same order."""
        if not originals:
            if key in values:
                self.problem(keys[key], f"{what} has {key!r} but the source has none; remove it")
            return None
        node = values.get(key)
        if node is None:
            self.problem(anchor, f"{what} is missing {key!r} (the source has {len(originals)})")
            return None
        before = len(self.problems)
        entries = [(entry, self.entry(entry, f"an entry of {key!r} of {what}", as_written=as_written))
                   for entry in self.sequence(node, f"{key!r} of {what}")]
        if len(self.problems) > before:
            return None  # an entry is wrong: counting what is left would only add a confusing line
        if len(entries) != len(originals):
            self.problem(node, f"{key!r} of {what} has {len(entries)} entries but the source has {len(originals)}; "
                               "translate each one, in the same order")
            return None
        for number, ((entry, value), original) in enumerate(zip(entries, originals), 1):
            self.placeholders(entry, value, original, f"entry {number} of {key!r} of {what}")
        return tuple(value for _, value in entries)

    def placeholders(self, node: yaml.Node, value: str, original: str, what: str) -> None:
        found, expected = sorted(PLACEHOLDER.findall(value)), sorted(PLACEHOLDER.findall(original))
        if found != expected:
            self.problem(node, f"{what} has the placeholders {_listing(found)} but the source has "
                               f"{_listing(expected)}; placeholders stay exactly as in the source")

    def scale_labels(self, values, keys, originals: tuple[str, ...], what: str, anchor: yaml.Node):
        """The labels under ``scale``, where the source has labels for this scale."""
        if not originals:
            if "scale" in values:
                self.problem(keys["scale"], f"{what} has 'scale' but the source has no scale labels to translate "
                                            "there; remove it")
            return None
        node = values.get("scale")
        if node is None:
            self.problem(anchor, f"{what} is missing 'scale' (the labels of the source's {len(originals)} points)")
            return None
        got = self.fields(node, f"the scale of {what}", SCALE_KEYS)
        if got is None:
            return None
        return self.translated_texts(*got, "labels", originals, f"the scale of {what}", node, as_written=True)


def _listing(placeholders: list[str]) -> str:
    return ", ".join(placeholders) if placeholders else "none"


def _instrument_labels(source: Instrument) -> tuple[str, ...]:
    """The labels of the instrument's scale, when a rating section shows them (a coach's scale or the default)."""
    shown = any(section.kind == "rating" and section.items and section.items[0].scale == source.scale
                for section in source.sections)
    return source.scale.labels if shown else ()


def _section_labels(section: Section, source: Instrument) -> tuple[str, ...]:
    """The labels of a rating section's own scale (one that is not the instrument's)."""
    if section.kind != "rating" or not section.items or section.items[0].scale == source.scale:
        return ()
    return section.items[0].scale.labels


def _check(source: Instrument, path: str | Path):
    """The translated texts (a nested dict) of the file at ``path``, and its problems in line order."""
    filename = str(path)
    try:
        root = compose(read_instrument_text(path))
    except InstrumentError as exc:
        return None, list(exc.problems)
    except ComposeError as exc:
        return None, [Problem(filename, exc.line, exc.message)]
    if root is None:
        return None, [Problem(filename, 1, "the file is empty; a translation needs translates, version, language, "
                                           "title and sections")]
    walker = _TranslationWalker(filename)
    texts = _instrument_texts(walker, root, source, Path(path).parent.name)
    return texts, sorted(walker.problems, key=lambda problem: problem.line)


def _instrument_texts(walker: _TranslationWalker, root: yaml.Node, source: Instrument, folder: str):
    what = "the translation"
    got = walker.fields(root, what, TRANSLATION_KEYS)
    if got is None:
        return None
    values, keys = got
    translates = walker.text(values, "translates", what, root)
    if translates is not None and translates != source.id:
        named = f"the source {Path(source.path).name}" if source.path else "the source"
        walker.problem(values["translates"], f"'translates' is {translates!r} but {named} is the instrument "
                                             f"{source.id!r}")
    if "version" not in values:
        walker.problem(root, f"{what} is missing 'version' (the source's version its text was written for)")
    else:
        version = walker.integer(values, "version", what)
        if version is not None and version != source.version:
            walker.problem(values["version"], f"'version' is {version} but the source is version {source.version}; "
                                              f"check the text against that version, then write version: "
                                              f"{source.version}")
    language = walker.text(values, "language", what, root)
    if language is not None and not is_language_tag(language):
        walker.problem(values["language"], f"'language' {language!r} is not a BCP 47 language code "
                                           "(such as fr, es, ar or pt-BR)")
    elif language is not None and language != folder:
        walker.problem(values["language"], f"'language' is {language!r} but the file is in the folder {folder!r}; "
                                           "a translation lives in the folder named for its language")
    texts = {
        "title": walker.translated_text(values, keys, "title", source.title, what, root),
        "description": walker.translated_text(values, keys, "description", source.description, what, root),
        "labels": walker.scale_labels(values, keys, _instrument_labels(source), what, root),
        "sections": {},
    }
    sections = values.get("sections")
    if sections is None:
        walker.problem(root, f"{what} is missing 'sections' (every section of the source, by id)")
        return texts
    given = walker.by_id(sections, "'sections' of the translation")
    if given is None:
        return texts
    by_id = {section.id: section for section in source.sections}
    for section_id, (key_node, node) in given.items():
        if section_id in by_id:
            texts["sections"][section_id] = _section_texts(walker, by_id[section_id], key_node, node, source)
            continue
        owner = next((s.id for s in source.sections for item in s.items if item.id == section_id), None)
        walker.problem(key_node, f"the source has no section {section_id!r}"
                                 + (f"; {section_id!r} is an item of section {owner!r}" if owner else ""))
    for section in source.sections:
        if section.id not in given:
            walker.problem(keys["sections"], f"section {section.id!r} of the source is missing")
    return texts


def _section_texts(walker: _TranslationWalker, section: Section, anchor: yaml.Node, node: yaml.Node,
                   source: Instrument):
    what = f"section {section.id!r}"
    got = walker.fields(node, what, SECTION_KEYS)
    if got is None:
        return None
    values, keys = got
    texts = {
        "title": walker.translated_text(values, keys, "title", section.title, what, anchor),
        "help": walker.translated_text(values, keys, "help", section.help, what, anchor),
        "actions": walker.translated_texts(values, keys, "actions", section.actions, what, anchor),
        "labels": walker.scale_labels(values, keys, _section_labels(section, source), what, anchor),
        "items": {},
    }
    items = values.get("items")
    if items is None:
        walker.problem(anchor, f"{what} is missing 'items' (every item of the source section, by id)")
        return texts
    given = walker.by_id(items, f"the items of {what}")
    if given is None:
        return texts
    by_id = {item.id: item for item in section.items}
    for item_id, (key_node, item_node) in given.items():
        if item_id in by_id:
            texts["items"][item_id] = _item_texts(walker, by_id[item_id], key_node, item_node)
            continue
        owner = next((s.id for s in source.sections for item in s.items if item.id == item_id), None)
        walker.problem(key_node, f"item {item_id!r} is in section {owner!r} of the source, not in {what}" if owner
                       else f"the source has no item {item_id!r} in {what}")
    for item in section.items:
        if item.id not in given:
            walker.problem(keys["items"], f"item {item.id!r} of {what} is missing")
    return texts


def _item_texts(walker: _TranslationWalker, item: Item, anchor: yaml.Node, node: yaml.Node):
    what = f"item {item.id!r}"
    got = walker.fields(node, what, ITEM_KEYS)
    if got is None:
        return None
    values, keys = got
    return {
        "text": walker.translated_text(values, keys, "text", item.text, what, anchor),
        "help": walker.translated_text(values, keys, "help", item.help, what, anchor),
        "actions": walker.translated_texts(values, keys, "actions", item.actions, what, anchor),
    }


def _apply(source: Instrument, texts) -> Instrument:
    """``source`` with the checked texts; a field the source leaves empty stays empty."""
    scale = replace(source.scale, labels=texts["labels"]) if texts["labels"] else source.scale
    sections = []
    for section in source.sections:
        section_texts = texts["sections"][section.id]
        own = section.items[0].scale if _section_labels(section, source) else None
        own_translated = replace(own, labels=section_texts["labels"]) if own is not None else None
        items = []
        for item in section.items:
            item_texts = section_texts["items"][item.id]
            items.append(replace(item, text=item_texts["text"], help=item_texts["help"] or item.help,
                                 actions=item_texts["actions"] or item.actions,
                                 scale=_item_scale(item, source.scale, scale, own, own_translated)))
        sections.append(replace(section, title=section_texts["title"], help=section_texts["help"] or section.help,
                                actions=section_texts["actions"] or section.actions, items=tuple(items)))
    return replace(source, title=texts["title"], description=texts["description"] or source.description,
                   scale=scale, sections=tuple(sections))


def _item_scale(item: Item, source_scale: Scale, scale: Scale, own: Scale | None,
                own_translated: Scale | None) -> Scale | None:
    """The scale a rating item shows in the translation: its section's or the instrument's, relabelled."""
    if item.kind != "rating":
        return item.scale  # the severity scale of mistakes is labelled by the interface, not the instrument
    if own is not None and item.scale == own:
        return own_translated
    return scale if item.scale == source_scale else item.scale
