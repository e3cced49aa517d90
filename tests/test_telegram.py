"""Telegram end to end over real HTTP: webhook updates in, the real ``Bot`` sending out.

The bot runs on uvicorn on loopback; python-telegram-bot's ``Bot`` talks to a fake Bot
API on loopback that records every call and can be told to fail with 500, 429 or 403.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from starlette.applications import Starlette

from bot.channels import ChannelSettings, build_connectors, describe, poll, set_webhook
from bot.clock import ManualClock
from bot.runtime import Runtime
from bot.settings import Settings
from common.models import Outbound
from connectors.telegram import Pacer, TelegramConnector, callback_data, keyboard
from tests.fakes.bot_app import channel_app, eventually, settle
from tests.fakes.fake_telegram import FakeTelegram
from tests.fakes.server import serve_app
from tests.harness import AFTER_YES, WITH_BUTTONS
from tests.harness import BUTTONS as OFFER_BUTTONS

TOKEN = "123456789:" + "A" * 35
SECRET = "a-webhook-secret-of-ours"
PUBLIC = "https://bot.example.org"
CHAT = 5550001
GREETING = (
    "Hi, this is the Eastfield neighbours line. I'm a bot; a real local person is one "
    "message away: just say PERSON. What can we do for you?"
)
NEXT_QUESTION = AFTER_YES
BUTTONS = {"inline_keyboard": [[{"text": b, "callback_data": b}] for b in OFFER_BUTTONS]}
NOW = int(datetime(2025, 3, 1, tzinfo=UTC).timestamp())


def message_update(
    update_id: int,
    text: str,
    chat_type: str = "private",
    kind: str = "message",
    chat_id: int = CHAT,
) -> dict[str, Any]:
    chat = {"id": chat_id if chat_type == "private" else -100123, "type": chat_type}
    body = {
        "message_id": update_id,
        "date": NOW,
        "chat": chat,
        "from": {"id": chat_id, "is_bot": False, "first_name": "Sam"},
        "text": text,
    }
    if kind == "edited_message":
        body["edit_date"] = NOW + 5
    return {"update_id": update_id, kind: body}


def press_update(update_id: int, data: str, markup: dict[str, Any] | None = None) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "message_id": 99,
        "date": NOW,
        "chat": {"id": CHAT, "type": "private"},
        "text": "Did I get that right?",
    }
    if markup is not None:
        shown["reply_markup"] = markup
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cb{update_id}",
            "from": {"id": CHAT, "is_bot": False, "first_name": "Sam"},
            "chat_instance": "ci1",
            "data": data,
            "message": shown,
        },
    }


def _with(update: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    """A copy of ``update`` with the field at ``path`` ("message.chat.id") set to ``value``,
    or removed when ``value`` is ``...``."""
    changed: dict[str, Any] = json.loads(json.dumps(update))
    *parents, last = path.split(".")
    place: Any = changed
    for name in parents:
        place = place[name]
    if value is ...:
        del place[last]
    else:
        place[last] = value
    return changed


WORDS = "marmalade lighthouse"  # in every malformed update: never to be logged or stored
SAID = message_update(1, WORDS)
PRESSED = press_update(1, WORDS, BUTTONS)
# Updates Telegram would never send; each is refused (webhook) or skipped (long polling).
MALFORMED = [
    pytest.param(_with(SAID, "message.chat", ...), id="no-chat"),
    pytest.param(_with(SAID, "message.chat.id", ...), id="chat-without-id"),
    pytest.param(_with(SAID, "message.chat.type", ...), id="chat-without-type"),
    pytest.param(_with(SAID, "message.chat.id", str(CHAT)), id="chat-id-a-string"),
    pytest.param(_with(SAID, "message.chat.id", float(CHAT)), id="chat-id-a-float"),
    pytest.param(_with(SAID, "message.chat.id", True), id="chat-id-true"),
    pytest.param(_with(SAID, "message.chat.id", 10**30), id="chat-id-huge"),
    pytest.param(_with(SAID, "message.chat", [CHAT, "private"]), id="chat-a-list"),
    pytest.param(_with(SAID, "message.chat", None), id="chat-null"),
    pytest.param(_with(SAID, "message.chat.type", 1), id="chat-type-a-number"),
    pytest.param(_with(SAID, "message.date", ...), id="no-date"),
    pytest.param(_with(SAID, "message.date", "today"), id="date-a-string"),
    pytest.param(_with(SAID, "message.text", 42), id="text-a-number"),
    pytest.param(_with(SAID, "message.text", [WORDS]), id="text-a-list"),
    pytest.param(_with(SAID, "message.caption", {"text": WORDS}), id="caption-an-object"),
    pytest.param(_with(SAID, "message", [SAID["message"]]), id="message-a-list"),
    pytest.param(_with(SAID, "message", WORDS), id="message-a-string"),
    pytest.param(_with(SAID, "message", None), id="message-null"),
    pytest.param(
        {"update_id": 1, "edited_message": {"date": NOW, "text": WORDS}}, id="edited-no-chat"
    ),
    pytest.param(_with(PRESSED, "callback_query.from", ...), id="press-without-from"),
    pytest.param(
        _with(_with(PRESSED, "callback_query.from", ...), "callback_query.message", ...),
        id="press-without-from-or-message",
    ),
    pytest.param(_with(PRESSED, "callback_query.from.id", ...), id="press-from-without-id"),
    pytest.param(_with(PRESSED, "callback_query.from.id", str(CHAT)), id="press-from-id-string"),
    pytest.param(_with(PRESSED, "callback_query.from", [CHAT]), id="press-from-a-list"),
    pytest.param(_with(PRESSED, "callback_query.id", 3), id="press-id-a-number"),
    pytest.param(_with(PRESSED, "callback_query.data", 3), id="press-data-a-number"),
    pytest.param(_with(PRESSED, "callback_query.message.chat", ...), id="pressed-under-no-chat"),
    pytest.param(
        _with(PRESSED, "callback_query.message.reply_markup", WORDS), id="keyboard-a-string"
    ),
    pytest.param(
        _with(PRESSED, "callback_query.message.reply_markup.inline_keyboard", [[{"x": 1}]]),
        id="button-without-text",
    ),
    pytest.param(_with(SAID, "update_id", ...), id="update-id-missing"),
    pytest.param(_with(SAID, "update_id", True), id="update-id-true"),
    pytest.param(_with(SAID, "update_id", 7.5), id="update-id-a-float"),
    pytest.param(_with(SAID, "update_id", "7"), id="update-id-a-string"),
    pytest.param(_with(SAID, "update_id", None), id="update-id-null"),
    pytest.param(_with(SAID, "update_id", -7), id="update-id-negative"),
    pytest.param(_with(SAID, "update_id", 10**30), id="update-id-huge"),
    pytest.param([SAID], id="a-list"),
    pytest.param(WORDS, id="a-string"),
    pytest.param(7, id="a-number"),
    pytest.param(None, id="null"),
]


@dataclass
class Rig:
    """The bot with Telegram on, an HTTP client for it, and the fake Bot API."""

    fake: FakeTelegram
    app: Starlette
    http: httpx.AsyncClient
    clock: ManualClock

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime  # type: ignore[no-any-return]

    async def post(self, update: object, secret: str | None = SECRET) -> httpx.Response:
        return await post_update(self.http, update, secret)

    async def count(self, sql: str) -> int:
        return int(await self.runtime.store.scalar(sql))

    async def outbox(self) -> list[tuple[str, int, str]]:
        rows = await self.runtime.store.scalar(
            "SELECT json_group_array(json_array(status, attempts, coalesce(error, '')))"
            " FROM (SELECT * FROM outbox ORDER BY id)"
        )
        return [(row[0], row[1], row[2]) for row in json.loads(rows)]


async def post_update(
    http: httpx.AsyncClient, update: object, secret: str | None = SECRET
) -> httpx.Response:
    """A Telegram webhook post, carrying our secret unless told otherwise."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return await http.post("/telegram/webhook", json=update, headers=headers)


