"""A turn that fails to save is tried again in order; one that keeps failing is set aside.

The failure is real: a trigger in the test's database file refuses to save a conversation
whose words say "boom", as a full disk or a broken file would refuse every save.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from common.models import Inbound
from flows.router import SET_ASIDE
from tests.fakes.bot_app import eventually
from tests.harness import Harness

ALICE = "+447700900001"
BOOM = (
    "CREATE TRIGGER boom BEFORE UPDATE ON conversations WHEN NEW.data LIKE '%boom%'"
    " BEGIN SELECT RAISE(ABORT, 'refused'); END"
)


@contextlib.contextmanager
def failing_saves(db: Path) -> Iterator[None]:
    """Saving a conversation whose words say "boom" fails until the block ends."""
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute(BOOM)
        try:
            yield
        finally:
            conn.execute("DROP TRIGGER boom")


def message(text: str) -> Inbound:
    return Inbound(
        channel="sms",
        address=ALICE,
        external_id=uuid.uuid4().hex,
        text=text,
        received_at=datetime.now(UTC),
    )


async def test_a_failed_save_is_tried_again_and_answered_before_the_next_message(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    await bot.say("sms", ALICE, "hi")
    with failing_saves(bot.runtime.store.path):
        await bot.runtime.engine.receive(message("the boiler went boom"))
        await bot.runtime.engine.receive(message("Millbrook"))
        await eventually(lambda: "not saved, try 1 of" in caplog.text)
    await bot.runtime.wait_idle()
    first, *then = [m.text for m in bot.sent]
    assert first.startswith('You said: "the boiler went boom".')
    assert first.endswith(
        "Which part of Eastfield are you in? A neighbourhood or postcode is plenty."
    )
    assert then
    assert not [t for t in then if "Which part" in t or "went wrong" in t]


async def test_a_message_that_keeps_failing_is_set_aside_and_the_person_asked_to_resend(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await bot.say("sms", ALICE, "hi")
    with failing_saves(bot.runtime.store.path):
        assert await bot.say("sms", ALICE, "the boiler went boom") == [SET_ASIDE]
        [answer] = await bot.say("sms", ALICE, "the boiler is broken")
    assert answer.startswith('You said: "the boiler is broken".')
    assert await bot.count("SELECT count(*) FROM inbound WHERE set_aside_at IS NOT NULL") == 1
    assert await bot.runtime.store.unprocessed_inbound() == []  # a restart leaves it be
    assert "set aside after 5 tries" in caplog.text
    for secret in ("boiler", "boom", ALICE, ALICE[1:]):
        assert secret not in caplog.text
