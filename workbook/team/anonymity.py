"""The anonymity rule: no figure about fewer than ``threshold`` people. The one place it is decided.

A team chooses its threshold when it is created (3 unless raised); a report
or an export may ask for a higher one, never a lower one. Every view asks
here whether a figure may show: :func:`shown` for one count (a topic, a map,
a reliability figure), :func:`hidden` for a column of counts (what
:func:`workbook.team.aggregate.suppress` blanks in a table),
:func:`apart_enough` for two groups' difference (the release rule) and
:func:`counted_beside_own` for a group shown beside one of its members' own
figure. No module compares a count with the threshold itself
(tests/test_threshold_one_place.py).
"""

from __future__ import annotations

from ..errors import LeaderbookError
from ..basics.text_check import describe

#: The smallest threshold allowed anywhere: with 2, each of two people could
#: subtract their own answer and read the other's.
MIN_THRESHOLD = 3
#: More people than any team has; the bound keeps the number inside the store's integer column.
MAX_THRESHOLD = 100_000


def check_threshold(threshold: object) -> int:
    """``threshold`` as an int if it is allowed, else a LeaderbookError saying why."""
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise LeaderbookError(f"the anonymity threshold must be a whole number, not {describe(threshold)}")
    if threshold > MAX_THRESHOLD:
        raise LeaderbookError(f"the anonymity threshold is at most {MAX_THRESHOLD:,} people")
    if threshold < MIN_THRESHOLD:
        raise LeaderbookError(
            f"the anonymity threshold is at least {MIN_THRESHOLD} (asked for {threshold}): "
            "with fewer people, answers could be traced back to a person"
        )
    return threshold


def effective_threshold(team_threshold: int | None, asked: int | None = None) -> int:
    """The threshold to apply: the team's, raised (never lowered) by what a caller asks for."""
    threshold = max(team_threshold or MIN_THRESHOLD, MIN_THRESHOLD)
    if asked is not None:
        threshold = max(threshold, check_threshold(asked))
    return threshold


def shown(n, threshold: int) -> bool:
    """Whether a figure about ``n`` people may be shown: ``n`` is at least ``threshold``."""
    return n >= threshold


def hidden(n, threshold: int):
    """Which figures to hide: ``n < threshold``, element by element for an array or a Series of counts."""
    return n < threshold


def apart_enough(difference: int, threshold: int) -> bool:
    """Whether two groups that differ by ``difference`` people may both be shown (at least ``threshold``):
    with fewer, the answers of those few could be read by subtracting one figure from the other."""
    return difference >= threshold


def counted_beside_own(n, group_n, threshold: int):
    """The ``n`` to count a figure as when shown beside one person's own figure, and that person is
    also in a group figure of ``group_n`` people (a Series each, aligned).

    A group of exactly ``threshold`` shown with one member's own answer lets the other
    ``threshold - 1`` be worked out: such a row counts as ``threshold - 1`` people, so it is hidden.
    """
    return n.where(group_n != threshold, n.clip(upper=threshold - 1))
