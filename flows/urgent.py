"""Signs of danger, from any state: one short message with the numbers, and a person, now.

No questionnaire. The listening flow stops; what the person says next is kept for the
person who picks this up.
"""

from __future__ import annotations

from datetime import datetime

from common.models import ConversationRecord, Inbound, PersonRequested, Reply, Turn
from flows.settings import FlowSettings
from flows.text import quote, tidy

FIRST = (
    "If you're in danger now, call {emergency}. {crisis_line}, free, any time. "
    "I've asked someone local to text you here as a matter of urgency."
)
AFTER = "Thank you, I've passed that on too. If you're in danger now, call {emergency}."
URGENT_SINCE = "urgent_since"


def is_urgent(record: ConversationRecord) -> bool:
    """True once danger has been seen in this conversation."""
    return URGENT_SINCE in record.data


def respond(
    record: ConversationRecord, message: Inbound, now: datetime, settings: FlowSettings
) -> Turn:
    """Danger seen now, or the person writes again after it was."""
    words = tidy(message.text)
    if words:
        record.data.setdefault("urgent_words", []).append(words)
    if is_urgent(record):
        return Turn(record=record, replies=[Reply(text=AFTER.format(emergency=settings.emergency))])
    record.data[URGENT_SINCE] = now.isoformat()
    request = PersonRequested(summary=quote(words, limit=300), urgent=True)
    text = FIRST.format(emergency=settings.emergency, crisis_line=settings.crisis_line)
    return Turn(record=record, replies=[Reply(text=text)], effects=[request])
