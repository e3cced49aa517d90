"""Serve an ASGI app with real uvicorn on a free loopback port, for tests over real HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
import uvicorn


def serve_command(port: int, processes: int = 1) -> list[str]:
    """``whatcanwedo serve`` on 127.0.0.1:``port``, as a deployer runs it, in this Python."""
    several = ["--processes", str(processes)] if processes > 1 else []
    return [sys.executable, "-m", "bot", "serve", "--port", str(port), *several]


@contextlib.asynccontextmanager
async def serve_app(app: Any) -> AsyncIterator[str]:
    """Run ``app`` (lifespan included) until the block ends; yields its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="on", log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()  # startup failed: raise its error here
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@contextlib.asynccontextmanager
async def sandbox_browser(url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client that opened the sandbox page first, as a browser does: it has a session."""
    async with httpx.AsyncClient(base_url=url) as client:
        page = await client.get("/")
        assert page.status_code == 200, page.text
        yield client
