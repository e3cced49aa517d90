"""Durable timers: due timers become events in their conversation, each exactly once.

A firing is recorded like any message, keyed by the timer's id, so firing twice (a crash
between recording and marking) is a no-op. Timers that fell due while the process was down
fire on start; the flow sees when each was due and decides whether it is still worth saying.
The same loop anonymises conversations idle for longer than the retention period.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from bot.clock import Clock
from bot.engine import Engine
from common.models import Inbound
from flows.anywhere.retention import themes
from flows.insights.tally import quiet
from store.sqlite import SqliteStore

log = logging.getLogger(__name__)


class Scheduler:
    """Fires due timers into the engine."""

    def __init__(
        self, store: SqliteStore, engine: Engine, clock: Clock, retention: timedelta
    ) -> None:
        self._store = store
        self._engine = engine
        self._clock = clock
        self._retention = retention
        self._firing = asyncio.Lock()

    async def fire_due(self) -> int:
        """Fire every timer whose moment has come; returns how many fired."""
        fired = 0
        async with self._firing:
            while due := await self._store.due_timers(self._clock.now()):
                for timer in due:
                    await self._engine.receive(
                        Inbound(
                            channel=timer.channel,
                            address=timer.address,
                            external_id=f"timer:{timer.id}",
                            event=timer.kind,
                            payload={**timer.payload, "due_at": timer.due_at.isoformat()},
                            received_at=self._clock.now(),
                        )
                    )
                    await self._store.mark_timer_fired(timer.id, self._clock.now())
                fired += len(due)
            await self.anonymise_idle()
        return fired

    async def anonymise_idle(self) -> int:
        """Anonymise conversations idle for longer than the retention period."""
        cutoff = self._clock.now() - self._retention
        done = 0
        roster = {h.key for h in await self._store.helpers()}
        while idle := await self._store.idle_conversations(cutoff):
            for record in idle:
                month = (record.last_seen_at or cutoff).strftime("%Y-%m")
                # Where a resident went quiet is counted for insights; the roster's are not.
                went = () if record.key in roster else (quiet(record, cutoff),)
                await self._store.anonymise(record.key, month, themes(record.data), went)
            done += len(idle)
        if done:
            log.info("anonymised %d conversations idle for %d days", done, self._retention.days)
        return done

    async def run(self, poll_seconds: float = 1.0) -> None:
        """Check for due timers every ``poll_seconds`` until cancelled."""
        while True:
            try:
                await self.fire_due()
            except Exception:
                log.exception("firing timers failed; trying again shortly")
            await asyncio.sleep(poll_seconds)
