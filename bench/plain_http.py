"""A lean HTTP/1.1 client and Twilio stand-in on asyncio streams, for bench/webhooks.py.

The load generator shares the machine with the server it measures. With httpx posting and
a Starlette stand-in taking the replies, the generator alone topped out near 330 webhooks a
second against a server that answered nothing (measured here), so the benchmark measured
the generator. These do the same work (keep-alive connections, signed forms, a JSON answer
to each send) on plain streams, for a fraction of the CPU.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from urllib.parse import parse_qs

ANSWER_WITHIN = 60.0  # seconds; past this a request counts as refused


class PlainClient:
    """Keep-alive POSTs of ready-made bodies, at most ``limit`` connections open at once."""

    def __init__(self, host: str, port: int, limit: int) -> None:
        self._host, self._port = host, port
        self._slots = asyncio.Semaphore(limit)
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        """POST ``body`` as a form; the response's status. OSError if the connection fails."""
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        request = (
            f"POST {path} HTTP/1.1\r\nHost: {self._host}:{self._port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n{head}\r\n"
        ).encode() + body
        async with self._slots:
            while self._idle:
                # A kept-alive connection the server has just closed as idle fails at once,
                # with nothing read; as any HTTP client does, send again on another.
                with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
                    return await self._exchange(self._idle.pop(), request)
            fresh = await asyncio.open_connection(self._host, self._port)
            try:
                return await self._exchange(fresh, request)
            except (OSError, asyncio.IncompleteReadError, ValueError, TimeoutError) as error:
                raise OSError(f"the connection failed: {error}") from error

    async def _exchange(
        self, conn: tuple[asyncio.StreamReader, asyncio.StreamWriter], request: bytes
    ) -> int:
        reader, writer = conn
        try:
            writer.write(request)
            async with asyncio.timeout(ANSWER_WITHIN):
                status = await _read_response(reader)
        except BaseException:
            writer.close()
            raise
        self._idle.append(conn)
        return status

    async def close(self) -> None:
        """Close every idle connection."""
        for _, writer in self._idle:
            writer.close()
        self._idle.clear()


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:])}
    if "content-length" not in fields:
        raise ValueError("a response without Content-Length (chunked?) is not read here")
    await reader.readexactly(int(fields["content-length"]))
    return status


class PlainTwilio:
    """A Twilio Messages API stand-in that takes every send and notes when each number first
    heard back."""

    def __init__(self) -> None:
        self.first_reply: dict[str, float] = {}
        self._heard = asyncio.Event()
        self._sids = 0

    async def answered(self, numbers: set[str], within: float) -> None:
        """Return once each of ``numbers`` has had a reply, or ``within`` seconds have gone."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within):
                while not numbers <= self.first_reply.keys():
                    self._heard.clear()
                    await self._heard.wait()

    @contextlib.asynccontextmanager
    async def serving(self) -> AsyncIterator[str]:
        """Listen on a free loopback port until the block ends; yields the base URL."""
        server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 1.0)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError, ValueError):
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = _content_length(head)
                body = await reader.readexactly(length)
                to = parse_qs(body.decode()).get("To", [""])[0]
                self.first_reply.setdefault(to, time.perf_counter())
                self._heard.set()
                self._sids += 1
                answer = json.dumps({"sid": f"SM{self._sids:032x}", "status": "queued"})
                writer.write(
                    b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(answer)}\r\n\r\n{answer}".encode()
                )
                await writer.drain()
        writer.close()


def _content_length(head: bytes) -> int:
    for line in head.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            return int(value.strip())
    return 0