def make_telegram(fake_url: str, per_chat: float = 0.0) -> TelegramConnector:
    return TelegramConnector(
        TOKEN, SECRET, base_url=f"{fake_url}/bot", pacer=Pacer(per_chat=per_chat)
    )


@contextlib.asynccontextmanager
async def rig(
    settings: Settings,
    background: bool,
    fake: FakeTelegram | None = None,
    clock: ManualClock | None = None,
) -> AsyncIterator[Rig]:
    """The bot on the real clock when ``background`` (unless ``clock`` is given), else on
    a hand-moved one."""
    fake = fake or FakeTelegram(TOKEN)
    moved = clock if clock is not None or background else ManualClock()
    clock = moved or ManualClock()
    async with serve_app(fake.app) as fake_url:
        telegram = make_telegram(fake_url)
        app = channel_app(settings, [telegram], clock=moved, background=background)
        async with serve_app(app) as url, httpx.AsyncClient(base_url=url) as http:
            yield Rig(fake, app, http, clock)


@pytest.fixture
async def live(settings: Settings) -> AsyncIterator[Rig]:
    async with rig(settings, background=True) as r:
        yield r


@pytest.fixture
async def manual(settings: Settings) -> AsyncIterator[Rig]:
    async with rig(settings, background=False) as r:
        yield r


