"""A refused request is told why, in the way its route answers: plain text from the SMS and
Telegram webhooks, ``{"error": ...}`` JSON from the sandbox (its page shows it), and the
inbox's short page (with the inbox's headers) from the inbox. Over real HTTP, on loopback.
"""

from __future__ import annotations

import httpx

from bot.app import create_app
from bot.inbox import HEADERS
from bot.settings import Settings
from tests.harness import with_sandbox
from tests.live import sandbox_browser, serve_app
from tests.test_bad_input import CASES, bot_on

TOO_LARGE = "the body is larger than 65536 bytes"
NO_SESSION = "no sandbox session: open the sandbox page first (it sets a cookie)"
NOT_YOURS = (
    "this phone is being used from another browser: pick another number, "
    "or use the browser that opened it"
)
# A row of the bad-input table, and the words that answer it, exactly.
WEBHOOKS = {
    "sms unsigned": "the signature does not match",
    "sms too large chunked": TOO_LARGE,
    "sms no content type": "expected a form (application/x-www-form-urlencoded)",
    "sms not utf-8": "the form could not be read",
    "sms no From": "a message needs MessageSid and a phone number in From",
    "status no MessageSid": "a status needs MessageSid and MessageStatus",
    "status too large chunked": TOO_LARGE,
    "telegram wrong secret": "the secret token does not match",
    "telegram plain text": "expected JSON (application/json)",
    "telegram not json": "not a Telegram update (not JSON)",
    "telegram too large declared": TOO_LARGE,
}
# A row of the bad-input table, and the page's title and words (as the page escapes them).
INBOX = {
    "inbox signed out": ("Please sign in", "Text INBOX to the bot to get a sign-in link."),
    "sign-in another site": ("Not sent from the inbox", "Please use the inbox page itself."),
    "sign-in too large chunked": ("Too much", "That was more than the inbox accepts at once."),
    "sign-in json": ("Please check the form", "The form was not sent as a form."),
    "sign-in page unknown token": ("This link doesn&#39;t work any more", "work once"),
    "accept one held already": ("That can&#39;t be done now", "has moved on since the page"),
    "reply empty": ("Please check the form", "Write a reply before sending."),
}
# What the sandbox's page is told, for each kind of refusal.
SANDBOX = {
    "no session": (403, {"error": NO_SESSION}),
    "another's phone": (403, {"error": NOT_YOURS}),
    "too large": (413, {"error": TOO_LARGE}),
    "a list": (
        400,
        {"error": 'the body must be a JSON object such as {"address": "...", "text": "..."}'},
    ),
    "no such channel": (400, {"error": "channel: not one the sandbox stands in for"}),
    "bad after": (
        400,
        {"error": "a sandbox channel, an address and 'after' (a message number) are needed"},
    ),
}


async def test_the_webhooks_and_the_inbox_say_why_in_their_own_way(sample: Settings) -> None:
    async with bot_on(sample) as bot:
        for name, words in WEBHOOKS.items():
            answer = await bot.send(CASES[name])
            assert answer.status_code == CASES[name].status, name
            assert answer.headers["content-type"].startswith("text/plain"), name
            assert answer.text == words, name
        for name, (title, words) in INBOX.items():
            answer = await bot.send(CASES[name])
            assert answer.status_code == CASES[name].status, name
            assert answer.headers["content-type"].startswith("text/html"), name
            assert f"<h1>{title}</h1>" in answer.text, name
            assert words in answer.text, name
            assert {k: answer.headers.get(k) for k in HEADERS} == HEADERS, name


async def test_the_sandbox_says_why_in_json_for_its_page_to_show(settings: Settings) -> None:
    mine, theirs = "+447700900555", "+447700900556"
    app = create_app(with_sandbox(settings))
    async with serve_app(app) as url, sandbox_browser(url) as browser:
        async with sandbox_browser(url) as other:
            claimed = await other.get("/sandbox/messages", params={"address": theirs})
            assert claimed.status_code == 200
        async with httpx.AsyncClient(base_url=url) as stranger:
            no_session = await stranger.post("/sandbox/send", json={"address": mine, "text": "hi"})
        answers = {
            "no session": no_session,
            "another's phone": await browser.get("/sandbox/messages", params={"address": theirs}),
            "too large": await browser.post("/sandbox/send", content=b"[" * 70_000),
            "a list": await browser.post("/sandbox/send", json=["hi"]),
            "no such channel": await browser.post(
                "/sandbox/send", json={"channel": "fax", "address": mine, "text": "hi"}
            ),
            "bad after": await browser.get(
                "/sandbox/messages", params={"address": mine, "after": "x"}
            ),
        }
    assert {name: (a.status_code, a.json()) for name, a in answers.items()} == SANDBOX
