"""Two processes on one database file (a server and ``chat``, an import): each stays right.

Each harness here opens its own store, with its own connections, as another process would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import store
from bot.clock import ManualClock
from bot.engine import Engine
from bot.privacy import Pseudonymiser
from bot.runtime import Runtime
from bot.settings import Settings
from common.models import ConversationRecord, Inbound, Option, Outbound
from common.places import Places
from connectors.recording import RecordingConnector
from flows.anywhere.guards import STOPPED
from store.sqlite import SqliteStore
from tests.harness import SKINT_IN_MILLBROOK, harness

ALICE = "+447700900001"
BEN = "+447700900002"
CHIOMA = ("telegram", "5550001")
AMIRA = ("telegram", "5550201")  # a worker on the sample roster
SAMPLE_ROSTER = Path(store.__file__).parent / "sample" / "roster.json"


def import_people(db: Path, roster: Path) -> None:
    """Load a roster with the real command, in its own process."""
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "import", "people", str(roster)],
        env={**os.environ, "WCWD_DB": str(db)},
        check=True,
        capture_output=True,
        timeout=60,
    )


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


async def test_a_roster_imported_while_the_bot_runs_is_used_for_the_very_next_message(
    settings: Settings,
) -> None:
    async with harness(settings) as bot:
        assert not any("/inbox/sign-in/" in r for r in await bot.say(*AMIRA, "INBOX"))
        import_people(settings.db, SAMPLE_ROSTER)
        [link] = await bot.say(*AMIRA, "INBOX")
    assert "/inbox/sign-in/" in link


async def test_a_turn_worked_out_before_another_process_saved_a_stop_never_undoes_it(
    settings: Settings,
) -> None:
    stopped: list[list[str]] = []
    async with harness(settings) as server:
        for text in SKINT_IN_MILLBROOK[:-1]:  # up to the question about the area
            await server.say(*CHIOMA, text)

        async def stop_meanwhile(
            record: ConversationRecord, message: Inbound, places: Places
        ) -> list[Option]:
            # While this process looks up options, the person's STOP reaches the server.
            if not stopped:
                stopped.append(await server.say(*CHIOMA, "STOP"))
            return []

        other = await SqliteStore.open(settings.db)
        try:
            engine = Engine(
                other,
                ManualClock(),
                settings.flow_settings(),
                Pseudonymiser(b"a key for this test only"),
                find_options=stop_meanwhile,
            )
            await engine.receive(
                Inbound(
                    channel=CHIOMA[0],
                    address=CHIOMA[1],
                    external_id="the area",
                    text=SKINT_IN_MILLBROOK[-1],
                    received_at=server.clock.now(),
                )
            )
            await engine.wait_idle()
        finally:
            await other.close()
        opted_out = await server.count("SELECT opted_out FROM conversations")
        waiting = await server.count("SELECT count(*) FROM outbox WHERE status = 'pending'")
    assert stopped == [[STOPPED]]
    assert opted_out == 1
    assert waiting == 0


async def test_a_console_beside_the_server_sends_its_own_messages_and_leaves_the_rest(
    settings: Settings,
) -> None:
    clock = ManualClock()
    to_phones: list[Outbound] = []
    to_console: list[Outbound] = []
    phones = [RecordingConnector("sms", to_phones)]
    terminal = [RecordingConnector("console", to_console)]
    async with (
        Runtime.open(settings, phones, clock=clock, background=False) as server,
        Runtime.open(settings, terminal, clock=clock, background=False) as console,
    ):
        for runtime, channel, who in ((server, "sms", ALICE), (console, "console", BEN)):
            await runtime.engine.receive(
                Inbound(
                    channel=channel,
                    address=who,
                    external_id=f"{channel}-1",
                    text="hi",
                    received_at=clock.now(),
                )
            )
            await runtime.engine.wait_idle()
        await console.wait_idle()  # the console sends first: it must not take the SMS reply
        await server.wait_idle()
    assert [m.address for m in to_console] == [BEN]
    assert [m.address for m in to_phones] == [ALICE]
