"""The coach's workspace token: who runs the server opens the workspace page with it.

A part of :class:`workbook.store.Store` (mixed in). Like invites and coach
links, a token is random, shown once (in the link ``leaderbook serve``
prints) and kept only as its sha256; it opens the workspace and nothing
else (the gate checks it only for ``workspace.ipynb``).
"""

from __future__ import annotations

import datetime as _dt

from sqlalchemy import insert, select, update

from . import schema
from .tokens import hash_token, new_token, token_shaped


class WorkspaceTokens:
    """Workspace tokens (mixed into Store)."""

    def add_workspace_token(self, *, revoke_earlier: bool = False) -> str:
        """A new workspace token; with ``revoke_earlier`` every earlier one stops working."""
        token = new_token()
        now = _dt.datetime.now(_dt.timezone.utc)
        c = schema.workspace_tokens.c
        with self._write() as conn:
            if revoke_earlier:
                conn.execute(update(schema.workspace_tokens).where(c.revoked_at.is_(None)).values(revoked_at=now))
            conn.execute(insert(schema.workspace_tokens).values(token_hash=hash_token(token), created_at=now))
        return token

    def workspace_token_live(self, token: object) -> bool:
        """True when ``token`` is a workspace token that was not revoked."""
        if not token_shaped(token):
            return False
        c = schema.workspace_tokens.c
        with self._read() as conn:
            row = conn.execute(select(c.revoked_at).where(c.token_hash == hash_token(token))).first()
        return row is not None and row.revoked_at is None
