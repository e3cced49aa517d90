"""The worker inbox over real HTTP: signing in, who sees what, actions reaching the engine."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiosqlite
import httpx
import pytest
from starlette.applications import Starlette

from bot.app import create_app
from bot.clock import ManualClock
from bot.inbox import routes as inbox_routes
from bot.runtime import Runtime
from bot.settings import Settings
from connectors.base import Connector
from store import inbox
from store.timefmt import iso
from tests.harness import with_sandbox
from tests.live import serve_app

RESIDENT = ("web", "+447700900123")
AMIRA = ("telegram", "5550201")
TOM = ("sms", "+447700900401")
GRACE = ("telegram", "5550202")
HELEN = ("sms", "+447700900402")
SAM = ("telegram", "5550101")
CARD = {
    "name": "Dee",
    "words": "im skint and the bailiffs keep coming round",
    "matters": "keeping the kids fed",
    "around": "my sister sometimes",
    "tried": "rang the council",
    "want": "someone to help me talk to the bailiffs",
    "urgent": False,
    "area": "Millbrook",
}
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@dataclass
class World:
    """The app served on loopback, its runtime and the hand-moved clock."""

    url: str
    runtime: Runtime
    clock: ManualClock

    async def write(self, sql: str, *params: object) -> int | None:
        """Run one statement on the store's writer; returns the new row's id."""

        async def run(conn: aiosqlite.Connection) -> int | None:
            cursor = await conn.execute(sql, params)
            return cursor.lastrowid

        return await self.runtime.store.write(run)

    async def rows(self, sql: str, *params: object) -> list[dict[str, Any]]:
        """Rows from the real database, as dicts."""

        async def run(conn: aiosqlite.Connection) -> list[dict[str, Any]]:
            return [dict(r) for r in await conn.execute_fetchall(sql, params)]

        return await self.runtime.store.write(run)

    async def count(self, sql: str, *params: object) -> int:
        """A count from the real database."""
        return int(await self.runtime.store.scalar(sql, params))

    async def token(self, who: tuple[str, str]) -> str | None:
        """A sign-in link's token, made as the INBOX keyword's effect makes it."""
        now = self.clock.now()
        return await self.runtime.store.write(
            lambda conn: inbox.create_sign_in(conn, who[0], who[1], now)
        )

    def client(self, **headers: str) -> httpx.AsyncClient:
        """A browser-like client: it sends this site's Origin on every request."""
        return httpx.AsyncClient(base_url=self.url, headers={"origin": self.url, **headers})

    @contextlib.asynccontextmanager
    async def signed_in(self, who: tuple[str, str]) -> AsyncIterator[httpx.AsyncClient]:
        """A client signed in as ``who``, through the real sign-in link."""
        async with self.client() as client:
            token = await self.token(who)
            response = await client.post(f"/inbox/sign-in/{token}")
            assert response.status_code == 303, response.text
            yield client

    async def handoff(
        self,
        helpers: Sequence[tuple[tuple[str, str], str, str]],
        card: dict[str, Any] | None = None,
        resident: tuple[str, str] = RESIDENT,
        closed: bool = False,
    ) -> tuple[int, dict[str, int]]:
        """A handoff with one link per (helper, name, status): as the handoff flow makes
        them. Returns its id and each helper's link id by name."""
        card = CARD if card is None else card
        now = iso(self.clock.now())
        handoff_id = await self.write(
            "INSERT INTO handoffs (resident_channel, resident_address, card, urgent, created_at,"
            " closed_at) VALUES (?, ?, ?, ?, ?, ?)",
            *resident,
            json.dumps(card),
            int(bool(card.get("urgent"))),
            now,
            now if closed else None,
        )
        assert handoff_id is not None
        links = {}
        for helper, name, status in helpers:
            link = await self.write(
                "INSERT INTO links (kind, status, resident_channel, resident_address,"
                " resident_name, helper_channel, helper_address, helper_name, summary,"
                " created_at, handoff_id) VALUES ('handoff', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                status,
                *resident,
                str(card.get("name", "")),
                *helper,
                name,
                str(card.get("words", "")),
                now,
                handoff_id,
            )
            assert link is not None
            links[name] = link
        return handoff_id, links

    async def resident_said(
        self, external_id: str, text: str, at: datetime, resident: tuple[str, str] = RESIDENT
    ) -> None:
        """A message from the resident, received and answered at ``at``."""
        await self.write(
            "INSERT INTO inbound (channel, address, external_id, text, received_at, processed_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            *resident,
            external_id,
            text,
            iso(at),
            iso(at),
        )

    async def from_inbox(self) -> list[dict[str, Any]]:
        """What the inbox handed the engine, as the person's own messages."""
        found = await self.rows(
            "SELECT channel, address, text, press, payload FROM inbound"
            " WHERE external_id LIKE 'inbox:%' ORDER BY seq"
        )
        return [{**r, "payload": json.loads(r["payload"])} for r in found]

    async def audit(self) -> list[tuple[str, int | None]]:
        """The audit log as (action, handoff id)."""
        return [(r["action"], r["handoff_id"]) for r in await self.rows("SELECT * FROM audit")]


