"""Matching quality: top-3 recall over the labelled messages, each miss, and speed.

Run from the repository root: .venv/bin/python bench/match.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_matching import evaluate, labelled, open_sample, top3, top3_recall


async def run() -> None:
    """Print the figures; the last line is machine-readable."""
    items = labelled()
    with tempfile.TemporaryDirectory() as folder:
        conn = await open_sample(Path(folder) / "bench.db")
        try:
            outcomes = await evaluate(conn, items)
            started = time.perf_counter()
            for item in items:
                await top3(conn, item.text, item.area)
            per_message = (time.perf_counter() - started) / len(items) * 1000
        finally:
            await conn.close()
    recall = top3_recall(outcomes)
    any_hit = sum(1 for o in outcomes if o.recall > 0) / len(outcomes)
    print(f"labelled messages: {len(items)}")
    print(f"  top-3 recall (share of expected groups in the top 3)  {recall:6.1%}")
    print(f"  at least one expected group in the top 3               {any_hit:6.1%}")
    print(f"  speed: {per_message:.2f} ms per message (search and rank)")
    for outcome in outcomes:
        if outcome.recall < 1:
            print(f"  MISS {outcome.item.text!r} (area {outcome.item.area})")
            print(f"       expected: {', '.join(outcome.item.names)}")
            print(f"       got:      {', '.join(h.name for h in outcome.got) or '(nothing)'}")
    print(f"top3_recall={recall:.3f}")


if __name__ == "__main__":
    asyncio.run(run())
