"""The engine: record a message durably, then process each conversation's messages in order.

Different conversations run concurrently; within one, a single task works through a queue,
so a flow never sees two messages of the same person at once. A conversation with nothing
queued has no task and no memory here: its state is loaded from the store for each message.

Under overload the engine falls behind without running out of memory: at most ``IN_HAND``
turns are worked out at once, and past ``HELD`` messages in memory the rest wait in the
database, where they are already, and are taken from there in order as room comes. (This
alone does not keep acknowledgements quick when the CPU is the limit: turns and webhooks
share one event loop. ``serve --processes N`` splits them: processes that only keep
messages (in an ``intake``) and one that answers what they kept (:meth:`Engine.follow`).)
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections import deque
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.clock import Clock
from bot.danger_batch import DangerBatcher, ReadMany
from bot.metrics import Metrics
from bot.privacy import Pseudonymiser
from common.models import (
    Context,
    ConversationKey,
    ConversationRecord,
    DangerReading,
    Helper,
    Inbound,
    Option,
    Turn,
)
from common.places import Places
from flows.insights.tally import counts
from flows.journeys import Lookup
from flows.router import SET_ASIDE, lookups, new_record, respond
from flows.safety.combine import ENCODER_MIN_WORDS
from flows.settings import FlowSettings
from store.intake import Intake, IntakeFiles
from store.sqlite import SqliteStore
from store.writes import AlreadyAnswered, StaleConversation

log = logging.getLogger(__name__)

# A turn that fails to save is tried this many times, waiting twice as long each time.
TRIES = 5
FIRST_WAIT = 0.1
LONGEST_WAIT = 2.0
# Turns worked out at once, so what they hold in memory and the writer's batches stay
# bounded. Measured on bench/engine.py's burst: 32 cost a fifth of the throughput, 128 about
# as much as no bound at all (within the noise of one run).
IN_HAND = 128
# Messages held in memory, queued or in hand; past this they wait in the database.
HELD = 4096
# How often a following engine looks for messages other processes recorded, when idle.
FOLLOW_SECONDS = 0.01

# Looks up groups and peers that fit what a person said (the store searches, flows rank).
OptionFinder = Callable[[ConversationRecord, Inbound, Places], Awaitable[list[Option]]]


async def _no_options(record: ConversationRecord, message: Inbound, _: Places) -> list[Option]:
    return []


class RosterCache:
    """The roster and the places table, read again only when either changed: every message
    needs them, they rarely change.

    The store reads the roster's version (bumped by any process's change to the people or
    the places) with each conversation, so an import or a new peer is seen by the very next
    message.
    """

    def __init__(
        self, store: SqliteStore, reachable: frozenset[str] | None = None, whole: str = ""
    ) -> None:
        self._store = store
        # The channels messages can leave by (None: all); nobody elsewhere is asked.
        self._reachable = reachable
        self._helpers: list[Helper] = []
        self._places = Places(whole=whole)
        self._version: int | None = None

    async def get(self, version: int) -> tuple[list[Helper], Places]:
        """The roster and places as of ``version`` or later, from memory while unchanged."""
        if version != self._version:
            self._helpers = mark_reachable(await self._store.helpers(), self._reachable)
            self._places = Places(whole=self._places.whole, parts=tuple(await self._store.places()))
            self._version = version
        return self._helpers, self._places


def mark_reachable(helpers: list[Helper], channels: frozenset[str] | None) -> list[Helper]:
    """The roster with everyone whose channel is off here marked unreachable."""
    if channels is None:
        return helpers
    return [
        h if h.key.channel in channels else h.model_copy(update={"reachable": False})
        for h in helpers
    ]


class Engine:
    """Inbound -> flow -> state and outbox, committed together."""

    def __init__(
        self,
        store: SqliteStore,
        clock: Clock,
        settings: FlowSettings,
        pseudonyms: Pseudonymiser,
        on_outbox: Callable[[], None] = lambda: None,
        find_options: OptionFinder | None = None,
        reachable: frozenset[str] | None = None,
        read_danger: ReadMany | None = None,
        metrics: Metrics | None = None,
        intake: Intake | None = None,
    ) -> None:
        """With an ``intake`` messages are only kept there: another process answers them."""
        self._store = store
        self._intake = intake
        self._following = False
        self._metrics = metrics or Metrics()
        # The sentence encoder's reading of typed messages (``bot.danger_reader``).
        self._danger_reader = DangerBatcher(read_danger) if read_danger else None
        self._clock = clock
        self._settings = settings
        self._pseudonyms = pseudonyms
        self._on_outbox = on_outbox
        self._find_options = find_options or _no_options
        self._roster = RosterCache(store, reachable, settings.area)
        self._reachable = reachable
        self._lanes: dict[ConversationKey, deque[tuple[int, Inbound]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._turns = asyncio.Semaphore(IN_HAND)
        self._held: set[int] = set()  # the seqs queued or in hand here
        self._room = asyncio.Event()  # set when the held messages fall to half of HELD
        self._catching_up: asyncio.Task[None] | None = None
        self._spilling = False  # new messages stay in the database until the catch-up is done
        self._direct: set[int] | None = None  # queued directly while the last page is read

    async def receive(self, message: Inbound) -> bool:
        """Keep ``message`` durably and queue it; False when it was delivered before."""
        if self._intake is not None:
            seq: int | None = 0 if await self._intake.keep(message) else None
        else:
            seq = await self._store.record_inbound(message)
        if seq is None:
            log.info("repeat delivery ignored from %s", self._tag(message.key))
            return False
        if message.event is None:
            self._metrics.messages_in.labels(message.key.channel).inc()
        if self._intake is not None or self._following:
            return True  # answered by the engine that follows the database
        if self._spilling or len(self._held) >= HELD:
            self._fall_behind()  # kept in the database: taken from there, in order
        else:
            self._enqueue(seq, message)
            if self._direct is not None:
                self._direct.add(seq)
        return True

    async def recover(self) -> bool:
        """Take up messages recorded but never answered (the process died), in order;
        False when there are none."""
        if not await self._store.unprocessed_inbound(limit=1):
            return False
        self._fall_behind()
        await asyncio.sleep(0)  # the catch-up's first page is read before anything new
        return True

    async def follow(self, intake: IntakeFiles, every: float = FOLLOW_SECONDS) -> None:
        """Answer what the other processes keep, in order, until cancelled: the answering
        process of several. Messages are moved in as there is room to answer them, so a
        backlog waits in their files; looks again every ``every`` seconds while none waits.
        """
        self._following = True
        after, behind = 0, False
        while True:
            try:
                await self._move_in(intake)
                page = await self._page(after)
            except Exception as error:
                self._metrics.errors.labels("intake").inc()
                log.error("taking messages in failed (%s); trying again", _what(error))
                await asyncio.sleep(LONGEST_WAIT)
                continue
            if page:
                after = page[-1][0]
            if len(self._held) > HELD // 2 and not behind:
                behind = True
                self._metrics.catching_up.set(1)
                log.warning("messages are waiting to be answered; taking them in order")
            elif not page:
                if behind:
                    behind = False
                    self._metrics.catching_up.set(0)
                    log.warning("caught up: no message is waiting")
                await asyncio.sleep(every)

    async def take_in(self, intake: IntakeFiles) -> int:
        """Move everything acknowledging processes kept into the database; how many."""
        moved = 0
        while count := await self._move_in(intake):
            moved += count
        return moved

    async def _move_in(self, intake: IntakeFiles) -> int:
        """Number what the other processes kept, in the database, oldest first."""
        taken = await intake.take()
        if taken:
            await asyncio.gather(*(self._store.record_inbound(m) for _, _, m in taken))
            await intake.moved(taken)
        return len(taken)

    async def wait_idle(self) -> None:
        """Return once every queued message has been processed."""
        while self._tasks or self._catching_up:
            if self._catching_up:
                await self._catching_up
            await asyncio.gather(*list(self._tasks))

    @property
    def held(self) -> int:
        """How many messages are queued or in hand here (at most ``HELD``)."""
        return len(self._held)

    @property
    def active_conversations(self) -> int:
        """How many conversations have messages queued or in hand right now."""
        return len(self._lanes)

    def _fall_behind(self) -> None:
        self._spilling = True
        if self._catching_up is None:
            self._catching_up = asyncio.create_task(self._catch_up())

    async def _catch_up(self) -> None:
        """Queue the messages waiting in the database, oldest first, as room comes; then
        queue new ones directly again."""
        log.warning("messages are waiting in the database; taking them in order")
        self._metrics.catching_up.set(1)
        after, taken = 0, 0
        while self._spilling:
            while page := await self._page(after):
                after, taken = page[-1][0], taken + len(page)
            self._spilling, self._direct = False, set()
            # Messages kept while the last page was read, before new ones came directly.
            page = await self._page(after)
            self._direct = None
            if page:
                after, taken = page[-1][0], taken + len(page)
        self._catching_up = None
        self._metrics.catching_up.set(0)
        log.warning("caught up: %d messages taken from the database", taken)

    async def _page(self, after: int) -> list[tuple[int, Inbound]]:
        """Queue the next messages after seq ``after`` waiting in the database, once there
        is room; not those already here, nor those that came directly meanwhile."""
        while len(self._held) > HELD // 2:
            self._room.clear()
            await self._room.wait()
        here = set(self._held)  # before reading: one of them may be done by the time it's read
        page = await self._store.unprocessed_inbound(after, HELD - len(self._held))
        for seq, message in page:
            if seq not in here and seq not in (self._direct or ()) and self._ours(message):
                self._enqueue(seq, message)
        return page

    def _ours(self, message: Inbound) -> bool:
        """Whether this engine answers ``message``: a following engine leaves what someone
        typed on a channel it does not serve (``chat`` beside the server) to that process."""
        if not self._following or message.event is not None or self._reachable is None:
            return True
        return message.channel in self._reachable

    def _enqueue(self, seq: int, message: Inbound) -> None:
        if seq in self._held:
            return  # already here: the catch-up and a webhook both saw it
        self._held.add(seq)
        lane = self._lanes.get(message.key)
        if lane is not None:
            lane.append((seq, message))
            return
        self._lanes[message.key] = deque([(seq, message)])
        task = asyncio.create_task(self._drain(message.key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self, key: ConversationKey) -> None:
        lane = self._lanes[key]
        try:
            while lane:
                seq, message = lane.popleft()
                try:
                    async with self._turns:
                        await self._process(seq, message)
                finally:
                    self._let_go(seq)
        finally:
            del self._lanes[key]

    def _let_go(self, seq: int) -> None:
        self._held.discard(seq)
        if len(self._held) <= HELD // 2:
            self._room.set()

    async def _process(self, seq: int, message: Inbound) -> None:
        """Work the message out and save it, trying again while it fails; the lane waits.

        A turn that fails to save (the disk, a lock, another process saving the same
        conversation first) is worked out again from a fresh load; one that keeps failing
        is set aside, so the person's next message is not held up behind it for ever.
        """
        tag = self._tag(message.key)
        for attempt in range(1, TRIES + 1):
            try:
                turn, told = await self._turn(seq, message)
            except StaleConversation:
                log.info("%s changed in another process: message %d worked out again", tag, seq)
                continue
            except AlreadyAnswered:
                log.info("message %d from %s was answered already, elsewhere", seq, tag)
                return
            except Exception as error:
                self._metrics.errors.labels("turn_not_saved").inc()
                log.warning(
                    "message %d from %s not saved, try %d of %d: %s",
                    *(seq, tag, attempt, TRIES, _what(error)),
                )
                if attempt < TRIES:
                    await asyncio.sleep(min(FIRST_WAIT * 2 ** (attempt - 1), LONGEST_WAIT))
                continue
            log.debug("%s: %s, %d replies", tag, turn.record.state, len(turn.replies))
            for told_seq, event in told:
                self._enqueue(told_seq, event)
            if turn.replies or told:
                self._on_outbox()
            return
        await self._set_aside(seq, message)

    async def _turn(self, seq: int, message: Inbound) -> tuple[Turn, list[tuple[int, Inbound]]]:
        """Load, decide, save: one try at a message."""
        loaded = await self._store.load(message.key)
        roster, places = await self._roster.get(loaded.roster_version)
        context = Context(
            links_as_resident=loaded.links_as_resident,
            links_as_helper=loaded.links_as_helper,
            roster=roster,
            places=places,
            danger=await self._danger(message),
        )
        wanted = lookups(loaded.record, message, context)
        if Lookup.VISITS in wanted:
            visits = await self._store.visits(message.key)
            context.visit, context.visits_as_peer, context.minutes_given = visits
        if Lookup.BOOKINGS in wanted:
            context.booked = await self._store.booked(self._clock.now())
        if Lookup.LAST_CARD in wanted:
            context.last_card_holders = await self._store.last_card_holders(message.key)
        if Lookup.OPTIONS in wanted:
            record = loaded.record or new_record(message)
            context.options = await self._find_options(record, message, places)
            if not context.options:
                context.worker = await self._store.worker_on_duty()
        now = self._clock.now()
        turn = respond(loaded.record, message, now, self._settings, context)
        # Anonymous counts for insights, kept with the turn (flows.insights.tally).
        nothing_fitted = Lookup.OPTIONS in wanted and not context.options
        counted = counts(loaded.record, turn.record, places, now, nothing_fitted)
        told = await self._store.commit_turn(
            seq, turn.record, turn.replies, [*turn.effects, *counted], now, loaded.version
        )
        self._metrics.turned(loaded.record, turn)
        return turn, told

    async def _danger(self, message: Inbound) -> DangerReading | None:
        """The encoder's reading of what a resident typed (not a press, not an event)."""
        if self._danger_reader is None or message.press or message.event or not message.text:
            return None
        if len(message.text.split()) < ENCODER_MIN_WORDS:
            return None  # too short for the reading to count (flows.safety.combine)
        reading = await self._danger_reader.read(message.text)
        self._metrics.danger.labels(reading.tier if reading else "none").inc()
        return reading

    async def _set_aside(self, seq: int, message: Inbound) -> None:
        """Stop trying ``message``, keep it, and ask the person (not a timer) to send it again."""
        tag, now = self._tag(message.key), self._clock.now()
        log.error("message %d from %s set aside after %d tries", seq, tag, TRIES)
        self._metrics.errors.labels("set_aside").inc()
        try:
            await self._store.set_aside(seq, now)
        except Exception as error:
            log.error("message %d from %s not set aside either: %s", seq, tag, _what(error))
        if message.event is not None:
            return
        try:
            await self._store.say_alone(message.key, SET_ASIDE, seq, now)
        except Exception as error:
            log.error("%s could not be told their message was set aside: %s", tag, _what(error))
            return
        self._on_outbox()

    def _tag(self, key: ConversationKey) -> str:
        return self._pseudonyms.tag(key.channel, key.address)


def _what(error: Exception) -> str:
    """An error's kind and where it was raised: never its message, which may hold words."""
    # The deepest of our own frames says more than the library's where it surfaced.
    ours = [f for f in traceback.extract_tb(error.__traceback__) if "-packages" not in f.filename]
    where = f" at {Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else ""
    return f"{type(error).__name__}{where}"
