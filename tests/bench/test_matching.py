"""bench/matching.py runs once with tiny sizes on its own PostgreSQL database and ends with its
goal line (the figures themselves are never asserted: a test does not time)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOAL_LINE = re.compile(r"^matching: [\d.]+ ms per recipient \(goal <= 20 ms per recipient\)$")


def test_the_matching_bench_runs_with_tiny_sizes(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    base, _, name = url.rpartition("/")
    env = {**os.environ, "TROCAP_VAR_DIR": str(tmp_path / "var"), "DJANGO_ENV": "development"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("SOCIAL_SECURITY_DATABASE_URL", None)
    env["DATABASE_URL"] = f"{base}/{name.split('?')[0]}_bench_matching"
    args = ["--vacancies", "300", "--courses", "40", "--recipients", "120", "--refill"]
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "matching.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert "ranked 120 recipients" in result.stdout
    assert "10.0 vacancies" in result.stdout  # every recipient got a full list
    assert GOAL_LINE.match(lines[-1]), lines[-1]
