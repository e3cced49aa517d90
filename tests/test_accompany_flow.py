"""Asking for someone to go along to an appointment: the resident's side, one question at a time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.clock import ManualClock
from bot.settings import Settings
from common.models import Outbound
from connectors.sms_segments import is_gsm7, segments
from flows.accompany import flow as accompany
from flows.accompany.flow import Accompany, AccompanyRequest
from flows.accompany.when import read_back
from flows.accompany.words import mentions_appointment
from tests.harness import Harness, harness
from tests.steps import make_step

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 25, 14, 0, tzinfo=LONDON)  # a Wednesday afternoon
NEVER = re.compile(
    r"\b(service user|client|case|vulnerable|deprived|non-compliant|referr\w*|eligib\w*|"
    r"hard to reach|chaotic|complex|beneficiar\w*|powerless|assessment|queue)\b",
    re.IGNORECASE,
)


class Resident:
    """One person talking to the flow, with the state and data carried between messages."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now
        self.data: dict[str, Any] = {"name": ""}  # no name to ask for, so none read back
        talk = make_step(Accompany.OFFERED, self.data, "", now)
        accompany.begin(talk)
        self.state = talk.fsm_state
        self.heard = [r.text for r in talk.replies]
        self.buttons: tuple[str, ...] = ()

    def says(self, text: str) -> str:
        talk = make_step(self.state, self.data, text, self.now)
        accompany.step(talk)
        self.state = talk.fsm_state
        assert len(talk.replies) <= 1, "one message back at a time"
        self.buttons = talk.replies[0].buttons if talk.replies else ()
        return talk.replies[0].text if talk.replies else ""


def test_the_whole_request_in_the_persons_words() -> None:
    person = Resident()
    assert person.heard == [accompany.QUESTIONS[Accompany.OFFERED]]
    assert person.says("Yes please") == accompany.QUESTIONS[Accompany.ASKED_WHERE]
    assert "When is it?" in person.says("the Jobcentre on Market St")
    assert "Anything they should know?" in person.says("next Tuesday at 10")
    confirm = person.says("I get panicky in busy waiting rooms")
    assert confirm == (
        'Thanks. So that\'s "the Jobcentre on Market St", Tuesday 1 December at 10am. '
        'You said: "I get panicky in busy waiting rooms". Is that right? '
        "I'd share just this with the local people I ask."
    )
    assert person.state == Accompany.CONFIRMING
    assert person.says("yes") == accompany.REQUESTED
    assert person.state == Accompany.REQUESTED
    assert accompany.request(person.data) == AccompanyRequest(
        where="the Jobcentre on Market St",
        when=datetime(2026, 12, 1, 10, 0, tzinfo=LONDON),
        notes="I get panicky in busy waiting rooms",
    )
    assert person.data["accompany"]["said_when"] == "next Tuesday at 10"
    assert person.says("thanks") == ""  # finished: the wiring takes it from here


def walk_to_confirm(person: Resident, notes: str = "skip") -> str:
    person.says("yes")
    person.says("GP surgery on Hill Road")
    person.says("Friday 2pm")
    return person.says(notes)


def test_skipping_the_notes_leaves_them_out() -> None:
    person = Resident()
    assert walk_to_confirm(person, "no") == (
        'Thanks. So that\'s "GP surgery on Hill Road", Friday 27 November at 2pm. Is that right? '
        "I'd share just this with the local people I ask."
    )
    person.says("yes")
    assert accompany.request(person.data).notes == ""


def test_a_change_at_confirm_asks_only_that_again_then_confirms() -> None:
    person = Resident()
    walk_to_confirm(person)
    assert person.says("Change something") == accompany.QUESTIONS[Accompany.CHANGING]
    assert person.says("When") == accompany.QUESTIONS[Accompany.ASKED_WHEN]
    confirm = person.says("tomorrow at half two")
    assert confirm.startswith('Thanks. So that\'s "GP surgery on Hill Road", tomorrow at 2:30pm.')
    assert person.state == Accompany.CONFIRMING
    person.says("yes")
    assert accompany.request(person.data).when == datetime(2026, 11, 26, 14, 30, tzinfo=LONDON)


def test_naming_what_to_change_goes_straight_there() -> None:
    person = Resident()
    walk_to_confirm(person)
    assert person.says("the place is wrong") == accompany.QUESTIONS[Accompany.ASKED_WHERE]
    assert '"Eastfield Health Centre", Friday 27' in person.says("Eastfield Health Centre")


def test_an_unreadable_date_is_asked_again_and_nothing_is_kept() -> None:
    person = Resident()
    person.says("yes")
    person.says("the housing office")
    reply = person.says("whenever they can fit me in")
    assert reply.startswith("Sorry, I didn't follow the day or time.")
    assert person.state == Accompany.ASKED_WHEN
    assert "when" not in person.data["accompany"]
    assert "Anything they should know?" in person.says("Monday at 9:30")


def test_a_past_date_is_asked_about_kindly() -> None:
    person = Resident()
    person.says("yes")
    person.says("county court")
    assert "If you missed it, that's OK" in person.says("yesterday at 3")
    assert person.state == Accompany.ASKED_WHEN
    person.says("the 3rd at 11")
    assert person.state == Accompany.ASKED_NOTES


