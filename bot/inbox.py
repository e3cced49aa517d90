"""The worker inbox at /inbox: handoff cards, held conversations and their threads.

People on the roster sign in with a one-time link the bot texts them when they send INBOX;
there are no passwords. Every action is handed to the engine as if the person had sent it
from their own phone, so the conversation logic lives in one place (the flows).

Cross-site requests: the session cookie is SameSite=Strict, so another site cannot make a
browser send it, and every POST must also carry an Origin (or Referer) naming this host.
Together they are enough against CSRF without a token in each form.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import aiosqlite
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bot import inbox_live
from bot.http import HttpError, Route, TooLarge, capped_body
from bot.runtime import Runtime
from bot.waited import waited
from common.models import Inbound
from store import inbox, welcome
from store import inbox_live as live_store
from store.inbox import MAX_ID, Handoff, LinkRow, Person
from store.timefmt import iso

T = TypeVar("T")

COOKIE = "wcwd_inbox"
MAX_FORM = 16 * 1024
MAX_REPLY = 1600
# How long an action waits for the engine to finish with it, so the page it returns to
# already shows the outcome (the card taken, the reply in the thread).
SETTLE_SECONDS = 2.0
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
# Direction overrides can make a reply read differently from what it says.
_BIDI = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Only the inbox's own script file: even a name that slipped past escaping could not run.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}
TEMPLATES = Environment(
    loader=PackageLoader("bot", "templates"), autoescape=select_autoescape(["html"])
)
ACTIONS = ("accept", "decline", "reply", "bring-in", "close")
# A coordinator's answers to a new neighbour's card, as the words of its two buttons.
WELCOME_ACTIONS = {"welcome": "Welcome", "talk": "Let's talk first"}
# What each action needs of the person's link to the handoff.
NEEDS = {
    "accept": "asked",
    "decline": "asked",
    "reply": "accepted",
    "bring-in": "accepted",
    "close": "accepted",
}


def _when(at: str, zone: str = "UTC") -> str:
    """A stored UTC time as the area's local day and time."""
    try:
        moment = datetime.fromisoformat(at).astimezone(ZoneInfo(zone))
    except (ValueError, ZoneInfoNotFoundError):
        return ""
    return moment.strftime("%d %b, %H:%M")


TEMPLATES.filters["when"] = _when
TEMPLATES.filters["waited"] = waited


class Refused(HttpError):
    """A request that gets a short page, with a title, instead of what it asked for."""

    def __init__(self, status: int, title: str, text: str) -> None:
        super().__init__(status, text)
        self.title = title


SIGNED_OUT = Refused(401, "Please sign in", "Text INBOX to the bot to get a sign-in link.")
NOT_YOURS = Refused(
    403, "Not available to you", "This conversation is not one you can see or act on."
)
BAD_LINK = Refused(
    403,
    "This link doesn't work any more",
    "Sign-in links work once, for 15 minutes. Text INBOX to the bot for a new link.",
)
TOO_MUCH = Refused(413, "Too much", "That was more than the inbox accepts at once.")
ONLY_COORDINATORS = Refused(
    403, "Not available to you", "Only a coordinator can welcome a new neighbour."
)
# The title of a refusal raised outside the inbox's own code (an address no route has).
TITLES = {404: "No such page", 405: "Not a page to open"}
FAILED = "That didn't work"


@dataclass(frozen=True)
class Action:
    """An inbox action checked and ready to go to the engine as the person's message."""

    person: Person
    link: LinkRow | None
    text: str
    press: str | None
    payload: dict[str, Any]
    # For the audit log: who was brought in, or a reply's length; never the words.
    detail: str = ""


def routes(get_runtime: Callable[[], Runtime], public_url: str) -> list[Route]:
    """The inbox's pages and forms; ``public_url`` is where people reach this server."""
    pages = InboxPages(get_runtime, public_url)
    handlers = [
        ("/inbox", pages.inbox, "GET"),
        ("/inbox/sign-in/{token}", pages.sign_in_page, "GET"),
        ("/inbox/sign-in/{token}", pages.sign_in, "POST"),
        ("/inbox/sign-out", pages.sign_out, "POST"),
        ("/inbox/handoffs/{id:int}", pages.thread, "GET"),
        *((f"/inbox/handoffs/{{id:int}}/{name}", pages.action(name), "POST") for name in ACTIONS),
        *(
            (f"/inbox/neighbours/{{id:int}}/{name}", pages.welcome(name), "POST")
            for name in WELCOME_ACTIONS
        ),
    ]
    pages_routes = [
        Route(path, fn, methods=[method], answer=refusal) for path, fn, method in handlers
    ]
    return [*pages_routes, *inbox_live.routes(get_runtime, COOKIE)]


