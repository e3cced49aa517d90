"""The conversation as residents get it: first contacts played through the real engine.

Each contact in a ``bench/data/first_contacts*.jsonl`` file is what one resident sends
(their opening and the next few messages, written before the conversation changed) and
whether the opening says what they want (``need_stated``). Each is played on its own copy
of a SQLite file with the sample area imported, through the runtime with a
``ManualClock``; the people on the other side answer as a willing helper would: the first
to get a card presses "I'll take this", the first peer asked presses "Accept", and a
``{"holder": ...}`` step is sent by whoever took the card (``BRING IN Tom``).

How each figure is read from what the bot sent (a resident's own words, which the bot shows
in double quotes, are taken out of a message before it is read):

- A question is a message to the resident with a "?" in it, counted from the reply to
  their first message. A concrete offer is a message to the resident naming a sample group,
  someone on the roster or a group's contact (first name, as the bot names people), or
  someone to come or go with them. Questions before the first offer are counted; where
  no offer came by the end of the script, every question asked is counted and the contact
  is listed as having had no offer. Someone the bot took into the offer-help questions and
  never offered help is counted on a line of their own: they came to give, and what they
  are asked before joining is not what the targets are about.
- A message over one SMS segment is measured with ``connectors.sms_segments``.
- Share-equals-read-back: a sharing is a message to someone else, caused by the resident's
  message, carrying words of theirs (a quoted passage, or three words in a row from what
  they sent), other than a relay of that very message. The read-back is the last message
  to the resident before it that quoted them and asked whether to share or send it. A
  sharing violates when no read-back came first, when a passage quoted in the read-back is
  not in it byte for byte, or when it carries words of theirs (a quoted passage, or three
  words in a row) that the read-back did not show. An urgent card (it starts "URGENT") is
  exempt, as the issue allows, and counted apart.
- Banned words: the list in ``tests/test_copy.py``, in anything the bot sent but relays.

The files are rounds: ``first_contacts.jsonl`` is round 1, ``first_contacts_N.jsonl`` round
N. The newest round is held out: written before the conversation changes, played once at
the end by someone who did not write the change, and only its totals read (its contacts are
not named in the figures). Once measured it joins the tuned rounds (the older ones, which
may be read contact by contact while changing the conversation) and the next round is
written. The figures are printed per file, tuned rounds first, so the last line is the
held-out round's.

Run from the repository root: .venv/bin/python bench/conversation.py
[--tuned-only | SCRIPTS.jsonl] (``--tuned-only`` plays the tuned rounds alone, for use
while changing the conversation; a file named on the command line is played on its own.)
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.clock import ManualClock
from common.models import Outbound
from connectors.sms_segments import segments
from flows.offer.flow import QUESTIONS as OFFER_QUESTIONS
from flows.offer.flow import Offer
from tests.harness import Harness, harness, import_sample, settings_for
from tests.phrase_overlap import runs, words
from tests.test_copy import NEVER

DATA = Path(__file__).parent / "data"
CONTACTS = DATA / "first_contacts.jsonl"
_ROUND = re.compile(r"first_contacts(?:_(\d+))?\.jsonl")
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday morning
GAP = timedelta(minutes=2)
TAKE, ACCEPT = "I'll take this", "Accept"
MEDIAN_TARGET, MAX_TARGET = 1, 2
_QUOTED = re.compile(r'"([^"]+)"')
_ALONGSIDE = re.compile(r"\b(come|go|going)\s+(along\s+|in\s+)?with you\b", re.IGNORECASE)
_SHARE_ASK = re.compile(r"\b(share|send|sent|let them know|see it|pass)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Contact:
    """One resident's script."""

    who: str
    need_stated: bool
    says: tuple[str | dict[str, str], ...]


@dataclass(frozen=True)
class Sent:
    """A message the bot sent, and which step of the script caused it."""

    step: int
    message: Outbound
    by_resident: bool
    cause: str


