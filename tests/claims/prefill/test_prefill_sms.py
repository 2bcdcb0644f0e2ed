"""The worker's SMS about their prefilled claim: sent once, a redelivered task sends nothing, and
the SMS a lost task (a broker down at the commit) or a gateway that was down never sent goes
out with the sweep: within two days of the notice, in the SMS hours, so many per run."""
# ruff: noqa: F811 - pytest fixtures imported from support

from __future__ import annotations

import importlib
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.conf import settings
from kombu.exceptions import OperationalError

from claims.models import EmployerReport
from claims.prefill import sms
from claims.prefill import tasks as prefill_tasks
from claims.sms import SmsResult, outbox
from common import tasks
from employers.prefill import notice_prefill
from identity.models import User
from tests.claims.prefill.support import (  # noqa: F401 - fixtures
    WORKERS,
    notice,
    signing_registry,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db(databases=["default", "social_security"])

#: The notice is confirmed on 28 January 2026 at 10:00.
NOTICE_DAY = datetime(2026, 1, 28, 10, 0, tzinfo=HANOI)
PID = WORKERS[2][0]


def at(day: int, hour: int, minute: int = 0, month: int = 1) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=HANOI)


def with_phone(*workers: tuple[str, str], phone: str = "0912345{:03d}") -> None:
    """Accounts with a phone for these listed workers, before the notice is prefilled."""
    for n, (pid, _name) in enumerate(workers, start=1):
        User.objects.create_user(
            username=f"known-{n}", role="citizen", personal_id=pid, phone=phone.format(n)
        )


