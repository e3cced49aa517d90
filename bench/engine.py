"""Engine throughput: a burst of first contacts, beside what else one might build.

Every resident sends the same three-message first contact, each message after the last one
was kept, all residents at once. A message counts once its reply has reached the channel.
It runs twice: committing as deployed by default (WAL, synchronous=NORMAL: survives the
process being killed, not a power cut) and with WCWD_SQLITE_SYNCHRONOUS=FULL (survives a
power cut too). Two baselines run on the same script: python-telegram-bot's
ConversationHandler, with PicklePersistence as its docs show it (not durable) and with the
SQLite persistence a developer would write to keep each change at once (the same
durability as ours, the same residents), and raw sqlite3 committing one small row per
transaction (the ceiling for one durable write per message). Each variant runs in a fresh
process, so peak memory is its own.

Run from the repository root: python bench/engine.py [--residents N | --quick]
The last line is machine-readable: durable_msgs_per_s=N
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Each variant imports its own libraries inside its functions, so its peak memory is its own.
if TYPE_CHECKING:
    from telegram import Update
    from telegram.ext import Application, BasePersistence, ContextTypes, ConversationHandler
    from telegram.request import BaseRequest

    from common.models import Outbound
    from connectors.base import SendReceipt
    from connectors.recording import RecordingConnector

SCRIPT = ("hi", "my rent is behind and the bailiffs keep calling", "yes")
# What a reply's having been sent promises about its message and turn, by WCWD_SQLITE_SYNCHRONOUS.
DURABILITY = {
    "NORMAL": "each turn committed before its reply is sent; WAL, synchronous=NORMAL:"
    " survives the process being killed, not a power cut (the last commits may be lost)",
    "FULL": "each turn committed before its reply is sent; WAL, synchronous=FULL:"
    " survives a power cut too",
}
RESULT_TAG = "RESULT "
SQLITE_ROWS = 20_000
SQLITE_SECONDS = 3.0
CHILD_TIMEOUT = 240


@dataclass
class Result:
    """One variant's figures, passed from its process to the parent as JSON."""

    variant: str
    residents: int
    messages: int
    seconds: float
    p50_ms: float
    p99_ms: float
    rss_mib: float
    note: str = ""

    @property
    def per_s(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0


def summarise(
    variant: str, residents: int, seconds: float, latencies: list[float], note: str = ""
) -> Result:
    """Turn raw latencies (seconds) into the figures the table shows."""
    ordered = sorted(latencies)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0

    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return Result(variant, residents, len(ordered), seconds, at(0.50), at(0.99), rss_mib, note)


def address(i: int) -> str:
    """A distinct UK mobile number in E.164 for resident ``i`` (07700 900xxx and onwards)."""
    return f"+447{700900000 + i:09d}"


# --- our engine -------------------------------------------------------------------------


def timed_sink(total: int) -> tuple[RecordingConnector, dict[str, list[float]], asyncio.Event]:
    """A recording connector that notes when each reply arrives, and says when all have."""
    from connectors.recording import RecordingConnector

    arrived: dict[str, list[float]] = defaultdict(list)
    done = asyncio.Event()

    class TimedSink(RecordingConnector):
        async def send(self, message: Outbound) -> SendReceipt:
            arrived[message.address].append(time.perf_counter())
            receipt = await super().send(message)
            if len(self.sent) >= total:
                done.set()
            return receipt

    return TimedSink("sms"), arrived, done


async def run_engine(residents: int, folder: Path, synchronous: str = "NORMAL") -> Result:
    """The real engine, store and dispatcher, with replies recorded instead of sent; the
    writer commits with ``synchronous`` (WCWD_SQLITE_SYNCHRONOUS)."""
    from bot.runtime import Runtime
    from bot.settings import Settings
    from common.models import Inbound

    settings = Settings(WCWD_DB=str(folder / "bench.db"), WCWD_SQLITE_SYNCHRONOUS=synchronous)
    sink, arrived, done = timed_sink(residents * len(SCRIPT))
    started: dict[str, list[float]] = defaultdict(list)
    async with Runtime.open(settings, [sink]) as rt:

        async def resident(i: int) -> None:
            who = address(i)
            for n, text in enumerate(SCRIPT):
                started[who].append(time.perf_counter())
                message = Inbound(
                    channel="sms",
                    address=who,
                    external_id=f"{who}-{n}",
                    text=text,
                    received_at=rt.clock.now(),
                )
                if not await rt.engine.receive(message):
                    raise RuntimeError(f"message {n} of resident {i} was taken for a repeat")

        t0 = time.perf_counter()
        await asyncio.gather(*(resident(i) for i in range(residents)))
        await done.wait()
        elapsed = max(times[-1] for times in arrived.values()) - t0
        await rt.wait_idle()  # every send marked before the store closes
    check_engine_db(folder / "bench.db", residents * len(SCRIPT))
    latencies = [
        reply - sent
        for who, replies in arrived.items()
        for sent, reply in zip(started[who], replies, strict=True)
    ]
    name = "engine" if synchronous == "NORMAL" else f"engine-{synchronous.lower()}"
    return summarise(name, residents, elapsed, latencies, DURABILITY[synchronous])


def check_engine_db(path: Path, expected: int) -> None:
    """Fail loudly unless every message was kept, processed, and its reply marked sent."""
    db = sqlite3.connect(path)
    try:
        processed = db.execute(
            "SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL"
        ).fetchone()[0]
        sent = db.execute("SELECT count(*) FROM outbox WHERE status = 'sent'").fetchone()[0]
    finally:
        db.close()
    if processed != expected or sent != expected:
        raise RuntimeError(f"expected {expected}; {processed} processed, {sent} sent")


# --- python-telegram-bot: ConversationHandler, pickled or kept in SQLite -------------------


def offline_request(arrived: dict[int, list[float]]) -> BaseRequest:
    """A Bot API that answers getMe and sendMessage locally, noting when each reply left."""
    from telegram.request import BaseRequest, RequestData

    class OfflineRequest(BaseRequest):
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
            read_timeout: object = None,
            write_timeout: object = None,
            connect_timeout: object = None,
            pool_timeout: object = None,
        ) -> tuple[int, bytes]:
            params = request_data.parameters if request_data else {}
            answer = {"ok": True, "result": bot_api_answer(url, params, arrived)}
            return 200, json.dumps(answer).encode()

    return OfflineRequest()


