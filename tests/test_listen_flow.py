"""The first-contact conversation, decided by the pure flow: no database, no clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from common.models import Context, ConversationRecord, Inbound, Turn
from connectors.sms_segments import segments
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
# Someone who says what is wrong: heard, asked the one thing that changes the offer.
SCRIPT = [
    "hello",
    "my rent is behind and the landlord keeps texting",
    "Millbrook",
]
# Someone who names no need yet: one open question, then the area, then the offer.
WANDERING = [
    "hello",
    "things have been a lot lately",
    "keeping a roof over the kids",
    "Millbrook",
]
WORDS = "my rent is behind and the landlord keeps texting"
AREA_QUESTION = "Which part of Eastfield are you in? A neighbourhood or postcode is plenty."


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
    """A person walked through a script until the conversation is in ``state``; for the
    states only older code led to (and later visits), a record stored there."""
    for script in (SCRIPT, WANDERING):
        person = Person(channel)
        for text in script:
            if person.record is not None and person.state == state:
                return person
            person.says(text)
        if person.state == state:
            return person
    person = Person(channel)
    person.record = ConversationRecord(
        channel=channel, address=person.address, state=state, data={"words": WORDS}
    )
    person.record.last_seen_at = T0
    person.record.buttons = listen.BUTTONS.get(Listen(state), ())
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


def test_a_need_is_said_back_in_their_words_and_only_the_area_is_asked() -> None:
    person = Person()
    said = [person.says(text) for text in SCRIPT]
    assert said[1] == [f'You said: "{WORDS}". {AREA_QUESTION}']
    assert person.state == connect.Connect.RESTING  # no directory here: nothing fits
    assert said[2] == [connect.NOTHING_FITS]
    kept = {k: v for k, v in person.answers.items() if k in listen.KEEPS.values()}
    assert kept == {"words": WORDS, "area": "Millbrook"}


def test_a_first_message_with_a_need_is_heard_not_greeted_over() -> None:
    person = Person()
    [reply] = person.says(WORDS)
    assert "I'm a bot" in reply
    assert f'You said: "{WORDS}".' in reply
    assert reply.endswith(AREA_QUESTION)
    assert "What can we do for you?" not in reply
    assert person.answers["opening"] == WORDS


def test_an_area_already_named_is_never_asked_for() -> None:
    person = Person()
    person.says("hi")
    replies = person.says("rent is behind again, we're in EF3")
    assert replies[0] == 'You said: "rent is behind again, we\'re in EF3".'
    assert not any("Which part" in r for r in replies)
    assert person.answers["area"] == "EF3"
    assert person.state == connect.Connect.RESTING


def test_feelings_alone_get_one_open_question_then_the_area_then_the_offer() -> None:
    person = Person()
    said = [person.says(text) for text in WANDERING]
    assert said[1] == [
        'You said: "things have been a lot lately". What matters most to you right now?'
    ]
    assert said[2] == [f"Thank you. {AREA_QUESTION}"]
    assert said[3] == [connect.NOTHING_FITS]
    questions = [r for replies in said[1:3] for r in replies if "?" in r]
    assert len(questions) == 2  # then what fits (here: nothing, and a person instead)


def test_what_they_enjoy_and_helping_are_never_asked_before_help() -> None:
    for script in (SCRIPT, WANDERING):
        person = Person()
        asked = " ".join(r for text in script for r in person.says(text))
        assert "enjoy" not in asked
        assert "help other people" not in asked


def test_one_question_per_message() -> None:
    person = Person()
    for text in [*SCRIPT, "hello"]:
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
        assert replies[0].startswith("That's fine.") or replies == [connect.NOTHING_FITS]
    assert visited == [Listen.ASKED_WHAT, Listen.ASKED_MATTERS, Listen.ASKED_AREA]
    assert not any(key in person.answers for key in listen.KEEPS.values())


def test_off_topic_answers_move_on_gracefully() -> None:
    person = at_state(Listen.ASKED_MATTERS)
    replies = person.says("is the library open on sunday")
    assert person.state == Listen.ASKED_AREA
    assert replies == [f"Thank you. {AREA_QUESTION}"]


def test_asking_why_gets_an_honest_reason_and_the_same_question() -> None:
    person = at_state(Listen.ASKED_AREA)
    replies = person.says("why do you need to know that")
    assert person.state == Listen.ASKED_AREA
    assert "skip any question" in replies[0]
    assert replies[0].endswith(AREA_QUESTION)


def test_a_reflection_stored_by_older_code_can_be_corrected() -> None:
    person = at_state(Listen.REFLECTING)
    assert person.says("Not quite", press="Not quite")[0].startswith("Sorry I got that wrong.")
    assert person.state == Listen.ASKED_WHAT
    replies = person.says("it's the bailiffs, not the landlord")
    assert '"it\'s the bailiffs, not the landlord"' in replies[0]
    assert person.state == Listen.ASKED_AREA


def test_adding_more_at_a_stored_reflection_is_kept_too() -> None:
    person = at_state(Listen.REFLECTING)
    person.says("and I lost my job in June")
    assert person.answers["more"] == "and I lost my job in June"
    assert person.state == Listen.ASKED_AREA


def test_a_conversation_stored_mid_way_by_older_code_goes_on_to_the_offer() -> None:
    person = at_state(Listen.ASKED_AROUND)
    assert person.says("my sister") == [f"Thank you. {AREA_QUESTION}"]
    assert person.answers["around"] == "my sister"
    assert person.says("Millbrook") == [connect.NOTHING_FITS]


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
    person = at_state(Listen.ASKED_AREA)
    replies = person.says("hiya", later=timedelta(days=3))
    assert replies == [f'Welcome back. Last time you told me: "{WORDS}". How are things now?']
    # On this later visit, once: what they enjoy and whether they'd help, then where they were.
    assert person.says("a bit better, paid some off") == [
        "Thanks for telling me how things are. What do you enjoy, or what are you good at?"
    ]
    assert person.says("fixing bikes") == [
        "Thank you. Would you ever like to help other people round here, in your own way?"
    ]
    assert person.says("maybe later") == [f"Thank you. {AREA_QUESTION}"]
    assert person.state == Listen.ASKED_AREA
    assert person.answers["updates"] == ["a bit better, paid some off"]
    assert person.answers["enjoy"] == "fixing bikes"
    later = person.says("hello", later=timedelta(days=40))
    assert '"a bit better, paid some off"' in later[0]
    assert person.says("same really") == [f"Thanks for telling me how things are. {AREA_QUESTION}"]


def test_a_returning_person_with_news_is_not_asked_how_things_are() -> None:
    person = at_state(Listen.ASKED_AREA)
    replies = person.says("they've changed the locks on me", later=timedelta(days=2))
    assert replies[0].startswith('Welcome back. Last time you told me: "my rent is behind')
    assert "Thanks for telling me how things are." in replies[0]
    assert person.answers["updates"] == ["they've changed the locks on me"]


def test_a_returning_person_after_an_offer_is_asked_how_things_are_then_carries_on() -> None:
    person = at_state(connect.Connect.RESTING)
    replies = person.says("hello", later=timedelta(days=9))
    assert replies == [f'Welcome back. Last time you told me: "{WORDS}". How are things now?']
    assert person.says("skip")[0].endswith("What do you enjoy, or what are you good at?")
    person.says("skip")
    assert person.says("no") == ["Thank you. " + connect.PROMPTS[connect.Connect.RESTING]]
    assert person.state == connect.Connect.RESTING


def test_someone_who_only_said_hello_is_not_treated_as_returning() -> None:
    person = Person()
    person.says("hi")
    replies = person.says(
        "sorry, got distracted. it's about my son's school", later=timedelta(days=2)
    )
    assert "Welcome back" not in replies[0]
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


def test_a_yes_to_helping_on_a_later_visit_starts_the_offer_then_carries_on() -> None:
    person = at_state(connect.Connect.RESTING)
    person.says("hello", later=timedelta(days=9))
    person.says("better thanks")
    person.says("gardening")
    assert person.says("yes I would") == [offer.QUESTIONS[offer.Offer.BEEN_THROUGH]]
    assert person.answers["helping"] == "yes I would"
    assert person.record is not None
    assert person.record.data["return_to"] == [connect.Connect.RESTING]


def test_yes_to_a_person_when_nothing_fits_starts_the_handoff() -> None:
    person = Person()
    for text in WANDERING:
        person.says(text)
    assert person.state == connect.Connect.RESTING
    [asked] = person.says("yes")
    assert "What name would you like them to use" in asked
    assert person.state.startswith("handoff.")


def test_only_the_next_reply_can_be_that_yes() -> None:
    person = Person()
    for text in [*WANDERING, "the boiler too"]:
        person.says(text)
    person.says("yes")
    assert person.state == connect.Connect.RESTING


@pytest.mark.parametrize("answer", ["yes", "no", "yeah"])
def test_yes_or_no_to_the_area_question_is_not_kept_as_a_place(answer: str) -> None:
    person = at_state(Listen.ASKED_AREA)
    person.says(answer)
    assert "area" not in person.answers
    assert person.state == connect.Connect.RESTING


# Long first messages of many shapes, each naming a need (so the area is asked next):
# sentences of 20 to 110 characters, three to six of them.
LONG_OPENINGS = [
    "I'm behind on my rent. "
    + " ".join(f"Thing{i} " + "word " * (n // 5 - 1) + "end." for i, n in enumerate(lengths))
    for lengths in ((88, 30, 40), (20, 65, 90, 30), (110, 40, 60), (45, 44, 43, 42, 41, 40))
]


@pytest.mark.parametrize("opening", LONG_OPENINGS)
def test_a_long_first_message_is_said_back_in_one_reply_of_at_most_two_texts(
    opening: str,
) -> None:
    [reply] = Person().says(opening)
    assert reply.endswith(AREA_QUESTION)
    assert segments(reply) <= 2, (len(reply), reply)
    assert '.".' not in reply  # the quote's own stop, not a second one after it
