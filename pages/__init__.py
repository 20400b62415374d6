"""The Voila application: the pages people open, and the server that serves them.

Holds the respondent's guided page (:mod:`pages.workbook_page` and its
steps), the coach's dashboard page (:mod:`pages.coach_page`), reading a
page's request from inside its kernel (:mod:`pages.request`,
:mod:`pages.visit`), and ``leaderbook serve`` (:mod:`pages.serve`).

It may import the core (``workbook``) and the reusable widgets (``widgets``);
neither of them imports it. The command line finds ``serve`` through the
``leaderbook.commands`` entry point, so the core never names this package.
"""
