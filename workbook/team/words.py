"""The team figures' own words (states, purposes, group names, readings) in the coach's language.

The team figures keep their words in English: they are data, compared by tests and written in
exports' keys as stable values (``"finished"``, ``"disagree"``). A report, and an export's
readings, say them in the coach's language here, through the interface's catalogues; a word not listed (a custom rater group) is shown
as it is.
"""

from __future__ import annotations

import re

from ..basics.i18n import N_, translator
from .reliability import LOW_READING
from .release import SELF_LABEL

#: A link's state (workbook.team.dashboard.Progress.state), before ", link revoked".
STATES = {"finished": N_("finished"), "in progress": N_("in progress"), "not started": N_("not started")}
#: How each rater group is named in the singular ("rates Ana as a peer") and as a group ("peers rating Ana").
GROUPS = {"direct report": N_("direct report"), "peer": N_("peer"), "manager": N_("manager")}
GROUPS_RATING = {"direct reports": N_("direct reports rating %(name)s"), "peers": N_("peers rating %(name)s"),
                 "managers": N_("managers rating %(name)s")}
#: The readings of the reliability table and of the convergence maps' agreement.
READINGS = {LOW_READING: N_("too low to read with confidence"), "cannot be computed": N_("cannot be computed"),
            "consistent and agreed": N_("consistent and agreed"), "no sign of a problem": N_("no sign of a problem"),
            "not computed: not everyone answered every item": N_("not computed: not everyone answered every item"),
            "agree it serves": N_("agree it serves"), "agree it does not": N_("agree it does not"),
            "disagree": N_("disagree")}
#: Named groups that are not a rater group about someone.
LABELS = {SELF_LABEL: SELF_LABEL, "members (convergence maps)": N_("members (convergence maps)")}
#: An action's status as the plan stores it.
STATUSES = {"planned": N_("planned"), "in progress": N_("in progress"), "done": N_("done"), "dropped": N_("dropped")}

_RATING = re.compile(r"^(direct reports|peers|managers) rating (.+)$", re.S)
_RATES = re.compile(r"^rates (.+) as (direct report|peer|manager)$", re.S)


def state(text: str, language: str) -> str:
    """A link's state, ``"finished"`` or ``"in progress, link revoked"``, in ``language``."""
    _ = translator(language).gettext
    base, revoked = (text[: -len(", link revoked")], True) if text.endswith(", link revoked") else (text, False)
    said = _(STATES[base]) if base in STATES else base
    return _("%(state)s, link revoked") % {"state": said} if revoked else said


def purpose(text: str, language: str) -> str:
    """What a link is for, ``"self-assessment"`` or ``"rates Ana as peer"``, in ``language``."""
    _ = translator(language).gettext
    if text == "self-assessment":
        return _("self-assessment")
    found = _RATES.match(text)
    if found is None:
        return text
    return _("rates %(name)s as %(group)s") % {"name": found.group(1), "group": _(GROUPS[found.group(2)])}


def group(text: str, language: str) -> str:
    """A group of people figures are about (``"peers rating Ana"``, the members' self-assessments), in ``language``."""
    _ = translator(language).gettext
    if text in LABELS:
        return _(LABELS[text])
    found = _RATING.match(text)
    if found is None:
        return _(GROUPS[text]) if text in GROUPS else text
    return _(GROUPS_RATING[found.group(1)]) % {"name": found.group(2)}


def reading(text: str, language: str) -> str:
    """A reading of figures (reliability, the maps' agreement) in ``language``."""
    return translator(language).gettext(READINGS[text]) if text in READINGS else text


def status(text: str, language: str) -> str:
    """An action's status in ``language``."""
    return translator(language).gettext(STATUSES[text]) if text in STATUSES else text


def waiting(w, language: str) -> str:
    """Why a group's newest answers are not shown yet (workbook.team.dashboard.Waiting), in ``language``."""
    if language == "en":
        return w.explanation
    _ = translator(language).gettext
    label = group(w.label, language)
    if w.shown == 0:
        return _("%(waiting)s %(group)s finished: their figures appear once %(threshold)s have (no figure is ever "
                 "about fewer people).") % {"waiting": w.waiting, "group": label, "threshold": w.threshold}
    return _("%(group)s: the figures are about the %(shown)s who had finished when they were published; "
             "%(waiting)s more finished since. New figures appear once %(threshold)s more have, so that nobody's "
             "answers can be read from the difference.") % {
        "group": label[:1].upper() + label[1:], "shown": w.shown, "waiting": w.waiting, "threshold": w.threshold}
