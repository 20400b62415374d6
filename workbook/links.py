"""The shape of the links a coach hands out: one place, shared with ``leaderbook serve``.

A member's link opens the guided workbook with their invite token; the
coach's link opens the dashboard with the coach token. Both live under
Voila's ``/voila/render/`` path of the server that ``leaderbook serve`` starts.
"""

from __future__ import annotations

from urllib.parse import urlencode

#: Where ``leaderbook serve`` listens unless told otherwise.
DEFAULT_BASE_URL = "http://127.0.0.1:8866"
WORKBOOK_NOTEBOOK = "workbook.ipynb"
DASHBOARD_NOTEBOOK = "dashboard.ipynb"


def notebook_url(base_url: str, notebook: str, **query: str) -> str:
    """``{base}/voila/render/{notebook}?{query}``; a trailing slash on ``base_url`` is fine."""
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    url = f"{base}/voila/render/{notebook}"
    return f"{url}?{urlencode(query)}" if query else url


def invite_url(token: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """The link that opens the workbook as the member the invite ``token`` belongs to."""
    return notebook_url(base_url, WORKBOOK_NOTEBOOK, invite=token)


def coach_url(token: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """The link that opens a team's coach dashboard."""
    return notebook_url(base_url, DASHBOARD_NOTEBOOK, coach=token)
