"""The center's pages of the benefit period: the notification queue (own center only, filters,
access log), recording an in-person notification or an exemption, a termination proposed by an
officer and signed by a signer (four eyes); bad input answers 400 and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from claims.models import (
    BenefitMonth,
    MonthlyNotification,
    NotificationExemption,
    StaffAccessLog,
    Termination,
)
from claims.period import services
from identity.models import User
from tests.claims.period.support import at, period_claim
from tests.claims.period.test_views_worker import client_for
from tests.claims.tracking.test_views_citizen import staff_with_mfa
from tests.factories import CenterFactory

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
]

IN_WINDOW = date(2026, 4, 20)  # month 2's window: Fri 04-17, Mon 04-20, Tue 04-21
LAST_DAY = date(2026, 4, 21)


@pytest.fixture
def claims():
    with time_machine.travel(at(date(2026, 3, 13), 11), tick=False):
        center = CenterFactory()
        return [period_claim(center=center) for _ in range(3)]


@pytest.fixture
def today():
    travellers = []

    def travel(day: date):
        traveller = time_machine.travel(at(day, 10), tick=False)
        traveller.start()
        travellers.append(traveller)

    yield travel
    for traveller in travellers:
        traveller.stop()


def officer(center):
    return staff_with_mfa(role=User.Role.OFFICER, center=center, full_name="Trần Văn An")


def signer(center):
    return staff_with_mfa(role=User.Role.SIGNER, center=center, full_name="Phạm Minh Châu")


def queue_url(**params) -> str:
    from urllib.parse import urlencode

    return reverse("staff:period_queue") + ("?" + urlencode(params) if params else "")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_queue_shows_who_notified_and_whose_window_closes_today(claims, today, lang):
    first, second, third = claims
    today(IN_WINDOW)
    services.notification_record(
        first,
        by=first.citizen,
        looked_for_work=True,
        available=True,
        job_search_log=[{"kind": "employer", "where": "Công ty A", "date": "2026-04-18"}],
    )
    other = period_claim(center=CenterFactory(province_code="01"))
    c = client_for(officer(first.center), lang)
    page = c.get(queue_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert first.reference in text and second.reference in text and third.reference in text
    assert other.reference not in text  # another center's worker
    not_yet = c.get(queue_url(tinh_trang="chua")).content.decode()
    assert first.reference not in not_yet and second.reference in not_yet
    done = c.get(queue_url(tinh_trang="da")).content.decode()
    assert first.reference in done and second.reference not in done
    today(LAST_DAY)
    c = client_for(officer(first.center), lang)  # a new day, a new sign-in (session timeout)
    closing = c.get(queue_url(tinh_trang="het-han-hom-nay", ngay="2026-04-21")).content.decode()
    assert second.reference in closing and first.reference not in closing
    assert StaffAccessLog.objects.filter(page="period_queue").count() == 4


@pytest.mark.parametrize(
    "params", [{"ngay": "32/13/2026"}, {"tinh_trang": "x" * 50}, {"ma": "A" * 500}, {"trang": "-1"}]
)
def test_bad_queue_filters_get_a_message_never_a_500(claims, today, params):
    today(IN_WINDOW)
    page = client_for(officer(claims[0].center)).get(queue_url(**params))
    assert page.status_code == 200


def test_another_centers_claim_is_not_found_and_the_attempt_is_logged(claims, today):
    today(IN_WINDOW)
    stranger = officer(CenterFactory(province_code="01"))
    c = client_for(stranger)
    page = reverse("staff:period_claim", args=[claims[0].public_id])
    assert c.get(page).status_code == 404
    assert StaffAccessLog.objects.filter(user=stranger, page="period_claim:denied").exists()
    r = c.post(
        reverse("staff:period_in_person", args=[claims[0].public_id]),
        {"tt-on": "2026-04-20", "tt-looked_for_work": "x", "tt-available": "on"},
    )
    assert r.status_code == 404
    assert not MonthlyNotification.objects.exists()


def test_a_citizen_cannot_open_the_center_pages(claims, today):
    today(IN_WINDOW)
    c = client_for(claims[0].citizen)
    assert c.get(queue_url()).status_code == 403
    assert c.get(reverse("staff:period_claim", args=[claims[0].public_id])).status_code == 403


def test_an_officer_records_an_in_person_notification(claims, today):
    claim = claims[0]
    today(IN_WINDOW)
    staff = officer(claim.center)
    c = client_for(staff)
    page = c.get(reverse("staff:period_claim", args=[claim.public_id]))
    assert page.status_code == 200 and "tt-looked_for_work" in page.content.decode()
    assert StaffAccessLog.objects.filter(user=staff, claim=claim, page="period_claim").exists()
    action = reverse("staff:period_in_person", args=[claim.public_id])
    bad = c.post(action, {"tt-on": "2026-04-10", "tt-looked_for_work": "Công ty B"})
    assert bad.status_code == 400 and "kỳ thông báo" in bad.content.decode()
    assert not MonthlyNotification.objects.exists()
    empty = c.post(action, {"tt-on": "2026-04-20", "tt-looked_for_work": "  "})
    assert empty.status_code == 400
    ok = c.post(
        action, {"tt-on": "2026-04-20", "tt-looked_for_work": "Công ty B", "tt-available": "on"}
    )
    assert ok.status_code == 302
    notification = MonthlyNotification.objects.get()
    assert notification.channel == "in_person" and notification.recorded_by == staff
    assert BenefitMonth.objects.get(claim=claim, index=2).status == "notified"
    # A second try is told, not applied twice.
    again = c.post(
        action, {"tt-on": "2026-04-20", "tt-looked_for_work": "Công ty C", "tt-available": "on"}
    )
    assert again.status_code == 302 and MonthlyNotification.objects.count() == 1


def test_an_exemption_needs_its_reason_and_document(claims, today):
    claim = claims[0]
    today(IN_WINDOW)
    c = client_for(officer(claim.center))
    action = reverse("staff:period_exemption", args=[claim.public_id])
    bad = c.post(action, {"mien-reason": "holiday", "mien-note": ""})
    assert bad.status_code == 400 and not NotificationExemption.objects.exists()
    ok = c.post(
        action, {"mien-reason": "illness", "mien-note": "Giấy ra viện số 12/BV ngày 18/04/2026"}
    )
    assert ok.status_code == 302
    exemption = NotificationExemption.objects.get()
    assert exemption.reason == "illness" and exemption.month.index == 2


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_officer_proposes_a_termination_and_a_signer_signs_it(claims, today, lang):
    claim = claims[0]
    today(date(2026, 5, 25))
    proposer, director = officer(claim.center), signer(claim.center)
    propose = reverse("staff:period_propose", args=[claim.public_id])
    c = client_for(proposer, lang)
    bad = c.post(
        propose, {"cd-ground": "military_service", "cd-on": "2030-01-01", "cd-explanation": ""}
    )
    assert bad.status_code == 400 and not Termination.objects.exists()
    ok = c.post(
        propose,
        {
            "cd-ground": "military_service",
            "cd-on": "2026-05-20",
            "cd-reported": "on",
            "cd-explanation": "Lệnh gọi nhập ngũ số 45/LGNN ngày 10/05/2026.",
        },
    )
    assert ok.status_code == 302
    termination = Termination.objects.get()
    assert termination.state == "proposed" and termination.ground == "b"
    assert termination.proposed_by == proposer
    # The officer cannot sign; the signer's list shows it.
    assert (
        c.post(
            reverse("staff:period_decide", args=[claim.public_id]), {"ky-action": "sign"}
        ).status_code
        == 403
    )
    s = client_for(director, lang)
    listing = s.get(reverse("staff:period_terminations"))
    assert listing.status_code == 200 and claim.reference in listing.content.decode()
    decide = reverse("staff:period_decide", args=[claim.public_id])
    refused = s.post(decide, {"ky-action": "return", "ky-comment": ""})
    assert refused.status_code == 400
    termination.refresh_from_db()
    assert termination.state == "proposed"
    signed = s.post(decide, {"ky-action": "sign", "ky-comment": "Đồng ý."})
    assert signed.status_code == 302
    termination.refresh_from_db()
    assert termination.state == "signed" and termination.signed_by == director
    claim.refresh_from_db()
    assert claim.status == "terminated"
    # The worker's page now says it ended, and the months reserved (74 - 12 x 3 = 38).
    worker = client_for(claim.citizen, lang).get(
        reverse("claims:period_detail", args=[claim.public_id])
    )
    assert worker.status_code == 200 and "38" in worker.content.decode()


def test_a_signer_never_signs_their_own_proposal(claims, today):
    claim = claims[0]
    today(date(2026, 5, 25))
    director = signer(claim.center)
    Termination.objects.create(
        claim=claim,
        ground="n",
        event_date=date(2026, 5, 20),
        effective_on=date(2026, 5, 20),
        reported_by_worker=True,
        proposed_by=director,
    )
    s = client_for(director)
    page = s.get(reverse("staff:period_claim", args=[claim.public_id]))
    assert "bốn mắt" in page.content.decode()
    r = s.post(reverse("staff:period_decide", args=[claim.public_id]), {"ky-action": "sign"})
    assert r.status_code == 302
    assert Termination.objects.get().state == "proposed"


def test_a_signer_cannot_propose(claims, today):
    claim = claims[0]
    today(date(2026, 5, 25))
    r = client_for(signer(claim.center)).post(
        reverse("staff:period_propose", args=[claim.public_id]),
        {"cd-ground": "death", "cd-on": "2026-05-20", "cd-explanation": "x"},
    )
    assert r.status_code == 403 and not Termination.objects.exists()
