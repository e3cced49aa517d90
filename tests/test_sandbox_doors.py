"""The web sandbox is for trying the bot, never a back door.

On a live deployment (SMS on, or SMS and Telegram on) no sandbox route exists: nobody reads
a worker's card, posts as a worker or a resident, or signs up as a web peer. The sandbox is
on only when asked for, and ``serve`` refuses it beside a live channel or off loopback. With
it on, each browser has its own session and uses only its own phones; bad input gets a
clear answer and stores nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterable, AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path

import httpx
import psutil
import pytest

from bot.app import create_app
from bot.settings import Settings
from connectors.base import Connector
from tests.fakes.bot_app import channel_app, eventually
from tests.fakes.fake_telegram import FakeTelegram
from tests.fakes.fake_twilio import FakeTwilio
from tests.harness import SKINT_IN_MILLBROOK, with_sandbox
from tests.live import sandbox_browser, serve_app
from tests.test_forget_me import raw_bytes
from tests.test_handoff_channels import AMIRA, JO, TOM, WORDS, Line, jo_answers
from tests.test_inbox_http import served
from tests.test_sms_twilio import ACCOUNT, FROM, PUBLIC, make_sms
from tests.test_sms_twilio import TOKEN as TWILIO_TOKEN
from tests.test_telegram import SECRET, TOKEN, make_telegram

DEPLOYMENTS = {"sms on, telegram off": ("sms",), "sms and telegram on": ("sms", "telegram")}
WORKER = ("telegram", str(AMIRA))  # Amira Hassan, a worker on duty in the sample roster
VISITOR = "+447700900555"
MIB = 1024 * 1024


@contextlib.asynccontextmanager
async def deployment(settings: Settings, on: tuple[str, ...]) -> AsyncIterator[Line]:
    """The bot served with the channels in ``on`` live (real connectors, fake far ends)."""
    twilio, telegram = FakeTwilio(), FakeTelegram(TOKEN)
    async with serve_app(twilio.app) as twilio_url, serve_app(telegram.app) as telegram_url:
        made: dict[str, Connector] = {
            "sms": make_sms(twilio_url),
            "telegram": make_telegram(telegram_url),
        }
        live: list[Connector] = [made[name] for name in on]
        app = channel_app(settings, live)
        async with serve_app(app) as url, httpx.AsyncClient(base_url=url) as http:
            yield Line(app, http, twilio, telegram)


async def texts_to(
    client: httpx.AsyncClient, who: tuple[str, str], until: Callable[[list[str]], bool]
) -> list[str]:
    """Poll the sandbox phone ``who`` as the page does until ``until`` holds (or 10 s pass)."""
    texts: list[str] = []
    for _ in range(200):
        got = await client.get("/sandbox/messages", params={"channel": who[0], "address": who[1]})
        assert got.status_code == 200, got.text
        texts = [m["text"] for m in got.json()["messages"]]
        if until(texts):
            break
        await asyncio.sleep(0.05)
    return texts


async def count(runtime_app: object, sql: str, *params: object) -> int:
    """A count from the real database of a served app."""
    runtime = runtime_app.state.runtime  # type: ignore[attr-defined]
    return int(await runtime.store.scalar(sql, params))


# On a live deployment ----------------------------------------------------------------------


@pytest.mark.parametrize("on", DEPLOYMENTS.values(), ids=DEPLOYMENTS.keys())
async def test_a_live_deployment_has_no_sandbox_door(sample: Settings, on: tuple[str, ...]) -> None:
    async with deployment(sample, on) as bot:
        for text, asked in [
            ("hi", "What can we do for you?"),
            (WORDS, "Which part of Eastfield"),
            ("PERSON", "What name would you like"),
            ("Jo", "Is that OK to share?"),
        ]:
            await jo_answers(bot, text, asked)
        await bot.sms(JO, "yes")
        await eventually(lambda: bool(bot.texts_to(TOM)))  # the card is out, Amira's too

        page = await bot.http.get("/")
        assert "sandbox/send" not in page.text
        assert "compose" not in page.text
        card = await bot.http.get(
            "/sandbox/messages", params={"channel": WORKER[0], "address": WORKER[1]}
        )
        assert card.status_code == 404
        assert WORDS not in card.text
        thread = await bot.http.get("/sandbox/messages", params={"channel": "sms", "address": JO})
        assert thread.status_code == 404
        posts = [
            {"channel": WORKER[0], "address": WORKER[1], "text": "INBOX"},
            {"channel": WORKER[0], "address": WORKER[1], "press": "I'll take this"},
            {"address": VISITOR, "text": "I'd like to help"},
        ]
        for body in posts:
            assert (await bot.http.post("/sandbox/send", json=body)).status_code == 404
        assert await count(bot.app, "SELECT count(*) FROM inbound WHERE channel != 'sms'") == 0
        assert await count(bot.app, "SELECT count(*) FROM sign_ins") == 0


async def test_no_app_can_be_built_with_the_sandbox_beside_a_live_channel(
    settings: Settings,
) -> None:
    with pytest.raises(RuntimeError, match="WCWD_SANDBOX=on cannot run beside a live channel"):
        create_app(with_sandbox(settings), live=[make_sms("http://127.0.0.1:9")])


async def test_without_being_asked_for_the_sandbox_is_not_there(settings: Settings) -> None:
    async with serve_app(create_app(settings)) as url, httpx.AsyncClient(base_url=url) as http:
        home = await http.get("/")
        assert "whatcanwedo" in home.text
        assert "compose" not in home.text
        sent = await http.post("/sandbox/send", json={"address": VISITOR, "text": "hi"})
        assert sent.status_code == 404


# serve ---------------------------------------------------------------------------------------


def free_port() -> int:
    """A loopback port nobody is listening on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cli_env(db: Path, **extra: str) -> dict[str, str]:
    """The environment for the real command: ``db``, no channel settings but ``extra``."""
    kept = {
        k: v for k, v in os.environ.items() if not k.startswith(("WCWD_", "TWILIO_", "TELEGRAM_"))
    }
    return {**kept, "WCWD_DB": str(db), **extra}


