"""``whatcanwedo serve``: the live channels' webhooks and the inbox (or the sandbox), on uvicorn."""

from __future__ import annotations

import logging
import sys

import uvicorn

from bot.app import create_app
from bot.channels import ChannelSettings, build_connectors, describe, live_channels
from bot.processes import serve_processes
from bot.sandbox import SandboxRefused, check
from bot.settings import Settings, local_url
from store.lock import only_server

log = logging.getLogger(__name__)

EXIT_USAGE = 2
ONE_PROCESS_SANDBOX = (
    "the web sandbox is for trying the bot and runs in one process:"
    " leave out --processes, or set WCWD_SANDBOX=off"
)


def serve(
    settings: Settings,
    channels: ChannelSettings,
    host: str,
    port: int,
    processes: int = 1,
) -> int:
    """Run until interrupted; refuse (exit 2) a sandbox beside live channels, off loopback
    or in several processes.

    Raises DatabaseInUse when another server already uses the database file.
    """
    try:
        check(settings.sandbox, live_channels(channels), host)
    except SandboxRefused as error:
        print(f"whatcanwedo serve: {error}", file=sys.stderr)
        return EXIT_USAGE
    if processes > 1 and settings.sandbox:
        print(f"whatcanwedo serve: {ONE_PROCESS_SANDBOX}", file=sys.stderr)
        return EXIT_USAGE
    settings = settings.served_at(host, port)
    with only_server(settings.db, "serve"):
        if processes > 1:
            log.info("database %s; %s", settings.db, describe(channels, sandbox=False))
            return serve_processes(settings, channels, host, port, processes)
        app = create_app(settings, live=build_connectors(channels))
        log.info("database %s; %s", settings.db, describe(channels, sandbox=settings.sandbox))
        if settings.sandbox:
            log.info("web sandbox on: for trying the bot, not for residents")
            log.info("open %s/ to try the bot", local_url(host, port))
        else:
            log.info("web sandbox off")
        # No log_config: uvicorn's lines go through the command's redacting handler too.
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=False, log_config=None)
    return 0
