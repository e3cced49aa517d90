"""Bad input over every public route of the live channels and the worker inbox.

One table: each row is a request and the status it must get. Unless a row says it takes a
message in, nothing may change: no row in the real SQLite file (counted before and after),
nothing sent to the fake Twilio or the fake Bot API. The bot runs on uvicorn on loopback
with SMS and Telegram both live, the inbox on, and Amira (a worker on the sample roster)
asked to take one handoff and holding another. To add a route, add rows.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

import httpx
import pytest

from bot.app import create_app
from bot.clock import ManualClock
from bot.settings import Settings
from connectors.base import Connector
from tests.fakes.bot_app import settle
from tests.fakes.fake_telegram import FakeTelegram
from tests.fakes.fake_twilio import FakeTwilio
from tests.fakes.server import serve_app
from tests.test_inbox_http import AMIRA, START, World, opener
from tests.test_sms_twilio import make_sms, sign, text_form
from tests.test_telegram import SECRET, TOKEN, make_telegram, message_update

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
ELSEWHERE = "https://elsewhere.example"
TEXT = text_form("hello")
UPDATE = message_update(1, "hello")
HUGE = 70_000  # over every route's limit
# What must stay as it was; each a count or a summary from the real database.
STATE = {
    "inbound": "SELECT count(*) FROM inbound",
    "outbox": "SELECT count(*) FROM outbox",
    "conversations": "SELECT count(*) FROM conversations",
    "links": "SELECT group_concat(status) FROM (SELECT status FROM links ORDER BY id)",
    "handoffs closed": "SELECT count(*) FROM handoffs WHERE closed_at IS NOT NULL",
    "audit": "SELECT count(*) FROM audit",
    "unused sign-ins": "SELECT count(*) FROM sign_ins WHERE used_at IS NULL",
    "sessions": "SELECT count(*) FROM sessions",
    "delivery": "SELECT count(*) FROM delivery_early",
}


def form(fields: dict[str, str]) -> bytes:
    return urlencode(fields).encode()


@dataclass(frozen=True)
class Case:
    """A request and the status it must get. ``path`` may name ``{token}`` (a fresh sign-in
    link), ``{asked}`` and ``{held}`` (Amira's handoffs)."""

    method: str
    path: str
    status: int
    body: bytes = b""
    kind: str | None = FORM
    twilio: str | None = None  # "signed" as Twilio signs, or a forged signature
    secret: str | None = None  # Telegram's secret-token header
    signed_in: bool = False  # Amira's session cookie
    origin: str | None = None  # "here", or another site
    referer: str | None = None
    cookie: str | None = None
    chunked: bool = False  # streamed with no length declared
    takes: int = 0  # messages rightly taken in
    extra: dict[str, str] = field(default_factory=dict)


SMS, STATUS, TELEGRAM = "/sms/twilio", "/sms/twilio/status", "/telegram/webhook"
STATUS_FORM = {"MessageSid": "SM" + "b" * 32, "MessageStatus": "delivered"}
TOO_MANY = "&".join(f"f{n}=x" for n in range(250)).encode()
DEEP = b'{"update_id": 1, "message": ' + b"[" * 20_000 + b"]" * 20_000 + b"}"


def without(fields: dict[str, str], name: str) -> dict[str, str]:
    return {k: v for k, v in fields.items() if k != name}


def update(**changes: object) -> bytes:
    return json.dumps(UPDATE | changes).encode()


CASES = {
    # SMS webhook
    "sms unsigned": Case("POST", SMS, 403, form(TEXT)),
    "sms forged signature": Case("POST", SMS, 403, form(TEXT), twilio="forged"),
    "sms json": Case("POST", SMS, 400, json.dumps(TEXT).encode(), JSON, "signed"),
    "sms no content type": Case("POST", SMS, 400, form(TEXT), None, "signed"),
    "sms not utf-8": Case("POST", SMS, 400, b"Body=caf\xe9&From=%2B447700900123", twilio="signed"),
    "sms too many fields": Case("POST", SMS, 400, TOO_MANY, twilio="signed"),
    "sms empty form": Case("POST", SMS, 400, b"", twilio="signed"),
    "sms no MessageSid": Case("POST", SMS, 400, form(without(TEXT, "MessageSid")), twilio="signed"),
    "sms no From": Case("POST", SMS, 400, form(without(TEXT, "From")), twilio="signed"),
    "sms From not a number": Case(
        "POST", SMS, 400, form(TEXT | {"From": "not a number"}), twilio="signed"
    ),
    "sms by whatsapp": Case(
        "POST", SMS, 200, form(TEXT | {"From": "whatsapp:+447700900555"}), twilio="signed"
    ),
    "sms too large declared": Case("POST", SMS, 413, form(TEXT | {"Body": "x" * HUGE})),
    "sms too large chunked": Case("POST", SMS, 413, b"x" * HUGE, chunked=True),
    "sms unknown fields ignored": Case(
        "POST", SMS, 200, form(TEXT | {"Unheard": "of"}), twilio="signed", takes=1
    ),
    "sms GET": Case("GET", SMS, 405),
    "sms PUT": Case("PUT", SMS, 405, form(TEXT), twilio="signed"),
    # SMS delivery status
    "status unsigned": Case("POST", STATUS, 403, form(STATUS_FORM)),
    "status forged signature": Case("POST", STATUS, 403, form(STATUS_FORM), twilio="forged"),
    "status no MessageStatus": Case(
        "POST", STATUS, 400, form(without(STATUS_FORM, "MessageStatus")), twilio="signed"
    ),
    "status no MessageSid": Case(
        "POST", STATUS, 400, form(without(STATUS_FORM, "MessageSid")), twilio="signed"
    ),
    "status unknown word": Case(
        "POST", STATUS, 204, form(STATUS_FORM | {"MessageStatus": "exploded"}), twilio="signed"
    ),
    "status json": Case("POST", STATUS, 400, json.dumps(STATUS_FORM).encode(), JSON, "signed"),
    "status too large chunked": Case("POST", STATUS, 413, b"x" * HUGE, chunked=True),
    "status GET": Case("GET", STATUS, 405),
    # Telegram webhook
    "telegram no secret": Case("POST", TELEGRAM, 403, update(), JSON),
    "telegram wrong secret": Case("POST", TELEGRAM, 403, update(), JSON, secret=SECRET + "x"),
    "telegram not json": Case("POST", TELEGRAM, 400, b"hello", JSON, secret=SECRET),
    "telegram a list": Case("POST", TELEGRAM, 400, b"[1, 2]", JSON, secret=SECRET),
    "telegram not utf-8": Case(
        "POST", TELEGRAM, 400, b'{"update_id": "\xe9"}', JSON, secret=SECRET
    ),
    "telegram deep": Case("POST", TELEGRAM, 400, DEEP, JSON, secret=SECRET),
    "telegram no chat": Case(
        "POST", TELEGRAM, 400, update(message={"message_id": 1, "date": 1}), JSON, secret=SECRET
    ),
    "telegram form": Case("POST", TELEGRAM, 400, form({"update_id": "1"}), secret=SECRET),
    "telegram plain text": Case("POST", TELEGRAM, 400, update(), "text/plain", secret=SECRET),
    "telegram too large declared": Case(
        "POST", TELEGRAM, 413, update(padding="x" * HUGE), JSON, secret=SECRET
    ),
    "telegram too large chunked": Case(
        "POST", TELEGRAM, 413, b" " * HUGE, JSON, secret=SECRET, chunked=True
    ),
    "telegram unknown kind": Case(
        "POST",
        TELEGRAM,
        200,
        json.dumps({"update_id": 5, "poll": {}}).encode(),
        JSON,
        secret=SECRET,
    ),
    "telegram unknown fields ignored": Case(
        "POST", TELEGRAM, 200, update(unheard_of={"a": 1}), JSON, secret=SECRET, takes=1
    ),
    "telegram GET": Case("GET", TELEGRAM, 405, secret=SECRET),
    # Inbox: signing in and out
    "inbox signed out": Case("GET", "/inbox", 401),
    "inbox forged cookie": Case("GET", "/inbox", 401, cookie="wcwd_inbox=forged"),
    "sign-in page short token": Case("GET", "/inbox/sign-in/abc", 403),
    "sign-in page odd token": Case("GET", "/inbox/sign-in/%3Cb%3E" + "x" * 30, 403),
    "sign-in page unknown token": Case("GET", "/inbox/sign-in/" + "A" * 43, 403),
    "sign-in no origin": Case("POST", "/inbox/sign-in/{token}", 403),
    "sign-in another site": Case("POST", "/inbox/sign-in/{token}", 403, origin=ELSEWHERE),
    "sign-in referer elsewhere": Case(
        "POST", "/inbox/sign-in/{token}", 403, referer=ELSEWHERE + "/inbox"
    ),
    "sign-in json": Case("POST", "/inbox/sign-in/{token}", 400, b'{"a": 1}', JSON, origin="here"),
    "sign-in not ascii": Case("POST", "/inbox/sign-in/{token}", 400, b"a=\xe9", origin="here"),
    "sign-in too many fields": Case("POST", "/inbox/sign-in/{token}", 400, TOO_MANY, origin="here"),
    "sign-in repeated field": Case(
        "POST", "/inbox/sign-in/{token}", 400, b"a=1&a=2", origin="here"
    ),
    "sign-in too large declared": Case(
        "POST", "/inbox/sign-in/{token}", 413, b"a=" + b"x" * HUGE, origin="here"
    ),
    "sign-in too large chunked": Case(
        "POST", "/inbox/sign-in/{token}", 413, b"x" * HUGE, origin="here", chunked=True
    ),
    "sign-in unknown token": Case("POST", "/inbox/sign-in/" + "A" * 43, 403, origin="here"),
    "sign-in PUT": Case("PUT", "/inbox/sign-in/{token}", 405, origin="here"),
    "sign-out no origin": Case("POST", "/inbox/sign-out", 403, signed_in=True),
    "sign-out another site": Case("POST", "/inbox/sign-out", 403, signed_in=True, origin=ELSEWHERE),
    "sign-out GET": Case("GET", "/inbox/sign-out", 405, signed_in=True),
    # Inbox: a thread and its actions
    "thread signed out": Case("GET", "/inbox/handoffs/{asked}", 401),
    "thread not a number": Case("GET", "/inbox/handoffs/abc", 404, signed_in=True),
    "accept no origin": Case("POST", "/inbox/handoffs/{asked}/accept", 403, signed_in=True),
    "accept another site": Case(
        "POST", "/inbox/handoffs/{asked}/accept", 403, signed_in=True, origin=ELSEWHERE
    ),
    "accept signed out": Case("POST", "/inbox/handoffs/{asked}/accept", 401, origin="here"),
    "accept forged cookie": Case(
        "POST", "/inbox/handoffs/{asked}/accept", 401, origin="here", cookie="wcwd_inbox=x"
    ),
    "accept no such handoff": Case(
        "POST", "/inbox/handoffs/999/accept", 403, signed_in=True, origin="here"
    ),
    "accept one held already": Case(
        "POST", "/inbox/handoffs/{held}/accept", 409, signed_in=True, origin="here"
    ),
    "accept GET": Case("GET", "/inbox/handoffs/{asked}/accept", 405, signed_in=True),
    "close before accepting": Case(
        "POST", "/inbox/handoffs/{asked}/close", 409, signed_in=True, origin="here"
    ),
    "reply empty": Case(
        "POST", "/inbox/handoffs/{held}/reply", 400, b"text=+", signed_in=True, origin="here"
    ),
    "reply too long": Case(
        "POST",
        "/inbox/handoffs/{held}/reply",
        400,
        form({"text": "x" * 1601}),
        signed_in=True,
        origin="here",
    ),
    "reply as json": Case(
        "POST",
        "/inbox/handoffs/{held}/reply",
        400,
        b'{"text": "hi"}',
        JSON,
        signed_in=True,
        origin="here",
    ),
    "bring in nobody": Case(
        "POST", "/inbox/handoffs/{held}/bring-in", 400, b"person=abc", signed_in=True, origin="here"
    ),
    "unknown action": Case(
        "POST", "/inbox/handoffs/{held}/explode", 404, signed_in=True, origin="here"
    ),
}


@dataclass
class Bot:
    """The bot on loopback, the fakes it sends through, and Amira's inbox as set up."""

    world: World
    twilio: FakeTwilio
    telegram: FakeTelegram
    session: str
    handoffs: dict[str, int]

    async def state(self) -> dict[str, object]:
        """Everything that must not change, from the real database."""
        return {name: await self.world.runtime.store.scalar(sql) for name, sql in STATE.items()}

    async def send(self, case: Case) -> httpx.Response:
        """``case`` as a request, dressed as its row says."""
        path = case.path.format(token=await self.world.token(AMIRA), **self.handoffs)
        async with httpx.AsyncClient(base_url=self.world.url) as http:
            content = _chunks(case.body) if case.chunked else case.body
            return await http.request(case.method, path, content=content, headers=self.dress(case))

    def dress(self, case: Case) -> dict[str, str]:
        headers = dict(case.extra)
        if case.kind:
            headers["content-type"] = case.kind
        if case.twilio:
            params = dict(parse_qsl(case.body.decode("latin-1"), keep_blank_values=True))
            forged = case.twilio != "signed"
            headers["x-twilio-signature"] = "forged" if forged else sign(params, case.path)
        if case.secret:
            headers["x-telegram-bot-api-secret-token"] = case.secret
        if case.origin:
            headers["origin"] = self.world.url if case.origin == "here" else case.origin
        if case.referer:
            headers["referer"] = case.referer
        if case.signed_in or case.cookie:
            headers["cookie"] = case.cookie or f"wcwd_inbox={self.session}"
        return headers


async def _chunks(body: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(body), 4096):
        yield body[start : start + 4096]


@contextlib.asynccontextmanager
async def bot_on(settings: Settings) -> AsyncIterator[Bot]:
    """The app with SMS, Telegram and the inbox, Amira signed in, her two handoffs made."""
    twilio, telegram = FakeTwilio(), FakeTelegram(TOKEN)
    async with serve_app(twilio.app) as twilio_url, serve_app(telegram.app) as telegram_url:
        clock = ManualClock(START)
        live: list[Connector] = [make_sms(twilio_url), make_telegram(telegram_url)]
        app = create_app(settings, open_runtime=opener(clock), live=live)
        async with serve_app(app) as url:
            world = World(url, app.state.runtime, clock)
            asked, _ = await world.handoff([(AMIRA, "Amira Hassan", "asked")])
            held, _ = await world.handoff([(AMIRA, "Amira Hassan", "accepted")])
            async with world.client() as browser:
                signed = await browser.post(f"/inbox/sign-in/{await world.token(AMIRA)}")
                assert signed.status_code == 303
                session = signed.cookies["wcwd_inbox"]
            yield Bot(world, twilio, telegram, session, {"asked": asked, "held": held})


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_bad_input_gets_its_status_and_changes_nothing(
    sample_copy: Settings, case: Case
) -> None:
    async with bot_on(sample_copy) as bot:
        before = await bot.state()
        response = await bot.send(case)
        assert response.status_code == case.status, response.text
        await settle(bot.world.runtime)
        after = await bot.state()
        sent = len(bot.twilio.calls) + len(bot.telegram.called("sendMessage", ok=None))
    if case.takes:
        assert after["inbound"] == int(str(before["inbound"])) + case.takes
        return
    assert after == before | {"unused sign-ins": after["unused sign-ins"]}
    assert after["unused sign-ins"] == int(str(before["unused sign-ins"])) + 1  # its own link
    assert sent == 0