SMS_ENV = {
    "TWILIO_ACCOUNT_SID": ACCOUNT,
    "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
    "TWILIO_FROM_NUMBER": FROM,
    "WCWD_PUBLIC_URL": PUBLIC,
}
TELEGRAM_ENV = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": SECRET}
REFUSED = {
    "beside sms": (SMS_ENV, "127.0.0.1", "beside a live channel (sms)"),
    "beside telegram": (TELEGRAM_ENV, "127.0.0.1", "beside a live channel (telegram)"),
    "beside both": ({**SMS_ENV, **TELEGRAM_ENV}, "::1", "(sms, telegram)"),
    "on every address": ({}, "0.0.0.0", "not on 0.0.0.0"),  # noqa: S104 (refused, not bound)
    "on a public address": ({}, "192.0.2.10", "not on 192.0.2.10"),
}


@pytest.mark.parametrize(("env", "host", "reason"), REFUSED.values(), ids=REFUSED.keys())
def test_serve_refuses_the_sandbox_beside_a_live_channel_or_off_loopback(
    tmp_path: Path, env: dict[str, str], host: str, reason: str
) -> None:
    db = tmp_path / "refused.db"
    command = [sys.executable, "-m", "bot.cli", "serve", "--host", host]
    result = subprocess.run(
        [*command, "--port", str(free_port())],
        env=cli_env(db, WCWD_SANDBOX="on", **env),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("whatcanwedo serve: WCWD_SANDBOX=on ")
    assert reason in line
    assert not db.exists()  # it never opened the database, let alone served


@contextlib.asynccontextmanager
async def real_serve(db: Path, port: int) -> AsyncIterator[str]:
    """``whatcanwedo serve --port PORT`` with the sandbox on, until the block ends."""
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "bot.cli", "serve", "--port", str(port)),
        env=cli_env(db, WCWD_SANDBOX="on"),
        cwd=db.parent,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=url) as probe:
            for _ in range(300):
                with contextlib.suppress(httpx.TransportError):
                    if (await probe.get("/healthz")).status_code == 200:
                        break
                assert server.returncode is None, "serve stopped"
                await asyncio.sleep(0.05)
        yield url
    finally:
        server.terminate()
        await server.wait()


