"""Clear danger, from any state: one short message with the numbers, and a person, now.

No questionnaire. Cards marked urgent go to the people on duty and the conversation goes on
where it was: ordinary messages get ordinary answers while someone is on the way, and only
further signs of danger are passed on to the people asked. Once someone holds the
conversation, their words go straight to that person (see ``flows.handoff.flow``).
"""

from __future__ import annotations

from common.models import ConversationRecord
from flows.handoff import flow as handoff
from flows.handoff.talk import asked_links
from flows.step import Step

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


def respond(talk: Step, words: str | None = None) -> None:
    """Danger seen now: the numbers, and the people on duty asked (or, with a card already
    out, told). ``words`` go on the card instead of this message's."""
    settings = talk.settings
    talk.record.data.setdefault(URGENT_SINCE, talk.now.isoformat())
    if asked_links(talk.context):
        handoff.urgent(talk, words)
        talk.say(AFTER.format(emergency=settings.emergency))
        return
    first = FIRST if handoff.urgent_helpers(talk) else FIRST_NOBODY
    talk.say(first.format(emergency=settings.emergency, crisis_line=settings.crisis_line))
    handoff.urgent(talk, words)
