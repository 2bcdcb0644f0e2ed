"""/healthz: 200 with every check up; 503, still JSON, when one dependency is down."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connections

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


def test_healthy_when_both_databases_and_the_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "up",
        "social_security_store": "up",
        "broker": "up",
    }


def test_a_broken_social_security_store_gives_503_naming_it(client):
    store = connections["social_security"]
    with mock.patch.object(
        store, "cursor", side_effect=OperationalError("unable to open database file")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["social_security_store"]["status"] == "down"
    assert "unable to open database file" in body["checks"]["social_security_store"]["error"]
    assert body["checks"]["database"]["status"] == "up"


def test_a_broker_that_does_not_answer_gives_503(client):
    with mock.patch(
        "portal.health.check_broker", side_effect=ConnectionError("broker unreachable")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {
        "status": "down",
        "error": "ConnectionError: broker unreachable",
    }


def test_healthz_answers_only_get(client):
    assert client.post("/healthz").status_code == 405
