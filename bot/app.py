"""The web app: the channels' webhooks, the worker inbox, a health check and (when asked
for, on its own) the web sandbox, on one server."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from bot import channels, inbox, insights, metrics, roster_page, sandbox
from bot.http import HttpError, Route, answer_refusals
from bot.runtime import Role, Runtime
from bot.settings import LOCAL_URL, Settings
from connectors.base import Connector

RuntimeFactory = Callable[[Settings, list[Connector]], AbstractAsyncContextManager[Runtime]]


def create_app(
    settings: Settings,
    open_runtime: RuntimeFactory | None = None,
    live: list[Connector] | None = None,
    role: Role = Role.WHOLE,
    name: str = "web",
) -> Starlette:
    """The ASGI app; the runtime is opened in the lifespan and closed on shutdown.

    ``live`` are the configured channel connectors (SMS, Telegram). The sandbox is there
    only when ``settings.sandbox`` is on, and never beside a live one (SandboxRefused).
    ``role`` and ``name`` are this process's when several serve the database
    (``bot.processes``).
    """
    live = list(live or [])
    sandboxes = sandbox.stand_ins(settings.sandbox, [c.channel for c in live])
    opener = open_runtime or (lambda s, c: Runtime.open(s, c, role=role, name=name))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with opener(settings, [*live, *sandboxes]) as runtime:
            app.state.runtime = runtime
            yield

    # A request refused anywhere (HttpError) is answered the way its route answers; an
    # address no route has gets the inbox's page, readable in a browser, not bare text.
    refused = answer_refusals(unrouted=inbox.refusal)
    app = Starlette(
        lifespan=lifespan, exception_handlers={HttpError: refused, 404: refused, 405: refused}
    )

    def get_runtime() -> Runtime:
        runtime: Runtime = app.state.runtime
        return runtime

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True})

    async def home(request: Request) -> Response:
        return PlainTextResponse(f"whatcanwedo: the {settings.area} neighbours line's server.\n")

    app.router.routes.extend(
        [
            *(sandbox.routes(get_runtime, settings.area, sandboxes) or [Route("/", home)]),
            *channels.routes(get_runtime, live),
            *inbox.routes(get_runtime, settings.public_url or LOCAL_URL),
            *roster_page.routes(get_runtime, settings.public_url or LOCAL_URL),
            *insights.routes(get_runtime),
            *metrics.routes(get_runtime, settings.metrics_token),
            Route("/healthz", health),
        ]
    )
    return app
