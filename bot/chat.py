"""``whatcanwedo chat``: one person talking to the bot in a terminal."""

from __future__ import annotations

import asyncio
from typing import TextIO

from bot.runtime import Runtime
from bot.settings import Settings
from connectors.console import ConsoleConnector
from store.lock import server_lock

INTRO = "Talking to the bot as {address}. Type a message and press Enter; Ctrl-D to leave.\n"
BESIDE_SERVER = "A server is using this database: timers and the other channels are left to it.\n"


async def chat(
    settings: Settings,
    address: str,
    stdin: TextIO,
    stdout: TextIO,
    reachable: frozenset[str] = frozenset(),
) -> int:
    """Read lines from ``stdin`` and print the bot's replies until end of input.

    ``reachable`` are the channels a server on this database sends by: people on them may
    be asked (their cards wait in the outbox for that server), as well as the console.
    """
    console = ConsoleConnector(stdout)
    stdout.write(INTRO.format(address=address))
    stdout.flush()
    with server_lock(settings.db, "chat") as alone:
        if not alone:
            stdout.write(BESIDE_SERVER)
            stdout.flush()
        everywhere = reachable | {console.channel}
        async with Runtime.open(
            settings, [console], background=False, owner=alone, reachable=everywhere
        ) as runtime:
            await runtime.wait_idle()
            while True:
                line = await asyncio.to_thread(stdin.readline)
                if not line:
                    return 0
                if not line.strip():
                    continue
                await runtime.engine.receive(console.parse(line, address, runtime.clock.now()))
                await runtime.wait_idle()