def opener(clock: ManualClock) -> Any:
    """Open the runtime on ``clock``, so tests can move time."""

    def open_runtime(settings: Settings, connectors: list[Connector]) -> Any:
        return Runtime.open(settings, connectors, clock=clock)

    return open_runtime


@contextlib.asynccontextmanager
async def served(settings: Settings) -> AsyncIterator[World]:
    """The app served on loopback over real HTTP, on a clock the test moves.

    The sandbox is on: the resident's phone and the workers' are its pretend phones.
    """
    clock = ManualClock(START)
    app = create_app(with_sandbox(settings), open_runtime=opener(clock))
    async with serve_app(app) as url:
        yield World(url, app.state.runtime, clock)


@pytest.fixture
async def world(sample: Settings) -> AsyncIterator[World]:
    """The app with the sample roster."""
    async with served(sample) as found:
        yield found


# Signing in ---------------------------------------------------------------------------------


async def test_a_sign_in_link_shows_a_button_and_only_the_button_press_uses_it(
    world: World,
) -> None:
    token = await world.token(AMIRA)
    async with world.client() as browser:
        for _ in range(3):  # a chat app's link preview, then the person opening it
            shown = await browser.get(f"/inbox/sign-in/{token}")
            assert shown.status_code == 200
            assert 'method="post"' in shown.text
            assert "Sign in" in shown.text
        signed = await browser.post(f"/inbox/sign-in/{token}")
        assert signed.status_code == 303
        assert signed.headers["location"] == "/inbox"
        cookie = signed.headers["set-cookie"].lower()
        for part in ["httponly", "samesite=strict", "path=/inbox", "max-age=43200"]:
            assert part in cookie
        assert "secure" not in cookie  # the public URL here is plain http
        page = await browser.get("/inbox")
        assert page.status_code == 200
        assert "Signed in as Amira Hassan" in page.text
    assert await world.audit() == [("sign in", None)]


async def test_only_hashes_of_tokens_and_session_ids_are_kept(world: World) -> None:
    token = await world.token(AMIRA)
    async with world.client() as browser:
        signed = await browser.post(f"/inbox/sign-in/{token}")
        session = signed.cookies["wcwd_inbox"]
    stored = await world.rows("SELECT * FROM sign_ins")
    assert token
    assert stored[0]["token_hash"] == inbox.digest(token)
    kept = await world.rows("SELECT * FROM sessions")
    assert kept[0]["id_hash"] == inbox.digest(session)
    raw = b"".join(p.read_bytes() for p in world.runtime.store.path.parent.glob("*.db*"))
    assert token.encode() not in raw
    assert session.encode() not in raw


async def test_someone_not_on_the_roster_gets_no_link(world: World) -> None:
    assert await world.token(RESIDENT) is None
    assert await world.token(("telegram", "5550201' OR 1=1 --")) is None
    assert await world.count("SELECT count(*) FROM sign_ins") == 0


