"""The SMS and Telegram channels: their settings, their webhooks, and their commands.

A channel whose settings are all absent is off; one that is half set up stops start-up
with a message naming what is missing. Webhooks are checked (Twilio's signature,
Telegram's secret token) before anything is read into the store, and a message is
recorded durably before the webhook is answered.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl, urlsplit

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from telegram.error import TelegramError

from bot.http import HttpError, Route, capped_body, is_loopback
from bot.runtime import Runtime
from bot.sandbox import stand_ins
from connectors.base import Connector
from connectors.sms_twilio import STATUS_PATH, TwilioSms, other_channel
from connectors.telegram import API_URL, WEBHOOK_PATH, Pacer, TelegramConnector
from connectors.telegram_updates import MalformedUpdate, update_id_of
from store.delivery import record_status_alone

log = logging.getLogger(__name__)

SMS_PATH = "/sms/twilio"
MAX_FORM_FIELDS = 200
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
SIGNATURE_HEADER = "x-twilio-signature"
SECRET_HEADER = "x-telegram-bot-api-secret-token"  # noqa: S105 (a header name)
POLL_SECONDS = 25

_ACCOUNT_SID = re.compile(r"^AC[0-9a-fA-F]{32}$")
_SERVICE_SID = re.compile(r"^MG[0-9a-fA-F]{32}$")
_FROM_NUMBER = re.compile(r"^(\+[1-9][0-9]{6,14}|[0-9]{3,8})$")
_BOT_TOKEN = re.compile(r"^[0-9]{3,20}:[A-Za-z0-9_-]{30,}$")
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{16,256}$")

GetRuntime = Callable[[], Runtime]


class ChannelSettings(BaseSettings):
    """SMS (Twilio) and Telegram settings; each channel is on only when it is set up."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    public_url: str | None = Field(default=None, alias="WCWD_PUBLIC_URL")
    twilio_account_sid: str | None = Field(default=None, alias="TWILIO_ACCOUNT_SID")
    twilio_auth_token: str | None = Field(default=None, alias="TWILIO_AUTH_TOKEN")
    twilio_from_number: str | None = Field(default=None, alias="TWILIO_FROM_NUMBER")
    twilio_messaging_service_sid: str | None = Field(
        default=None, alias="TWILIO_MESSAGING_SERVICE_SID"
    )
    telegram_bot_token: str | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_webhook_secret: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_SECRET")
    # Stand-ins for staging and load tests; the real APIs when unset.
    twilio_api_url: str | None = Field(default=None, alias="TWILIO_API_URL")
    telegram_api_url: str | None = Field(default=None, alias="TELEGRAM_API_URL")

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_absent(cls, value: object) -> object:
        # "TWILIO_AUTH_TOKEN=" in a .env file means "not set", not "set to nothing".
        if isinstance(value, str):
            return value.strip() or None
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        return None if value is None else check_public_url(value)

    @field_validator("twilio_api_url", "telegram_api_url")
    @classmethod
    def _api_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        name = "TWILIO_API_URL" if info.field_name == "twilio_api_url" else "TELEGRAM_API_URL"
        return None if value is None else check_url(name, value, "https://api.example.org")

    @property
    def telegram_bot_api(self) -> str:
        """Where Telegram's Bot API is: the real one, or the stand-in TELEGRAM_API_URL."""
        return f"{self.telegram_api_url}/bot" if self.telegram_api_url else API_URL

    @model_validator(mode="after")
    def _whole_channels(self) -> ChannelSettings:
        if self.sms_on:
            self._check_sms()
        if self.telegram_on:
            self._check_telegram()
        return self

    @property
    def sms_on(self) -> bool:
        """Any Twilio setting turns SMS on (and then all of them must be right)."""
        return any(
            (
                self.twilio_account_sid,
                self.twilio_auth_token,
                self.twilio_from_number,
                self.twilio_messaging_service_sid,
            )
        )

    @property
    def telegram_on(self) -> bool:
        """Either Telegram setting turns Telegram on (and then both must be right)."""
        return bool(self.telegram_bot_token or self.telegram_webhook_secret)

    def _check_sms(self) -> None:
        need = "SMS needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, WCWD_PUBLIC_URL and "
        need += "TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID"
        _require("TWILIO_ACCOUNT_SID", self.twilio_account_sid, need)
        _require("TWILIO_AUTH_TOKEN", self.twilio_auth_token, need)
        _require("WCWD_PUBLIC_URL", self.public_url, need + " (Twilio signs that URL)")
        if not (self.twilio_from_number or self.twilio_messaging_service_sid):
            raise ValueError(
                f"TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID is missing: {need}"
            )
        _match("TWILIO_ACCOUNT_SID", self.twilio_account_sid, _ACCOUNT_SID, "AC and 32 hex digits")
        _match(
            "TWILIO_FROM_NUMBER",
            self.twilio_from_number,
            _FROM_NUMBER,
            "a number like +447700900123",
        )
        _match(
            "TWILIO_MESSAGING_SERVICE_SID",
            self.twilio_messaging_service_sid,
            _SERVICE_SID,
            "MG and 32 hex digits",
        )

    def _check_telegram(self) -> None:
        need = "Telegram needs TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET"
        _require("TELEGRAM_BOT_TOKEN", self.telegram_bot_token, need)
        _require("TELEGRAM_WEBHOOK_SECRET", self.telegram_webhook_secret, need)
        _match(
            "TELEGRAM_BOT_TOKEN", self.telegram_bot_token, _BOT_TOKEN, "the token BotFather gave"
        )
        _match(
            "TELEGRAM_WEBHOOK_SECRET",
            self.telegram_webhook_secret,
            _WEBHOOK_SECRET,
            "16 to 256 of A-Z, a-z, 0-9, _ and -",
        )


