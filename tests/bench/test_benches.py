"""Every bench in bench/ runs once with tiny sizes, as a script (a subprocess, from the project
root): a bench that no longer starts, crashes, or stops printing its figures fails here.

PostgreSQL benches use databases of their own (`<DATABASE_URL's name>_bench_*`, created by the
bench when missing) on the server DATABASE_URL names; without PostgreSQL they are skipped.
Engineers who add a bench add its line to BENCHES.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOAL_LINE = re.compile(r"^.+: [\d.,]+ ?\S* .*\(goal [<>]= [\d.,]+ ?\S*\)$")

# (script, arguments, needs PostgreSQL, last line is the goal line)
BENCHES = [
    ("eligibility.py", ["--histories", "20", "--months", "60", "--rounds", "1"], False, True),
    ("generate.py", ["--people", "30"], False, True),
    ("decisions.py", ["--count", "2"], False, True),
    ("staff_queue.py", ["--claims", "60", "--repeat", "1", "--refill"], True, True),
    ("layoff.py", ["--workers", "20"], False, True),
    (
        "settlement.py",
        ["--orders", "10", "--portal-workers", "0", "--concurrency", "1", "--timeout", "120"],
        True,
        False,
    ),
]


def _postgres_url(suffix: str) -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    base, _, name = url.rpartition("/")
    return f"{base}/{name.split('?')[0]}_bench_{suffix}"


def test_the_queue_bench_no_longer_shadows_the_standard_library():
    assert not (ROOT / "bench" / "queue.py").exists()
    out = subprocess.run(
        [sys.executable, "-c", "import queue; print(queue.SimpleQueue.__module__)"],
        cwd=ROOT / "bench",
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "_queue" or out.stdout.strip() == "queue"


@pytest.mark.parametrize(
    ("script", "args", "postgres", "goal"), BENCHES, ids=[b[0] for b in BENCHES]
)
def test_every_bench_runs_once_with_tiny_sizes(script, args, postgres, goal, tmp_path):
    env = {**os.environ, "TROCAP_VAR_DIR": str(tmp_path / "var"), "DJANGO_ENV": "development"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if postgres:
        url = _postgres_url(Path(script).stem)
        if url is None:
            pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
        env["DATABASE_URL"] = url
        env.pop("SOCIAL_SECURITY_DATABASE_URL", None)
    else:
        env.pop("DATABASE_URL", None)
        env.pop("SOCIAL_SECURITY_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines, "the bench printed no figures"
    if goal:
        assert GOAL_LINE.match(lines[-1]), lines[-1]


def test_benefit_month_bench_runs_once_with_tiny_sizes(tmp_path):
    """bench/benefit_month.py (issue 16): 200 periods, one monthly cycle, its checks and goal."""
    url = _postgres_url("benefit_month")
    if url is None:
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    env = {**os.environ, "TROCAP_VAR_DIR": str(tmp_path / "var"), "DJANGO_ENV": "development"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("SOCIAL_SECURITY_DATABASE_URL", None)
    env["DATABASE_URL"] = url
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "benefit_month.py"),
            "--periods",
            "200",
            "--month",
            "4",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert any(line.strip().startswith("checks:") and line.endswith("ok") for line in lines), lines
    assert GOAL_LINE.match(lines[-1]), lines[-1]
    assert lines[-1].startswith("benefit month cycle: ")
