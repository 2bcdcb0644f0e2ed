"""Fixtures for identity tests: the mock VNeID reachable over real HTTP from the portal."""

from __future__ import annotations

import pytest


@pytest.fixture
def vneid_live(settings, live_server):
    from tests.e2e.helpers import vneid_point_at

    vneid_point_at(settings, live_server.url)
    return live_server
