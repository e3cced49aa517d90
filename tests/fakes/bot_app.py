"""The bot's own app with channel connectors and their webhook routes, as tests run it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from starlette.applications import Starlette

from bot.app import create_app
from bot.clock import Clock
from bot.runtime import Runtime
from bot.settings import Settings
from connectors.base import Connector


def channel_app(
    settings: Settings,
    connectors: list[Connector],
    clock: Clock | None = None,
    background: bool = True,
) -> Starlette:
    """``create_app`` with ``connectors`` live, as ``serve`` builds it.

    With ``background=False`` nothing is sent until the test drains the outbox itself.
    """
    return create_app(
        settings,
        open_runtime=lambda s, c: Runtime.open(s, c, clock=clock, background=background),
        live=connectors,
    )


async def eventually(check: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait until ``check()`` holds (things sent in the background take a moment)."""
    for _ in range(int(seconds / 0.02)):
        if check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the expected thing did not happen in time")


async def settle(runtime: Runtime) -> None:
    """Process everything received and send everything due, before asserting."""
    await runtime.engine.wait_idle()
    await runtime.dispatcher.drain()
