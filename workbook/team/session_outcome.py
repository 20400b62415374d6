"""What a round's live sessions decided: the topics shown to the room and the actions the group chose.

Kept append-only in the store by :func:`workbook.team.session.reveal` and
:func:`~workbook.team.session.choose_action`; the dashboard and the team
report read it back from here (no pandas, no figures).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store


@dataclass(frozen=True)
class SessionOutcome:
    """What a round's sessions decided: the topics revealed and the actions chosen, oldest first."""

    revealed: tuple[str, ...] = ()  # section refs
    actions: tuple[dict, ...] = ()


def session_outcome(store: Store, round_id: int) -> SessionOutcome:
    events = store.session_events(round_id)
    revealed = tuple(dict.fromkeys(e.topic for e in events if e.kind == "reveal"))
    return SessionOutcome(revealed, tuple(e.action for e in events if e.kind == "action"))
