"""Logs never hold a phone number, a chat id or a message's words, even at DEBUG."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import os
import re
import socket
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from starlette.applications import Starlette

from bot.logs import Redact
from bot.settings import Settings
from tests.fakes.bot_app import eventually
from tests.fakes.fake_telegram import FakeTelegram
from tests.fakes.fake_twilio import FakeTwilio
from tests.fakes.server import serve_app
from tests.live import serve_command
from tests.test_handoff_channels import (
    AMIRA,
    HELD,
    HOLDERS,
    JO,
    TAKE,
    TOM,
    Line,
    ask_for_a_person,
)
from tests.test_handoff_channels import WORDS as CARD_WORDS
from tests.test_sms_twilio import ACCOUNT, FROM, PUBLIC
from tests.test_sms_twilio import TOKEN as AUTH_TOKEN
from tests.test_telegram import SECRET as WEBHOOK_SECRET
from tests.test_telegram import TOKEN as BOT_TOKEN

NUMBER = "+447700900616"
CHAT = "5550616"
WORDS = "tangerine submarine fortnight"


def test_a_whole_conversation_logs_only_keyed_hashes(tmp_path: Path) -> None:
    lines = [
        {"channel": "sms", "from": NUMBER, "text": "hello"},
        {"channel": "sms", "from": NUMBER, "text": f"it's about the {WORDS}"},
        {"channel": "telegram", "from": CHAT, "text": f"hi, {WORDS} again"},
        {"channel": "sms", "from": NUMBER, "text": "PERSON"},
        {"channel": "sms", "from": NUMBER, "text": "STOP"},
        {"channel": "sms", "from": NUMBER, "text": f"still {WORDS}"},
    ]
    script = tmp_path / "s.jsonl"
    script.write_text("\n".join(json.dumps(line) for line in lines))
    env = {**os.environ, "WCWD_DB": str(tmp_path / "l.db"), "WCWD_LOG_LEVEL": "DEBUG"}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "replay", str(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    log = result.stderr
    tags = re.findall(r"\bsms:[0-9a-f]{12}\b", log)
    assert len(tags) >= 5
    assert len(set(tags)) == 1
    for secret in (NUMBER, NUMBER[1:], NUMBER[-10:], CHAT, WORDS, "tangerine"):
        assert secret not in log


LOG_KEY = "a-log-key-of-ours-0123456789"
AMIRA_SAYS = "Hi Jo, it's Amira. When's good for a call?"
JO_SAYS = "after 3 is fine"


@dataclass
class ServedElsewhere(Line):
    """The handoff line, with the bot in a process of its own: its database is a file."""

    db: Path = Path()

    async def holders(self) -> int:
        with contextlib.closing(sqlite3.connect(self.db)) as conn:
            return int(conn.execute(HOLDERS).fetchone()[0])


@contextlib.asynccontextmanager
async def served(settings: Settings, apis: tuple[str, str], log: list[str]) -> AsyncIterator[str]:
    """``whatcanwedo serve`` at DEBUG with both channels on stand-in APIs; its URL. All it wrote to
    stderr is in ``log`` once the block ends (it is stopped as ``kill`` would stop it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "WCWD_DB": str(settings.db),
        "WCWD_LOG_LEVEL": "DEBUG",
        "WCWD_LOG_KEY": LOG_KEY,
        "WCWD_PUBLIC_URL": PUBLIC,
        "TWILIO_ACCOUNT_SID": ACCOUNT,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM,
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "TWILIO_API_URL": apis[0],
        "TELEGRAM_API_URL": apis[1],
    }
    process = await asyncio.create_subprocess_exec(
        *serve_command(port),
        env=env,
        cwd=settings.db.parent,  # away from any .env of the developer's
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    stderr = asyncio.create_task(process.stderr.read())  # read as it comes: the pipe is small
    try:
        url = f"http://127.0.0.1:{port}"
        await _wait_until_up(url, process)
        yield url
    finally:
        if process.returncode is None:
            process.terminate()
        await asyncio.wait_for(process.wait(), timeout=30)
        log.append((await stderr).decode())


async def _wait_until_up(url: str, process: asyncio.subprocess.Process) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=1.0) as http:
        for _ in range(300):
            assert process.returncode is None, "the server stopped while starting"
            with contextlib.suppress(httpx.TransportError):
                if (await http.get("/healthz")).status_code == 200:
                    return
            await asyncio.sleep(0.1)
    raise AssertionError("the server did not start in time")


async def test_serving_both_channels_at_debug_logs_no_secret_number_chat_or_words(
    sample: Settings,
) -> None:
    twilio, telegram, log = FakeTwilio(), FakeTelegram(BOT_TOKEN), list[str]()
    async with (
        serve_app(twilio.app) as twilio_url,
        serve_app(telegram.app) as telegram_url,
        served(sample, (twilio_url, telegram_url), log) as url,
        httpx.AsyncClient(base_url=url) as http,
    ):
        # No app in this process: the bot is the other one.
        bot = ServedElsewhere(Starlette(), http, twilio, telegram, db=sample.db)
        card = await ask_for_a_person(bot)
        await bot.amira_presses(TAKE, card)
        await eventually(lambda: bot.texts_to(JO)[-1].startswith(HELD))
        await bot.amira_says(AMIRA_SAYS)
        await eventually(lambda: bot.texts_to(JO)[-1] == f"Amira: {AMIRA_SAYS}")
        await bot.sms(JO, JO_SAYS)
        await eventually(lambda: bot.chats_to(AMIRA)[-1]["text"] == f"Jo: {JO_SAYS}")
    [written] = log
    assert " DEBUG " in written  # it did log at DEBUG, while both channels were busy
    secrets = [BOT_TOKEN, BOT_TOKEN.split(":")[1], AUTH_TOKEN, WEBHOOK_SECRET, LOG_KEY]
    numbers = [n.removeprefix("+") for n in (JO, TOM, FROM)]
    words = [CARD_WORDS, "housing forms", "good for a call", JO_SAYS]
    leaked = [s for s in [*secrets, *numbers, str(AMIRA), *words] if s in written]
    assert leaked == []


def test_what_slips_past_the_quiet_loggers_is_redacted_exception_text_too() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(Redact([BOT_TOKEN, AUTH_TOKEN, None, ""]))
    logger = logging.getLogger("tests.redact")
    logger.addHandler(handler)
    try:
        url = f"https://api.telegram.org/bot{BOT_TOKEN}/sendMessage"
        logger.warning("POST %s for %s", url, "+447700900555")
        try:
            raise RuntimeError(f"auth {AUTH_TOKEN} refused for +44 7700 900556 at {url}")
        except RuntimeError:
            logger.exception("sending failed")
        logger.warning("another bot: /bot987654:%s/getMe", "Z" * 40)
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    for secret in (BOT_TOKEN.split(":")[1], AUTH_TOKEN, "7700900555", "7700 900556", "Z" * 40):
        assert secret not in written
    assert "/bot[redacted]/sendMessage" in written
    assert "/bot987654:[redacted]/getMe" in written
    assert "RuntimeError: auth [redacted] refused for [number]" in written
