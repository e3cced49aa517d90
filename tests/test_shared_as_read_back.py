"""What is shared is exactly what was read back: for each kind of sharing, the resident's
words in what the other person gets are the words they saw and approved, byte for byte,
and no other answer of theirs goes with them. Through the real engine and store, on the
sample area."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.settings import Settings
from common.models import Outbound
from common.sms_segments import segments
from flows.accompany.flow import MAIN_NOTES
from flows.connect.flow import GROUP_CONTACT_NAME
from flows.handoff import start as handoff_start
from tests.harness import SKINT_IN_MILLBROOK, Harness, harness

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # a Thursday morning
DEE = ("sms", "+447700900001")
JO = ("sms", "+447700900555")
SAM = ("telegram", "5550101")  # a neighbour who has been through debt
AMIRA, GRACE = ("telegram", "5550201"), ("telegram", "5550202")
RYAN, KASIA = ("telegram", "5550104"), ("telegram", "5550103")  # go with people
# Long enough that a quote cut at about a hundred characters loses the end of it.
BAILIFFS = (
    "im skint and the bailiffs keep coming round, and what I really want is someone to "
    "talk to who has been through it, because my sister has heard enough about the money"
)
NOTES = "Polish is easier for me, my English goes when I'm nervous, and I panic in queues"


def quoted(text: str) -> list[str]:
    """The words a message quotes (between double quotes), in order."""
    return re.findall(r'"([^"]*)"', text)


def to(sent: list[Outbound], key: tuple[str, str]) -> list[str]:
    return [m.text for m in sent if (m.channel, m.address) == key]


def only_what_was_read_back(read_back: str, shared: str, answers: tuple[str, ...]) -> None:
    """Every passage read back is in what was shared byte for byte, nothing else is quoted
    as theirs, and any answer of theirs in what was shared was in the read-back."""
    assert quoted(read_back), "the resident's words are quoted"
    assert all(passage in shared for passage in quoted(read_back))
    assert all(passage in quoted(read_back) for passage in quoted(shared))
    for answer in answers:
        assert answer not in shared or answer in read_back, answer


async def walk(bot: Harness, who: tuple[str, str], *texts: str) -> list[Outbound]:
    """Messages a minute apart (a person's pace); what the last one caused."""
    sent: list[Outbound] = []
    for text in texts:
        bot.advance(timedelta(minutes=1))
        sent = await bot.send(*who, text)
    return sent


def number(offer: str, fits: str) -> str:
    return next(line.split(".")[0] for line in offer.splitlines() if fits in line)


async def options_for_dee(bot: Harness) -> str:
    story = (SKINT_IN_MILLBROOK[0], BAILIFFS, *SKINT_IN_MILLBROOK[2:])
    sent = await walk(bot, DEE, *story)
    return to(sent, DEE)[-1]


async def test_a_handoff_card_carries_the_read_back_and_no_other_answer(sample: Settings) -> None:
    answers = ("the council keep losing my housing forms", "keeping a roof over us")
    async with harness(sample, ManualClock(T0)) as bot:
        await walk(bot, JO, "hi", answers[0], "yes", answers[1], "PERSON")
        [read_back] = to(await walk(bot, JO, "Jo"), JO)
        sent = await walk(bot, JO, "yes")
        cards = to(sent, AMIRA)
        assert cards
        only_what_was_read_back(read_back, cards[0], answers)
        assert "Jo" in read_back


async def test_person_with_nothing_said_quotes_nothing_as_theirs(sample: Settings) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        [read_back] = to(await walk(bot, JO, "PERSON", "Jo", "skip"), JO)
        assert quoted(read_back) == []  # no words of the bot's own passed off as theirs
        [card] = to(await walk(bot, JO, "yes"), AMIRA)
        assert quoted(card) == []
        assert "Jo would like a local person" in card


async def test_a_peer_introduction_carries_the_read_back_whole(sample: Settings) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        offer = await options_for_dee(bot)
        await walk(bot, DEE, number(offer, "Sam, a neighbour"))
        [read_back] = to(await walk(bot, DEE, "Dee"), DEE)
        assert quoted(read_back) == [BAILIFFS]  # whole, not cut mid-sentence
        [request] = to(await walk(bot, DEE, "yes"), SAM)
        only_what_was_read_back(read_back, request, SKINT_IN_MILLBROOK[3:5])
        assert "your name, Dee," in read_back
        assert "Dee would like some help with" in request


async def test_a_note_to_a_groups_contact_names_them_only_as_read_back(sample: Settings) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        offer = await options_for_dee(bot)
        await walk(bot, DEE, number(offer, "Sam, a neighbour"), "Dee", "no")  # named, then not
        sent = await walk(bot, DEE, number(offer, "Money Worries"))
        [asked] = to(sent, DEE)
        assert GROUP_CONTACT_NAME.format(name="Dee") in asked
        sent = await walk(bot, DEE, "yes")
        [note] = [m.text for m in sent if (m.channel, m.address) != DEE]
        assert "Dee is planning to come along" in note
        for answer in (BAILIFFS, *SKINT_IN_MILLBROOK[3:5]):
            assert answer not in note


APPOINTMENT = (
    "I've got a housing appointment at the council and I'm dreading going alone",
    "keeping a roof over our heads",
    "nobody really",
    "Eastfield Centre",
)
WHERE = "Eastfield council offices"


async def to_the_notes(bot: Harness) -> None:
    """Jo listened to, offered someone to go along, asked where and when."""
    said = APPOINTMENT
    await walk(bot, JO, "hi", said[0], said[3])
    await walk(bot, JO, "yes please", WHERE, "next Tuesday at 10")


async def test_a_request_to_go_along_carries_the_read_back(sample: Settings) -> None:
    answers, where = APPOINTMENT, WHERE
    async with harness(sample, ManualClock(T0)) as bot:
        await to_the_notes(bot)
        await walk(bot, JO, NOTES)
        [read_back] = to(await walk(bot, JO, "Jo"), JO)
        sent = await walk(bot, JO, "yes")
        requests = to(sent, RYAN) + to(sent, KASIA)
        assert requests  # the peers who speak Polish
        for request in requests:
            only_what_was_read_back(read_back, request, (*answers, NOTES))
            assert quoted(request) == [NOTES]
            assert f'"{where}", Tuesday 1 December at 10am' in read_back
            assert f"{where}, Tuesday 1 December at 10am" in request
            assert "they'd ask for Jo" in read_back
            assert request.count("Jo") == 1


async def test_bringing_someone_in_shows_them_the_read_back(sample: Settings) -> None:
    answers = ("the council keep losing my housing forms",)
    async with harness(sample, ManualClock(T0)) as bot:
        await walk(bot, JO, "hi", answers[0], "PERSON")
        [read_back] = to(await walk(bot, JO, "Jo"), JO)
        await walk(bot, JO, "yes")
        await bot.press(*AMIRA, "I'll take this")
        await walk(bot, AMIRA, "BRING IN Grace")
        [card] = to(await walk(bot, JO, "yes"), GRACE)
        only_what_was_read_back(read_back, card, answers)


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text)


