"""Logging for every command: one handler on stderr that never writes a secret or a number.

Two lines of defence. The libraries that log requests, parameters or bodies (the bot
token is in every Telegram URL; at DEBUG python-telegram-bot logs each message's chat and
words) are held at WARNING whatever the level asked for. And the handler redacts what
slips through: the configured secrets, the token part of any Telegram bot URL, and
anything that looks like a phone number, in the message and in exception text.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: the settings import the web app, which logs
    from bot.channels import ChannelSettings
    from bot.settings import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Loggers that write what they send or receive at INFO or DEBUG.
TALKATIVE = (
    "httpx",
    "httpcore",
    "hpack",
    "h2",
    "telegram",
    "twilio",
    "aiohttp",
    "aiosqlite",
    "asyncio",
    "multipart",
    "python_multipart",
    "transitions",
    "urllib3",
    "uvicorn.access",
)
REDACTED = "[redacted]"
_BOT_URL_TOKEN = re.compile(r"(/bot\d+):[A-Za-z0-9_-]+")
# E.164, plain or form-encoded ("%2B447700900123"), allowing the spaces people write.
_PHONE = re.compile(r"(?:\+|%2[Bb])[1-9][\d ()-]{5,17}\d")
# Shorter "secrets" would redact ordinary words; the settings demand longer ones anyway.
MIN_SECRET = 8


class Redact(logging.Filter):
    """Rewrites each record with secrets and phone numbers replaced, exception text too."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        super().__init__()
        kept = {s for s in secrets if s and len(s) >= MIN_SECRET}
        # Longest first, so a secret that contains another is replaced whole.
        self._secrets = sorted(kept, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: never print its arguments instead
            message = "[a log message that could not be formatted]"
        record.msg, record.args = self.clean(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self.clean(record.stack_info)
        return True

    def clean(self, text: str) -> str:
        """``text`` with every secret, bot-URL token and phone number replaced."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        text = _BOT_URL_TOKEN.sub(rf"\1:{REDACTED}", text)
        return _PHONE.sub("[number]", text)


def configure(level: str, secrets: Iterable[str | None], process: str = "") -> None:
    """Log at ``level`` to stderr through the redacting handler; quiet the talkative.

    ``process`` names this process among several serving one database.
    """
    handler = logging.StreamHandler(sys.stderr)
    named = FORMAT.replace("%(name)s", f"[{process}] %(name)s") if process else FORMAT
    handler.setFormatter(logging.Formatter(named))
    handler.addFilter(Redact(secrets))
    logging.basicConfig(level=level.upper(), handlers=[handler])
    floor = max(logging.WARNING, logging.getLogger().getEffectiveLevel())
    for name in TALKATIVE:
        logging.getLogger(name).setLevel(floor)


def configure_for(settings: Settings, channels: ChannelSettings, process: str = "") -> None:
    """Configure logging as the settings say, with every secret they hold redacted."""
    secrets = (
        channels.telegram_bot_token,
        channels.twilio_auth_token,
        channels.telegram_webhook_secret,
        settings.log_key,
    )
    configure(settings.log_level, secrets, process)
