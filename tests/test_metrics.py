"""``/metrics`` over real HTTP: off without a token, refused without it, and counting what an
operator watches (messages in and out, the outbox waiting on a failing Twilio) with no
person's number or words in it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.app import create_app
from bot.runtime import Role
from bot.settings import Settings
from tests.fakes.bot_app import settle
from tests.live import serve_app
from tests.test_sms_twilio import (
    PHONE,
    Rig,
    drain_later,
    make_sms,
    post_sms,
    rig,
    text_form,
)

METRICS_TOKEN = "metrics-token-for-tests-0123456789"
BEARER = {"Authorization": f"Bearer {METRICS_TOKEN}"}
WORDS = "my rent is late again"


@pytest.fixture
async def watched(settings: Settings) -> AsyncIterator[Rig]:
    """SMS on a hand-moved clock, with /metrics turned on."""
    on = settings.model_copy(update={"metrics_token": METRICS_TOKEN})
    async with rig(on, background=False, send_timeout=0.3) as r:
        yield r


async def scrape(http: httpx.AsyncClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample on /metrics, by name and labels."""
    response = await http.get("/metrics", headers=BEARER)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    families = text_string_to_metric_families(response.text)
    return {(s.name, tuple(sorted(s.labels.items()))): s.value for f in families for s in f.samples}


async def test_metrics_are_off_until_a_token_is_set(settings: Settings) -> None:
    async with rig(settings, background=False) as r:
        response = await r.http.get("/metrics", headers=BEARER)
    assert response.status_code == 404
    assert "WCWD_METRICS_TOKEN" in response.text


@pytest.mark.parametrize("header", [{}, {"Authorization": "Bearer wrong-token-wrong-token"}])
async def test_metrics_need_the_token(watched: Rig, header: dict[str, str]) -> None:
    response = await watched.http.get("/metrics", headers=header)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "whatcanwedo_" not in response.text


async def test_a_text_and_a_reply_stuck_behind_a_failing_twilio_are_counted(watched: Rig) -> None:
    watched.fake.fail_next(1, status=500)
    await watched.text(WORDS)
    await settle(watched.runtime)
    await watched.runtime.dispatcher.drain()
    seen = await scrape(watched.http)
    assert seen[("whatcanwedo_messages_in_total", (("channel", "sms"),))] == 1
    assert seen[("whatcanwedo_messages_out_total", (("channel", "sms"), ("result", "retry")))] == 1
    assert seen[("whatcanwedo_outbox_depth", ())] == 1

    await drain_later(watched, timedelta(minutes=10))
    seen = await scrape(watched.http)
    assert seen[("whatcanwedo_messages_out_total", (("channel", "sms"), ("result", "sent")))] == 1
    assert seen[("whatcanwedo_outbox_depth", ())] == 0
    assert seen[("whatcanwedo_processing_lag_seconds", ())] == 0


async def test_metrics_hold_no_number_and_no_words(watched: Rig) -> None:
    await watched.text(WORDS)
    await settle(watched.runtime)
    body = (await watched.http.get("/metrics", headers=BEARER)).text
    assert "whatcanwedo_messages_in_total" in body
    for private in (PHONE, PHONE[1:], "rent", "late again"):
        assert private not in body


async def test_clear_danger_is_counted_once_and_read_by_tier(watched: Rig) -> None:
    await watched.text("he has a knife and he says he will kill me tonight")
    await watched.text("he is still outside the door and shouting my name")
    await settle(watched.runtime)
    seen = await scrape(watched.http)
    assert seen[("whatcanwedo_urgent_started_total", ())] == 1
    read = [n for (name, _), n in seen.items() if name == "whatcanwedo_danger_readings_total"]
    assert sum(read) == 2  # both messages, whatever tier each was read as


async def test_messages_a_webhook_process_kept_count_as_waiting_until_answered(
    settings: Settings,
) -> None:
    # ``serve --processes N``: nothing answers here, so the text waits in the intake file.
    on = settings.model_copy(update={"metrics_token": METRICS_TOKEN})
    app = create_app(on, live=[make_sms("http://127.0.0.1:9")], role=Role.ACKNOWLEDGE)
    async with serve_app(app) as url, httpx.AsyncClient(base_url=url) as http:
        acknowledged = await post_sms(http, text_form(WORDS, sid="SM" + "c" * 32))
        await asyncio.sleep(0.05)
        seen = await scrape(http)
    assert acknowledged.status_code == 200
    assert seen[("whatcanwedo_intake_depth", ())] == 1
    assert seen[("whatcanwedo_processing_lag_seconds", ())] > 0
