"""SMS over Twilio, end to end over real HTTP: signed webhooks in, the REST API out.

The bot runs on uvicorn on loopback; requests are signed with the twilio library's own
RequestValidator; replies reach a fake Twilio REST server that can be told to fail.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from starlette.applications import Starlette
from twilio.request_validator import RequestValidator

from bot.channels import ChannelSettings, build_connectors, describe
from bot.clock import ManualClock
from bot.runtime import Runtime
from bot.settings import Settings
from common.models import ConversationKey, Outbound
from connectors.base import TemporarySendError
from connectors.sms_segments import segments
from connectors.sms_twilio import TwilioSms
from store.connection import connect
from store.delivery import delivery_problems, record_status_alone
from tests.fakes.bot_app import channel_app, eventually, settle
from tests.fakes.fake_twilio import FakeTwilio
from tests.fakes.server import serve_app
from tests.harness import AFTER_YES, WITH_BUTTONS, Harness

ACCOUNT = "AC" + "1f" * 16
TOKEN = "twilio-test-auth-token"
PUBLIC = "https://bot.example.org"
FROM = "+447700900000"
PHONE = "+447700900123"
GREETING = (
    "Hi, this is the Eastfield neighbours line. I'm a bot; a real local person is one "
    "message away: just say PERSON. What can we do for you?"
)
MEDIA_ONLY = "Thanks. I can only read text messages for now: could you put that in words?"


def sign(params: dict[str, str], path: str = "/sms/twilio", token: str = TOKEN) -> str:
    return str(RequestValidator(token).compute_signature(PUBLIC + path, params))


def text_form(body: str, sid: str = "SM" + "a" * 32, sender: str = PHONE) -> dict[str, str]:
    return {
        "MessageSid": sid,
        "AccountSid": ACCOUNT,
        "From": sender,
        "To": FROM,
        "Body": body,
        "NumMedia": "0",
    }


@dataclass
class Rig:
    """The bot with SMS on, an HTTP client for it, and the fake Twilio it sends through."""

    fake: FakeTwilio
    app: Starlette
    http: httpx.AsyncClient
    clock: ManualClock
    sids: Iterator[int]

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime  # type: ignore[no-any-return]

    async def post(
        self, form: dict[str, str], path: str = "/sms/twilio", signature: str | None = None
    ) -> httpx.Response:
        return await post_sms(self.http, form, path, signature)

    async def text(self, body: str, **extra: str) -> httpx.Response:
        """A resident's text, signed as Twilio signs it, with a new message id."""
        form = text_form(body, sid=f"SM{next(self.sids):032x}") | extra
        return await self.post(form)

    async def count(self, sql: str, *params: object) -> int:
        return int(await self.runtime.store.scalar(sql, params))

    async def outbox(self) -> list[tuple[str, int, str, str]]:
        """Each message's status, attempts, error and next attempt, oldest first."""
        store = self.runtime.store
        conn = await connect(store.path, readonly=True)
        try:
            rows = await conn.execute_fetchall(
                "SELECT status, attempts, error, next_attempt_at FROM outbox ORDER BY id"
            )
        finally:
            await conn.close()
        return [(r[0], r[1], r[2] or "", r[3]) for r in rows]


async def post_sms(
    http: httpx.AsyncClient,
    form: dict[str, str],
    path: str = "/sms/twilio",
    signature: str | None = None,
) -> httpx.Response:
    """A Twilio webhook post, signed as Twilio signs it unless a signature is given."""
    headers = {"X-Twilio-Signature": signature if signature is not None else sign(form, path)}
    return await http.post(path, data=form, headers=headers)


def make_sms(fake_url: str, timeout: float = 5.0) -> TwilioSms:
    return TwilioSms(
        ACCOUNT, TOKEN, PUBLIC, from_number=FROM, api_base_url=fake_url, timeout=timeout
    )


