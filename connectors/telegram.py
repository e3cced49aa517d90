"""Telegram through python-telegram-bot: read webhook updates, send through its ``Bot``.

Only private chats are conversations: in a group, the bot would hear people who never
wrote to it. Buttons are inline keyboards; a press comes back as the button's label.
Sending keeps within Telegram's limits: one message a second per chat, 30 overall.
"""

from __future__ import annotations

import asyncio
import hmac
import os
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from common.models import Channel, Inbound, Outbound
from connectors.base import PermanentSendError, SendReceipt, TemporarySendError
from connectors.sms_segments import split_at_words
from connectors.telegram_updates import CallbackQuery, read_update
from connectors.telegram_updates import Message as Shown

# The library's own opt-in to time periods as timedeltas (its next major version's
# default). Without it, every 429 warns that reading ``retry_after`` as an int is deprecated.
os.environ.setdefault("PTB_TIMEDELTA", "true")

WEBHOOK_PATH = "/telegram/webhook"
API_URL = "https://api.telegram.org/bot"
FILE_URL = "https://api.telegram.org/file/bot"
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")
MAX_TEXT = 4096
CALLBACK_DATA_BYTES = 64
# A label that does not fit callback_data travels as its number, "#2".
BY_NUMBER = "#"
PER_CHAT_INTERVAL = 1.0
PER_SECOND = 30.0


@dataclass(frozen=True)
class TelegramUpdate:
    """What one update holds for us: a message (if any) and a button press to answer."""

    update_id: int
    inbound: Inbound | None
    callback_id: str | None = None


