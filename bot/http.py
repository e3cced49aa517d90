"""Small HTTP helpers the webhooks and the sandbox share: a capped body, loopback hosts."""

from __future__ import annotations

import ipaddress

from starlette.requests import Request

MAX_BODY = 64 * 1024
LOOPBACK_NAMES = frozenset({"localhost"})


async def capped_body(request: Request, limit: int = MAX_BODY) -> bytes | None:
    """The body, or None when it is larger than ``limit``.

    Read while it streams in, so a huge chunked body is refused after ``limit`` bytes
    instead of being held in memory whole first.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