def test_a_time_asked_back_is_built_on_with_the_next_answer() -> None:
    person = Resident()
    person.says("yes")
    person.says("the hospital")
    assert person.says("next Tuesday").startswith("What time on Tuesday 1 December?")
    assert person.says("at 7") == "Is that 7 in the morning, or 7 in the evening?"
    person.says("morning")
    person.says("skip")
    person.says("yes")
    assert accompany.request(person.data).when == datetime(2026, 12, 1, 7, 0, tzinfo=LONDON)


MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=LONDON)
WHICH_TUESDAY = "Do you mean tomorrow, Tuesday 1 December, or Tuesday 8 December?"


def confirmed_when(person: Resident) -> datetime:
    """What the request to peers would carry, once they say yes."""
    assert person.says("yes") == accompany.REQUESTED
    return accompany.request(person.data).when


def test_next_tuesday_on_a_monday_asks_which_with_both_as_buttons() -> None:
    person = Resident(MONDAY)
    person.says("yes")
    person.says("the housing office")
    assert person.says("next Tuesday at 10") == WHICH_TUESDAY
    assert person.buttons == ("Tuesday 1 December", "Tuesday 8 December")
    assert person.state == Accompany.ASKED_WHEN
    assert "Anything they should know?" in person.says("Tuesday 8 December")
    confirm = person.says("skip")
    assert '"the housing office", Tuesday 8 December at 10am.' in confirm
    assert confirmed_when(person) == datetime(2026, 12, 8, 10, 0, tzinfo=LONDON)


def at_confirm_for_tomorrow_at_10() -> Resident:
    person = Resident(MONDAY)
    person.says("yes")
    person.says("the housing office")
    person.says("tomorrow at 10")
    assert person.says("skip").startswith(
        'Thanks. So that\'s "the housing office", tomorrow at 10am.'
    )
    return person


@pytest.mark.parametrize(
    ("correction", "words"),
    [
        ("it's the 8th december at 10am, not tomorrow", "Tuesday 8 December at 10am"),
        ("no, the 8th", "Tuesday 8 December at 10am"),
        ("not tomorrow, next week", "Tuesday 8 December at 10am"),
        ("wrong day, it's Wednesday", "Wednesday 2 December at 10am"),
        ("no, at half 11", "tomorrow at 11:30am"),
    ],
)
def test_a_correction_at_the_read_back_changes_the_date(correction: str, words: str) -> None:
    person = at_confirm_for_tomorrow_at_10()
    assert person.says(correction).startswith(f'Thanks. So that\'s "the housing office", {words}.')
    assert person.state == Accompany.CONFIRMING
    assert person.buttons == ("Yes", "Change something")
    assert read_back(confirmed_when(person), MONDAY) == words


def test_a_correction_that_can_be_read_two_ways_is_asked_then_read_back() -> None:
    person = at_confirm_for_tomorrow_at_10()
    assert person.says("no, next Friday") == (
        "Do you mean Friday 4 December, or Friday 11 December?"
    )
    assert person.state == Accompany.ASKED_WHEN
    # The answer goes straight back to the read-back (not to the notes), keeping 10am.
    assert person.says("the later one").startswith(
        'Thanks. So that\'s "the housing office", Friday 11 December at 10am.'
    )
    assert confirmed_when(person) == datetime(2026, 12, 11, 10, 0, tzinfo=LONDON)


def test_corrections_while_changing_the_when_keep_what_they_do_not_name() -> None:
    person = at_confirm_for_tomorrow_at_10()
    person.says("Change something")
    assert person.says("not tomorrow, next week").startswith(
        'Thanks. So that\'s "the housing office", Tuesday 8 December at 10am.'
    )
    person.says("Change something")
    assert person.says("When") == accompany.QUESTIONS[Accompany.ASKED_WHEN]
    assert "Wednesday 9 December at 10am" in person.says("no, the 9th")
    assert confirmed_when(person) == datetime(2026, 12, 9, 10, 0, tzinfo=LONDON)


def test_a_correction_to_the_question_about_which_day_settles_it() -> None:
    person = Resident(MONDAY)
    person.says("yes")
    person.says("the housing office")
    assert person.says("next Tuesday at 10") == WHICH_TUESDAY
    assert "Anything they should know?" in person.says("not tomorrow, next week")
    person.says("skip")
    assert confirmed_when(person) == datetime(2026, 12, 8, 10, 0, tzinfo=LONDON)


JO = ("sms", "+447700900555")
# What the questions before the offer are answered with: they are being reworked, and this
# test is about the date, so each is answered by what it asks.
BEFORE_THE_OFFER = {"right": "yes", "which part": "Eastfield Centre", "help other": "no"}


async def to_the_offer(bot: Harness) -> None:
    """Jo's first message, about an appointment, up to the offer of someone to go along."""
    text = "I've got a housing appointment at the council in Eastfield Centre, dreading it"
    for _ in range(8):
        bot.advance(timedelta(minutes=1))  # a person's pace: the flood guard is not the point
        [*_, last] = await bot.say(*JO, text)
        if last.endswith(accompany.QUESTIONS[Accompany.OFFERED]):
            return
        asked = last.lower()
        text = next((a for q, a in BEFORE_THE_OFFER.items() if q in asked), "skip")
    raise AssertionError("no offer of someone to go along")


