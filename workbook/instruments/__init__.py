"""The built-in instruments, shipped as YAML files in this folder.

Coaches can add their own files anywhere and load them with
:func:`load_instrument`; :func:`find_instrument` looks in both. Translations
sit beside their source in language folders (``fr/<name>.yaml``):
:func:`translated` gives an instrument in a language, :func:`available_languages`
the languages it has, and :func:`validate_files` checks sources and translations.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import NotFoundError
from .loader import load_instrument, parse_instrument
from .model import Instrument
from .translation import available_languages, translated
from .validation import validate_files

BUILTIN_DIR = Path(__file__).parent / "builtin"

__all__ = ["BUILTIN_DIR", "available_languages", "builtin_instruments", "find_instrument", "load_instrument",
           "parse_instrument", "translated", "validate_files"]


@lru_cache(maxsize=1)
def builtin_instruments() -> tuple[Instrument, ...]:
    """Every built-in instrument, ordered by guided step."""
    loaded = [load_instrument(path) for path in sorted(BUILTIN_DIR.glob("*.yaml"))]
    return tuple(sorted(loaded, key=lambda i: (i.step or 99, i.id)))


def find_instrument(key: str, extra: tuple[Instrument, ...] = ()) -> Instrument:
    """The instrument named ``id`` or ``id@version`` among the built-ins and ``extra``."""
    instrument_id, _, version = key.partition("@")
    candidates = [i for i in (*extra, *builtin_instruments()) if i.id == instrument_id]
    if version:
        candidates = [i for i in candidates if str(i.version) == version]
    if not candidates:
        known = ", ".join(i.id for i in builtin_instruments())
        raise NotFoundError(f"no instrument {key!r} (built-in: {known})")
    return max(candidates, key=lambda i: i.version)
