"""An inbox that keeps up, over real HTTP: what changed (also in another process), how long
each resident has waited, closed conversations kept readable, and a close waiting on a yes."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.settings import Settings
from store.timefmt import iso
from tests.test_inbox_http import AMIRA, RESIDENT, START, TOM, World, served

# Another process on the same database file records a resident's message, through the
# store's own code, as a second server or the chat command would.
OTHER_PROCESS = """
import asyncio, sys
from datetime import datetime
from common.models import Inbound
from store.sqlite import SqliteStore

async def main(db, channel, address, text, at):
    store = await SqliteStore.open(db)
    try:
        message = Inbound(channel=channel, address=address, external_id="other:" + at,
                          text=text, received_at=datetime.fromisoformat(at))
        await store.record_inbound(message)
    finally:
        await store.close()

asyncio.run(main(*sys.argv[1:]))
"""


@pytest.fixture
async def world(sample: Settings) -> AsyncIterator[World]:
    """The app with the sample roster, served on loopback."""
    async with served(sample) as found:
        yield found


async def written_elsewhere(db: Path, who: tuple[str, str], text: str, at: str) -> None:
    """Run ``OTHER_PROCESS`` to its end (at most 30 seconds)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", OTHER_PROCESS, str(db), *who, text, at
    )
    assert await asyncio.wait_for(process.wait(), timeout=30) == 0


async def test_what_another_process_wrote_changes_the_version_and_shows(world: World) -> None:
    handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "accepted")])
    async with world.signed_in(AMIRA) as amira:
        first = (await amira.get("/inbox/live")).json()["version"]
        assert (await amira.get("/inbox/live")).json()["version"] == first
        page = (await amira.get(f"/inbox/handoffs/{handoff_id}")).text
        assert f'data-version="{first}"' in page
        assert "are you still coming?" not in page

        at = (START + timedelta(minutes=1)).isoformat()
        await written_elsewhere(world.runtime.store.path, RESIDENT, "are you still coming?", at)
        assert (await amira.get("/inbox/live")).json()["version"] != first
        assert "are you still coming?" in (await amira.get(f"/inbox/handoffs/{handoff_id}")).text


async def test_the_version_is_only_for_someone_signed_in(world: World) -> None:
    async with world.client() as nobody:
        refused = await nobody.get("/inbox/live")
        assert refused.status_code == 401
        assert "version" not in refused.json()
        nobody.cookies.set("wcwd_inbox", "made-up")
        assert (await nobody.get("/inbox/live")).status_code == 401
    async with world.signed_in(AMIRA) as amira:
        world.clock.advance(timedelta(hours=12, minutes=1))
        assert (await amira.get("/inbox/live")).status_code == 401


async def test_without_scripts_each_page_has_a_refresh_link(world: World) -> None:
    handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "asked")])
    async with world.signed_in(AMIRA) as amira:
        for path in ("/inbox", f"/inbox/handoffs/{handoff_id}"):
            assert f'<a href="{path}">Refresh</a>' in (await amira.get(path)).text
        script = await amira.get("/inbox/live.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")


async def test_each_card_says_how_long_the_resident_has_waited(world: World) -> None:
    await world.handoff([(AMIRA, "Amira Hassan", "asked")])
    lou = ("sms", "+447700900555")
    await world.handoff([(AMIRA, "Amira Hassan", "accepted")], card={"name": "Lou"}, resident=lou)
    await world.resident_said("lou-1", "hello?", START, resident=lou)
    async with world.signed_in(AMIRA) as amira:
        world.clock.advance(timedelta(minutes=12))
        page = (await amira.get("/inbox")).text
        cards, holding = page.split("Cards for you")[1].split("Conversations you hold")
        assert "waiting 12 minutes for someone to pick this up" in cards
        assert "waiting 12 minutes for a reply" in holding

        world.clock.advance(timedelta(hours=2))
        page = (await amira.get("/inbox")).text
        assert "waiting 2 hours for someone to pick this up" in page
        await world.write(
            "INSERT INTO outbox (channel, address, text, created_at, next_attempt_at, status)"
            " VALUES ('sms', '+447700900555', 'Amira: here now', ?, ?, 'sent')",
            iso(world.clock.now()),
            iso(world.clock.now()),
        )
        page = (await amira.get("/inbox")).text
        assert "for a reply" not in page


async def test_a_closed_conversation_stays_readable_to_its_holder_and_no_one_else(
    world: World,
) -> None:
    handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "closed")], closed=True)
    closed_at = iso(START + timedelta(minutes=10))
    await world.write("UPDATE handoffs SET closed_at = ? WHERE id = ?", closed_at, handoff_id)
    for minutes, text in [(1, "thanks for everything"), (30, "a new thing, after it closed")]:
        await world.resident_said(f"m{minutes}", text, START + timedelta(minutes=minutes))
    async with world.signed_in(AMIRA) as amira:
        listed = (await amira.get("/inbox")).text.split("Closed conversations")[1]
        assert "Dee" in listed
        assert f'href="/inbox/handoffs/{handoff_id}">Read the conversation' in listed
        thread = await amira.get(f"/inbox/handoffs/{handoff_id}")
    assert thread.status_code == 200
    assert "thanks for everything" in thread.text
    assert "a new thing, after it closed" not in thread.text
    assert 'name="text"' not in thread.text
    assert ">Close<" not in thread.text
    async with world.signed_in(TOM) as tom:
        assert "Dee" not in (await tom.get("/inbox")).text
        assert (await tom.get(f"/inbox/handoffs/{handoff_id}")).status_code == 403


async def test_after_close_the_thread_says_it_waits_for_the_resident_to_agree(
    world: World,
) -> None:
    handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "accepted")])
    async with world.signed_in(AMIRA) as amira:
        before = (await amira.get(f"/inbox/handoffs/{handoff_id}")).text
        assert "to agree" not in before
        closing = await amira.post(f"/inbox/handoffs/{handoff_id}/close", follow_redirects=True)
        held = (await amira.get("/inbox")).text.split("Conversations you hold")[1]
    assert "Waiting for Dee to agree to close" in closing.text
    assert "Waiting for Dee to agree to close" in held


async def test_a_page_keeping_itself_up_to_date_is_audited_once_in_a_while(
    world: World,
) -> None:
    handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "accepted")])
    views = "SELECT count(*) FROM audit WHERE action = 'view'"
    async with world.signed_in(AMIRA) as amira:
        path = f"/inbox/handoffs/{handoff_id}"
        await amira.get(path)
        for _ in range(3):
            assert (await amira.get(path, headers={"x-inbox-live": "1"})).status_code == 200
        assert await world.count(views) == 1
        world.clock.advance(timedelta(minutes=11))
        await amira.get(path, headers={"x-inbox-live": "1"})
        assert await world.count(views) == 2
        await amira.get(path)
        assert await world.count(views) == 3