async def test_a_long_story_is_never_cut_in_a_read_back(sample: Settings) -> None:
    story = " ".join(
        [
            "My husband died in the spring and since then I hardly leave the flat.",
            "My son lives in Leeds and rings on Sundays but the rest of the week is very quiet.",
            "I used to sing in a choir at the church before my knees got bad.",
            "I get anxious on buses now so I don't go into town much.",
            "I think what I want is some company, someone to have a cup of tea with.",
        ]
    )
    assert len(story) >= 340
    whole = sentences(story)
    async with harness(sample, ManualClock(T0)) as bot:
        replies = to(await walk(bot, JO, "PERSON", "Jo", story), JO)
        assert replies == [handoff_start.MAIN_THING]
        main = "I'd like some company, someone to have a cup of tea with."
        [read_back] = to(await walk(bot, JO, main), JO)
        assert quoted(read_back) == [main]
        [card] = to(await walk(bot, JO, "yes"), AMIRA)
        assert quoted(card) == [main]
    for text in [*replies, read_back]:
        assert segments(text) <= 2
        for quote in quoted(text):
            if quote in story:  # any part of the story shown is whole sentences
                start = whole.index(sentences(quote)[0])
                assert quote == " ".join(whole[start : start + len(sentences(quote))])


async def test_notes_too_long_to_show_whole_are_asked_for_again(sample: Settings) -> None:
    long_notes = " ".join([NOTES + "."] * 3)
    async with harness(sample, ManualClock(T0)) as bot:
        await to_the_notes(bot)
        await walk(bot, JO, long_notes)
        assert to(await walk(bot, JO, "Jo"), JO) == [MAIN_NOTES]
        [read_back] = to(await walk(bot, JO, NOTES), JO)
        assert quoted(read_back) == [WHERE, NOTES]
        assert segments(read_back) <= 2
