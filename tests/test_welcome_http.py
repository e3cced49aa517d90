"""A new neighbour's card in the inbox, over real HTTP: only coordinators see it and answer it,
from this site only, every answer audited, and the answer reaches the new neighbour."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.settings import Settings
from flows.offer import welcome
from store.timefmt import iso
from tests.test_inbox_http import AMIRA, HELEN, World, served

ZOE = ("web", "+447700900555")
SHOWN = "Zoe, a neighbour: I've been through the housing office twice. Usually free: evenings"


@pytest.fixture
async def world(sample: Settings) -> AsyncIterator[World]:
    """The app with the sample roster, and Zoe waiting to be welcomed."""
    async with served(sample) as found:
        await add_zoe(found)
        yield found


async def add_zoe(world: World) -> int:
    """Zoe on the roster waiting to be welcomed, as joining by text leaves her; her id."""
    await world.write(
        "INSERT INTO people (name, role, channel, address, offer, welcomed, shown, joined_at)"
        " VALUES ('Zoe', 'peer', ?, ?, 'housing office', 0, ?, ?)",
        *ZOE,
        SHOWN,
        iso(world.clock.now()),
    )
    return await zoe_id(world)


async def zoe_id(world: World) -> int:
    return await world.count("SELECT id FROM people WHERE name = 'Zoe'")


async def said_to_zoe(world: World) -> list[str]:
    rows = await world.rows("SELECT text FROM outbox WHERE address = ? ORDER BY id", ZOE[1])
    return [r["text"] for r in rows]


async def test_a_coordinator_sees_the_card_with_the_line_zoe_approved(world: World) -> None:
    async with world.signed_in(HELEN) as helen:
        page = (await helen.get("/inbox")).text
    assert "<strong>Zoe</strong> would like to help: Zoe, a neighbour: I&#39;ve been" in page
    assert f'action="/inbox/neighbours/{await zoe_id(world)}/welcome"' in page
    assert "Let's talk first" in page
    async with world.signed_in(AMIRA) as amira:  # a worker does not welcome neighbours
        assert "would like to help" not in (await amira.get("/inbox")).text


async def test_welcome_lets_residents_be_offered_zoe_and_tells_her(world: World) -> None:
    person = await zoe_id(world)
    async with world.signed_in(HELEN) as helen:
        done = await helen.post(f"/inbox/neighbours/{person}/welcome")
        assert done.status_code == 303
        assert done.headers["location"] == "/inbox"
        assert "would like to help" not in (await helen.get("/inbox")).text
    assert await world.count("SELECT welcomed FROM people WHERE id = ?", person) == 1
    assert await world.runtime.store.search_peers(["housing"], None) != []
    [sent] = await world.from_inbox()
    assert sent["payload"] == {"welcome": list(ZOE)}
    assert await said_to_zoe(world) == [
        welcome.WELCOMED.format(name="Zoe", by="Helen", area="Eastfield")
    ]
    audit = await world.rows("SELECT * FROM audit WHERE action LIKE 'welcome%'")
    assert [(a["action"], a["resident_address"], a["detail"]) for a in audit] == [
        ("welcome: welcome", ZOE[1], str(person))
    ]
    async with world.signed_in(HELEN) as helen:  # the card is gone: a second answer is late
        again = await helen.post(f"/inbox/neighbours/{person}/welcome")
    assert again.status_code == 409


async def test_lets_talk_first_opens_a_conversation_and_the_card_stays(world: World) -> None:
    person = await zoe_id(world)
    async with world.signed_in(HELEN) as helen:
        done = await helen.post(f"/inbox/neighbours/{person}/talk")
        assert done.status_code == 303
        page = (await helen.get("/inbox")).text
    assert "Talking with Helen Wright" in page
    assert f'action="/inbox/neighbours/{person}/welcome"' in page
    assert await world.count("SELECT welcomed FROM people WHERE id = ?", person) == 0
    links = await world.rows("SELECT kind, status, helper_address FROM links")
    assert links == [{"kind": "intro", "status": "accepted", "helper_address": HELEN[1]}]
    assert await said_to_zoe(world) == [welcome.TALKING.format(by="Helen", area="Eastfield")]


@pytest.mark.parametrize("headers", [{"origin": "https://evil.example"}, {"origin": ""}])
async def test_an_answer_from_another_site_or_not_a_coordinator_changes_nothing(
    world: World, headers: dict[str, str]
) -> None:
    person = await zoe_id(world)
    async with world.signed_in(HELEN) as helen:
        helen.headers.pop("origin")
        sent = {k: v for k, v in headers.items() if v}
        refused = await helen.post(f"/inbox/neighbours/{person}/welcome", headers=sent)
        assert refused.status_code == 403
    async with world.signed_in(AMIRA) as amira:
        refused = await amira.post(f"/inbox/neighbours/{person}/welcome")
        assert refused.status_code == 403
        assert "Only a coordinator" in refused.text
    assert await world.count("SELECT welcomed FROM people WHERE id = ?", person) == 0
    assert await world.from_inbox() == []
    assert await world.count("SELECT count(*) FROM audit WHERE action LIKE 'welcome%'") == 0
