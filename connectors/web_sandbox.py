"""The web sandbox: a pretend phone in the browser, so the bot can be tried with no accounts."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from common.models import Channel, Inbound, Outbound
from connectors.base import SendReceipt

MAX_TEXT = 5000
ADDRESS = r"^\+?[0-9A-Za-z-]{1,32}$"


class SandboxMessage(BaseModel):
    """What the sandbox page posts: who is texting, and what (or which button)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    address: str = Field(min_length=1, max_length=32, pattern=ADDRESS)
    text: str = Field(default="", max_length=MAX_TEXT)
    press: str | None = Field(default=None, max_length=64)


class SandboxInputError(ValueError):
    """The page sent something that is not a message; the reason is safe to show."""


class WebSandbox:
    """Parses the page's posts; sending needs nothing, as the page reads the outbox.

    With the sandbox on (and no live channel), one stands in for each channel, so a roster
    person "on Telegram" can be tried in the sandbox too.
    """

    def __init__(self, channel: str = Channel.WEB.value) -> None:
        self.channel = channel

    def parse(self, body: object, now: datetime) -> Inbound:
        """An Inbound from the page's JSON body, or SandboxInputError saying what is wrong."""
        try:
            message = SandboxMessage.model_validate(body)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "body"
            raise SandboxInputError(f"{where}: {first['msg']}") from error
        return Inbound(
            channel=self.channel,
            address=message.address,
            external_id=uuid.uuid4().hex,
            text=message.text,
            press=message.press,
            received_at=now,
        )

    async def send(self, message: Outbound) -> SendReceipt:
        return SendReceipt(provider_id=f"web-{message.outbox_id}")

    async def close(self) -> None:
        return None
