"""`make serve` as a person starts it: supervisord keeps each process up, two checkouts coexist.

Real processes (supervisord, gunicorn, Celery, beat, the simulator, the embedded Redis) on free
ports of 127.0.0.1, each stack with its own TROCAP_VAR_DIR and no shared server.
"""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from portal.stack import Stack, free_port_base

pytestmark = [pytest.mark.stack]

#: Smaller than the machine-sized defaults: two stacks share the test machine's cores.
LIGHT = {
    "WEB_CONCURRENCY": "1",
    "GUNICORN_THREADS": "2",
    "MOCK_VNEID_WORKERS": "1",
    "CELERY_BULK_CONCURRENCY": "1",
    "CELERY_INTERACTIVE_CONCURRENCY": "2",
    "GUNICORN_ACCESS_LOG": "",
}
PROGRAMS = {
    "redis",
    "training-institution",
    "web",
    "mock-vneid",
    "worker-interactive",
    "worker-bulk",
    "beat",
    "settlement-office",
}


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def wait_for(predicate, timeout: float = 120.0, what: str = "") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_stacks_run_side_by_side_and_a_killed_process_comes_back_alone(tmp_path: Path):
    first_port = free_port_base(9300)
    second_port = free_port_base(first_port + 20)
    logs = [open(tmp_path / f"stack-{n}.log", "wb") for n in (1, 2)]  # noqa: SIM115
    first = Stack(port=first_port, var_dir=tmp_path / "a", env=LIGHT, log=logs[0])
    second = Stack(port=second_port, var_dir=tmp_path / "b", env=LIGHT, log=logs[1])
    try:
        first.start()
        second.start()
        before = first.wait_running()
        second.wait_running()
        assert set(before) == PROGRAMS

        # Every port follows PORT: each stack answers on its own web, mock and simulator ports,
        # with its own broker (the embedded Redis under its own var dir).
        for stack in (first, second):
            for port in (stack.port, stack.port + 1):
                wait_for(
                    lambda port=port: (
                        get_json(f"http://127.0.0.1:{port}/healthz")[1]
                        .get("checks", {})
                        .get("broker", {})
                        .get("status")
                        == "up"
                    ),
                    what=f"healthz on {port}",
                )
            status, body = get_json(f"http://127.0.0.1:{stack.port + 10}/healthz")
            assert status == 200, body
            assert (stack.var_dir / "redis" / "redis.sock").exists()

        # One crashed process is started again, with a log line; the others keep their pid.
        victim = before["worker-interactive"]["pid"]
        os.kill(victim, signal.SIGKILL)
        wait_for(
            lambda: (
                first.processes()["worker-interactive"]["pid"] not in (0, victim)
                and first.processes()["worker-interactive"]["statename"] == "RUNNING"
            ),
            what="worker-interactive restarted",
        )
        after = first.processes()
        assert {n: p["pid"] for n, p in after.items() if n != "worker-interactive"} == {
            n: p["pid"] for n, p in before.items() if n != "worker-interactive"
        }
        assert all(p["statename"] == "RUNNING" for p in after.values())
        # The other checkout did not notice.
        assert all(p["statename"] == "RUNNING" for p in second.processes().values())
        supervisor_log = (tmp_path / "a" / "log" / "supervisord.log").read_text()
        assert "exited: worker-interactive (terminated by SIGKILL; not expected)" in supervisor_log
        assert supervisor_log.count("spawned: 'worker-interactive'") == 2
    finally:
        first.stop()
        second.stop()
        for log in logs:
            log.close()
    assert not first.alive() and not second.alive()
