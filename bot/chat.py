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


async def chat(settings: Settings, address: str, stdin: TextIO, stdout: TextIO) -> int:
    """Read lines from ``stdin`` and print the bot's replies until end of input."""
    console = ConsoleConnector(stdout)
    stdout.write(INTRO.format(address=address))
    stdout.flush()
    with server_lock(settings.db, "chat") as alone:
        if not alone:
            stdout.write(BESIDE_SERVER)
            stdout.flush()
        async with Runtime.open(settings, [console], background=False, owner=alone) as runtime:
            await runtime.wait_idle()
            while True:
                line = await asyncio.to_thread(stdin.readline)
                if not line:
                    return 0
                if not line.strip():
                    continue
                await runtime.engine.receive(console.parse(line, address, runtime.clock.now()))
                await runtime.wait_idle()
