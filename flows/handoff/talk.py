"""What every part of a resident's handoff shares: where it is (``Handoff``), and who is
involved: the people holding it or asked, who is on duty, the duty coordinator, their
names as said aloud, and when a holder will reply.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from common.models import (
    Context,
    Helper,
    Link,
)
from flows.step import Step
from flows.text import first_name


class Handoff(StrEnum):
    """Where a resident's handoff is."""

    NAMING = "handoff.naming"
    ASKED_WANT = "handoff.asked_want"
    READING_BACK = "handoff.reading_back"
    REWRITING = "handoff.rewriting"
    WAITING = "handoff.waiting"
    HELD = "handoff.held"
    CONFIRM_CLOSE = "handoff.confirm_close"
    CONFIRM_BRING_IN = "handoff.confirm_bring_in"
    CHECK_IN = "handoff.check_in"
    CLOSED = "handoff.closed"
    CHECKING_IN = "handoff.checking_in"
    SAME_AGAIN = "handoff.same_again"


# The hours a promise to text may fall between, local time.
MORNING_HOUR, LATEST_HOUR = 10, 20


# Who is involved -----------------------------------------------------------------------


def held_links(context: Context) -> list[Link]:
    """The resident's handoff links someone has accepted: the people holding it."""
    return [x for x in context.links_as_resident if x.kind == "handoff" and x.status == "accepted"]


def asked_links(context: Context) -> list[Link]:
    """The resident's handoff links still waiting on an answer: the people asked."""
    return [x for x in context.links_as_resident if x.kind == "handoff" and x.status == "asked"]


def names_of(links: list[Link]) -> str:
    """The first names on these links, as said aloud: "Amira", "Amira and Tom"."""
    names = [first_name(x.helper_name) for x in links]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def listed(names: list[str]) -> str:
    """Names as said aloud: "Amira", "Amira and Tom", "Amira, Tom and Helen"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def on_duty_for(talk: Step) -> list[Helper]:
    """The workers on duty for this resident's area (see ``on_duty``)."""
    return on_duty(talk.context, str(talk.data.get("area") or ""))


def on_duty(context: Context, area: str) -> list[Helper]:
    """Workers on duty whose areas fit where the resident is, or all on duty if none fit."""
    workers = [h for h in context.roster if h.role == "worker" and h.on_duty and h.reachable]
    fitting = [w for w in workers if context.places.covers(w.areas, area)]
    return fitting or workers


def duty_coordinator(context: Context) -> Helper | None:
    """The coordinator on duty, else the first on the roster, else None (reachable only)."""
    coordinators = [h for h in context.roster if h.role == "coordinator" and h.reachable]
    return next((h for h in coordinators if h.on_duty), coordinators[0] if coordinators else None)


def reply_by(talk: Step) -> str:
    """When the resident will hear, as they would say it: "4pm", "10am tomorrow".

    Promises fall in waking hours: a card taken at night is answered from 10am.
    """
    try:
        zone = ZoneInfo(talk.settings.timezone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    now = talk.now.astimezone(zone)
    due = (now + talk.settings.handoff_reply_within).replace(minute=0, second=0, microsecond=0)
    due += timedelta(hours=1)
    if due.hour >= LATEST_HOUR or due.date() > now.date():
        due = (due + timedelta(days=due.hour >= LATEST_HOUR)).replace(hour=MORNING_HOUR)
    elif due.hour < MORNING_HOUR:
        due = due.replace(hour=MORNING_HOUR)
    hour = due.strftime("%I%p").lstrip("0").lower()
    return hour if due.date() == now.date() else f"{hour} tomorrow"
