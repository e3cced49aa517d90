"""Conversations stored by earlier code carry on: each resident left mid-conversation in
``tests/data/stored_before_router.sql`` (written by ``tests/stored_before.py``) sends their
next message to the real runtime started on that database, and hears what comes next.

The assertions are about what residents and workers see, never about how the record is
kept inside, so they hold however the router names its states and keys, as long as a
migration moves the stored conversations over.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import ManualClock
from common.models import Outbound
from tests.harness import Harness, harness, settings_for
from tests.stored_before import (
    AMIRA,
    ARRANGING,
    CHECKING_IN,
    HELD,
    LISTENING,
    NAMING,
    OFFERING,
    OPTIONS,
    TYPING,
)

DUMP = Path(__file__).parent / "data" / "stored_before_router.sql"
# An hour after the last of them wrote: soon enough that nobody is welcomed back.
AFTER = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
PEERS_IN_EASTFIELD_CENTRE = {("telegram", "5550103"), ("telegram", "5550104")}  # Kasia, Ryan
SAM = ("telegram", "5550101")
ENJOY = "What do you enjoy, or what are you good at?"
AREA = "Which part of Eastfield are you in? A neighbourhood or postcode is plenty."
OPTIONS_SHOWN = "Here's who might help:\n"
STILL_HERE = "I'm still here. "
SET_ASIDE = "Sorry, something went wrong on our side"


@contextlib.asynccontextmanager
async def started(db: Path, before: str = "") -> AsyncIterator[Harness]:
    """The runtime started on a fresh copy of the stored database (changed by the SQL
    ``before``, as older code would have left it), migrating it as at start-up."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.executescript(DUMP.read_text(encoding="utf-8") + before)
    async with harness(settings_for(db), ManualClock(AFTER)) as bot:
        yield bot


@pytest.fixture
async def stored(tmp_path: Path) -> AsyncIterator[Harness]:
    """The runtime started on a fresh copy of the stored database, as at start-up."""
    async with started(tmp_path / "stored.db") as bot:
        yield bot


async def send(bot: Harness, address: str, text: str) -> list[Outbound]:
    """Everything one resident's message causes; it must not be set aside as unanswerable."""
    sent = await bot.send("sms", address, text)
    bot.advance(TYPING)
    assert not [m for m in sent if m.text.startswith(SET_ASIDE)], "the stored turn failed"
    return sent


async def says(bot: Harness, address: str, text: str) -> list[str]:
    """What the resident hears back."""
    return [m.text for m in await send(bot, address, text) if m.address == address]


async def still_here(bot: Harness, address: str) -> str:
    """START asks again what the conversation waits on: the stored state is a real one."""
    [reply] = await says(bot, address, "START")
    assert reply.startswith(STILL_HERE)
    return reply.removeprefix(STILL_HERE)


async def test_a_listener_gets_the_next_question_and_none_again(stored: Harness) -> None:
    bot = stored
    heard = []
    for text in ("just me and the kids", "Riverside"):
        heard += await says(bot, LISTENING, text)
    # What they enjoy and whether they'd help wait for a later visit: the area, then the offer.
    assert heard[0] == f"Thank you. {AREA}"
    assert heard[1].startswith(OPTIONS_SHOWN)
    assert "the damp" in heard[1]  # why they came up: their words from before
    for asked_already in ("What can we do for you?", "What matters most", "Who's around you"):
        assert not [h for h in heard if asked_already in h]
    assert (await still_here(bot, LISTENING)).startswith("Reply with a number to choose")


async def test_checking_in_thanks_for_the_news_and_picks_up_where_they_were(
    stored: Harness,
) -> None:
    bot = stored
    heard = await says(bot, CHECKING_IN, "a bit better, I've got some shifts now")
    assert heard == [f"Thanks for telling me how things are. {ENJOY}"]
    assert await still_here(bot, CHECKING_IN) == ENJOY


async def test_choosing_a_shown_option_reads_back_what_would_be_shared(stored: Harness) -> None:
    bot = stored
    assert await says(bot, OPTIONS, "2") == [
        "What name would you like Sam to know you by? Any name is fine."
    ]
    [read_back] = await says(bot, OPTIONS, "Lou")
    assert read_back == (
        'I\'d send Sam your name, Lou, and this: "im skint and the bailiffs keep coming round".'
        " Is that OK?"
    )
    sent = await send(bot, OPTIONS, "yes")
    [asked] = [m for m in sent if (m.channel, m.address) == SAM]
    assert '"im skint and the bailiffs keep coming round"' in asked.text
    assert asked.buttons == ("Accept", "Not this time")
    assert await still_here(bot, OPTIONS) == "I'll tell you as soon as they answer."


async def test_a_held_residents_words_reach_the_worker_and_the_bot_is_quiet(
    stored: Harness,
) -> None:
    bot = stored
    sent = await send(bot, HELD, "are you still there?")
    assert [(m.channel, m.address, m.text) for m in sent] == [(*AMIRA, "Dee: are you still there?")]
    sent = await bot.send(*AMIRA, "I'll ring you at 2")
    assert [(m.channel, m.address, m.text) for m in sent] == [
        ("sms", HELD, "Amira: I'll ring you at 2")
    ]


