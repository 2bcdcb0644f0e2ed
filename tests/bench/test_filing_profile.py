"""bench/filing_profile.py runs once with tiny sizes: three phones (one warm-up) log in through
the mock VNeID (the live server) and file in one call; the portal runs in-process."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine

from claims.filing.forms import name_key
from claims.models import Claim
from tests.bench.test_benches import GOAL_LINE
from tests.claims.api.helpers import FILED, FakeRegistry
from tests.eligibility.assessment_builders import GARMENT, garment_worker
from tests.factories import PASSWORD, CenterFactory, PopulationRecordFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")
BENCH = Path(__file__).resolve().parents[2] / "bench" / "filing_profile.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_filing_profile", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_filing_profile_runs_with_tiny_sizes(vneid_live, settings):
    bench = _bench()
    surge = bench._surge()
    settings.SOCIAL_SECURITY_REGISTRY = "tests.claims.api.helpers.FakeRegistry"
    CenterFactory(province_code="24")
    people = []
    for n in range(3):
        person = PopulationRecordFactory(personal_id=f"00109000020{n}", full_name="Nguyễn Thị Lan")
        FakeRegistry.records[person.personal_id] = garment_worker(personal_id=person.personal_id)
        answers = {
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
                "account_number": f"01234568{n}",
                "account_holder": name_key(person.full_name),
            },
            "contact": {"phone": "0912345678", "email": ""},
            "declaration": {"truthful": True, "consent": True},
        }
        people.append(
            surge.Person(personal_id=person.personal_id, password=PASSWORD, answers=answers)
        )
    live = urlsplit(vneid_live.url)
    argv = ["--mock-url", vneid_live.url, "--portal-host", str(live.hostname)]
    argv += ["--portal-port", str(live.port), "--workers", "2"]
    out = io.StringIO()
    try:
        with time_machine.travel(FILED, tick=True), contextlib.redirect_stdout(out):
            status = bench.main(argv, people=people)
    finally:
        FakeRegistry.records = {}
    lines = out.getvalue().strip().splitlines()
    assert status == 0, out.getvalue()
    assert GOAL_LINE.match(lines[-1]), lines[-1]
    assert lines[-1].startswith("portal CPU per claim (in-process, 2 claims): ")
    for step in ("callback", "filing", "per claim"):
        assert any(line.startswith(step) for line in lines), (step, out.getvalue())
    assert (
        Claim.objects.filter(personal_id__startswith="00109000020").exclude(status="draft").count()
        == 3
    )