async def test_the_sign_in_link_points_at_the_port_served_when_no_public_url_is_set(
    sample: Settings,
) -> None:
    port = free_port()
    async with real_serve(sample.db, port) as url, sandbox_browser(url) as browser:
        sent = await browser.post(
            "/sandbox/send", json={"channel": WORKER[0], "address": WORKER[1], "text": "INBOX"}
        )
        assert sent.status_code == 202
        texts = await texts_to(browser, WORKER, lambda t: any("/inbox/sign-in/" in x for x in t))
    link = next(t for t in texts if "/inbox/sign-in/" in t)
    assert f"http://127.0.0.1:{port}/inbox/sign-in/" in link


# Sessions ------------------------------------------------------------------------------------


async def test_two_browsers_cannot_read_or_post_as_each_others_phones(sample: Settings) -> None:
    app = create_app(with_sandbox(sample))
    async with (
        serve_app(app) as url,
        sandbox_browser(url) as mine,
        sandbox_browser(url) as theirs,
        httpx.AsyncClient(base_url=url) as stranger,
    ):
        hello = {"address": VISITOR, "text": "hi"}
        assert (await mine.post("/sandbox/send", json=hello)).status_code == 202
        greeting = await texts_to(mine, ("web", VISITOR), bool)
        assert "What can we do for you?" in greeting[0]
        await texts_to(mine, WORKER, lambda t: True)  # my helper phone is Amira's

        as_me = {"address": VISITOR, "text": "what did I say?"}
        as_amira = {"channel": WORKER[0], "address": WORKER[1], "text": "INBOX"}
        for client, said in [(theirs, "another browser"), (stranger, "no sandbox session")]:
            for body in (as_me, as_amira):
                posted = await client.post("/sandbox/send", json=body)
                assert posted.status_code == 403
                assert said in posted.json()["error"]
            for who in (("web", VISITOR), WORKER):
                params = {"channel": who[0], "address": who[1]}
                read = await client.get("/sandbox/messages", params=params)
                assert read.status_code == 403
                assert said in read.json()["error"]
                assert "What can we do" not in read.text
        assert await count(app, "SELECT count(*) FROM inbound") == 1

        # Their own phones work for them as mine do for me.
        mine_too = {"address": "+447700900556", "text": "hi"}
        assert (await theirs.post("/sandbox/send", json=mine_too)).status_code == 202


async def test_the_session_cookie_is_hidden_from_scripts_and_only_its_keyed_hash_is_kept(
    settings: Settings,
) -> None:
    app = create_app(with_sandbox(settings))
    async with serve_app(app) as url, httpx.AsyncClient(base_url=url) as browser:
        page = await browser.get("/")
        cookie = page.headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "samesite=strict" in cookie
        [session] = list(browser.cookies.values())
        sent = await browser.post("/sandbox/send", json={"address": VISITOR, "text": "hi"})
        assert sent.status_code == 202
        stored = await app.state.runtime.store.scalar("SELECT session_hash FROM sandbox_claims")
        assert stored not in (session, hashlib.sha256(session.encode()).hexdigest())
        assert (await browser.get("/")).headers.get("set-cookie") is None  # kept, not renewed
    assert session.encode() not in raw_bytes(settings.db)


@pytest.mark.parametrize("how", ["forget me", "retention"])
async def test_forget_me_and_retention_erase_the_phones_claim(sample: Settings, how: str) -> None:
    async with served(sample) as world, sandbox_browser(world.url) as browser:
        for text in ["hi", "FORGET ME", "yes"] if how == "forget me" else ["hi"]:
            sent = await browser.post("/sandbox/send", json={"address": VISITOR, "text": text})
            assert sent.status_code == 202
            await world.runtime.wait_idle()
        assert await world.count("SELECT count(*) FROM inbound") > 0
        if how == "retention":
            world.clock.advance(timedelta(days=sample.retention_days + 1))
            await world.runtime.wait_idle()
        assert await world.count("SELECT count(*) FROM conversations") == 0
        assert await world.count("SELECT count(*) FROM sandbox_claims") == 0
    assert VISITOR.encode() not in raw_bytes(sample.db)


