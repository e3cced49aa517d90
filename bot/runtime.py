"""Everything a running bot needs, opened and closed together."""

from __future__ import annotations

import asyncio
import contextlib
import enum
import gc
import logging
import secrets
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from datetime import timedelta

from bot.clock import Clock, SystemClock
from bot.danger_reader import reader
from bot.dispatcher import Dispatcher
from bot.engine import Engine
from bot.family_guess import family_guess
from bot.metrics import Metrics
from bot.options import OptionFinder
from bot.privacy import Pseudonymiser
from bot.scheduler import Scheduler
from bot.settings import Settings
from connectors.base import Connector
from store.intake import Intake, IntakeFiles
from store.sqlite import SqliteStore

log = logging.getLogger(__name__)


class Role(enum.Enum):
    """What a process does when several serve one database (``serve --processes N``)."""

    WHOLE = "whole"  # everything, on its own: the default
    ACKNOWLEDGE = "acknowledge"  # answers HTTP; keeps messages in its own file (store.intake)
    ANSWER = "answer"  # answers what the others keep, fires timers, sends


def tune_garbage_collector() -> None:
    """Collect young objects less often, and never re-scan what start-up made.

    Each message makes many small short-lived objects; with the default threshold (700) the
    collector runs thousands of times a second and each run walks every queued message and
    conversation task, so throughput fell as a burst grew (3.6k msgs/s at 10,000 residents
    against 5k at 1,000). Reference counting still frees almost everything at once.
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


class Runtime:
    """The store, the engine and the outbox dispatcher, wired together."""

    def __init__(
        self,
        settings: Settings,
        store: SqliteStore,
        connectors: dict[str, Connector],
        clock: Clock,
        pseudonyms: Pseudonymiser,
        owner: bool = True,
        reachable: frozenset[str] | None = None,
        role: Role = Role.WHOLE,
        intake: Intake | None = None,
    ) -> None:
        self.settings = settings
        self.role = role
        self.owner = owner
        # Where messages can go from here: the connectors' channels unless said otherwise.
        self.reachable = frozenset(connectors) if reachable is None else reachable
        self.store = store
        self.clock = clock
        self.connectors = connectors
        self.pseudonyms = pseudonyms
        self.metrics = Metrics()
        self.dispatcher = Dispatcher(store, connectors, clock, pseudonyms, self.metrics)
        self.engine = Engine(
            store,
            clock,
            settings.flow_settings(),
            pseudonyms,
            on_outbox=self.dispatcher.wake,
            find_options=OptionFinder(store, settings.area, self.reachable, family_guess()),
            reachable=self.reachable,
            read_danger=reader().read_many if role is not Role.ACKNOWLEDGE else None,
            metrics=self.metrics,
            intake=intake,
        )
        retention = timedelta(days=settings.retention_days)
        self.scheduler = Scheduler(store, self.engine, clock, retention)
        self._background: list[asyncio.Task[None]] = []

    @classmethod
    @contextlib.asynccontextmanager
    async def open(
        cls,
        settings: Settings,
        connectors: Iterable[Connector] = (),
        clock: Clock | None = None,
        background: bool = True,
        owner: bool = True,
        reachable: frozenset[str] | None = None,
        role: Role = Role.WHOLE,
        name: str = "web",
    ) -> AsyncIterator[Runtime]:
        """Open the store, answer anything left unanswered, and (by default) keep sending.

        With ``background=False`` nothing is sent until :meth:`wait_idle` is called, which
        is what the replay harness and the console want: each step finishes before the next.
        With ``owner=False`` (``chat`` beside a server, which owns the file) this process
        answers only its own messages: it neither picks up others' nor fires timers.
        ``role`` splits the work between processes (see :class:`Role`); an acknowledging
        process keeps messages in an intake file of its ``name`` (``store.intake``).
        """
        tune_garbage_collector()
        owner = owner and role is not Role.ACKNOWLEDGE
        if role is not Role.ACKNOWLEDGE:
            # Loaded (and checked) once per process, off the event loop; a bad file stops here.
            await asyncio.to_thread(reader)
            await asyncio.to_thread(family_guess)
        store = await SqliteStore.open(settings.db, settings.sqlite_synchronous)
        sync = settings.sqlite_synchronous
        intake = await Intake.open(settings.db, name, sync) if role is Role.ACKNOWLEDGE else None
        others = IntakeFiles(settings.db, sync)  # what acknowledging processes kept
        try:
            key = settings.log_key or await store.meta("log_key", lambda: secrets.token_hex(32))
            runtime = cls(
                settings,
                store,
                {c.channel: c for c in connectors},
                clock or SystemClock(),
                Pseudonymiser(key.encode()),
                owner,
                reachable,
                role,
                intake,
            )
            if owner:
                await runtime.warn_unreachable()
            if owner and role is Role.WHOLE:
                # Left by an earlier ``serve --processes N`` that stopped before moving them.
                await runtime.engine.take_in(others)
                await runtime.engine.recover()
            if background and role is not Role.ACKNOWLEDGE:
                runtime._background = [asyncio.create_task(runtime.dispatcher.run())]
            if background and owner:
                runtime._background.append(asyncio.create_task(runtime.scheduler.run()))
            if role is Role.ANSWER:
                runtime._background.append(asyncio.create_task(runtime.engine.follow(others)))
            try:
                yield runtime
            finally:
                await runtime._shutdown()
        finally:
            await others.close()
            if intake is not None:
                await intake.close()
            await store.close()

    async def warn_unreachable(self) -> int:
        """Warn about people on the roster whose channel is off: nobody will ask them."""
        off = Counter(
            (h.key.channel, h.role)
            for h in await self.store.helpers()
            if h.key.channel not in self.reachable
        )
        for (channel, role), count in sorted(off.items()):
            log.warning(
                "%d %s(s) on the roster use %s, which is off here: they will not be asked"
                " until it is on",
                count,
                role,
                channel,
            )
        return sum(off.values())

    async def wait_idle(self) -> None:
        """Fire due timers (as the owner), process everything queued, send everything due."""
        if self.owner:
            await self.scheduler.fire_due()
        await self.engine.wait_idle()
        await self.dispatcher.drain()

    async def _shutdown(self) -> None:
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await self.engine.wait_idle()
        for connector in self.connectors.values():
            await connector.close()