@contextlib.asynccontextmanager
async def rig(
    settings: Settings,
    background: bool,
    fake: FakeTwilio | None = None,
    send_timeout: float = 5.0,
    clock: ManualClock | None = None,
) -> AsyncIterator[Rig]:
    """The bot on the real clock when ``background`` (unless ``clock`` is given), else on
    a hand-moved one."""
    fake = fake or FakeTwilio()
    moved = clock if clock is not None or background else ManualClock()
    clock = moved or ManualClock()
    async with serve_app(fake.app) as fake_url:
        sms = make_sms(fake_url, send_timeout)
        app = channel_app(settings, [sms], clock=moved, background=background)
        async with serve_app(app) as url, httpx.AsyncClient(base_url=url) as http:
            yield Rig(fake, app, http, clock, iter(range(1, 10**6)))


@pytest.fixture
async def live(settings: Settings) -> AsyncIterator[Rig]:
    """Sending in the background, on the real clock, as in production."""
    async with rig(settings, background=True) as r:
        yield r


@pytest.fixture
async def manual(settings: Settings) -> AsyncIterator[Rig]:
    """Nothing is sent until the test drains the outbox; time moves only when told."""
    async with rig(settings, background=False, send_timeout=0.3) as r:
        yield r


async def drain_later(r: Rig, by: timedelta) -> None:
    r.clock.advance(by)
    await r.runtime.dispatcher.drain()


# Receiving --------------------------------------------------------------------------------


async def test_a_signed_text_is_acknowledged_with_empty_twiml_and_answered_by_sms(
    live: Rig,
) -> None:
    response = await live.text("hello")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert response.text == '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
    assert await live.count("SELECT count(*) FROM inbound") == 1
    await eventually(lambda: len(live.fake.sent) == 1)
    call = live.fake.calls[0]
    assert call.form["To"] == PHONE
    assert call.form["From"] == FROM
    assert call.form["Body"] == GREETING
    assert call.form["StatusCallback"] == PUBLIC + "/sms/twilio/status"
    assert (call.account, call.username, call.password) == (ACCOUNT, ACCOUNT, TOKEN)


async def test_a_number_written_another_way_is_kept_in_e164(live: Rig) -> None:
    assert (await live.text("hello", From="+44 7700 900123")).status_code == 200
    await eventually(lambda: len(live.fake.sent) == 1)
    assert live.fake.sent[0]["To"] == PHONE
    assert await live.count("SELECT count(*) FROM inbound WHERE address = ?", PHONE) == 1


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda form: None, id="unsigned"),
        pytest.param(lambda form: sign(form, token="not-our-token"), id="another-token"),
        pytest.param(lambda form: sign(form, path="/elsewhere"), id="another-url"),
        pytest.param(lambda form: sign(form | {"Body": "hi"}), id="body-changed-after-signing"),
        pytest.param(lambda form: "", id="empty-signature"),
    ],
)
async def test_a_text_without_a_valid_signature_is_refused_and_not_recorded(
    live: Rig, forge: object
) -> None:
    form = text_form("hello")
    signature = forge(form)  # type: ignore[operator]
    headers = {"X-Twilio-Signature": signature} if signature is not None else {}
    response = await live.http.post("/sms/twilio", data=form, headers=headers)
    assert response.status_code == 403
    assert await live.count("SELECT count(*) FROM inbound") == 0
    await settle(live.runtime)
    assert live.fake.calls == []


async def test_the_signature_is_checked_against_the_public_url_not_the_local_one(
    live: Rig,
) -> None:
    form = text_form("hello")
    local = RequestValidator(TOKEN).compute_signature(f"{live.http.base_url}sms/twilio", form)
    response = await live.post(form, signature=str(local))
    assert response.status_code == 403


async def test_a_repeated_delivery_changes_nothing(live: Rig) -> None:
    form = text_form("hello")
    assert (await live.post(form)).status_code == 200
    assert (await live.post(form)).status_code == 200
    await eventually(lambda: len(live.fake.sent) == 1)
    await settle(live.runtime)
    assert await live.count("SELECT count(*) FROM inbound") == 1
    assert len(live.fake.calls) == 1


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"From": None}, id="no-from"),
        pytest.param({"MessageSid": None}, id="no-message-sid"),
        pytest.param({"From": "not a number"}, id="from-not-a-number"),
        pytest.param({"MessageSid": "SM" + "x" * 200}, id="message-sid-too-long"),
    ],
)
async def test_a_malformed_text_is_refused(live: Rig, change: dict[str, str | None]) -> None:
    form = {k: v for k, v in (text_form("hello") | change).items() if v is not None}
    response = await live.post(form)
    assert response.status_code == 400
    assert await live.count("SELECT count(*) FROM inbound") == 0


