"""The web sandbox: pretend phones in the browser, so the bot can be tried with no accounts.

It is on only when ``WCWD_SANDBOX=on``, only with no live channel, and ``serve`` puts it
only on a loopback address: anyone with the page can text as anyone, so it is for trying
the bot, never for residents. It then stands in for SMS and Telegram too, so the roster's
people on those channels can be tried there. Each browser uses only its own phones.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from bot.http import HttpError, Route, as_json, capped_body, is_loopback
from bot.runtime import Runtime
from bot.sandbox_session import Sessions
from common.models import Channel, ConversationKey, Inbound
from connectors.web_sandbox import ADDRESS, SandboxInputError, WebSandbox

RESIDENT_PHONE = "+447700900123"
EXAMPLE = '{"address": "...", "text": "..."}'
TEMPLATES = Environment(
    loader=PackageLoader("bot", "templates"), autoescape=select_autoescape(["html"])
)
_AFTER = re.compile(r"^[0-9]{1,18}$")  # a message id; more digits would overflow SQLite
_ADDRESS = re.compile(ADDRESS)


class SandboxRefused(RuntimeError):
    """The sandbox was asked for where it would be a back door; the reason is one line."""


def check(on: bool, live: Sequence[str], host: str | None = None) -> None:
    """Refuse a sandbox beside a live channel, or served beyond this machine."""
    if on and live:
        raise SandboxRefused(
            f"WCWD_SANDBOX=on cannot run beside a live channel ({', '.join(live)}): "
            "anyone could read and send as residents and workers; turn one of them off"
        )
    if on and host is not None and not is_loopback(host):
        raise SandboxRefused(
            f"WCWD_SANDBOX=on serves only on this machine (127.0.0.1, ::1 or localhost), "
            f"not on {host}"
        )


def stand_ins(on: bool, live: Sequence[str]) -> list[WebSandbox]:
    """The web channel and a stand-in for SMS and Telegram, when the sandbox is on."""
    check(on, live)
    if not on:
        return []
    return [WebSandbox(c.value) for c in (Channel.WEB, Channel.SMS, Channel.TELEGRAM)]


def routes(
    get_runtime: Callable[[], Runtime], area: str, sandboxes: list[WebSandbox]
) -> list[Route]:
    """The page and its two JSON endpoints (none when the sandbox is off)."""
    if not sandboxes:
        return []
    by_channel = {s.channel: s for s in sandboxes}
    sessions = Sessions(get_runtime)

    async def page(request: Request) -> Response:
        people = [p for p in await get_runtime().store.roster() if p.channel in by_channel]
        html = TEMPLATES.get_template("sandbox.html").render(
            area=area, resident=RESIDENT_PHONE, people=people
        )
        response = HTMLResponse(html)
        sessions.start(request, response)
        return response

    async def send(request: Request) -> Response:
        runtime = get_runtime()
        message = read_message(by_channel, await json_body(request), runtime)
        await sessions.claim(request, ConversationKey(message.channel, message.address))
        await runtime.engine.receive(message)
        return JSONResponse({"accepted": True}, status_code=202)

    async def messages(request: Request) -> Response:
        query = request.query_params
        channel, address, after = (
            query.get("channel", Channel.WEB.value),
            query.get("address", ""),
            query.get("after", "0"),
        )
        if channel not in by_channel or not _ADDRESS.match(address) or not _AFTER.match(after):
            raise HttpError(
                400, "a sandbox channel, an address and 'after' (a message number) are needed"
            )
        key = ConversationKey(channel, address)
        await sessions.claim(request, key)
        rows = await get_runtime().store.outbox_to(key, int(after))
        found = [{"id": r.id, "text": r.text, "buttons": list(r.buttons)} for r in rows]
        return JSONResponse({"messages": found})

    return [
        Route("/", page, answer=as_json),
        Route("/sandbox/send", send, methods=["POST"], answer=as_json),
        Route("/sandbox/messages", messages, answer=as_json),
    ]


async def json_body(request: Request) -> dict[str, object]:
    """The request's JSON object; HttpError (413 or 400) saying what is wrong with it."""
    raw = await capped_body(request)
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise HttpError(400, f"the body must be JSON such as {EXAMPLE}") from error
    except RecursionError as error:
        raise HttpError(400, "the body is nested too deeply to be a message") from error
    if not isinstance(body, dict):
        raise HttpError(400, f"the body must be a JSON object such as {EXAMPLE}")
    return body


def read_message(
    by_channel: dict[str, WebSandbox], body: dict[str, object], runtime: Runtime
) -> Inbound:
    """The message a sandbox phone sent, on the channel it names; HttpError (400) if not one."""
    sandbox = by_channel.get(str(body.pop("channel", Channel.WEB.value)))
    if sandbox is None:
        raise HttpError(400, "channel: not one the sandbox stands in for")
    try:
        return sandbox.parse(body, runtime.clock.now())
    except SandboxInputError as error:
        raise HttpError(400, str(error)) from error
