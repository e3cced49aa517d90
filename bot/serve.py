"""``whatcanwedo serve``: the app on uvicorn."""

from __future__ import annotations

import logging

import uvicorn

from bot.app import create_app
from bot.settings import Settings

log = logging.getLogger(__name__)


def serve(settings: Settings, host: str, port: int) -> int:
    """Run until interrupted; the sandbox is at the root URL."""
    app = create_app(settings)
    log.info("database %s; channels on: web sandbox", settings.db)
    log.info("open http://%s:%d/ to try the bot", host, port)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
    return 0