@pytest.mark.parametrize(
    ("change", "channel"),
    [
        pytest.param({"From": "whatsapp:+447700900555"}, "whatsapp", id="from-whatsapp"),
        pytest.param({"From": "messenger:1234567890"}, "messenger", id="from-messenger"),
        pytest.param({"To": "whatsapp:" + FROM}, "whatsapp", id="to-whatsapp"),
        pytest.param({"From": "RCS:+447700900555"}, "rcs", id="from-another-word"),
    ],
)
async def test_a_message_by_another_channel_is_acknowledged_and_dropped(
    live: Rig, caplog: pytest.LogCaptureFixture, change: dict[str, str], channel: str
) -> None:
    form = text_form("hello") | change
    response = await live.post(form)
    assert response.status_code == 200
    assert response.text == '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
    await settle(live.runtime)
    assert await live.count("SELECT count(*) FROM inbound") == 0
    assert await live.count("SELECT count(*) FROM conversations") == 0
    assert live.fake.calls == []
    [warning] = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert channel in warning
    assert "7700900" not in warning


async def test_a_body_that_is_not_a_form_is_refused(live: Rig) -> None:
    response = await live.http.post(
        "/sms/twilio",
        json=text_form("hello"),
        headers={"X-Twilio-Signature": sign(text_form("hello"))},
    )
    assert response.status_code == 400
    assert await live.count("SELECT count(*) FROM inbound") == 0


async def test_an_oversized_body_is_refused_whether_declared_or_streamed(live: Rig) -> None:
    form = text_form("x" * 70_000)
    declared = await live.post(form)
    assert declared.status_code == 413

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(70):
            yield b"Body=" + b"x" * 1000 + b"&"

    streamed = await live.http.post(
        "/sms/twilio",
        content=chunks(),
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": "anything",
        },
    )
    assert streamed.status_code == 413
    assert await live.count("SELECT count(*) FROM inbound") == 0


async def test_a_picture_with_no_words_gets_a_kind_reply(live: Rig) -> None:
    await live.text("hello")
    await eventually(lambda: len(live.fake.sent) == 1)
    response = await live.text(
        "", NumMedia="1", MediaUrl0="https://example.org/p.jpg", MediaContentType0="image/jpeg"
    )
    assert response.status_code == 200
    await eventually(lambda: len(live.fake.sent) == 2)
    assert live.fake.sent[1]["Body"] == MEDIA_ONLY


async def test_buttons_become_numbered_lines_and_a_number_presses_one(live: Rig) -> None:
    await live.text("hello")
    await eventually(lambda: len(live.fake.sent) == 1)
    await live.text(WITH_BUTTONS)
    await eventually(lambda: len(live.fake.sent) == 2)
    assert live.fake.sent[1]["Body"].endswith("\n1 Yes\n2 No thanks")
    await live.text("1")
    await eventually(lambda: len(live.fake.sent) == 3)
    assert live.fake.sent[2]["Body"] == AFTER_YES


async def test_after_stop_nothing_more_is_sent(live: Rig) -> None:
    await live.text("hello")
    await eventually(lambda: len(live.fake.sent) == 1)
    await live.text("STOP")
    await live.text("are you there?")
    await settle(live.runtime)
    # Twilio itself confirms STOP on SMS; the bot adds nothing, then and after.
    assert len(live.fake.calls) == 1
    assert await live.count("SELECT opted_out FROM conversations") == 1


# Sending: failures and retries ------------------------------------------------------------


