"""Insights at /insights (coordinators only) and ``whatcanwedo insights``: what people came
about and what happened, from anonymous counts, with small counts hidden.

The page is under /inbox (its sign-in cookie is scoped there) and audited like the inbox;
/insights sends people to it. The JSON and CSV show the same suppressed figures.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO

import aiosqlite
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.http import Route
from bot.inbox import COOKIE, HEADERS, SIGNED_OUT, TEMPLATES, Refused, page, refusal
from bot.insight_charts import chart
from bot.runtime import Runtime
from bot.settings import Settings
from flows.insights.report import Counted, Report, Table, build
from store import inbox
from store import insights as kept
from store.sqlite import SqliteStore

PATH = "/inbox/insights"
# A conversation with nothing from the person for this long has gone quiet.
QUIET_AFTER = timedelta(days=7)
NOT_A_COORDINATOR = Refused(
    403,
    "Only for coordinators",
    "Insights are shown to the area's coordinators. Your inbox has your own conversations.",
)
TEMPLATES.globals["chart"] = chart


async def report(conn: aiosqlite.Connection, now: datetime) -> Report:
    """The report from the counts kept and the conversations gone quiet as of ``now``."""
    counted = [Counted(c.week, c.measure, c.area, c.item, c.count) for c in await kept.counts(conn)]
    return build(counted, await kept.gone_quiet(conn, now - QUIET_AFTER))


def as_data(found: Report) -> dict[str, Any]:
    """The report as JSON-ready data: every table's shown cells and totals."""
    return {
        "figures": [{"name": name, "value": value} for name, value in found.figures],
        "tables": [_table_data(t) for t in found.tables],
    }


def _table_data(table: Table) -> dict[str, Any]:
    shown = table.shown
    return {
        "key": table.key,
        "title": table.title,
        "columns": list(table.columns),
        "rows": [
            {"row": name, "cells": list(cells), "total": total}
            for name, cells, total in zip(table.rows, shown.cells, shown.row_totals, strict=True)
        ],
        "column_totals": list(shown.column_totals),
        "total": shown.total,
    }


def as_json(found: Report) -> str:
    """The report as JSON text."""
    return json.dumps(as_data(found), indent=2) + "\n"


def as_csv(found: Report) -> str:
    """The report as CSV: one line per shown count (table, row, column, value)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("table", "row", "column", "value"))
    for name, value in found.figures:
        writer.writerow(("figures", name, "", value))
    for table in found.tables:
        data = _table_data(table)
        for row in data["rows"]:
            for column, value in zip(table.columns, row["cells"], strict=True):
                writer.writerow((table.key, row["row"], column, value))
            writer.writerow((table.key, row["row"], "total", row["total"]))
        writer.writerow((table.key, "total", "total", data["total"]))
    return out.getvalue()


def as_text(found: Report) -> str:
    """The report for a terminal: each figure, then each table's rows and totals."""
    lines = [f"{name}: {value}" for name, value in found.figures]
    for table in found.tables:
        lines += ["", table.title, "  columns: " + ", ".join(table.columns)]
        for row in _table_data(table)["rows"]:
            lines.append(f"  {row['row']}: " + ", ".join(str(v) for v in row["cells"]))
        lines.append(f"  total: {table.shown.total}")
    return "\n".join(lines) + "\n"


async def print_report(settings: Settings, shape: str | None, out: TextIO) -> int:
    """``whatcanwedo insights``: the report as text, JSON or CSV, as the page shows it."""
    store = await SqliteStore.open(settings.db)
    try:
        now = datetime.now(UTC)
        found = await store.write(lambda conn: report(conn, now))
    finally:
        await store.close()
    out.write({"json": as_json, "csv": as_csv}.get(shape or "", as_text)(found))
    return 0


def routes(get_runtime: Callable[[], Runtime]) -> list[Route]:
    """The insights page, and /insights pointing at it."""
    pages = InsightsPage(get_runtime)
    return [
        Route(PATH, pages.show, methods=["GET"], answer=refusal),
        Route("/insights", pages.go, methods=["GET"], answer=refusal),
    ]


class InsightsPage:
    """Shows the report to a signed-in coordinator; refuses everyone else."""

    def __init__(self, get_runtime: Callable[[], Runtime]) -> None:
        self._runtime = get_runtime

    async def go(self, _: Request) -> Response:
        """/insights is the page under /inbox, where the sign-in cookie is sent."""
        return RedirectResponse(PATH, status_code=303, headers=HEADERS)

    async def show(self, request: Request) -> Response:
        """The report, audited as an inbox view; 401 signed out, 403 not a coordinator."""
        session = request.cookies.get(COOKIE, "")
        now = self._runtime().clock.now()

        async def run(conn: aiosqlite.Connection) -> tuple[inbox.Person, Report] | Refused:
            person = await inbox.session_person(conn, session, now) if session else None
            if person is None:
                return SIGNED_OUT
            if person.role != "coordinator":
                await inbox.record(conn, now, person.id, "insights refused")
                return NOT_A_COORDINATOR
            await inbox.record(conn, now, person.id, "insights")
            return person, await report(conn, now)

        result = await self._runtime().store.write(run)
        if isinstance(result, Refused):
            raise result
        _, found = result
        # Not even the coordinator's own name: the page holds no one's personal data.
        return page("insights.html", 200, report=found)
