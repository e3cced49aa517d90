"""Crash test: SIGKILL the server mid-traffic, again and again; nothing is lost or repeated.

A few clients post thousands of signed Twilio webhooks to a real server (one process, or
``--processes 2``: one taking webhooks, one answering), which is killed with SIGKILL, every
process of it at once, at random moments and restarted on the same database, while it sends
replies to a stand-in Twilio that answers slowly and records every message it is asked to
send. After a last clean run lets the outbox drain: every acknowledged message was kept
once and answered, every reply went out (in order, to each person), and no more replies
went out twice than were in flight at the kills. Everything stays on loopback.

The seed is printed; ``WCWD_CRASH_SEED=N`` runs the same plan again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO

import httpx
import pytest

from bot.dispatcher import CONCURRENCY
from connectors.sms_twilio import as_sms
from tests.fakes.bot_app import eventually
from tests.fakes.fake_twilio import FakeTwilio
from tests.fakes.server import serve_app
from tests.live import serve_command
from tests.test_sms_twilio import ACCOUNT, FROM, PUBLIC, TOKEN, post_sms, text_form

pytestmark = pytest.mark.crash

SEED = int(os.environ.get("WCWD_CRASH_SEED", "20261126"))
RESIDENTS = 400
MESSAGES = 3000
CLIENTS = 8
KILLS = 4
TWILIO_DELAY = 0.25
# Everything (start-ups, traffic, the last drain) must be over by then, pass or fail.
TIME_LIMIT = 150.0
START_LIMIT = 30.0
RETRY_PAUSE = 0.05
# Ordinary first contacts; nothing that would bring in a worker or a neighbour.
TEXTS = (
    "hello",
    "hi",
    "I'm lonely since my husband died",
    "my rent is behind",
    "yes",
    "no",
    "skip",
    "Millbrook",
    "thanks",
    "what's on near me",
)


def address(i: int) -> str:
    """Resident ``i``'s number, in the range set aside for drama (07700 900xxx)."""
    return f"+447700900{100 + i:03d}"


def plan(rng: random.Random) -> list[list[dict[str, str]]]:
    """Each client's webhooks, in order; one resident's messages all go through one client."""
    clients: list[list[dict[str, str]]] = [[] for _ in range(CLIENTS)]
    for n in range(MESSAGES):
        i = rng.randrange(RESIDENTS)
        form = text_form(rng.choice(TEXTS), sid=f"SM{n + 1:032x}", sender=address(i))
        clients[i % CLIENTS].append(form)
    return clients


def free_port() -> int:
    """A loopback port nobody is listening on; every restart binds the same one."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def open_log(path: Path) -> IO[bytes]:
    """Where the server processes write, for reading when the test fails."""
    return path.open("ab")


@dataclass
class Server:
    """The bot in its own process (``whatcanwedo serve``), started, killed and restarted."""

    port: int
    env: dict[str, str]
    cwd: Path
    log: IO[bytes]
    processes: int = 1
    process: asyncio.subprocess.Process | None = None
    kills: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Start a process on the same database and port, and wait until it answers."""
        self.process = await asyncio.create_subprocess_exec(
            *serve_command(self.port, self.processes),
            env=self.env,
            cwd=self.cwd,  # away from any .env of the developer's
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,  # its own process group, children included
        )
        async with asyncio.timeout(START_LIMIT), httpx.AsyncClient() as http:
            while True:
                if await self._healthy(http):
                    return
                await asyncio.sleep(RETRY_PAUSE)

    async def _healthy(self, http: httpx.AsyncClient) -> bool:
        assert self.process is not None
        assert self.process.returncode is None, "the server died; see server.log"
        with contextlib.suppress(httpx.TransportError):
            return (await http.get(self.url + "/healthz")).status_code == 200
        return False

    async def kill(self) -> None:
        """SIGKILL to every process of the server at once, as a machine that loses power:
        no shutdown, no flush, whatever was in flight is cut off."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        await self.process.wait()
        self.kills += 1

    async def stop(self) -> None:
        """SIGTERM: the server finishes what it has in hand and closes the database."""
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            await self.process.wait()


@contextlib.asynccontextmanager
async def server_process(
    db: Path, twilio_url: str, log: IO[bytes], processes: int = 1, log_level: str = "WARNING"
) -> AsyncIterator[Server]:
    """A started server with SMS on; killed at the end whatever happened."""
    env = {
        **os.environ,
        "WCWD_DB": str(db),
        "WCWD_PUBLIC_URL": PUBLIC,
        "TWILIO_ACCOUNT_SID": ACCOUNT,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_FROM_NUMBER": FROM,
        "TWILIO_API_URL": twilio_url,
        "WCWD_LOG_LEVEL": log_level,
    }
    server = Server(free_port(), env, db.parent, log, processes)
    try:
        await server.start()
        yield server
    finally:
        if server.process is not None and server.process.returncode is None:
            os.killpg(server.process.pid, signal.SIGKILL)
            await server.process.wait()


@dataclass
class Traffic:
    """What the clients sent, and which webhooks were acknowledged with a 200."""

    url: str
    acked: set[str] = field(default_factory=set)

    async def client(self, forms: list[dict[str, str]]) -> None:
        """Post each webhook until it is acknowledged, one after another."""
        async with httpx.AsyncClient(base_url=self.url, timeout=10.0) as http:
            for form in forms:
                await self._deliver(http, form)
                self.acked.add(form["MessageSid"])

    async def _deliver(self, http: httpx.AsyncClient, form: dict[str, str]) -> None:
        # Twilio would give up while the server is down; this client retries the same
        # MessageSid, which the bot must take as a repeat if it had kept the message.
        while True:
            try:
                response = await post_sms(http, form)
            except httpx.TransportError:
                await asyncio.sleep(RETRY_PAUSE)
                continue
            assert response.status_code == 200, response.text
            return


async def crash_at(server: Server, twilio: FakeTwilio, points: list[int]) -> None:
    """Once Twilio has been asked for each point's number of sends, SIGKILL and restart."""
    for count in points:
        await eventually(partial(asked_for, twilio, count), seconds=TIME_LIMIT)
        await server.kill()
        await server.start()


