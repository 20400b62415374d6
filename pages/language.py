"""Which language a visitor's page speaks: ``?lang=`` first, then their roster's, then the browser's
preferences, else English.

The query string's ``lang`` must name a language with a catalogue ("fr",
"fr-FR", "fr_CA"); anything else, or a ``lang`` given twice, is ignored and
the browser decides. The browser's ``Accept-Language`` header reaches the
kernel because ``leaderbook serve`` asks Voila to pass it
(``VoilaConfiguration.http_header_envs``): Voila hands it over with the
request, as ``HTTP_ACCEPT_LANGUAGE``, beside ``QUERY_STRING``
(:mod:`pages.request`). Outside Voila there is no request, and the page is English.
"""

from __future__ import annotations

import os

from workbook.basics.i18n import SOURCE_LANGUAGE, known_language, preferred_language

from . import request

#: The request header the page follows, as Voila passes it to the kernel (RFC 3875 naming).
ACCEPT_LANGUAGE_HEADER = "Accept-Language"
ACCEPT_LANGUAGE_ENV = "HTTP_ACCEPT_LANGUAGE"


def requested_language(query: str, accept_language: str | None = None, member_language: str | None = None) -> str:
    """The language for a request with this query string and ``Accept-Language`` header: the page's
    switch (``?lang=``) first, then the language the member's roster gave, then the browser's."""
    asked = request.link_token(query, "lang")
    return (known_language(asked) or known_language(member_language) or preferred_language(accept_language)
            or SOURCE_LANGUAGE)


def visitor_language(query: str, member_language: str | None = None) -> str:
    """The language of the page requested with ``query`` (:func:`pages.request.query_string`, read once:
    a preheated kernel receives its request a single time), its header read from the request's variables."""
    if not request.under_voila():
        return SOURCE_LANGUAGE
    return requested_language(query, os.environ.get(ACCEPT_LANGUAGE_ENV), member_language)


def language_switch(link_query: str, language: str) -> str:
    """Links to this same page in each language it speaks (none outside Voila, where there is no link):
    a link keeps the choice, so a reload or a bookmark opens it in the language chosen.

    ``link_query`` is the part of the page's query string that opens it (its token), without ``lang``.
    """
    from urllib.parse import urlencode

    from workbook.basics.i18n import LANGUAGE_NAMES, available_languages

    from ._views import render

    if not link_query:
        return ""
    choices = [{"code": code, "name": LANGUAGE_NAMES.get(code, code), "current": code == language,
                "href": "?" + link_query + "&" + urlencode({"lang": code})} for code in available_languages()]
    return render("language_switch.html.j2", language=language, choices=choices) if len(choices) > 1 else ""
