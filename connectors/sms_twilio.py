"""SMS through Twilio: check and read the webhook, send replies through the REST API.

Each outbox message goes out as one API call, so the outbox either knows it was taken or
knows it was not: Twilio splits a long body into the parts of one concatenated SMS that
the phone shows as one message. Only a text longer than ``MAX_SEGMENTS`` segments is
sent as several messages, cut between words; a retry then skips the parts already taken.
"""

from __future__ import annotations

import base64
import logging
import re
from collections import OrderedDict
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import aiohttp
import phonenumbers
from twilio.base import values
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from common.models import Channel, Inbound, Outbound
from connectors.base import PermanentSendError, SendReceipt, TemporarySendError
from connectors.sms_segments import chunks

# The library logs every request line at INFO, with the account in the URL: keep it quiet.
logging.getLogger("twilio.async_http_client").setLevel(logging.WARNING)

STATUS_PATH = "/sms/twilio/status"
# Twilio takes 1600 characters a message and advises against more than ten segments.
MAX_SEGMENTS = 10
OPTED_OUT = 21610
REQUEST_TIMEOUT = 15.0
# Multi-part sends remembered between retries; only texts over MAX_SEGMENTS ever land here.
MAX_REMEMBERED = 1024
_NUMBER = re.compile(r"\+?\d[\d ()-]{5,}\d")
# Twilio writes the channel before the address when it is not SMS: "whatsapp:+44...".
_CHANNEL_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_-]{0,31}):")


class _RateLimited(Exception):
    """Twilio answered 429; the library drops the Retry-After header, so it is kept here."""

    def __init__(self, retry_after: float | None) -> None:
        super().__init__("Twilio says too many requests")
        self.retry_after = retry_after


class _HttpClient:
    """Wraps the library's aiohttp client: a time-out always set (the library passes none,
    which aiohttp reads as "wait for ever"), no retries of its own, 429 answers surfaced
    with their Retry-After, and (for tests) another host to talk to."""

    is_async = True

    def __init__(self, base_url: str | None, timeout: float) -> None:
        self._inner = AsyncTwilioHttpClient(timeout=timeout)
        self._base_url = base_url.rstrip("/") if base_url else None
        self._timeout = timeout

    # The signature is the library's, time-out included.
    async def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109
        allow_redirects: bool = False,
    ) -> Response:
        if self._base_url:
            url = self._base_url + "/" + url.split("/", 3)[3]
        if auth is not None:
            # aiohttp deprecates its BasicAuth, which the library would build from ``auth``.
            headers = {**(headers or {}), "Authorization": _basic_auth(*auth)}
        response: Response = await self._inner.request(
            method, url, params, data, headers, None, timeout or self._timeout, allow_redirects
        )
        if response.status_code == 429:
            raise _RateLimited(_seconds(response.headers.get("Retry-After")))
        return response

    async def close(self) -> None:
        await self._inner.close()


