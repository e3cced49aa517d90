"""The roster in the inbox over real HTTP: a coordinator adds, edits, pauses and removes
people; nobody else can; bad input changes nothing; an import does not undo it quietly."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.imports import import_people
from bot.settings import Settings
from common.models import Inbound
from flows.handoff import duty
from store.connection import connect
from store.directory import SAMPLE_ROSTER
from tests.fakes.bot_app import settle
from tests.test_inbox_http import AMIRA, GRACE, HELEN, RESIDENT, TOM, World, served

NEW_WORKER = {
    "name": "Priya Shah",
    "role": "worker",
    "channel": "sms",
    "address": "07700 900777",
    "areas": "Millbrook, Riverside",
    "languages": "English, Gujarati",
    "offer": "Housing support at the Riverside flats.",
    "organisation": "Riverside Housing",
    "on_duty": "yes",
}


@pytest.fixture
async def world(sample: Settings) -> AsyncIterator[World]:
    """The app with the sample roster, served on loopback."""
    async with served(sample) as found:
        yield found


async def person(world: World, address: str) -> dict[str, object] | None:
    """The roster row reached at ``address``, if any."""
    rows = await world.rows("SELECT * FROM people WHERE address = ?", address)
    return rows[0] if rows else None


async def import_sample_roster(settings: Settings, tmp_path: Path) -> str:
    """``whatcanwedo import people`` of the sample roster, beside the running server; what
    it printed."""
    out = tmp_path / "import.txt"
    with out.open("w") as sink:
        await asyncio.to_thread(import_people, settings, SAMPLE_ROSTER, sink)
    return out.read_text()


async def tom_id(world: World) -> int:
    return await world.count("SELECT id FROM people WHERE address = ?", TOM[1])


async def say(world: World, text: str, who: tuple[str, str] = RESIDENT) -> list[str]:
    """``who`` (the resident unless told) says ``text`` to the bot; what it answered them."""
    before = await world.count("SELECT count(*) FROM outbox")
    message = Inbound(
        channel=who[0],
        address=who[1],
        external_id=secrets.token_hex(8),
        text=text,
        received_at=world.clock.now(),
    )
    await world.runtime.engine.receive(message)
    await settle(world.runtime)
    rows = await world.rows(
        "SELECT text FROM outbox WHERE id > ? AND channel = ? AND address = ? ORDER BY id",
        before,
        *who,
    )
    return [str(r["text"]) for r in rows]


async def asks_for_a_person(world: World) -> str:
    """A resident with a housing worry asks for a person: the bot's answer naming who."""
    await say(world, "hi")
    await say(world, "the council keep losing my housing forms")
    return " ".join(await say(world, "PERSON"))


# Adding and editing -------------------------------------------------------------------------


async def test_a_coordinator_adds_someone_and_the_page_and_store_show_them(world: World) -> None:
    async with world.signed_in(HELEN) as helen:
        added = await helen.post("/inbox/roster/add", data=NEW_WORKER)
        assert added.status_code == 303
        assert added.headers["location"] == "/inbox/roster"
        shown = await helen.get("/inbox/roster")
    assert shown.status_code == 200
    assert "Priya Shah" in shown.text
    assert "Riverside Housing" in shown.text
    row = await person(world, "+447700900777")
    assert row is not None
    assert (row["role"], row["on_duty"], row["paused"]) == ("worker", 1, 0)
    assert json.loads(str(row["areas"])) == ["Millbrook", "Riverside"]
    assert ("roster add", None) in await world.audit()


