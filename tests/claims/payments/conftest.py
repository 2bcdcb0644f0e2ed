"""Fixtures of the payments tests."""

from __future__ import annotations

import pytest

from claims.payments import client
from tests.claims.payments.helpers import FakeOffice


@pytest.fixture
def office(monkeypatch) -> FakeOffice:
    """The settlement office faked at the portal's HTTP session: it records what is sent and
    answers as told. A module whose every test talks to it says
    `pytest.mark.usefixtures("office")` in its pytestmark; the real-process tests do not."""
    fake = FakeOffice()
    monkeypatch.setattr(client, "_session", fake)
    return fake