class InboxPages:
    """The request handlers, sharing the runtime and where the server is reached."""

    def __init__(self, get_runtime: Callable[[], Runtime], public_url: str) -> None:
        self._runtime = get_runtime
        parts = urlsplit(public_url)
        self._secure = parts.scheme == "https"
        self._public_host = parts.netloc.lower()

    # Signing in and out -----------------------------------------------------------------

    async def sign_in_page(self, request: Request) -> Response:
        """Show a Sign in button; a GET never uses the link up (chat apps fetch previews)."""
        token = str(request.path_params["token"])
        now = self._runtime().clock.now()
        usable = _TOKEN.match(token) is not None and await self._write(
            lambda conn: inbox.check_sign_in(conn, token, now)
        )
        if not usable:
            raise BAD_LINK
        return page("inbox_sign_in.html", 200, token=token)

    async def sign_in(self, request: Request) -> Response:
        """Use the link (once, atomically) and start a 12-hour session."""
        await self._form(request)
        token = str(request.path_params["token"])
        now = self._runtime().clock.now()
        session = None
        if _TOKEN.match(token):
            session = await self._write(lambda conn: inbox.consume_sign_in(conn, token, now))
        if session is None:
            raise BAD_LINK
        response = RedirectResponse("/inbox", status_code=303, headers=HEADERS)
        response.set_cookie(
            COOKIE,
            session,
            max_age=int(inbox.SESSION_FOR.total_seconds()),
            path="/inbox",
            secure=self._secure,
            httponly=True,
            samesite="strict",
        )
        return response

    async def sign_out(self, request: Request) -> Response:
        """End the session, here and in the database."""
        await self._form(request)
        session = request.cookies.get(COOKIE)
        now = self._runtime().clock.now()
        if session:
            await self._write(lambda conn: inbox.end_session(conn, session, now))
        response = page(
            "inbox_message.html",
            200,
            title="You're signed out",
            text="Text INBOX to the bot whenever you want to sign in again.",
        )
        response.delete_cookie(COOKIE, path="/inbox", secure=self._secure, httponly=True)
        return response

    # Pages --------------------------------------------------------------------------------

    async def inbox(self, request: Request) -> Response:
        """Cards offered to the person, conversations they hold, and (for a coordinator)
        every open handoff; a peer sees their own requests."""

        async def listed(conn: aiosqlite.Connection, person: Person) -> dict[str, Any]:
            return {"inbox": await inbox.inbox_for(conn, person), **await self._live(conn, request)}

        person, shown = await self._signed_in(request, listed)
        return page("inbox.html", 200, person=person, zone=self._zone(), **shown)

    async def thread(self, request: Request) -> Response:
        """One handoff: the card, then the messages both ways; the view is audited."""
        handoff_id = int(request.path_params["id"])
        now = self._runtime().clock.now()

        async def view(conn: aiosqlite.Connection, person: Person) -> dict[str, Any]:
            found, link = await _visible(conn, handoff_id, person)
            # A page keeping itself up to date is one view, audited once in a while.
            if not (
                inbox_live.is_live(request)
                and await live_store.viewed_lately(conn, person.id, found.id, now)
            ):
                await inbox.record(conn, now, person.id, "view", found, link.id if link else None)
            return {
                "thread": await inbox.thread(conn, found, person),
                "people": await inbox.candidates(conn, person),
                **await self._live(conn, request),
            }

        person, shown = await self._signed_in(request, view)
        return page("inbox_thread.html", 200, person=person, zone=self._zone(), **shown)

    # Actions ------------------------------------------------------------------------------

    def action(self, name: str) -> Callable[[Request], Awaitable[Response]]:
        """The handler for one action's form."""

        async def handle(request: Request) -> Response:
            handoff_id = int(request.path_params["id"])
            form = await self._form(request)
            _, checked = await self._signed_in(
                request, lambda conn, person: self._check(conn, name, handoff_id, person, form)
            )
            await self._hand_to_engine(checked)
            back = "/inbox" if name == "decline" else f"/inbox/handoffs/{handoff_id}"
            return RedirectResponse(back, status_code=303, headers=HEADERS)

        return handle

    async def _check(
        self,
        conn: aiosqlite.Connection,
        name: str,
        handoff_id: int,
        person: Person,
        form: dict[str, str],
    ) -> Action:
        """Access, the link's state and the form, then the audit row; raises Refused."""
        found, link = await _visible(conn, handoff_id, person)
        if link is None or link.status not in ("asked", "accepted"):
            raise Refused(403, "Not yours to act on", "This conversation is not yours to act on.")
        if link.status != NEEDS[name] or found.closed_at is not None:
            raise Refused(
                409,
                "That can't be done now",
                "This conversation has moved on since the page was loaded.",
            )
        action = await _build(conn, name, person, link, form)
        now = self._runtime().clock.now()
        await inbox.record(
            conn, now, person.id, name.replace("-", " "), found, link.id, action.detail
        )
        return action

    def welcome(self, name: str) -> Callable[[Request], Awaitable[Response]]:
        """The handler for one answer to a new neighbour's card (coordinators only)."""

        async def handle(request: Request) -> Response:
            person_id = int(request.path_params["id"])
            await self._form(request)
            _, checked = await self._signed_in(
                request, lambda conn, person: self._check_welcome(conn, name, person_id, person)
            )
            await self._hand_to_engine(checked)
            # The answer is decided in the new neighbour's conversation, just after.
            await self._settle_for(checked.payload["welcome"])
            return RedirectResponse("/inbox", status_code=303, headers=HEADERS)

        return handle

    async def _check_welcome(
        self, conn: aiosqlite.Connection, name: str, person_id: int, person: Person
    ) -> Action:
        """A coordinator, and someone still waiting; then the audit row. Raises Refused."""
        if person.role != "coordinator":
            raise ONLY_COORDINATORS
        found = await welcome.one_waiting(conn, person_id) if 0 < person_id <= MAX_ID else None
        if found is None:
            raise Refused(
                409, "That can't be done now", "They have been welcomed already, or have left."
            )
        now = self._runtime().clock.now()
        await inbox.record_about(conn, now, person.id, f"welcome: {name}", found.key, found.id)
        words = WELCOME_ACTIONS[name]
        payload = {"welcome": list(found.key)}
        return Action(person, None, words, words, payload, str(found.id))

    async def _hand_to_engine(self, action: Action) -> None:
        """The action arrives as the person's own message; the flows do the rest."""
        runtime = self._runtime()
        message = Inbound(
            channel=action.person.channel,
            address=action.person.address,
            external_id="inbox:" + secrets.token_hex(16),
            text=action.text,
            press=action.press,
            payload=action.payload,
            received_at=runtime.clock.now(),
        )
        await runtime.engine.receive(message)
        await self._settle(message)

    async def _settle_for(self, key: list[str]) -> None:
        """Wait (a little) until what was passed to ``key``'s conversation is done."""
        runtime = self._runtime()
        for _ in range(int(SETTLE_SECONDS / 0.02)):
            waiting = await runtime.store.scalar(
                "SELECT count(*) FROM inbound WHERE channel = ? AND address = ?"
                " AND processed_at IS NULL",
                tuple(key),
            )
            if not waiting:
                return
            await asyncio.sleep(0.02)

    async def _settle(self, message: Inbound) -> None:
        runtime = self._runtime()
        for _ in range(int(SETTLE_SECONDS / 0.02)):
            done = await runtime.store.scalar(
                "SELECT processed_at IS NOT NULL FROM inbound WHERE channel = ?"
                " AND external_id = ?",
                (message.channel, message.external_id),
            )
            if done:
                return
            await asyncio.sleep(0.02)

    # Shared checks ------------------------------------------------------------------------

    async def _signed_in(
        self,
        request: Request,
        fn: Callable[[aiosqlite.Connection, Person], Awaitable[T]],
    ) -> tuple[Person, T]:
        """Run ``fn`` for the signed-in person in one transaction; raises Refused."""
        session = request.cookies.get(COOKIE, "")
        now = self._runtime().clock.now()

        async def run(conn: aiosqlite.Connection) -> tuple[Person, T] | Refused:
            person = await inbox.session_person(conn, session, now) if session else None
            if person is None:
                return SIGNED_OUT
            try:
                return person, await fn(conn, person)
            except Refused as refused:
                # Returned, not raised: a refusal must not look like a failed write.
                return refused

        result = await self._write(run)
        if isinstance(result, Refused):
            raise result
        return result

    async def _live(self, conn: aiosqlite.Connection, request: Request) -> dict[str, object]:
        """The version the page was drawn at, and the clock its waiting times are read on."""
        now = self._runtime().clock.now()
        version = await live_store.current(conn)
        return {"now": now, **inbox_live.page_values(request, version, iso(now))}

    def _zone(self) -> str:
        return str(getattr(self._runtime().settings, "timezone", "UTC"))

    async def _write(self, fn: Callable[[aiosqlite.Connection], Awaitable[T]]) -> T:
        return await self._runtime().store.write(fn)

    async def _form(self, request: Request) -> dict[str, str]:
        """The POSTed form, once it is known to come from this site and not be too big."""
        if not self._same_site(request):
            raise Refused(403, "Not sent from the inbox", "Please use the inbox page itself.")
        return await read_form(request)

    def _same_site(self, request: Request) -> bool:
        sent = request.headers.get("origin") or request.headers.get("referer") or ""
        host = urlsplit(sent).netloc.lower()
        return bool(host) and host in {request.headers.get("host", "").lower(), self._public_host}