async def test_a_used_link_is_refused_and_says_to_text_inbox(world: World) -> None:
    token = await world.token(AMIRA)
    async with world.client() as first, world.client() as second:
        assert (await first.post(f"/inbox/sign-in/{token}")).status_code == 303
        again = await second.post(f"/inbox/sign-in/{token}")
        assert again.status_code == 403
        assert "Text INBOX" in again.text
        assert "wcwd_inbox" not in again.headers.get("set-cookie", "")
        assert (await second.get(f"/inbox/sign-in/{token}")).status_code == 403
        assert (await second.get("/inbox")).status_code == 401
    assert await world.count("SELECT count(*) FROM sessions") == 1


async def test_a_link_pressed_twice_at_once_signs_in_once(world: World) -> None:
    token = await world.token(AMIRA)
    clients = [world.client() for _ in range(5)]
    try:
        answers = await asyncio.gather(*(c.post(f"/inbox/sign-in/{token}") for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    assert sorted(a.status_code for a in answers) == [303, 403, 403, 403, 403]
    assert await world.count("SELECT count(*) FROM sessions") == 1


async def test_a_link_works_for_fifteen_minutes_only(world: World) -> None:
    fresh = await world.token(AMIRA)
    world.clock.advance(timedelta(minutes=14))
    later = await world.token(TOM)
    world.clock.advance(timedelta(minutes=1, seconds=1))
    async with world.client() as browser:
        for method in ("GET", "POST"):
            refused = await browser.request(method, f"/inbox/sign-in/{fresh}")
            assert refused.status_code == 403
            assert "Text INBOX to the bot for a new link" in refused.text
        assert (await browser.post(f"/inbox/sign-in/{later}")).status_code == 303


@pytest.mark.parametrize(
    "token",
    ["nope", "x" * 43, "<script>alert(1)</script>", "a" * 5000, "'; DROP TABLE people; --"],
)
async def test_an_unknown_link_is_refused(world: World, token: str) -> None:
    async with world.client() as browser:
        for method in ("GET", "POST"):
            refused = await browser.request(method, f"/inbox/sign-in/{token}")
            assert refused.status_code in (403, 404)
            assert "<script>" not in refused.text
    assert await world.count("SELECT count(*) FROM people") == 10


async def test_a_session_lasts_twelve_hours(world: World) -> None:
    async with world.signed_in(AMIRA) as amira:
        world.clock.advance(timedelta(hours=11, minutes=59))
        assert (await amira.get("/inbox")).status_code == 200
        world.clock.advance(timedelta(minutes=2))
        assert (await amira.get("/inbox")).status_code == 401


async def test_signing_out_ends_the_session_everywhere(world: World) -> None:
    async with world.signed_in(AMIRA) as amira:
        session = amira.cookies["wcwd_inbox"]
        out = await amira.post("/inbox/sign-out")
        assert out.status_code == 200
        assert "signed out" in out.text
        assert 'wcwd_inbox=""' in out.headers["set-cookie"]
    async with world.client() as copied:
        copied.cookies.set("wcwd_inbox", session)
        assert (await copied.get("/inbox")).status_code == 401
    assert await world.count("SELECT count(*) FROM sessions") == 0
    assert await world.audit() == [("sign in", None), ("sign out", None)]


async def test_signed_out_the_inbox_says_how_to_sign_in(world: World) -> None:
    async with world.client() as browser:
        page = await browser.get("/inbox")
        assert page.status_code == 401
        assert "Text INBOX to the bot to get a sign-in link" in page.text
        browser.cookies.set("wcwd_inbox", "made-up")
        assert (await browser.get("/inbox")).status_code == 401


# The inbox page -----------------------------------------------------------------------------


async def test_a_worker_sees_cards_offered_to_them_and_conversations_they_hold(
    world: World,
) -> None:
    urgent = {**CARD, "name": "Kim", "urgent": True, "words": "they're changing the locks today"}
    await world.handoff([(AMIRA, "Amira Hassan", "asked"), (TOM, "Tom Fletcher", "asked")])
    await world.handoff([(AMIRA, "Amira Hassan", "asked")], card=urgent)
    await world.handoff([(AMIRA, "Amira Hassan", "accepted")], card={"name": "Lou"})
    await world.handoff([(TOM, "Tom Fletcher", "asked")], card={"name": "Only-for-Tom"})
    async with world.signed_in(AMIRA) as amira:
        page = (await amira.get("/inbox")).text
    cards, held = page.split("Cards for you")[1].split("Conversations you hold")
    for shown in [*(str(v) for k, v in CARD.items() if k != "urgent"), "Kim", "URGENT"]:
        assert shown in cards
    assert cards.index("Kim") < cards.index("Dee")  # urgent first
    assert cards.count("I'll take this") == 2
    assert "Lou" in held
    assert "Lou" not in cards
    assert "Only-for-Tom" not in page
    assert "Every open handoff" not in page
    assert "5550201" not in page
    assert "+447700900123" not in page


async def test_the_coordinator_sees_every_open_handoff_and_who_went_round_in_circles(
    world: World,
) -> None:
    await world.handoff([(AMIRA, "Amira Hassan", "closed")], card={"name": "Round"})
    await world.handoff([(TOM, "Tom Fletcher", "closed")], card={"name": "Round"})
    await world.handoff([(GRACE, "Grace Mensah", "accepted")], card={"name": "Round"})
    other = ("sms", "+447700900999")
    await world.handoff([(TOM, "Tom Fletcher", "asked")], card={"name": "Waiting"}, resident=other)
    await world.handoff(
        [(TOM, "Tom Fletcher", "closed")], card={"name": "Done"}, closed=True, resident=other
    )
    async with world.signed_in(HELEN) as helen:
        page = (await helen.get("/inbox")).text
    every = page.split("Every open handoff")[1]
    assert "Round" in every
    assert "Waiting" in every
    assert "Done" not in every
    assert "Held by Grace Mensah" in every
    assert "Not taken yet" in every
    assert every.count("Passed through 3 people") == 3  # three open cards for Round
    assert "Passed through" not in every.split("Waiting")[1]


async def test_a_peer_sees_what_they_have_given_and_nobody_elses(world: World) -> None:
    for channel, address, minutes in [(*SAM, 90), (*SAM, 60), ("sms", "+447700900411", 600)]:
        await world.write(
            "INSERT INTO time_given (peer_channel, peer_address, minutes, given_on)"
            " VALUES (?, ?, ?, '2026-11-20')",
            channel,
            address,
            minutes,
        )
    async with world.signed_in(SAM) as sam:
        page = (await sam.get("/inbox")).text
    assert "appointments you went to: 2" in page
    assert "time given: 2 hours 30 minutes" in page


async def test_a_peer_sees_only_their_own_requests(world: World) -> None:
    await world.handoff([(SAM, "Sam Okafor", "asked")], card={"name": "NotForPeers"})
    await world.write(
        "INSERT INTO links (kind, status, resident_channel, resident_address, resident_name,"
        " helper_channel, helper_address, helper_name, summary, created_at)"
        " VALUES ('intro', 'asked', ?, ?, 'Dee', ?, ?, 'Sam Okafor', 'bailiffs at the door', ?)",
        *RESIDENT,
        *SAM,
        iso(START),
    )
    await world.write(
        "INSERT INTO links (kind, status, resident_channel, resident_address, resident_name,"
        " helper_channel, helper_address, helper_name, summary, created_at)"
        " VALUES ('intro', 'asked', ?, ?, 'Pat', ?, ?, 'Bev Collins', 'caring', ?)",
        *RESIDENT,
        "sms",
        "+447700900411",
        iso(START),
    )
    async with world.signed_in(SAM) as sam:
        page = (await sam.get("/inbox")).text
    assert "bailiffs at the door" in page
    assert "Dee" in page
    assert "Pat" not in page
    assert "NotForPeers" not in page
    assert "Cards for you" not in page


# The thread ---------------------------------------------------------------------------------


async def add_messages(world: World, handoff_id: int) -> None:
    """The resident's words and what was sent to them, one sent message failing."""
    await world.resident_said("old", "said before the handoff", START - timedelta(hours=1))
    for minutes, text in [(1, "hello? is anyone there"), (5, "thank you x")]:
        await world.resident_said(f"m{minutes}", text, START + timedelta(minutes=minutes))
    sent = [
        (2, "Amira: Hi Dee, I'm here", "sent", None),
        (3, "Amira: Can you call me?", "failed", "21610: +447700900123 is unsubscribed"),
    ]
    for minutes, text, status, error in sent:
        at = iso(START + timedelta(minutes=minutes))
        await world.write(
            "INSERT INTO outbox (channel, address, text, created_at, next_attempt_at, status,"
            " error) VALUES (?, ?, ?, ?, ?, ?, ?)",
            *RESIDENT,
            text,
            at,
            at,
            status,
            error,
        )
    timer = iso(START + timedelta(minutes=4))
    await world.write(
        "INSERT INTO inbound (channel, external_id, address, text, event, received_at)"
        " VALUES (?, 'timer:1', ?, 'a timer, not words', 'nudge', ?)",
        *RESIDENT,
        timer,
    )


async def test_the_holder_sees_the_card_and_both_sides_of_the_conversation_in_order(
    world: World,
) -> None:
    handoff_id, links = await world.handoff([(AMIRA, "Amira Hassan", "accepted")])
    await add_messages(world, handoff_id)
    async with world.signed_in(AMIRA) as amira:
        page = await amira.get(f"/inbox/handoffs/{handoff_id}")
    assert page.status_code == 200
    text = page.text
    order = [
        "hello? is anyone there",
        "Amira: Hi Dee, I&#39;m here",
        "Amira: Can you call me?",
        "thank you x",
    ]
    assert [text.index(t) for t in order] == sorted(text.index(t) for t in order)
    assert "said before the handoff" not in text
    assert "a timer" not in text
    assert "not delivered: 21610: [their number] is unsubscribed" in text
    assert "+447700900123" not in text
    assert "5550201" not in text
    assert 'name="text"' in text
    assert "Bring someone in" in text
    assert ">Close<" in text
    assert "I'll take this" not in text
    assert "Sam Okafor (peer)" in text
    assert "Tom Fletcher (the Millbrook" in text
    assert "Amira Hassan (" not in text  # not herself
    assert page.headers["cache-control"] == "no-store"
    assert (await world.rows("SELECT * FROM audit WHERE action = 'view'"))[0] | {
        "id": 0,
        "person_id": 0,
    } == {
        "id": 0,
        "at": iso(START),
        "person_id": 0,
        "action": "view",
        "handoff_id": handoff_id,
        "link_id": links["Amira Hassan"],
        "resident_channel": RESIDENT[0],
        "resident_address": RESIDENT[1],
        "detail": "",
    }


@pytest.mark.parametrize(
    ("who", "status", "allowed"),
    [
        (AMIRA, "asked", True),
        (AMIRA, "accepted", True),
        (AMIRA, "closed", True),
        (AMIRA, "declined", False),
        (AMIRA, "expired", False),
        (TOM, None, False),
        (GRACE, None, False),
        (SAM, None, False),
        (SAM, "asked", False),  # peers never see handoffs
        (HELEN, None, True),
    ],
)
async def test_who_may_see_a_thread(
    world: World, who: tuple[str, str], status: str | None, allowed: bool
) -> None:
    helpers = [(who, "Them", status)] if status else []
    handoff_id, _ = await world.handoff([*helpers, (GRACE if who != GRACE else TOM, "X", "asked")])
    async with world.signed_in(who) as person:
        page = await person.get(f"/inbox/handoffs/{handoff_id}")
    assert page.status_code == (200 if allowed else 403)
    assert ("bailiffs" in page.text) is allowed
    views = await world.count("SELECT count(*) FROM audit WHERE action = 'view'")
    assert views == (1 if allowed else 0)


async def test_the_thread_refuses_the_signed_out_and_bad_ids(world: World) -> None:
    handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "asked")])
    async with world.client() as nobody:
        assert (await nobody.get(f"/inbox/handoffs/{handoff_id}")).status_code == 401
    async with world.signed_in(AMIRA) as amira, world.signed_in(HELEN) as helen:
        for bad in ["abc", "1.5", "-1", "1%20OR%201=1", "%3Cscript%3E"]:
            assert (await amira.get(f"/inbox/handoffs/{bad}")).status_code == 404
        huge = "9" * 30
        assert (await amira.get(f"/inbox/handoffs/{huge}")).status_code == 403
        assert (await amira.get("/inbox/handoffs/999")).status_code == 403
        assert (await helen.get(f"/inbox/handoffs/{huge}")).status_code == 404
        assert (await helen.get("/inbox/handoffs/999")).status_code == 404
        assert (await helen.get("/inbox/handoffs/0")).status_code == 404
    assert await world.count("SELECT count(*) FROM audit WHERE action = 'view'") == 0


