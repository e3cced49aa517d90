"""Talking to the bot in a terminal: lines in, replies printed."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TextIO

from common.models import Channel, Inbound, Outbound
from connectors.base import SendReceipt


class ConsoleConnector:
    """One person at a keyboard; buttons are shown as numbered choices."""

    channel = Channel.CONSOLE.value

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def parse(self, line: str, address: str, now: datetime) -> Inbound:
        """An Inbound for one typed line."""
        return Inbound(
            channel=self.channel,
            address=address,
            external_id=uuid.uuid4().hex,
            text=line.rstrip("\n"),
            received_at=now,
        )

    async def send(self, message: Outbound) -> SendReceipt:
        self._out.write(f"bot> {message.text}\n")
        for number, label in enumerate(message.buttons, start=1):
            self._out.write(f"     {number}. {label}\n")
        self._out.flush()
        return SendReceipt()

    async def close(self) -> None:
        return None
