"""The roster in the inbox, at /inbox/roster: a coordinator adds, edits, pauses and removes
people, and sees who is on duty.

Same sign-in, same-site checks and audit as the inbox's other actions (``bot.inbox``); only
coordinators may see or change it. Each change is written to ``people``, whose version every
process reads with its next message, so the flows use it at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiosqlite
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.http import Route
from bot.inbox import HEADERS, InboxPages, Refused, clean, page, refusal
from bot.runtime import Runtime
from store import inbox, roster
from store.directory import RosterPerson
from store.inbox import Person
from store.roster import Member

REGION = "GB"
ROLES = ("worker", "coordinator", "peer")
CHANNELS = ("sms", "telegram")
FIELDS = ("name", "role", "channel", "address", "areas", "languages", "offer", "organisation")
ONLY_COORDINATORS = Refused(
    403, "For coordinators", "Only a coordinator can see and change the roster."
)
NO_SUCH = Refused(404, "Not on the roster", "There is nobody on the roster with that number.")
# What to fix, by the field the roster's own checks found wrong.
PROBLEMS = {
    "name": "Write their name (up to 100 characters).",
    "role": "Choose a role: worker, coordinator or peer.",
    "channel": "Choose how they are reached: SMS or Telegram.",
    "address": "Check how to reach them: a mobile number for SMS, or a Telegram chat id"
    " (digits only).",
    "offer": "What they offer can be at most 2000 characters.",
    "organisation": "The organisation's name can be at most 200 characters.",
}


class FormProblem(Exception):
    """The form as sent cannot be saved; ``text`` says what to fix."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True)
class Change:
    """What a form asked for, checked: the page to go back to, and the audit row's words."""

    back: str
    action: str
    person_id: int


def routes(get_runtime: Callable[[], Runtime], public_url: str) -> list[Route]:
    """The roster's pages and forms, under the inbox's sign-in."""
    pages = RosterPages(get_runtime, public_url)
    handlers = [
        ("/inbox/roster", pages.list_page, "GET"),
        ("/inbox/roster/add", pages.add, "POST"),
        ("/inbox/roster/{id:int}", pages.person_page, "GET"),
        ("/inbox/roster/{id:int}", pages.edit, "POST"),
        ("/inbox/roster/{id:int}/pause", pages.change("pause"), "POST"),
        ("/inbox/roster/{id:int}/unpause", pages.change("unpause"), "POST"),
        ("/inbox/roster/{id:int}/remove", pages.change("remove"), "POST"),
    ]
    return [Route(path, fn, methods=[method], answer=refusal) for path, fn, method in handlers]


