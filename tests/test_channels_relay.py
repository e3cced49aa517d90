"""A resident on SMS and a neighbour on Telegram are introduced and talk, through both real
webhooks: signed Twilio posts and secret-bearing Telegram updates in, the fake Twilio REST
API and the fake Bot API out, all over HTTP on loopback."""

from __future__ import annotations

import json
from typing import Any

import httpx

from bot.settings import Settings
from connectors.base import Connector
from tests.fakes.bot_app import channel_app, eventually
from tests.fakes.fake_telegram import FakeTelegram
from tests.fakes.fake_twilio import FakeTwilio
from tests.fakes.server import serve_app
from tests.harness import SKINT_IN_MILLBROOK
from tests.test_sms_twilio import FROM, make_sms, post_sms, text_form
from tests.test_telegram import TOKEN, make_telegram, post_update

DEE = "+447700900123"
SAM = 5550101  # Sam Okafor, a peer on Telegram in the sample roster
LISTEN = SKINT_IN_MILLBROOK


def sam_update(update_id: int, text: str | None = None, press: str | None = None) -> dict[str, Any]:
    who = {"id": SAM, "is_bot": False, "first_name": "Sam"}
    chat = {"id": SAM, "type": "private"}
    if press is None:
        message = {"message_id": update_id, "date": 1, "chat": chat, "from": who, "text": text}
        return {"update_id": update_id, "message": message}
    shown = {"message_id": 7, "date": 1, "chat": chat, "text": "request"}
    query = {
        "id": f"cb{update_id}",
        "from": who,
        "chat_instance": "c",
        "data": press,
        "message": shown,
    }
    return {"update_id": update_id, "callback_query": query}


async def test_a_resident_on_sms_and_a_peer_on_telegram_talk_through_the_bot(
    sample: Settings,
) -> None:
    settings = sample
    twilio, telegram = FakeTwilio(), FakeTelegram(TOKEN)
    async with serve_app(twilio.app) as twilio_url, serve_app(telegram.app) as telegram_url:
        live: list[Connector] = [make_sms(twilio_url), make_telegram(telegram_url)]
        app = channel_app(settings, live)
        async with serve_app(app) as url, httpx.AsyncClient(base_url=url) as http:

            async def dee(text: str, n: int) -> None:
                form = text_form(text, sid=f"SM{n:032x}", sender=DEE)
                reply = await post_sms(http, form)
                assert reply.status_code == 200
                await eventually(lambda: len(twilio.sent) >= n)

            async def sam(update: dict[str, Any]) -> None:
                reply = await post_update(http, update)
                assert reply.status_code == 200

            for n, words in enumerate(LISTEN, start=1):
                await dee(words, n)
            await eventually(lambda: "Here's who might help" in twilio.sent[-1]["Body"])
            offer = twilio.sent[-1]["Body"]
            number = next(line[0] for line in offer.splitlines() if "Sam, a neighbour" in line)
            for n, words in enumerate([number, "Dee", "yes"], start=len(twilio.sent) + 1):
                await dee(words, n)

            await eventually(lambda: bool(telegram.sent))
            request = telegram.sent[-1]
            assert int(request["chat_id"]) == SAM
            assert "Dee would like some help" in request["text"]
            assert DEE not in json.dumps(request)
            buttons = request["reply_markup"]["inline_keyboard"]
            accept = next(
                b["callback_data"] for row in buttons for b in row if b["text"] == "Accept"
            )

            before = len(twilio.sent)
            await sam(sam_update(9001, press=accept))
            await eventually(lambda: len(twilio.sent) > before)
            assert twilio.sent[-1]["Body"].startswith("Good news: Sam said yes")
            assert twilio.sent[-1]["To"] == DEE
            assert twilio.sent[-1]["From"] == FROM

            await sam(sam_update(9002, text="Hi Dee, I can come with you to the council"))
            await eventually(lambda: twilio.sent[-1]["Body"].startswith("Sam: Hi Dee"))
            chats = len(telegram.sent)
            form = text_form("thank you so much", sid=f"SM{999:032x}", sender=DEE)
            await post_sms(http, form)
            await eventually(lambda: len(telegram.sent) > chats)
            assert telegram.sent[-1]["text"] == "Dee: thank you so much"
            assert int(telegram.sent[-1]["chat_id"]) == SAM
