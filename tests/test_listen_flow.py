"""The first-contact conversation, decided by the pure flow: no database, no clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from common.models import Context, ConversationRecord, Inbound, Turn
from flows import journeys
from flows.anywhere import guards
from flows.connect import flow as connect
from flows.listen import flow as listen
from flows.listen.flow import Listen
from flows.offer import flow as offer
from flows.router import respond
from flows.settings import FlowSettings
from flows.step import Step

SETTINGS = FlowSettings(area="Eastfield")
T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
SCRIPT = [
    "hello",
    "my rent is behind and the landlord keeps texting",
    "That's right",
    "keeping a roof over the kids",
    "my sister, sometimes",
    "cooking and fixing bikes",
    "yes maybe",
    "Millbrook",
]


class Person:
    """One resident talking to the pure flow, carrying the record between messages."""

    def __init__(self, channel: str = "telegram", address: str = "5550001") -> None:
        self.channel, self.address = channel, address
        self.record: ConversationRecord | None = None
        self.now = T0
        self.turn: Turn | None = None

    def says(
        self, text: str, press: str | None = None, later: timedelta = timedelta(0)
    ) -> list[str]:
        self.now += later + timedelta(seconds=30)
        message = Inbound(
            channel=self.channel,
            address=self.address,
            external_id="x",
            text=text,
            press=press,
            received_at=self.now,
        )
        self.turn = respond(self.record, message, self.now, SETTINGS)
        self.record = self.turn.record
        return [reply.text for reply in self.turn.replies]

    @property
    def state(self) -> str:
        return self.record.state if self.record else Listen.NEW

    @property
    def answers(self) -> dict[str, object]:
        assert self.record is not None
        return self.record.data


def at_state(state: str, channel: str = "telegram") -> Person:
    """A person walked through the script until the conversation is in ``state``."""
    person = Person(channel)
    for text in SCRIPT:
        if person.record is not None and person.state == state:
            return person
        person.says(text)
    assert person.state == state
    return person


def test_first_reply_says_who_we_are_that_it_is_a_bot_and_asks_the_open_question() -> None:
    replies = Person().says("hello")
    assert len(replies) == 1
    assert "Eastfield neighbours line" in replies[0]
    assert "I'm a bot" in replies[0]
    assert "a real local person is one message away: just say PERSON" in replies[0]
    assert replies[0].endswith("What can we do for you?")
    assert "1." not in replies[0]
    assert "?" not in replies[0][:-1].split(".")[-1]


def test_the_whole_conversation_keeps_every_answer_in_the_persons_own_words() -> None:
    person = Person()
    said = [person.says(text) for text in SCRIPT]
    assert '"my rent is behind and the landlord keeps texting"' in said[1][0]
    assert said[3] == ["Thank you. Who's around you at the moment?"]
    # "yes maybe" to helping others earns a pointer to offering help; no directory here.
    assert said[-1] == [f"{listen.LISTENED} {offer.HINT}", connect.NOTHING_FITS]
    assert person.state == connect.Connect.RESTING
    kept = {k: v for k, v in person.answers.items() if k in listen.KEEPS.values()}
    assert kept == {
        "words": "my rent is behind and the landlord keeps texting",
        "matters": "keeping a roof over the kids",
        "around": "my sister, sometimes",
        "enjoy": "cooking and fixing bikes",
        "helping": "yes maybe",
        "area": "Millbrook",
    }


def test_one_question_per_message() -> None:
    person = Person()
    for text in SCRIPT:
        for reply in person.says(text):
            assert reply.count("?") <= 1, reply


@pytest.mark.parametrize("skip", ["skip", "Not now", "pass.", "rather not say", "dunno"])
def test_every_question_can_be_skipped_and_nothing_is_kept(skip: str) -> None:
    person = at_state(Listen.ASKED_WHAT)
    visited = []
    while person.state.startswith("listen."):
        visited.append(person.state)
        replies = person.says(skip)
        assert replies
        assert replies[0].startswith(("That's fine.", "Thank you for telling"))
    assert visited == [Listen.ASKED_WHAT, *listen.ORDER[:-1]]
    assert not any(key in person.answers for key in listen.KEEPS.values())


def test_off_topic_answers_move_on_gracefully() -> None:
    person = at_state(Listen.ASKED_AROUND)
    replies = person.says("is the library open on sunday")
    assert person.state == Listen.ASKED_ENJOY
    assert replies == ["Thank you. What do you enjoy, or what are you good at?"]


def test_asking_why_gets_an_honest_reason_and_the_same_question() -> None:
    person = at_state(Listen.ASKED_AROUND)
    replies = person.says("why do you need to know that")
    assert person.state == Listen.ASKED_AROUND
    assert "skip any question" in replies[0]
    assert replies[0].endswith("Who's around you at the moment?")


def test_reflection_can_be_corrected() -> None:
    person = at_state(Listen.REFLECTING)
    assert person.says("Not quite", press="Not quite")[0].startswith("Sorry I got that wrong.")
    assert person.state == Listen.ASKED_WHAT
    replies = person.says("it's the bailiffs, not the landlord")
    assert '"it\'s the bailiffs, not the landlord"' in replies[0]


def test_adding_more_at_the_reflection_is_kept_too() -> None:
    person = at_state(Listen.REFLECTING)
    person.says("and I lost my job in June")
    assert person.answers["more"] == "and I lost my job in June"
    assert person.state == Listen.ASKED_MATTERS


def test_after_listening_more_words_are_added_not_restarted() -> None:
    person = at_state(connect.Connect.RESTING)
    replies = person.says("oh and the boiler is broken")
    assert person.state == connect.Connect.RESTING
    assert person.answers["notes"] == ["oh and the boiler is broken"]
    assert "added that" in replies[0]


def waiting_question(record: ConversationRecord) -> str:
    """The question the conversation waits on, as the router asks it again."""
    message = Inbound(
        channel=record.channel, address=record.address, external_id="q", text="", received_at=T0
    )
    talk = Step(record, message, T0, SETTINGS, Context())
    return journeys.flow_of(record.state).prompt(talk).text


# Every state a person can be in while talking to the bot alone, in the order they meet them.
EVERY_STATE: list[str] = [
    *(s for s in Listen if s not in (Listen.CHECKING_IN, Listen.LISTENED)),
    connect.Connect.RESTING,
]


@pytest.mark.parametrize("state", EVERY_STATE)
def test_stop_from_any_state_silences_everything_until_start_resumes_there(state: str) -> None:
    person = at_state(state, channel="telegram") if state is not Listen.NEW else Person()
    assert person.says("Stop. Thank you") == [guards.STOPPED]
    for text in ("hello?", "HELP", "PERSON", "my rent"):
        assert person.says(text) == []
    assert person.record is not None
    assert person.record.opted_out
    replies = person.says("START")
    assert not person.record.opted_out
    if state is Listen.NEW:
        assert "What can we do for you?" in replies[0]
    else:
        assert replies[0].startswith("Welcome back.")
        assert person.state == state
        assert person.record is not None
        question = waiting_question(person.record)
        assert replies == [f"Welcome back. {question}"]


def test_stop_on_sms_is_confirmed_by_the_carrier_not_twice_by_us() -> None:
    person = at_state(Listen.ASKED_MATTERS, channel="sms")
    assert person.says("STOP") == []
    assert person.record is not None
    assert person.record.opted_out


@pytest.mark.parametrize("state", EVERY_STATE)
def test_help_from_any_state_says_what_this_is_and_how_to_stop(state: str) -> None:
    person = at_state(state) if state is not Listen.NEW else Person()
    before = person.state
    replies = person.says("HELP")
    assert len(replies) == 1
    assert "neighbours line" in replies[0]
    assert "STOP" in replies[0]
    assert "PERSON" in replies[0]
    assert person.state == before


def test_a_returning_person_is_greeted_with_what_they_told_us_last_time() -> None:
    person = at_state(Listen.ASKED_AROUND)
    replies = person.says("hiya", later=timedelta(days=3))
    assert replies == [
        'Welcome back. Last time you told me: "my rent is behind and the landlord keeps '
        'texting". How are things now?'
    ]
    assert person.says("a bit better, paid some off")[0] == (
        "Thanks for telling me how things are. Who's around you at the moment?"
    )
    assert person.state == Listen.ASKED_AROUND
    assert person.answers["updates"] == ["a bit better, paid some off"]
    later = person.says("hello", later=timedelta(days=40))
    assert '"a bit better, paid some off"' in later[0]


def test_a_returning_person_with_news_is_not_asked_how_things_are() -> None:
    person = at_state(Listen.ASKED_ENJOY)
    replies = person.says("they've changed the locks on me", later=timedelta(days=2))
    assert replies[0].startswith('Welcome back. Last time you told me: "my rent is behind')
    assert "Thanks for telling me how things are." in replies[0]
    assert person.answers["updates"] == ["they've changed the locks on me"]


def test_a_returning_person_after_listening_is_greeted_and_not_asked_again() -> None:
    person = at_state(connect.Connect.RESTING)
    replies = person.says("hello", later=timedelta(days=9))
    assert replies == [
        'Welcome back. Last time you told me: "my rent is behind and the landlord keeps '
        'texting". ' + connect.PROMPTS[connect.Connect.RESTING]
    ]


def test_someone_who_only_said_hello_is_not_treated_as_returning() -> None:
    person = Person()
    person.says("hi")
    replies = person.says(
        "sorry, got distracted. it's about my son's school", later=timedelta(days=2)
    )
    assert person.state == Listen.REFLECTING
    assert "it's about my son's school" in replies[0]


def test_an_over_long_message_gets_a_polite_reply_and_changes_nothing() -> None:
    person = at_state(Listen.ASKED_MATTERS)
    replies = person.says("word " * 400)
    assert replies == [guards.TOO_LONG]
    assert person.state == Listen.ASKED_MATTERS
    assert "matters" not in person.answers


def test_a_number_typed_on_sms_picks_the_button() -> None:
    person = at_state(Listen.REFLECTING, channel="sms")
    person.says("2")
    assert person.state == Listen.ASKED_WHAT  # 2 = "Not quite"


def test_an_empty_message_gets_the_question_again() -> None:
    person = at_state(Listen.ASKED_ENJOY)
    replies = person.says("   ")
    assert replies == [
        "I couldn't see any words in that. What do you enjoy, or what are you good at?"
    ]


def test_a_picture_with_no_words_gets_a_kind_reply() -> None:
    person = at_state(Listen.ASKED_ENJOY)
    message = Inbound(
        channel="sms",
        address="+447700900001",
        external_id="m",
        text="",
        has_media=True,
        received_at=T0,
    )
    turn = respond(person.record, message, T0, SETTINGS)
    assert turn.replies[0].text == guards.MEDIA_ONLY


@pytest.mark.parametrize("state", ["listen.nowhere", "nowhere.at_all"])
def test_a_state_no_journey_knows_is_refused_not_guessed(state: str) -> None:
    person = at_state(Listen.ASKED_MATTERS)
    assert person.record is not None
    person.record.state = state
    with pytest.raises(ValueError, match=state.replace(".", r"\.")):
        person.says("hello")
