"""The record of consent: nothing leaves before a yes, and each yes is kept with what went
and to whom, until FORGET ME or retention erase it. Through the real engine and store, on
the sample area."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.settings import Settings
from common.models import ConversationKey
from flows.connect import flow as connect
from flows.handoff import start as handoff_start
from store.consent import Consent
from tests.harness import SKINT_IN_MILLBROOK, Harness, harness

T0 = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)
DEE = ConversationKey("sms", "+447700900001")
JO = ConversationKey("sms", "+447700900555")
SAM = ("telegram", "5550101")  # Sam Okafor, a neighbour who has been through debt
AMIRA = ("telegram", "5550201")
GRACE = ("telegram", "5550202")


async def agreed(bot: Harness, key: ConversationKey) -> list[Consent]:
    return await bot.runtime.store.consents(key)


async def rows(bot: Harness) -> int:
    """Every consent row, whoever it belongs to: the accessor must not be hiding any."""
    return await bot.count("SELECT count(*) FROM consents")


async def offered(bot: Harness) -> str:
    """Dee talks about money worries in Millbrook; the options offered."""
    for text in SKINT_IN_MILLBROOK:
        replies = await bot.say(*DEE, text)
    return replies[-1]


def number(offer: str, fits: str) -> str:
    return next(line.split(".")[0] for line in offer.splitlines() if fits in line)


async def at_group_contact(bot: Harness) -> None:
    """Dee picks the drop-in and is asked whether its contact may be told."""
    sent = await bot.send(*DEE, number(await offered(bot), "Money Worries"))
    assert [(m.channel, m.address) for m in sent] == [DEE]
    assert "let Sam Patel there know you're coming" in sent[0].text


async def test_telling_a_groups_contact_is_recorded_only_once_the_resident_says_yes(
    sample: Settings,
) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        await at_group_contact(bot)
        assert await rows(bot) == 0
        bot.advance(timedelta(minutes=2))
        sent = await bot.send(*DEE, "yes")
        [note] = [m for m in sent if (m.channel, m.address) != DEE]
        [consent] = await agreed(bot, DEE)
        assert consent.purpose == "group_contact"
        assert "Sam Patel" in consent.shared_with
        assert "Money Worries Drop-in" in consent.shared_with
        assert consent.shared == note.text
        assert consent.agreed_at == T0 + timedelta(minutes=2)
        assert await rows(bot) == 1


async def test_saying_no_to_telling_the_contact_records_and_sends_nothing(
    sample: Settings,
) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        await at_group_contact(bot)
        sent = await bot.press(*DEE, "No")
        assert sent == [connect.NO_CONTACT]
        assert await rows(bot) == 0
        assert await bot.count("SELECT count(*) FROM outbox WHERE address != ?", DEE.address) == 0


async def test_an_introduction_to_a_peer_is_recorded_with_the_request_they_see(
    sample: Settings,
) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        await bot.say(*DEE, number(await offered(bot), "Sam, a neighbour"))
        [confirm] = await bot.say(*DEE, "Dee")
        assert confirm.startswith("I'd send Sam your name, Dee, and this:")
        assert await rows(bot) == 0
        bot.advance(timedelta(minutes=5))
        sent = await bot.send(*DEE, "yes")
        [request] = [m for m in sent if (m.channel, m.address) == SAM]
        [consent] = await agreed(bot, DEE)
        assert consent.purpose == "intro"
        assert "Sam" in consent.shared_with
        assert consent.shared == request.text
        assert "Dee" in consent.shared
        assert DEE.address not in consent.shared
        assert consent.agreed_at == T0 + timedelta(minutes=5)


async def test_a_handoff_card_is_recorded_in_the_residents_approved_words(
    sample: Settings,
) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        await bot.say(*JO, "hi")
        await bot.say(*JO, "the council keep losing my housing forms")
        for text in ("PERSON", "Jo"):
            await bot.say(*JO, text)
        assert await rows(bot) == 0  # read back, not yet approved
        sent = await bot.send(*JO, handoff_start.READ_BACK_BUTTONS[0])
        cards = [m for m in sent if (m.channel, m.address) != JO]
        assert len(cards) == 2  # Amira and Tom, on duty
        [consent] = await agreed(bot, JO)
        assert consent.purpose == "handoff"
        assert "Amira" in consent.shared_with
        assert "Tom" in consent.shared_with
        assert all(card.text == consent.shared for card in cards)
        assert "the council keep losing my housing forms" in consent.shared
        assert consent.agreed_at == T0


async def test_bringing_someone_in_is_recorded_only_once_the_resident_agrees(
    sample: Settings,
) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        await bot.say(*JO, "hi")
        await bot.say(*JO, "the council keep losing my housing forms")
        for text in ("PERSON", "Jo", "yes"):
            await bot.say(*JO, text)
        await bot.press(*AMIRA, "I'll take this")
        await bot.say(*AMIRA, "BRING IN Grace")
        assert len(await agreed(bot, JO)) == 1
        sent = await bot.send(*JO, "yes")
        [card] = [m for m in sent if (m.channel, m.address) == GRACE]
        first, brought_in = await agreed(bot, JO)
        assert first.purpose == brought_in.purpose == "handoff"
        assert brought_in.shared_with.startswith("Grace")
        assert "Amira" not in brought_in.shared_with
        assert brought_in.shared == card.text


async def test_forget_me_erases_what_they_agreed_to(sample: Settings) -> None:
    async with harness(sample, ManualClock(T0)) as bot:
        await bot.say(*DEE, number(await offered(bot), "Sam, a neighbour"))
        await bot.say(*DEE, "Dee")
        await bot.say(*DEE, "yes")
        await bot.say(*JO, "hi")
        await bot.say(*JO, "the council keep losing my housing forms")
        for text in ("PERSON", "Jo", "yes"):  # someone else, who stays
            await bot.say(*JO, text)
        [consent] = await agreed(bot, DEE)
        bot.advance(timedelta(minutes=5))  # unhurried, so no pause for a burst of messages
        await bot.say(*DEE, "FORGET ME")
        assert len(await agreed(bot, DEE)) == 1  # asked, not yet confirmed
        await bot.say(*DEE, "YES")
        assert await agreed(bot, DEE) == []
        assert await bot.count("SELECT count(*) FROM consents WHERE address = ?", DEE.address) == 0
        assert len(await agreed(bot, JO)) == 1
    assert consent.shared.encode() not in raw_bytes(sample.db)


async def test_retention_erases_what_they_agreed_to(sample: Settings) -> None:
    settings = Settings(_env_file=None, WCWD_DB=str(sample.db), WCWD_RETENTION_DAYS=30)
    async with harness(settings, ManualClock(T0)) as bot:
        await at_group_contact(bot)
        await bot.say(*DEE, "yes")
        assert len(await agreed(bot, DEE)) == 1
        bot.advance(timedelta(days=31))
        await bot.runtime.wait_idle()
        assert (
            await bot.count("SELECT count(*) FROM conversations WHERE address = ?", DEE.address)
            == 0
        )
        assert await agreed(bot, DEE) == []
        assert await rows(bot) == 0


def raw_bytes(db: Path) -> bytes:
    """The database file and its WAL, as they lie on disk."""
    return b"".join(p.read_bytes() for p in (db, Path(f"{db}-wal")) if p.exists())