async def test_markup_in_a_residents_name_and_words_is_shown_as_text(world: World) -> None:
    card = {
        "name": "<script>alert('name')</script>",
        "words": '<img src=x onerror="alert(1)"> and {{ 7*7 }}',
        "matters": "</dd></dl><h1>big</h1>",
    }
    handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "asked")], card=card)
    async with world.signed_in(AMIRA) as amira:
        for path in ["/inbox", f"/inbox/handoffs/{handoff_id}"]:
            page = await amira.get(path)
            assert "<script>alert" not in page.text
            assert "<img" not in page.text
            assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in page.text
            assert "{{ 7*7 }}" in page.text
            assert "<h1>big" not in page.text
            # Only the inbox's own script file may run: nothing written into a page.
            policy = page.headers["content-security-policy"]
            assert "script-src 'self';" in policy
            assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


async def test_a_card_with_odd_json_still_shows(world: World) -> None:
    odd, _ = await world.handoff(
        [(AMIRA, "Amira Hassan", "asked")], card={"name": 5, "words": None, "want": ["a", "b"]}
    )
    broken, _ = await world.handoff([(AMIRA, "Amira Hassan", "asked")])
    await world.write("UPDATE handoffs SET card = 'not json' WHERE id = ?", broken)
    async with world.signed_in(AMIRA) as amira:
        for handoff_id in (odd, broken):
            assert (await amira.get(f"/inbox/handoffs/{handoff_id}")).status_code == 200
        page = await amira.get("/inbox")
    assert page.status_code == 200
    assert "[&#39;a&#39;, &#39;b&#39;]" in page.text
    assert "None" not in page.text


