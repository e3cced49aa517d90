"""A fake Twilio Messages API: records what it is asked to send, and fails when told to."""

from __future__ import annotations

import asyncio
import base64
import itertools
from collections import deque
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

MESSAGES_PATH = "/2010-04-01/Accounts/{account}/Messages.json"


@dataclass(frozen=True)
class Failure:
    """How the next call goes wrong: an HTTP status with Twilio's error body, or a stall."""

    status: int = 500
    code: int | None = None
    retry_after: int | None = None
    stall: float = 0.0
    message: str | None = None


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    account: str
    form: dict[str, str]
    username: str
    password: str
    status: int
    sid: str | None = None


@dataclass
class FakeTwilio:
    """``app`` is the ASGI app; ``calls`` every request, ``sent`` only the accepted ones.

    ``delay`` is how long each accepted message takes to be answered; it counts as taken
    when it arrives, as with Twilio, even if the sender hangs up before the answer.
    """

    calls: list[Call] = field(default_factory=list)
    delay: float = 0.0
    _failures: deque[Failure | None] = field(default_factory=deque)
    _sids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def sent(self) -> list[dict[str, str]]:
        """The forms of the messages Twilio took."""
        return [call.form for call in self.calls if call.status == 201]

    def fail_next(
        self,
        times: int = 1,
        status: int = 500,
        code: int | None = None,
        retry_after: int | None = None,
        stall: float = 0.0,
        after: int = 0,
        message: str | None = None,
    ) -> None:
        """Let ``after`` calls through, then fail ``times`` with ``status`` (and Twilio's
        ``code``), or stall each ``stall`` seconds before answering (the client times out)."""
        self._failures.extend([None] * after)
        self._failures.extend([Failure(status, code, retry_after, stall, message)] * times)

    def recover(self) -> None:
        """Answer normally again from the next call."""
        self._failures.clear()

    @property
    def app(self) -> Starlette:
        return Starlette(routes=[Route(MESSAGES_PATH, self._create, methods=["POST"])])

    async def _create(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        username, password = _basic(request.headers.get("authorization", ""))
        account = request.path_params["account"]
        failure = self._failures.popleft() if self._failures else None
        if failure and failure.stall:
            await asyncio.sleep(failure.stall)
        if failure and not failure.stall:
            self.calls.append(Call(account, form, username, password, failure.status))
            return _error(failure)
        sid = f"SM{next(self._sids):032x}"
        self.calls.append(Call(account, form, username, password, 201, sid))
        if self.delay:
            await asyncio.sleep(self.delay)
        body = {
            "sid": sid,
            "account_sid": account,
            "to": form.get("To"),
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "body": form.get("Body"),
            "status": "queued",
            "num_segments": "1",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
        }
        return JSONResponse(body, status_code=201)


def _error(failure: Failure) -> Response:
    code = failure.code or (20429 if failure.status == 429 else 20500)
    headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
    body = {
        "code": code,
        "message": failure.message or f"fake failure {code}",
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": failure.status,
    }
    return JSONResponse(body, status_code=failure.status, headers=headers)


def _basic(header: str) -> tuple[str, str]:
    if not header.startswith("Basic "):
        return "", ""
    user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    return user, password
