"""Logs never hold a number, a chat id or a message: people appear as a keyed hash."""

from __future__ import annotations

import hashlib
import hmac


class Pseudonymiser:
    """Turns an address into a short stable tag, so one person's events can be followed."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def tag(self, channel: str, address: str) -> str:
        """A stable, non-reversible tag for one conversation."""
        digest = hmac.new(self._key, f"{channel}:{address}".encode(), hashlib.sha256)
        return f"{channel}:{digest.hexdigest()[:12]}"
