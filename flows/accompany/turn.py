"""Going with someone, as the router runs it: offering it when an appointment comes up,
the questions and the name to meet by, asking peers, CHANGE and CAN'T GO, then back to
where the person was."""

from __future__ import annotations

from datetime import UTC, datetime

from common.models import Reply, Visit
from flows.accompany import flow, visit, words
from flows.accompany.flow import Accompany
from flows.connect import turn as connect_turn
from flows.connect.flow import Connect
from flows.listen.flow import said
from flows.step import Step
from flows.text import is_skip, quote

DECLINED_COMPANY = "accompany_declined"
MOVING = "visit_moving"
# The connect states in which an appointment mentioned in passing is worth offering company.
RESTING = (Connect.RESTING, Connect.OFFERED, Connect.WAITING)


def offers_company(talk: Step, text: str) -> bool:
    """Offer someone to go along: an appointment mentioned, none asked for, not turned down."""
    if talk.data.get(visit.OPEN) or not words.mentions_appointment(text):
        return False
    return not talk.data.get(DECLINED_COMPANY) or words.asks_for_company(text)


def begin(talk: Step, back_to: str) -> None:
    """Offer someone to go with them; ``back_to`` is where the conversation goes after."""
    talk.push_return(back_to)
    talk.move(Accompany.OFFERED)
    flow.begin(talk)


def on_mention(talk: Step) -> bool:
    """Between options, an appointment mentioned: offer someone to go along."""
    if talk.fsm_state not in RESTING or not offers_company(talk, talk.typed):
        return False
    begin(talk, back_to=Connect.RESTING)
    return True


def about_open_visit(talk: Step) -> bool:
    """CAN'T GO, CHANGE or how it went, about the resident's open visit (also on return)."""
    if talk.context.visit is None or talk.journey == "accompany":
        return False
    if visit.on_message(talk):
        return True
    if visit.wants_change(talk):
        _move(talk, talk.context.visit)
        return True
    return False


def _move(talk: Step, going: Visit) -> None:
    """CHANGE: the accompany questions again, from what was asked for."""
    local = going.at.astimezone(visit.local_zone(talk.settings))
    talk.data[flow.KEEP] = {"where": going.place, "when": local.isoformat(), "notes": going.notes}
    talk.data[MOVING] = True
    talk.push_return(Connect.RESTING)
    talk.move(Accompany.CHANGING)
    talk.replies.append(flow.prompt(Accompany.CHANGING, talk.data, talk.now))


def step(talk: Step) -> None:
    """One answer to the questions (or the name to meet by); a request goes out at the end."""
    start = len(talk.replies)
    if talk.fsm_state == Accompany.NAMING:
        text = talk.typed
        talk.data["name"] = quote(text, limit=40) if not is_skip(text) else ""
        flow.confirm(talk, flow.THANKS)  # the name is read back with the rest
        return
    flow.step(talk)
    if talk.fsm_state in (Accompany.REQUESTED, Accompany.DECLINED):
        _finish(talk, start)


def _finish(talk: Step, start: int) -> None:
    """Ask peers (or note the no), then go back to where the person was."""
    moving = talk.context.visit if talk.data.pop(MOVING, False) else None
    if talk.fsm_state == Accompany.DECLINED:
        talk.data[DECLINED_COMPANY] = True
    else:
        request = flow.request(talk.data)
        words = " ".join((said(talk.data), request.notes))
        languages = visit.languages_named(words, talk.context.roster)
        asking = len(talk.replies)
        request = request.model_copy(update={"languages": languages})
        if not visit.ask(talk, request, moved_from=moving):
            del talk.replies[start:asking]  # nobody to ask: the honest answer replaces the promise
    back = talk.pop_return(Connect.RESTING)
    if back == Connect.STARTING:
        connect_turn.begin(talk)  # after the request, offer what else fits
    else:
        talk.move(back)


def prompt(talk: Step) -> Reply:
    """The question waiting to be answered, to ask again."""
    now = talk.record.last_seen_at or datetime.min.replace(tzinfo=UTC)  # set on every message
    return flow.prompt(Accompany(talk.fsm_state), talk.data, now)
