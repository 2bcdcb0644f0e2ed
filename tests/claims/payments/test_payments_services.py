"""Payment services with a scripted fake office: schedule, release, send, retry, refuse."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
import requests
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.core.services import claim_transition
from claims.core.transitions import Status
from claims.models import ClaimEvent, Notification
from claims.payments import services
from claims.payments.models import PaymentInstallment, PaymentOrder
from tests.claims.payments.helpers import TZ, make_approved_claim


@pytest.fixture
def frozen():
    """The clock stands still: a lease, a backoff or a grace period is compared with "now"
    several statements after it was set, which on a loaded machine can be seconds later."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_retries(settings):
    settings.SETTLEMENT_RETRY_BASE = 2.0
    settings.SETTLEMENT_RETRY_CAP = 300.0
    settings.SETTLEMENT_MAX_ATTEMPTS = 4
    settings.SETTLEMENT_CALLBACK_BASE_URL = "http://portal.test"


# --- The schedule ----------------------------------------------------------------------------


def test_the_plan_has_one_installment_a_month_first_due_on_the_decision_day():
    plan = services.schedule_plan(
        start=date(2026, 3, 17),
        months=3,
        amount=4_200_000,
        decided_on=date(2026, 3, 20),
        end=date(2026, 6, 16),
    )
    assert [(p.number, p.period_start, p.period_end, p.due_on) for p in plan] == [
        (1, date(2026, 3, 17), date(2026, 4, 16), date(2026, 3, 20)),
        (2, date(2026, 4, 17), date(2026, 5, 16), date(2026, 4, 17)),
        (3, date(2026, 5, 17), date(2026, 6, 16), date(2026, 5, 17)),
    ]
    assert {p.amount for p in plan} == {4_200_000}


def test_a_month_end_start_keeps_to_the_calendar():
    plan = services.schedule_plan(
        start=date(2026, 1, 31), months=2, amount=1, decided_on=date(2026, 1, 31)
    )
    assert [(p.period_start, p.period_end) for p in plan] == [
        (date(2026, 1, 31), date(2026, 2, 27)),
        (date(2026, 2, 28), date(2026, 3, 30)),
    ]


def test_the_schedule_is_created_once_and_the_first_month_is_ordered(office):
    today = timezone.localdate()
    claim = make_approved_claim(months=3, start=today)
    with transaction.atomic():
        first = services.payment_schedule_create(claim_id=claim.pk)
    again = services.payment_schedule_create(claim_id=claim.pk)
    assert [i.pk for i in first] == [i.pk for i in again]
    assert PaymentInstallment.objects.filter(claim=claim).count() == 3
    assert list(
        PaymentInstallment.objects.filter(claim=claim).values_list("status", flat=True)
    ) == ["ordered", "scheduled", "scheduled"]
    assert PaymentOrder.objects.filter(claim=claim).count() == 1
    assert ClaimEvent.objects.filter(claim=claim, kind="payment:scheduled").count() == 1


def test_a_refusal_has_no_schedule(office):
    claim = make_approved_claim()
    claim.proposals.update(kind="refuse")
    assert services.payment_schedule_create(claim_id=claim.pk) == []
    assert services.claims_without_schedule() == []


