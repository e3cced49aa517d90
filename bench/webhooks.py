"""The server over real HTTP: signed Twilio webhooks in, replies to a Twilio stand-in.

``whatcanwedo serve`` runs as a deployer runs it, in its own process, on a fresh SQLite
file, sending SMS to a stand-in Twilio in this process (``TWILIO_API_URL``). Every message
is a new resident's first text, so every one is answered. Two kinds of load, loopback only:

- offered rate: webhooks sent on a fixed schedule whatever the answers (Twilio does not
  wait for us), for a fixed time;
- closed loop: N clients, each sending its next webhook once the last was answered.

Each load runs against one process (the baseline) and against ``serve --processes N`` (one
process answers, the others take webhooks), on the same machine in the same run. For each:
acknowledged per second, acknowledgement and reply latency (p50/p99, from when the webhook
was due to be sent), how many replies a second went out (from the first webhook due to the
last reply: the answering rate), the server's CPU time per reply (all its processes),
acknowledgements slower than Twilio's 15 s (Twilio gives up on those and does not retry),
refusals and why, and replies still missing 30 s after the load ended (not lost: still
waiting, in order, when the run stops). The load goes out and the replies come back on
plain asyncio streams (``bench/plain_http.py``): with httpx and a Starlette stand-in the
generator itself topped out near 330 webhooks a second. Nothing is sent off this machine,
and each run stops by itself.

Run from the repository root: python bench/webhooks.py [--quick] [--processes 1,2,3]
(Not ``bench/http.py``: run as a script, a file of that name in this folder would stand
in for the standard library's http package for every script here.)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx
import psutil
from twilio.request_validator import RequestValidator

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.plain_http import PlainClient, PlainTwilio
from tests.live import serve_command

ACCOUNT = "AC" + "b3" * 16
TOKEN = "bench-twilio-auth-token"  # noqa: S105 (the stand-in's, signed here)
PUBLIC = "https://bench.example.org"
FROM = "+447700900000"
TWILIO_GIVES_UP = 15.0
DRAIN_SECONDS = 30.0
COLUMNS = (
    "server",
    "load",
    "sent",
    "acknowledged",
    "ack p50 / p99",
    "reply p50 / p99",
    "answered",
    "server CPU per answer",
    "acks over 15 s",
    "refused",
    "replies missing 30 s after",
)
IN_FLIGHT = 512  # webhooks open at once, at most, as a load balancer would allow
START_SECONDS = 60.0
WARM_UP = 99_999  # the warm-up text's number, beyond any load's


@dataclass
class Run:
    """One load's figures."""

    name: str
    server: str = ""
    due: dict[str, float] = field(default_factory=dict)  # number -> when its text was due
    acked: dict[str, float] = field(default_factory=dict)  # number -> when answered 200
    refused: int = 0
    why: Counter[str] = field(default_factory=Counter)  # what each refusal was
    seconds: float = 0.0
    cpu: float = 0.0  # the server's CPU seconds, from the load's start to the last reply

    def row(self, replies: dict[str, float]) -> str:
        acks = sorted(self.acked[n] - self.due[n] for n in self.acked)
        answered = sorted(replies[n] - self.due[n] for n in self.acked if n in replies)
        late = sum(1 for a in acks if a > TWILIO_GIVES_UP)
        missing = len(self.acked) - len(answered)
        # Replies a second, from the first webhook due to the last reply: the answering rate.
        heard = [replies[n] for n in self.acked if n in replies]
        span = max(heard, default=0.0) - min(self.due.values(), default=0.0)
        why = f" ({'; '.join(f'{n} {k}' for k, n in self.why.most_common(2))})" if self.why else ""
        cells = [
            self.server,
            self.name,
            str(len(self.due)),
            f"{len(acks) / self.seconds:.0f}/s",
            f"{_ms(acks, 0.5)} / {_ms(acks, 0.99)}",
            f"{_ms(answered, 0.5)} / {_ms(answered, 0.99)}",
            f"{len(heard) / span:.0f}/s" if heard and span > 0 else "-",
            f"{self.cpu * 1000 / len(heard):.1f} ms" if heard else "-",
            str(late),
            f"{self.refused}{why}",
            str(missing),
        ]
        return "| " + " | ".join(cells) + " |"


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    return f"{values[min(len(values) - 1, int(q * len(values)))] * 1000:,.0f} ms"


def number(i: int) -> str:
    """A resident's number in the UK drama range, one per message."""
    return f"+4477009{i:05d}"


def signed(i: int, validator: RequestValidator) -> tuple[dict[str, str], str]:
    form = {
        "MessageSid": f"SM{i:032x}",
        "AccountSid": ACCOUNT,
        "From": number(i),
        "To": FROM,
        "Body": "hi, my rent is behind and I don't know who to talk to",
        "NumMedia": "0",
    }
    return form, str(validator.compute_signature(PUBLIC + "/sms/twilio", form))


async def post(http: PlainClient, run: Run, form: dict[str, str], sig: str) -> None:
    body = urlencode(form).encode()
    try:
        status = await http.post("/sms/twilio", body, {"X-Twilio-Signature": sig})
    except OSError as error:
        run.refused += 1
        run.why[str(error.__cause__ or error)[:80]] += 1
        return
    if status == 200:
        run.acked[form["From"]] = time.perf_counter()
    else:
        run.refused += 1
        run.why[f"HTTP {status}"] += 1