async def _visible(
    conn: aiosqlite.Connection, handoff_id: int, person: Person
) -> tuple[Handoff, LinkRow | None]:
    """The handoff and the person's link to it, if they may see it; raises Refused."""
    found = await inbox.handoff(conn, handoff_id)
    link = await inbox.my_link(conn, handoff_id, person) if found else None
    if found is None or not inbox.may_see(person, link):
        # Only someone who may see every handoff learns whether an id exists.
        if person.role == "coordinator":
            raise Refused(404, "No such conversation", "There is no conversation with that number.")
        raise NOT_YOURS
    return found, link


async def _build(
    conn: aiosqlite.Connection, name: str, person: Person, link: LinkRow, form: dict[str, str]
) -> Action:
    """What the action says to the engine, from the validated form; raises Refused (400)."""
    payload: dict[str, Any] = {"link": link.id}
    if name == "accept":
        return Action(person, link, "I'll take this", "I'll take this", payload)
    if name == "decline":
        return Action(person, link, "Not me", "Not me", payload)
    if name == "close":
        return Action(person, link, "CLOSE", None, payload)
    if name == "reply":
        text = reply_text(form.get("text"))
        return Action(person, link, text, None, payload, f"{len(text)} characters")
    chosen = form.get("person", "")
    other = await inbox.candidate(conn, int(chosen)) if chosen.isdecimal() else None
    if other is None or other.id == person.id:
        raise bad_form("Choose someone from the list to bring in.")
    payload["person"] = [other.channel, other.address]
    return Action(person, link, "Bring in", "Bring in", payload, str(other.id))