def bot_api_answer(url: str, params: dict[str, Any], arrived: dict[int, list[float]]) -> Any:
    """What the Bot API would return for the two methods this run calls."""
    endpoint = url.rsplit("/", 1)[-1]
    if endpoint == "getMe":
        return {"id": 123, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}
    if endpoint == "sendMessage":
        chat = int(params["chat_id"])
        arrived[chat].append(time.perf_counter())
        return {
            "message_id": len(arrived[chat]) * 2,
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private"},
            "text": params["text"],
        }
    raise ValueError(f"the offline Bot API does not know {endpoint}")


def first_contact_handler(area: str) -> ConversationHandler[Any]:
    """The same three replies as our listen flow, as a developer would write them in PTB."""
    from telegram import ReplyKeyboardMarkup
    from telegram.ext import ConversationHandler, MessageHandler, filters

    from flows.listen.flow import ACK, BUTTONS, GREETING, QUESTIONS, Listen
    from flows.text import quote

    async def greet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
        assert update.message is not None
        await update.message.reply_text(GREETING.format(area=area))
        return Listen.ASKED_WHAT.value

    async def reflect(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
        assert update.message is not None
        assert update.message.text is not None
        assert context.user_data is not None
        context.user_data["words"] = update.message.text
        question = QUESTIONS[Listen.REFLECTING].format(words=quote(update.message.text))
        keyboard = ReplyKeyboardMarkup([list(BUTTONS[Listen.REFLECTING])])
        await update.message.reply_text(ACK["answer"] + question, reply_markup=keyboard)
        return Listen.REFLECTING.value

    async def confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
        assert update.message is not None
        await update.message.reply_text(ACK["confirm"] + QUESTIONS[Listen.ASKED_MATTERS])
        return Listen.ASKED_MATTERS.value

    async def matters(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
        assert update.message is not None
        await update.message.reply_text(ACK["answer"])
        return Listen.ASKED_MATTERS.value

    text = filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        entry_points=[MessageHandler(text, greet)],
        states={
            Listen.ASKED_WHAT.value: [MessageHandler(text, reflect)],
            Listen.REFLECTING.value: [MessageHandler(text, confirmed)],
            Listen.ASKED_MATTERS.value: [MessageHandler(text, matters)],
        },
        fallbacks=[],
        name="first_contact",
        persistent=True,
    )


def sqlite_persistence(path: Path) -> BasePersistence[Any, Any, Any]:
    """The persistence a developer would write to keep every change at once: a row per
    user and per conversation, upserted when it changes, in WAL with synchronous=NORMAL
    (the durability our engine runs with by default)."""
    from telegram.ext import BasePersistence, PersistenceInput

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, data TEXT NOT NULL)")
    db.execute("CREATE TABLE talks (name TEXT, key TEXT, state TEXT, PRIMARY KEY (name, key))")
    only_users = PersistenceInput(bot_data=False, chat_data=False, callback_data=False)

    class SqlitePersistence(BasePersistence[Any, Any, Any]):
        def __init__(self) -> None:
            super().__init__(store_data=only_users, update_interval=3600)

        async def get_user_data(self) -> dict[int, Any]:
            return {i: json.loads(d) for i, d in db.execute("SELECT id, data FROM users")}

        async def get_conversations(self, name: str) -> dict[Any, object]:
            rows = db.execute("SELECT key, state FROM talks WHERE name = ?", (name,))
            return {tuple(json.loads(key)): json.loads(state) for key, state in rows}

        async def update_user_data(self, user_id: int, data: Any) -> None:
            db.execute("INSERT OR REPLACE INTO users VALUES (?, ?)", (user_id, json.dumps(data)))

        async def update_conversation(self, name: str, key: Any, new_state: object) -> None:
            row = (name, json.dumps(list(key)))
            if new_state is None:
                db.execute("DELETE FROM talks WHERE name = ? AND key = ?", row)
            else:
                db.execute(
                    "INSERT OR REPLACE INTO talks VALUES (?, ?, ?)", (*row, json.dumps(new_state))
                )

        async def drop_user_data(self, user_id: int) -> None:
            db.execute("DELETE FROM users WHERE id = ?", (user_id,))

        async def flush(self) -> None:
            db.close()

        # What this application does not keep.
        async def get_chat_data(self) -> dict[int, Any]:
            return {}

        async def get_bot_data(self) -> Any:
            return {}

        async def get_callback_data(self) -> None:
            return None

        async def update_chat_data(self, chat_id: int, data: Any) -> None:
            return None

        async def update_bot_data(self, data: Any) -> None:
            return None

        async def update_callback_data(self, data: Any) -> None:
            return None

        async def drop_chat_data(self, chat_id: int) -> None:
            return None

        async def refresh_user_data(self, user_id: int, user_data: Any) -> None:
            return None

        async def refresh_chat_data(self, chat_id: int, chat_data: Any) -> None:
            return None

        async def refresh_bot_data(self, bot_data: Any) -> None:
            return None

    return SqlitePersistence()


