"""The member's own copy on the summary step: "Download my answers", as JSON and as CSV.

The copy is made in the kernel when the button is pressed, of the respondent
the page's link resolved to (``page.visit``): the browser sends only the
click, so no value it sends can name anyone else. It is made by
:func:`workbook.exports.own_copy.own_copy` (which records it in the audit
trail; on a served page the server makes it, through its store service) and handed over as ``data:`` links, as the summary is. A copy is one
moment: the links go when the visitor leaves the step, so a copy made before
later answers is never the one saved.
"""

from __future__ import annotations

import base64

from ipywidgets import HTML, Button, VBox

from workbook.basics.i18n import translator
from workbook.errors import LeaderbookError
from workbook.exports.own_copy import FILES, own_copy, own_copy_csv, own_copy_json
from workbook.store.client import StoreClient

from ._views import render

LABELS = {"json": "JSON", "csv": "CSV"}


class OwnCopy(VBox):
    """A "Download my answers" button and, once pressed, the JSON and CSV links of the visitor's copy."""

    #: Reading one's own copy changes nothing: a closed round's read-only page still offers it.
    stays_enabled_when_read_only = True

    def __init__(self, page):
        self._page = page
        _ = translator(page.language).gettext
        self.button = Button(description=_("Download my answers"), _dom_classes=("lb-own-copy",),
                             layout={"width": "auto", "align_self": "flex-start"},
                             tooltip=_("Everything kept about you, as JSON and CSV"))
        self.button.on_click(lambda _event: self.make())
        self.links = HTML(_dom_classes=("lb-own-copy-links",))
        super().__init__([HTML(render("own_copy_intro.html.j2", language=page.language)), self.button, self.links],
                         _dom_classes=("lb-own-copy-box",))
        page.stepper.observe(lambda _: self.clear(), names="index")

    def clear(self) -> None:
        self.links.value = ""

    def make(self) -> None:
        """Make the copy of the link's own respondent, whatever the browser sent, and show its two links."""
        visit = self._page.visit
        if visit is None or not visit.valid:  # no visitor yet, or an invalid link: nobody's copy
            self.links.value = ""
            return
        store = self._page.store
        try:
            if isinstance(store, StoreClient):  # a served page: its server makes the copy and records it
                document = store.own_copy(visit.respondent.id, visit.round.id)
            else:
                document = own_copy(store, visit.respondent.id, self._page.instruments, actor="member")
            data = {"json": own_copy_json(document), "csv": own_copy_csv(document)}
        except LeaderbookError as exc:
            notice = translator(self._page.language).gettext("Your copy could not be made: %(reason)s") % {
                "reason": exc}
            self.links.value = render("notice.html.j2", language=self._page.language, notice=notice)
            return
        files = [{"format": fmt, "name": FILES[fmt][0], "label": LABELS[fmt],
                  "href": f"data:{FILES[fmt][1]};base64," + base64.b64encode(data[fmt]).decode("ascii")}
                 for fmt in ("json", "csv")]
        self.links.value = render("own_copy_links.html.j2", language=self._page.language, files=files)
