"""A fake Telegram Bot API: records every method called, and fails when told to.

Point a real ``telegram.Bot`` at it with ``base_url=f"{url}/bot"``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BOT_ID = 7000001


@dataclass(frozen=True)
class Failure:
    """An error answer: the HTTP status, Telegram's description, and any retry_after."""

    status: int = 500
    description: str = "Internal Server Error"
    retry_after: int | None = None


@dataclass(frozen=True)
class Call:
    """One method call the fake received, with its parameters decoded."""

    token: str
    method: str
    params: dict[str, Any]
    ok: bool
    at: float


@dataclass
class FakeTelegram:
    """``app`` is the ASGI app; ``calls`` holds every request in order."""

    token: str
    calls: list[Call] = field(default_factory=list)
    # Served by getUpdates until an offset confirms them; malformed ones may be queued too.
    updates: deque[Any] = field(default_factory=deque)
    _failures: dict[str, deque[Failure]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def called(self, method: str, ok: bool | None = True) -> list[dict[str, Any]]:
        """The parameters of each call to ``method`` (by default, the successful ones)."""
        return [c.params for c in self.calls if c.method == method and ok in (None, c.ok)]

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Messages Telegram took."""
        return self.called("sendMessage")

    def fail_next(
        self,
        times: int = 1,
        status: int = 500,
        description: str = "Internal Server Error",
        retry_after: int | None = None,
        method: str = "sendMessage",
    ) -> None:
        """Fail the next ``times`` calls to ``method``."""
        queue = self._failures.setdefault(method, deque())
        queue.extend([Failure(status, description, retry_after)] * times)

    def recover(self) -> None:
        """Answer every method normally again."""
        self._failures.clear()

    @property
    def app(self) -> Starlette:
        return Starlette(routes=[Route("/bot{token}/{method}", self._call, methods=["POST"])])

    async def _call(self, request: Request) -> Response:
        token, method = request.path_params["token"], request.path_params["method"]
        params = await _params(request)
        failures = self._failures.get(method)
        failure = failures.popleft() if failures else None
        if token != self.token:
            failure = Failure(401, "Unauthorized")
        self.calls.append(Call(token, method, params, failure is None, time.monotonic()))
        if failure is not None:
            return _error(failure)
        return JSONResponse({"ok": True, "result": await self._result(method, params)})

    async def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Neighbours", "username": "nb_bot"}
        if method == "sendMessage":
            message = {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Neighbours"},
                "text": params.get("text", ""),
            }
            if "reply_markup" in params:
                message["reply_markup"] = params["reply_markup"]
            return message
        if method == "getUpdates":
            return await self._next_updates(params)
        return True  # answerCallbackQuery, setWebhook, deleteWebhook

    async def _next_updates(self, params: dict[str, Any]) -> list[Any]:
        offset = int(params.get("offset", 0))
        while self.updates and _number(self.updates[0]) < offset:
            self.updates.popleft()  # confirmed by the offset
        if not self.updates:
            await asyncio.sleep(0.05)  # a long poll that found nothing, made short
        batch = [u for u in self.updates if _number(u) >= offset]
        # One without a number Telegram could give cannot be confirmed: it is served once.
        self.updates = deque(u for u in self.updates if _number(u) != UNNUMBERED)
        return batch


UNNUMBERED = 2**62


def _number(update: Any) -> int:
    """The update's number as Telegram numbers updates (a positive 32-bit int), if it has one."""
    found = update.get("update_id") if isinstance(update, dict) else None
    if isinstance(found, int) and not isinstance(found, bool) and 0 <= found < 2**31:
        return found
    return UNNUMBERED


async def _params(request: Request) -> dict[str, Any]:
    """Form fields as PTB sends them: strings as they are, anything else JSON-encoded."""
    form = await request.form()
    params: dict[str, Any] = {}
    for name, value in form.items():
        text = str(value)
        try:
            params[name] = json.loads(text) if text[:1] in "[{" else text
        except json.JSONDecodeError:
            params[name] = text
    return params


def _error(failure: Failure) -> Response:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": failure.status,
        "description": failure.description,
    }
    if failure.retry_after is not None:
        body["parameters"] = {"retry_after": failure.retry_after}
    return JSONResponse(body, status_code=failure.status)
