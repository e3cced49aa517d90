"""The peer advocate's side of going with someone: answering, cancelling, and afterwards.

Answers and cancellations are decided in the resident's conversation (``flows.accompany.visit``), so
they are passed there as events. What the peer says afterwards, and the time they gave,
is theirs: it is kept from here, and they are thanked with their total so far.
"""

from __future__ import annotations

import re

from common.models import (
    Context,
    ConversationRecord,
    Inbound,
    Reply,
    Tell,
    Turn,
    UpdateVisit,
    Visit,
)
from flows.accompany.visit import CANCEL_WORDS, CHANGE_WORDS, PEER_BUTTONS
from flows.step import Step
from flows.text import first_name, is_skip, plain, tidy

ACCEPT_WORDS = frozenset({"accept", "yes", "yes i can", "i can", "ok", "okay", "go on then"})
DECLINE_WORDS = frozenset({"not this time", "no", "no sorry", "sorry no", "cant", "i cant"})
ANSWER_FIRST = "Could you answer the request first? Accept, or Not this time."
CANT_MAKE_IT = "Thanks for letting me know. I'll tell {name} and find someone else if I can."
TIME_IS_SET = (
    "The time is the appointment's, so I can't move it. If you can't make it, text CAN'T GO "
    "and I'll look for someone else."
)
HOW_LONG = "Thank you. Roughly how long did it take you, door to door? For example: 2 hours."
HOW_LONG_AGAIN = "About how long, in hours or minutes? For example: 90 minutes. Or SKIP."
THANKS = "Thank you, {peer}. I've noted {given}. That's {total} you've given neighbours so far."
TIME_ASKED = "visit_time_asked"
THANKS_NO_TIME = "Thank you, {peer}. It means a lot."

_NUMBERS = {"a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
_NUMBER_WORDS = re.compile(r"\b(an?|one|two|three|four|five)\b(?=\s*(?:hours?|hrs?)\b)")
_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)\b(\s*and a half)?")
_MINUTES = re.compile(r"(\d+)\s*(?:minutes?|mins?|m)\b")


def minutes_in(text: str) -> int | None:
    """Minutes in "2 hours", "an hour and a half", "90 mins", "1h 30m", "half an hour"."""
    words = (
        text.lower().replace("half an hour", "30 minutes").replace(" and a half hour", ".5 hour")
    )
    words = _NUMBER_WORDS.sub(lambda m: _NUMBERS[m.group(1)], words)
    total = 0.0
    if hours := _HOURS.search(words):
        total += 60 * float(hours.group(1)) + (30 if hours.group(2) else 0)
        words = words[hours.end() :]
    if minutes := _MINUTES.search(words):
        total += int(minutes.group(1))
    return round(total) if total > 0 else None


def duration(minutes: int) -> str:
    """ "2 hours 30 minutes", "45 minutes", "1 hour"."""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' * (hours != 1)}"] if hours else []
    parts += [f"{rest} minute{'s' * (rest != 1)}"] if rest or not hours else []
    return " ".join(parts)


def as_peer(talk: Step) -> Turn | None:
    """A request answered, a visit cancelled, or how it went; None if nothing is theirs."""
    record, message, context = talk.record, talk.message, talk.context
    visits = context.visits_as_peer
    if not visits:  # an answer to a request no longer open is ``flows.anywhere.late``'s
        return None
    words = plain(talk.text)
    asked = [v for v in visits if record.key in v.asked]
    going = [v for v in visits if v.peer == record.key and v.status == "covered"]
    after = [v for v in visits if v.peer == record.key and v.status == "after"]
    if asked and words in ACCEPT_WORDS | DECLINE_WORDS:
        answer = "accept" if words in ACCEPT_WORDS else "decline"
        payload = {"visit": asked[0].id, "answer": answer, "by": list(record.key)}
        return Turn(
            record=record,
            effects=[Tell(to=asked[0].resident, event="visit_answer", payload=payload)],
        )
    if going and words in CANCEL_WORDS:
        visit = going[0]
        tell = Tell(
            to=visit.resident,
            event="visit_peer_cancelled",
            payload={"by": list(record.key), "at": visit.at.isoformat()},
        )
        reply = Reply(text=CANT_MAKE_IT.format(name=visit.resident_name))
        return Turn(record=record, replies=[reply], effects=[tell])
    if going and words in CHANGE_WORDS:
        return Turn(record=record, replies=[Reply(text=TIME_IS_SET)])
    if after:
        return _afterwards(record, message, after[0], context)
    if asked and not context.links_as_helper:
        return Turn(record=record, replies=[Reply(text=ANSWER_FIRST, buttons=PEER_BUTTONS)])
    return None


def _afterwards(
    record: ConversationRecord, message: Inbound, visit: Visit, context: Context
) -> Turn:
    said = tidy(message.press or message.text)
    if visit.peer_said is None:
        update = UpdateVisit(visit_id=visit.id, peer_said=said)
        return Turn(record=record, replies=[Reply(text=HOW_LONG)], effects=[update])
    minutes = minutes_in(said)
    peer = first_name(visit.peer_name)
    status = "done" if visit.resident_said is not None else None
    if minutes is None and not is_skip(said) and not record.data.get(TIME_ASKED):
        record.data[TIME_ASKED] = True  # asked once more, then thanked either way
        return Turn(record=record, replies=[Reply(text=HOW_LONG_AGAIN)])
    record.data.pop(TIME_ASKED, None)
    if minutes is None:
        update = UpdateVisit(visit_id=visit.id, minutes=0, status=status)
        thanks = Reply(text=THANKS_NO_TIME.format(peer=peer))
        return Turn(record=record, replies=[thanks], effects=[update])
    total = context.minutes_given + minutes
    text = THANKS.format(peer=peer, given=duration(minutes), total=duration(total))
    update = UpdateVisit(visit_id=visit.id, minutes=minutes, status=status)
    return Turn(record=record, replies=[Reply(text=text)], effects=[update])