@dataclass
class Played:
    """Everything one contact caused, in order."""

    contact: Contact
    address: str
    sent: list[Sent] = field(default_factory=list)
    # Who took the card ("holder") and who accepted a request ("peer"): (channel, address).
    helpers: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The sample's group names and the first names of people the bot may name.
    spotted: tuple[set[str], set[str]] = (set(), set())

    def to_resident(self) -> list[Sent]:
        return [s for s in self.sent if s.message.address == self.address]

    def said(self) -> list[str]:
        return [s for s in self.contact.says if isinstance(s, str)]


def contacts(path: Path = CONTACTS) -> list[Contact]:
    """The scripts, in file order."""
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    return [Contact(r["who"], bool(r["need_stated"]), tuple(r["says"])) for r in rows]


def rounds(folder: Path = DATA) -> list[Path]:
    """Every round of first contacts in ``folder``, oldest first."""
    numbered = []
    for path in folder.glob("first_contacts*.jsonl"):
        if match := _ROUND.fullmatch(path.name):
            numbered.append((int(match.group(1) or 1), path))
    return [path for _, path in sorted(numbered)]


def to_play(args: list[str]) -> list[tuple[Path, str]]:
    """The files to play and what each is: one named file, or the rounds (tuned, held out)."""
    named = [a for a in args if a != "--tuned-only"]
    if named:
        return [(Path(named[0]), "as named")]
    *tuned, held_out = rounds()
    played = [(path, "tuned") for path in tuned]
    return played if "--tuned-only" in args else [*played, (held_out, "held out")]


def unquoted(text: str) -> str:
    """A message without the resident's words the bot quoted in it."""
    return _QUOTED.sub('""', text)


async def names_to_spot(bot: Harness) -> tuple[set[str], set[str]]:
    """Sample groups' names, and the first names of everyone the bot may name."""
    store = bot.runtime.store
    groups = await store.scalar("SELECT json_group_array(name) FROM services")
    people = await store.scalar(
        "SELECT json_group_array(name) FROM (SELECT name FROM people"
        " UNION SELECT contact_name FROM services WHERE contact_name IS NOT NULL)"
    )
    return set(json.loads(groups)), {n.split()[0] for n in json.loads(people)}


def is_offer(text: str, groups: set[str], people: set[str]) -> bool:
    """Whether a message to the resident names a group, a person or someone to go with them."""
    own = unquoted(text)
    if any(g in own for g in groups) or _ALONGSIDE.search(own):
        return True
    return any(re.search(rf"\b{re.escape(p)}\b", own) for p in people)


def questions_before_offer(played: Played, groups: set[str], people: set[str]) -> tuple[int, bool]:
    """How many questions came before the first concrete offer, and whether one came."""
    asked = 0
    for sent in played.to_resident():
        if is_offer(sent.message.text, groups, people):
            return asked, True
        asked += "?" in unquoted(sent.message.text)
    return asked, False


async def answer_for_others(bot: Harness, played: Played, step: int, sent: list[Outbound]) -> None:
    """The first card is taken and the first request accepted, as a willing helper would."""
    for label, kind in ((TAKE, "holder"), (ACCEPT, "peer")):
        asked = [m for m in sent if m.address != played.address and label in m.buttons]
        if asked and kind not in played.helpers:
            first = asked[0]
            played.helpers[kind] = (first.channel, first.address)
            bot.advance(GAP)
            replies = await bot.send(first.channel, first.address, label, press=label)
            played.sent += [Sent(step, m, False, label) for m in replies]


async def play(bot: Harness, played: Played) -> None:
    """Send the script, step by step, recording everything the bot sends."""
    for step, line in enumerate(played.contact.says):
        bot.advance(GAP)
        if isinstance(line, str):
            sent = await bot.send("sms", played.address, line)
            played.sent += [Sent(step, m, True, line) for m in sent]
        else:
            helper = played.helpers.get("holder")
            if helper is None:
                continue
            sent = await bot.send(*helper, line["holder"])
            played.sent += [Sent(step, m, False, line["holder"]) for m in sent]
        await answer_for_others(bot, played, step, sent)