async def jo_says(bot: Harness, text: str) -> list[Outbound]:
    bot.advance(timedelta(minutes=1))
    return await bot.send(*JO, text)


async def test_a_monday_resident_chooses_which_tuesday_and_peers_are_asked_for_it(
    sample: Settings,
) -> None:
    async with harness(sample, ManualClock(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))) as bot:
        await to_the_offer(bot)
        await jo_says(bot, "yes please")
        await jo_says(bot, "Eastfield council offices")
        [which] = await jo_says(bot, "next Tuesday at 10")
        assert which.text == WHICH_TUESDAY
        assert which.buttons == ("Tuesday 1 December", "Tuesday 8 December")
        await jo_says(bot, "2")  # the second button, as SMS shows it: a numbered line
        [confirm] = await jo_says(bot, "skip")
        if confirm.text.endswith(accompany.QUESTIONS[Accompany.NAMING]):
            [confirm] = await jo_says(bot, "Jo")
        assert '"Eastfield council offices", Tuesday 8 December at 10am' in confirm.text
        sent = await jo_says(bot, "yes")
        asked = [m.text for m in sent if (m.channel, m.address) != JO]
        assert asked, "peers who go with people in Eastfield Centre are asked"
        for request in asked:
            assert "Eastfield council offices, Tuesday 8 December at 10am." in request
            assert "1 December" not in request


def test_no_thanks_at_the_offer_ends_it_gently() -> None:
    person = Resident()
    assert person.says("No thanks") == accompany.DECLINED
    assert person.state == Accompany.DECLINED
    assert person.says("actually") == ""


def test_an_unclear_answer_to_the_offer_explains_it() -> None:
    person = Resident()
    assert person.says("what do you mean?") == accompany.OFFER_AGAIN
    assert person.state == Accompany.OFFERED


def test_a_where_is_needed() -> None:
    person = Resident()
    person.says("yes")
    assert person.says("skip") == accompany.WHERE_AGAIN
    assert person.state == Accompany.ASKED_WHERE


def test_begin_forgets_an_earlier_request() -> None:
    data: dict[str, Any] = {"accompany": {"where": "old"}, "name": "Sam"}
    talk = make_step(Accompany.REQUESTED, data, "", NOW)
    accompany.begin(talk)
    assert talk.fsm_state == Accompany.OFFERED
    assert data == {"name": "Sam"}
    assert talk.replies[0].buttons == ("Yes", "No thanks")


def test_prompt_asks_the_waiting_question_again() -> None:
    person = Resident()
    walk_to_confirm(person)
    reply = accompany.prompt(Accompany.CONFIRMING, person.data, NOW)
    assert reply.text.startswith("So that's \"GP surgery")
    assert reply.buttons == ("Yes", "Change something")


@pytest.mark.parametrize(
    "text",
    [
        "I've got a GP appointment on Tuesday",
        "my housing appointment is next week",
        "I have to go to the jobcentre tomorrow",
        "there's a tribunal in December",
        "got a school meeting about my son",
        "council appointment on friday, can someone come with me?",
        "I don't want to go alone",
        "I need someone to come with me to the hospital",
        "court hearing on the 3rd",
        "I'm seeing the doctor on Monday",
    ],
)
def test_appointments_ahead_are_noticed(text: str) -> None:
    assert mentions_appointment(text)


@pytest.mark.parametrize(
    "text",
    [
        "I missed my appointment last year",
        "my GP said I should text you",
        "I went to the hospital last week",
        "my rent is behind",
        "the school is great",
    ],
)
def test_other_mentions_are_not(text: str) -> None:
    assert not mentions_appointment(text)


def copy() -> list[tuple[str, str]]:
    found = []
    for name, value in vars(accompany).items():
        values = value.items() if isinstance(value, dict) else [("", value)]
        found += [
            (f"{name}{key}", v)
            for key, v in values
            if name.isupper() and isinstance(v, str) and " " in v
        ]
    return found


@pytest.mark.parametrize(("name", "text"), copy())
def test_the_words_are_gsm7_one_sms_and_plain(name: str, text: str) -> None:
    sample = re.sub(r"\{[a-z_]+\}", "Eastfield", text)
    assert is_gsm7(sample), name
    assert segments(sample) == 1, name
    assert not NEVER.search(text), name


def test_a_full_confirmation_stays_within_two_sms_and_shows_the_words_whole() -> None:
    person = Resident()
    person.says("yes")
    person.says("x" * 120)
    person.says("Friday 2pm")
    asked = person.says("y" * 200)  # too long to read back whole beside the place
    assert asked == accompany.MAIN_NOTES
    confirm = person.says("my daughter is coming too")
    assert is_gsm7(confirm)
    assert segments(confirm) <= 2
    assert "x" * 120 in confirm
    assert '"my daughter is coming too"' in confirm