class TwilioSms:
    """The SMS channel: one Twilio client, made inside the running loop on first use."""

    channel = Channel.SMS.value

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        public_url: str,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
        api_base_url: str | None = None,
        timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        if not (from_number or messaging_service_sid):
            raise ValueError("a from number or a messaging service is needed to send")
        self._account_sid = account_sid
        self._auth_token = auth_token
        self._public_url = public_url.rstrip("/")
        self._from = from_number
        self._service = messaging_service_sid
        self._api_base_url = api_base_url
        self._timeout = timeout
        self._validator = RequestValidator(auth_token)
        self._client: Client | None = None
        self._http: _HttpClient | None = None
        self._parts_taken: OrderedDict[int, list[str]] = OrderedDict()

    def url_for(self, path: str, query: str = "") -> str:
        """The URL Twilio was given for ``path``, which is what it signs."""
        return f"{self._public_url}{path}" + (f"?{query}" if query else "")

    def verify(self, url: str, params: Mapping[str, Any], signature: str | None) -> bool:
        """Whether ``signature`` is Twilio's for ``url`` and every form parameter."""
        if not signature:
            return False
        return bool(self._validator.validate(url, params, signature))

    def parse(self, form: Mapping[str, Any], now: datetime) -> Inbound | None:
        """An Inbound from a verified message webhook, or None when it is not one."""
        sid, sender = form.get("MessageSid"), form.get("From")
        if not isinstance(sid, str) or not isinstance(sender, str) or not sid:
            return None
        if other_channel(form) is not None:
            return None
        address = normalise_number(sender)
        body = form.get("Body", "")
        if address is None or not isinstance(body, str) or len(sid) > 128:
            return None
        return Inbound(
            channel=self.channel,
            address=address,
            external_id=sid,
            text=body,
            has_media=_count(form.get("NumMedia")) > 0,
            received_at=now,
        )

    async def send(self, message: Outbound) -> SendReceipt:
        """Send ``message``, with buttons as numbered lines; Twilio's answer decides retries."""
        parts = chunks(as_sms(message.text, message.buttons), MAX_SEGMENTS)
        key = message.outbox_id if len(parts) > 1 else None
        taken = self._parts_taken.pop(key, []) if key is not None else []
        try:
            for part in parts[len(taken) :]:
                taken.append(await self._create(message.address, part))
        except TemporarySendError:
            if key is not None and taken:
                self._remember(key, taken)  # the retry picks up after the parts taken
            raise
        return SendReceipt(provider_id=taken[0] if taken else None)

    async def close(self) -> None:
        """Close the HTTP session (it belongs to the loop it was made in)."""
        if self._http is not None:
            await self._http.close()
            self._http = self._client = None

    async def _create(self, to: str, body: str) -> str:
        client = self._ensure_client()
        try:
            created = await client.messages.create_async(
                to=to,
                body=body,
                from_=self._from or values.unset,
                messaging_service_sid=self._service or values.unset,
                status_callback=self.url_for(STATUS_PATH),
            )
        except TwilioRestException as error:
            raise _classify(error) from error
        except _RateLimited as error:
            raise TemporarySendError(str(error), error.retry_after) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise TemporarySendError(f"could not reach Twilio: {error!r}") from error
        return str(created.sid)

    def _ensure_client(self) -> Client:
        # aiohttp binds its session to the running loop: made on first send, not at start-up.
        if self._client is None:
            self._http = _HttpClient(self._api_base_url, self._timeout)
            self._client = Client(self._account_sid, self._auth_token, http_client=self._http)
        return self._client

    def _remember(self, outbox_id: int, taken: list[str]) -> None:
        self._parts_taken[outbox_id] = taken
        self._parts_taken.move_to_end(outbox_id)
        while len(self._parts_taken) > MAX_REMEMBERED:
            self._parts_taken.popitem(last=False)


def as_sms(text: str, buttons: tuple[str, ...]) -> str:
    """Buttons become numbered lines ("1 Yes"), which the flows read back from a digit."""
    if not buttons:
        return text
    lines = "\n".join(f"{number} {label}" for number, label in enumerate(buttons, start=1))
    return f"{text}\n{lines}"


def other_channel(form: Mapping[str, Any]) -> str | None:
    """The channel (``"whatsapp"``) when From or To names one: this line answers only SMS."""
    for field in ("From", "To"):
        value = form.get(field)
        found = _CHANNEL_PREFIX.match(value) if isinstance(value, str) else None
        if found:
            return found.group(1).lower()
    return None


def normalise_number(raw: str) -> str | None:
    """The number in E.164 (``+447700900123``), or None when it is not a phone number."""
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _classify(error: TwilioRestException) -> TemporarySendError | PermanentSendError:
    # Twilio's wording can quote the number ("The 'To' number +44... is not valid"), and
    # reasons reach the logs, where numbers never go.
    said = _NUMBER.sub("[number]", str(error.msg))
    reason = f"Twilio {error.status} (code {error.code}): {said}"
    if error.code == OPTED_OUT:
        return PermanentSendError(reason, opted_out=True)
    if error.status >= 500 or error.status == 429:
        return TemporarySendError(reason)
    return PermanentSendError(reason)


def _basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _count(value: object) -> int:
    return int(value) if isinstance(value, str) and value.isdigit() else 0
