"""The programme a team round answers, kept in the store with the round.

``leaderbook team create ... --workbook DIR`` (and ``team new-round``) read
DIR's ``programme.json``, pin every built-in instrument to the version it
has today (``id@version``), and keep the text of a coach's own instrument
files, so the round asks, scores and reports the same questions for as long
as it exists, whatever happens to DIR or to leaderbook's built-ins. A round
with no programme kept (a round from before, or made without ``--workbook``)
asks every built-in instrument.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..instruments.model import Instrument
from ..errors import ProgrammeError
from ..instruments.programme import PROGRAMME_FILE, Programme, load_programme, programme_from_json, resolve_instruments


def programme_record(folder: str | Path) -> tuple[dict, dict[str, str]]:
    """``(programme JSON, {file name: YAML text})`` of the workbook in ``folder``, checked."""
    from ..instruments import find_instrument

    folder = Path(folder)
    if not (folder / PROGRAMME_FILE).is_file():
        raise ProgrammeError(f"{folder} has no {PROGRAMME_FILE}: make one with `leaderbook new {folder}`")
    programme = load_programme(folder / PROGRAMME_FILE)
    resolve_instruments(programme, folder)  # every problem is found before anything is kept
    files, pinned = {}, []
    for name in programme.instruments:
        if name.endswith((".yaml", ".yml")):
            try:
                files[name] = (folder / name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ProgrammeError(f"cannot read instrument file {folder / name}: {exc}") from None
            pinned.append(name)
        else:
            pinned.append(find_instrument(name).key)
    return dataclasses.replace(programme, instruments=tuple(pinned)).to_json(), files


def round_programme(store, round_id: int) -> tuple[Programme, tuple[Instrument, ...]]:
    """The programme a round answers and its instruments (every built-in when none was kept)."""
    kept = store.round_programme(round_id)
    if kept is None:
        programme = Programme()
        return programme, resolve_instruments(programme)
    data, files = kept
    programme = programme_from_json(data, f"the programme of round {round_id}")
    return programme, resolve_instruments(programme, files=files)


def round_instruments(store, round_id: int) -> tuple[Instrument, ...]:
    return round_programme(store, round_id)[1]