@contextmanager
def broker_down(monkeypatch):
    """kombu's error once its publish retries are spent, as common.tasks meets Redis down."""

    def refused(name, *args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patch:
        patch.setattr(tasks, "task_send", refused)
        yield


@pytest.fixture
def prefill(notice, django_capture_on_commit_callbacks):
    """Prefill the notice at `when`, its after-commit tasks run (or refused, broker down)."""

    def run(when: datetime = NOTICE_DAY) -> None:
        outbox.clear()
        with (
            time_machine.travel(when, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            notice_prefill(notice_id=notice.pk)

    yield run
    outbox.clear()


def sweep(when: datetime) -> int:
    with time_machine.travel(when, tick=False):
        return prefill_tasks.prefill_sms_sweep.apply().get()


def report_of(pid: str = PID) -> EmployerReport:
    return EmployerReport.objects.get(personal_id=pid)


class GatewayDown:
    """A gateway that answers 503 to every message (claims.sms.client.HttpBackend's result)."""

    def send(self, *, to: str, text: str, reference: str) -> SmsResult:
        return SmsResult(to=to, text=text, sent=False, backend="http", error="HTTP 503")


def test_the_sms_is_sent_once_and_a_redelivered_task_sends_nothing(prefill):
    with_phone(WORKERS[2])
    prefill()
    assert [m.to for m in outbox] == ["+84912345001"]
    assert [m.message_id for m in outbox] == [f"prefill:{report_of().pk}"]
    assert report_of().sms_sent_at == NOTICE_DAY
    # The broker delivers the task again (acks_late, a worker lost): nothing more is sent.
    assert prefill_tasks.prefill_sms.apply(args=(report_of().pk,)).get() is False
    assert sweep(at(28, 11)) == 0
    assert len(outbox) == 1


def test_a_task_the_broker_never_took_is_sent_by_the_sweep(prefill, monkeypatch, caplog):
    with_phone(WORKERS[2])
    with broker_down(monkeypatch):
        prefill()
    assert outbox == [] and report_of().sms_sent_at is None
    assert "claims.tasks.prefill_sms" in [getattr(r, "task", "") for r in caplog.records]
    # Ten minutes for the task to arrive on its own; then the sweep sends it, once. The other
    # two listed workers have no phone: nothing to send them.
    assert sweep(at(28, 10, 5)) == 0
    assert sweep(at(28, 10, 15)) == 1
    assert [m.to for m in outbox] == ["+84912345001"]
    assert report_of().sms_sent_at == at(28, 10, 15)
    assert sweep(at(28, 10, 30)) == 0
    assert len(outbox) == 1


def test_a_sweep_with_the_broker_still_down_stops_and_the_next_one_sends(prefill, monkeypatch):
    with_phone(*WORKERS)
    with broker_down(monkeypatch):
        prefill()
        assert sweep(at(28, 10, 15)) == 0
    assert sweep(at(28, 10, 25)) == 3
    assert sorted(m.to for m in outbox) == ["+84912345001", "+84912345002", "+84912345003"]


def test_a_gateway_that_was_down_is_tried_again_by_the_sweep(prefill, monkeypatch):
    with_phone(WORKERS[2])
    monkeypatch.setattr(
        settings, "SMS_BACKEND", "tests.claims.prefill.test_prefill_sms.GatewayDown"
    )
    prefill()
    assert report_of().sms_sent_at is None and report_of().sms_error == ""
    assert sweep(at(28, 10, 15)) == 1  # queued, and refused again
    assert report_of().sms_sent_at is None
    monkeypatch.setattr(settings, "SMS_BACKEND", "claims.sms.client.MemoryBackend")
    assert sweep(at(28, 10, 25)) == 1
    assert [m.to for m in outbox] == ["+84912345001"]
    assert report_of().sms_sent_at == at(28, 10, 25)


def test_a_number_that_is_no_mobile_is_recorded_and_never_tried_again(prefill):
    with_phone(WORKERS[2], phone="024381{:05d}")  # a Hanoi landline
    prefill()
    report = report_of()
    assert outbox == [] and report.sms_sent_at is None
    assert "not a Vietnamese mobile number" in report.sms_error
    assert sweep(at(28, 10, 15)) == 0
    assert prefill_tasks.prefill_sms.apply(args=(report.pk,)).get() is False


def test_a_report_notified_more_than_two_days_ago_is_not_swept(prefill, monkeypatch):
    with_phone(WORKERS[2])
    with broker_down(monkeypatch):
        prefill()
    two_days_later = NOTICE_DAY + sms.SMS_RETRY_FOR
    assert sms.prefill_sms_unsent(now=two_days_later) == [report_of().pk]
    assert sweep(at(30, 10, 1)) == 0
    assert outbox == [] and report_of().sms_sent_at is None


def test_no_sms_goes_out_at_night_the_morning_sweep_sends_it(prefill, monkeypatch):
    with_phone(WORKERS[2])
    with broker_down(monkeypatch):
        prefill(when=at(28, 19, 0))
    assert sweep(at(28, 20, 0)) == 0
    assert sweep(at(29, 6, 59)) == 0
    assert outbox == []
    assert sweep(at(29, 7, 0)) == 1
    assert [m.to for m in outbox] == ["+84912345001"]


def test_each_run_queues_at_most_the_limit_oldest_first_none_twice(prefill, monkeypatch):
    with_phone(*WORKERS)
    monkeypatch.setattr(sms, "SMS_SWEEP_LIMIT", 2)
    with broker_down(monkeypatch):
        prefill()
    oldest_first = list(EmployerReport.objects.order_by("notified_at", "pk").values_list("pk"))
    assert sweep(at(28, 10, 15)) == 2
    assert [m.message_id for m in outbox] == [f"prefill:{pk}" for (pk,) in oldest_first[:2]]
    assert sweep(at(28, 10, 25)) == 1
    assert sweep(at(28, 10, 35)) == 0
    assert sorted(m.message_id for m in outbox) == sorted(f"prefill:{pk}" for (pk,) in oldest_first)


def test_the_sweep_runs_on_the_beat_at_least_every_ten_minutes():
    by_task = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert by_task["claims.tasks.prefill_sms_sweep"] <= sms.SMS_SWEEP_AFTER.total_seconds()


def test_reports_notified_before_the_record_existed_are_taken_as_sent(prefill, monkeypatch):
    """Migration 0014: the SMS of a report notified before it left with the task of the time,
    which kept no record; the sweep must not text those workers a second time."""
    migration = importlib.import_module("claims.migrations.0014_prefill_sms_sent")
    with_phone(WORKERS[2])
    with broker_down(monkeypatch):
        prefill()
    never_notified = EmployerReport.objects.exclude(personal_id=PID)
    never_notified.update(notified_at=None)
    assert report_of().sms_sent_at is None
    migration.earlier_sms_sent(django_apps, None)
    assert report_of().sms_sent_at == report_of().notified_at == NOTICE_DAY
    assert not never_notified.filter(sms_sent_at__isnull=False).exists()
    assert sweep(at(28, 11)) == 0
    assert outbox == []
