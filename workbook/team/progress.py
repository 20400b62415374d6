"""How far every link of a round got: the one count the dashboard, the release rule and the console read.

:class:`RoundProgress` reads a round's answers from the store into
:class:`workbook.assess.progress.Tallies` (the same fold the respondent's page
tallies its own link with) and lists every invite of the round with its
:class:`~workbook.assess.progress.Tally`. :func:`round_tallies` is one counting
query over the current answers (:meth:`RoundProgress.count`); the live console keeps a :class:`RoundProgress` and
calls :meth:`~RoundProgress.catch_up` to read only the answer events it has
not seen. Counts only: never what anyone answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..assess.progress import Tallies, Tally
from ..instruments.model import Instrument
from ..store import Store


@dataclass(frozen=True)
class LinkTally:
    """One link of a round (a person about themselves, or about one leader) and how far it got."""

    respondent_id: int
    subject_id: int | None
    rater_group: str
    #: Every invite of the link is revoked (a reissued link has a live one): its answers are kept.
    revoked: bool
    tally: Tally
    #: False for a link that answered without an invite (answers written to the store directly).
    invited: bool = True


class RoundProgress:
    """Every link's tally in one round, from the store's answers (see :class:`Tallies` for what counts)."""

    def __init__(self, store: Store, round_id: int, instruments: tuple[Instrument, ...]):
        self.store, self.round_id = store, round_id
        self.tallies = Tallies(instruments)
        self._upto = 0  # the newest answer event folded in by catch_up()
        self._counted_upto = 0  # the event start_counted() counted up to (0: every event folded)

    def read(self) -> "RoundProgress":
        """Fold in the round's current answers, one store read (for a view made once)."""
        self.tallies.add(self.store.latest_answers(round_id=self.round_id))
        return self

    def count(self, *, as_of: int | None = None) -> "RoundProgress":
        """The same tallies as :meth:`read` from one counting query (``Store.answered_counts``), as of
        answer event ``as_of`` when given: what views made once read, at any size of round. A counted
        RoundProgress cannot :meth:`catch_up` (counts carry no item to follow)."""
        rows = self.store.answered_counts(self.round_id, self.tallies.counted_item_ids(), as_of=as_of)
        self.tallies.add_counts(sorted(rows, key=lambda row: (row[0], row[1] is not None, row[1] or 0)))
        self._upto = None
        return self

    def start_counted(self) -> frozenset[int]:
        """Start a live view from one count of the round (instead of folding every event since the
        first); later :meth:`catch_up` calls fold only new events. Returns the people who sent any
        answer event so far (the console's "joined" needs them)."""
        newest, _ = self.store.newest_event_ids()
        if not newest:
            return frozenset()
        self.count(as_of=newest)
        self._upto = self._counted_upto = newest
        return self.store.answered_by(self.round_id, as_of=newest)

    def catch_up(self) -> list:
        """Fold in the answer events not seen yet, oldest first; returns them (a live view's poll)."""
        if self._upto is None:
            raise ValueError("a RoundProgress made by count() cannot catch up")
        events = self.store.answers_since(self.round_id, self._upto)
        if events and self._counted_upto:
            # Counted, not folded: where each item new events touch stood before them.
            unseen = {(a.respondent_id, a.subject_id, a.instrument_id, a.item_id) for _, a in events}
            unseen = {key for key in unseen if not self.tallies.knows(key)}
            if unseen:
                self.tallies.know(self.store.latest_for_keys(self.round_id, unseen, as_of=self._counted_upto))
        if events:
            self._upto = events[-1][0]
            self.tallies.add(answer for _, answer in events)
        return [answer for _, answer in events]

    def links(self, *, uninvited: bool = False) -> tuple[LinkTally, ...]:
        """Every invite of the round (revoked ones too, with what was answered before), oldest first.

        With ``uninvited``, also the links that answered without an invite (answers written to the
        store directly), after the invited ones, as rater group "peer" when about someone.
        """
        found: dict[tuple[int, int | None], tuple[str, bool, bool]] = {}
        for invite in self.store.invites(self.round_id, include_revoked=True):
            key = (invite.respondent_id, invite.subject_id)
            live = not invite.revoked or (key in found and not found[key][1])
            found[key] = (invite.rater_group, not live, True)
        if uninvited:
            for key in self.tallies.links():
                found.setdefault(key, ("self" if key[1] is None else "peer", False, False))
        return tuple(LinkTally(respondent_id, subject_id, group, revoked,
                               self.tallies.tally(respondent_id, subject_id), invited)
                     for (respondent_id, subject_id), (group, revoked, invited) in found.items())


def round_tallies(store: Store, round_id: int, instruments: tuple[Instrument, ...], *,
                  as_of: int | None = None) -> tuple[LinkTally, ...]:
    """Every link of a round with its tally, from one counting query (and one read of the invites)."""
    return RoundProgress(store, round_id, instruments).count(as_of=as_of).links()
