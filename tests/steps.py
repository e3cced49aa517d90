"""One turn as a flow sees it, built for tests that call a flow directly."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from common.models import Context, ConversationRecord, Inbound
from flows.settings import FlowSettings
from flows.step import Step


def make_step(
    state: str,
    data: dict[str, Any],
    text: str,
    now: datetime,
    settings: FlowSettings | None = None,
    context: Context | None = None,
    address: str = "+447700900001",
) -> Step:
    """A ``Step`` for ``text`` from a resident at ``state`` (``data`` is shared, not copied)."""
    record = ConversationRecord(channel="sms", address=address, state=state, data=data)
    record.data = data  # the caller watches this very dict change
    message = Inbound(channel="sms", address=address, external_id="t", text=text, received_at=now)
    return Step(record, message, now, settings or FlowSettings(), context or Context())