async def drain_later(r: Rig, by: timedelta) -> None:
    r.clock.advance(by)
    await r.runtime.dispatcher.drain()


# Receiving --------------------------------------------------------------------------------


@pytest.mark.parametrize("secret", [None, "", "not-our-secret", SECRET + "x"])
async def test_an_update_without_our_secret_is_refused_and_not_recorded(
    live: Rig, secret: str | None
) -> None:
    response = await live.post(message_update(1, "hello"), secret=secret)
    assert response.status_code == 403
    await settle(live.runtime)
    assert await live.count("SELECT count(*) FROM inbound") == 0
    assert live.fake.sent == []


async def test_a_message_is_answered_through_the_bot_api(live: Rig) -> None:
    response = await live.post(message_update(1, "hello"))
    assert response.status_code == 200
    assert await live.count("SELECT count(*) FROM inbound") == 1
    await eventually(lambda: len(live.fake.sent) == 1)
    sent = live.fake.sent[0]
    assert (sent["chat_id"], sent["text"]) == (str(CHAT), GREETING)
    assert "reply_markup" not in sent


async def test_buttons_are_an_inline_keyboard_and_a_press_is_answered_and_heard(
    live: Rig,
) -> None:
    await live.post(message_update(1, "hello"))
    await eventually(lambda: len(live.fake.sent) == 1)
    await live.post(message_update(2, WITH_BUTTONS))
    await eventually(lambda: len(live.fake.sent) == 2)
    assert live.fake.sent[1]["reply_markup"] == BUTTONS

    response = await live.post(press_update(3, "Yes", BUTTONS))
    assert response.status_code == 200
    assert live.fake.called("answerCallbackQuery") == [{"callback_query_id": "cb3"}]
    await eventually(lambda: len(live.fake.sent) == 3)
    assert live.fake.sent[2]["text"] == NEXT_QUESTION


async def test_an_edited_message_is_heard(live: Rig) -> None:
    await live.post(message_update(1, "hello"))
    await eventually(lambda: len(live.fake.sent) == 1)
    await live.post(message_update(2, WITH_BUTTONS, kind="edited_message"))
    await eventually(lambda: len(live.fake.sent) == 2)
    assert await live.count("SELECT count(*) FROM inbound WHERE text LIKE 'hospital%'") == 1
    assert live.fake.sent[1]["reply_markup"] == BUTTONS


async def test_a_repeated_update_changes_nothing(live: Rig) -> None:
    await live.post(message_update(1, "hello"))
    await eventually(lambda: len(live.fake.sent) == 1)
    await live.post(message_update(2, WITH_BUTTONS))
    await eventually(lambda: len(live.fake.sent) == 2)
    for _ in range(2):
        assert (await live.post(message_update(2, WITH_BUTTONS))).status_code == 200
        assert (await live.post(press_update(3, "Yes", BUTTONS))).status_code == 200
    await eventually(lambda: len(live.fake.sent) == 3)
    await settle(live.runtime)
    assert await live.count("SELECT count(*) FROM inbound") == 3
    assert len(live.fake.sent) == 3
    assert len(live.fake.called("answerCallbackQuery")) == 1


async def test_group_chats_and_other_updates_are_acknowledged_but_not_taken_in(
    live: Rig,
) -> None:
    group = message_update(1, "hello everyone", chat_type="supergroup")
    member = {"update_id": 2, "my_chat_member": {"chat": {"id": CHAT, "type": "private"}}}
    poll = {"update_id": 3, "poll": {"id": "p1", "question": "Tea?", "options": []}}
    for update in (group, member, poll):
        assert (await live.post(update)).status_code == 200
    await settle(live.runtime)
    assert await live.count("SELECT count(*) FROM inbound") == 0
    assert live.fake.sent == []


