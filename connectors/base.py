"""The connector contract: a name, send one message, close. Parsing is per channel."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import BaseModel

from common.models import Outbound


class SendReceipt(BaseModel):
    """What a channel said when it took a message."""

    provider_id: str | None = None


class ConnectorError(Exception):
    """A send failed."""


class TemporarySendError(ConnectorError):
    """Worth trying again later (a 5xx, a time-out, a rate limit)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class PermanentSendError(ConnectorError):
    """Trying again will not help (a bad number, a blocked bot, an opted-out number)."""

    def __init__(self, reason: str, opted_out: bool = False) -> None:
        super().__init__(reason)
        self.opted_out = opted_out


@runtime_checkable
class Connector(Protocol):
    """A channel the outbox can send through."""

    channel: str

    async def send(self, message: Outbound) -> SendReceipt:
        """Deliver one message, or raise a ConnectorError saying whether to retry."""
        ...

    async def close(self) -> None:
        """Release the channel's client."""
        ...
