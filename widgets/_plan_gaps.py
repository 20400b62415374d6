"""The gaps an action can answer, as ``(label, ref)`` choices drawn from the instruments.

A ref is ``instrument/section`` (a function or skill area) or
``instrument/section/item`` (a single mistake, or a single weak item), the
same refs :func:`workbook.scoring.suggest_actions` gives its suggestions.
"""

from __future__ import annotations

NO_GAP = ("(not tied to a gap)", "")


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def gap_choices(instruments) -> list[tuple[str, str]]:
    """Every scored section, and every mistake or obstacle on its own."""
    choices = [NO_GAP]
    for instrument in instruments:
        for section in instrument.sections:
            if section.kind == "mistakes":
                choices.extend((f"{section.title}: {_short(item.text)}", f"{instrument.id}/{section.id}/{item.id}")
                               for item in section.items)
            elif section.scored:
                choices.append((f"{instrument.title}: {section.title}", f"{instrument.id}/{section.id}"))
    return choices


def gap_label(ref: str, instruments) -> str:
    """A readable name for any ref, even one not among :func:`gap_choices` (e.g. a weak item)."""
    instrument_id, _, rest = ref.partition("/")
    section_id, _, item_id = rest.partition("/")
    for instrument in instruments:
        if instrument.id != instrument_id:
            continue
        for section in instrument.sections:
            if section.id == section_id:
                if not item_id:
                    return f"{instrument.title}: {section.title}"
                for item in section.items:
                    if item.id == item_id:
                        return f"{section.title}: {_short(item.text)}"
    return ref
