"""A conversation harness: talk to the real engine and store, and see what it sends."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.runtime import Runtime
from bot.settings import Settings
from common.models import Channel, Inbound, Outbound
from connectors.recording import RecordingConnector

# A first contact about money worries in Millbrook: the worry is heard and the area asked
# (the one question that changes what fits); then the money advice groups and Sam, a
# neighbour who has been through debt, are offered.
SKINT_IN_MILLBROOK = (
    "hi",
    "im skint and the bailiffs keep coming round",
    "Millbrook",
)


# A message answered with buttons (the offer of someone to go with them): what the channel
# tests press.
WITH_BUTTONS = "hospital appointment on tuesday and I dread going alone. I'm in EF2"
BUTTONS = ("Yes", "No thanks")
# What pressing the first button is answered with.
AFTER_YES = "Where is it? The name of the place is plenty."


class Harness:
    """``await bot.say("sms", "+447700900001", "hi")`` returns the texts sent back."""

    def __init__(self, runtime: Runtime, clock: ManualClock, sent: list[Outbound]) -> None:
        self.runtime = runtime
        self.clock = clock
        self.sent = sent

    async def send(
        self, channel: str, address: str, text: str = "", **extra: object
    ) -> list[Outbound]:
        """Deliver one message, wait for everything it causes, return what was sent."""
        message = Inbound(
            channel=channel,
            address=address,
            external_id=str(extra.pop("external_id", uuid.uuid4().hex)),
            text=text,
            received_at=self.clock.now(),
            **extra,
        )
        self.sent.clear()
        await self.runtime.engine.receive(message)
        await self.runtime.wait_idle()
        replies = list(self.sent)
        self.sent.clear()
        return replies

    async def say(self, channel: str, address: str, text: str) -> list[str]:
        """The texts of the replies to one message."""
        return [m.text for m in await self.send(channel, address, text)]

    async def press(self, channel: str, address: str, label: str) -> list[str]:
        """Press a button; returns the replies' texts."""
        return [m.text for m in await self.send(channel, address, label, press=label)]

    def advance(self, by: timedelta) -> None:
        """Move the clock."""
        self.clock.advance(by)

    async def count(self, sql: str, *params: object) -> int:
        """A count from the real database."""
        return int(await self.runtime.store.scalar(sql, params))


def settings_for(db: object) -> Settings:
    """Settings for a test: no .env file, the database given."""
    return Settings(_env_file=None, WCWD_DB=str(db))


def with_sandbox(settings: Settings) -> Settings:
    """The same settings with the web sandbox on (``WCWD_SANDBOX=on``)."""
    return settings.model_copy(update={"sandbox": True})


@contextlib.asynccontextmanager
async def harness(
    settings: Settings,
    clock: ManualClock | None = None,
    channels: tuple[Channel, ...] = tuple(Channel),
) -> AsyncIterator[Harness]:
    """A harness on a real SQLite file, with every channel (or only ``channels``) recorded."""
    clock = clock or ManualClock()
    sent: list[Outbound] = []
    sinks = [RecordingConnector(c.value, sent) for c in channels]
    async with Runtime.open(settings, sinks, clock=clock, background=False) as runtime:
        yield Harness(runtime, clock, sent)


def import_sample(db: Path) -> None:
    """Load the sample area's groups and roster into ``db`` with the real command."""
    env = {**os.environ, "WCWD_DB": str(db)}
    command = [sys.executable, "-m", "bot.cli", "import", "sample"]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=60)


def replay(
    db: Path, lines: list[dict[str, str]], start: str | None = None
) -> list[dict[str, object]]:
    """Play a script through the real ``whatcanwedo replay`` command; what it sent, in order."""
    script = db.parent / "script.jsonl"
    script.write_text("\n".join(json.dumps(line) for line in lines))
    command = [sys.executable, "-m", "bot.cli", "replay", str(script)]
    command += ["--start", start] if start else []
    env = {**os.environ, "WCWD_DB": str(db)}
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]
