"""The workspace's downloads: the team report (HTML, PDF), each member's report, the exports.

A file is made when the coach asks for it, from the store, by the same
functions as ``leaderbook report`` and ``leaderbook export`` (so every
threshold and confidentiality rule holds), and handed to the browser as a
``data:`` link: nothing is written to disk but the PDF's private temporary
file, which Chromium prints into and which goes at once.
"""

from __future__ import annotations

import base64
import re
import tempfile
from pathlib import Path

from ipywidgets import HTML, Button, Dropdown, HBox, VBox

from workbook.basics.i18n import N_, SOURCE_LANGUAGE, translator
from workbook.errors import LeaderbookError
from workbook.store import Store
from ._views import render
from .workspace_create import note

#: What can be downloaded: (label, key).
WHAT = ((N_("Team report"), "team"), (N_("A member's own report"), "individual"), (N_("The team's answers"), "answers"),
        (N_("The team's aggregate figures"), "aggregate"))
FORMATS = {"team": ("html", "pdf"), "individual": ("html", "pdf"), "answers": ("csv", "xlsx", "json"),
           "aggregate": ("json", "csv", "xlsx")}
MEDIA = {"html": "text/html;charset=utf-8", "pdf": "application/pdf", "csv": "text/csv;charset=utf-8",
         "json": "application/json", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:60] or "team"


def _pdf(html: str) -> bytes:
    from workbook.reports.pdf import html_to_pdf

    with tempfile.TemporaryDirectory(prefix="leaderbook-download-") as work:
        target = Path(work) / "report.pdf"
        html_to_pdf(html, target)
        return target.read_bytes()


def team_file(store: Store, team, what: str, fmt: str, member: str | None = None, *,
              language: str = SOURCE_LANGUAGE) -> tuple[str, bytes]:
    """``(file name, bytes)`` of one download, its words in ``language`` (the workspace's);
    LeaderbookError, said in that language, when it may not be made."""
    _ = translator(language).gettext
    if fmt not in FORMATS.get(what, ()):
        raise LeaderbookError(_("choose one of: %(formats)s") % {"formats": ", ".join(FORMATS.get(what, ()))})
    if what in ("team", "individual"):
        if what == "team":
            from workbook.reports.team import team_report
            from workbook.team.dashboard import team_dashboard

            html, name = team_report(team_dashboard(store, team=team), language=language), f"{slug(team.name)}-report"
            store.record("report", actor="workspace", team=team.name, detail=f"team report ({fmt})")
        else:
            from workbook.reports.individual import individual_html, individual_report
            from workbook.team.admin import find_member

            if team.confidential:
                raise LeaderbookError(_("team %(team)s is confidential: a member's own report is shown only "
                                        "through their own link") % {"team": repr(team.name)})
            person = find_member(store, team, member or "")
            html = individual_html(individual_report(store, person.id, actor="workspace", language=language))
            name = f"{slug(person.name)}-report"
        return f"{name}.{fmt}", (_pdf(html) if fmt == "pdf" else html.encode("utf-8"))
    if what == "answers":
        from workbook.exports.answers import answer_rows, write_rows

        if team.confidential:
            raise LeaderbookError(_("team %(team)s is confidential: its answers are not exported; download its "
                                    "aggregate figures instead") % {"team": repr(team.name)})
        members = {m.id for m in store.respondents(team.id)}
        rows = [row for row in answer_rows(store, actor="workspace", team=team.name, language=language)
                if row["respondent_id"] in members]
        return f"{slug(team.name)}-answers.{fmt}", write_rows(rows, fmt, None)
    from workbook.exports.team import aggregate_export, write_aggregates

    figures = aggregate_export(store, team.name, actor="workspace", language=language)
    return f"{slug(team.name)}-aggregate.{fmt}", write_aggregates(figures, fmt, None)


class Downloads(VBox):
    """Choose what and in which format, press the button: a link to save the file appears."""

    def __init__(self, store: Store, *, team_of, language: str = SOURCE_LANGUAGE):
        self.store, self.team_of, self.language = store, team_of, language
        _ = translator(language).gettext
        wide = {"description_width": "initial"}
        self.what = Dropdown(description=_("Download"), options=[(_(label), key) for label, key in WHAT], value="team",
                             style=wide, _dom_classes=("lb-ws-download-what",))
        self.format = Dropdown(description=_("as"), options=list(FORMATS["team"]), style=wide,
                               _dom_classes=("lb-ws-download-format",))
        self.member = Dropdown(description=_("of"), options=[], style=wide, _dom_classes=("lb-ws-download-member",))
        self.member.layout.display = "none"
        self.make = Button(description=_("Prepare the file"), _dom_classes=("lb-ws-prepare",))
        self.make.on_click(lambda _: self.prepare())
        self.message = HTML()
        self.link = HTML(_dom_classes=("lb-ws-download-link",))
        self.what.observe(self._what_changed, names="value")
        super().__init__([HTML(render("workspace_heading.html.j2", title=_("Reports and exports"))),
                          HBox([self.what, self.member, self.format, self.make], _dom_classes=("lb-ws-row",)),
                          self.message, self.link], _dom_classes=("lb-ws-section", "lb-ws-downloads"))

    def _what_changed(self, change) -> None:
        with self.hold_sync():
            self.format.options = list(FORMATS.get(change.new, ("html",)))
            self.member.layout.display = None if change.new == "individual" else "none"
            self.link.value = ""

    def refresh(self) -> None:
        team = self.team_of()
        self.member.options = [m.name for m in self.store.respondents(team.id)] if team else []
        self.link.value = self.message.value = ""

    def prepare(self) -> None:
        self.message.value = self.link.value = ""
        team = self.team_of()
        if team is None:
            self.message.value = note(translator(self.language).gettext("create a team first"), bad=True,
                                      language=self.language)
            return
        try:
            filename, data = team_file(self.store, team, self.what.value, self.format.value, self.member.value,
                                       language=self.language)
        except LeaderbookError as exc:
            self.message.value = note(str(exc), bad=True, language=self.language)
            return
        fmt = filename.rsplit(".", 1)[1]
        href = f"data:{MEDIA[fmt]};base64," + base64.b64encode(data).decode("ascii")
        self.link.value = render("workspace_download.html.j2", language=self.language, href=href, filename=filename)
