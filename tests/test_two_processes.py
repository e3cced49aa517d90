"""A real server and a real ``chat`` on one database file, as a developer runs them side by side.

Everything here is a separate ``whatcanwedo`` process on loopback; each step is bounded in
time and the processes are stopped at the end of each test, whatever happens.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from common.models import ConversationRecord, Inbound, StartTimer
from store.lock import server_lock
from store.sqlite import SqliteStore
from tests.fakes.bot_app import eventually
from tests.test_shared_file import SAMPLE_ROSTER

WHATCANWEDO = str(Path(sys.executable).parent / "whatcanwedo")
LISTENING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")
RESIDENT = "web-resident-1"
AMIRA = {"channel": "telegram", "address": "5550201"}  # a worker on the sample roster
IN_USE = "another whatcanwedo server is already using"


def environment(db: Path) -> dict[str, str]:
    return {**os.environ, "WCWD_DB": str(db), "WCWD_SANDBOX": "on", "WCWD_LOG_LEVEL": "INFO"}


async def run(db: Path, *args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """Run one ``whatcanwedo`` command to its end (at most a minute)."""
    process = await asyncio.create_subprocess_exec(
        WHATCANWEDO,
        *args,
        env=environment(db),
        cwd=db.parent,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(stdin), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


@contextlib.asynccontextmanager
async def server(db: Path, stop: int = signal.SIGINT) -> AsyncIterator[str]:
    """``whatcanwedo serve`` on a free loopback port until the block ends (then ``stop``
    is sent to it); yields its URL."""
    log = db.parent / "serve.log"
    with log.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            *(WHATCANWEDO, "serve", "--port", "0"),
            env=environment(db),
            cwd=db.parent,
            stdout=sink,
            stderr=sink,
        )
    try:
        await eventually(lambda: LISTENING.search(log.read_text()) is not None, seconds=30)
        found = LISTENING.search(log.read_text())
        assert found is not None
        yield found.group(1)
    finally:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(stop)
        try:
            await asyncio.wait_for(process.wait(), timeout=20)
        except TimeoutError:
            process.kill()
            await process.wait()


async def say(client: httpx.AsyncClient, text: str, **sender: str) -> None:
    """Send from a sandbox phone; the server must accept it."""
    body = {"address": RESIDENT, **sender, "text": text}
    response = await client.post("/sandbox/send", json=body)
    assert response.status_code == 202, response.text


async def texts_to(client: httpx.AsyncClient, channel: str, address: str) -> list[str]:
    """Everything the server has sent to one sandbox phone so far."""
    query = {"channel": channel, "address": address, "after": "0"}
    response = await client.get("/sandbox/messages", params=query)
    assert response.status_code == 200, response.text
    return [m["text"] for m in response.json()["messages"]]


async def replies(client: httpx.AsyncClient, count: int, channel: str, address: str) -> list[str]:
    """Wait (bounded) until ``count`` messages have reached the phone; returns them."""
    seen: list[str] = []

    async def poll() -> None:
        while len(seen) < count:
            seen[:] = await texts_to(client, channel, address)
            if len(seen) < count:
                await asyncio.sleep(0.05)

    await asyncio.wait_for(poll(), timeout=20)
    return seen


async def test_a_server_and_a_chat_on_one_file_each_answer_every_message_once(
    tmp_path: Path,
) -> None:
    db = tmp_path / "shared.db"
    async with server(db) as url, httpx.AsyncClient(base_url=url) as client:
        assert (await client.get("/")).status_code == 200
        await say(client, "hi")
        await replies(client, 1, "web", RESIDENT)
        code, out, err = await run(db, "chat", "--as", "+447700900123", stdin=b"hi\nlonely\n")
        assert code == 0, err
        for text in ("the rent is behind", "yes"):  # these failed once chat had written
            await say(client, text)
        web = await replies(client, 3, "web", RESIDENT)

        second = await run(db, "serve", "--port", "0")
        (tmp_path / "script.jsonl").write_text('{"channel": "web", "from": "x1", "text": "hi"}')
        replay = await run(db, "replay", str(tmp_path / "script.jsonl"))

        await say(client, "INBOX", **AMIRA)
        assert not any("/inbox/sign-in/" in t for t in await replies(client, 1, **AMIRA))
        assert (await run(db, "import", "people", str(SAMPLE_ROSTER)))[0] == 0
        await say(client, "INBOX", **AMIRA)
        amira = await replies(client, 2, **AMIRA)
    assert "A server is using this database" in out
    assert "bot> Hi, this is the Eastfield neighbours line." in out
    assert 'bot> You said: "lonely".' in out
    assert web[0].startswith("Hi, this is the Eastfield neighbours line.")
    assert web[1].startswith('You said: "the rent is behind".')
    assert web[2].startswith("I'm sorry, I couldn't find a group")  # no groups here yet
    assert second[0] == 2
    assert f"{IN_USE} {db}" in second[2]
    assert (replay[0], replay[1]) == (2, "")
    assert IN_USE in replay[2]
    assert "/inbox/sign-in/" in amira[1]
    assert_each_message_answered_once(db)


def assert_each_message_answered_once(db: Path) -> None:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        unanswered = conn.execute("SELECT count(*) FROM inbound WHERE processed_at IS NULL")
        assert unanswered.fetchone() == (0,)
        twice = conn.execute(
            "SELECT caused_by FROM outbox GROUP BY caused_by, channel, address, text"
            " HAVING count(*) > 1"
        )
        assert twice.fetchall() == []
        assert conn.execute("SELECT count(*) FROM inbound").fetchone() == (7,)


async def test_a_server_killed_outright_holds_the_file_only_while_it_lives(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    async with server(db, stop=signal.SIGKILL):
        refused = await run(db, "telegram", "poll")
    async with server(db) as url, httpx.AsyncClient(base_url=url) as client:
        assert (await client.get("/healthz")).status_code == 200
    assert refused[0] == 2
    assert f"{IN_USE} {db}" in refused[2]


async def test_chat_beside_a_server_leaves_the_servers_messages_and_timers_to_it(
    tmp_path: Path,
) -> None:
    db = tmp_path / "shared.db"
    now = datetime.now(UTC)
    store = await SqliteStore.open(db)
    try:  # what a server has in hand: a message it is working on, a timer it will fire
        await store.record_inbound(
            Inbound(channel="web", address=RESIDENT, external_id="w1", text="hi", received_at=now)
        )
        record = ConversationRecord(channel="web", address="x2", state="listen.asked_what")
        due = StartTimer(name="check_in", due_at=now - timedelta(hours=1))
        await store.commit_turn(None, record, [], [due], now)
    finally:
        await store.close()
    with server_lock(db, "serve") as held:
        assert held
        code, out, err = await run(db, "chat", "--as", "+447700900123", stdin=b"hi\n")
    assert code == 0, err
    assert out.count("bot> ") == 1
    with contextlib.closing(sqlite3.connect(db)) as conn:
        left = "SELECT count(*) FROM inbound WHERE channel = 'web' AND processed_at IS NULL"
        assert conn.execute(left).fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM timers WHERE fired_at IS NULL").fetchone() == (1,)
