"""The Voila application: the pages people open, and the server that serves them.

Holds the respondent's guided page (:mod:`pages.workbook_page` and its
steps), the coach's pages (the dashboard, :mod:`pages.coach_page`; the
session console, :mod:`pages.session_page`), reading a page's request from
inside its kernel (:mod:`pages.request`, :mod:`pages.visit`), the server's
guards (:mod:`pages.gate`, :mod:`pages.handlers`, :mod:`pages.kernels`), the
one traitlets ``Config`` every launch of Voila uses (:mod:`pages.voila_app`),
and ``leaderbook serve`` (:mod:`pages.serve`).

It may import the core (``workbook``), the reusable widgets (``widgets``),
Voila, tornado and jupyter_server; neither the core nor the widgets imports
it. The command line finds ``serve`` through the ``leaderbook.commands``
entry point, so the core never names this package.
"""
