"""Offering people and groups, and double opt-in with a peer: the pure flow, given its context."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from common.models import (
    AnswerLink,
    AskHelper,
    Context,
    ConversationKey,
    ConversationRecord,
    Inbound,
    Link,
    Option,
    StartTimer,
    Tell,
    Turn,
)
from flows.connect import flow as connect
from flows.connect import relay
from flows.connect.flow import Connect
from flows.router import respond
from flows.settings import FlowSettings

SETTINGS = FlowSettings()
T0 = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
RESIDENT = ConversationKey("sms", "+447700900001")
SAM = ConversationKey("telegram", "5550101")
PANTRY_LEAD = ConversationKey("sms", "+447700900321")
GROUP = Option(
    kind="group",
    ref="pantry",
    name="Millbrook Community Pantry",
    line="Millbrook Community Pantry, Thursdays at St Mark's hall",
    why="you mentioned food",
    details="Millbrook Community Pantry: low-cost food.",
    contact_name="Jo Bailey",
    contact=PANTRY_LEAD,
)
PEER = Option(
    kind="peer",
    ref="7",
    name="Sam Okafor",
    line="Sam, a neighbour who has dealt with bailiffs",
    why="you mentioned the bailiffs",
    contact=SAM,
)
QUIET = Option(
    kind="group",
    ref="library",
    name="Eastfield Library",
    line="Eastfield Library",
    details="Eastfield Library: free computers.",
)
OPTIONS = Context(options=[PEER, GROUP, QUIET])


def say(
    record: ConversationRecord | None,
    text: str,
    context: Context = OPTIONS,
    key: ConversationKey = RESIDENT,
    press: str | None = None,
) -> Turn:
    message = Inbound(
        channel=key.channel,
        address=key.address,
        external_id="x",
        text=text,
        press=press,
        received_at=T0,
    )
    return respond(record, message, T0, SETTINGS, context)


def offered(context: Context = OPTIONS) -> ConversationRecord:
    """A resident who has just been offered two options and a local person."""
    record = ConversationRecord(
        channel=RESIDENT.channel,
        address=RESIDENT.address,
        state="listen.asked_area",
        data={"words": "the bailiffs keep coming round", "matters": "my kids"},
    )
    turn = say(record, "Millbrook", context)
    assert turn.record.state == Connect.OFFERED
    return turn.record


def test_after_listening_two_options_and_a_local_person_one_line_each_with_why() -> None:
    record = ConversationRecord(
        channel="sms",
        address=RESIDENT.address,
        state="listen.asked_area",
        data={"words": "bailiffs"},
    )
    turn = say(record, "Millbrook")
    assert [r.text for r in turn.replies] == [
        "Here's who might help:\n"
        "1. Sam, a neighbour who has dealt with bailiffs (you mentioned the bailiffs)\n"
        "2. Millbrook Community Pantry, Thursdays at St Mark's hall (you mentioned food)\n"
        "3. A local person, who'd stay with you\n"
        "Reply with a number, or NONE if none of these fit."
    ]


def test_no_good_match_is_said_honestly_with_a_person_offered() -> None:
    record = ConversationRecord(
        channel="sms", address=RESIDENT.address, state="listen.asked_area", data={"words": "zzz"}
    )
    turn = say(record, "skip", context=Context())
    assert turn.replies[-1].text == connect.NOTHING_FITS
    assert "PERSON" in connect.NOTHING_FITS


def test_picking_a_group_by_name_gives_its_details_and_offers_to_tell_the_contact() -> None:
    turn = say(offered(), "the pantry one? millbrook community pantry")
    assert turn.record.state == Connect.GROUP_CONTACT
    assert turn.replies[0].text.startswith("Millbrook Community Pantry: low-cost food.")
    assert "let Jo Bailey there know you're coming" in turn.replies[0].text
    told = say(turn.record, "yes")
    to_contact = [r for r in told.replies if r.to == PANTRY_LEAD]
    assert len(to_contact) == 1
    assert "Millbrook Community Pantry" in to_contact[0].text
    assert "bailiffs" not in to_contact[0].text  # only a first name, never their words


@pytest.mark.parametrize("answer", ["No", "no thanks", "no thank you", "not now"])
def test_no_thanks_in_words_means_the_contact_is_not_told(answer: str) -> None:
    turn = say(offered(), "2")
    declined = say(turn.record, answer)
    assert [r.text for r in declined.replies] == [connect.NO_CONTACT]


def test_a_group_without_a_contact_is_just_introduced() -> None:
    turn = say(offered(Context(options=[PEER, QUIET])), "2", Context(options=[PEER, QUIET]))
    assert turn.record.state == Connect.RESTING
    assert turn.replies[0].text.startswith("Eastfield Library: free computers.")


def test_none_of_these_is_fine_and_more_words_bring_new_options() -> None:
    turn = say(offered(), "none of these")
    assert turn.replies[0].text == connect.NONE_FIT
    again = say(turn.record, "OPTIONS")
    assert again.record.state == Connect.OFFERED
    assert again.replies[0].text.startswith("Here's who might help")
    more = say(offered(), "actually it's more the gas meter")
    assert more.replies[0].text.startswith("Thanks. With that in mind")
    assert more.record.data["notes"] == ["actually it's more the gas meter"]


def test_picking_a_peer_asks_a_name_and_consent_before_anything_is_shared() -> None:
    turn = say(offered(), "1")
    assert turn.replies[0].text == "What name would you like Sam to know you by? Any name is fine."
    assert not turn.effects
    turn = say(turn.record, "Dee")
    assert turn.replies[0].text == (
        'I\'d send Sam your name, Dee, and this: "the bailiffs keep coming round". Is that OK?'
    )
    assert not turn.effects
    assert all(r.to is None for r in turn.replies)
    turn = say(turn.record, "yes")
    assert turn.record.state == Connect.WAITING
    ask = next(e for e in turn.effects if isinstance(e, AskHelper))
    assert (ask.helper, ask.resident_name, ask.summary) == (
        SAM,
        "Dee",
        "the bailiffs keep coming round",
    )
    timer = next(e for e in turn.effects if isinstance(e, StartTimer))
    assert timer.due_at == T0 + timedelta(hours=24)
    request = next(r for r in turn.replies if r.to == SAM)
    assert request.buttons == ("Accept", "Not this time")
    assert '"the bailiffs keep coming round"' in request.text
    assert "Dee" in request.text
    assert RESIDENT.address not in request.text


def test_saying_no_to_sharing_sends_nothing_and_offers_again() -> None:
    turn = say(say(say(offered(), "1").record, "Dee").record, "no")
    assert not turn.effects
    assert turn.record.state == Connect.OFFERED


def link(status: str = "asked") -> Link:
    return Link(
        id=5,
        kind="intro",
        status=status,
        resident=RESIDENT,
        resident_name="Dee",
        helper=SAM,
        helper_name="Sam Okafor",
        summary="the bailiffs",
    )


def sam() -> ConversationRecord:
    return ConversationRecord(channel=SAM.channel, address=SAM.address, state="listen.asked_what")


def test_the_peer_accepting_tells_both_and_only_then_they_talk() -> None:
    turn = say(sam(), "Accept", context=Context(links_as_helper=[link()]), key=SAM, press="Accept")
    assert turn.effects == [AnswerLink(link_id=5, status="accepted")]
    to_resident = next(r for r in turn.replies if r.to == RESIDENT)
    assert to_resident.text.startswith("Good news: Sam said yes")
    accepted = Context(links_as_helper=[link("accepted")])
    relayed = say(sam(), "Hi Dee, when suits you?", context=accepted, key=SAM)
    assert [(r.to, r.text) for r in relayed.replies] == [(RESIDENT, "Sam: Hi Dee, when suits you?")]
    back = say(offered(), "tuesday morning", context=Context(links_as_resident=[link("accepted")]))
    assert [(r.to, r.text) for r in back.replies] == [(SAM, "Dee: tuesday morning")]


def test_the_peer_declining_tells_the_resident_kindly() -> None:
    turn = say(sam(), "no", context=Context(links_as_helper=[link()]), key=SAM)
    assert turn.effects == [AnswerLink(link_id=5, status="declined")]
    assert next(r for r in turn.replies if r.to == RESIDENT).text == (
        relay.DECLINED_RESIDENT.format(helper="Sam")
    )


def test_no_answer_in_time_lets_the_resident_know_honestly() -> None:
    message = Inbound(
        channel="sms",
        address=RESIDENT.address,
        external_id="timer:1",
        event="intro_expired",
        payload={"helper": list(SAM)},
        received_at=T0,
    )
    record = offered()
    turn = respond(record, message, T0, SETTINGS, Context(links_as_resident=[link()]))
    assert turn.effects == [AnswerLink(link_id=5, status="expired")]
    assert turn.replies[0].text.startswith("Sam hasn't been able to answer")
    already = respond(record, message, T0, SETTINGS, Context(links_as_resident=[link("accepted")]))
    assert already.replies == []
    assert already.effects == []


def test_the_residents_done_ends_it_and_a_peers_done_asks_her_first() -> None:
    accepted = Context(links_as_resident=[link("accepted")])
    turn = say(offered(), "done", context=accepted)
    assert turn.effects[0] == AnswerLink(link_id=5, status="closed")
    # Her own conversation then offers to check in, with Sam to offer again.
    assert turn.effects[1] == Tell(
        to=RESIDENT, event="intro_closed", payload={"helper": list(SAM), "name": "Sam Okafor"}
    )
    assert {r.to for r in turn.replies} == {None, SAM}
    turn = say(sam(), "done", context=Context(links_as_helper=[link("accepted")]), key=SAM)
    assert turn.effects == [Tell(to=RESIDENT, event="intro_finish_asked", payload={"link": 5})]
    assert {r.to for r in turn.replies} == {None}