async def test_a_failing_twilio_is_retried_until_the_text_goes_once(manual: Rig) -> None:
    manual.fake.fail_next(2, status=500)
    await manual.text("hello")
    await settle(manual.runtime)
    await drain_later(manual, timedelta(minutes=10))
    await drain_later(manual, timedelta(minutes=10))
    await drain_later(manual, timedelta(minutes=10))
    assert [c.status for c in manual.fake.calls] == [500, 500, 201]
    assert [m["Body"] for m in manual.fake.sent] == [GREETING]
    status, attempts, _, _ = (await manual.outbox())[0]
    assert (status, attempts) == ("sent", 3)


async def test_too_many_requests_waits_as_long_as_twilio_asks(manual: Rig) -> None:
    manual.fake.fail_next(1, status=429, retry_after=30)
    await manual.text("hello")
    await settle(manual.runtime)
    _, _, error, next_attempt = (await manual.outbox())[0]
    assert datetime.fromisoformat(next_attempt) == manual.clock.now() + timedelta(seconds=30)
    assert "too many" in error.lower()
    await drain_later(manual, timedelta(seconds=29))
    assert len(manual.fake.calls) == 1
    await drain_later(manual, timedelta(seconds=1))
    assert [m["Body"] for m in manual.fake.sent] == [GREETING]


async def test_a_time_out_is_tried_again_rather_than_waited_on(manual: Rig) -> None:
    manual.fake.fail_next(1, stall=1.0)
    await manual.text("hello")
    await settle(manual.runtime)
    status, attempts, error, _ = (await manual.outbox())[0]
    assert (status, attempts) == ("pending", 1)
    assert "could not reach Twilio" in error
    await drain_later(manual, timedelta(minutes=10))
    assert (await manual.outbox())[0][:2] == ("sent", 2)


async def test_an_unsubscribed_number_is_marked_and_never_texted_again(manual: Rig) -> None:
    manual.fake.fail_next(1, status=400, code=21610)
    await manual.text("hello")
    await settle(manual.runtime)
    status, attempts, error, _ = (await manual.outbox())[0]
    assert (status, attempts) == ("failed", 1)
    assert "21610" in error
    assert await manual.count("SELECT opted_out FROM conversations") == 1
    await manual.text("hello again")
    await settle(manual.runtime)
    await drain_later(manual, timedelta(hours=1))
    assert len(manual.fake.calls) == 1


async def test_another_client_error_fails_for_good_with_its_reason(manual: Rig) -> None:
    said = f"The 'To' number {PHONE} is not a valid phone number."
    manual.fake.fail_next(1, status=400, code=21211, message=said)
    await manual.text("hello")
    await settle(manual.runtime)
    await drain_later(manual, timedelta(hours=1))
    status, attempts, error, _ = (await manual.outbox())[0]
    assert (status, attempts) == ("failed", 1)
    assert "21211" in error
    assert "is not a valid phone number" in error
    assert PHONE not in error  # reasons reach the logs; numbers never do
    assert len(manual.fake.calls) == 1
    assert await manual.count("SELECT opted_out FROM conversations") == 0


async def test_nothing_is_lost_when_the_process_dies_while_twilio_is_down(
    settings: Settings,
) -> None:
    fake = FakeTwilio()
    fake.fail_next(1000, status=503)
    async with rig(settings, background=False, fake=fake) as first:
        await first.text("hello")
        await first.text(WITH_BUTTONS)
        await settle(first.runtime)
        assert [row[0] for row in await first.outbox()] == ["pending", "pending"]
        assert fake.sent == []
        later = ManualClock(first.clock.now() + timedelta(hours=1))
    fake.recover()
    # A restart much later: the background dispatcher drains what was left.
    async with rig(settings, background=True, fake=fake, clock=later) as second:
        await eventually(lambda: len(fake.sent) == 2)
        await settle(second.runtime)
    assert fake.sent[0]["Body"] == GREETING
    assert fake.sent[1]["Body"].endswith("\n1 Yes\n2 No thanks")
    assert len(fake.sent) == 2


# Long texts ---------------------------------------------------------------------------------


