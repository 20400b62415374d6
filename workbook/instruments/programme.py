"""A programme: which instruments and sections a workbook asks, under which title.

A coach renders a workbook for a programme with :func:`render_workbook`
(``leaderbook new DIR ...``): the folder gets the workbook notebook and a
``programme.json`` it reads when it runs, in Voila and in JupyterLab alike.
A notebook with no programme file beside it asks every built-in instrument.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, NotFoundError, ProgrammeError
from ..basics.i18n import N_
from ..basics.links import WORKBOOK_NOTEBOOK
from .model import Ref

PROGRAMME_FILE = "programme.json"
FORMAT = 1

DEFAULT_TITLE = N_("Leading learning: your workbook")
DEFAULT_INTRO = N_(
    "This workbook walks you through how you lead training in your organisation: "
    "where you stand between managing and leading, the skills and functions that "
    "bring training in line with strategy, the mistakes to watch for, and the "
    "alliances that make it last. Answer for what you actually did in the last few "
    "months. Every answer is saved as you go, so you can stop and come back. At the "
    "end you get your results, an action plan and a summary to download."
)
# Both are translated where a page shows them (pages/workbook_page.py); a coach's own title and
# introduction are shown as written.
MAX_TITLE = 200
MAX_INTRO = 4000


@dataclass(frozen=True)
class Programme:
    """What a rendered workbook asks. Empty ``instruments``/``sections`` mean "all"."""

    title: str = DEFAULT_TITLE
    intro: str = DEFAULT_INTRO
    #: Built-in ids (``id`` or ``id@version``) or instrument YAML files beside the notebook.
    instruments: tuple[str, ...] = ()
    #: ``instrument-id/section-id`` to keep; instruments with none listed keep every section.
    sections: tuple[str, ...] = ()
    #: New wording for the points of every rating scale, lowest first.
    scale_labels: tuple[str, ...] = ()
    #: The convergence map step: True to include it, False to leave it out; None (the default) includes
    #: it when the programme asks the convergence process, which the map puts to work.
    convergence_map: bool | None = None

    def to_json(self) -> dict:
        return {"format": FORMAT, "title": self.title, "intro": self.intro,
                "instruments": list(self.instruments), "sections": list(self.sections),
                "scale_labels": list(self.scale_labels), "convergence_map": self.convergence_map}


def programme_from_json(data: object, where: str = PROGRAMME_FILE) -> Programme:
    """A programme from parsed JSON, checked; ProgrammeError names what is wrong."""
    if not isinstance(data, dict):
        raise ProgrammeError(f"{where}: expected a JSON object")
    known = {"format", "title", "intro", "instruments", "sections", "scale_labels", "convergence_map"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ProgrammeError(f"{where}: unknown key(s) {', '.join(unknown)}")
    if data.get("format", FORMAT) != FORMAT:
        raise ProgrammeError(f"{where}: format {data.get('format')!r} is not supported (expected {FORMAT})")
    fields = {}
    for name in ("title", "intro"):
        if name in data:
            if not isinstance(data[name], str):
                raise ProgrammeError(f"{where}: {name} must be text")
            fields[name] = data[name]
    for name in ("instruments", "sections", "scale_labels"):
        if name in data:
            value = data[name]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ProgrammeError(f"{where}: {name} must be a list of text")
            fields[name] = tuple(value)
    if data.get("convergence_map") is not None:
        if not isinstance(data["convergence_map"], bool):
            raise ProgrammeError(f"{where}: convergence_map must be true, false or null")
        fields["convergence_map"] = data["convergence_map"]
    return Programme(**fields)


def load_programme(path: str | Path) -> Programme:
    """The programme in ``path``; the default programme when the file does not exist."""
    path = Path(path)
    if not path.exists():
        return Programme()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProgrammeError(f"{path}: cannot read the programme: {exc}") from None
    return programme_from_json(data, str(path))


#: The instrument whose step the convergence map follows: the map puts that process to work.
MAP_AFTER = "convergence-process"


def shows_convergence_map(programme: Programme, instruments) -> bool:
    """Whether the guided page has the convergence map step: as the programme says, else
    when it asks the convergence process."""
    if programme.convergence_map is not None:
        return programme.convergence_map
    return any(i.id == MAP_AFTER for i in instruments)


def resolve_instruments(programme: Programme, folder: str | Path = ".", files=None):
    """The programme's instruments, sections filtered and scale reworded, in step order.

    Instrument files are read from ``folder``, or, when ``files`` (name →
    YAML text) is given, from there: a team round keeps its files in the store.
    Raises ProgrammeError (or NotFoundError for an unknown instrument) on the
    first thing that does not fit, naming it.
    """
    from . import builtin_instruments, find_instrument, load_instrument, parse_instrument

    if len(programme.title.strip()) == 0 or len(programme.title) > MAX_TITLE:
        raise ProgrammeError(f"the title must be 1 to {MAX_TITLE} characters")
    if len(programme.intro) > MAX_INTRO:
        raise ProgrammeError(f"the introduction is longer than {MAX_INTRO} characters")
    if programme.instruments:
        chosen = []
        for name in programme.instruments:
            if _is_file(name) and files is not None:
                if name not in files:
                    raise ProgrammeError(f"instrument file {name} is not kept with this round")
                chosen.append(parse_instrument(files[name], name))
            elif _is_file(name):
                path = Path(folder) / name
                if not path.is_file():
                    raise ProgrammeError(f"instrument file {name} not found in {folder}")
                chosen.append(load_instrument(path))
            else:
                chosen.append(find_instrument(name))
    else:
        chosen = list(builtin_instruments())
    ids = [i.id for i in chosen]
    if len(ids) != len(set(ids)):
        raise ProgrammeError("an instrument is listed twice")
    chosen = _keep_sections(chosen, programme.sections)
    if programme.scale_labels:
        chosen = [_reword_scale(i, programme.scale_labels) for i in chosen]
    return tuple(sorted(chosen, key=lambda i: (i.step or 99, ids.index(i.id))))


def _keep_sections(instruments, wanted: tuple[str, ...]):
    if not wanted:
        return instruments
    keep: dict[str, set[str]] = {}
    for ref in wanted:
        if "/" in ref:
            instrument_id, section_id = _section_ref(ref)
        else:
            owners = [i.id for i in instruments if any(s.id == ref for s in i.sections)]
            if len(owners) != 1:
                where = "no chosen instrument" if not owners else f"several instruments ({', '.join(owners)})"
                raise ProgrammeError(f"section {ref!r} is in {where}; write it as INSTRUMENT/SECTION")
            instrument_id, section_id = owners[0], ref
        match = [i for i in instruments if i.id == instrument_id]
        if not match:
            raise ProgrammeError(f"section {ref!r}: instrument {instrument_id!r} is not in this programme")
        if section_id not in {s.id for s in match[0].sections}:
            known = ", ".join(s.id for s in match[0].sections)
            raise ProgrammeError(f"instrument {instrument_id!r} has no section {section_id!r} (it has: {known})")
        keep.setdefault(instrument_id, set()).add(section_id)
    return [dataclasses.replace(i, sections=tuple(s for s in i.sections if s.id in keep[i.id]))
            if i.id in keep else i for i in instruments]


def _section_ref(text: str) -> tuple[str, str]:
    """The instrument and section ids of ``INSTRUMENT/SECTION``; ProgrammeError for anything else."""
    try:
        ref = Ref.parse(text)
    except InputError:
        ref = None
    if ref is None or ref.item is not None:
        raise ProgrammeError(f"section {text!r}: write it as INSTRUMENT/SECTION (two ids joined by '/')")
    return ref.instrument, ref.section


def _reword_scale(instrument, labels: tuple[str, ...]):
    labels = tuple(label.strip() for label in labels)
    if any(not label or len(label) > 60 for label in labels):
        raise ProgrammeError("every scale label needs 1 to 60 characters")
    scale = instrument.scale
    if len(labels) != len(scale.points()):
        raise ProgrammeError(
            f"instrument {instrument.id!r} rates on {len(scale.points())} points "
            f"({scale.min} to {scale.max}); {len(labels)} scale labels were given"
        )
    new_scale = dataclasses.replace(scale, labels=labels)

    def reword(item):
        if item.kind == "rating" and item.scale is not None and item.scale.points() == scale.points():
            return dataclasses.replace(item, scale=new_scale)
        return item

    sections = tuple(dataclasses.replace(s, items=tuple(reword(item) for item in s.items)) for s in instrument.sections)
    return dataclasses.replace(instrument, scale=new_scale, sections=sections)


def notebook_sources() -> Path:
    """The folder holding the shipped notebooks, ``workbook/notebooks``.

    In a source checkout its files are links to ``templates/`` (where the
    notebooks are edited and tested); a wheel packs them as files. Either
    way they are found here, the one way.
    """
    shipped = Path(__file__).resolve().parents[1] / "notebooks"
    if not (shipped / WORKBOOK_NOTEBOOK).is_file():
        raise NotFoundError("the workbook notebooks are missing from this installation; reinstall leaderbook")
    return shipped


def render_workbook(folder: str | Path, programme: Programme, *, force: bool = False) -> Path:
    """Write ``folder/workbook.ipynb`` and ``folder/programme.json`` for ``programme``.

    Everything is checked before anything is written. A folder that is not
    empty is refused unless ``force``; with ``force`` only those two files
    (and instrument files named by the programme) are replaced.
    Returns the notebook's path.
    """
    folder = Path(folder)
    sources = [Path(name) for name in programme.instruments if _is_file(name)]
    for source in sources:
        if not source.is_file():
            raise ProgrammeError(f"instrument file {source} not found")
    if len({p.name for p in sources}) != len(sources):
        raise ProgrammeError("two instrument files share a name")
    # Check with the files where they are now (absolute paths), before anything is written.
    resolve_instruments(dataclasses.replace(
        programme, instruments=tuple(str(Path(n).resolve()) if _is_file(n) else n for n in programme.instruments)))
    staged = dataclasses.replace(
        programme, instruments=tuple(Path(n).name if _is_file(n) else n for n in programme.instruments))
    if folder.exists() and not folder.is_dir():
        raise ProgrammeError(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ProgrammeError(f"{folder} is not empty; choose an empty folder or add --force to replace the workbook in it")
    notebook = json.loads((notebook_sources() / WORKBOOK_NOTEBOOK).read_text(encoding="utf-8"))
    notebook.setdefault("metadata", {})["title"] = staged.title
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for source in sources:
            shutil.copyfile(source, folder / source.name)
        (folder / PROGRAMME_FILE).write_text(json.dumps(staged.to_json(), indent=2, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
        target = folder / WORKBOOK_NOTEBOOK
        target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ProgrammeError(f"cannot write the workbook into {folder}: {exc.strerror or exc}") from None
    return target


def _is_file(name: str) -> bool:
    return name.endswith((".yaml", ".yml"))
