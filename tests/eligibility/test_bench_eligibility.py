"""bench/eligibility.py starts and prints both figures, the goal on its last line (tiny sizes)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_benchmark_runs_once_with_tiny_sizes():
    done = subprocess.run(
        [
            sys.executable,
            "bench/eligibility.py",
            "--histories",
            "5",
            "--months",
            "24",
            "--rounds",
            "1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert re.fullmatch(
        r"engine \(calculate only\): [\d.]+ ms wall, [\d.]+ ms CPU per 24-month claim", lines[-3]
    )
    assert lines[-2].startswith("benefit_calc command path: ")
    assert re.fullmatch(
        r"benefit_calc command path \(parse, rule book, calculate, JSON out\), CPU time: [\d.]+ "
        r"ms per 24-month claim \(goal <= 2 ms\)",
        lines[-1],
    )
    assert any("µs CPU per claim" in line for line in lines)