def check_public_url(value: str) -> str:
    """The URL without a trailing slash; https, except on this machine (for trying out)."""
    return check_url("WCWD_PUBLIC_URL", value, "https://bot.example.org")


def check_url(name: str, value: str, example: str) -> str:
    """``value`` without a trailing slash; https, except on this machine (for trying out)."""
    parts = urlsplit(value)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError(f"{name} must be a full URL such as {example}")
    if parts.scheme != "https" and not is_loopback(host):
        raise ValueError(f"{name} must start with https:// (http only for localhost)")
    if parts.query or parts.fragment:
        raise ValueError(f"{name} must not have a query or fragment")
    return value.rstrip("/")


def _require(name: str, value: str | None, need: str) -> None:
    if not value:
        raise ValueError(f"{name} is missing: {need}")


def _match(name: str, value: str | None, pattern: re.Pattern[str], looks_like: str) -> None:
    if value is not None and not pattern.match(value):
        raise ValueError(f"{name} is malformed: expected {looks_like}")


def build_connectors(cs: ChannelSettings, telegram_pacer: Pacer | None = None) -> list[Connector]:
    """One connector per channel that is on, sending to the APIs the settings name."""
    found: list[Connector] = []
    if cs.sms_on:
        found.append(_sms(cs))
    if cs.telegram_on:
        found.append(_telegram(cs, telegram_pacer))
    return found


def _sms(cs: ChannelSettings) -> TwilioSms:
    if not (cs.twilio_account_sid and cs.twilio_auth_token and cs.public_url):
        raise RuntimeError("SMS is off: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, ...")
    return TwilioSms(
        cs.twilio_account_sid,
        cs.twilio_auth_token,
        cs.public_url,
        from_number=cs.twilio_from_number,
        messaging_service_sid=cs.twilio_messaging_service_sid,
        api_base_url=cs.twilio_api_url,
    )


def _telegram(cs: ChannelSettings, pacer: Pacer | None = None) -> TelegramConnector:
    if not (cs.telegram_bot_token and cs.telegram_webhook_secret):
        raise RuntimeError("Telegram is off: set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET")
    return TelegramConnector(
        cs.telegram_bot_token, cs.telegram_webhook_secret, base_url=cs.telegram_bot_api, pacer=pacer
    )