class Pacer:
    """Spaces sends: at least ``per_chat`` seconds apart in one chat, ``per_second`` overall.

    Each send reserves its moment at once (no awaiting in between), so concurrent senders
    never take the same slot. Chats whose last slot has passed are forgotten.
    """

    def __init__(
        self,
        per_chat: float = PER_CHAT_INTERVAL,
        per_second: float = PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_chat = per_chat
        self._gap = 1.0 / per_second
        self._clock = clock
        self._chat_next: dict[str, float] = {}
        self._global_next = 0.0

    def reserve(self, chat: str) -> float:
        """Seconds to wait before sending to ``chat``; the slot is taken."""
        now = self._clock()
        if len(self._chat_next) > 256:
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
        at = max(now, self._chat_next.get(chat, now), self._global_next)
        self._chat_next[chat] = at + self._per_chat
        self._global_next = at + self._gap
        return at - now

    async def wait(self, chat: str) -> None:
        """Sleep until a send to ``chat`` keeps within the limits."""
        delay = self.reserve(chat)
        if delay > 0:
            await asyncio.sleep(delay)


class _Bot(Bot):
    """A ``Bot`` that hands long-polled updates back as Telegram sent them: its own
    ``get_updates`` parses the batch whole, and one update it cannot read loses them all."""

    async def raw_updates(self, offset: int | None, wait_seconds: int) -> object:
        """The result of getUpdates, decoded from JSON and nothing more."""
        params = {
            "offset": offset,
            "timeout": wait_seconds,
            "allowed_updates": list(ALLOWED_UPDATES),
        }
        # As get_updates does: the read waits as long as Telegram may hold the poll open.
        read_timeout = (self._request[0].read_timeout or 0) + wait_seconds
        return await self._post("getUpdates", params, read_timeout=read_timeout)


class TelegramConnector:
    """The Telegram channel: one ``Bot``, initialised on first use inside the running loop."""

    channel = Channel.TELEGRAM.value

    def __init__(
        self,
        token: str,
        webhook_secret: str,
        base_url: str = API_URL,
        base_file_url: str = FILE_URL,
        pacer: Pacer | None = None,
    ) -> None:
        self._secret = webhook_secret.encode()
        self._pacer = pacer or Pacer()
        # Kept here as well as in the Bot: the Bot closes them only if it was initialised.
        self._requests = (
            HTTPXRequest(connection_pool_size=16, read_timeout=10.0),
            HTTPXRequest(connection_pool_size=1),
        )
        self.bot = _Bot(
            token,
            base_url=base_url,
            base_file_url=base_file_url,
            request=self._requests[0],
            get_updates_request=self._requests[1],
        )
        self._ready = asyncio.Lock()

    def check_secret(self, header: str | None) -> bool:
        """Whether the webhook's secret-token header is ours (compared in constant time)."""
        return header is not None and hmac.compare_digest(header.encode(), self._secret)

    def read(self, data: object, now: datetime) -> TelegramUpdate:
        """The update's message and press; MalformedUpdate when ``data`` is not an update."""
        update = read_update(data)
        external_id = f"u{update.update_id}"
        if update.callback_query is not None:
            query = update.callback_query
            return TelegramUpdate(update.update_id, _press(query, external_id, now), query.id)
        message = update.message or update.edited_message
        return TelegramUpdate(update.update_id, _message(message, external_id, now))

    def parse(self, data: object, now: datetime) -> Inbound | None:
        """An Inbound from a webhook update, or None for updates we do not handle."""
        return self.read(data, now).inbound

    async def answer_callback(self, callback_id: str) -> None:
        """Tell Telegram the press was taken, so the button stops spinning."""
        await self._ensure_ready()
        await self.bot.answer_callback_query(callback_id)

    async def send(self, message: Outbound) -> SendReceipt:
        """Send ``message`` (buttons as an inline keyboard), paced; errors say whether to retry."""
        parts = split_at_words(message.text, MAX_TEXT, _utf16) or [message.text]
        try:
            await self._ensure_ready()
            sent: Message | None = None
            for number, part in enumerate(parts, start=1):
                await self._pacer.wait(message.address)
                markup = keyboard(message.buttons) if number == len(parts) else None
                sent = await self.bot.send_message(message.address, part, reply_markup=markup)
        except TelegramError as error:
            raise _classify(error) from error
        return SendReceipt(provider_id=str(sent.message_id) if sent else None)

    async def set_webhook(self, url: str) -> None:
        """Ask Telegram to post updates to ``url`` with our secret token."""
        await self._ensure_ready()
        await self.bot.set_webhook(
            url, secret_token=self._secret.decode(), allowed_updates=list(ALLOWED_UPDATES)
        )

    async def updates(self, offset: int | None, wait_seconds: int) -> list[object]:
        """Long-poll for updates after ``offset`` (the webhook must be off), as sent: each
        is read on its own, so one that cannot be read does not hold up the others."""
        await self._ensure_ready()
        try:
            found = await self.bot.raw_updates(offset, wait_seconds)
        except RecursionError as error:
            raise TelegramError("the updates Telegram sent could not be read") from error
        if not isinstance(found, list):
            raise TelegramError("Telegram did not answer getUpdates with a list")
        return found

    async def delete_webhook(self) -> None:
        """Stop webhook delivery, so long polling may take over."""
        await self._ensure_ready()
        await self.bot.delete_webhook()

    async def close(self) -> None:
        """Close the HTTP clients."""
        await self.bot.shutdown()
        for request in self._requests:
            await request.shutdown()

    async def _ensure_ready(self) -> None:
        # initialize() asks getMe once; the lock keeps concurrent first sends to one ask.
        async with self._ready:
            await self.bot.initialize()


def _utf16(char: str) -> int:
    # Telegram measures text in UTF-16 code units, as its clients do.
    return 2 if ord(char) > 0xFFFF else 1


def keyboard(buttons: tuple[str, ...]) -> InlineKeyboardMarkup | None:
    """One button a row; each carries its label back, or its number when the label is long."""
    if not buttons:
        return None
    rows = [
        [InlineKeyboardButton(label, callback_data=callback_data(label, number))]
        for number, label in enumerate(buttons, start=1)
    ]
    return InlineKeyboardMarkup(rows)


def callback_data(label: str, number: int) -> str:
    """What a button sends back: its label if it fits Telegram's 64 bytes, else "#n"."""
    fits = len(label.encode()) <= CALLBACK_DATA_BYTES
    return label if fits and not label.startswith(BY_NUMBER) else f"{BY_NUMBER}{number}"


def _message(message: Shown | None, external_id: str, now: datetime) -> Inbound | None:
    if message is None or message.chat.type != "private":
        return None
    return Inbound(
        channel=Channel.TELEGRAM.value,
        address=str(message.chat.id),
        external_id=external_id,
        text=message.text or message.caption or "",
        has_media=message.has_media,
        received_at=now,
    )


def _press(query: CallbackQuery, external_id: str, now: datetime) -> Inbound | None:
    shown = query.message if query.message is not None and query.message.date != 0 else None
    if shown is not None and shown.chat.type != "private":
        return None
    data = query.data or ""
    address = str(shown.chat.id) if shown else str(query.from_.id)
    common = {"channel": Channel.TELEGRAM.value, "address": address, "received_at": now}
    number = data[len(BY_NUMBER) :] if data.startswith(BY_NUMBER) else ""
    if not number.isdigit():
        return Inbound(external_id=external_id, text=data, press=data or None, **common)
    label = _label_of(shown, data)
    if label is None:
        # The flows read a bare number against the buttons they last showed.
        return Inbound(external_id=external_id, text=number, **common)
    return Inbound(external_id=external_id, text=label, press=label, **common)


def _label_of(shown: Shown | None, data: str) -> str | None:
    markup = shown.reply_markup if shown else None
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


def _classify(error: TelegramError) -> TemporarySendError | PermanentSendError:
    reason = f"Telegram: {error.message}"
    if isinstance(error, RetryAfter):
        return TemporarySendError(reason, retry_after=retry_seconds(error))
    if isinstance(error, Forbidden):
        return PermanentSendError(reason, opted_out=True)
    if isinstance(error, BadRequest | ChatMigrated):
        return PermanentSendError(reason)
    if isinstance(error, InvalidToken):
        # A setting to fix, not a reason to drop messages: they wait for the right token.
        return TemporarySendError(reason)
    if isinstance(error, NetworkError):
        return TemporarySendError(reason)
    return PermanentSendError(reason)


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asked us to wait, in seconds, whichever type the library gives."""
    with warnings.catch_warnings():
        # Reading it as an int is deprecated in favour of a timedelta; either will do here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: int | float | timedelta = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
