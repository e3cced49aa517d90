"""The server over real HTTP: signed Twilio webhooks in, replies to a Twilio stand-in.

``whatcanwedo serve`` runs as a deployer runs it, in its own process, on a fresh SQLite
file, sending SMS to a stand-in Twilio in this process (``TWILIO_API_URL``). Every message
is a new resident's first text, so every one is answered. Two kinds of load, loopback only:

- offered rate: webhooks sent on a fixed schedule whatever the answers (Twilio does not
  wait for us), for a fixed time;
- closed loop: N clients, each sending its next webhook once the last was answered.

For each: acknowledged per second, acknowledgement and reply latency (p50/p99, from when
the webhook was due to be sent), acknowledgements slower than Twilio's 15 s (Twilio gives
up on those and does not retry), and replies still missing 30 s after the load ended.
Nothing is sent off this machine, and each run stops by itself.

Run from the repository root: python bench/webhooks.py [--quick]
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
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.live import serve_app, serve_command

ACCOUNT = "AC" + "b3" * 16
TOKEN = "bench-twilio-auth-token"  # noqa: S105 (the stand-in's, signed here)
PUBLIC = "https://bench.example.org"
FROM = "+447700900000"
TWILIO_GIVES_UP = 15.0
DRAIN_SECONDS = 30.0
COLUMNS = (
    "load",
    "sent",
    "acknowledged",
    "ack p50 / p99",
    "reply p50 / p99",
    "acks over 15 s",
    "refused",
    "replies missing 30 s after",
)
IN_FLIGHT = 512  # webhooks open at once, at most, as a load balancer would allow
START_SECONDS = 60.0


@dataclass
class StandIn:
    """A Twilio Messages API that takes everything and notes when each number first heard."""

    first_reply: dict[str, float] = field(default_factory=dict)
    _heard: asyncio.Event = field(default_factory=asyncio.Event)

    async def answered(self, numbers: set[str], within: float) -> None:
        """Return once each of ``numbers`` has had a reply, or ``within`` seconds have gone."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within):
                while not numbers <= self.first_reply.keys():
                    self._heard.clear()
                    await self._heard.wait()

    def app(self) -> Starlette:
        path = "/2010-04-01/Accounts/{account}/Messages.json"
        return Starlette(routes=[Route(path, self._create, methods=["POST"])])

    async def _create(self, request: Request) -> Response:
        form = await request.form()
        self.first_reply.setdefault(str(form["To"]), time.perf_counter())
        self._heard.set()
        body = {"sid": f"SM{len(self.first_reply):032x}", "status": "queued"}
        return JSONResponse(body, status_code=201)


@dataclass
class Run:
    """One load's figures."""

    name: str
    due: dict[str, float] = field(default_factory=dict)  # number -> when its text was due
    acked: dict[str, float] = field(default_factory=dict)  # number -> when answered 200
    refused: int = 0
    seconds: float = 0.0

    def row(self, replies: dict[str, float]) -> str:
        acks = sorted(self.acked[n] - self.due[n] for n in self.acked)
        answered = sorted(replies[n] - self.due[n] for n in self.acked if n in replies)
        late = sum(1 for a in acks if a > TWILIO_GIVES_UP)
        missing = len(self.acked) - len(answered)
        cells = [
            self.name,
            str(len(self.due)),
            f"{len(acks) / self.seconds:.0f}/s",
            f"{_ms(acks, 0.5)} / {_ms(acks, 0.99)}",
            f"{_ms(answered, 0.5)} / {_ms(answered, 0.99)}",
            str(late),
            str(self.refused),
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


async def post(http: httpx.AsyncClient, run: Run, i: int, form: dict[str, str], sig: str) -> None:
    try:
        response = await http.post("/sms/twilio", data=form, headers={"X-Twilio-Signature": sig})
    except httpx.HTTPError:
        run.refused += 1
        return
    if response.status_code == 200:
        run.acked[form["From"]] = time.perf_counter()
    else:
        run.refused += 1


async def offered(http: httpx.AsyncClient, rate: int, seconds: float, start: int) -> Run:
    """``rate`` webhooks a second for ``seconds``, on schedule whatever the answers."""
    validator, run = RequestValidator(TOKEN), Run(f"{rate}/s for {seconds:.0f} s")
    total = int(rate * seconds)
    forms = [signed(start + k, validator) for k in range(total)]
    slots, tasks = asyncio.Semaphore(IN_FLIGHT), []
    began = time.perf_counter()

    async def one(k: int) -> None:
        async with slots:
            await post(http, run, start + k, *forms[k])

    for k in range(total):
        due = began + k / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        run.due[forms[k][0]["From"]] = due
        tasks.append(asyncio.create_task(one(k)))
    await asyncio.gather(*tasks)
    run.seconds = max(seconds, time.perf_counter() - began)
    return run


async def closed(http: httpx.AsyncClient, clients: int, seconds: float, start: int) -> Run:
    """``clients`` senders, each sending its next webhook once the last was answered."""
    validator, run = RequestValidator(TOKEN), Run(f"closed loop, {clients} clients")
    began, counter = time.perf_counter(), iter(range(start, start + 10**6))

    async def client() -> None:
        while time.perf_counter() - began < seconds:
            i = next(counter)
            form, sig = signed(i, validator)
            run.due[form["From"]] = time.perf_counter()
            await post(http, run, i, form, sig)

    await asyncio.gather(*(client() for _ in range(clients)))
    run.seconds = time.perf_counter() - began
    return run


@contextlib.asynccontextmanager
async def server(folder: Path, twilio_url: str) -> AsyncIterator[str]:
    """``whatcanwedo serve`` on a fresh database; stopped (SIGTERM) when the block ends."""
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
            *serve_command(port), env=env, cwd=folder, stdout=log, stderr=log
        )
    url = f"http://127.0.0.1:{port}"
    try:
        await _until_up(url, process)
        yield url
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


async def measure(load: str, amount: int, seconds: float) -> str:
    """One load on a fresh server and database; its table row."""
    stand_in = StandIn()
    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT)
    with tempfile.TemporaryDirectory() as folder:
        async with (
            serve_app(stand_in.app()) as twilio_url,
            server(Path(folder), twilio_url) as url,
            httpx.AsyncClient(base_url=url, limits=limits, timeout=60.0) as http,
        ):
            if load == "offered":
                run = await offered(http, amount, seconds, start=0)
            else:
                run = await closed(http, amount, seconds, start=0)
            await stand_in.answered(set(run.acked), DRAIN_SECONDS)
    return run.row(stand_in.first_reply)


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rates", default="100,200,400", help="offered rates, per second")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="one short run of each kind")
    args = parser.parse_args(argv)
    rates = [int(r) for r in args.rates.split(",")]
    seconds = args.seconds
    if args.quick:
        rates, seconds = rates[:1], 3.0
    print("SQLite, 1 process; the load generator and the Twilio stand-in share the machine.")
    print(f"| {' | '.join(COLUMNS)} |\n|{'---|' * len(COLUMNS)}")
    for rate in rates:
        print(await measure("offered", rate, seconds), flush=True)
    print(await measure("closed", args.clients, seconds), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
