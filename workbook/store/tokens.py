"""Link tokens: random, shown once in a link, kept only as their sha256.

The token in a link's query string is user input; anything not shaped like
a token is refused before any query, and a stolen database yields no link.
"""

from __future__ import annotations

import hashlib
import re
import secrets

TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_shaped(token: object) -> bool:
    return isinstance(token, str) and bool(TOKEN_SHAPE.match(token))
