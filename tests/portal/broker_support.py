"""A real broker for worker tests: the project's embedded Redis in the test's own folder."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from portal import embedded_redis


@pytest.fixture
def embedded_broker(tmp_path: Path) -> Iterator[str]:
    """The broker URL of an embedded Redis server started for this test (stopped after)."""
    var = tmp_path / "broker-var"
    server = subprocess.Popen(embedded_redis.server_command(var), stdout=subprocess.DEVNULL)
    try:
        assert embedded_redis.server_wait(var), "the embedded Redis did not start"
        yield embedded_redis.broker_url(var)
    finally:
        server.terminate()
        server.wait(timeout=30)
