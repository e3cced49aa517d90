"""``serve --processes N``: one process answers, N-1 take webhooks, all on one database.

Acknowledging a webhook needs one durable insert; working out its answer takes far more
CPU. In one process the two share an event loop, so past capacity acknowledgements wait
behind turns (bench/webhooks.py). Here N-1 processes share the listening socket and only
keep messages (each in a file of its own, ``store.intake``) and acknowledge, while one
process, at the lowest CPU priority, answers what they kept in order, fires the timers
and sends. This process only watches: a child that
dies is started again, and children end when it does, however it ends.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import multiprocessing
import os
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType

import uvicorn
from prometheus_client import multiprocess

from bot import logs
from bot.app import create_app
from bot.channels import ChannelSettings, build_connectors
from bot.metrics import SHARED_FOLDER
from bot.runtime import Role, Runtime
from bot.settings import Settings, local_url
from store.sqlite import SqliteStore

log = logging.getLogger(__name__)

# Turns yield the CPU to acknowledgements: a webhook must be answered within Twilio's 15 s,
# and a backlog of turns can wait (in order, on disk). bench/webhooks.py measured at 19.
ANSWERING_NICENESS = 19
RESTART_PAUSE = 1.0
STOP_WAIT = 30.0
# A restarted server may find the port still held for a moment by children of the last.
BIND_WAIT = 5.0
ORPHAN_CHECK = 0.5
ANSWERING = "answer"


def serve_processes(
    settings: Settings, channels: ChannelSettings, host: str, port: int, processes: int
) -> int:
    """Run ``processes - 1`` acknowledging processes and one answering one until stopped."""
    asyncio.run(_migrate(settings))  # once, here, before the children open the file
    listener = _listen(host, port)
    with tempfile.TemporaryDirectory(prefix="whatcanwedo-metrics-") as shared:
        os.environ[SHARED_FOLDER] = shared  # the children's metrics, added up by any of them
        try:
            return _run(settings, channels, listener, processes)
        finally:
            del os.environ[SHARED_FOLDER]
            listener.close()


def _run(
    settings: Settings, channels: ChannelSettings, listener: socket.socket, processes: int
) -> int:
    names = [ANSWERING, *(f"web-{n}" for n in range(1, processes))]
    spawn = multiprocessing.get_context("spawn")

    def start(name: str) -> BaseProcess:
        target, args = (
            (_answer, (settings, channels, os.getpid()))
            if name == ANSWERING
            else (_acknowledge, (settings, channels, listener, name, os.getpid()))
        )
        child = spawn.Process(target=target, args=args, name=name, daemon=False)
        child.start()
        log.info("the %s process started: pid %s", name, child.pid)
        return child

    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    children = {name: start(name) for name in names}
    log.info("serving with %d processes: %s", processes, ", ".join(names))
    host, port = listener.getsockname()[:2]
    log.info("listening on %s", local_url(host, port))
    try:
        _watch(children, start, stopping)
    finally:
        _stop_all(children.values())
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 0


def _watch(
    children: dict[str, BaseProcess],
    start: Callable[[str], BaseProcess],
    stopping: threading.Event,
) -> None:
    """Start again any child that ends, until told to stop."""
    while not stopping.is_set():
        wait([c.sentinel for c in children.values()], timeout=0.2)
        for name, child in list(children.items()):
            if child.is_alive() or stopping.is_set():
                continue
            log.error("the %s process ended (exit %s); starting it again", name, child.exitcode)
            multiprocess.mark_process_dead(child.pid)  # type: ignore[no-untyped-call]
            time.sleep(RESTART_PAUSE)
            children[name] = start(name)


def _stop_all(children: Iterable[BaseProcess]) -> None:
    """SIGTERM every child, wait for them to finish what they hold, then SIGKILL the rest."""
    alive = [c for c in children if c.is_alive()]
    for child in alive:
        child.terminate()
    deadline = time.monotonic() + STOP_WAIT
    for child in alive:
        child.join(max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            log.error("the %s process did not stop in %.0f s; killing it", child.name, STOP_WAIT)
            child.kill()
            child.join()


def _listen(host: str, port: int) -> socket.socket:
    """The shared listening socket, bound here so every acknowledging child accepts on it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    deadline = time.monotonic() + BIND_WAIT
    while True:
        # IPPROTO_TCP named, or asyncio leaves Nagle on: every answer waited 40 ms for an ACK.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as error:
            sock.close()
            if error.errno != errno.EADDRINUSE or time.monotonic() > deadline:
                raise
            time.sleep(0.1)
            continue
        sock.listen(2048)
        sock.set_inheritable(True)
        return sock


async def _migrate(settings: Settings) -> None:
    store = await SqliteStore.open(settings.db, settings.sqlite_synchronous)
    await store.close()


def _end_with_parent(parent: int) -> None:
    """SIGTERM this process once ``parent`` is gone (killed, say): never two answerers."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK)
        log.warning("the server's first process is gone; stopping this one too")
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _acknowledge(
    settings: Settings, channels: ChannelSettings, listener: socket.socket, name: str, parent: int
) -> None:
    """A child that takes webhooks and pages, and records messages for the answerer."""
    logs.configure_for(settings, channels, name)
    _end_with_parent(parent)
    live = build_connectors(channels)
    app = create_app(settings, live=live, role=Role.ACKNOWLEDGE, name=name)
    config = uvicorn.Config(app, log_level="info", access_log=False, log_config=None)
    uvicorn.Server(config).run(sockets=[listener])


def _answer(settings: Settings, channels: ChannelSettings, parent: int) -> None:
    """The child that answers everything recorded, in order, fires timers and sends."""
    logs.configure_for(settings, channels, ANSWERING)
    os.nice(ANSWERING_NICENESS)
    _end_with_parent(parent)
    asyncio.run(_answer_until_stopped(settings, channels))


async def _answer_until_stopped(settings: Settings, channels: ChannelSettings) -> None:
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stopped.set)
    async with Runtime.open(settings, build_connectors(channels), role=Role.ANSWER):
        log.info("answering what the other processes record")
        await stopped.wait()
    log.info("stopped answering")
