"""ON DUTY and OFF DUTY, texted by someone on the roster: new cards come to them, or stop.

From anyone else these are ordinary words. Going off duty changes nothing they hold.
"""

from __future__ import annotations

import re

from common.models import Reply, SetOnDuty, Turn
from flows.step import Step
from flows.text import plain

# "ON DUTY", "on duty now", "I'm off duty", "going off duty for today": one short clause.
_DUTY = re.compile(
    r"^(?:(?:im|i am|going|back|now)\s+)?(on|off)\s?duty"
    r"(?:\s+(?:now|today|for today|from now|please|thanks|thank you|ta))*$"
)
ON = "Thanks, you're on duty now: new cards will come to you. Text OFF DUTY when you stop."
ON_PAUSED = (
    "Thanks, you're on duty now. A coordinator has paused you, so no new cards will come"
    " until they take the pause off."
)
OFF = (
    "Thanks, you're off duty now: no new cards will come to you, and the conversations you"
    " hold stay yours. Text ON DUTY when you're back."
)


def duty(talk: Step) -> Turn | None:
    """Someone on the roster texts ON DUTY or OFF DUTY: it is recorded and confirmed."""
    found = None if talk.message.press else _DUTY.match(plain(talk.text))
    helper = talk.context.helper(talk.record.key) if found else None
    if found is None or helper is None:
        return None
    on = found.group(1) == "on"
    text = (ON_PAUSED if helper.paused else ON) if on else OFF
    return Turn(record=talk.record, replies=[Reply(text=text)], effects=[SetOnDuty(on=on)])
