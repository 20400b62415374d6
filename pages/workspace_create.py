"""The workspace's form that creates a team: typed members or a roster file, a programme, a threshold.

Everything the browser sends is checked here, in the kernel, before
anything is written: the name and the members by the team functions, the
roster by :func:`workbook.team.roster.read_roster` (each bad row refused
with its number and what to change), the programme by the programme
checks. A problem shows under the control it is about, and nothing is
created.
"""

from __future__ import annotations

from ipywidgets import HTML, BoundedIntText, Button, Checkbox, FileUpload, Label, Text, Textarea, VBox

from workbook.basics.i18n import SOURCE_LANGUAGE, translator
from workbook.basics.numbers import format_number
from workbook.errors import LeaderbookError
from workbook.store import Store, checks
from workbook.team.anonymity import MAX_THRESHOLD, MIN_THRESHOLD, check_threshold
from ._views import render

#: Largest roster file the kernel reads (a roster of hundreds of people is a few tens of kB).
MAX_ROSTER_BYTES = 1_000_000
ROSTER_SUFFIXES = (".csv", ".xlsx")


def note(text: str = "", *, bad: bool = False, problems=(), language: str = SOURCE_LANGUAGE) -> str:
    """A message beside a control, its frame ("Not done:") in ``language``; ``text`` is shown as given
    (translated by the caller when it is the page's own words, as the core words it otherwise)."""
    return render("workspace_note.html.j2", language=language, text=text, bad=bad, problems=list(problems))


