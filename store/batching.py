"""Group commit: many concurrent callers, one round trip to SQLite for all of them.

Each caller awaits its own result; the batch runs as soon as the event loop is free, so
a lone caller waits no longer than one round trip, and a burst shares the cost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# A handler returns one result per item, in order; an exception stands for that item's error.
Handler = Callable[[list[T]], Awaitable[Sequence["R | BaseException"]]]


class Batcher(Generic[T, R]):
    """Collects items submitted concurrently and hands them to ``handle`` in batches."""

    def __init__(self, handle: Handler[T, R], max_batch: int = 256) -> None:
        self._handle = handle
        self._max_batch = max_batch
        self._queue: asyncio.Queue[tuple[T, asyncio.Future[R]]] = asyncio.Queue()
        self._runner: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        """Queue ``item`` and wait until its batch has been handled."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((item, future))
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._run())
        return await future

    async def close(self) -> None:
        """Finish what is queued, then stop."""
        if self._runner is not None:
            await self._queue.join()
            self._runner.cancel()
            await asyncio.gather(self._runner, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._settle(batch)
            finally:
                for _ in batch:
                    self._queue.task_done()

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
