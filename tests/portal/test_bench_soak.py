"""bench/soak.py, short: `make run` for 2 minutes while claims are filed, decided, signed and
paid; every process stays up, every claim ends decided and signed, every order paid once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.stack]

BENCH = Path(__file__).resolve().parents[2] / "bench" / "soak.py"


def test_a_two_minute_soak_ends_with_no_problem(tmp_path):
    result = subprocess.run(
        [sys.executable, str(BENCH), "--minutes", "2", "--claims-per-minute", "6", "--light"]
        + ["--var-dir", str(tmp_path / "soak")],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == (
        "soak problems (dead or restarted processes, claims not final, orders not paid "
        "exactly once): 0 problems (goal <= 0 problems)"
    ), result.stdout + result.stderr[-3000:]
    assert result.returncode == 0
    assert sum(line.startswith("minute ") for line in lines) == 2
    assert "ms per claim" in result.stdout