async def offered(http: PlainClient, rate: int, seconds: float, start: int) -> Run:
    """``rate`` webhooks a second for ``seconds``, on schedule whatever the answers."""
    validator, run = RequestValidator(TOKEN), Run(f"{rate}/s for {seconds:.0f} s")
    total = int(rate * seconds)
    forms = [signed(start + k, validator) for k in range(total)]
    tasks = []
    began = time.perf_counter()

    async def one(k: int) -> None:
        await post(http, run, *forms[k])

    for k in range(total):
        due = began + k / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        run.due[forms[k][0]["From"]] = due
        tasks.append(asyncio.create_task(one(k)))
    await asyncio.gather(*tasks)
    run.seconds = max(seconds, time.perf_counter() - began)
    return run


async def closed(http: PlainClient, clients: int, seconds: float, start: int) -> Run:
    """``clients`` senders, each sending its next webhook once the last was answered."""
    validator, run = RequestValidator(TOKEN), Run(f"closed loop, {clients} clients")
    began, counter = time.perf_counter(), iter(range(start, start + 10**6))

    async def client() -> None:
        while time.perf_counter() - began < seconds:
            i = next(counter)
            form, sig = signed(i, validator)
            run.due[form["From"]] = time.perf_counter()
            await post(http, run, form, sig)

    await asyncio.gather(*(client() for _ in range(clients)))
    run.seconds = time.perf_counter() - began
    return run


@contextlib.asynccontextmanager
async def server(
    folder: Path, twilio_url: str, processes: int
) -> AsyncIterator[tuple[int, psutil.Process]]:
    """``whatcanwedo serve`` on a fresh database, yielding its port and first process;
    stopped (SIGTERM) when the block ends."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "WCWD_DB": str(folder / "bench.db"),
        "WCWD_PUBLIC_URL": PUBLIC,
        "WCWD_LOG_LEVEL": "WARNING",
        "TWILIO_ACCOUNT_SID": ACCOUNT,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_FROM_NUMBER": FROM,
        "TWILIO_API_URL": twilio_url,
    }
    with (folder / "serve.log").open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            *serve_command(port, processes), env=env, cwd=folder, stdout=log, stderr=log
        )
    url = f"http://127.0.0.1:{port}"
    try:
        await _until_up(url, process)
        yield port, psutil.Process(process.pid)
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=60)


async def _until_up(url: str, process: asyncio.subprocess.Process) -> None:
    deadline = time.perf_counter() + START_SECONDS
    async with httpx.AsyncClient(base_url=url, timeout=1.0) as http:
        while time.perf_counter() < deadline:
            if process.returncode is not None:
                raise SystemExit("the server stopped while starting")
            with contextlib.suppress(httpx.TransportError):
                if (await http.get("/healthz")).status_code == 200:
                    return
            await asyncio.sleep(0.1)
    raise SystemExit("the server did not start in time")


async def warm_up(http: PlainClient, stand_in: PlainTwilio) -> None:
    """One text answered before the load: every process has started and loaded its files."""
    form, sig = signed(WARM_UP, RequestValidator(TOKEN))
    first = Run("warm-up")
    await post(http, first, form, sig)
    if form["From"] not in first.acked:
        raise SystemExit(f"the server refused a first text: {', '.join(first.why)}")
    await stand_in.answered({form["From"]}, START_SECONDS)
    if form["From"] not in stand_in.first_reply:
        raise SystemExit("the server did not answer a first text in time")
    del stand_in.first_reply[form["From"]]


def cpu_seconds(first: psutil.Process) -> float:
    """CPU time (user and system) used so far by the server: its first process and children."""
    total = 0.0
    for process in [first, *first.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system
    return total


async def measure(load: str, amount: int, seconds: float, processes: int) -> str:
    """One load on a fresh server and database; its table row."""
    stand_in = PlainTwilio()
    with tempfile.TemporaryDirectory() as folder:
        async with (
            stand_in.serving() as twilio_url,
            server(Path(folder), twilio_url, processes) as (port, first),
        ):
            http = PlainClient("127.0.0.1", port, IN_FLIGHT)
            await warm_up(http, stand_in)
            before = cpu_seconds(first)
            if load == "offered":
                run = await offered(http, amount, seconds, start=0)
            else:
                run = await closed(http, amount, seconds, start=0)
            await stand_in.answered(set(run.acked), DRAIN_SECONDS)
            run.cpu = cpu_seconds(first) - before
            await http.close()
    run.server = "1 process" if processes == 1 else f"{processes} processes"
    return run.row(stand_in.first_reply)


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rates", default="300,600,800,1200", help="offered rates, per second")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="one short run of each kind")
    parser.add_argument("--processes", default="1,2,3", help="serve --processes N, each in turn")
    args = parser.parse_args(argv)
    rates = [int(r) for r in args.rates.split(",")]
    counts = [int(n) for n in args.processes.split(",")]
    seconds = args.seconds
    if args.quick:
        rates, seconds = rates[:1], 3.0
    print(
        "SQLite; the load generator and the Twilio stand-in share the machine's"
        f" {os.cpu_count()} cores. With 2 or more processes one answers, the rest take webhooks."
    )
    print(f"| {' | '.join(COLUMNS)} |\n|{'---|' * len(COLUMNS)}")
    for rate in rates:
        for n in counts:
            print(await measure("offered", rate, seconds, n), flush=True)
    for n in counts:
        print(await measure("closed", args.clients, seconds, n), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