def asked_for(twilio: FakeTwilio, count: int) -> bool:
    """Whether Twilio has been asked to send ``count`` messages, repeats included."""
    return len(twilio.calls) >= count


def kill_points(rng: random.Random) -> list[int]:
    """Random moments, while webhooks pour in and while the replies are still going out."""
    return sorted(rng.sample(range(MESSAGES // 20, MESSAGES * 17 // 20), KILLS))


async def drained(db: Path) -> None:
    """Wait until every message kept is answered and every reply is sent."""
    while True:
        with contextlib.closing(sqlite3.connect(db)) as conn:
            left = conn.execute(
                "SELECT (SELECT count(*) FROM inbound WHERE processed_at IS NULL)"
                " + (SELECT count(*) FROM outbox WHERE status = 'pending')"
            ).fetchone()[0]
        if left == 0:
            return
        await asyncio.sleep(0.2)


@dataclass(frozen=True)
class Outcome:
    """The database after the run, as read by the checks."""

    inbound: dict[str, bool]  # MessageSid -> processed
    inbound_rows: int
    outbox: list[tuple[int, str, str, str, str, str | None]]
    integrity: str


def read_outcome(db: Path) -> Outcome:
    """Everything the checks need, read once the server has stopped."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        inbound = conn.execute("SELECT external_id, processed_at IS NOT NULL FROM inbound")
        kept = [(str(sid), bool(done)) for sid, done in inbound]
        outbox = conn.execute(
            "SELECT id, address, text, buttons, status, provider_id FROM outbox ORDER BY id"
        ).fetchall()
        integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    return Outcome(dict(kept), len(kept), outbox, integrity)


@pytest.mark.parametrize("processes", [1, 2], ids=["one process", "two processes"])
async def test_sigkill_mid_traffic_loses_nothing_and_repeats_only_in_flight_sends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], processes: int
) -> None:
    rng = random.Random(SEED)
    with capsys.disabled():
        print(f"\ncrash test seed {SEED} (rerun with WCWD_CRASH_SEED={SEED})")
    twilio = FakeTwilio(delay=TWILIO_DELAY)
    db = tmp_path / "crash.db"
    with open_log(tmp_path / "server.log") as log:
        async with (
            asyncio.timeout(TIME_LIMIT),
            serve_app(twilio.app) as twilio_url,
            server_process(db, twilio_url, log, processes) as server,
        ):
            traffic = Traffic(server.url)
            points = kill_points(rng)
            clients = [traffic.client(forms) for forms in plan(rng)]
            await asyncio.gather(*clients, crash_at(server, twilio, points))
            await drained(db)
            await server.stop()
    check(read_outcome(db), twilio, traffic.acked, server.kills, capsys)


def check(
    outcome: Outcome,
    twilio: FakeTwilio,
    acked: set[str],
    kills: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Print the figures, then hold the run to what a resident is promised."""
    sent_rows = [row for row in outcome.outbox if row[4] == "sent"]
    repeats = len(twilio.sent) - len(sent_rows)
    with capsys.disabled():
        print(
            f"crash test: messages={MESSAGES} acknowledged={len(acked)} kills={kills}"
            f" replies={len(outcome.outbox)} sends={len(twilio.sent)} repeats={repeats}"
            f" (at most {CONCURRENCY} in flight per kill)"
        )
    assert outcome.integrity == "ok"
    assert kills == KILLS
    assert all(outcome.inbound.get(sid) for sid in acked), "an acknowledged message was lost"
    assert outcome.inbound_rows == len(outcome.inbound), "a message was kept twice"
    assert {row[4] for row in outcome.outbox} <= {"sent", "pending"}, "a reply failed"
    check_sends(outcome, twilio)
    assert 0 <= repeats <= CONCURRENCY * kills


def check_sends(outcome: Outcome, twilio: FakeTwilio) -> None:
    """Each reply marked sent was taken by Twilio as written, and in order for each person."""
    taken = {call.sid: (n, call.form) for n, call in enumerate(twilio.calls) if call.sid}
    last_at: dict[str, int] = {}
    for _, to, text, buttons, status, sid in outcome.outbox:
        if status != "sent":
            continue
        assert sid in taken, "a reply marked sent never reached Twilio"
        at, form = taken[sid]
        assert (form["To"], form["Body"]) == (to, as_sms(text, tuple(json.loads(buttons))))
        assert at > last_at.get(to, -1), "replies to one person went out of order"
        last_at[to] = at