@pytest.mark.parametrize("update", MALFORMED)
async def test_a_malformed_update_is_refused_and_nothing_is_taken(
    live: Rig, update: object
) -> None:
    response = await live.http.post(
        "/telegram/webhook",
        content=json.dumps(update),  # as sent, null included
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET, "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.text.startswith("not a Telegram update")
    await settle(live.runtime)
    assert await live.count("SELECT count(*) FROM inbound") == 0
    assert live.fake.calls == []


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"[1, 2]", 400),
        (b'{"message": {"text": "hi"}}', 400),  # no update_id
        (b'{"update_id": "7", "message": {}}', 400),
        (b'{"update_id": 7, "message": {"chat": 5}}', 400),
        (b'{"update_id": 7, "message": ' + b"[" * 20_000 + b"]" * 20_000 + b"}", 400),
        (b'{"update_id": 7, "message": {"text": "' + b"x" * 70_000 + b'"}}', 413),
    ],
    ids=["not-json", "a-list", "no-update-id", "string-id", "chat-a-number", "deep", "big"],
)
async def test_a_malformed_body_is_refused(live: Rig, body: bytes, status: int) -> None:
    response = await live.http.post(
        "/telegram/webhook",
        content=body,
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET, "content-type": "application/json"},
    )
    assert response.status_code == status
    assert await live.count("SELECT count(*) FROM inbound") == 0


# Sending: limits, failures and retries ----------------------------------------------------


async def test_a_rate_limit_is_honoured_and_the_message_still_goes_once(manual: Rig) -> None:
    manual.fake.fail_next(1, status=429, description="Too Many Requests", retry_after=5)
    await manual.post(message_update(1, "hello"))
    await settle(manual.runtime)
    assert (await manual.outbox())[0][:2] == ("pending", 1)
    await drain_later(manual, timedelta(seconds=4))
    assert len(manual.fake.called("sendMessage", ok=None)) == 1
    await drain_later(manual, timedelta(seconds=1))
    assert [m["text"] for m in manual.fake.sent] == [GREETING]
    assert (await manual.outbox())[0][:2] == ("sent", 2)


async def test_a_server_error_is_retried(manual: Rig) -> None:
    manual.fake.fail_next(2, status=500)
    await manual.post(message_update(1, "hello"))
    await settle(manual.runtime)
    for _ in range(3):
        await drain_later(manual, timedelta(minutes=10))
    assert [m["text"] for m in manual.fake.sent] == [GREETING]
    assert (await manual.outbox())[0][:2] == ("sent", 3)


async def test_a_blocked_bot_stops_writing_to_that_person(manual: Rig) -> None:
    manual.fake.fail_next(1, status=403, description="Forbidden: bot was blocked by the user")
    await manual.post(message_update(1, "hello"))
    await settle(manual.runtime)
    status, attempts, error = (await manual.outbox())[0]
    assert (status, attempts) == ("failed", 1)
    assert "blocked" in error
    assert await manual.count("SELECT opted_out FROM conversations") == 1
    await manual.post(message_update(2, "hello?"))
    await settle(manual.runtime)
    await drain_later(manual, timedelta(hours=1))
    assert len(manual.fake.called("sendMessage", ok=None)) == 1


async def test_a_bad_request_fails_for_good_with_its_reason(manual: Rig) -> None:
    manual.fake.fail_next(1, status=400, description="Bad Request: chat not found")
    await manual.post(message_update(1, "hello"))
    await settle(manual.runtime)
    await drain_later(manual, timedelta(hours=1))
    status, attempts, error = (await manual.outbox())[0]
    assert (status, attempts) == ("failed", 1)
    assert "chat not found" in error.lower()
    assert await manual.count("SELECT opted_out FROM conversations") == 0


async def test_nothing_is_lost_when_the_process_dies_while_telegram_is_down(
    settings: Settings,
) -> None:
    fake = FakeTelegram(TOKEN)
    fake.fail_next(1000, status=502, description="Bad Gateway")
    async with rig(settings, background=False, fake=fake) as first:
        await first.post(message_update(1, "hello"))
        await first.post(message_update(2, WITH_BUTTONS))
        await settle(first.runtime)
        assert [row[0] for row in await first.outbox()] == ["pending", "pending"]
        later = ManualClock(first.clock.now() + timedelta(hours=1))
    fake.recover()
    async with rig(settings, background=True, fake=fake, clock=later) as second:
        await eventually(lambda: len(fake.sent) == 2)
        await settle(second.runtime)
    assert fake.sent[0]["text"] == GREETING
    assert fake.sent[1]["reply_markup"] == BUTTONS
    assert len(fake.sent) == 2