def ptb_application(
    path: Path, arrived: dict[int, list[float]], durable: bool
) -> Application[Any, Any, Any, Any, Any, Any]:
    """An application wired as the PTB docs suggest, but with no network; ``durable``
    keeps each change in SQLite at once, else PicklePersistence as the docs show it."""
    from telegram.ext import Application, PicklePersistence

    from bot.settings import Settings

    persistence = sqlite_persistence(path) if durable else PicklePersistence(filepath=path)
    app = (
        Application.builder()
        .token("123:ABC")
        .updater(None)
        .persistence(persistence)
        .request(offline_request(arrived))
        .get_updates_request(offline_request(arrived))
        .build()
    )
    app.add_handler(first_contact_handler(Settings().area))
    return app


def update_json(update_id: int, user: int, n: int, text: str) -> dict[str, Any]:
    """A private text message from ``user``, as Telegram delivers it."""
    person = {"id": user, "is_bot": False, "first_name": "Resident"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": n * 2 + 1,
            "date": int(time.time()),
            "chat": {"id": user, "type": "private", "first_name": "Resident"},
            "from": person,
            "text": text,
        },
    }


async def run_ptb(residents: int, folder: Path, durable: bool, flush_limit: int) -> Result:
    """PTB's ConversationHandler; ``durable`` keeps each update's changes in SQLite before
    the resident's next message, else it pickles every 60 s as the docs show."""
    from telegram import Update

    arrived: dict[int, list[float]] = defaultdict(list)
    app = ptb_application(folder / ("ptb.db" if durable else "ptb.pickle"), arrived, durable)
    started: dict[int, list[float]] = defaultdict(list)
    done: dict[int, list[float]] = defaultdict(list)
    await app.initialize()

    async def resident(i: int) -> None:
        user = 100_000 + i
        for n, text in enumerate(SCRIPT):
            started[user].append(time.perf_counter())
            update_id = i * len(SCRIPT) + n + 1
            await app.process_update(Update.de_json(update_json(update_id, user, n, text), app.bot))
            if durable:
                await app.update_persistence()
            done[user].append(time.perf_counter())

    t0 = time.perf_counter()
    await asyncio.gather(*(resident(i) for i in range(residents)))
    elapsed = time.perf_counter() - t0
    check_ptb_replies(arrived, residents * len(SCRIPT))
    if durable:
        check_ptb_kept(folder / "ptb.db", residents)
    # Durable: until the reply left and the change was kept. Default: until the reply left.
    finished = done if durable else arrived
    latencies = [
        f - s for u, times in started.items() for s, f in zip(times, finished[u], strict=True)
    ]
    if durable:
        note = "each update's changes upserted in SQLite (WAL, synchronous=NORMAL) after its"
        note += " reply left: a crash between the two loses the turn, not the reply"
    else:
        note = "NOT durable: pickled every 60 s, a crash loses up to a minute; "
        note += await timed_timer_flush(app, residents, flush_limit)
    name = "ptb-sqlite" if durable else "ptb-default"
    return summarise(name, residents, elapsed, latencies, note)


