"""Notifications: in-app in the reader's language, e-mailed once in Vietnamese and English."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from claims.models import Notification
from claims.notifications.services import notification_email_send, notify
from tests.factories import CitizenFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_notify_records_and_emails_after_commit(django_capture_on_commit_callbacks):
    user = CitizenFactory(email="lan@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(
            user=user,
            kind="claim_submitted",
            params={"reference": "TCTN-2026-000001", "deadline": "01/04/2026", "path": "/"},
        )
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "TCTN-2026-000001" in message.subject
    assert "đã nhận hồ sơ" in message.body
    assert message.body.count("TCTN-2026-000001") == 2  # once per language
    assert "The center has received your unemployment benefit claim" in message.body
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_email_is_sent_only_once():
    user = CitizenFactory(email="lan@example.vn")
    note = Notification.objects.create(
        user=user, kind="claim_in_review", params={"reference": "TCTN-2026-000002"}
    )
    assert notification_email_send(notification_id=note.pk) is True
    assert notification_email_send(notification_id=note.pk) is False
    assert len(mail.outbox) == 1


def test_email_task_for_a_notification_that_is_gone_does_nothing():
    assert notification_email_send(notification_id=987654321) is False
    assert mail.outbox == []


def test_unknown_kind_or_missing_parameter_fails_loudly():
    user = CitizenFactory()
    with pytest.raises(ValueError):
        notify(user=user, kind="nope", params={})
    with pytest.raises(KeyError):
        notify(user=user, kind="claim_submitted", params={"reference": "x"})
    assert not Notification.objects.exists()


def test_inbox_shows_own_messages_in_the_active_language_and_marks_them_read(client):
    user = CitizenFactory()
    other = CitizenFactory()
    claim = ClaimFactory(citizen=user)
    Notification.objects.create(
        user=user, claim=claim, kind="claim_in_review", params={"reference": "TCTN-2026-000007"}
    )
    Notification.objects.create(
        user=other, kind="claim_in_review", params={"reference": "TCTN-2026-000999"}
    )
    client.force_login(user)
    response = client.get(reverse("claims:inbox"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "TCTN-2026-000007 đang được xem xét" in body
    assert "TCTN-2026-000999" not in body
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    client.cookies["trocap_language"] = "en"
    assert "TCTN-2026-000007" in client.get(reverse("claims:inbox")).content.decode()


def test_header_shows_the_unread_count(client):
    user = CitizenFactory()
    Notification.objects.create(user=user, kind="claim_in_review", params={"reference": "A"})
    Notification.objects.create(user=user, kind="claim_in_review", params={"reference": "B"})
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.context["unread_notifications"] == 2


def test_inbox_requires_login(client):
    response = client.get(reverse("claims:inbox"))
    assert response.status_code == 302