# Actions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "form", "expected"),
    [
        ("accept", "asked", {}, {"text": "I'll take this", "press": "I'll take this"}),
        ("decline", "asked", {}, {"text": "Not me", "press": "Not me"}),
        ("reply", "accepted", {"text": "Hi Dee, it's Amira"}, {"text": "Hi Dee, it's Amira"}),
        ("close", "accepted", {}, {"text": "CLOSE", "press": None}),
    ],
)
async def test_an_action_reaches_the_engine_as_the_workers_own_message(
    world: World, action: str, status: str, form: dict[str, str], expected: dict[str, Any]
) -> None:
    handoff_id, links = await world.handoff([(AMIRA, "Amira Hassan", status)])
    async with world.signed_in(AMIRA) as amira:
        done = await amira.post(f"/inbox/handoffs/{handoff_id}/{action}", data=form)
    assert done.status_code == 303
    back = "/inbox" if action == "decline" else f"/inbox/handoffs/{handoff_id}"
    assert done.headers["location"] == back
    [sent] = await world.from_inbox()
    assert sent == {
        "channel": AMIRA[0],
        "address": AMIRA[1],
        "press": None,
        **expected,
        "payload": {"link": links["Amira Hassan"]},
    }
    audit = await world.rows("SELECT * FROM audit WHERE action = ?", action)
    assert [(a["handoff_id"], a["link_id"]) for a in audit] == [(handoff_id, links["Amira Hassan"])]


