"""One server per database file: an OS lock on a file beside it.

The kernel lets go of the lock when its process ends, however it ends (``kill -9`` too),
so a crashed server never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class DatabaseInUse(RuntimeError):
    """Another process is serving this database file."""


def lock_path(db: str | Path) -> Path:
    """The lock file beside the database: ``whatcanwedo.db`` has ``whatcanwedo.db.lock``."""
    return Path(f"{db}.lock")


@contextlib.contextmanager
def server_lock(db: str | Path, holder: str) -> Iterator[bool]:
    """Try to hold the database's server lock for the block; yields whether this process has it.

    ``holder`` (a command name) is written into the lock file, to name it to whoever waits.
    """
    fd = os.open(lock_path(db), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        os.ftruncate(fd, 0)
        os.write(fd, f"{holder}, process {os.getpid()}\n".encode())
        yield True
    finally:
        os.close(fd)


@contextlib.contextmanager
def only_server(db: str | Path, holder: str) -> Iterator[None]:
    """Hold the database's server lock for the block, or raise DatabaseInUse saying who has it."""
    with server_lock(db, holder) as held:
        if not held:
            raise DatabaseInUse(
                f"another whatcanwedo server is already using {db} ({_holder(db)});"
                " stop it first, or point WCWD_DB at another database file"
            )
        yield


def _holder(db: str | Path) -> str:
    try:
        return lock_path(db).read_text("utf-8").strip() or "starting up"
    except OSError:
        return "unknown"
