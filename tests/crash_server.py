"""The bot as ``serve`` runs it, but sending SMS to a stand-in Twilio; for the crash test.

Run as ``python -m tests.crash_server PORT TWILIO_URL``. The database, the Twilio account
and the public URL come from the environment (``WCWD_DB``, ``TWILIO_*``, ``WCWD_PUBLIC_URL``),
as they do for the real server; only where SMS goes differs, which production cannot set.
"""

from __future__ import annotations

import argparse

import uvicorn

from bot.app import create_app
from bot.channels import ChannelSettings, build_connectors
from bot.settings import Settings


def main() -> None:
    """Serve on loopback until killed (the test's SIGKILL) or stopped (SIGTERM)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("port", type=int)
    parser.add_argument("twilio_url")
    args = parser.parse_args()
    channels = ChannelSettings(_env_file=None)
    live = build_connectors(channels, twilio_api_url=args.twilio_url)
    app = create_app(Settings(_env_file=None), live=live)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