async def test_bringing_someone_in_names_them_to_the_engine(world: World) -> None:
    handoff_id, links = await world.handoff([(AMIRA, "Amira Hassan", "accepted")])
    sam = await world.count("SELECT id FROM people WHERE name = 'Sam Okafor'")
    amira_id = await world.count("SELECT id FROM people WHERE name = 'Amira Hassan'")
    async with world.signed_in(AMIRA) as amira:
        for bad in ["", "abc", "-1", str(amira_id), "99999", "9" * 40, "1 OR 1=1"]:
            refused = await amira.post(
                f"/inbox/handoffs/{handoff_id}/bring-in", data={"person": bad}
            )
            assert refused.status_code == 400, bad
        assert (await amira.post(f"/inbox/handoffs/{handoff_id}/bring-in")).status_code == 400
        assert await world.from_inbox() == []
        done = await amira.post(f"/inbox/handoffs/{handoff_id}/bring-in", data={"person": sam})
    assert done.status_code == 303
    [sent] = await world.from_inbox()
    assert sent["press"] == "Bring in"
    assert sent["payload"] == {"link": links["Amira Hassan"], "person": list(SAM)}
    [audit] = await world.rows("SELECT * FROM audit WHERE action = 'bring in'")
    assert audit["detail"] == str(sam)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (TOM, None),  # the wrong worker
        (SAM, None),  # a peer
        (SAM, "asked"),  # a peer, even with a link
        (HELEN, None),  # the coordinator sees, but the card is not hers to answer
        (AMIRA, "declined"),
        (AMIRA, "expired"),
    ],
)
async def test_an_action_by_someone_it_is_not_for_is_refused_and_changes_nothing(
    world: World, who: tuple[str, str], status: str | None
) -> None:
    helpers = [(who, "Them", status)] if status else []
    handoff_id, _ = await world.handoff([*helpers, (GRACE, "Grace Mensah", "accepted")])
    form = {"text": "hello", "person": "1"}
    async with world.signed_in(who) as person:
        for action in ["accept", "decline", "reply", "bring-in", "close"]:
            refused = await person.post(f"/inbox/handoffs/{handoff_id}/{action}", data=form)
            assert refused.status_code == 403, action
    assert await world.from_inbox() == []
    assert await world.audit() == [("sign in", None)]


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("accept", "accepted"),
        ("decline", "accepted"),
        ("reply", "asked"),
        ("bring-in", "asked"),
        ("close", "asked"),
        ("reply", "closed"),
        ("accept", "closed"),
    ],
)
async def test_an_action_the_conversation_has_moved_past_is_refused(
    world: World, action: str, status: str
) -> None:
    handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", status)])
    async with world.signed_in(AMIRA) as amira:
        refused = await amira.post(
            f"/inbox/handoffs/{handoff_id}/{action}", data={"text": "hi", "person": "1"}
        )
    assert refused.status_code in (403, 409)
    assert "moved on" in refused.text or "not yours to act on" in refused.text
    assert await world.from_inbox() == []


