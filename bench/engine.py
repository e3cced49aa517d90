"""Engine benchmark: a burst from many residents, against two baselines, in one run.

Each variant runs in a fresh subprocess so memory figures do not mix. Figures:
- ours: the real engine and SQLite store with a recording connector. A message counts once
  its reply reached the connector: recorded durably, processed, state and reply committed
  together, sent and marked.
- python-telegram-bot's ConversationHandler with PicklePersistence on the same script, as
  a developer might build instead: default (flushes on a timer, so not durable per
  message) and flushed after every update (durable, re-pickling everything each time).
- raw sqlite3 committing one small row per transaction: the ceiling for one durable write
  per message without group commit.

Run from the repository root: python bench/engine.py [--residents N] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SCRIPT = ["hi", "my rent is behind and the bailiffs keep calling", "yes"]
REPLIES = [
    "Hi, this is the Eastfield neighbours line. What can we do for you?",
    "You said that. Have I got that right, or is there more?",
    "Thanks. What matters most to you right now?",
]


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def latency_ms(samples: list[float]) -> tuple[float, float]:
    """p50 and p99 of ``samples`` (seconds), in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000


async def ours(residents: int, folder: Path) -> dict[str, Any]:
    """The real engine, store and dispatcher, with a connector that timestamps each send."""
    from bot.runtime import Runtime
    from bot.settings import Settings
    from common.models import Inbound, Outbound
    from connectors.base import SendReceipt

    started: dict[str, float] = {}
    latencies: list[float] = []

    class Timed:
        channel = "sms"

        async def send(self, message: Outbound) -> SendReceipt:
            key = f"{message.address}:{message.text[:12]}"
            began = started.pop(message.address, None)
            if began is not None:
                latencies.append(time.perf_counter() - began)
            return SendReceipt(provider_id=key)

        async def close(self) -> None:
            return None

    settings = Settings(_env_file=None, WCWD_DB=str(folder / "ours.db"))
    async with Runtime.open(settings, [Timed()]) as runtime:

        async def resident(number: int) -> None:
            address = f"+4477009{number:05d}"
            for text in SCRIPT:
                message = Inbound(
                    channel="sms",
                    address=address,
                    external_id=uuid.uuid4().hex,
                    text=text,
                    received_at=datetime.now(UTC),
                )
                started[address] = time.perf_counter()
                await runtime.engine.receive(message)

        began = time.perf_counter()
        await asyncio.gather(*(resident(n) for n in range(residents)))
        await runtime.wait_idle()
        elapsed = time.perf_counter() - began
        handled = await runtime.store.scalar("SELECT count(*) FROM outbox WHERE status = 'sent'")
    p50, p99 = latency_ms(latencies)
    return {
        "messages": residents * len(SCRIPT),
        "replies": handled,
        "seconds": elapsed,
        "p50_ms": p50,
        "p99_ms": p99,
        "rss_mb": peak_rss_mb(),
    }


async def ptb(residents: int, folder: Path, flush_each: bool) -> dict[str, Any]:
    """ConversationHandler + PicklePersistence, driven offline through process_update."""
    from telegram import Update
    from telegram.ext import (
        Application,
        ConversationHandler,
        MessageHandler,
        PicklePersistence,
        filters,
    )
    from telegram.request import BaseRequest, RequestData

    class Offline(BaseRequest):
        """Answers the Bot API calls the handler makes, with no network."""

        @property
        def read_timeout(self) -> float | None:
            return None

        async def initialize(self) -> None:
            return None

        async def shutdown(self) -> None:
            return None

        async def do_request(
            self,
            url: str,
            method: str,
            request_data: RequestData | None = None,
            *args: Any,
            **kwargs: Any,
        ) -> tuple[int, bytes]:
            if url.endswith("getMe"):
                me = {"id": 1, "is_bot": True, "first_name": "bench", "username": "bench_bot"}
                return 200, json.dumps({"ok": True, "result": me}).encode()
            params = request_data.parameters if request_data else {}
            sent = {
                "message_id": 1,
                "date": 0,
                "text": params.get("text", ""),
                "chat": {"id": int(str(params.get("chat_id", 1))), "type": "private"},
            }
            return 200, json.dumps({"ok": True, "result": sent}).encode()

    asked, reflecting, matters = range(3)

    def reply(state: int, text: str) -> Any:
        async def handle(update: Update, context: Any) -> int:
            assert update.message is not None
            context.user_data.setdefault("answers", []).append(update.message.text)
            await update.message.reply_text(text)
            return state

        return handle

    persistence = PicklePersistence(filepath=folder / f"ptb-{flush_each}.pickle")
    app = (
        Application.builder()
        .token("123:ABC")
        .updater(None)
        .persistence(persistence)
        .request(Offline())
        .get_updates_request(Offline())
        .build()
    )
    app.add_handler(
        ConversationHandler(
            entry_points=[MessageHandler(filters.TEXT, reply(asked, REPLIES[0]))],
            states={
                asked: [MessageHandler(filters.TEXT, reply(reflecting, REPLIES[1]))],
                reflecting: [MessageHandler(filters.TEXT, reply(matters, REPLIES[2]))],
                matters: [MessageHandler(filters.TEXT, reply(matters, REPLIES[2]))],
            },
            fallbacks=[],
            name="listen",
            persistent=True,
        )
    )
    latencies: list[float] = []
    update_id = 0
    async with app:
        began = time.perf_counter()
        for step, text in enumerate(SCRIPT):
            for number in range(residents):
                update_id += 1
                chat = 10_000_000 + number
                update = Update.de_json(
                    {
                        "update_id": update_id,
                        "message": {
                            "message_id": step,
                            "date": 0,
                            "text": text,
                            "chat": {"id": chat, "type": "private"},
                            "from": {"id": chat, "is_bot": False, "first_name": "R"},
                        },
                    },
                    app.bot,
                )
                sent = time.perf_counter()
                await app.process_update(update)
                if flush_each:
                    await app.update_persistence()
                latencies.append(time.perf_counter() - sent)
        await app.update_persistence()
        elapsed = time.perf_counter() - began
    p50, p99 = latency_ms(latencies)
    return {
        "messages": residents * len(SCRIPT),
        "seconds": elapsed,
        "p50_ms": p50,
        "p99_ms": p99,
        "rss_mb": peak_rss_mb(),
    }