def reply_text(raw: str | None) -> str:
    """The reply as it will be sent: control characters out, 1 to 1600 characters."""
    if raw is None:
        raise bad_form("Write a reply before sending.")
    text = clean(raw)
    if not text:
        raise bad_form("Write a reply before sending.")
    if len(text) > MAX_REPLY:
        raise bad_form(f"A reply can be at most {MAX_REPLY} characters; this one is {len(text)}.")
    return text


def clean(text: str) -> str:
    """``text`` without control characters or direction overrides, line breaks kept."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(
        ch
        for ch in text
        if ch == "\n" or (unicodedata.category(ch) not in ("Cc", "Cs") and ord(ch) not in _BIDI)
    ).strip()


async def read_form(request: Request) -> dict[str, str]:
    """A small url-encoded form; a big body is refused (413) without reading it all."""
    body = await capped_body(request, MAX_FORM)
    if not body:
        return {}
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise bad_form("The form was not sent as a form.")
    try:
        pairs = parse_qsl(
            body.decode("ascii"), keep_blank_values=True, max_num_fields=20, errors="strict"
        )
    except (UnicodeDecodeError, ValueError) as error:
        raise bad_form("The form could not be read.") from error
    form = dict(pairs)
    if len(form) != len(pairs):
        raise bad_form("The form could not be read.")
    return form


def bad_form(text: str) -> Refused:
    """A 400 page that says what to fix."""
    return Refused(400, "Please check the form", text)


def page(template: str, status: int, **values: Any) -> HTMLResponse:
    """A rendered inbox page with the headers every inbox page carries."""
    html = TEMPLATES.get_template(template).render(**values)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def refusal(error: HttpError) -> HTMLResponse:
    """The short page for a refused request; a body too large gets the inbox's own words."""
    if isinstance(error, TooLarge):
        error = TOO_MUCH
    title = error.title if isinstance(error, Refused) else TITLES.get(error.status, FAILED)
    return page("inbox_message.html", error.status, title=title, text=error.detail)
