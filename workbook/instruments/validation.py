"""Checking instrument files as ``leaderbook validate`` does: each file, and the translations beside it.

A source is checked with the loader, then every translation beside it (``LANG/<name>``) against it;
a translation given directly is checked against its source one folder up. Each file is checked once
however it was named, so a folder's problems are listed once, in one pass.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import InstrumentError, Problem
from .loader import load_instrument, read_instrument_text
from .model import Instrument
from .translation import is_language_tag, source_path, translation_paths, translation_problems

#: A top-level ``translates:`` key: the file is a translation, though not where one is looked for.
_TRANSLATES = re.compile(r"^translates\s*:", re.MULTILINE)


def files_to_validate(paths) -> list[tuple[Path, Path | None]]:
    """Each file to check, with the source it translates (None for a source), in the order given."""
    seen: set[str] = set()
    plan: list[tuple[Path, Path | None]] = []

    def add(file: Path, source: Path | None) -> None:
        key = os.path.abspath(file)
        if key not in seen:
            seen.add(key)
            plan.append((file, source))

    for given in paths:
        path = Path(given)
        if is_language_tag(path.parent.name) and source_path(path).is_file():
            add(path, source_path(path))
        else:
            add(path, None)
            for translation in translation_paths(path):
                add(translation, path)
    return plan


def validate_files(paths) -> list[Problem]:
    """Every problem in these files and the translations beside them; an empty list means all are valid."""
    loaded: dict[str, Instrument | InstrumentError] = {}
    reported: set[str] = set()
    problems: list[Problem] = []
    for file, source in files_to_validate(paths):
        target = source if source is not None else file
        key = os.path.abspath(target)
        if key not in loaded:
            try:
                loaded[key] = load_instrument(target)
            except InstrumentError as exc:
                loaded[key] = exc
        result = loaded[key]
        if isinstance(result, InstrumentError):
            # A translation is checked only against a source that loads: the source's problems come first.
            if key not in reported:
                reported.add(key)
                misplaced = _misplaced_translation(file) if source is None else []
                problems.extend(misplaced or result.problems)
            continue
        if source is not None:
            problems.extend(translation_problems(result, file))
    return problems


def _misplaced_translation(file: Path) -> list[Problem]:
    """One clear line for a translation given where no source is beside it, instead of its unknown keys."""
    try:
        match = _TRANSLATES.search(read_instrument_text(file))
    except InstrumentError:
        return []
    if match is None:
        return []
    line = match.string.count("\n", 0, match.start()) + 1
    return [Problem(str(file), line, f"this is a translation ('translates'), but {source_path(file)} is not there "
                                     f"to translate: a translation of FOLDER/{file.name} lives in "
                                     f"FOLDER/LANG/{file.name}, LANG being its language code (fr, es, ar)")]
