"""Job offers: offered by an officer of the worker's center, accepted or declined with a reason;
a listed reason is good, another is judged; the second refusal without good reason proposes the
end of the benefit (ground d) through claims.period, for a signer to sign; access and queries."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from claims.core.exceptions import ClaimPermissionError, ClaimStateError
from claims.models import ClaimEvent, Notification, StaffAccessLog
from claims.period import services as period
from claims.period.models import PeriodEvent, Termination
from jobs.offers import selectors, services
from jobs.offers.models import JobOffer, JobOfferEvent
from tests.claims.period.support import at, officer_of, signer_of
from tests.factories import CenterFactory, CitizenFactory, StaffFactory
from tests.jobs.matching_factories import garment_recipient, mfa_officer, vacancy

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
    pytest.mark.usefixtures("_april"),
]
S = JobOffer.State


@pytest.fixture
def _april():
    with time_machine.travel(at(date(2026, 4, 1)), tick=False):
        yield


@pytest.fixture
def recipient():
    return garment_recipient()


def refuse_without_reason(claim, officer, title="Công nhân may") -> JobOffer:
    offer = services.offer_make(claim=claim, vacancy=vacancy(title=title), by=officer)
    services.offer_decline(offer=offer, by=claim.citizen, reason="other", text="Tôi không thích")
    return services.offer_judge(
        offer=offer, by=officer, good=False, note="Việc phù hợp, gần nhà, lương cao hơn"
    )


def test_an_offer_is_recorded_and_the_worker_told(recipient, django_capture_on_commit_callbacks):
    officer = officer_of(recipient)
    with django_capture_on_commit_callbacks(execute=True):
        offer = services.offer_make(
            claim=recipient, vacancy=vacancy(), by=officer, message="Mời bạn phỏng vấn"
        )
    assert offer.state == S.OFFERED and offer.center_id == recipient.center_id
    assert list(offer.events.values_list("kind", "to_state")) == [("offered", S.OFFERED)]
    note = Notification.objects.get(user=recipient.citizen, kind="job_offer_made")
    assert note.params["path"] == f"/viec-lam/gioi-thieu/{offer.pk}/"


def test_only_an_officer_of_the_center_offers_and_only_open_vacancies(recipient):
    with pytest.raises(ClaimPermissionError):
        services.offer_make(
            claim=recipient,
            vacancy=vacancy(),
            by=StaffFactory(center=CenterFactory(province_code="01")),
        )
    with pytest.raises(ClaimPermissionError):
        services.offer_make(claim=recipient, vacancy=vacancy(), by=signer_of(recipient))
    with pytest.raises(services.OfferInvalid):
        services.offer_make(
            claim=recipient, vacancy=vacancy(status="closed"), by=officer_of(recipient)
        )
    one = vacancy()
    officer = officer_of(recipient)
    services.offer_make(claim=recipient, vacancy=one, by=officer)
    with pytest.raises(services.OfferInvalid):
        services.offer_make(claim=recipient, vacancy=one, by=officer)
    assert JobOffer.objects.count() == 1


def test_a_listed_reason_is_good_and_ends_nothing(recipient):
    officer = officer_of(recipient)
    for _ in range(3):
        offer = services.offer_make(claim=recipient, vacancy=vacancy(), by=officer)
        offer = services.offer_decline(offer=offer, by=recipient.citizen, reason="wage_lower")
        assert offer.state == S.DECLINED_GOOD
    assert not PeriodEvent.objects.filter(claim=recipient).exists()
    assert not Termination.objects.filter(claim=recipient).exists()


def test_another_reason_needs_its_text_and_waits_for_the_officer(recipient):
    offer = services.offer_make(claim=recipient, vacancy=vacancy(), by=officer_of(recipient))
    with pytest.raises(services.OfferInvalid):
        services.offer_decline(offer=offer, by=recipient.citizen, reason="other", text="  ")
    with pytest.raises(services.OfferInvalid):
        services.offer_decline(offer=offer, by=recipient.citizen, reason="lazy")
    with pytest.raises(ClaimPermissionError):
        services.offer_decline(offer=offer, by=CitizenFactory(), reason="health")
    offer.refresh_from_db()
    assert offer.state == S.OFFERED and offer.events.count() == 1  # nothing changed
    offer = services.offer_decline(offer=offer, by=recipient.citizen, reason="other", text="Ca đêm")
    assert offer.state == S.DECLINED_PENDING
    with pytest.raises(ClaimStateError):
        services.offer_accept(offer=offer, by=recipient.citizen)


def test_judged_good_ends_nothing(recipient):
    officer = officer_of(recipient)
    offer = services.offer_make(claim=recipient, vacancy=vacancy(), by=officer)
    services.offer_decline(offer=offer, by=recipient.citizen, reason="other", text="Con ốm")
    offer = services.offer_judge(offer=offer, by=officer, good=True)
    assert offer.state == S.DECLINED_GOOD and offer.period_event_id is None
    assert selectors.refusal_standing(recipient).refused_without_reason == 0


def test_the_second_refusal_without_good_reason_proposes_the_end_for_the_signer(recipient):
    officer = officer_of(recipient)
    first = refuse_without_reason(recipient, officer)
    assert first.state == S.DECLINED_UNJUSTIFIED
    event = PeriodEvent.objects.get(pk=first.period_event_id)
    assert event.kind == "job_offer_refused" and event.details["offer"] == first.pk
    assert not Termination.objects.filter(claim=recipient).exists()  # one refusal ends nothing
    standing = selectors.refusal_standing(recipient)
    assert standing.refused_without_reason == 1 and standing.next_ends

    second = refuse_without_reason(recipient, officer, title="Thợ may mẫu")
    termination = Termination.objects.get(claim=recipient)
    assert termination.ground == "d" and termination.state == Termination.State.PROPOSED
    assert termination.proposed_by == officer
    assert termination.event_id == second.period_event_id
    assert ClaimEvent.objects.filter(claim=recipient, kind="period:termination_proposed").exists()
    # Four eyes: the signer decides.
    signed = period.termination_sign(termination, by=signer_of(recipient))
    assert signed.state == Termination.State.SIGNED
    kinds = list(JobOfferEvent.objects.filter(offer=second).values_list("kind", flat=True))
    assert kinds == ["offered", "declined", "judged"]


def test_judging_without_good_reason_needs_a_note(recipient):
    officer = officer_of(recipient)
    offer = services.offer_make(claim=recipient, vacancy=vacancy(), by=officer)
    services.offer_decline(offer=offer, by=recipient.citizen, reason="other", text="Không muốn")
    with pytest.raises(services.OfferInvalid):
        services.offer_judge(offer=offer, by=officer, good=False, note="")
    with pytest.raises(ClaimPermissionError):
        services.offer_judge(offer=offer, by=signer_of(recipient), good=False, note="x")
    offer.refresh_from_db()
    assert offer.state == S.DECLINED_PENDING and not PeriodEvent.objects.exists()


# --- pages ----------------------------------------------------------------------------------


def test_worker_is_warned_before_declining_and_declines_on_the_page(
    client, recipient, django_assert_max_num_queries
):
    officer = officer_of(recipient)
    refuse_without_reason(recipient, officer)
    offer = services.offer_make(claim=recipient, vacancy=vacancy(), by=officer)
    client.force_login(recipient.citizen)
    with django_assert_max_num_queries(10):
        page = client.get(f"/viec-lam/gioi-thieu/{offer.pk}/tu-choi/")
    body = page.content.decode()
    assert "Điều 41.4.d" in body and "Nếu lần này cũng không có lý do chính đáng" in body
    bad = client.post(f"/viec-lam/gioi-thieu/{offer.pk}/tu-choi/", {"reason": "other", "text": ""})
    assert bad.status_code == 400 and "Hãy ghi rõ lý do" in bad.content.decode()
    offer.refresh_from_db()
    assert offer.state == S.OFFERED
    with django_assert_max_num_queries(14):
        done = client.post(
            f"/viec-lam/gioi-thieu/{offer.pk}/tu-choi/", {"reason": "health", "text": "Giấy khám"}
        )
    assert done.status_code == 302
    offer.refresh_from_db()
    assert offer.state == S.DECLINED_GOOD
    client.force_login(CitizenFactory())
    assert client.get(f"/viec-lam/gioi-thieu/{offer.pk}/").status_code == 404


def test_worker_accepts_on_the_page(client, recipient):
    offer = services.offer_make(claim=recipient, vacancy=vacancy(), by=officer_of(recipient))
    client.force_login(recipient.citizen)
    assert client.post(f"/viec-lam/gioi-thieu/{offer.pk}/nhan-loi/").status_code == 302
    offer.refresh_from_db()
    assert offer.state == S.ACCEPTED
    assert client.get("/viec-lam/gioi-thieu/").status_code == 200


def test_officer_offers_from_the_matches_page_and_judges(
    client, recipient, django_assert_max_num_queries
):
    officer = mfa_officer(recipient)
    job = vacancy()
    client.force_login(officer)
    page = client.get(f"/can-bo/viec-lam/phu-hop/{recipient.public_id}/")
    assert f'name="vacancy" value="{job.pk}"' in page.content.decode()
    response = client.post(
        f"/can-bo/viec-lam/phu-hop/{recipient.public_id}/gioi-thieu/", {"vacancy": job.pk}
    )
    offer = JobOffer.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/can-bo/viec-lam/gioi-thieu/{offer.pk}/"
    )
    services.offer_decline(offer=offer, by=recipient.citizen, reason="other", text="Xa")
    with django_assert_max_num_queries(16):
        shown = client.get(f"/can-bo/viec-lam/gioi-thieu/{offer.pk}/")
    assert shown.status_code == 200
    assert StaffAccessLog.objects.filter(user=officer, claim=recipient, page="jobs_offer").exists()
    with django_assert_max_num_queries(12):
        listing = client.get("/can-bo/viec-lam/gioi-thieu/")
    assert recipient.reference in listing.content.decode()
    bad = client.post(f"/can-bo/viec-lam/gioi-thieu/{offer.pk}/", {"good": "no", "note": ""})
    assert bad.status_code == 400
    ok = client.post(
        f"/can-bo/viec-lam/gioi-thieu/{offer.pk}/", {"good": "no", "note": "Có xe đưa đón"}
    )
    assert ok.status_code == 302
    offer.refresh_from_db()
    assert offer.state == S.DECLINED_UNJUSTIFIED
    other = mfa_officer(garment_recipient(province="01"))
    client.force_login(other)
    assert client.get(f"/can-bo/viec-lam/gioi-thieu/{offer.pk}/").status_code == 404


def test_a_job_refused_once_is_not_offered_again_and_the_matches_page_shows_the_answer(
    client, recipient, django_assert_max_num_queries
):
    """One job refused is one refusal: offering it again would count it twice (ground d)."""
    officer = mfa_officer(recipient)
    refused, other = vacancy(title="Thợ may mẫu"), vacancy(title="Thợ cắt")
    offer = services.offer_make(claim=recipient, vacancy=refused, by=officer)
    services.offer_decline(offer=offer, by=recipient.citizen, reason="wage_lower")
    with pytest.raises(services.OfferInvalid):
        services.offer_make(claim=recipient, vacancy=refused, by=officer)
    assert JobOffer.objects.filter(claim=recipient).count() == 1
    client.force_login(officer)
    with django_assert_max_num_queries(15):
        page = client.get(f"/can-bo/viec-lam/phu-hop/{recipient.public_id}/").content.decode()
    assert f'name="vacancy" value="{refused.pk}"' not in page
    assert f'name="vacancy" value="{other.pk}"' in page
    assert f'href="/can-bo/viec-lam/gioi-thieu/{offer.pk}/"' in page
    assert str(S.DECLINED_GOOD.label) in page
    posted = client.post(
        f"/can-bo/viec-lam/phu-hop/{recipient.public_id}/gioi-thieu/", {"vacancy": refused.pk}
    )
    assert posted.status_code == 302 and JobOffer.objects.filter(claim=recipient).count() == 1


def test_receipt_and_card_point_to_offers_fairs_and_matches(client, recipient):
    from claims.period.pointers import links_for, pointers_for  # noqa: PLC0415 - the hook registry under test
    from jobs.catalogue.models import JobFair  # noqa: PLC0415

    officer = officer_of(recipient)
    offer = services.offer_make(claim=recipient, vacancy=vacancy(title="Công nhân cắt"), by=officer)
    JobFair.objects.create(
        title="Phiên giao dịch việc làm tháng 4",
        date=date(2026, 4, 15),
        start_time="08:00",
        end_time="11:30",
        place="Trung tâm DVVL Bắc Ninh",
        address="Bắc Ninh",
        province_code="24",
        center=recipient.center,
        capacity=300,
        status="open",
        posted_by=officer,
    )
    texts = [p.text for p in pointers_for(recipient, date(2026, 4, 1))]
    assert texts == [
        "Lời giới thiệu việc làm đang chờ bạn trả lời",
        "Hội chợ việc làm tháng 4/2026",
        "Việc làm và khóa học phù hợp",
    ]
    assert (
        pointers_for(recipient, date(2026, 4, 1))[0].items[0][1]
        == f"/viec-lam/gioi-thieu/{offer.pk}/"
    )
    assert [p.url for p in links_for(recipient, date(2026, 4, 1))] == [
        f"/viec-lam/phu-hop/{recipient.public_id}/"
    ]
