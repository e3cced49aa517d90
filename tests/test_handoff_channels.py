"""A resident on SMS is handed off to a named worker on Telegram, through both real webhooks.

The bot runs on uvicorn on loopback with SMS and Telegram live: the resident's texts are
Twilio posts signed by the twilio library's own RequestValidator, the workers' messages
and button presses are Telegram updates carrying the webhook secret, and everything the
bot says goes out through the real senders to the fake Twilio REST API and the fake Bot
API (the real python-telegram-bot ``Bot``), whose records the tests read. Nothing leaves
loopback. The sample roster has Amira (worker, Telegram) and Tom (worker, SMS) on duty.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from bot.runtime import Runtime
from bot.settings import Settings
from connectors.base import Connector
from flows.handoff import start as handoff_start
from tests.fakes.bot_app import channel_app, eventually, settle
from tests.fakes.fake_telegram import FakeTelegram
from tests.fakes.fake_twilio import FakeTwilio
from tests.fakes.server import serve_app
from tests.test_sms_twilio import FROM, make_sms, post_sms, text_form
from tests.test_telegram import TOKEN, make_telegram, post_update

JO = "+447700900123"  # the resident, on SMS
AMIRA = 5550201  # Amira Hassan, a worker at the Community Hub, on Telegram
TOM = "+447700900401"  # Tom Fletcher, a worker, on SMS ("07700 900401" in the roster)
HELEN = "+447700900402"  # Helen Wright, the coordinator, on SMS: not asked at first
WORDS = "the council keep losing my housing forms"
# What Jo approved: her words, as she read them back.
APPROVED = WORDS
CARD = (
    "From the Eastfield neighbours line: Jo would like a local person to pick this up. "
    f'In their words: "{APPROVED}". Will you be the person who stays with them?'
)
TAKE, NOT_ME = handoff_start.ANSWER_BUTTONS
HELD = "Amira from the Community Hub has picked this up and will text you by "
SENT = (
    "Thank you, Jo. I've sent that to Amira and Tom, on duty today. As soon as one of "
    "them picks it up I'll tell you their name and when they'll text you."
)
INTRO = {
    "Amira": HELD,
    "Tom": "Tom from the Millbrook and Riverside local area team has picked this up",
}
HOLDERS = "SELECT count(*) FROM links WHERE kind = 'handoff' AND status = 'accepted'"


@dataclass
class Line:
    """The bot serving both webhooks, the fakes it sends through, and a client to post with."""

    app: Starlette
    http: httpx.AsyncClient
    twilio: FakeTwilio
    telegram: FakeTelegram
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime  # type: ignore[no-any-return]

    async def sms(self, sender: str, text: str) -> None:
        """A signed Twilio webhook post: ``sender`` texted ``text`` to the line."""
        form = text_form(text, sid=f"SM{next(self.ids):032x}", sender=sender)
        reply = await post_sms(self.http, form)
        assert reply.status_code == 200

    async def update(self, update: dict[str, Any]) -> None:
        """A Telegram webhook post carrying our secret."""
        reply = await post_update(self.http, update)
        assert reply.status_code == 200

    async def amira_says(self, text: str) -> None:
        """Amira types ``text`` in her private chat with the bot."""
        update_id = next(self.ids)
        message = {
            "message_id": update_id,
            "date": 1,
            "chat": {"id": AMIRA, "type": "private"},
            "from": {"id": AMIRA, "is_bot": False, "first_name": "Amira"},
            "text": text,
        }
        await self.update({"update_id": update_id, "message": message})

    async def amira_presses(self, label: str, card: dict[str, Any]) -> None:
        """Amira presses the button labelled ``label`` under the card the bot sent her."""
        markup = card["reply_markup"]
        buttons = [b for row in markup["inline_keyboard"] for b in row]
        data = next(b["callback_data"] for b in buttons if b["text"] == label)
        update_id = next(self.ids)
        shown = {
            "message_id": 7,
            "date": 1,
            "chat": {"id": AMIRA, "type": "private"},
            "text": card["text"],
            "reply_markup": markup,
        }
        query = {
            "id": f"cb{update_id}",
            "from": {"id": AMIRA, "is_bot": False, "first_name": "Amira"},
            "chat_instance": "c",
            "data": data,
            "message": shown,
        }
        await self.update({"update_id": update_id, "callback_query": query})

    def texts_to(self, number: str) -> list[str]:
        """The bodies of the SMS Twilio took for ``number``, oldest first."""
        return [m["Body"] for m in self.twilio.sent if m["To"] == number]

    def chats_to(self, chat: int) -> list[dict[str, Any]]:
        """The messages the Bot API took for ``chat``, oldest first."""
        return [m for m in self.telegram.sent if int(m["chat_id"]) == chat]

    def heard(self, worker: str) -> list[str]:
        """What the bot said to ``worker`` ("Amira" on Telegram or "Tom" on SMS), in order."""
        if worker == "Amira":
            return [m["text"] for m in self.chats_to(AMIRA)]
        return self.texts_to(TOM)

    async def holders(self) -> int:
        return int(await self.runtime.store.scalar(HOLDERS, ()))


@contextlib.asynccontextmanager
async def line(settings: Settings) -> AsyncIterator[Line]:
    """The bot on the real clock, both channels live, each fake on its own loopback port."""
    twilio, telegram = FakeTwilio(), FakeTelegram(TOKEN)
    async with serve_app(twilio.app) as twilio_url, serve_app(telegram.app) as telegram_url:
        live: list[Connector] = [make_sms(twilio_url), make_telegram(telegram_url)]
        app = channel_app(settings, live)
        async with serve_app(app) as url, httpx.AsyncClient(base_url=url) as http:
            yield Line(app, http, twilio, telegram)


async def jo_answers(bot: Line, text: str, asked: str) -> None:
    """Jo texts ``text``; the bot's next SMS to Jo asks ``asked``."""
    before = len(bot.texts_to(JO))
    await bot.sms(JO, text)
    await eventually(lambda: len(bot.texts_to(JO)) > before)
    assert asked in bot.texts_to(JO)[-1]


