"""bench/broker.py starts and measures the embedded broker (tiny sizes; figures not asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "broker.py"


def test_the_broker_bench_runs_and_loses_nothing_on_the_embedded_redis():
    result = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--transport",
            "redis",
            "--messages",
            "60",
            "--producers",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    last = result.stdout.strip().splitlines()[-1]
    assert last == (
        "broker messages lost, duplicated or unreadable: 0 messages (goal <= 0 messages)"
    ), result.stdout + result.stderr
    assert "ms per 1,000 messages" in result.stdout
