"""Keeping an open inbox page up to date: the page's script asks ``/inbox/live`` for a
version of what it shows and fetches the page again when it changes.

The version is read from the database, so a card or reply written by another process
shows too. Without the script, each page has a Refresh link.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.http import Route, as_json
from bot.runtime import Runtime
from store import inbox_live
from store.inbox import digest

# How often an open page asks whether anything changed; tests make it shorter.
POLL_SECONDS = 5.0
LIVE_HEADER = "x-inbox-live"
SCRIPT = files("bot").joinpath("static/inbox_live.js").read_text(encoding="utf-8")
_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def routes(get_runtime: Callable[[], Runtime], cookie: str) -> list[Route]:
    """The version an open page polls, and the script that polls it."""

    async def version(request: Request) -> Response:
        """The version of what inbox pages show, for a signed-in session only (else 401)."""
        session = request.cookies.get(cookie, "")
        runtime = get_runtime()
        params = inbox_live.version_params(digest(session), runtime.clock.now())
        found = await runtime.store.scalar(inbox_live.VERSION, params) if session else None
        if found is None:
            return JSONResponse({"error": "signed out"}, status_code=401, headers=_HEADERS)
        return JSONResponse({"version": str(found)}, headers=_HEADERS)

    async def script(_: Request) -> Response:
        """The page's one script; same origin, so the inbox allows no other."""
        return Response(SCRIPT, media_type="text/javascript", headers=_HEADERS)

    return [
        Route("/inbox/live", version, methods=["GET"], answer=as_json),
        Route("/inbox/live.js", script, methods=["GET"], answer=as_json),
    ]


def page_values(request: Request, version: str, now_at: str) -> dict[str, object]:
    """What every signed-in page needs to keep up: its version, poll and Refresh link."""
    return {
        "version": version,
        "poll": int(POLL_SECONDS * 1000),
        "here": request.url.path,
        "now_at": now_at,
    }


def is_live(request: Request) -> bool:
    """Whether this request is the page's own script keeping it up to date."""
    return request.headers.get(LIVE_HEADER) == "1"