async def test_a_coordinator_edits_someone(world: World) -> None:
    async with world.signed_in(HELEN) as helen:
        form = (await helen.get(f"/inbox/roster/{await tom_id(world)}")).text
        assert "Tom Fletcher" in form
        assert 'value="+447700900401"' in form
        edited = {**NEW_WORKER, "name": "Tom Fletcher", "address": TOM[1], "offer": "Fridays."}
        saved = await helen.post(f"/inbox/roster/{await tom_id(world)}", data=edited)
    assert saved.status_code == 303
    row = await person(world, TOM[1])
    assert row is not None
    assert (row["offer"], row["organisation"]) == ("Fridays.", "Riverside Housing")
    assert ("roster edit", None) in await world.audit()


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"address": "123"}, "a mobile number for SMS"),
        ({"address": "not a number"}, "a mobile number for SMS"),
        ({"channel": "telegram", "address": "@priya"}, "Telegram chat id"),
        ({"name": "   "}, "Write their name"),
        ({"role": "boss"}, "Choose a role: worker, coordinator or peer"),
        ({"channel": "carrier pigeon"}, "SMS or Telegram"),
        ({"address": "+447700900401"}, "already reached at that address"),
    ],
)
async def test_bad_input_is_answered_with_what_to_fix_and_changes_nothing(
    world: World, change: dict[str, str], says: str
) -> None:
    before = await world.rows("SELECT * FROM people ORDER BY id")
    version = await world.count("SELECT version FROM roster_version")
    async with world.signed_in(HELEN) as helen:
        refused = await helen.post("/inbox/roster/add", data={**NEW_WORKER, **change})
    assert refused.status_code == 400
    assert says in refused.text
    assert "Nothing was saved" in refused.text
    assert 'value="Riverside Housing"' in refused.text  # what they typed is kept
    assert await world.rows("SELECT * FROM people ORDER BY id") == before
    assert await world.count("SELECT version FROM roster_version") == version
    assert not [a for a in await world.audit() if a[0].startswith("roster")]


# Who may ------------------------------------------------------------------------------------


async def test_only_a_coordinator_sees_or_changes_the_roster(world: World) -> None:
    before = await world.rows("SELECT * FROM people ORDER BY id")
    async with world.signed_in(AMIRA) as amira:
        for method, path in [
            ("GET", "/inbox/roster"),
            ("GET", f"/inbox/roster/{await tom_id(world)}"),
            ("POST", "/inbox/roster/add"),
            ("POST", f"/inbox/roster/{await tom_id(world)}/pause"),
            ("POST", f"/inbox/roster/{await tom_id(world)}/remove"),
        ]:
            refused = await amira.request(
                method, path, data=NEW_WORKER if method == "POST" else None
            )
            assert refused.status_code == 403, path
            assert "Only a coordinator" in refused.text
    async with world.client() as stranger:
        assert (await stranger.get("/inbox/roster")).status_code == 401
    assert await world.rows("SELECT * FROM people ORDER BY id") == before


async def test_a_change_sent_from_another_site_is_refused(world: World) -> None:
    async with world.signed_in(HELEN) as helen:
        forged = await helen.post(
            f"/inbox/roster/{await tom_id(world)}/pause",
            headers={"origin": "https://elsewhere.example"},
        )
    assert forged.status_code == 403
    row = await person(world, TOM[1])
    assert row is not None
    assert row["paused"] == 0


# Pausing ------------------------------------------------------------------------------------


async def test_a_paused_worker_is_not_asked_and_is_again_once_the_pause_is_off(
    world: World,
) -> None:
    async with world.signed_in(HELEN) as helen:
        paused = await helen.post(f"/inbox/roster/{await tom_id(world)}/pause")
        assert paused.status_code == 303
        assert "Paused" in (await helen.get("/inbox/roster")).text
        asked = await asks_for_a_person(world)
        assert "Amira" in asked
        assert "Tom" not in asked
        unpaused = await helen.post(f"/inbox/roster/{await tom_id(world)}/unpause")
        assert unpaused.status_code == 303
    row = await person(world, TOM[1])
    assert row is not None
    assert row["paused"] == 0
    assert ("roster pause", None) in await world.audit()
    assert ("roster unpause", None) in await world.audit()


async def test_a_pause_written_by_another_process_reaches_the_flows_at_once(
    world: World,
) -> None:
    await say(world, "hi")  # the roster is read and kept in memory
    other = await connect(world.runtime.store.path)
    try:
        await other.execute("UPDATE people SET paused = 1 WHERE address = ?", (TOM[1],))
    finally:
        await other.close()
    await say(world, "the council keep losing my housing forms")
    asked = " ".join(await say(world, "PERSON"))
    assert "Amira" in asked
    assert "Tom" not in asked


