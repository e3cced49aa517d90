"""The replay harness: play a scripted conversation against a real store, print what is sent.

Input, one JSON object per line: a message (``channel``, ``from``, ``text``), a button
press (``channel``, ``from``, ``press``) or a clock move (``advance``: ISO 8601 duration).
Output, one JSON object per message sent: ``after`` (0-based index of the input line that
caused it), ``channel``, ``to``, ``text``, ``buttons``. A malformed script changes nothing.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.clock import ManualClock
from bot.runtime import Runtime
from bot.settings import Settings
from common.models import Channel, Inbound, Outbound
from connectors.recording import RecordingConnector
from store.lock import only_server

ADDRESS_PATTERNS = {
    Channel.SMS: r"^\+[1-9][0-9]{6,14}$",
    Channel.TELEGRAM: r"^-?[0-9]{1,20}$",
    Channel.WEB: r"^\+?[0-9A-Za-z-]{1,32}$",
    Channel.CONSOLE: r"^\+?[0-9A-Za-z-]{1,32}$",
}


class ScriptError(ValueError):
    """A line of the script is malformed; the message names the line and the problem."""


class Say(BaseModel):
    """A message from a person."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    channel: Channel
    sender: str = Field(alias="from")
    text: str = Field(max_length=100_000)

    @model_validator(mode="after")
    def _address_fits_channel(self) -> Say:
        _check_address(self.channel, self.sender)
        return self


class Press(BaseModel):
    """A button press on the latest message with buttons."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    channel: Channel
    sender: str = Field(alias="from")
    press: str = Field(min_length=1)

    @model_validator(mode="after")
    def _address_fits_channel(self) -> Press:
        _check_address(self.channel, self.sender)
        return self


class Advance(BaseModel):
    """Move the clock forward."""

    model_config = ConfigDict(extra="forbid")

    advance: timedelta

    @model_validator(mode="after")
    def _forward(self) -> Advance:
        if self.advance <= timedelta(0):
            raise ValueError("advance must be a positive duration such as PT2H")
        return self


Step = Say | Press | Advance


def _check_address(channel: Channel, address: str) -> None:
    if not re.match(ADDRESS_PATTERNS[channel], address):
        raise ValueError(f"'from' is not a valid {channel.value} address: {address!r}")


def parse_script(lines: list[str]) -> list[tuple[int, Step]]:
    """Every step with its 0-based line index; blank lines are skipped but still counted."""
    steps = []
    for index, raw in enumerate(lines):
        if raw.strip():
            steps.append((index, _parse_line(index, raw)))
    return steps


def _parse_line(index: int, raw: str) -> Step:
    where = f"line {index + 1}"
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ScriptError(f"{where}: not valid JSON ({error.msg})") from error
    if not isinstance(data, dict):
        raise ScriptError(f"{where}: expected a JSON object, got {type(data).__name__}")
    model: type[Step] = Advance if "advance" in data else Press if "press" in data else Say
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ScriptError(f"{where}: {_first_problem(error)}") from error


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{field}: {message}" if field else message


async def replay(
    lines: list[str],
    settings: Settings,
    emit: Callable[[dict[str, object]], None],
    start: datetime | None = None,
) -> None:
    """Run the script, calling ``emit`` with each message sent, in order; the clock starts
    at ``start`` (default now), so a script about dates reads the same on any day."""
    steps = parse_script(lines)
    clock = ManualClock(start)
    sent: list[Outbound] = []
    sinks = [RecordingConnector(channel.value, sent) for channel in Channel]
    # Replay marks every channel's messages sent and fires timers: never beside a server.
    with only_server(settings.db, "replay"):
        async with Runtime.open(settings, sinks, clock=clock, background=False) as runtime:
            await runtime.wait_idle()
            sent.clear()  # anything left from an earlier, interrupted run is not this script's
            buttons: dict[tuple[str, str], tuple[str, ...]] = {}
            for index, step in steps:
                if isinstance(step, Advance):
                    clock.advance(step.advance)
                else:
                    await runtime.engine.receive(_inbound(index, step, buttons, clock))
                await runtime.wait_idle()
                for message in sent:
                    emit(_output(index, message))
                    if message.buttons:
                        buttons[(message.channel, message.address)] = message.buttons
                sent.clear()


def _inbound(
    index: int,
    step: Say | Press,
    buttons: dict[tuple[str, str], tuple[str, ...]],
    clock: ManualClock,
) -> Inbound:
    if isinstance(step, Press):
        shown = buttons.get((step.channel.value, step.sender), ())
        if step.press not in shown:
            have = ", ".join(shown) if shown else "no message with buttons was sent there"
            raise ScriptError(f"line {index + 1}: no button {step.press!r} to press ({have})")
    press = step.press if isinstance(step, Press) else None
    return Inbound(
        channel=step.channel.value,
        address=step.sender,
        external_id=f"replay-{uuid.uuid4().hex}",
        text=step.press if isinstance(step, Press) else step.text,
        press=press,
        received_at=clock.now(),
    )


def _output(index: int, message: Outbound) -> dict[str, object]:
    return {
        "after": index,
        "channel": message.channel,
        "to": message.address,
        "text": message.text,
        "buttons": list(message.buttons),
    }


def read_script(path: Path) -> list[str]:
    """The script's lines, or ScriptError if it cannot be read as UTF-8 text."""
    try:
        return path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ScriptError(f"cannot read {path}: {error}") from error
