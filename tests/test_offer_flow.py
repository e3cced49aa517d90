"""Anyone can offer to help: a few open questions, then they are a peer with an offer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from common.models import BecomePeer, ConversationRecord, Inbound, Turn
from flows.offer import flow as offer
from flows.router import respond
from flows.settings import FlowSettings

T0 = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)


def say(record: ConversationRecord | None, text: str) -> Turn:
    message = Inbound(
        channel="telegram", address="5550009", external_id="x", text=text, received_at=T0
    )
    return respond(record, message, T0, FlowSettings())


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to help",
        "i want to help",
        "Can I volunteer?",
        "happy to help others",
        "I would like to give something back",
    ],
)
def test_plain_offers_of_help_are_heard(text: str) -> None:
    assert offer.wants_to_help(text)


@pytest.mark.parametrize(
    "text",
    ["i need help", "can you help me", "my son is helping out at school", "help me with the forms"],
)
def test_asking_for_help_is_not_offering_it(text: str) -> None:
    assert not offer.wants_to_help(text)


def test_offering_help_mid_conversation_asks_four_things_then_picks_up_where_it_was() -> None:
    turn = say(None, "hi")
    turn = say(turn.record, "my rent")
    turn = say(turn.record, "actually, I'd like to help others too")
    assert turn.replies[0].text == offer.QUESTIONS[offer.Offer.BEEN_THROUGH]
    for answer in [
        "debt, and the bailiffs",
        "going along to the council with people",
        "Northgate",
        "weekday mornings",
    ]:
        turn = say(turn.record, answer)
    assert turn.replies[0].text == "What name should people know you by?"
    turn = say(turn.record, "Pat")
    assert turn.effects == []  # nobody joins before agreeing what residents will see
    assert turn.replies[0].text == (
        'People looking for help would see this about you: "Pat, a neighbour: debt, and the'
        ' bailiffs going along to the council with...". Is that OK?'
    )
    turn = say(turn.record, "yes")
    assert turn.effects == [
        BecomePeer(
            name="Pat",
            offer="debt, and the bailiffs going along to the council with people",
            areas=("Northgate",),
            free="weekday mornings",
            shown="Pat, a neighbour: debt, and the bailiffs going along to the council with...",
            accompanies=True,  # going along with people, once they are welcomed
        )
    ]
    assert turn.replies[0].text.startswith("Thank you, Pat.")
    assert turn.record.state == "listen.asked_area"  # back to where they were: the area


def test_a_new_person_offering_help_is_told_who_we_are_first() -> None:
    turn = say(None, "hello, can I volunteer?")
    assert turn.replies[0].text.startswith("Hi, this is the Eastfield neighbours line. I'm a bot")
    assert turn.record.state == offer.Offer.BEEN_THROUGH


def test_offer_questions_can_be_skipped() -> None:
    turn = say(say(None, "hi").record, "I'd like to help")
    for answer in ["skip", "a chat", "skip", "skip", "Lee", "yes"]:
        turn = say(turn.record, answer)
    assert turn.effects == [
        BecomePeer(name="Lee", offer="a chat", areas=(), free="", shown="Lee, a neighbour: a chat")
    ]


def test_a_known_name_is_not_asked_again_nor_taken_from_another_answer() -> None:
    turn = say(say(None, "hi").record, "I'd like to help")
    record = turn.record.model_copy(update={"data": {**turn.record.data, "name": "Dee"}})
    for answer in ["skip", "a chat", "skip", "weekends"]:
        turn = say(record, answer)
        record = turn.record
    assert turn.replies[0].text.endswith(
        '"Dee, a neighbour: a chat (usually free: weekends)". Is that OK?'
    )