async def test_actions_refuse_the_signed_out(world: World) -> None:
    handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "asked")])
    async with world.client() as nobody:
        refused = await nobody.post(f"/inbox/handoffs/{handoff_id}/accept")
        assert refused.status_code == 401
        assert "Text INBOX" in refused.text
        assert (await nobody.post("/inbox/handoffs/nope/accept")).status_code == 404
        assert (await nobody.post(f"/inbox/handoffs/{handoff_id}/delete")).status_code in (
            404,
            405,
        )
    assert await world.from_inbox() == []


CLEANED = [
    ("  Hi Dee\x00\x07, see you at 2\x1b[31m  ", "Hi Dee, see you at 2[31m"),
    ("line one\r\nline two", "line one\nline two"),
    ("Привет Dee, مرحبا, 你好 👋🏽", "Привет Dee, مرحبا, 你好 👋🏽"),
    ("abc\u202egnp.exe", "abcgnp.exe"),
    ('\'); DROP TABLE outbox; -- "bailiffs" NEAR/2 OR *', None),
    ("<script>alert(1)</script>", None),
    ("x" * 1600, None),
]


async def test_a_reply_is_cleaned_and_sent_exactly(world: World) -> None:
    handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "accepted")])
    async with world.signed_in(AMIRA) as amira:
        for words, _ in CLEANED:
            done = await amira.post(f"/inbox/handoffs/{handoff_id}/reply", data={"text": words})
            assert done.status_code == 303
    sent = [m["text"] for m in await world.from_inbox()]
    assert sent == [words if cleaned is None else cleaned for words, cleaned in CLEANED]
    assert await world.count("SELECT count(*) FROM people") == 10


async def test_a_bad_reply_gets_a_400_page_and_changes_nothing(world: World) -> None:
    handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "accepted")])
    bad: list[dict[str, str]] = [
        {},
        {"text": ""},
        {"text": "   \n\t "},
        {"text": "\x00\x01\x02"},
        {"text": "x" * 1601},
        {"words": "hi"},
    ]
    async with world.signed_in(AMIRA) as amira:
        for form in bad:
            refused = await amira.post(f"/inbox/handoffs/{handoff_id}/reply", data=form)
            assert refused.status_code == 400, form
            assert "reply" in refused.text
    assert await world.from_inbox() == []
    assert await world.audit() == [("sign in", None)]


