"""Sandbox sessions: each browser gets a random id in a cookie, and uses only its own phones.

An address on a sandbox channel belongs to the first session that sends from it or opens
it; other sessions are refused. Only a keyed hash of a session's id is stored, with the
key kept in the database, so the file alone cannot be used to act as a session.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from bot.http import HttpError
from bot.runtime import Runtime
from common.models import ConversationKey

COOKIE = "wcwd_sandbox"
MAX_AGE = 30 * 24 * 3600
NO_SESSION = "no sandbox session: open the sandbox page first (it sets a cookie)"
NOT_YOURS = (
    "this phone is being used from another browser: pick another number, "
    "or use the browser that opened it"
)
_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")  # what secrets.token_urlsafe(32) makes


class Sessions:
    """Hands out session cookies and says which session may use which address."""

    def __init__(self, get_runtime: Callable[[], Runtime]) -> None:
        self._get_runtime = get_runtime
        self._key: bytes | None = None

    def start(self, request: Request, response: Response) -> None:
        """Give the browser a session cookie, unless it already has one."""
        if _session_id(request) is None:
            response.set_cookie(
                COOKIE,
                secrets.token_urlsafe(32),
                max_age=MAX_AGE,
                path="/",
                httponly=True,
                samesite="strict",
            )

    async def claim(self, request: Request, key: ConversationKey) -> None:
        """Let this request's session use ``key``, claiming it if nobody has; HttpError (403)
        when the browser has no session or another session has it."""
        session = _session_id(request)
        if session is None:
            raise HttpError(403, NO_SESSION)
        runtime = self._get_runtime()
        digest = await self._hash(runtime, session)
        if not await runtime.store.sandbox_claim(key, digest, runtime.clock.now()):
            raise HttpError(403, NOT_YOURS)

    async def _hash(self, runtime: Runtime, session: str) -> str:
        if self._key is None:
            key = await runtime.store.meta("sandbox_key", lambda: secrets.token_hex(32))
            self._key = key.encode()
        return hmac.new(self._key, session.encode(), hashlib.sha256).hexdigest()


def _session_id(request: Request) -> str | None:
    value = request.cookies.get(COOKIE, "")
    return value if _ID.match(value) else None
