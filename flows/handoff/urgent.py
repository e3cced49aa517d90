"""Signs of danger, from any state: one short message with the numbers, and a person, now.

No questionnaire. The listening flow stops and cards marked urgent go to the people on
duty; what the person says next is kept for whoever picks it up. Once someone holds the
conversation, their words go straight to that person (see ``flows.handoff.flow``).
"""

from __future__ import annotations

from common.models import ConversationRecord
from flows.handoff import flow as handoff
from flows.step import Step
from flows.text import quote, tidy

FIRST = (
    "If you're in danger now, call {emergency}. {crisis_line}, free, any time. "
    "I've asked someone local to text you here as a matter of urgency."
)
# Said when there is nobody on the roster to ask: the numbers, and no promise we can't keep.
FIRST_NOBODY = "If you're in danger now, call {emergency}. {crisis_line}, free, any time."
AFTER = "Thank you, I've passed that on too. If you're in danger now, call {emergency}."
URGENT_SINCE = "urgent_since"


def is_urgent(record: ConversationRecord) -> bool:
    """True once danger has been seen in this conversation."""
    return URGENT_SINCE in record.data


def respond(talk: Step) -> None:
    """Danger seen now, or the person writes again before anyone has picked it up."""
    record, settings = talk.record, talk.settings
    words = tidy(talk.text)
    if is_urgent(record):
        if words:
            talk.kept("handoff").setdefault("more", []).append(quote(words, limit=300))
        talk.say(AFTER.format(emergency=settings.emergency))
        return
    record.data[URGENT_SINCE] = talk.now.isoformat()
    first = FIRST if handoff.urgent_helpers(talk) else FIRST_NOBODY
    talk.say(first.format(emergency=settings.emergency, crisis_line=settings.crisis_line))
    handoff.urgent(talk)