async def test_a_text_over_ten_segments_goes_in_parts_and_a_retry_skips_parts_taken() -> None:
    fake = FakeTwilio()
    text = " ".join(f"word{n:04d}" for n in range(300))  # 2999 characters, 20 segments
    async with serve_app(fake.app) as url:
        sms = make_sms(url)
        try:
            fake.fail_next(1, status=500, after=1)
            message = Outbound(channel="sms", address=PHONE, text=text, outbox_id=7)
            with pytest.raises(TemporarySendError):
                await sms.send(message)
            receipt = await sms.send(message)
        finally:
            await sms.close()
    bodies = [m["Body"] for m in fake.sent]
    assert len(bodies) == 2
    assert all(segments(b) <= 10 for b in bodies)
    assert " ".join(bodies).split() == text.split()
    assert receipt.provider_id == fake.calls[0].sid


async def test_a_short_text_is_one_api_call_even_over_one_segment() -> None:
    fake = FakeTwilio()
    text = "A longer message, " * 20  # 360 characters: Twilio joins the parts on the phone
    async with serve_app(fake.app) as url:
        sms = make_sms(url)
        try:
            await sms.send(Outbound(channel="sms", address=PHONE, text=text, outbox_id=1))
        finally:
            await sms.close()
    assert [m["Body"] for m in fake.sent] == [text]


# Delivery status ----------------------------------------------------------------------------


def status_form(sid: str, status: str, error: str | None = None) -> dict[str, str]:
    form = {"MessageSid": sid, "MessageStatus": status, "AccountSid": ACCOUNT}
    return form | ({"ErrorCode": error} if error else {})


async def delivery(r: Rig) -> tuple[str | None, str | None]:
    conn = await connect(r.runtime.store.path, readonly=True)
    try:
        rows = list(
            await conn.execute_fetchall("SELECT delivery_status, delivery_error FROM outbox")
        )
    finally:
        await conn.close()
    return rows[0][0], rows[0][1]


async def test_delivery_status_only_moves_forward(live: Rig) -> None:
    await live.text("hello")
    await eventually(lambda: len(live.fake.sent) == 1)
    await settle(live.runtime)
    sid = str(live.fake.calls[0].sid)
    for status in ("sent", "delivered", "sent", "queued"):  # the last two arrive late
        form = status_form(sid, status)
        response = await live.post(form, path="/sms/twilio/status")
        assert response.status_code == 204
    assert await delivery(live) == ("delivered", None)


async def test_a_status_without_a_valid_signature_changes_nothing(live: Rig) -> None:
    await live.text("hello")
    await eventually(lambda: len(live.fake.sent) == 1)
    await settle(live.runtime)
    form = status_form(str(live.fake.calls[0].sid), "failed", "30003")
    response = await live.post(form, path="/sms/twilio/status", signature="forged")
    assert response.status_code == 403
    malformed = await live.post({"MessageSid": "SM1"}, path="/sms/twilio/status")
    assert malformed.status_code == 400
    assert await delivery(live) == (None, None)


async def test_a_failed_delivery_is_there_for_whoever_holds_the_conversation(
    live: Rig,
) -> None:
    await live.text("hello")
    await eventually(lambda: len(live.fake.sent) == 1)
    await settle(live.runtime)
    form = status_form(str(live.fake.calls[0].sid), "undelivered", "30003")
    assert (await live.post(form, path="/sms/twilio/status")).status_code == 204
    conn = await connect(live.runtime.store.path, readonly=True)
    try:
        problems = await delivery_problems(conn, ConversationKey("sms", PHONE))
    finally:
        await conn.close()
    assert [(p.text, p.status, p.error) for p in problems] == [(GREETING, "undelivered", "30003")]


async def test_a_status_that_comes_before_the_send_is_written_down_is_kept_for_it(
    bot: Harness,
) -> None:
    path = bot.runtime.store.path
    # The recording connector names its first send "sms-1"; say the status comes first.
    assert await record_status_alone(path, "sms-1", "delivered", bot.clock.now())
    assert not await record_status_alone(path, "sms-1", "sent", bot.clock.now())
    await bot.say("sms", PHONE, "hello")
    assert await bot.count("SELECT count(*) FROM outbox WHERE delivery_status = 'delivered'") == 1
    assert await bot.count("SELECT count(*) FROM delivery_early") == 0


# Settings -----------------------------------------------------------------------------------