class RosterPages(InboxPages):
    """The roster's handlers: the inbox's sign-in and checks, for coordinators only."""

    async def list_page(self, request: Request) -> Response:
        """Everyone on the roster, with a form to add someone."""
        person, people = await self._coordinator(request, lambda conn, _: roster.members(conn))
        return page("inbox_roster.html", 200, person=person, people=people, values={})

    async def person_page(self, request: Request) -> Response:
        """One person's details to edit, with pause and remove."""
        person, found = await self._coordinator(request, self._found(request))
        return page("inbox_roster_person.html", 200, person=person, found=found, values=_of(found))

    async def add(self, request: Request) -> Response:
        """Put someone new on the roster, or show the form again with what to fix."""
        form = await self._form(request)

        async def run(conn: aiosqlite.Connection, me: Person) -> Change:
            checked = await _checked(conn, form, None)
            new_id = await roster.add(conn, checked, self._runtime().clock.now())
            return Change("/inbox/roster", "roster add", new_id)

        return await self._save(request, run, form, None)

    async def edit(self, request: Request) -> Response:
        """Save someone's changed details, or show the form again with what to fix."""
        form = await self._form(request)
        find = self._found(request)

        async def run(conn: aiosqlite.Connection, me: Person) -> Change:
            found = await find(conn, me)
            checked = await _checked(conn, form, found.id)
            if found.id == me.id and checked.role != "coordinator":
                raise FormProblem("You can't change your own role; ask another coordinator.")
            await roster.edit(conn, found.id, checked, self._runtime().clock.now())
            return Change("/inbox/roster", "roster edit", found.id)

        found_id = int(request.path_params["id"])
        return await self._save(request, run, form, found_id)

    def change(self, name: str) -> Callable[[Request], Awaitable[Response]]:
        """The handler for pausing, taking the pause off, or removing someone."""

        async def handle(request: Request) -> Response:
            await self._form(request)
            find = self._found(request)

            async def run(conn: aiosqlite.Connection, me: Person) -> Change:
                found = await find(conn, me)
                await self._apply(conn, name, found, me)
                return Change("/inbox/roster", f"roster {name}", found.id)

            _, done = await self._coordinator(request, self._audited(run))
            return RedirectResponse(done.back, status_code=303, headers=HEADERS)

        return handle

    async def _apply(
        self, conn: aiosqlite.Connection, name: str, found: Member, me: Person
    ) -> None:
        """Pause, unpause or remove ``found``; raises Refused when it would strand someone."""
        now = self._runtime().clock.now()
        if name != "remove":
            await roster.set_paused(conn, found.id, name == "pause", now)
            return
        if found.id == me.id:
            raise Refused(409, "Not yourself", "You can't take yourself off the roster here.")
        if found.holding:
            raise Refused(409, "Hand over first", _hand_over(found))
        await roster.remove(conn, found, now)

    # Shared -------------------------------------------------------------------------------

    async def _save(
        self,
        request: Request,
        run: Callable[[aiosqlite.Connection, Person], Awaitable[Change]],
        form: dict[str, str],
        found_id: int | None,
    ) -> Response:
        """Run an add or an edit; a form that can't be saved comes back with what to fix."""
        try:
            _, done = await self._coordinator(request, self._audited(run))
        except FormProblem as problem:
            return await self._again(request, form, found_id, problem.text)
        return RedirectResponse(done.back, status_code=303, headers=HEADERS)

    async def _again(
        self, request: Request, form: dict[str, str], found_id: int | None, text: str
    ) -> Response:
        """The form again, as it was sent, with what to fix (400); nothing was saved."""
        values = {k: form.get(k, "") for k in (*FIELDS, "accompanies", "on_duty")}
        if found_id is None:
            person, people = await self._coordinator(request, lambda c, _: roster.members(c))
            shown = {"people": people}
            template = "inbox_roster.html"
        else:
            person, found = await self._coordinator(request, self._found(request))
            shown = {"found": found}
            template = "inbox_roster_person.html"
        return page(template, 400, person=person, values=values, error=text, **shown)

    def _audited(
        self, run: Callable[[aiosqlite.Connection, Person], Awaitable[Any]]
    ) -> Callable[[aiosqlite.Connection, Person], Awaitable[Any]]:
        """``run``, then an audit row naming the change, in the same transaction."""

        async def audited(conn: aiosqlite.Connection, me: Person) -> Any:
            done = await run(conn, me)
            if isinstance(done, Change):
                now = self._runtime().clock.now()
                await inbox.record(conn, now, me.id, done.action, None, None, str(done.person_id))
            return done

        return audited

    def _found(
        self, request: Request
    ) -> Callable[[aiosqlite.Connection, Person], Awaitable[Member]]:
        person_id = int(request.path_params["id"])

        async def find(conn: aiosqlite.Connection, _: Person) -> Member:
            found = await roster.member(conn, person_id)
            if found is None:
                raise NO_SUCH
            return found

        return find

    async def _coordinator(
        self, request: Request, fn: Callable[[aiosqlite.Connection, Person], Awaitable[Any]]
    ) -> tuple[Person, Any]:
        """``fn`` for a signed-in coordinator; anyone else is refused (403)."""

        async def only(conn: aiosqlite.Connection, me: Person) -> Any:
            if me.role != "coordinator":
                raise ONLY_COORDINATORS
            try:
                return await fn(conn, me)
            except FormProblem as problem:
                return problem  # returned: nothing written, the form comes back

        person, result = await self._signed_in(request, only)
        if isinstance(result, FormProblem):
            raise result
        return person, result


async def _checked(
    conn: aiosqlite.Connection, form: dict[str, str], person_id: int | None
) -> RosterPerson:
    """The form as a roster entry, checked as an import checks it; raises FormProblem."""
    person = as_person(form)
    holder = await roster.taken_by(conn, str(person.channel), person.address)
    if holder is not None and holder != person_id:
        raise FormProblem("Someone else on the roster is already reached at that address.")
    return person


def as_person(form: dict[str, str]) -> RosterPerson:
    """A roster entry from the form's fields; raises FormProblem saying what to fix."""
    if form.get("channel", "") not in CHANNELS:
        raise FormProblem(PROBLEMS["channel"])
    entry: dict[str, Any] = {k: clean(form.get(k, "")) for k in FIELDS}
    entry["areas"] = _listed(entry["areas"])
    entry["languages"] = _listed(entry["languages"])
    entry["accompanies"] = form.get("accompanies") == "yes"
    entry["on_duty"] = form.get("on_duty") == "yes"
    try:
        return RosterPerson.model_validate(entry, context={"region": REGION})
    except ValidationError as error:
        field = str(error.errors()[0]["loc"][0]) if error.errors()[0]["loc"] else "address"
        raise FormProblem(PROBLEMS.get(field, PROBLEMS["address"])) from error


def _listed(text: str) -> list[str]:
    """Comma-separated words as a list: "Millbrook, Riverside" is two areas."""
    return [part.strip() for part in text.split(",") if part.strip()][:20]


def _of(found: Member) -> dict[str, str]:
    """A roster person as the edit form's values."""
    return {
        "name": found.name,
        "role": found.role,
        "channel": found.channel,
        "address": found.address,
        "areas": ", ".join(found.areas),
        "languages": ", ".join(found.languages),
        "offer": found.offer,
        "organisation": found.organisation,
        "accompanies": "yes" if found.accompanies else "",
        "on_duty": "yes" if found.on_duty else "",
    }


def _hand_over(found: Member) -> str:
    """Why someone can't be removed yet, and what to do first."""
    first = found.name.split()[0] if found.name.split() else found.name
    count = "1 open conversation" if found.holding == 1 else f"{found.holding} open conversations"
    return (
        f"{first} holds {count}. Ask {first} to bring someone in or close them, or pause"
        f" {first} for now; then take {first} off the roster."
    )
