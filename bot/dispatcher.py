"""The dispatcher: sends the outbox through the connectors, and records what happened.

Messages to one address leave in order; different addresses go concurrently. A message is
marked sent only after its channel took it, so after a crash unsent messages go out on
restart. A temporary failure is retried with backoff; a permanent one is marked failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from datetime import timedelta

from bot.clock import Clock
from bot.metrics import Metrics
from bot.privacy import Pseudonymiser
from common.models import Outbound
from connectors.base import Connector, PermanentSendError, TemporarySendError
from store.sqlite import OutboxRow, SqliteStore
from store.writes import MarkOutbox

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(minutes=10)
# Addresses sent to at once; also the most messages a crash can send twice.
CONCURRENCY = 64


class Dispatcher:
    """Drains the outbox; wake it when something new is there."""

    def __init__(
        self,
        store: SqliteStore,
        connectors: Mapping[str, Connector],
        clock: Clock,
        pseudonyms: Pseudonymiser,
        metrics: Metrics | None = None,
        concurrency: int = CONCURRENCY,
    ) -> None:
        self._store = store
        self._metrics = metrics or Metrics()
        self._connectors = connectors
        self._clock = clock
        self._pseudonyms = pseudonyms
        self._slots = asyncio.Semaphore(concurrency)
        self._wakeup = asyncio.Event()
        self._draining = asyncio.Lock()

    def wake(self) -> None:
        """Something was added to the outbox."""
        self._wakeup.set()

    async def run(self, poll_seconds: float = 1.0) -> None:
        """Drain whenever woken, and at least every ``poll_seconds`` for retries that fall due."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=poll_seconds)
            self._wakeup.clear()
            try:
                await self.drain()
            except Exception:
                log.exception("outbox drain failed; trying again shortly")

    async def drain(self) -> int:
        """Send everything that is due now; returns how many messages were tried.

        Each outcome is recorded as soon as its send returns (the store's writer commits
        concurrent marks together), so a crash can send again on restart only the messages
        that were in flight, at most ``concurrency`` of them, and never loses one.
        """
        tried = 0
        async with self._draining:
            while True:
                due = await self._store.due_outbox(self._clock.now(), list(self._connectors))
                if not due:
                    return tried
                tried += len(due)
                await asyncio.gather(*(self._send_in_order(rows) for rows in by_address(due)))

    async def _send_in_order(self, rows: list[OutboxRow]) -> None:
        async with self._slots:
            for row in rows:
                mark = await self._send_one(row)
                self._count(row, mark)
                # Kept before the next send, so a slot never holds more than one unrecorded send.
                await self._store.mark_outbox(mark)
                if mark.status != "sent":
                    break  # later messages wait behind the one to retry

    async def _send_one(self, row: OutboxRow) -> MarkOutbox:
        # due_outbox gives only rows for the channels this dispatcher has connectors for.
        connector = self._connectors[row.channel]
        message = Outbound.model_construct(
            channel=row.channel,
            address=row.address,
            text=row.text,
            buttons=row.buttons,
            outbox_id=row.id,
        )
        return await self._attempt(connector, message, row)

    async def _attempt(self, connector: Connector, message: Outbound, row: OutboxRow) -> MarkOutbox:
        attempts = row.attempts + 1
        try:
            receipt = await connector.send(message)
        except TemporarySendError as error:
            return self._retry_or_fail(row, attempts, str(error), error.retry_after)
        except PermanentSendError as error:
            log.warning("send %d to %s failed for good: %s", row.id, self._tag(row), error)
            return MarkOutbox(
                row.id,
                "failed",
                attempts,
                self._clock.now(),
                error=str(error),
                opted_out=error.opted_out,
            )
        now = self._clock.now()
        return MarkOutbox(
            row.id, "sent", attempts, now, sent_at=now, provider_id=receipt.provider_id
        )

    def _retry_or_fail(
        self, row: OutboxRow, attempts: int, reason: str, retry_after: float | None
    ) -> MarkOutbox:
        now = self._clock.now()
        if attempts >= MAX_ATTEMPTS:
            log.warning("send %d to %s gave up: %s", row.id, self._tag(row), reason)
            return MarkOutbox(
                row.id, "failed", attempts, now, error=f"gave up after {attempts} tries: {reason}"
            )
        backoff = timedelta(seconds=retry_after) if retry_after else timedelta(seconds=2**attempts)
        log.info("send %d to %s will be retried: %s", row.id, self._tag(row), reason)
        return MarkOutbox(
            row.id, "pending", attempts, now + min(backoff, MAX_BACKOFF), error=reason
        )

    def _count(self, row: OutboxRow, mark: MarkOutbox) -> None:
        result = "retry" if mark.status == "pending" else mark.status
        self._metrics.messages_out.labels(row.channel, result).inc()
        if mark.status == "failed":
            self._metrics.errors.labels("send_failed").inc()

    def _tag(self, row: OutboxRow) -> str:
        return self._pseudonyms.tag(row.channel, row.address)


def by_address(rows: list[OutboxRow]) -> list[list[OutboxRow]]:
    """The rows for each address, oldest first, however others' rows fall between them."""
    groups: dict[tuple[str, str], list[OutboxRow]] = {}
    for row in rows:
        groups.setdefault((row.channel, row.address), []).append(row)
    return list(groups.values())
