"""The shape of the links a coach hands out: one place, shared with ``leaderbook serve``.

A member's link opens the guided workbook with their invite token; the
coach's link opens the dashboard with the coach token. Both live under
Voila's ``/voila/render/`` path of the server that ``leaderbook serve`` starts.
"""

from __future__ import annotations

from urllib.parse import urlencode

#: Where ``leaderbook serve`` listens unless told otherwise.
DEFAULT_BASE_URL = "http://127.0.0.1:8866"
#: The notebooks ``leaderbook serve`` puts under Voila's root, and the only ones a link opens
#: (each checks the link's token): a member's guided workbook, the coach's dashboard, and
#: below, the coach's session console.
WORKBOOK_NOTEBOOK = "workbook.ipynb"
DASHBOARD_NOTEBOOK = "dashboard.ipynb"
#: The coach's live session console (for a projector): opened with the coach's token too.
SESSION_NOTEBOOK = "session.ipynb"
#: The coach's workspace (teams, rosters, links, downloads): opened with the workspace token only.
WORKSPACE_NOTEBOOK = "workspace.ipynb"


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


def session_url(token: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """The link that opens a team's live session console: the coach's page, with the coach's token."""
    return notebook_url(base_url, SESSION_NOTEBOOK, coach=token)


def workspace_url(token: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """The link that opens the coach's workspace (for whoever runs the server)."""
    return notebook_url(base_url, WORKSPACE_NOTEBOOK, workspace=token)


#: Where ``leaderbook serve --base-url`` records the address members reach, so that
#: links made later (``team create``, ``demo``, ``coach-link``) point at the same place.
BASE_URL_FILE = "base-url"


def check_base_url(url: str) -> str:
    """``url`` as a base for links (no trailing slash), or LeaderbookError saying what is wrong with it."""
    from urllib.parse import urlsplit

    from ..errors import LeaderbookError

    parts = urlsplit(url.strip()) if isinstance(url, str) else None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or parts.fragment or parts.username or parts.password):
        raise LeaderbookError(f"{url!r} is not a base URL; give one like https://workbook.example.org")
    try:
        parts.port
    except ValueError:
        raise LeaderbookError(f"{url!r} has a port that is not a number from 1 to 65535") from None
    return url.strip().rstrip("/")


def remember_base_url(data_dir, url: str) -> None:
    """Keep ``url`` in the data directory as the address links are made for."""
    from pathlib import Path

    from .files import write_private_text

    write_private_text(Path(data_dir) / BASE_URL_FILE, check_base_url(url) + "\n")


def base_url_for(explicit: str | None = None, data_dir=None) -> str:
    """The base for links: ``explicit``, else $LEADERBOOK_BASE_URL, else what ``serve`` recorded, else local."""
    import os
    from pathlib import Path

    if explicit:
        return check_base_url(explicit)
    if os.environ.get("LEADERBOOK_BASE_URL"):
        return check_base_url(os.environ["LEADERBOOK_BASE_URL"])
    if data_dir is not None:
        try:
            recorded = (Path(data_dir) / BASE_URL_FILE).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            recorded = ""
        if recorded:
            return check_base_url(recorded)
    return DEFAULT_BASE_URL
