"""bench/surge.py runs once with tiny sizes: two phones log in through the mock VNeID and file."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import sys
from pathlib import Path

import pytest
import time_machine

from claims.filing.forms import name_key
from tests.bench.test_benches import GOAL_LINE
from tests.claims.api.helpers import FILED, FakeRegistry
from tests.eligibility.assessment_builders import GARMENT, garment_worker
from tests.factories import PASSWORD, CenterFactory, PopulationRecordFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")
BENCH = Path(__file__).resolve().parents[2] / "bench" / "surge.py"


def _surge():
    spec = importlib.util.spec_from_file_location("bench_surge", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


def test_the_surge_bench_runs_with_tiny_sizes(vneid_live, settings):
    surge = _surge()
    settings.SOCIAL_SECURITY_REGISTRY = "tests.claims.api.helpers.FakeRegistry"
    CenterFactory(province_code="24")
    people = []
    for n in range(2):
        person = PopulationRecordFactory(personal_id=f"00109000010{n}", full_name="Nguyễn Thị Lan")
        FakeRegistry.records[person.personal_id] = garment_worker(personal_id=person.personal_id)
        people.append(
            surge.Person(
                personal_id=person.personal_id,
                password=PASSWORD,
                answers={
                    "job": {
                        "employer_name": GARMENT.name,
                        "employer_tax_code": GARMENT.tax_code,
                        "contract_type": "indefinite",
                        "termination_date": "2026-02-27",
                        "termination_reason": "business_closure",
                    },
                    "center": {"province_code": "24"},
                    "payment": {
                        "method": "bank",
                        "bank_code": "VCB",
                        "account_number": f"01234567{n}",
                        "account_holder": name_key(person.full_name),
                    },
                    "contact": {"phone": "0912345678", "email": ""},
                    "declaration": {"truthful": True, "consent": True},
                },
            )
        )
    out = io.StringIO()
    argv = [
        "--base-url",
        vneid_live.url,
        "--workers",
        "2",
        "--concurrency",
        # SQLite's shared in-memory test database locks a table per writer; PostgreSQL in CI
        # would take more, but one phone at a time is what a smoke test needs.
        "1",
        "--duration-limit",
        "120",
        "--baseline-seconds",
        "0.5",
        "--server-pid",
        str(os.getpid()),
        "--direct",
    ]
    try:
        with time_machine.travel(FILED, tick=True), contextlib.redirect_stdout(out):
            status = surge.main(argv, people=people)
    finally:
        FakeRegistry.records = {}

    lines = out.getvalue().strip().splitlines()
    assert status == 0, out.getvalue()
    assert lines[-1].startswith("claims filed: 2 of 2 in "), out.getvalue()
    assert lines[-1].endswith("s (goal <= 60 s)")
    assert GOAL_LINE.match(lines[-1])  # the shape every bench's last line has
    assert "errors: none" in lines, out.getvalue()
    assert "database: 2 workers with exactly one submitted claim, 0 with more than one" in (
        out.getvalue()
    )
    for step in ("portal: home", "mock: sign-in", "mock: consent", "portal: callback"):
        assert any(line.startswith(step) for line in lines), step
    assert any(line.startswith("portal: filing") for line in lines)
    assert "server CPU per claim: portal" in out.getvalue()
    assert "portal CPU per claim in cheapest pages: " in out.getvalue()
    assert "% of this machine's CPU time" in out.getvalue()


def test_the_bench_refuses_any_address_but_loopback():
    surge = _surge()
    with pytest.raises(SystemExit):
        surge.main(["--base-url", "http://10.0.0.5:8000", "--workers", "1"], people=[])
