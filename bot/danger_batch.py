"""Typed messages read for danger in batches, off the event loop.

The reader is blocking numpy: each read goes to a worker thread. Messages that arrive while
a batch is being read wait for the next batch, and each batch is one executor call, so under
a burst the cost of the hop and of the static reading is shared (the static part of a batch
is read in a few numpy calls).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from common.models import DangerReading

ReadMany = Callable[[list[str]], list[DangerReading | None]]


class DangerBatcher:
    """Collects texts to read and reads them together, one executor call per batch."""

    def __init__(self, read_many: ReadMany) -> None:
        self._read_many = read_many
        self._waiting: list[tuple[str, asyncio.Future[DangerReading | None]]] = []
        self._reading: asyncio.Task[None] | None = None

    async def read(self, text: str) -> DangerReading | None:
        """The encoder's reading of ``text``, read with whatever else is waiting."""
        answer: asyncio.Future[DangerReading | None] = asyncio.get_running_loop().create_future()
        self._waiting.append((text, answer))
        if self._reading is None:
            self._reading = asyncio.create_task(self._drain())
        return await answer

    async def _drain(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                await self._read_batch(batch)
        finally:
            self._reading = None

    async def _read_batch(
        self, batch: list[tuple[str, asyncio.Future[DangerReading | None]]]
    ) -> None:
        loop = asyncio.get_running_loop()
        try:
            readings = await loop.run_in_executor(None, self._read_many, [t for t, _ in batch])
        except Exception as error:  # each waiting turn fails and is tried again, as any error
            for _, answer in batch:
                if not answer.done():
                    answer.set_exception(error)
            return
        for (_, answer), reading in zip(batch, readings, strict=True):
            if not answer.done():  # its turn may have been cancelled meanwhile
                answer.set_result(reading)
