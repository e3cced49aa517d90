"""The web sandbox over real HTTP: the page loads, a message sent gets the bot's reply."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.app import create_app
from bot.settings import Settings
from tests.harness import AFTER_YES, BUTTONS, WITH_BUTTONS, with_sandbox
from tests.live import sandbox_browser, serve_app

PHONE = "+447700900123"


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(with_sandbox(settings))
    async with serve_app(app) as url, sandbox_browser(url) as http:
        yield http


async def replies(
    client: httpx.AsyncClient, after: int = 0, want: int = 1
) -> list[dict[str, object]]:
    """Poll as the page does until ``want`` messages have arrived (or five seconds pass)."""
    for _ in range(100):
        response = await client.get("/sandbox/messages", params={"address": PHONE, "after": after})
        found: list[dict[str, object]] = response.json()["messages"]
        if len(found) >= want:
            return found
        await asyncio.sleep(0.05)
    return found


async def test_the_page_shows_a_phone_to_text_the_bot_from(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert "Eastfield neighbours line" in page.text
    assert page.text.count('class="compose"') >= 1


async def test_a_message_sent_through_the_sandbox_gets_the_bots_reply(
    client: httpx.AsyncClient,
) -> None:
    sent = await client.post("/sandbox/send", json={"address": PHONE, "text": "hello"})
    assert sent.status_code == 202
    first = await replies(client)
    assert first[0]["text"] == (
        "Hi, this is the Eastfield neighbours line. I'm a bot; a real local person is one "
        "message away: just say PERSON. What can we do for you?"
    )
    await client.post("/sandbox/send", json={"address": PHONE, "text": WITH_BUTTONS})
    second = await replies(client, after=int(str(first[-1]["id"])))
    assert second[0]["buttons"] == list(BUTTONS)
    await client.post("/sandbox/send", json={"address": PHONE, "press": BUTTONS[0]})
    third = await replies(client, after=int(str(second[-1]["id"])))
    assert third[0]["text"] == AFTER_YES


@pytest.mark.parametrize(
    ("body", "status", "problem"),
    [
        (b"not json", 400, "must be JSON"),
        (b'{"text": "hi"}', 400, "address: Field required"),
        (b'{"address": "<script>", "text": "hi"}', 400, "address"),
        (b'{"address": "+447700900123", "text": 5}', 400, "text"),
        (b'{"address": "+447700900123", "text": "hi", "admin": true}', 400, "admin"),
        (b'{"address": "+447700900123", "text": "' + b"x" * 70_000 + b'"}', 413, "larger"),
    ],
)
async def test_bad_input_gets_a_clear_answer_and_changes_nothing(
    client: httpx.AsyncClient, body: bytes, status: int, problem: str
) -> None:
    response = await client.post(
        "/sandbox/send", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == status
    assert problem in response.json()["error"]
    assert (await client.get("/sandbox/messages", params={"address": PHONE})).json() == {
        "messages": []
    }


async def test_reading_messages_needs_an_address(client: httpx.AsyncClient) -> None:
    response = await client.get("/sandbox/messages", params={"after": "x"})
    assert response.status_code == 400
