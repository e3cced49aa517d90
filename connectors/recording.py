"""A connector that keeps what it was asked to send: the replay harness's and benchmarks' sink."""

from __future__ import annotations

from common.models import Outbound
from connectors.base import SendReceipt


class RecordingConnector:
    """Collects outgoing messages in order instead of sending them anywhere."""

    def __init__(self, channel: str, sent: list[Outbound] | None = None) -> None:
        self.channel = channel
        # Several channels may share one list, to keep the order across channels.
        self.sent: list[Outbound] = [] if sent is None else sent

    async def send(self, message: Outbound) -> SendReceipt:
        self.sent.append(message)
        return SendReceipt(provider_id=f"{self.channel}-{len(self.sent)}")

    async def close(self) -> None:
        return None