async def test_messages_to_one_chat_are_at_least_the_pacing_apart() -> None:
    fake = FakeTelegram(TOKEN)
    async with serve_app(fake.app) as url:
        telegram = make_telegram(url, per_chat=0.3)
        try:
            for n in range(3):
                await telegram.send(Outbound(channel="telegram", address=str(CHAT), text=f"{n}"))
        finally:
            await telegram.close()
    times = [c.at for c in fake.calls if c.method == "sendMessage"]
    assert len(times) == 3
    assert all(later - earlier >= 0.25 for earlier, later in itertools.pairwise(times))


async def test_a_text_longer_than_telegram_takes_goes_in_parts_with_buttons_last() -> None:
    fake = FakeTelegram(TOKEN)
    text = " ".join(f"word{n:04d}" for n in range(1000))  # 8999 characters
    async with serve_app(fake.app) as url:
        telegram = make_telegram(url)
        try:
            message = Outbound(
                channel="telegram", address=str(CHAT), text=text, buttons=("Yes", "No")
            )
            await telegram.send(message)
        finally:
            await telegram.close()
    assert len(fake.sent) == 3
    assert all(len(m["text"]) <= 4096 for m in fake.sent)
    assert " ".join(m["text"] for m in fake.sent).split() == text.split()
    assert ["reply_markup" in m for m in fake.sent] == [False, False, True]


# Pacing and button data, without a network --------------------------------------------------


def test_the_pacer_keeps_one_chat_to_one_message_a_second_and_all_to_thirty() -> None:
    now = [100.0]
    pacer = Pacer(per_chat=1.0, per_second=30, clock=lambda: now[0])
    assert pacer.reserve("a") == 0
    assert pacer.reserve("a") == pytest.approx(1.0)
    starts = [now[0] + pacer.reserve(f"chat{n}") for n in range(60)]
    # Thirty a second, evenly spaced: the 31st comes a second after the first.
    in_first_second = [t for t in starts if t < starts[0] + 1.0 - 1e-9]
    assert len(in_first_second) == 30
    now[0] += 10
    assert pacer.reserve("a") == 0  # time has passed: no wait


def test_a_long_label_travels_as_its_number_and_comes_back_as_the_label() -> None:
    long_label = "Yes please, I'd like to hear about the Thursday lunch club at the library"
    markup = keyboard(("No thanks", long_label))
    assert markup is not None
    data = callback_data(long_label, 2)
    assert data == "#2"
    telegram = TelegramConnector(TOKEN, SECRET)
    now = datetime.now(UTC)
    shown = press_update(8, data, markup.to_dict())
    pressed = telegram.parse(shown, now)
    assert pressed is not None
    assert pressed.press == long_label
    # Without the message (too old to be shown), the number is read like a typed digit.
    bare = press_update(9, data)
    del bare["callback_query"]["message"]
    read = telegram.parse(bare, now)
    assert read is not None
    assert (read.text, read.press, read.address) == ("2", None, str(CHAT))


# Commands -------------------------------------------------------------------------------------


def channel_settings(api: str | None = None) -> ChannelSettings:
    return ChannelSettings(
        _env_file=None,
        WCWD_PUBLIC_URL=PUBLIC,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        TELEGRAM_API_URL=api,
    )


@pytest.mark.usefixtures("clean_env")
async def test_set_webhook_registers_our_url_with_the_secret() -> None:
    fake = FakeTelegram(TOKEN)
    async with serve_app(fake.app) as url:
        registered = await set_webhook(channel_settings(api=url))
    assert registered == PUBLIC + "/telegram/webhook"
    [call] = fake.called("setWebhook")
    assert call["url"] == registered
    assert call["secret_token"] == SECRET
    assert set(call["allowed_updates"]) == {"message", "edited_message", "callback_query"}