def is_relay(sent: Sent) -> bool:
    """A message that passes on the resident's message as they wrote it."""
    own = " ".join(sent.cause.split())
    return bool(own) and " ".join(sent.message.text.split()).endswith(own)


def carried(text: str, said: list[str]) -> set[tuple[str, ...]]:
    """Runs of three words (or a whole two-word message) of the resident's found in ``text``."""
    theirs = set().union(*(runs(s) for s in said)) if said else set()
    theirs |= {tuple(words(s)) for s in said if len(words(s)) == 2}
    found = words(text)
    return {r for r in theirs if _contains(found, r)}


def _contains(found: list[str], run: tuple[str, ...]) -> bool:
    n = len(run)
    return any(tuple(found[i : i + n]) == run for i in range(len(found) - n + 1))


def sharings(played: Played) -> list[tuple[Sent, str | None]]:
    """Each sharing, with the read-back the resident saw last before it (or None)."""
    found: list[tuple[Sent, str | None]] = []
    read_back: str | None = None
    said = played.said()
    for sent in played.sent:
        text = sent.message.text
        if sent.message.address == played.address:
            if _QUOTED.search(text) and "?" in text and _SHARE_ASK.search(unquoted(text)):
                read_back = text
            continue
        if not sent.by_resident or is_relay(sent):
            continue
        if _QUOTED.search(text) or carried(text, said):
            found.append((sent, read_back))
    return found


def violation(text: str, read_back: str | None, said: list[str]) -> str | None:
    """Why a sharing is not exactly what was read back, or None when it is."""
    if read_back is None:
        return "shared with no read-back before it"
    approved = _QUOTED.findall(read_back)
    if missing := [a for a in approved if a not in text]:
        return f"read-back passage not sent byte for byte: {missing[0][:40]!r}..."
    rest = text
    for passage in approved:
        rest = rest.replace(passage, "")
    extra_quotes = [q for q in _QUOTED.findall(rest) if q.strip()]
    extra_words = carried(rest, said) - carried(read_back, said)
    if extra_quotes or extra_words:
        return (
            f"carries {len(extra_quotes) + len(extra_words)} piece(s) of their words not read back"
        )
    return None


@dataclass
class Totals:
    """What the whole run found."""

    asked: dict[bool, list[int]] = field(default_factory=lambda: {True: [], False: []})
    # Someone who came to offer help is asked what residents would see about them, not
    # offered help: their questions before that read-back are counted apart.
    offering: list[int] = field(default_factory=list)
    no_offer: list[str] = field(default_factory=list)
    to_residents: int = 0
    over_one: int = 0
    longest: str = ""
    shared: int = 0
    urgent: int = 0
    violations: list[str] = field(default_factory=list)
    banned: list[str] = field(default_factory=list)


def came_to_help(played: Played) -> bool:
    """Whether the bot took them into the offer-help questions (they offered to help)."""
    first = OFFER_QUESTIONS[Offer.BEEN_THROUGH]
    return any(first in sent.message.text for sent in played.to_resident())


def tally(totals: Totals, played: Played, groups: set[str], people: set[str]) -> None:
    """Add one contact's figures to the totals."""
    asked, offered = questions_before_offer(played, groups, people)
    if offered or not came_to_help(played):
        totals.asked[played.contact.need_stated].append(asked)
    else:
        totals.offering.append(asked)
    if not offered:
        totals.no_offer.append(played.contact.who)
    for sent in played.to_resident():
        totals.to_residents += 1
        totals.over_one += segments(sent.message.text) > 1
        if len(sent.message.text) > len(totals.longest):
            totals.longest = sent.message.text
    for sent, read_back in sharings(played):
        if sent.message.text.startswith("URGENT"):
            totals.urgent += 1
            continue
        totals.shared += 1
        if why := violation(sent.message.text, read_back, played.said()):
            totals.violations.append(f"{played.contact.who}: {why}")
    for sent in played.sent:
        if not is_relay(sent) and (hit := NEVER.search(unquoted(sent.message.text))):
            totals.banned.append(f"{played.contact.who}: {hit.group(0)!r}")


