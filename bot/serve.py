"""``whatcanwedo serve``: the sandbox and the live channels' webhooks, on uvicorn."""

from __future__ import annotations

import logging

import uvicorn

from bot.app import create_app
from bot.channels import ChannelSettings, build_connectors, describe
from bot.settings import Settings
from connectors.base import Connector
from store.lock import only_server

log = logging.getLogger(__name__)


def serve(
    settings: Settings,
    channels: ChannelSettings,
    host: str,
    port: int,
    live: list[Connector] | None = None,
) -> int:
    """Run until interrupted; the sandbox is at the root URL. ``live`` is for tests, whose
    channels talk to stand-in APIs.

    Raises DatabaseInUse when another server already uses the database file.
    """
    with only_server(settings.db, "serve"):
        app = create_app(settings, live=build_connectors(channels) if live is None else live)
        log.info("database %s; %s", settings.db, describe(channels))
        log.info("open http://%s:%d/ to try the bot", host, port)
        # No log_config: uvicorn's lines go through the command's redacting handler too.
        uvicorn.run(
            app, host=host, port=port, log_level="info", access_log=False, log_config=None
        )
    return 0
