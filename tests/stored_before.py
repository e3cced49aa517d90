"""Write a database of residents left mid-conversation, as a SQL text dump.

    python -m tests.stored_before OUT.sql

It drives the real engine and store (the conversation harness, the sample area, a real
SQLite file, a clock moved by hand) so that between them the residents hold every "where
we were" mark the conversation router keeps: a listen question half way, a check-in after
a long gap with where to pick up, options on show, a handoff a worker holds, an offer of
help with where to go back to, and a visit being arranged (one at a question, one at the
name to ask for). ``tests/data/stored_before_router.sql`` was written by this script with
the code of 2026-11-30, before the router was refactored; the test that loads it
(``tests/test_stored_conversations.py``) checks each of them still carries on. No real
person is in it: sample-style numbers and made-up words.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sqlite3
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from common.models import ConversationKey
from tests.harness import SKINT_IN_MILLBROOK, Harness, harness, import_sample, settings_for

# When the residents wrote; the test that loads the dump carries on a little after.
STARTED_AT = datetime(2026, 11, 29, 19, 0, tzinfo=UTC)
TYPING = timedelta(minutes=1)  # as a person types: the flood guard is not what this is about
AWAY = timedelta(hours=13)  # longer than the return gap (12 hours by default)
# A fixed key for pseudonymised log lines, so the dump holds no key made at random.
LOG_KEY = "stored-before-router-log-key"

LISTENING = "+447700900021"
CHECKING_IN = "+447700900022"
OPTIONS = "+447700900023"
HELD = "+447700900024"
OFFERING = "+447700900025"
ARRANGING = "+447700900026"
NAMING = "+447700900027"
AMIRA = ("telegram", "5550201")  # a worker on duty in the sample roster


async def says(bot: Harness, address: str, *texts: str) -> None:
    """One resident's messages, a minute apart."""
    for text in texts:
        await bot.say("sms", address, text)
        bot.advance(TYPING)


async def listening(bot: Harness) -> None:
    """Part way through the listen questions: asked who is around."""
    await says(
        bot,
        LISTENING,
        "hi",
        "the damp in our flat is making the kids poorly",
        "yes",
        "getting the landlord to fix it",
    )


async def checking_in(bot: Harness) -> None:
    """Came back after the gap and said hi: asked how things are, with where to pick up."""
    await says(
        bot,
        CHECKING_IN,
        "hi",
        "I lost my job and the rent is behind",
        "yes",
        "paying the rent",
        "my partner",
    )
    bot.advance(AWAY)
    await says(bot, CHECKING_IN, "hi")


async def options(bot: Harness) -> None:
    """Listened to, and shown the options to choose from."""
    await says(bot, OPTIONS, *SKINT_IN_MILLBROOK)


async def held(bot: Harness) -> None:
    """Asked for a person, approved the card, and a worker took it."""
    await says(
        bot, HELD, "hi", "the council keep losing my housing forms", "PERSON", "Dee", "a call back"
    )
    await says(bot, HELD, "yes")
    await bot.press(*AMIRA, "I'll take this")
    bot.advance(TYPING)


async def offering(bot: Harness) -> None:
    """Offered to help half way through listening: asked where they could help."""
    await says(
        bot,
        OFFERING,
        "hi",
        "my bike got nicked and I can't get to work",
        "yes",
        "getting to my shifts",
        "I'd like to help others too",
        "I went through losing my job a few years back",
        "a chat over a brew",
    )


async def arranging(bot: Harness) -> None:
    """Mentioned an appointment while listening: the visit's day is known, not its time."""
    await says(
        bot,
        ARRANGING,
        "hi",
        "I've got a housing appointment at the council and I'm dreading going on my own",
        "yes",
        "keeping a roof over our heads",
        "nobody really",
        "skip",
        "no",
        "Eastfield Centre",
        "yes please",
        "Eastfield council offices",
        "next Tuesday",
    )


async def naming(bot: Harness) -> None:
    """Shown options, then asked for someone to go along: asked the name to meet them by."""
    await says(
        bot,
        NAMING,
        "hi",
        "the bailiffs keep coming round about the council tax",
        "yes",
        "sorting the debt",
        "my sister",
        "skip",
        "no",
        "Eastfield Centre",
        "I've got to go to the council next Thursday and I'm scared of going on my own",
        "yes please",
        "the council offices on Market Street",
        "Thursday at 2pm",
        "skip",
        "yes",
    )


RESIDENTS: tuple[tuple[str, Callable[[Harness], Awaitable[None]]], ...] = (
    (CHECKING_IN, checking_in),  # first: the gap it waits out moves everyone's clock
    (LISTENING, listening),
    (OPTIONS, options),
    (HELD, held),
    (OFFERING, offering),
    (ARRANGING, arranging),
    (NAMING, naming),
)


async def write(db: Path) -> None:
    """Put every resident where they were meant to be, and say where that is."""
    settings = settings_for(db).model_copy(update={"log_key": LOG_KEY})
    async with harness(settings, ManualClock(STARTED_AT)) as bot:
        for address, script in RESIDENTS:
            await script(bot)
            key = ConversationKey(channel="sms", address=address)
            record = await bot.runtime.store.load_conversation(key)
            assert record is not None
            print(f"{address}  {record.state:24}  {sorted(record.data)}")


def dump(db: Path) -> str:
    """The whole database as SQL, at its schema version, to load with ``executescript``.

    ``iterdump`` writes a full-text index as raw schema rows, its shadow tables and its
    rows again (without their ids), which does not load back; each index is written as
    its CREATE statement instead, and rebuilt from the table it indexes.
    """
    with contextlib.closing(sqlite3.connect(db)) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        indexes = dict(conn.execute(_FULL_TEXT).fetchall())
        kept = [s for s in conn.iterdump() if not _of_index(s, tuple(indexes))]
    rebuilt = [
        f"{sql};\nINSERT INTO {name}({name}) VALUES('rebuild');" for name, sql in indexes.items()
    ]
    # The indexes go in before the closing COMMIT, so the load is one transaction.
    lines = [f"PRAGMA user_version = {version};", *kept[:-1], *rebuilt, kept[-1]]
    return "\n".join(lines) + "\n"


_FULL_TEXT = (
    "SELECT name, sql FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
)
_TABLE = re.compile(r"""(?:INSERT INTO|CREATE TABLE) ["'](\w+)["']""")


def _of_index(statement: str, indexes: tuple[str, ...]) -> bool:
    """Whether ``iterdump`` wrote this line for a full-text index or its shadow tables."""
    if statement.startswith(("PRAGMA writable_schema", "INSERT INTO sqlite_master")):
        return True
    table = _TABLE.match(statement)
    return table is not None and table[1].startswith(indexes)


def main(out: Path) -> None:
    """Write the dump to ``out``."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "stored.db"
        import_sample(db)
        asyncio.run(write(db))
        out.write_text(dump(db), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
