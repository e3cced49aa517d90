"""Two processes on one database file (a server and ``chat``, an import): each stays right.

Each harness here opens its own store, with its own connections, as another process would.
"""

from __future__ import annotations

from bot.settings import Settings
from tests.harness import harness

ALICE = "+447700900001"
BEN = "+447700900002"


async def test_messages_recorded_by_two_processes_in_turn_all_get_answers(
    settings: Settings,
) -> None:
    async with harness(settings) as server, harness(settings) as console:
        assert await server.say("web", ALICE, "hi") != []
        assert await console.say("console", BEN, "hi") != []
        assert await server.say("web", ALICE, "the rent is behind") != []
        assert await console.say("console", BEN, "I feel lonely") != []
        unanswered = await server.count("SELECT count(*) FROM inbound WHERE processed_at IS NULL")
    assert unanswered == 0