SMS_SETTINGS = {
    "WCWD_PUBLIC_URL": PUBLIC,
    "TWILIO_ACCOUNT_SID": ACCOUNT,
    "TWILIO_AUTH_TOKEN": TOKEN,
    "TWILIO_FROM_NUMBER": FROM,
}


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No channel setting from the machine's environment leaks into a test."""
    for field in ChannelSettings.model_fields.values():
        monkeypatch.delenv(str(field.alias), raising=False)
    return monkeypatch


def channels(**values: Any) -> ChannelSettings:
    """Settings from ``values`` (and the environment), validated as at start-up."""
    return ChannelSettings(_env_file=None, **values)


@pytest.mark.usefixtures("clean_env")
def test_with_no_channel_settings_no_channel_is_on() -> None:
    cs = channels()
    assert (cs.sms_on, cs.telegram_on) == (False, False)
    assert describe(cs) == "channels on: none"
    assert describe(cs, sandbox=True) == "channels on: web sandbox"
    assert build_connectors(cs) == []


def test_sms_settings_are_read_from_the_environment(clean_env: pytest.MonkeyPatch) -> None:
    for name, value in SMS_SETTINGS.items():
        clean_env.setenv(name, value)
    clean_env.setenv("TELEGRAM_BOT_TOKEN", "")  # blank means absent
    cs = channels()
    assert describe(cs) == "channels on: sms (twilio)"
    [sms] = build_connectors(cs)
    assert isinstance(sms, TwilioSms)
    assert sms.url_for("/sms/twilio") == PUBLIC + "/sms/twilio"


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize(
    ("drop", "change", "named"),
    [
        ("TWILIO_ACCOUNT_SID", {}, "TWILIO_ACCOUNT_SID is missing"),
        ("TWILIO_AUTH_TOKEN", {}, "TWILIO_AUTH_TOKEN is missing"),
        ("WCWD_PUBLIC_URL", {}, "WCWD_PUBLIC_URL is missing"),
        ("TWILIO_FROM_NUMBER", {}, "TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID"),
        (None, {"TWILIO_ACCOUNT_SID": "AC123"}, "TWILIO_ACCOUNT_SID is malformed"),
        (None, {"TWILIO_FROM_NUMBER": "07700 900000"}, "TWILIO_FROM_NUMBER is malformed"),
        (None, {"WCWD_PUBLIC_URL": "http://bot.example.org"}, "must start with https://"),
        (None, {"WCWD_PUBLIC_URL": "bot.example.org"}, "WCWD_PUBLIC_URL must be a full URL"),
        (None, {"WCWD_PUBLIC_URL": PUBLIC + "/?x=1"}, "query"),
        (None, {"TWILIO_API_URL": "http://twilio.example.org"}, "TWILIO_API_URL must start"),
        (None, {"TWILIO_API_URL": "twilio.example.org"}, "TWILIO_API_URL must be a full URL"),
        (None, {"TELEGRAM_API_URL": "http://tg.example.org"}, "TELEGRAM_API_URL must start"),
    ],
)
def test_half_configured_sms_stops_start_up_naming_the_setting(
    drop: str | None, change: dict[str, str], named: str
) -> None:
    values = {k: v for k, v in (SMS_SETTINGS | change).items() if k != drop}
    with pytest.raises(ValidationError, match=named):
        channels(**values)


@pytest.mark.usefixtures("clean_env")
def test_a_messaging_service_may_stand_in_for_the_number_and_localhost_may_be_http() -> None:
    values = SMS_SETTINGS | {"WCWD_PUBLIC_URL": "http://localhost:8000/"}
    del values["TWILIO_FROM_NUMBER"]
    cs = channels(**values, TWILIO_MESSAGING_SERVICE_SID="MG" + "2e" * 16)
    assert cs.sms_on
    assert cs.public_url == "http://localhost:8000"


def test_every_setting_is_documented_in_the_env_example() -> None:
    example = Path(__file__).resolve().parents[1] / ".env.example"
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example.read_text(), re.M))
    names = {
        field.alias
        for model in (Settings, ChannelSettings)
        for field in model.model_fields.values()
    }
    assert names <= documented
