"""leaderbook's domain core: instruments, scoring, the answer store, team figures, exports, reports.

Its folders, lowest first (each imports only those before it; tests/test_layers.py):

- :mod:`.errors`: every exception leaderbook raises;
- :mod:`.basics`: text rules, number formats, private files, link shapes;
- :mod:`.instruments`: the frozen model (Instrument → Section → Item, and
  :class:`~workbook.instruments.model.Ref`), the YAML loader, the built-in
  instruments, the catalogue that names refs, and programmes;
- :mod:`.assess`: one person's assessment, pure: scoring, progress, the plan,
  the worksheets and the convergence map (what the respondent's page uses);
- :mod:`.store`: the durable answer store;
- :mod:`.views`: the one view layer (autoescaped Jinja) and the charts;
- :mod:`.team`: teams and rounds, the threshold and the release rule, and
  every team figure built on them (the dashboard, the live session);
- :mod:`.exports` and :mod:`.reports`: files for people and spreadsheets;
- :mod:`.cli`: the ``leaderbook`` command.

May import: the standard library, YAML, SQLAlchemy, Jinja and (in the
coach's modules only) pandas and numpy. Never ipywidgets, anywidget, Voila,
tornado, jupyter_server, :mod:`widgets` or :mod:`pages` (tests/test_layers.py):
the core runs the same under a notebook, a server and the command line.

Its names are the API, the functions a coach's notebook calls (the CLI is
a thin layer over the same ones): ``from workbook import create_team,
team_dashboard, team_report, write_report``. Importing this package is
cheap: names are loaded on first use, so a respondent's page pays only for
what it touches (never pandas).
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    # the instruments
    "Instrument": ".instruments.model", "Section": ".instruments.model", "Item": ".instruments.model",
    "Scale": ".instruments.model", "Source": ".instruments.model", "Ref": ".instruments.model",
    "NOT_APPLICABLE": ".instruments.model",
    "builtin_instruments": ".instruments", "find_instrument": ".instruments", "load_instrument": ".instruments",
    "parse_instrument": ".instruments", "validate_files": ".instruments",
    "translated": ".instruments", "available_languages": ".instruments",
    "Programme": ".instruments.programme", "load_programme": ".instruments.programme",
    "render_workbook": ".instruments.programme",
    # one person's assessment
    "score_instrument": ".assess.scoring", "score_section": ".assess.scoring", "assessment_summary": ".assess.scoring",
    "new_action": ".assess.plan", "check_plan": ".assess.plan",
    # the store
    "Store": ".store", "Respondent": ".store", "Round": ".store", "Answer": ".store",
    # a coach's team rounds
    "create_team": ".team.admin", "add_member": ".team.admin", "revoke_member": ".team.admin",
    "reissue_links": ".team.admin", "new_round": ".team.admin", "close_round": ".team.admin",
    "find_team": ".team.admin", "teams": ".team.admin", "team_status": ".team.admin",
    "new_coach_link": ".team.admin", "new_session_links": ".team.admin", "create_demo": ".team.demo",
    "team_dashboard": ".team.dashboard",
    # rosters, invitations and reminders by email
    "RosterRow": ".team.roster", "read_roster": ".team.roster", "create_team_from_roster": ".team.roster",
    "set_member_contact": ".team.roster",
    "MailServer": ".team.mail", "MessageTemplate": ".team.mail", "SendReport": ".team.mail",
    "MessageRecord": ".team.mail", "send_invitations": ".team.mail", "send_reminders": ".team.mail",
    "set_reminder_policy": ".team.mail", "reminder_policy": ".team.mail", "message_log": ".team.mail",
    # exports and reports
    "answer_rows": ".exports.answers", "write_rows": ".exports.answers",
    "aggregate_export": ".exports.team", "write_aggregates": ".exports.team",
    "team_report": ".reports.team", "individual_report": ".reports.individual",
    "individual_html": ".reports.individual", "summary_html": ".reports.summary", "write_report": ".reports",
    # errors
    "LeaderbookError": ".errors", "InstrumentError": ".errors", "AnswerError": ".errors", "InputError": ".errors",
    "PlanError": ".errors", "NotFoundError": ".errors", "StoreError": ".errors", "ProgrammeError": ".errors",
    "InvalidInvite": ".errors", "RosterError": ".errors", "MailError": ".errors",
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'workbook' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