async def test_bodies_that_are_not_a_small_form_are_refused(world: World) -> None:
    handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "accepted")])
    path = f"/inbox/handoffs/{handoff_id}/reply"
    megabyte = b"text=" + b"x" * 1_000_000
    async with world.signed_in(AMIRA) as amira:
        big = await amira.post(
            path, content=megabyte, headers={"content-type": "application/x-www-form-urlencoded"}
        )
        assert big.status_code == 413

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(100):
                yield b"x" * 10_000

        unsized = await amira.post(
            path, content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
        )
        assert unsized.status_code == 413
        as_json = await amira.post(path, json={"text": "hi"})
        assert as_json.status_code == 400
        broken = await amira.post(
            path,
            content=b"text=%ff%fe",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert broken.status_code == 400
        twice = await amira.post(
            path,
            content=b"text=a&text=b",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert twice.status_code == 400
        assert (await amira.post(f"/inbox/sign-in/{'a' * 43}", content=megabyte)).status_code == 413
    assert await world.from_inbox() == []


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"origin": "", "referer": "https://evil.example/inbox"},
        {"origin": ""},
    ],
)
async def test_a_post_from_another_site_is_refused(world: World, headers: dict[str, str]) -> None:
    handoff_id, _ = await world.handoff([(AMIRA, "Amira Hassan", "asked")])
    token = await world.token(AMIRA)
    async with world.signed_in(AMIRA) as amira:
        sent = {k: v for k, v in headers.items() if v}
        amira.headers.pop("origin")
        refused = await amira.post(f"/inbox/handoffs/{handoff_id}/accept", headers=sent)
        assert refused.status_code == 403
        assert (await amira.post(f"/inbox/sign-in/{token}", headers=sent)).status_code == 403
        assert (await amira.post("/inbox/sign-out", headers=sent)).status_code == 403
        assert (await amira.get("/inbox")).status_code == 200
        same = {"referer": f"{world.url}/inbox/handoffs/{handoff_id}"}
        assert (
            await amira.post(f"/inbox/handoffs/{handoff_id}/accept", headers=same)
        ).status_code == 303
    assert len(await world.from_inbox()) == 1


async def test_the_cookie_is_secure_when_the_public_url_is_https(world: World) -> None:
    public = "https://help.example"
    app = Starlette(routes=inbox_routes(lambda: world.runtime, public))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://10.0.0.5:8000", headers={"origin": public}
    ) as proxied:
        token = await world.token(AMIRA)
        signed = await proxied.post(f"/inbox/sign-in/{token}")
    assert signed.status_code == 303
    assert "secure" in signed.headers["set-cookie"].lower()


async def test_every_view_and_action_is_in_the_audit_log(world: World) -> None:
    handoff_id, _links = await world.handoff([(AMIRA, "Amira Hassan", "accepted")])
    async with world.signed_in(AMIRA) as amira:
        await amira.get(f"/inbox/handoffs/{handoff_id}")
        world.clock.advance(timedelta(minutes=3))
        await amira.post(f"/inbox/handoffs/{handoff_id}/reply", data={"text": "on my way"})
        await amira.post(f"/inbox/handoffs/{handoff_id}/close")
        await amira.post("/inbox/sign-out")
    rows = await world.rows("SELECT * FROM audit ORDER BY id")
    amira_id = await world.count("SELECT id FROM people WHERE name = 'Amira Hassan'")
    assert [(r["action"], r["handoff_id"], r["person_id"]) for r in rows] == [
        ("sign in", None, amira_id),
        ("view", handoff_id, amira_id),
        ("reply", handoff_id, amira_id),
        ("close", handoff_id, amira_id),
        ("sign out", None, amira_id),
    ]
    assert rows[2]["at"] == iso(START + timedelta(minutes=3))
    assert rows[2]["detail"] == "9 characters"  # the count, never the words
    assert all("on my way" not in str(r) for r in rows)