async def test_on_duty_texted_by_someone_on_the_roster_shows_on_the_roster_page(
    world: World,
) -> None:
    assert await say(world, "ON DUTY", GRACE) == [duty.ON]
    async with world.signed_in(HELEN) as helen:
        page = (await helen.get("/inbox/roster")).text
    grace = page[page.index("Grace Mensah") :].split("</section>")[0]
    assert "On duty" in grace
    assert await say(world, "off duty now", GRACE) == [duty.OFF]
    assert ("on duty", None) in await world.audit()
    assert ("off duty", None) in await world.audit()


async def test_a_paused_holder_keeps_the_conversation_they_hold(world: World) -> None:
    handoff_id, _ = await world.handoff([(TOM, "Tom Fletcher", "accepted")])
    async with world.signed_in(HELEN) as helen:
        paused = await helen.post(f"/inbox/roster/{await tom_id(world)}/pause")
        assert paused.status_code == 303
    async with world.signed_in(TOM) as tom:
        thread = await tom.get(f"/inbox/handoffs/{handoff_id}")
        assert thread.status_code == 200
        replied = await tom.post(f"/inbox/handoffs/{handoff_id}/reply", data={"text": "Hi Dee"})
        assert replied.status_code == 303
    sent = await world.rows("SELECT text FROM outbox WHERE address = ?", RESIDENT[1])
    assert [r["text"] for r in sent] == ["Tom: Hi Dee"]


# Removing -----------------------------------------------------------------------------------


async def test_someone_holding_conversations_is_not_removed_and_the_page_says_how_many(
    world: World,
) -> None:
    await world.handoff([(TOM, "Tom Fletcher", "accepted")])
    async with world.signed_in(HELEN) as helen:
        refused = await helen.post(f"/inbox/roster/{await tom_id(world)}/remove")
    assert refused.status_code == 409
    assert "Tom holds 1 open conversation" in refused.text
    assert await person(world, TOM[1]) is not None


async def test_someone_removed_is_gone_and_an_import_does_not_put_them_back(
    world: World, sample: Settings, tmp_path: Path
) -> None:
    async with world.signed_in(HELEN) as helen:
        removed = await helen.post(f"/inbox/roster/{await tom_id(world)}/remove")
        assert removed.status_code == 303
        assert "Tom Fletcher" not in (await helen.get("/inbox/roster")).text
    assert await person(world, TOM[1]) is None
    [kept] = await world.rows("SELECT * FROM roster_removed")
    assert TOM[1] not in str(kept.values())  # only a digest is kept of who was removed

    printed = await import_sample_roster(sample, tmp_path)
    assert await person(world, TOM[1]) is None
    assert "Tom Fletcher: taken off the roster in the inbox on 2025-03-03" in printed


async def test_an_import_leaves_someone_edited_in_the_inbox_and_says_so(
    world: World, sample: Settings, tmp_path: Path
) -> None:
    edited = {**NEW_WORKER, "name": "Tom Fletcher", "address": TOM[1], "offer": "Fridays."}
    async with world.signed_in(HELEN) as helen:
        await helen.post(f"/inbox/roster/{await tom_id(world)}", data=edited)
    printed = await import_sample_roster(sample, tmp_path)
    row = await person(world, TOM[1])
    assert row is not None
    assert row["offer"] == "Fridays."
    assert "Tom Fletcher: changed in the inbox on 2025-03-03; left as it is there" in printed


async def test_an_import_keeps_the_on_duty_someone_texted(
    world: World, sample: Settings, tmp_path: Path
) -> None:
    assert await say(world, "OFF DUTY", AMIRA) == [duty.OFF]
    await import_sample_roster(sample, tmp_path)  # the file has her on duty
    row = await person(world, AMIRA[1])
    assert row is not None
    assert row["on_duty"] == 0