def check_ptb_kept(path: Path, residents: int) -> None:
    """Fail loudly unless every resident's words and conversation were kept."""
    db = sqlite3.connect(path)
    try:
        users = db.execute("SELECT count(*) FROM users WHERE data LIKE '%words%'").fetchone()[0]
        talks = db.execute("SELECT count(*) FROM talks").fetchone()[0]
    finally:
        db.close()
    if users != residents or talks != residents:
        raise RuntimeError(f"expected {residents} kept; {users} users, {talks} conversations")


def check_ptb_replies(arrived: dict[int, list[float]], expected: int) -> None:
    """Fail loudly unless PTB answered every message."""
    replies = sum(len(times) for times in arrived.values())
    if replies != expected:
        raise RuntimeError(f"PTB sent {replies} replies, expected {expected}")


async def timed_timer_flush(
    app: Application[Any, Any, Any, Any, Any, Any], residents: int, limit: int
) -> str:
    """Time the 60 s flush PTB runs after a burst (it re-pickles once per changed key)."""
    if residents > limit:
        # That flush grows with changed keys x everyone kept: minutes at this size.
        return f"its 60 s flush after the burst is not timed above {limit} residents"
    t0 = time.perf_counter()
    await app.shutdown()  # runs that same flush, then closes
    return f"its 60 s flush after this burst took {time.perf_counter() - t0:.1f} s"


# --- raw sqlite3: one row, one commit ----------------------------------------------------


def run_sqlite(folder: Path, synchronous: str) -> Result:
    """Single-row transactions as fast as this disk takes them: the one-write-per-message cap."""
    db = sqlite3.connect(folder / "raw.db", isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(f"PRAGMA synchronous = {synchronous}")
    db.execute("CREATE TABLE inbound (seq INTEGER PRIMARY KEY, address TEXT, text TEXT, at REAL)")
    latencies: list[float] = []
    t0 = time.perf_counter()
    while len(latencies) < SQLITE_ROWS and time.perf_counter() - t0 < SQLITE_SECONDS:
        begun = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "INSERT INTO inbound (address, text, at) VALUES (?, ?, ?)",
            (address(len(latencies)), SCRIPT[1], begun),
        )
        db.execute("COMMIT")
        latencies.append(time.perf_counter() - begun)
    elapsed = time.perf_counter() - t0
    db.close()
    note = f"WAL, synchronous={synchronous}, one INSERT per COMMIT"
    return summarise(f"sqlite-{synchronous.lower()}", 0, elapsed, latencies, note)


# --- running the variants, each in its own process ---------------------------------------

