"""Reminders of the monthly notification: when the window opens and on its last day, by e-mail,
in the portal and by SMS; each once however often the beat task runs; none at night; none for a
month already notified."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from claims import sms
from claims.models import Claim, Notification
from claims.notifications.services import notification_email_send
from claims.period import reminders, services
from tests.claims.period.support import at, period_claim

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
]
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def memory_sms(settings):
    settings.SMS_BACKEND = "claims.sms.client.MemoryBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def claim():
    with time_machine.travel(at(date(2026, 3, 13), 11), tick=False):
        claim = period_claim()
    claim.answers = {"contact": {"phone": "0912345678", "email": "lan@example.vn"}}
    claim.save(update_fields=["answers"])
    return claim


def run(when: datetime, capture) -> reminders.ReminderRun:
    with time_machine.travel(when, tick=False), capture(execute=True):
        return reminders.reminders_send()


def test_the_window_opening_is_reminded_once_by_every_channel(
    claim, django_capture_on_commit_callbacks
):
    # Month 2's window opens Fri 2026-04-17 (RULES.md example 1).
    first = run(datetime(2026, 4, 17, 8, tzinfo=TZ), django_capture_on_commit_callbacks)
    assert first.opened == 1 and first.last_day == 0
    note = Notification.objects.get(kind=reminders.OPENS)
    assert note.claim == claim and note.params["month"] == 2
    assert note.params["first"] == "17/04/2026" and note.params["last"] == "21/04/2026"
    # The e-mail goes out from the notification row, as every notification's does.
    notification_email_send(notification_id=note.pk)
    assert "21/04/2026" in mail.outbox[-1].body and mail.outbox[-1].to == ["lan@example.vn"]
    assert [m.to for m in sms.outbox] == ["+84912345678"]
    assert "21/04/2026" in sms.outbox[0].text and "thong bao" in sms.outbox[0].text.lower()
    note.refresh_from_db()
    assert note.params["sms_sent_at"]
    # The beat task runs every hour: nothing more is sent that day nor the next.
    again = run(datetime(2026, 4, 17, 9, tzinfo=TZ), django_capture_on_commit_callbacks)
    assert again.opened == 0 and again.sms_again == 0
    run(datetime(2026, 4, 20, 9, tzinfo=TZ), django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind=reminders.OPENS).count() == 1
    assert len(sms.outbox) == 1


def test_the_last_day_is_reminded_unless_the_month_is_notified(
    claim, django_capture_on_commit_callbacks
):
    other = period_claim(center=claim.center)
    with time_machine.travel(at(date(2026, 4, 20)), tick=False):
        services.notification_record(
            other,
            by=other.citizen,
            looked_for_work=True,
            available=True,
            job_search_log=[{"kind": "employer", "where": "Công ty A", "date": "2026-04-18"}],
        )
    result = run(datetime(2026, 4, 21, 7, 30, tzinfo=TZ), django_capture_on_commit_callbacks)
    assert result.last_day == 1
    assert list(
        Notification.objects.filter(kind=reminders.LAST_DAY).values_list("claim", flat=True)
    ) == [claim.pk]


def test_nothing_goes_out_at_night(claim, django_capture_on_commit_callbacks):
    result = run(datetime(2026, 4, 17, 2, tzinfo=TZ), django_capture_on_commit_callbacks)
    assert (
        result.skipped_hours and not Notification.objects.filter(kind__in=reminders.KINDS).exists()
    )
    assert sms.outbox == []


def test_a_missed_morning_is_made_up_later_in_the_window(claim, django_capture_on_commit_callbacks):
    # The beat was down on the first day: the next day's run still sends the opening reminder.
    result = run(datetime(2026, 4, 18, 10, tzinfo=TZ), django_capture_on_commit_callbacks)
    assert result.opened == 1


def test_an_sms_the_gateway_refused_is_sent_again_by_the_sweep(
    claim, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "claims.sms.client.HttpBackend"
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/send"  # nobody listens: not sent
    run(datetime(2026, 4, 17, 8, tzinfo=TZ), django_capture_on_commit_callbacks)
    note = Notification.objects.get(kind=reminders.OPENS)
    assert "sms_sent_at" not in note.params
    settings.SMS_BACKEND = "claims.sms.client.MemoryBackend"
    later = run(datetime(2026, 4, 17, 9, tzinfo=TZ), django_capture_on_commit_callbacks)
    assert later.sms_again == 1 and len(sms.outbox) == 1
    note.refresh_from_db()
    assert note.params["sms_sent_at"]
    assert reminders.reminder_sms_send(notification_id=note.pk) is False  # never twice


def test_a_number_that_cannot_receive_an_sms_is_not_retried(
    claim, django_capture_on_commit_callbacks
):
    Claim.objects.filter(pk=claim.pk).update(answers={"contact": {"phone": "12345"}})
    run(datetime(2026, 4, 17, 8, tzinfo=TZ), django_capture_on_commit_callbacks)
    note = Notification.objects.get(kind=reminders.OPENS)
    assert note.params["sms_error"] and sms.outbox == []
    later = run(datetime(2026, 4, 17, 10, tzinfo=TZ), django_capture_on_commit_callbacks)
    assert later.sms_again == 0


def test_the_inbox_shows_the_reminder_in_both_languages(claim, django_capture_on_commit_callbacks):
    from tests.claims.period.test_views_worker import client_for

    run(datetime(2026, 4, 17, 8, tzinfo=TZ), django_capture_on_commit_callbacks)
    with time_machine.travel(datetime(2026, 4, 17, 9, tzinfo=TZ), tick=False):
        for lang, words in (("vi", "21/04/2026"), ("en", "21/04/2026")):
            page = client_for(claim.citizen, lang).get("/thong-bao/")
            assert page.status_code == 200 and words in page.content.decode()
