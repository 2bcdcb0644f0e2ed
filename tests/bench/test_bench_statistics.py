"""bench/statistics_pages.py runs once with tiny sizes (as test_benches.py does for the others; its
line moves into BENCHES there when shared files may be edited again)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.test_benches import GOAL_LINE, ROOT, _postgres_url


def test_the_statistics_bench_runs_once_with_tiny_sizes(tmp_path):
    url = _postgres_url(Path("statistics_pages.py").stem)
    if url is None:
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    env = {**os.environ, "TROCAP_VAR_DIR": str(tmp_path / "var"), "DJANGO_ENV": "development"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("SOCIAL_SECURITY_DATABASE_URL", None)
    env["DATABASE_URL"] = url
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "statistics_pages.py"),
            "--claims",
            "60",
            "--repeat",
            "1",
            "--refill",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("statistics pages p95: ")
    assert GOAL_LINE.match(last), last
    assert "full summary refresh:" in result.stdout