VARIANTS: dict[str, Callable[[argparse.Namespace, Path], Result]] = {
    "engine": lambda a, d: asyncio.run(run_engine(a.residents, d)),
    "engine-full": lambda a, d: asyncio.run(run_engine(a.residents, d, "FULL")),
    "ptb-default": lambda a, d: asyncio.run(
        run_ptb(a.residents, d, durable=False, flush_limit=a.flush_residents)
    ),
    "ptb-sqlite": lambda a, d: asyncio.run(run_ptb(a.residents, d, durable=True, flush_limit=0)),
    "sqlite-normal": lambda a, d: run_sqlite(d, "NORMAL"),
    "sqlite-full": lambda a, d: run_sqlite(d, "FULL"),
}


def run_child(variant: str, args: argparse.Namespace) -> Result | None:
    """Run one variant in a fresh interpreter and read back its figures."""
    command = [sys.executable, __file__, "--variant", variant, "--residents", str(args.residents)]
    command += ["--flush-residents", str(args.flush_residents)]
    if args.dir:
        command += ["--dir", args.dir]
    print(f"running {variant} ...", file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_TAG):
            return Result(**json.loads(line.removeprefix(RESULT_TAG)))
    print(f"{variant} failed (exit {done.returncode}):\n{done.stderr[-3000:]}", file=sys.stderr)
    return None


def print_table(results: list[Result]) -> None:
    """One row per variant, then the notes that say what each row means."""
    print(f"{'variant':<14}{'residents':>10}{'messages':>10}{'seconds':>9}{'msgs/s':>10}", end="")
    print(f"{'p50 ms':>9}{'p99 ms':>9}{'peak RSS MiB':>14}")
    for r in results:
        residents = str(r.residents) if r.residents else "-"
        print(f"{r.variant:<14}{residents:>10}{r.messages:>10}{r.seconds:>9.2f}", end="")
        print(f"{r.per_s:>10.0f}{r.p50_ms:>9.2f}{r.p99_ms:>9.2f}{r.rss_mib:>14.1f}")
    print()
    for r in results:
        print(f"  {r.variant}: {r.note}")
    print("  latency: message handed over -> its reply reaching the channel")
    print("  (ptb-sqlite: -> reply left and change kept; sqlite: one BEGIN/INSERT/COMMIT)")


def print_ratios(ours: Result, results: dict[str, Result]) -> None:
    """How many times our durable rate is each baseline's."""
    print()
    for name, label in (
        ("ptb-default", "ours / PTB default (not durable)"),
        ("ptb-sqlite", "ours / PTB keeping each change in SQLite"),
        ("sqlite-normal", "ours / raw sqlite single-row commits (NORMAL)"),
        ("sqlite-full", "ours / raw sqlite single-row commits (FULL)"),
    ):
        other = results.get(name)
        if other is not None and other.per_s:
            print(f"  {label:<48}{ours.per_s / other.per_s:8.2f}x")


def parse_args() -> argparse.Namespace:
    """Command-line options; ``--variant`` is how the parent runs each child."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="1,000 residents, a smoke run")
    parser.add_argument(
        "--flush-residents",
        type=int,
        default=1_000,
        help="most residents for which PTB default's 60 s pickle flush is timed",
    )
    parser.add_argument("--dir", help="where the databases go (default: the temp folder)")
    parser.add_argument("--variant", choices=sorted(VARIANTS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.residents = 1_000
    return args


def main() -> None:
    """Run every variant in its own process, print the table, ratios and the last line."""
    args = parse_args()
    if args.variant:
        with tempfile.TemporaryDirectory(dir=args.dir) as folder:
            result = VARIANTS[args.variant](args, Path(folder))
        print(RESULT_TAG + json.dumps(asdict(result)), flush=True)
        return
    print(f"{args.residents} residents x {len(SCRIPT)} messages, in a burst")
    print(f"databases in {args.dir or tempfile.gettempdir()}\n")
    results = {name: r for name in VARIANTS if (r := run_child(name, args)) is not None}
    ours = results.get("engine")
    print_table(list(results.values()))
    if ours is None:
        sys.exit("the engine run failed")
    print_ratios(ours, results)
    full = results.get("engine-full")
    if full is not None and full.per_s and results.get("sqlite-full"):
        print(f"  {'ours at FULL / raw sqlite single-row commits (FULL)':<48}", end="")
        print(f"{full.per_s / results['sqlite-full'].per_s:8.2f}x")
    print(f"\nthe figure below is the engine's at synchronous=NORMAL: {DURABILITY['NORMAL']}")
    print(f"durable_msgs_per_s={int(ours.per_s)}")


if __name__ == "__main__":
    main()