async def ask_for_a_person(bot: Line) -> dict[str, Any]:
    """Jo asks for a person and approves the card; returns the card as Amira got it."""
    script = [
        ("hi", "What can we do for you?"),
        (WORDS, "Which part of Eastfield are you in?"),
        ("PERSON", "What name would you like them to use for you?"),
        ("Jo", "Is that OK to share?"),
    ]
    for text, asked in script:
        await jo_answers(bot, text, asked)
    read_back = bot.texts_to(JO)[-1]
    assert f'in your words: "{APPROVED}"' in read_back
    assert read_back.endswith("\n1 Yes, share it\n2 Change it")  # SMS buttons, numbered

    await bot.sms(JO, "yes")
    await eventually(lambda: bot.texts_to(JO)[-1] == SENT)
    await eventually(lambda: bool(bot.chats_to(AMIRA)) and bool(bot.texts_to(TOM)))
    card = bot.chats_to(AMIRA)[-1]
    assert card["text"] == CARD
    labels = [b["text"] for row in card["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == [TAKE, NOT_ME]
    assert bot.texts_to(TOM) == [f"{CARD}\n1 {TAKE}\n2 {NOT_ME}"]
    assert bot.texts_to(HELEN) == []
    assert JO not in json.dumps(bot.telegram.sent) + "".join(bot.texts_to(TOM))
    assert await bot.holders() == 0
    return card


async def test_a_resident_on_sms_and_a_worker_on_telegram_complete_a_handoff_relay(
    sample: Settings,
) -> None:
    async with line(sample) as bot:
        card = await ask_for_a_person(bot)

        answered = len(bot.telegram.called("answerCallbackQuery"))
        await bot.amira_presses(TAKE, card)
        await eventually(lambda: bot.texts_to(JO)[-1].startswith(HELD))
        assert bot.texts_to(JO)[-1].endswith(
            "Anything you send here goes to Amira now, and your number stays private."
        )
        await eventually(lambda: bot.chats_to(AMIRA)[-1]["text"].startswith("It's yours."))
        assert "I've told Jo you'll text them by " in bot.chats_to(AMIRA)[-1]["text"]
        await eventually(lambda: len(bot.texts_to(TOM)) == 2)
        assert bot.texts_to(TOM)[-1] == (
            "Amira has picked up Jo's card, so no need to answer it. Thank you."
        )
        assert len(bot.telegram.called("answerCallbackQuery")) > answered
        assert await bot.holders() == 1

        await bot.amira_says("Hi Jo, it's Amira. When's good for a call?")
        relayed = "Amira: Hi Jo, it's Amira. When's good for a call?"
        await eventually(lambda: bot.texts_to(JO)[-1] == relayed)
        to_jo = next(m for m in reversed(bot.twilio.sent) if m["To"] == JO)
        assert to_jo["From"] == FROM
        assert str(AMIRA) not in to_jo["Body"]

        chats = len(bot.chats_to(AMIRA))
        await bot.sms(JO, "after 3 is fine")
        await eventually(lambda: len(bot.chats_to(AMIRA)) > chats)
        to_amira = bot.chats_to(AMIRA)[-1]
        assert to_amira["text"] == "Jo: after 3 is fine"
        assert JO not in json.dumps(to_amira)
        assert JO.removeprefix("+") not in json.dumps(to_amira)

        # Only Amira holds it: Tom hears none of the talk, and nobody sees another's address.
        assert len(bot.texts_to(TOM)) == 2
        assert bot.texts_to(JO)[-1] == relayed
        assert all(str(AMIRA) not in body for body in bot.texts_to(JO))
        assert JO not in json.dumps(bot.telegram.sent)


@pytest.mark.parametrize("first", ["Tom", "Amira"])
async def test_two_workers_taking_the_same_card_at_once_leave_exactly_one_holder(
    sample: Settings, first: str
) -> None:
    """Tom texts "take" on SMS as Amira presses "I'll take this" on Telegram: both posts are
    in flight together (``first`` is only whose request starts first). One holds it, the
    resident hears once, and the other is told once who picked it up."""
    async with line(sample) as bot:
        card = await ask_for_a_person(bot)
        since = {worker: len(bot.heard(worker)) for worker in ("Amira", "Tom")}

        takes = {"Tom": bot.sms(TOM, "take"), "Amira": bot.amira_presses(TAKE, card)}
        await asyncio.gather(takes[first], *(t for who, t in takes.items() if who != first))

        picked = "has picked this up and will text you by"
        await eventually(lambda: any(picked in body for body in bot.texts_to(JO)))
        holder = await bot.runtime.store.scalar(
            "SELECT helper_name FROM links WHERE kind = 'handoff' AND status = 'accepted'", ()
        )
        assert holder in ("Amira Hassan", "Tom Fletcher")
        winner, loser = ("Amira", "Tom") if holder == "Amira Hassan" else ("Tom", "Amira")
        taken = f"{winner} has picked up Jo's card, so no need to answer it. Thank you."
        await eventually(lambda: taken in bot.heard(loser)[since[loser] :])
        await eventually(lambda: any(t.startswith("It's yours.") for t in bot.heard(winner)))
        await settle(bot.runtime)  # both answers processed, everything they caused sent

        assert await bot.holders() == 1
        told = [body for body in bot.texts_to(JO) if picked in body]
        assert len(told) == 1
        assert told[0].startswith(INTRO[winner])
        won, lost = bot.heard(winner)[since[winner] :], bot.heard(loser)[since[loser] :]
        assert [text for text in won if text.startswith("It's yours.")] == won[:1]
        assert not any(text.startswith("It's yours.") for text in lost)
        assert lost == [taken]