async def test_an_offer_of_help_goes_on_then_back_where_they_were(stored: Harness) -> None:
    bot = stored
    assert await says(bot, OFFERING, "Northgate") == ["When are you usually free?"]
    assert await says(bot, OFFERING, "weekday evenings") == ["What name should people know you by?"]
    [shown] = await says(bot, OFFERING, "Kit")
    assert shown.startswith('People looking for help would see this about you: "Kit, a neighbour:')
    [done] = await says(bot, OFFERING, "yes")
    assert done.startswith("Thank you, Kit. Before anyone is put in touch with you, ")
    # What they said before the pause is part of what others can be offered.
    offered = "SELECT count(*) FROM people WHERE name = 'Kit' AND offer LIKE ? AND areas LIKE ?"
    assert await bot.count(offered, "%losing my job%a chat over a brew%", "%Northgate%") == 1
    # The listen question they were at when they offered is the one their next words answer.
    assert await says(bot, OFFERING, "my flatmate") == [f"Thank you. {AREA}"]
    assert await still_here(bot, OFFERING) == AREA


async def test_a_visit_being_arranged_goes_on_to_the_request_and_the_options(
    stored: Harness,
) -> None:
    bot = stored
    # The day was heard before ("next Tuesday"); the time now completes it.
    assert await says(bot, ARRANGING, "10am") == ["Thanks. Anything they should know? Or SKIP."]
    assert await says(bot, ARRANGING, "I get panicky in queues") == [
        "Thanks. What name should they ask for when they meet you? A first name is plenty."
    ]
    [confirm] = await says(bot, ARRANGING, "Jo")  # the name is read back with the rest
    assert confirm.startswith(
        "Thanks. So that's \"Eastfield council offices\", tomorrow at 10am, and they'd ask for Jo."
    )
    sent = await send(bot, ARRANGING, "yes")
    asked = {(m.channel, m.address): m.text for m in sent if m.address != ARRANGING}
    assert set(asked) == PEERS_IN_EASTFIELD_CENTRE
    assert all(
        "Jo would like someone who's been through it to come along" in t for t in asked.values()
    )
    assert all("Eastfield council offices, tomorrow at 10am" in t for t in asked.values())
    heard = [m.text for m in sent if m.address == ARRANGING]
    assert heard[0].startswith("Thank you. I'll ask a few local people who've been through it")
    assert heard[-1].startswith(OPTIONS_SHOWN)
    assert (await still_here(bot, ARRANGING)).startswith("Reply with a number to choose")


async def test_the_name_to_ask_for_is_read_back_and_the_request_goes_to_peers(
    stored: Harness,
) -> None:
    bot = stored
    [confirm] = await says(bot, NAMING, "Bo")
    assert confirm.startswith(
        'Thanks. So that\'s "the council offices on Market Street", Thursday 3 December at 2pm,'
        " and they'd ask for Bo."
    )
    sent = await send(bot, NAMING, "yes")
    heard = [m.text for m in sent if m.address == NAMING]
    assert heard == [
        "Thank you. I'll ask a few local people who've been through it, and tell you their"
        " name as soon as one says yes."
    ]
    asked = {(m.channel, m.address): m.text for m in sent if m.address != NAMING}
    assert set(asked) == PEERS_IN_EASTFIELD_CENTRE
    for request in asked.values():
        assert request.startswith("Could you go with someone to an appointment? Bo would like")
        assert "the council offices on Market Street, Thursday 3 December at 2pm" in request
    # Back where they were when they asked: the options they had been shown.
    assert (await still_here(bot, NAMING)).startswith("Text OPTIONS to see who might help")
    [shown] = await says(bot, NAMING, "OPTIONS")
    assert shown.startswith(OPTIONS_SHOWN)


# Older code kept one "where to go back to" key per sub-flow: a resident who offered to help
# while a visit was being arranged had both, and must come back through each in turn.
OFFERED_WHILE_ARRANGING = """
UPDATE conversations SET state = 'offer.name', data = json_set(data,
    '$.offer_resume', 'accompany.asked_when',
    '$.offer', json('{"been_through": "yes, debt", "enjoy": "walking", "area": "Eastfield",
        "free": "mornings"}'))
WHERE address = 'ADDRESS';
""".replace("ADDRESS", ARRANGING)


async def test_an_offer_made_while_arranging_a_visit_comes_back_to_it_then_the_options(
    tmp_path: Path,
) -> None:
    async with started(tmp_path / "stored.db", OFFERED_WHILE_ARRANGING) as bot:
        [shown] = await says(bot, ARRANGING, "Jo")
        assert shown.endswith(
            '"Jo, a neighbour: yes, debt walking (usually free: mornings)". Is that OK?'
        )
        [done] = await says(bot, ARRANGING, "yes")
        assert done.startswith("Thank you, Jo. Before anyone is put in touch with you, ")
        assert await says(bot, ARRANGING, "10am") == ["Thanks. Anything they should know? Or SKIP."]
        [confirm] = await says(bot, ARRANGING, "skip")
        assert confirm.startswith(
            'Thanks. So that\'s "Eastfield council offices", tomorrow at 10am,'
            " and they'd ask for Jo."
        )
        heard = await says(bot, ARRANGING, "yes")
        assert heard[0].startswith("Thank you. I'll ask a few local people who've been through")
        assert heard[-1].startswith(OPTIONS_SHOWN)
