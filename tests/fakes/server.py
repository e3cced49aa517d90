"""Serve any ASGI app (a fake API, or the bot itself) with uvicorn on a free loopback port."""

from __future__ import annotations

from tests.live import serve_app

__all__ = ["serve_app"]