async def run_one(template: Path, folder: Path, number: int, contact: Contact) -> Played:
    """Play one contact on its own copy of the sample database."""
    db = folder / f"contact{number}.db"
    shutil.copy(template, db)
    played = Played(contact, f"+4477009{10000 + number:05d}")
    async with harness(settings_for(db), ManualClock(START)) as bot:
        await play(bot, played)
        played.spotted = await names_to_spot(bot)
    return played


def line(label: str, value: str, target: str = "") -> None:
    """One figure, with its target beside it."""
    print(f"  {label:<52} {value:>10}   {target}")


def report(totals: Totals, count: int, seconds: float, detail: bool) -> None:
    """Print the figures beside the issue's targets; ``detail`` names the contacts behind them."""
    print(f"\nfirst contacts played: {count} in {seconds:.1f} s")
    print("questions before the first concrete offer:")
    for stated, label in ((True, "need stated"), (False, "no need stated")):
        asked = totals.asked[stated]
        target = f"target median <= {MEDIAN_TARGET}, max <= {MAX_TARGET}" if stated else ""
        figure = f"{statistics.median(asked):g} / {max(asked)}" if asked else "-"
        line(f"{label} ({len(asked)} contacts): median / max", figure, target)
    if totals.offering:
        helping = f"{statistics.median(totals.offering):g} / {max(totals.offering)}"
        line(f"offering help, never offered any ({len(totals.offering)}): median / max", helping)
    line("contacts with no offer by the end of their script", str(len(totals.no_offer)))
    for who in totals.no_offer if detail else ():
        print(f"    {who}")
    print("messages to residents:")
    line("over one SMS segment", f"{totals.over_one} of {totals.to_residents}")
    longest = f"{len(totals.longest)} chars, {segments(totals.longest)} segs"
    line("longest", longest, "target: options fit in 2 segments")
    print("sharing:")
    line("sharings checked (urgent cards apart)", f"{totals.shared} ({totals.urgent})")
    line("share-equals-read-back violations", str(len(totals.violations)), "target 0")
    for why in totals.violations if detail else ():
        print(f"    {why}")
    line("banned words", str(len(totals.banned)), "target 0")
    for where in totals.banned if detail else ():
        print(f"    {where}")
    print(f"violations={len(totals.violations)} banned={len(totals.banned)}")


async def play_round(template: Path, folder: Path, path: Path, first: int, detail: bool) -> int:
    """Play one file's contacts and print its figures; how many contacts it held."""
    scripts = contacts(path)
    totals = Totals()
    started = time.perf_counter()
    for number, contact in enumerate(scripts, start=1):
        # Numbered across the whole run, so no two contacts share a database file.
        played = await run_one(template, folder, first + number, contact)
        tally(totals, played, *played.spotted)
        asked, offered = questions_before_offer(played, *played.spotted)
        before = f"{asked} question(s) before an offer" if offered else "no offer"
        outcome = f"{contact.who}: {before}" if detail else "played"
        print(f"[{number:>2}/{len(scripts)}] {outcome}", flush=True)
    report(totals, len(scripts), time.perf_counter() - started, detail)
    return len(scripts)


async def run(args: list[str]) -> None:
    """Play each file, printing a progress line per contact, then the file's figures.

    A held-out round's contacts are not named in its figures: reading them one by one while
    changing the conversation would make them tuned lines.
    """
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        template = folder / "sample.db"
        import_sample(template)
        played = 0
        for path, kind in to_play(args):
            print(f"\n=== {path.name} ({kind}) ===", flush=True)
            played += await play_round(template, folder, path, played, kind != "held out")


if __name__ == "__main__":
    asyncio.run(run(sys.argv[1:]))
