"""``/metrics``: what the line is doing, in Prometheus's text format, behind a bearer token.

Counters are this process's own (Prometheus adds up the processes it scrapes), except under
``serve --processes N``, where every process writes them to a shared folder
(``PROMETHEUS_MULTIPROC_DIR``) and any process's ``/metrics`` adds them up: the one that
answers and sends takes no HTTP. The backlog (outbox depth, processing lag, timer lag) is
read from the database, so any process gives the whole line's. No label holds a person's
number, name or words: only channels, tiers, results and kinds of error.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from bot.http import Route
from common.models import ConversationRecord, OfferHandoff, Turn
from flows.handoff.urgent import is_urgent
from store.intake import waiting

if TYPE_CHECKING:  # the runtime holds the metrics: a real import would go round in a circle
    from bot.runtime import Runtime

# Where processes that share their metrics write them: prometheus_client's own setting, read
# when it is imported, so it is set before the processes start.
SHARED_FOLDER = "PROMETHEUS_MULTIPROC_DIR"
# The classic text format generate_latest writes, which every Prometheus reads.
TEXT_FORMAT = CONTENT_TYPE_PLAIN_0_0_4


@dataclass(frozen=True)
class Backlog:
    """What is waiting, from the database: unsent replies and how late the oldest work is."""

    outbox_pending: int
    processing_lag: float  # seconds the oldest unanswered message has waited
    timer_lag: float  # seconds the oldest timer is overdue
    intake: int = 0  # messages acknowledging processes kept, not yet moved in

    @classmethod
    def of(
        cls,
        found: tuple[int, str | None, str | None],
        now: datetime,
        intake: tuple[int, str | None] = (0, None),
    ) -> Backlog:
        """From the store's ``backlog`` (a count and two stored times) and what the intake
        files hold (``store.intake.waiting``), whose oldest is unanswered too."""
        pending, received, due = found
        held, oldest = intake
        lag = max(seconds_since(received, now), seconds_since(oldest, now))
        return cls(pending, lag, seconds_since(due, now), held)


class Metrics:
    """This process's counters and the line's backlog gauges, in their own registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.messages_in = Counter(
            "whatcanwedo_messages_in", "Messages people sent, by channel", ["channel"], registry=r
        )
        self.messages_out = Counter(
            "whatcanwedo_messages_out",
            "Sends to a channel, by result (sent, retry, failed)",
            ["channel", "result"],
            registry=r,
        )
        self.danger = Counter(
            "whatcanwedo_danger_readings", "The encoder's readings, by tier", ["tier"], registry=r
        )
        self.urgent = Counter(
            "whatcanwedo_urgent_started",
            "Conversations where danger was first seen: the numbers given, people on duty asked",
            registry=r,
        )
        self.urgent_cards = Counter(
            "whatcanwedo_urgent_cards", "Urgent cards raised for a person in danger", registry=r
        )
        self.errors = Counter(
            "whatcanwedo_errors",
            "Turns not saved (retried), messages set aside, sends failed",
            ["kind"],
            registry=r,
        )
        # Modes say how processes' values combine, when they are shared (see above).
        self.catching_up = Gauge(
            "whatcanwedo_catching_up",
            "1 while messages wait in the database to be taken, in order",
            registry=r,
            multiprocess_mode="livemax",
        )
        self._outbox = Gauge(
            "whatcanwedo_outbox_depth",
            "Replies waiting to be sent",
            registry=r,
            multiprocess_mode="mostrecent",
        )
        self._lag = Gauge(
            "whatcanwedo_processing_lag_seconds",
            "How long the oldest unanswered message has waited",
            registry=r,
            multiprocess_mode="mostrecent",
        )
        self._intake = Gauge(
            "whatcanwedo_intake_depth",
            "Messages taken by webhook processes, waiting to be moved in and answered",
            registry=r,
            multiprocess_mode="mostrecent",
        )
        self._timer_lag = Gauge(
            "whatcanwedo_timer_lag_seconds",
            "How overdue the oldest unfired timer is",
            registry=r,
            multiprocess_mode="mostrecent",
        )

    def turned(self, before: ConversationRecord | None, turn: Turn) -> None:
        """Count what a saved turn started and raised."""
        if is_urgent(turn.record) and not (before and is_urgent(before)):
            self.urgent.inc()
        for effect in turn.effects:
            if isinstance(effect, OfferHandoff) and effect.urgent and effect.new:
                self.urgent_cards.inc()

    def render(self, backlog: Backlog) -> bytes:
        """The text format, with the backlog as just read."""
        self._outbox.set(backlog.outbox_pending)
        self._lag.set(backlog.processing_lag)
        self._timer_lag.set(backlog.timer_lag)
        self._intake.set(backlog.intake)
        return generate_latest(shared_registry() or self.registry)


def shared_registry() -> CollectorRegistry | None:
    """Every process's metrics added up, when processes share them (``serve --processes``)."""
    folder = os.environ.get(SHARED_FOLDER)
    if not folder:
        return None
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, folder)  # type: ignore[no-untyped-call]
    return registry


def seconds_since(then: str | None, now: datetime) -> float:
    """Seconds from a stored ISO time to ``now``; 0 when there is none or it is ahead."""
    if not then:
        return 0.0
    return max(0.0, (now - datetime.fromisoformat(then)).total_seconds())


def allowed(request: Request, token: str) -> bool:
    """The request carries ``Authorization: Bearer <token>`` (compared in constant time)."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())


def refused(status: int, text: str) -> Response:
    """A plain refusal; 401 says how to authenticate."""
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return PlainTextResponse(text + "\n", status_code=status, headers=headers)


def routes(get_runtime: Callable[[], Runtime], token: str | None) -> list[Route]:
    """``GET /metrics``: 404 while WCWD_METRICS_TOKEN is unset, 401 without the token."""

    async def metrics(request: Request) -> Response:
        if token is None:
            return refused(404, "metrics are off: set WCWD_METRICS_TOKEN to turn them on")
        if not allowed(request, token):
            return refused(401, "metrics need the bearer token set in WCWD_METRICS_TOKEN")
        runtime = get_runtime()
        now = runtime.clock.now()
        found = await runtime.store.backlog(now)
        backlog = Backlog.of(found, now, await waiting(runtime.settings.db))
        return Response(runtime.metrics.render(backlog), media_type=TEXT_FORMAT)

    return [Route("/metrics", metrics)]