# Bad input -----------------------------------------------------------------------------------


async def test_a_huge_chunked_body_is_refused_while_it_streams_in(settings: Settings) -> None:
    me = psutil.Process()
    start, peak = me.memory_info().rss, 0

    async def body() -> AsyncIterable[bytes]:
        nonlocal peak
        for _ in range(64):  # 64 MiB, with no length declared
            peak = max(peak, me.memory_info().rss)
            yield b"[" * MIB

    app = create_app(with_sandbox(settings))
    async with serve_app(app) as url, sandbox_browser(url) as browser:
        sent = await browser.post(
            "/sandbox/send", content=body(), headers={"content-type": "application/json"}
        )
        assert sent.status_code == 413
        assert "larger than" in sent.json()["error"]
        assert await count(app, "SELECT count(*) FROM inbound") == 0
    assert peak - start < 32 * MIB  # the server held at most a little of it


BAD = {
    "JSON nested 20,000 deep": ("POST", b"[" * 20_000 + b"]" * 20_000, "nested too deeply"),
    "a JSON list": ("POST", b'["hi"]', "a JSON object"),
    "'after' of 30 digits": ("GET", "1" * 30, "'after'"),
    "'after' in other digits": ("GET", "\u00b2", "'after'"),
    "an address with markup": ("GET", "<b>", "an address"),
}


@pytest.mark.parametrize(("method", "given", "said"), BAD.values(), ids=BAD.keys())
async def test_bad_input_on_the_sandbox_gets_400_and_stores_nothing(
    settings: Settings, method: str, given: bytes | str, said: str
) -> None:
    app = create_app(with_sandbox(settings))
    async with serve_app(app) as url, sandbox_browser(url) as browser:
        if method == "POST":
            headers = {"content-type": "application/json"}
            answer = await browser.post("/sandbox/send", content=given, headers=headers)
        else:
            address, after = ("<b>", "0") if given == "<b>" else (VISITOR, given)
            params = {"address": address, "after": str(after)}
            answer = await browser.get("/sandbox/messages", params=params)
        assert answer.status_code == 400
        assert said in answer.json()["error"]
        assert await count(app, "SELECT count(*) FROM inbound") == 0
        assert await count(app, "SELECT count(*) FROM outbox") == 0


# A web peer stays in the sandbox -------------------------------------------------------------


async def test_a_web_peer_from_the_sandbox_is_not_offered_to_an_sms_resident(
    sample: Settings,
) -> None:
    robin = ("web", "+447700900777")
    offer = [
        "I'd like to help",
        "debt, I was skint and the bailiffs kept coming round",
        "talking to the bailiffs with people, money advice",
        "Millbrook",
        "weekday mornings",
        "Robin",
        "yes",  # to what residents would see about them
    ]
    app = create_app(with_sandbox(sample))
    async with serve_app(app) as url, sandbox_browser(url) as browser:
        for text in offer:
            sent = await browser.post("/sandbox/send", json={"address": robin[1], "text": text})
            assert sent.status_code == 202
        await texts_to(browser, robin, lambda t: any("Thank you, Robin" in x for x in t))
    assert await people_named(sample.db, "Robin") == 1

    async with deployment(sample, ("sms",)) as bot:
        for words in SKINT_IN_MILLBROOK:
            await jo_answers(bot, words, "")
        await eventually(lambda: "Here's who might help" in bot.texts_to(JO)[-1])
        assert "Robin" not in bot.texts_to(JO)[-1]


async def people_named(db: Path, name: str) -> int:
    """How many on the roster go by ``name`` (read from the file itself)."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return int(
            conn.execute("SELECT count(*) FROM people WHERE name = ?", (name,)).fetchone()[0]
        )
