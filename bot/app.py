"""The web app: the sandbox phone, its JSON endpoints and a health check."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from bot.runtime import Runtime
from bot.settings import Settings
from common.models import ConversationKey
from connectors.base import Connector
from connectors.web_sandbox import SandboxInputError, WebSandbox

MAX_BODY = 64 * 1024
RESIDENT_PHONE = "+447700900123"
HELPER_PHONE = "+447700900900"
TEMPLATES = Environment(
    loader=PackageLoader("bot", "templates"), autoescape=select_autoescape(["html"])
)

RuntimeFactory = Callable[[Settings, list[Connector]], AbstractAsyncContextManager[Runtime]]


def create_app(settings: Settings, open_runtime: RuntimeFactory | None = None) -> Starlette:
    """The ASGI app; the runtime is opened in the lifespan and closed on shutdown."""
    sandbox = WebSandbox()
    opener = open_runtime or (lambda s, c: Runtime.open(s, c))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with opener(settings, [sandbox]) as runtime:
            app.state.runtime = runtime
            yield

    async def page(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        people = await runtime.store.roster_on(sandbox.channel)
        phones = [
            {
                "title": f"{settings.area} neighbours line",
                "label": "a resident's phone",
                "address": RESIDENT_PHONE,
            },
            {
                "title": people[0].name if people else "Someone who helps",
                "label": "a neighbour's or worker's phone",
                "address": people[0].address if people else HELPER_PHONE,
            },
        ]
        html = TEMPLATES.get_template("sandbox.html").render(
            area=settings.area, phones=phones, people=people
        )
        return HTMLResponse(html)

    async def send(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        body = await _json_body(request)
        if isinstance(body, Response):
            return body
        try:
            message = sandbox.parse(body, runtime.clock.now())
        except SandboxInputError as error:
            return _problem(400, str(error))
        await runtime.engine.receive(message)
        return JSONResponse({"accepted": True}, status_code=202)

    async def messages(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        address = request.query_params.get("address", "")
        after = request.query_params.get("after", "0")
        if not address or len(address) > 32 or not after.isdigit():
            return _problem(400, "address (up to 32 characters) and a numeric 'after' are needed")
        rows = await runtime.store.outbox_to(ConversationKey(sandbox.channel, address), int(after))
        return JSONResponse(
            {"messages": [{"id": r.id, "text": r.text, "buttons": list(r.buttons)} for r in rows]}
        )

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True})

    routes = [
        Route("/", page),
        Route("/sandbox/send", send, methods=["POST"]),
        Route("/sandbox/messages", messages),
        Route("/healthz", health),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


async def _json_body(request: Request) -> object:
    declared = request.headers.get("content-length", "0")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return _problem(413, f"the body is larger than {MAX_BODY} bytes")
    raw = await request.body()
    if len(raw) > MAX_BODY:
        return _problem(413, f"the body is larger than {MAX_BODY} bytes")
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _problem(400, 'the body must be JSON such as {"address": "...", "text": "..."}')


def _problem(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"error": detail}, status_code=status)
