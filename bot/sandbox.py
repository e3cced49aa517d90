"""The web sandbox: pretend phones in the browser, so the bot can be tried with no accounts.

Where SMS or Telegram is not configured, the sandbox stands in for it: messages to the
roster's people on those channels appear on the sandbox page, and they can answer there.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from bot.runtime import Runtime
from common.models import Channel, ConversationKey
from connectors.web_sandbox import SandboxInputError, WebSandbox

MAX_BODY = 64 * 1024
RESIDENT_PHONE = "+447700900123"
TEMPLATES = Environment(
    loader=PackageLoader("bot", "templates"), autoescape=select_autoescape(["html"])
)


def stand_ins(live: set[str]) -> list[WebSandbox]:
    """The web channel, plus a stand-in for every phone channel that is not live."""
    channels = [Channel.WEB, *(c for c in (Channel.SMS, Channel.TELEGRAM) if c not in live)]
    return [WebSandbox(c.value) for c in channels]


def routes(
    get_runtime: Callable[[], Runtime], area: str, sandboxes: list[WebSandbox]
) -> list[Route]:
    """The page and its two JSON endpoints."""
    by_channel = {s.channel: s for s in sandboxes}

    async def page(request: Request) -> Response:
        people = [p for p in await get_runtime().store.roster() if p.channel in by_channel]
        html = TEMPLATES.get_template("sandbox.html").render(
            area=area, resident=RESIDENT_PHONE, people=people
        )
        return HTMLResponse(html)

    async def send(request: Request) -> Response:
        runtime = get_runtime()
        body = await json_body(request)
        if isinstance(body, Response):
            return body
        channel = body.pop("channel", Channel.WEB.value) if isinstance(body, dict) else None
        sandbox = by_channel.get(str(channel))
        if sandbox is None:
            return problem(400, f"channel: not one the sandbox stands in for: {channel!r}")
        try:
            message = sandbox.parse(body, runtime.clock.now())
        except SandboxInputError as error:
            return problem(400, str(error))
        await runtime.engine.receive(message)
        return JSONResponse({"accepted": True}, status_code=202)

    async def messages(request: Request) -> Response:
        query = request.query_params
        channel, address, after = (
            query.get("channel", Channel.WEB.value),
            query.get("address", ""),
            query.get("after", "0"),
        )
        if channel not in by_channel or not address or len(address) > 32 or not after.isdigit():
            return problem(400, "a sandbox channel, an address and a numeric 'after' are needed")
        rows = await get_runtime().store.outbox_to(ConversationKey(channel, address), int(after))
        found = [{"id": r.id, "text": r.text, "buttons": list(r.buttons)} for r in rows]
        return JSONResponse({"messages": found})

    return [
        Route("/", page),
        Route("/sandbox/send", send, methods=["POST"]),
        Route("/sandbox/messages", messages),
    ]


async def json_body(request: Request) -> object:
    """The request's JSON body, or a 413/400 response saying what is wrong with it."""
    declared = request.headers.get("content-length", "0")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return problem(413, f"the body is larger than {MAX_BODY} bytes")
    raw = await request.body()
    if len(raw) > MAX_BODY:
        return problem(413, f"the body is larger than {MAX_BODY} bytes")
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return problem(400, 'the body must be JSON such as {"address": "...", "text": "..."}')


def problem(status: int, detail: str) -> JSONResponse:
    """A clear error for the page to show."""
    return JSONResponse({"error": detail}, status_code=status)
