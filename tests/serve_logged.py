"""``whatcanwedo serve`` with both channels sending to stand-in APIs, for the log tests.

``python -m tests.serve_logged PORT TWILIO_URL TELEGRAM_URL``: the settings come from the
environment and the logging set-up is the command's own, as is the server; only the
channels' API addresses differ.
"""

from __future__ import annotations

import sys

from bot import cli
from bot.channels import ChannelSettings, build_connectors
from bot.serve import serve
from bot.settings import Settings


def main(argv: list[str]) -> int:
    """Serve on 127.0.0.1:PORT until terminated."""
    port, twilio_url, telegram_url = argv
    settings, channels = Settings(), ChannelSettings()
    cli._configure_logging(settings, channels)
    live = build_connectors(
        channels, twilio_api_url=twilio_url, telegram_api_url=f"{telegram_url}/bot"
    )
    return serve(settings, channels, "127.0.0.1", int(port), live=live)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