@pytest.mark.usefixtures("clean_env")
async def test_long_polling_takes_updates_in_and_answers_them(settings: Settings) -> None:
    fake = FakeTelegram(TOKEN)
    fake.updates.append(message_update(41, "hello"))
    async with serve_app(fake.app) as url:
        telegram = make_telegram(url)
        async with Runtime.open(settings, [telegram]) as runtime:
            polling = asyncio.create_task(poll(channel_settings(), runtime, wait_seconds=1))
            try:
                await eventually(lambda: len(fake.sent) == 1)
                await eventually(lambda: any(c.get("offset") == "42" for c in _polls(fake)))
            finally:
                polling.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await polling
    assert fake.calls[1].method == "deleteWebhook"  # after getMe, before any getUpdates
    assert fake.sent[0]["text"] == GREETING


def _polls(fake: FakeTelegram) -> list[dict[str, Any]]:
    return fake.called("getUpdates")


def _renumbered(update: object, update_id: int) -> object:
    """The malformed ``update`` under a new number, unless its number is what is wrong."""
    number = update.get("update_id") if isinstance(update, dict) else None
    if isinstance(update, dict) and type(number) is int and number == 1:
        return {**update, "update_id": update_id}
    return update


@pytest.mark.usefixtures("clean_env")
async def test_long_polling_skips_what_it_cannot_read_and_takes_the_next(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    fake = FakeTelegram(TOKEN)
    bad = [case.values[0] for case in MALFORMED]
    for n, update in enumerate(bad):
        fake.updates.append(_renumbered(update, 100 + 2 * n))
        fake.updates.append(message_update(101 + 2 * n, "hello", chat_id=CHAT + n))
    last = 100 + 2 * len(bad)
    async with serve_app(fake.app) as url:
        telegram = make_telegram(url)
        async with Runtime.open(settings, [telegram]) as runtime:
            polling = asyncio.create_task(poll(channel_settings(), runtime, wait_seconds=1))
            try:
                await eventually(lambda: len(fake.sent) == len(bad), seconds=20)
                await eventually(lambda: any(c.get("offset") == str(last) for c in _polls(fake)))
                assert not polling.done()
            finally:
                polling.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await polling
            taken = await runtime.store.scalar("SELECT count(*) FROM inbound")
    assert taken == len(bad)
    assert sorted(int(m["chat_id"]) for m in fake.sent) == [CHAT + n for n in range(len(bad))]
    assert {m["text"] for m in fake.sent} == {GREETING}
    skipped = [r.getMessage() for r in caplog.records if "could not be read" in r.getMessage()]
    assert len(skipped) == len(bad)
    assert not any(WORDS in line or str(CHAT) in line for line in caplog.messages)


# Settings -----------------------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for field in ChannelSettings.model_fields.values():
        monkeypatch.delenv(str(field.alias), raising=False)


@pytest.mark.usefixtures("clean_env")
def test_telegram_settings_turn_telegram_on() -> None:
    cs = channel_settings()
    assert describe(cs) == "channels on: telegram"
    [telegram] = build_connectors(cs)
    assert isinstance(telegram, TelegramConnector)
    assert telegram.check_secret(SECRET)
    assert not telegram.check_secret(None)


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"TELEGRAM_BOT_TOKEN": TOKEN}, "TELEGRAM_WEBHOOK_SECRET is missing"),
        ({"TELEGRAM_WEBHOOK_SECRET": SECRET}, "TELEGRAM_BOT_TOKEN is missing"),
        (
            {"TELEGRAM_BOT_TOKEN": "not-a-token", "TELEGRAM_WEBHOOK_SECRET": SECRET},
            "TELEGRAM_BOT_TOKEN is malformed",
        ),
        (
            {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": "short"},
            "TELEGRAM_WEBHOOK_SECRET is malformed",
        ),
        (
            {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": SECRET + " with spaces"},
            "TELEGRAM_WEBHOOK_SECRET is malformed",
        ),
    ],
)
def test_half_configured_telegram_stops_start_up_naming_the_setting(
    values: dict[str, Any], named: str
) -> None:
    with pytest.raises(ValidationError, match=named):
        ChannelSettings(_env_file=None, **values)


@pytest.mark.usefixtures("clean_env")
async def test_set_webhook_needs_the_public_url() -> None:
    cs = ChannelSettings(_env_file=None, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_WEBHOOK_SECRET=SECRET)
    with pytest.raises(RuntimeError, match="WCWD_PUBLIC_URL"):
        await set_webhook(cs)
