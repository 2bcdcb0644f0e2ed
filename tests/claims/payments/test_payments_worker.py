"""Payments end to end: a real Celery worker on real Redis, the simulator over real HTTP, the
portal's callback endpoint on a live server, PostgreSQL (skipped without REDIS_URL and a
PostgreSQL DATABASE_URL).

With 30% of the office's answers 5xx and 30% of its callbacks duplicated or reordered, every
order of a few hundred claims ends paid exactly once; a worker killed with SIGKILL in the middle
of a batch leaves nothing lost and nothing doubled once a second worker and the sweep run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from claims.core.transitions import Status
from claims.models import Claim
from claims.payments import services
from claims.payments.models import PaymentCallback, PaymentInstallment, PaymentOrder
from tests.claims.payments.helpers import AMOUNT, make_approved_claim, make_signer
from tests.claims.review.fasttrack_helpers import celery_worker
from tests.factories import CenterFactory, StaffFactory
from tests.settlement_office.support import office_orders, settlement_office_running

REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REPO = Path(__file__).resolve().parents[3]

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (a real broker)"),
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="needs a PostgreSQL DATABASE_URL (concurrent writers)",
    ),
    pytest.mark.django_db(transaction=True),
]

FAULTS = {
    "fail_5xx": 0.3,
    "duplicate_callbacks": 0.3,
    "reorder_callbacks": 0.3,
    "store_then_5xx": 0.1,
    "pay_delay": 0.05,
    "seed": 6,
}


@pytest.fixture
def fast_settings(settings, live_server):
    settings.SETTLEMENT_CALLBACK_BASE_URL = live_server.url
    settings.SETTLEMENT_RETRY_BASE = 0.2
    settings.SETTLEMENT_RETRY_CAP = 2.0
    settings.SETTLEMENT_MAX_ATTEMPTS = 30
    settings.SETTLEMENT_OFFICE_TIMEOUT = 5.0
    settings.SETTLEMENT_LEASE_SECONDS = 8.0
    settings.SETTLEMENT_SWEEP_GRACE = 3.0
    return settings


def approved_claims(count: int, months: int, **kw) -> list[Claim]:
    """`count` approved claims whose `months` months are all due today."""
    center = CenterFactory()
    signer = make_signer(center.province_code)
    start = timezone.localdate() - timedelta(days=31 * (months - 1))
    return [
        make_approved_claim(center, signer=signer, months=months, start=start, **kw)
        for _ in range(count)
    ]


def wait_all_paid(expected: int, timeout: float, *, sweep_every: float | None = None) -> None:
    deadline = time.monotonic() + timeout
    last_sweep = time.monotonic()
    while time.monotonic() < deadline:
        paid = PaymentInstallment.objects.filter(status="paid").count()
        if paid == expected:
            return
        if sweep_every is not None and time.monotonic() - last_sweep > sweep_every:
            services.payments_sweep()  # what beat does every minute
            last_sweep = time.monotonic()
        time.sleep(0.25)
    counts = Counter(PaymentOrder.objects.values_list("status", flat=True))
    pytest.fail(f"only {paid}/{expected} installments paid after {timeout}s: {dict(counts)}")


def assert_paid_exactly_once(office_url: str, claims: list[Claim], months: int) -> None:
    installments = PaymentInstallment.objects.filter(claim__in=claims)
    assert installments.count() == len(claims) * months
    assert set(installments.values_list("status", flat=True)) == {"paid"}
    paid = PaymentOrder.objects.filter(claim__in=claims, status="paid")
    per_installment = Counter(paid.values_list("installment_id", flat=True))
    assert len(per_installment) == len(claims) * months
    assert set(per_installment.values()) == {1}
    assert set(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)
    ) == {Status.COMPLETED}
    # The office's side: every key it holds is one of ours, paid once; the totals agree.
    orders = office_orders(office_url)
    ours = {str(k): s for k, s in PaymentOrder.objects.values_list("idempotency_key", "status")}
    assert {o["idempotency_key"] for o in orders} <= set(ours)
    paid_keys = {str(k) for k in paid.values_list("idempotency_key", flat=True)}
    assert {o["idempotency_key"] for o in orders if o["times_paid"]} == paid_keys
    assert {o["times_paid"] for o in orders} <= {0, 1}
    assert sum(o["amount"] for o in orders if o["times_paid"]) == AMOUNT * len(claims) * months
    # Duplicates and reordered callbacks did arrive, and were ignored.
    outcomes = Counter(PaymentCallback.objects.values_list("outcome", flat=True))
    assert outcomes["applied"] >= len(paid_keys)


#: The faults test's claims: paid at once, and refused first (fixed, then re-issued).
HEALTHY, FAILING = 295, 5


def test_a_few_hundred_orders_are_paid_exactly_once_despite_faults(tmp_path, fast_settings):
    # A few hundred claims (300), two months each: 600 orders, 10 of them refused first.
    months = 2
    claims = approved_claims(HEALTHY, months)
    # The office fails accounts starting with 999 (invalid_account): fixed, then re-issued.
    failing = approved_claims(FAILING, months, account="9990000001")
    with settlement_office_running(tmp_path, **FAULTS) as office_url:
        fast_settings.SETTLEMENT_OFFICE_URL = office_url
        with celery_worker(REDIS_URL):
            for claim in claims + failing:
                services.payment_schedule_create(claim_id=claim.pk)
            assert PaymentOrder.objects.count() == (HEALTHY + FAILING) * months
            wait_all_paid(HEALTHY * months, timeout=600, sweep_every=10)
            deadline = time.monotonic() + 60
            while PaymentInstallment.objects.filter(status="failed").count() < FAILING * months:
                assert time.monotonic() < deadline, "the failing accounts were not reported"
                time.sleep(0.25)
            assert set(
                PaymentOrder.objects.filter(claim__in=failing).values_list(
                    "failure_code", flat=True
                )
            ) == {"invalid_account"}
            officer = StaffFactory(center=failing[0].center)
            for claim in failing:
                details = {**claim.answers["payment"], "account_number": "0123456780"}
                services.payment_details_change(
                    claim_id=claim.pk, citizen=claim.citizen, details=details
                )
                for order in PaymentOrder.objects.filter(claim=claim, status="failed"):
                    services.payment_order_reissue(order_id=order.pk, actor=officer)
            wait_all_paid((HEALTHY + FAILING) * months, timeout=600, sweep_every=10)
        time.sleep(1)  # late duplicate callbacks still arrive: they must change nothing
        assert_paid_exactly_once(office_url, claims + failing, months)
    assert (
        PaymentOrder.objects.filter(claim__in=failing, status="failed").count() == FAILING * months
    )
    retried = PaymentOrder.objects.filter(attempts__gt=1).count()
    assert retried > 0, "the office's 5xx answers should have caused retries"


def _worker(office_url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"],
        "REDIS_URL": REDIS_URL,
        "SETTLEMENT_OFFICE_URL": office_url,
        "SETTLEMENT_RETRY_BASE": "0.2",
        "SETTLEMENT_RETRY_CAP": "2",
        "SETTLEMENT_MAX_ATTEMPTS": "30",
        "SETTLEMENT_OFFICE_TIMEOUT": "5",
        "SETTLEMENT_LEASE_SECONDS": "8",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    celery = Path(sys.executable).parent / "celery"
    with open(log, "ab") as out:
        return subprocess.Popen(
            [
                str(celery),
                "-A",
                "portal",
                "worker",
                "--pool=prefork",
                "--concurrency=2",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL takes the children too
        )


@pytest.fixture
def purge_queue():
    """Empty the broker's queue first (left-overs of other tests), broker restored after."""
    from portal.celery import app

    previous = app.conf.broker_url

    def purge() -> None:
        app.conf.update(broker_url=REDIS_URL)
        app._pool = None
        app.amqp._producer_pool = None
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge("celery")

    yield purge
    app.conf.update(broker_url=previous)
    app._pool = None
    app.amqp._producer_pool = None


def test_a_worker_killed_mid_batch_loses_and_doubles_nothing(tmp_path, fast_settings, purge_queue):
    months = 2
    claims = approved_claims(100, months)
    log = tmp_path / "workers.log"
    purge_queue()
    with settlement_office_running(tmp_path, **FAULTS) as office_url:
        fast_settings.SETTLEMENT_OFFICE_URL = office_url
        first = _worker(office_url, log)
        try:
            for claim in claims:
                services.payment_schedule_create(claim_id=claim.pk)
            deadline = time.monotonic() + 60
            while PaymentOrder.objects.exclude(status="pending").count() < 40:
                assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
                assert first.poll() is None, log.read_text(errors="replace")[-3000:]
                time.sleep(0.05)
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(10)
        unfinished = PaymentOrder.objects.exclude(status="paid").count()
        assert unfinished > 0, "the kill should have come in the middle of the batch"
        second = _worker(office_url, log)
        try:
            wait_all_paid(100 * months, timeout=600, sweep_every=3)
        finally:
            second.send_signal(signal.SIGTERM)
            try:
                second.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(second.pid, signal.SIGKILL)
        time.sleep(1)
        assert_paid_exactly_once(office_url, claims, months)