def live_channels(cs: ChannelSettings) -> list[str]:
    """The names of the live channels that are on ("sms", "telegram")."""
    return [name for name, on in (("sms", cs.sms_on), ("telegram", cs.telegram_on)) if on]


def reachable_channels(cs: ChannelSettings, sandbox: bool) -> frozenset[str]:
    """Where a server on these settings can send: its live channels, or, with the sandbox
    on (never beside a live channel), the sandbox's stand-ins for every channel."""
    live = live_channels(cs)
    if live or not sandbox:
        return frozenset(live)
    return frozenset(c.channel for c in stand_ins(True, ()))


def describe(cs: ChannelSettings, sandbox: bool = False) -> str:
    """Which channels are on, for the start-up log."""
    shown = {"sms": "sms (twilio)", "telegram": "telegram"}
    on = ["web sandbox"] if sandbox else []
    on += [shown[name] for name in live_channels(cs)]
    return "channels on: " + (", ".join(on) or "none")


# Webhooks -------------------------------------------------------------------------------


def routes(get_runtime: GetRuntime, connectors: list[Connector]) -> list[Route]:
    """The webhook routes of the channels that are on; they refuse in plain text."""
    found: list[Route] = []
    for connector in connectors:
        if isinstance(connector, TwilioSms):
            found += [
                Route(SMS_PATH, _sms_webhook(get_runtime, connector), methods=["POST"]),
                Route(STATUS_PATH, _sms_status(get_runtime, connector), methods=["POST"]),
            ]
        if isinstance(connector, TelegramConnector):
            found.append(
                Route(WEBHOOK_PATH, _telegram_webhook(get_runtime, connector), methods=["POST"])
            )
    return found


Handler = Callable[[Request], Awaitable[Response]]


def _sms_webhook(get_runtime: GetRuntime, sms: TwilioSms) -> Handler:
    async def receive(request: Request) -> Response:
        form = await signed_form(request, sms)
        other = other_channel(form)
        if other is not None:
            # Acknowledged, so Twilio does not retry; the channel is named, never the sender.
            log.warning("dropped a message that came by %s: this line answers SMS only", other)
            return Response(EMPTY_TWIML, media_type="text/xml")
        runtime = get_runtime()
        message = sms.parse(form, runtime.clock.now())
        if message is None:
            raise HttpError(400, "a message needs MessageSid and a phone number in From")
        await runtime.engine.receive(message)
        return Response(EMPTY_TWIML, media_type="text/xml")

    return receive


def _sms_status(get_runtime: GetRuntime, sms: TwilioSms) -> Handler:
    async def status(request: Request) -> Response:
        form = await signed_form(request, sms)
        sid, state = form.get("MessageSid"), form.get("MessageStatus")
        if not isinstance(sid, str) or not isinstance(state, str) or not sid or not state:
            raise HttpError(400, "a status needs MessageSid and MessageStatus")
        code = form.get("ErrorCode")
        runtime = get_runtime()
        await record_status_alone(
            runtime.store.path,
            sid,
            state.lower(),
            runtime.clock.now(),
            error=code if isinstance(code, str) and code else None,
            channel=sms.channel,
        )
        return Response(status_code=204)

    return status


async def signed_form(request: Request, sms: TwilioSms) -> FormData:
    """The form Twilio posted, once its size, shape and signature are right (HttpError)."""
    body = await capped_body(request)
    if not request.headers.get("content-type", "").startswith("application/x-www-form"):
        raise HttpError(400, "expected a form (application/x-www-form-urlencoded)")
    form = _form(body)
    url = sms.url_for(request.url.path, request.url.query)
    if not sms.verify(url, form, request.headers.get(SIGNATURE_HEADER)):
        log.warning("rejected a request to %s without a valid Twilio signature", request.url.path)
        raise HttpError(403, "the signature does not match")
    return form


