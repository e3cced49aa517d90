"""Small HTTP helpers the webhooks, the sandbox and the inbox share: refusals raised as
``HttpError`` and answered in each route's own way, a capped body, loopback hosts."""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette import routing
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

MAX_BODY = 64 * 1024
LOOPBACK_NAMES = frozenset({"localhost"})
ANSWER_KEY = "whatcanwedo.answer"  # where a route leaves, in the scope, how it refuses


class HttpError(Exception):
    """A refused request: its status and, in words, what is wrong; raised where it is
    refused, and answered by the app the way the route's family answers (``Route``)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


class TooLarge(HttpError):
    """A body larger than the route takes (413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the body is larger than {limit} bytes")


Answer = Callable[[HttpError], Response]
Handler = Callable[[Request, Exception], Awaitable[Response]]


def as_text(error: HttpError) -> Response:
    """A refusal in plain text, as the channels' webhooks answer."""
    return Response(error.detail, status_code=error.status, media_type="text/plain")


def as_json(error: HttpError) -> Response:
    """A refusal as ``{"error": ...}``, for a page's script to show."""
    return JSONResponse({"error": error.detail}, status_code=error.status)


class Route(routing.Route):
    """A Starlette route that also says how the requests it refuses are answered."""

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Sequence[str] | None = None,
        answer: Answer = as_text,
    ) -> None:
        super().__init__(path, endpoint, methods=list(methods) if methods else None)
        self.answer = answer

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Leave this route's way of refusing where ``answer_refusals`` finds it."""
        scope[ANSWER_KEY] = self.answer
        await super().handle(scope, receive, send)


def answer_refusals(unrouted: Answer = as_text) -> Handler:
    """The app's one handler for refused requests: an HttpError, or the router's own 404
    (no such address) and 405 (not with that method), answered as the route answers, and
    by ``unrouted`` where no route matched (so a browser can be given a readable page)."""

    async def answer(request: Request, error: Exception) -> Response:
        headers = error.headers if isinstance(error, HTTPException) else None
        refused = _as_refusal(request, error)
        answer_as: Answer = request.scope.get(ANSWER_KEY, unrouted)
        response = answer_as(refused)
        response.headers.update(headers or {})  # a 405's Allow
        return response

    return answer


def _as_refusal(request: Request, error: Exception) -> HttpError:
    """The refusal, in words; the router's own raise bare status codes."""
    if isinstance(error, HttpError):
        return error
    if isinstance(error, HTTPException) and error.status_code == 404:
        return HttpError(404, "There is no page at this address.")
    if isinstance(error, HTTPException) and error.status_code == 405:
        return HttpError(405, f"This address does not take {request.method} requests.")
    raise error


async def capped_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The body; TooLarge (413) when it is larger than ``limit``.

    Read while it streams in, so a huge chunked body is refused after ``limit`` bytes
    instead of being held in memory whole first.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdecimal() and int(declared) > limit:
        raise TooLarge(limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge(limit)
    return bytes(body)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
