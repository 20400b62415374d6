"""The anonymity rule: no figure about fewer than ``threshold`` people.

A team chooses its threshold when it is created (3 unless raised); a report
or an export may ask for a higher one, never a lower one. The rule is
applied to tables by :func:`workbook.team.aggregate.suppress`, the one place that
hides figures, so no view can bypass it.
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