def _form(body: bytes) -> FormData:
    """The url-encoded ``body`` with its repeated keys (Twilio signs them all)."""
    try:
        text = body.decode("utf-8")
        read = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError) as error:
        raise HttpError(400, "the form could not be read") from error
    pairs: list[tuple[str, str | UploadFile]] = [(name, value) for name, value in read]
    return FormData(pairs)


def _telegram_webhook(get_runtime: GetRuntime, telegram: TelegramConnector) -> Handler:
    async def receive(request: Request) -> Response:
        if not telegram.check_secret(request.headers.get(SECRET_HEADER)):
            log.warning("rejected a Telegram update without our secret token")
            raise HttpError(403, "the secret token does not match")
        body = await capped_body(request)
        if not request.headers.get("content-type", "").startswith("application/json"):
            raise HttpError(400, "expected JSON (application/json)")
        try:
            await take_update(telegram, get_runtime(), _json(body))
        except MalformedUpdate as error:
            raise HttpError(400, f"not a Telegram update ({error.kind})") from error
        except ValueError as error:  # an Inbound the update's values do not fit
            raise HttpError(400, "not a Telegram update") from error
        return Response(status_code=200)

    return receive


def _json(body: bytes) -> object:
    """The decoded body; MalformedUpdate when it is not JSON (nested too deep included)."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise MalformedUpdate("not JSON") from error


async def take_update(telegram: TelegramConnector, runtime: Runtime, data: object) -> None:
    """Record the update's message durably, then answer its button press (if new)."""
    update = telegram.read(data, runtime.clock.now())
    new = await runtime.engine.receive(update.inbound) if update.inbound else False
    if update.callback_id and (new or update.inbound is None):
        try:
            await telegram.answer_callback(update.callback_id)
        except TelegramError as error:
            # The press is kept either way; only the button's spinner waits for its time-out.
            log.warning("could not answer a button press: %s", error)


# Commands -------------------------------------------------------------------------------


async def set_webhook(cs: ChannelSettings) -> str:
    """``whatcanwedo telegram set-webhook``: point Telegram at our webhook, with the secret."""
    if not cs.public_url:
        raise RuntimeError("WCWD_PUBLIC_URL is missing: Telegram needs a URL to post to")
    telegram = _telegram(cs)
    url = cs.public_url + WEBHOOK_PATH
    try:
        await telegram.set_webhook(url)
    finally:
        await telegram.close()
    return url


async def poll(cs: ChannelSettings, runtime: Runtime, wait_seconds: int = POLL_SECONDS) -> None:
    """``whatcanwedo telegram poll``: fetch updates by long polling until cancelled.

    The webhook is switched off first (Telegram allows one or the other). An update is
    recorded before the next fetch confirms it, so a crash in between repeats it, and a
    repeat changes nothing.
    """
    telegram = runtime.connectors.get("telegram")
    if not cs.telegram_on or not isinstance(telegram, TelegramConnector):
        raise RuntimeError("Telegram is off: set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET")
    await telegram.delete_webhook()
    offset: int | None = None
    failures = 0
    while True:
        try:
            batch = await telegram.updates(offset, wait_seconds)
        except TelegramError as error:
            failures += 1
            log.warning("fetching Telegram updates failed (%s); trying again", error)
            await asyncio.sleep(min(2.0**failures, 60.0))
            continue
        failures = 0
        for data in batch:
            offset = await _take_polled(telegram, runtime, data, offset)


async def _take_polled(
    telegram: TelegramConnector, runtime: Runtime, data: object, offset: int | None
) -> int | None:
    """Take one fetched update in; returns the offset that confirms it. One that cannot be
    read is skipped (and confirmed, if it has a number), so the next ones still come."""
    update_id = update_id_of(data)
    if update_id is not None:
        offset = max(offset or 0, update_id + 1)
    try:
        await take_update(telegram, runtime, data)
    except MalformedUpdate as error:
        # Where it went wrong, never what it held: it can quote the person's words.
        log.warning("skipped a Telegram update that could not be read (%s)", error.kind)
    except ValueError as error:
        log.warning("skipped a Telegram update that could not be read (%s)", type(error).__name__)
    return offset
