"""Retention: idle conversations are anonymised by the timer; counts and themes stay, words go."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.settings import Settings
from tests.harness import harness

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


async def test_a_conversation_idle_past_retention_is_anonymised(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, WCWD_DB=str(tmp_path / "r.db"), WCWD_RETENTION_DAYS=30)
    async with harness(settings, ManualClock(T0)) as bot:
        await bot.say("sms", "+447700900444", "hi")
        await bot.say("sms", "+447700900444", "skint and the damp flat is making the kids ill")
        bot.advance(timedelta(days=20))
        await bot.say("sms", "+447700900445", "hello")  # someone recent, who stays
        bot.advance(timedelta(days=11))
        await bot.runtime.wait_idle()
        assert await bot.count("SELECT count(*) FROM conversations") == 1
        assert (
            await bot.count(
                "SELECT count(*) FROM inbound WHERE address = '+447700900444' OR text LIKE '%damp%'"
            )
            == 0
        )
        learned = await bot.runtime.store.scalar(
            "SELECT group_concat(theme, ',') FROM (SELECT theme FROM learning ORDER BY theme)"
        )
        assert learned == "conversations,family,housing,money"
    data = (tmp_path / "r.db").read_bytes()
    assert b"damp flat" not in data
    assert b"+447700900444" not in data
