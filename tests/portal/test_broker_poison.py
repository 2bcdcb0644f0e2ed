"""A poison message is logged and set aside; it never stops a worker (issue 12).

A real `celery -A portal worker` process on the embedded Redis: an undecodable body, a message
for a task nobody knows, and entries in the Redis list that are not messages at all (what a
half-written or foreign entry looks like) all end on the dead-letter queue with a log line,
and the same worker then runs a real task.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from celery import Celery

from portal import embedded_redis
from portal.broker import DEAD_LETTER_QUEUE
from portal.stack import environment_without_shared_servers

pytestmark = [pytest.mark.worker]

ROOT = Path(__file__).resolve().parents[2]


def test_poison_messages_are_set_aside_and_the_worker_keeps_working(tmp_path: Path):
    var = tmp_path / "var"
    server = subprocess.Popen(embedded_redis.server_command(var), stdout=subprocess.DEVNULL)
    log = tmp_path / "worker.log"
    worker = None
    try:
        assert embedded_redis.server_wait(var)
        url = embedded_redis.broker_url(var)
        env = environment_without_shared_servers(TROCAP_VAR_DIR=str(var), CELERY_RESULT_BACKEND=url)
        with open(log, "wb") as out:
            worker = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "solo"]
                + ["--queues", "interactive", "--loglevel", "INFO", "--without-mingle"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        client = Celery("probe", broker=url, backend=url)
        with client.producer_or_acquire() as producer:
            producer.publish(
                b"\x00{not json",
                exchange="",
                routing_key="interactive",
                content_type="application/json",
                content_encoding="utf-8",
                headers={"task": "celery.accumulate", "id": "poison-1"},
            )
        client.send_task("no.such.task", args=[1], queue="interactive")
        raw = redis.Redis(unix_socket_path=str(embedded_redis.socket_path(var)))
        for entry in (b'half a message {"bo', b"42", b'{"body": "no properties"}'):
            raw.lpush("interactive", entry)

        # The worker is still there and does real work after all of that.
        # The portal's worker keeps no results (CELERY_TASK_IGNORE_RESULT): this one is asked for.
        result = client.send_task(
            "celery.accumulate", args=[7], queue="interactive", ignore_result=False
        )
        assert result.get(timeout=120) == [7]
        assert worker.poll() is None, log.read_text()

        deadline = time.monotonic() + 30
        while raw.llen(DEAD_LETTER_QUEUE) < 5 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert raw.llen(DEAD_LETTER_QUEUE) == 5
        assert raw.llen("interactive") == 0
        text = log.read_text()
        assert text.count("set aside on queue 'dead_letter'") == 5, text
        assert "Unrecoverable error" not in text
        # What was set aside is kept byte for byte, with the reason, for a person to look at.
        kept = [json.loads(entry) for entry in raw.lrange(DEAD_LETTER_QUEUE, 0, -1)]
        bodies = {
            base64.b64decode(k["body"])
            if k["properties"]["body_encoding"] == "base64"
            else k["body"]
            for k in kept
        }
        assert {b"\x00{not json", b"42", b'half a message {"bo'} <= bodies
        assert all(k["headers"]["x-set-aside-reason"] for k in kept)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
        server.terminate()
        server.wait(timeout=30)
