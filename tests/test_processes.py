"""``whatcanwedo serve --processes N`` as a deployer runs it: real processes, real HTTP.

Signed Twilio webhooks go to the server on loopback; its replies go to a stand-in Twilio.
Each test is bounded in time and kills every process of the server at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path
from typing import IO

import httpx
import pytest

from tests.fakes.bot_app import eventually
from tests.fakes.fake_twilio import FakeTwilio
from tests.fakes.server import serve_app
from tests.test_crash import Server, asked_for, server_process
from tests.test_sms_twilio import post_sms, text_form

TIME_LIMIT = 90.0
RESIDENT = "+447700900123"
TOKEN = "a-long-enough-metrics-token"
STARTED = re.compile(r"the (\S+) process started: pid (\d+)")


@contextlib.asynccontextmanager
async def two_processes(tmp_path: Path) -> AsyncIterator[tuple[Server, FakeTwilio, IO[bytes]]]:
    """``serve --processes 2`` with SMS on, sending to a stand-in Twilio."""
    twilio = FakeTwilio()
    with (tmp_path / "server.log").open("ab") as log:
        async with (
            asyncio.timeout(TIME_LIMIT),
            serve_app(twilio.app) as twilio_url,
            server_process(tmp_path / "bot.db", twilio_url, log, 2, "INFO") as server,
        ):
            yield server, twilio, log


async def text(server: Server, body: str, n: int) -> None:
    """One signed SMS from the resident, which must be acknowledged at once."""
    form = text_form(body, sid=f"SM{n:032x}", sender=RESIDENT)
    async with httpx.AsyncClient(base_url=server.url, timeout=5.0) as http:
        response = await post_sms(http, form)
    assert response.status_code == 200, response.text


def bodies(twilio: FakeTwilio) -> list[str]:
    return [form["Body"] for form in twilio.sent if form["To"] == RESIDENT]


def heard_about_the_rent(twilio: FakeTwilio) -> bool:
    """The reply to "the rent" went out, after the greeting. (A reply in flight when a
    process was killed may go out twice, as the README says; nothing else.)"""
    said = bodies(twilio)
    rent = [n for n, body in enumerate(said) if body.startswith('You said: "the rent".')]
    return bool(rent) and said[0].startswith("Hi, this is the Eastfield") and rent[0] > 0


def child_pids(log_path: Path) -> dict[str, int]:
    """Each child's latest pid, from the server's own log lines."""
    return {name: int(pid) for name, pid in STARTED.findall(log_path.read_text("utf-8"))}


def alive(pid: int) -> bool:
    # A killed child that nobody has reaped yet is a zombie: gone for every purpose here.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


async def test_two_processes_answer_each_message_in_order_and_count_every_process_metrics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WCWD_METRICS_TOKEN", TOKEN)
    async with two_processes(tmp_path) as (server, twilio, _):
        for n, body in enumerate(["hi", "the rent", "Riverside"], start=1):
            await text(server, body, n)
        await eventually(lambda: len(bodies(twilio)) >= 3, seconds=30)
        async with httpx.AsyncClient(base_url=server.url) as http:
            shown = await http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    said = bodies(twilio)
    assert said[0].startswith("Hi, this is the Eastfield neighbours line")
    assert said[1].startswith('You said: "the rent".')
    # Kept by the process that took the webhook, sent by the one that answers: both show.
    assert 'whatcanwedo_messages_in_total{channel="sms"} 3.0' in shown.text
    assert 'whatcanwedo_messages_out_total{channel="sms",result="sent"} 3.0' in shown.text


async def test_a_killed_answering_process_is_started_again_and_answers_what_came_meanwhile(
    tmp_path: Path,
) -> None:
    async with two_processes(tmp_path) as (server, twilio, _):
        await text(server, "hi", 1)
        await eventually(partial(asked_for, twilio, 1), seconds=30)
        answering = child_pids(tmp_path / "server.log")["answer"]
        os.kill(answering, signal.SIGKILL)
        await eventually(lambda: not alive(answering), seconds=10)
        await text(server, "the rent", 2)  # acknowledged with nobody answering
        await eventually(partial(heard_about_the_rent, twilio), seconds=30)
        assert child_pids(tmp_path / "server.log")["answer"] != answering
        assert "the answer process ended" in (tmp_path / "server.log").read_text("utf-8")


async def test_its_children_end_with_a_killed_server_and_the_next_one_serves_the_same_port(
    tmp_path: Path,
) -> None:
    async with two_processes(tmp_path) as (server, twilio, _):
        await text(server, "hi", 1)
        await eventually(partial(asked_for, twilio, 1), seconds=30)
        children = child_pids(tmp_path / "server.log").values()
        assert server.process is not None
        server.process.send_signal(signal.SIGKILL)  # the parent only: its children are left
        await server.process.wait()
        await eventually(lambda: not any(alive(pid) for pid in children), seconds=10)
        await server.start()  # same database, same port
        await text(server, "the rent", 2)
        await eventually(partial(heard_about_the_rent, twilio), seconds=30)


def refused(tmp_path: Path, *args: str, **env: str) -> str:
    """Run ``whatcanwedo serve`` with ``args``; it must stop at once with exit 2. Its stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve", *args],
        env={**os.environ, "WCWD_DB": str(tmp_path / "bot.db"), **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    return done.stderr


def test_the_web_sandbox_is_refused_in_several_processes(tmp_path: Path) -> None:
    said = refused(tmp_path, "--processes", "2", "--port", "0", WCWD_SANDBOX="on")
    assert "the web sandbox is for trying the bot and runs in one process" in said
    assert not (tmp_path / "bot.db").exists()  # nothing was started


def test_a_number_of_processes_below_one_is_refused_with_the_reason(tmp_path: Path) -> None:
    said = refused(tmp_path, "--processes", "0")
    assert "a whole number of processes, 1 or more (not '0')" in said
