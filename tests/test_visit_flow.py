"""Who is asked to go with someone, as pure decisions: area, being free then, language,
at most three, and the peer already going asked first when the time moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from common.models import (
    AskVisit,
    Context,
    ConversationKey,
    ConversationRecord,
    Helper,
    Inbound,
    Visit,
)
from flows.accompany import visit, visit_peer
from flows.accompany.flow import AccompanyRequest
from flows.anywhere import late
from flows.settings import FlowSettings
from flows.step import Step
from tests.steps import make_step

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)
AT = datetime(2026, 12, 1, 10, tzinfo=UTC)
JO = ConversationKey("sms", "+447700900555")


def peer(n: int, areas: tuple[str, ...] = ("Eastfield Centre",), **more: object) -> Helper:
    return Helper(
        name=f"Peer{n} Surname",
        role="peer",
        key=ConversationKey("telegram", f"55509{n:02d}"),
        areas=areas,
        accompanies=True,
        **more,
    )


def talk(roster: list[Helper], **context: object) -> Step:
    data = {"name": "Jo", "area": "Eastfield Centre"}
    where = Context(roster=roster, **context)
    return make_step("accompany.requested", data, "yes", NOW, context=where, address=JO.address)


def asked(t: Step) -> list[ConversationKey]:
    return [r.to for r in t.replies if r.to is not None and r.buttons]


def booked_visit(by: Helper, at: datetime, resident: str = "+447700900999") -> Visit:
    return Visit(
        id=9,
        status="covered",
        resident=ConversationKey("sms", resident),
        resident_name="Someone",
        place="the clinic",
        at=at,
        peer=by.key,
    )


def jos_visit(going: Helper | None) -> Visit:
    """Jo's visit to the council offices, with the peer going (if any)."""
    return Visit(
        id=4,
        status="covered",
        resident=JO,
        resident_name="Jo",
        place="the council offices",
        at=AT,
        peer=going.key if going else None,
        peer_name=going.name if going else "",
    )


EVENT = {
    "channel": "sms",
    "address": JO.address,
    "external_id": "tell:1",
    "received_at": NOW,
    "event": "visit_answer",
}
REQUEST = AccompanyRequest(where="the council offices", when=AT)


def test_only_peers_who_go_with_people_in_the_area_are_asked_and_at_most_three() -> None:
    roster = [peer(n) for n in range(1, 6)]
    roster.append(peer(7, areas=("Northgate",)))
    roster.append(peer(8).model_copy(update={"accompanies": False}))
    t = talk(roster)
    assert visit.ask(t, REQUEST)
    assert asked(t) == [p.key for p in roster[:3]]
    (request,) = [e for e in t.effects if isinstance(e, AskVisit)]
    assert [p.name for p in request.peers] == [p.name for p in roster[:3]]


def test_a_peer_already_going_with_someone_near_that_time_is_not_free() -> None:
    busy, free = peer(1), peer(2)
    t = talk([busy, free], booked=[booked_visit(busy, AT + timedelta(hours=1))])
    visit.ask(t, REQUEST)
    assert asked(t) == [free.key]


def test_a_language_the_resident_named_must_be_shared() -> None:
    english, polish = peer(1, languages=("English",)), peer(2, languages=("Polish", "English"))
    named = visit.languages_named("she only speaks polish really", [english, polish])
    assert named == ("Polish",)
    t = talk([english, polish])
    visit.ask(t, REQUEST.model_copy(update={"languages": named}))
    assert asked(t) == [polish.key]


def test_with_nobody_who_fits_nobody_is_asked_and_the_resident_hears_honestly() -> None:
    t = talk([peer(1, areas=("Northgate",))])
    assert not visit.ask(t, REQUEST)
    assert asked(t) == []
    assert t.replies[-1].text.startswith("I'm sorry: nobody could say yes")


def test_a_new_time_asks_the_peer_going_first_even_among_many() -> None:
    roster = [peer(n) for n in range(1, 6)]
    going = roster[4]
    moved = jos_visit(going)
    # Their own booking is this visit, so it does not make them busy for the new time.
    t = talk(roster, booked=[moved], visit=moved)
    visit.ask(t, REQUEST.model_copy(update={"when": AT + timedelta(hours=2)}), moved_from=moved)
    assert asked(t)[0] == going.key
    assert "has moved" in next(r.text for r in t.replies if r.to == going.key)


def test_a_new_time_that_clashes_for_the_peer_going_lets_them_off_and_asks_others() -> None:
    going, other = peer(1), peer(2)
    moved = jos_visit(going)
    later = AT + timedelta(days=2)
    t = talk([going, other], booked=[moved, booked_visit(going, later)], visit=moved)
    visit.ask(t, REQUEST.model_copy(update={"when": later}), moved_from=moved)
    assert asked(t) == [other.key]
    (told,) = [r.text for r in t.replies if r.to == going.key]
    assert told.startswith("Jo's appointment has moved, and the new time clashes")


def test_two_presses_of_accept_from_the_same_peer_give_one_booking() -> None:
    ryan, kasia = peer(1), peer(2)
    open_visit = jos_visit(None).model_copy(
        update={"status": "asking", "asked": (ryan.key, kasia.key)}
    )
    answer = {"visit": 4, "answer": "accept", "by": list(ryan.key)}
    first = talk([ryan, kasia], visit=open_visit)
    visit.on_event(first, Inbound(**EVENT, payload=answer))
    assert [r.to for r in first.replies] == [None, ryan.key, kasia.key]
    covered = open_visit.model_copy(
        update={"status": "covered", "peer": ryan.key, "peer_name": ryan.name, "asked": ()}
    )
    second = talk([ryan, kasia], visit=covered)
    visit.on_event(second, Inbound(**EVENT, payload=answer))
    assert [r.text for r in second.replies] == ["Thank you: you're already down to go with Jo."]
    assert second.effects == []


def test_not_this_time_from_a_resident_is_their_answer_not_a_late_peer_reply() -> None:
    record = ConversationRecord(channel="sms", address=JO.address, state="accompany.offered")
    message = Inbound(**{**EVENT, "event": None, "text": "not this time"})
    settings = FlowSettings()
    jo = Step(record, message, NOW, settings, Context(roster=[peer(1)]))
    assert visit_peer.as_peer(jo) is None
    assert not late.request(jo)
    ryan = peer(1)
    as_ryan = record.model_copy(update={"address": ryan.key.address, "channel": "telegram"})
    by_ryan = message.model_copy(update={"address": ryan.key.address, "channel": "telegram"})
    too_late = Step(as_ryan, by_ryan, NOW, settings, Context(roster=[ryan]))
    assert late.request(too_late)
    assert [r.text for r in too_late.replies] == ["Thank you. That request isn't open any more."]
