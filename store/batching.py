"""Group commit: many concurrent callers, one round trip to SQLite for all of them.

Each caller awaits its own result; the batch runs as soon as the event loop is free, so
a lone caller waits no longer than one round trip, and a burst shares the cost.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# A handler returns one result per item, in order; an exception stands for that item's error.
Handler = Callable[[list[T]], Awaitable[Sequence["R | BaseException"]]]


class Batcher(Generic[T, R]):
    """Collects items submitted concurrently and hands them to ``handle`` in batches.

    Items submitted ``first`` go ahead of the rest in the next batch: a webhook waiting to
    be acknowledged should not wait behind a backlog of turns being saved.
    """

    def __init__(self, handle: Handler[T, R], max_batch: int = 256) -> None:
        self._handle = handle
        self._max_batch = max_batch
        self._first: deque[tuple[T, asyncio.Future[R]]] = deque()
        self._rest: deque[tuple[T, asyncio.Future[R]]] = deque()
        self._runner: asyncio.Task[None] | None = None

    async def submit(self, item: T, first: bool = False) -> R:
        """Queue ``item`` and wait until its batch has been handled."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        (self._first if first else self._rest).append((item, future))
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._run())
        return await future

    async def close(self) -> None:
        """Finish what is queued, then stop."""
        if self._runner is not None:
            await asyncio.gather(self._runner, return_exceptions=True)

    async def _run(self) -> None:
        while self._first or self._rest:
            batch: list[tuple[T, asyncio.Future[R]]] = []
            for lane in (self._first, self._rest):
                while lane and len(batch) < self._max_batch:
                    batch.append(lane.popleft())
            await self._settle(batch)

    async def _settle(self, batch: list[tuple[T, asyncio.Future[R]]]) -> None:
        try:
            results = await self._handle([item for item, _ in batch])
        except Exception as error:  # the whole batch failed: every caller hears why
            results = [error] * len(batch)
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)