class CreateTeamForm(VBox):
    """Type members (``Ana, Ben:peer``) or upload a roster; choose the programme, threshold and confidentiality."""

    def __init__(self, store: Store, *, base_url: str, on_created=lambda made: None,
                 language: str = SOURCE_LANGUAGE):
        from workbook.instruments import builtin_instruments, translated

        self.store, self.base_url, self.on_created, self.language = store, base_url, on_created, language
        _ = translator(language).gettext
        wide = {"description_width": "initial"}
        self.name = Text(description=_("Team name"), style=wide, _dom_classes=("lb-ws-team-name",))
        self.name_note = HTML()
        self.members = Textarea(description=_("Members"), placeholder=_("Ana, Ben:peer, Cleo:manager"), style=wide,
                                _dom_classes=("lb-ws-members",))
        self.leader = Text(description=_("Leader (one of the members, optional)"), style=wide,
                           _dom_classes=("lb-ws-leader",))
        self.members_note = HTML()
        self.roster = FileUpload(accept=",".join(ROSTER_SUFFIXES), multiple=False,
                                 description=_("Upload a roster (CSV or XLSX)"), _dom_classes=("lb-ws-roster",),
                                 layout={"width": "auto"})
        self.roster_note = HTML()
        self.instruments = builtin_instruments()
        # Each instrument by its title in the page's language (its id and key, what is kept, are the same).
        self.choices = [Checkbox(True, description=translated(i, language).title, indent=False,
                                 _dom_classes=(f"lb-ws-instrument-{i.id}",)) for i in self.instruments]
        self.folder = Text(description=_("or a folder made by `leaderbook new`"), style=wide,
                           placeholder=_("/path/to/my-programme"), _dom_classes=("lb-ws-folder",))
        self.programme_note = HTML()
        self.threshold = BoundedIntText(MIN_THRESHOLD, min=MIN_THRESHOLD, max=MAX_THRESHOLD,
                                        description=_("Anonymity threshold"), style=wide,
                                        _dom_classes=("lb-ws-threshold",))
        self.threshold_note = HTML()
        self.confidential = Checkbox(False, description=_("Confidential: the coach never sees one member's answers"),
                                     indent=False, _dom_classes=("lb-ws-confidential",))
        self.create = Button(description=_("Create the team"), button_style="primary", _dom_classes=("lb-ws-create",))
        self.create.on_click(lambda _: self.submit())
        self.result = HTML()
        roster_help = HTML(render("workspace_roster_help.html.j2", language=language))
        super().__init__([
            HTML(render("workspace_heading.html.j2", title=_("Create a team"))),
            self.name, self.name_note,
            Label(_("Type the members, or upload a roster file:")),
            self.members, self.leader, self.members_note,
            roster_help, self.roster, self.roster_note,
            HTML(render("workspace_heading.html.j2", title=_("The programme"), level=3)),
            VBox(self.choices, _dom_classes=("lb-ws-instruments",)), self.folder, self.programme_note,
            self.threshold, self.threshold_note, self.confidential,
            self.create, self.result,
        ], _dom_classes=("lb-ws-section", "lb-ws-create-form"))

    def _note(self, text: str, **shown) -> str:
        return note(text, language=self.language, **shown)

    # -- reading the form -----------------------------------------------------------

    def _clear(self) -> None:
        for shown in (self.name_note, self.members_note, self.roster_note, self.programme_note,
                      self.threshold_note, self.result):
            shown.value = ""

    def _roster_file(self) -> tuple[bytes, str] | None:
        _ = translator(self.language).gettext
        files = self.roster.value
        if not files:
            return None
        if len(files) != 1:
            raise LeaderbookError(_("upload one roster file"))
        upload = files[0]
        name = str(upload.get("name", ""))
        if not name.lower().endswith(ROSTER_SUFFIXES):
            raise LeaderbookError(_("%(file)s is not a roster file: upload a .csv or .xlsx file")
                                  % {"file": repr(name)})
        content = bytes(upload.get("content", b""))
        if len(content) > MAX_ROSTER_BYTES or int(upload.get("size", 0) or 0) > MAX_ROSTER_BYTES:
            size = format_number(MAX_ROSTER_BYTES // 1000, places=0, language=self.language)
            raise LeaderbookError(_("%(file)s is larger than %(size)s kB; a roster is a short list of names, "
                                    "emails and roles") % {"file": repr(name), "size": size})
        return content, name

    def _programme(self):
        """``None`` (every built-in), a built-in selection as ``(programme, files)``, or a folder's."""
        _ = translator(self.language).gettext
        folder = self.folder.value.strip()
        if folder:
            from pathlib import Path

            from workbook.team.round_programme import programme_record

            return programme_record(Path(folder))
        chosen = [i for i, box in zip(self.instruments, self.choices) if box.value is True]
        if not chosen:
            raise LeaderbookError(_("choose at least one instrument, or give a folder made by "
                                             "`leaderbook new`"))
        if len(chosen) == len(self.instruments):
            return None
        from workbook.instruments.programme import Programme

        return Programme(instruments=tuple(i.key for i in chosen)).to_json(), {}

    def submit(self):
        """Create the team from the form, or show each problem next to its control (nothing is written)."""
        _ = translator(self.language).gettext
        self._clear()
        checked = {}
        for key, shown, read in (
                ("name", self.name_note, lambda: checks.name(self.name.value, "a team")),
                ("threshold", self.threshold_note, lambda: check_threshold(self.threshold.value)),
                ("programme", self.programme_note, self._programme),
                ("roster", self.roster_note, self._roster_file)):
            try:
                checked[key] = read()
            except LeaderbookError as exc:
                shown.value = self._note(str(exc), bad=True)
        if len(checked) < 4:
            return None
        typed = self.members.value.strip() if isinstance(self.members.value, str) else ""
        if checked["roster"] is not None and typed:
            self.members_note.value = self._note(_("type the members or upload a roster, not both: "
                                                            "clear one of them"), bad=True)
            return None
        options = dict(threshold=checked["threshold"], confidential=self.confidential.value is True,
                       workbook=checked["programme"], base_url=self.base_url)
        if checked["roster"] is not None:
            made = self._from_roster(checked["name"], *checked["roster"], options)
        else:
            made = self._from_members(checked["name"], typed, options)
        if made is None:
            return None
        self.name.value = self.members.value = self.leader.value = ""
        self.roster.value = ()
        words, named = translator(self.language), {"team": repr(made.team.name), "count": len(made.links)}
        self.result.value = self._note(
            words.ngettext("Team %(team)s is created with %(count)s link.",
                           "Team %(team)s is created with %(count)s links.", len(made.links)) % named
            if made.links else words.gettext("Team %(team)s is created with its links.") % named)
        self.on_created(made)
        return made

    def _from_members(self, name: str, typed: str, options: dict):
        from workbook.team.admin import create_team

        leader = self.leader.value.strip() if isinstance(self.leader.value, str) else ""
        try:
            return create_team(self.store, name, typed, leader=leader or None, **options)
        except LeaderbookError as exc:
            target = self.name_note if "exists" in str(exc) else self.members_note
            target.value = self._note(str(exc), bad=True)
            return None

    def _from_roster(self, name: str, data: bytes, filename: str, options: dict):
        from workbook.errors import RosterError
        from workbook.team.roster import create_team_from_roster, read_roster

        _ = translator(self.language).gettext

        try:
            rows = read_roster(data, filename)
        except RosterError as exc:
            self.roster_note.value = self._note(_("the roster %(file)s was refused and no team was created")
                                                % {"file": repr(filename)}, bad=True, problems=exc.problems)
            return None
        except LeaderbookError as exc:
            self.roster_note.value = self._note(str(exc), bad=True)
            return None
        try:
            return create_team_from_roster(self.store, name, rows, **options)
        except LeaderbookError as exc:
            target = self.name_note if "exists" in str(exc) else self.roster_note
            target.value = self._note(str(exc), bad=True, problems=getattr(exc, "problems", ()))
            return None