def raw_sqlite(folder: Path, synchronous: str, seconds: float = 3.0) -> dict[str, Any]:
    """One small row per transaction in WAL mode, as fast as it goes."""
    conn = sqlite3.connect(folder / "raw.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("CREATE TABLE m (id INTEGER PRIMARY KEY, body TEXT)")
    rows, began = 0, time.perf_counter()
    while time.perf_counter() - began < seconds:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO m (body) VALUES (?)", ("hello, this is a message",))
        conn.execute("COMMIT")
        rows += 1
    elapsed = time.perf_counter() - began
    conn.close()
    return {"messages": rows, "seconds": elapsed, "rss_mb": peak_rss_mb()}


def run_variant(name: str, residents: int) -> dict[str, Any]:
    """Run one variant in a fresh interpreter and read its figures back."""
    command = [sys.executable, __file__, "--variant", name, "--residents", str(residents)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def variant(name: str, residents: int) -> dict[str, Any]:
    """The figures for one variant, in this process."""
    folder = Path(tempfile.mkdtemp(prefix="wcwd-bench-"))
    if name == "ours":
        return asyncio.run(ours(residents, folder))
    if name == "ptb":
        return asyncio.run(ptb(residents, folder, flush_each=False))
    if name == "ptb-durable":
        return asyncio.run(ptb(residents, folder, flush_each=True))
    return raw_sqlite(folder, "FULL" if name == "raw-sqlite-full" else "NORMAL")


def rate(figures: dict[str, Any]) -> float:
    """Messages per second."""
    return float(figures["messages"]) / float(figures["seconds"])


def main() -> None:
    """Run every variant and print a table, the ratios, and the machine-readable last line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="1,000 residents, a smoke run")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    args = parser.parse_args()
    residents = 1_000 if args.quick else args.residents
    if args.variant:
        print(json.dumps(variant(args.variant, residents)))
        return
    # PTB's cost per update grows with the conversations it holds (measured: 700 msgs/s at
    # 1,000 residents, 80 at 10,000), and flushing the pickle after every update is
    # O(everyone): both get fewer residents so the run ends in minutes; the table says so.
    ptb_residents = max(1, min(residents, 2_000))
    durable_residents = max(1, min(residents, 1_000))
    plan = [
        ("ours", residents),
        ("ptb", ptb_residents),
        ("ptb-durable", durable_residents),
        ("raw-sqlite", 0),
        ("raw-sqlite-full", 0),
    ]
    results: dict[str, dict[str, Any]] = {}
    for number, (name, count) in enumerate(plan, start=1):
        print(f"[{number}/{len(plan)}] {name} ...", file=sys.stderr, flush=True)
        results[name] = run_variant(name, count)
    report(results, residents, ptb_residents, durable_residents)


def report(
    results: dict[str, dict[str, Any]], residents: int, ptb_residents: int, durable_residents: int
) -> None:
    """Print the table and ratios."""
    labels = {
        "ours": f"whatcanwedo engine, {residents} residents x {len(SCRIPT)} messages",
        "ptb": f"PTB ConversationHandler+PicklePersistence, timer flush ({ptb_residents})",
        "ptb-durable": f"PTB, flushed after every update ({durable_residents} residents)",
        "raw-sqlite": "raw sqlite3, one row per commit (WAL, synchronous=NORMAL, as ours)",
        "raw-sqlite-full": "raw sqlite3, one row per commit (WAL, synchronous=FULL: fsync each)",
    }
    print(f"{'variant':<78} {'msgs/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'RSS MiB':>8}")
    for name, figures in results.items():
        p50 = f"{figures['p50_ms']:.2f}" if "p50_ms" in figures else "-"
        p99 = f"{figures['p99_ms']:.2f}" if "p99_ms" in figures else "-"
        print(
            f"{labels[name]:<78} {rate(figures):>9.0f} {p50:>8} {p99:>8} {figures['rss_mb']:>8.0f}"
        )
    ours_rate = rate(results["ours"])
    print(f"replies sent by ours: {results['ours']['replies']} of {results['ours']['messages']}")
    for name in ("ptb", "ptb-durable", "raw-sqlite", "raw-sqlite-full"):
        print(f"ratio ours / {name}: {ours_rate / rate(results[name]):.2f}")
    print(f"durable_msgs_per_s={ours_rate:.0f}")


if __name__ == "__main__":
    main()