def test_the_decision_hook_creates_the_schedule_and_sends_after_commit(
    office, django_capture_on_commit_callbacks
):
    claim = make_approved_claim(status=Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        claim_transition(claim_id=claim.pk, to_status=Status.DECISION_ISSUED, actor=None)
    order = PaymentOrder.objects.get(claim=claim)
    assert order.status == "acknowledged"
    assert order.office_order_id.startswith("SO-")
    assert office.posts[0]["idempotency_key"] == str(order.idempotency_key)
    assert office.posts[0]["amount"] == 4_200_000
    assert office.posts[0]["callback_url"] == "http://portal.test/thanh-toan/callback/"
    assert office.posts[0]["order_reference"] == f"{claim.reference}-01"


def test_the_sweep_creates_a_lost_schedule_and_releases_what_is_due(office):
    start = timezone.localdate() - timedelta(days=70)
    claim = make_approved_claim(months=4, start=start)
    result = services.payments_sweep()
    assert result["schedules"] == 1
    statuses = list(PaymentInstallment.objects.filter(claim=claim).values_list("status", flat=True))
    assert statuses == ["ordered", "ordered", "ordered", "scheduled"]
    assert services.payments_sweep()["schedules"] == 0
    assert PaymentOrder.objects.filter(claim=claim).count() == 3


def test_a_suspended_claim_gets_no_new_orders(office):
    claim = make_approved_claim(months=3, start=timezone.localdate() - timedelta(days=40))
    services.payment_schedule_create(claim_id=claim.pk)
    PaymentOrder.objects.all().delete()
    PaymentInstallment.objects.update(status="scheduled")
    claim.status = Status.SUSPENDED
    claim.save()
    assert services.payments_release_due() == []


# --- Sending ---------------------------------------------------------------------------------


def _order(**kw) -> PaymentOrder:
    """One order created but not sent (its send is driven step by step by the test)."""
    claim = make_approved_claim(**kw)
    installments = services.schedule_plan(
        start=timezone.localdate(),
        months=1,
        amount=claim.monthly_benefit,
        decided_on=timezone.localdate(),
    )
    installment = PaymentInstallment.objects.create(claim=claim, **installments[0].__dict__)
    with transaction.atomic():
        installment = PaymentInstallment.objects.select_for_update().get(pk=installment.pk)
        return services._order_create(installment, claim)


def test_a_5xx_is_retried_with_jittered_backoff_under_the_same_key(office):
    order = _order()
    office.script = [(503, {"error": "unavailable"}), requests.Timeout(), (500, {})]
    before = timezone.now()
    first = services.payment_order_send(order_id=order.pk)
    order.refresh_from_db()
    assert first.outcome == "retry" and 0 <= first.retry_in <= 2.0
    assert (order.status, order.attempts, order.lease_until) == ("pending", 1, None)
    assert before <= order.next_attempt_at <= timezone.now() + timedelta(seconds=2)
    assert order.last_error == "unavailable"
    # Not due yet: a second delivery of the task changes nothing.
    PaymentOrder.objects.filter(pk=order.pk).update(next_attempt_at=timezone.now() + timedelta(60))
    assert services.payment_order_send(order_id=order.pk).outcome == "skipped"
    PaymentOrder.objects.filter(pk=order.pk).update(next_attempt_at=timezone.now())
    second = services.payment_order_send(order_id=order.pk)
    assert second.outcome == "retry" and 0 <= second.retry_in <= 4.0
    PaymentOrder.objects.filter(pk=order.pk).update(next_attempt_at=timezone.now())
    assert services.payment_order_send(order_id=order.pk).outcome == "retry"
    PaymentOrder.objects.filter(pk=order.pk).update(next_attempt_at=timezone.now())
    assert services.payment_order_send(order_id=order.pk).outcome == "acknowledged"
    order.refresh_from_db()
    assert (order.status, order.attempts, order.last_error) == ("acknowledged", 4, "")
    assert len({p["idempotency_key"] for p in office.posts}) == 1
    assert len({repr(sorted(p.items())) for p in office.posts}) == 1  # byte-identical bodies


def test_backoff_stays_within_full_jitter_bounds(settings):
    rng = random.Random(7)
    for attempt in range(1, 15):
        ceiling = min(300.0, 2.0 * 2 ** (attempt - 1))
        delays = [services.backoff_delay(attempt=attempt, rng=rng) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling / 2  # really spread, not a constant


def test_after_the_last_attempt_the_order_waits_for_the_sweep_and_staff(frozen, office, settings):
    settings.SETTLEMENT_MAX_ATTEMPTS = 2
    order = _order()
    office.script = [(500, {}), (502, {})]
    services.payment_order_send(order_id=order.pk)
    PaymentOrder.objects.filter(pk=order.pk).update(next_attempt_at=timezone.now())
    last = services.payment_order_send(order_id=order.pk)
    order.refresh_from_db()
    assert last.outcome == "retry" and last.retry_in is None  # no more Celery retries
    assert order.status == "pending"  # never guessed failed (or paid)
    assert order.attention_since is not None
    assert order.next_attempt_at >= timezone.now() + timedelta(seconds=290)
    assert ClaimEvent.objects.filter(claim=order.claim, kind="payment:attention").count() == 1
    # Later the sweep hands it out again.
    later = timezone.now() + timedelta(seconds=300 + settings.SETTLEMENT_SWEEP_GRACE + 1)
    assert services.orders_lost(now=later) == [order.pk]


def test_a_4xx_fails_the_order_at_once_with_the_offices_reason(office):
    order = _order()
    office.script = [(400, {"error": "invalid_account", "message": "Số tài khoản không hợp lệ"})]
    result = services.payment_order_send(order_id=order.pk)
    order.refresh_from_db()
    assert result.outcome == "rejected" and result.retry_in is None
    assert (order.status, order.failure_code, order.failure_reason) == (
        "failed",
        "invalid_account",
        "Số tài khoản không hợp lệ",
    )
    assert order.installment.status == "failed"
    assert len(office.posts) == 1
    assert Notification.objects.filter(kind="payment_failed", claim=order.claim).count() == 1
    assert services.payment_order_send(order_id=order.pk).outcome == "skipped"


@pytest.mark.parametrize("code", [401, 409, 429])
def test_4xx_that_say_nothing_against_the_order_are_retried(office, code):
    order = _order()
    office.script = [(code, {"error": "x"})]
    assert services.payment_order_send(order_id=order.pk).outcome == "retry"
    order.refresh_from_db()
    assert order.status == "pending"


def test_a_duplicate_answer_is_an_acknowledgement(office):
    order = _order()
    office.script = [
        (200, {"status": "accepted", "office_order_id": "SO-9", "duplicate": True}),
    ]
    assert services.payment_order_send(order_id=order.pk).outcome == "acknowledged"
    order.refresh_from_db()
    assert (order.status, order.office_order_id) == ("acknowledged", "SO-9")


def test_a_held_lease_keeps_a_second_sender_out_until_it_expires(frozen, office):
    order = _order()
    PaymentOrder.objects.filter(pk=order.pk).update(
        status="sending", lease_until=timezone.now() + timedelta(seconds=30), attempts=1
    )
    assert services.payment_order_send(order_id=order.pk).outcome == "skipped"
    assert office.posts == []
    assert services.orders_lost() == []
    PaymentOrder.objects.filter(pk=order.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert services.orders_lost() == [order.pk]  # the sender died: the sweep hands it out
    assert services.payment_order_send(order_id=order.pk).outcome == "acknowledged"
    order.refresh_from_db()
    assert order.attempts == 2


def test_a_never_sent_order_is_found_by_the_sweep_after_the_grace(frozen, office, settings):
    order = _order()
    assert services.orders_lost() == []
    later = timezone.now() + timedelta(seconds=settings.SETTLEMENT_SWEEP_GRACE + 1)
    assert services.orders_lost(now=later) == [order.pk]


def test_accepted_orders_without_an_answer_for_long_are_flagged_once(frozen, office, settings):
    order = _order()
    services.payment_order_send(order_id=order.pk)
    later = timezone.now() + timedelta(seconds=settings.SETTLEMENT_STALE_AFTER + 1)
    assert services.orders_stale_flag(now=later) == 1
    assert services.orders_stale_flag(now=later) == 0
    order.refresh_from_db()
    assert order.status == "acknowledged" and order.attention_since is not None


# --- The database's guarantees ---------------------------------------------------------------


def test_the_database_refuses_a_second_open_or_paid_order_for_an_installment(office):
    order = _order()
    fields = {
        "installment": order.installment,
        "claim": order.claim,
        "reference": "x",
        "amount": 1,
        "callback_url": "x",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentOrder.objects.create(**fields)
    PaymentOrder.objects.filter(pk=order.pk).update(status="paid")
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentOrder.objects.create(status="paid", **fields)
    # A failed order may sit next to another one (that is a re-issue).
    PaymentOrder.objects.filter(pk=order.pk).update(status="failed")
    PaymentOrder.objects.create(**fields)


def test_release_never_makes_two_orders_for_one_installment(office):
    claim = make_approved_claim(months=2, start=timezone.localdate() - timedelta(days=40))
    services.payment_schedule_create(claim_id=claim.pk)
    assert services.payments_release_due() == []
    assert PaymentOrder.objects.filter(claim=claim).count() == 2


def test_decided_at_in_local_time_gives_the_due_day(office):
    decided = datetime(2026, 3, 20, 23, 30, tzinfo=TZ)
    claim = make_approved_claim(months=3, start=date(2026, 3, 17), decided_at=decided)
    installments = services.payment_schedule_create(claim_id=claim.pk)
    assert installments[0].due_on == date(2026, 3, 20)


def test_the_task_hands_the_services_countdown_to_celery(office, monkeypatch):
    from claims.payments import tasks

    order = _order()
    office.script = [(503, {}), (202, {"status": "accepted", "office_order_id": "SO-2"})]
    seen: dict = {}

    def fake_retry(**kwargs):
        seen.update(kwargs)
        return RuntimeError("retry")

    monkeypatch.setattr(tasks.payment_order_send, "retry", fake_retry)
    tasks.payment_order_send.push_request(is_eager=False)
    try:
        with pytest.raises(RuntimeError, match="retry"):
            tasks.payment_order_send.run(order.pk)
        order.refresh_from_db()
        assert 0 <= seen["countdown"] <= 2.0
        assert order.next_attempt_at is not None
        PaymentOrder.objects.filter(pk=order.pk).update(next_attempt_at=timezone.now())
        assert tasks.payment_order_send.run(order.pk) == "acknowledged"
        assert tasks.payment_order_send.run(order.pk) == "skipped"  # a duplicate delivery
    finally:
        tasks.payment_order_send.pop_request()


def test_the_chunk_task_sends_one_batch_and_queues_the_unavailable_order_again(office, monkeypatch):
    from claims.payments import tasks

    first, second = _order(), _order()
    office.script = [
        (
            200,
            {
                "results": [
                    {"status": "accepted", "office_order_id": "SO-1"},
                    {"status": "unavailable", "error": "injected_fault"},
                ]
            },
        )
    ]
    queued: list = []
    monkeypatch.setattr(
        tasks.payment_orders_send, "apply_async", lambda args, **kw: queued.append((args, kw))
    )
    outcomes = tasks.payment_orders_send.run([first.pk, second.pk])
    assert outcomes == {"acknowledged": 1, "retry": 1}
    assert len(office.posts) == 1  # one request for the chunk
    assert [o["idempotency_key"] for o in office.posts[0]["orders"]] == [
        str(first.idempotency_key),
        str(second.idempotency_key),
    ]
    assert [args for args, _ in queued] == [([second.pk],)]  # only the one to retry
    assert 0 <= queued[0][1]["countdown"] <= 2.0
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.office_order_id) == ("acknowledged", "SO-1")
    assert second.status == "pending" and second.next_attempt_at is not None
    assert second.last_error == "injected_fault"
    assert tasks.payment_orders_send.run([first.pk]) == {"skipped": 1}  # a duplicate delivery
