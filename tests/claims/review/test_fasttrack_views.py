"""Fast-track pages: who sees and who may approve, bad input, the run page and its JSON."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

import claims.review.fasttrack as fasttrack
from claims.core.transitions import Status
from claims.models import BatchApproval, Claim, StaffAccessLog
from common.formatting import dong
from identity.models import User
from tests.claims.filing.helpers import CLOSURE
from tests.claims.review.fasttrack_helpers import TAX_CODE, make_layoff, make_staff
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])

DAY = CLOSURE.isoformat()


def client_for(user, lang: str = "vi") -> Client:
    c = Client()
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


@pytest.fixture
def people():
    return {
        "signer": make_staff(User.Role.SIGNER, mfa=True, full_name="Phạm Minh Châu"),
        "officer": make_staff(User.Role.OFFICER, mfa=True),
        "other_signer": make_staff(User.Role.SIGNER, province="01", mfa=True),
    }


@pytest.fixture
def layoff(people):
    return make_layoff(people["signer"].center, 12)


def batch_url(tax: str = TAX_CODE, day: str = DAY) -> str:
    return reverse("staff:batch", args=[tax, day])


def approve(c: Client, capture, *, seen: str | None = None, confirm: bool = True):
    if seen is None:
        seen = c.get(batch_url()).context["layoff"].fingerprint
    data = {"seen": seen}
    if confirm:
        data["confirm"] = "on"
    with capture(execute=True):
        return c.post(batch_url(), data)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_renders_for_the_signer(
    people, layoff, lang, django_capture_on_commit_callbacks
):
    c = client_for(people["signer"], lang)
    listing = c.get(reverse("staff:batches"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert f'<html lang="{lang}">' in text and "Hanwoo Vina" in text and batch_url() in text
    page = c.get(batch_url())
    assert page.status_code == 200
    assert len(page.context["layoff"].sample) == fasttrack.SAMPLE_SIZE
    body = page.content.decode()
    assert 'name="confirm"' in body
    assert reverse("staff:claim", args=[page.context["layoff"].sample[0].public_id]) in body
    response = approve(c, django_capture_on_commit_callbacks)
    run = BatchApproval.objects.get()
    assert response.url == reverse("staff:batch_run", args=[run.pk])
    result = c.get(response.url)
    assert result.status_code == 200
    assert 'id="batch-summary"' in result.content.decode()
    assert "<span data-done>12</span> / <span data-total>12</span>" in result.content.decode()


def test_the_approval_runs_and_the_json_reports_progress(
    people, layoff, django_capture_on_commit_callbacks
):
    c = client_for(people["signer"])
    approve(c, django_capture_on_commit_callbacks)
    run = BatchApproval.objects.get()
    data = c.get(reverse("staff:batch_status", args=[run.pk])).json()
    assert data == {
        "id": run.pk,
        "status": "done",
        "status_label": "Hoàn tất",
        "done": 12,
        "total": 12,
        "approved": 12,
        "skipped": 0,
        "failed": 0,
        "percent": 100,
        "finished": True,
        "time_left": "",
    }
    assert Claim.objects.filter(status=Status.DECISION_ISSUED).count() == 12


def test_without_the_confirmation_nothing_happens(
    people, layoff, django_capture_on_commit_callbacks
):
    c = client_for(people["signer"])
    response = approve(c, django_capture_on_commit_callbacks, confirm=False)
    assert response.status_code == 400
    assert "Hãy xác nhận bạn đã xem mẫu hồ sơ" in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()
    assert not BatchApproval.objects.exists()


def test_a_stale_page_gets_a_message_and_the_new_batch(
    people, layoff, django_capture_on_commit_callbacks
):
    c = client_for(people["signer"])
    seen = c.get(batch_url()).context["layoff"].fingerprint
    make_layoff(people["signer"].center, 1)  # a claim arrived since the page was shown
    response = approve(c, django_capture_on_commit_callbacks, seen=seen)
    assert response.status_code == 409
    assert "đã thay đổi" in response.content.decode()
    assert response.context["layoff"].count == 13
    assert response.context["form"]["seen"].value() == response.context["layoff"].fingerprint
    assert not BatchApproval.objects.exists()
    for tampered in ("", "x" * 500):
        assert approve(c, django_capture_on_commit_callbacks, seen=tampered).status_code in (
            400,
            409,
        )
    assert not BatchApproval.objects.exists()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_officer_who_is_not_a_signer_gets_the_staff_403(
    people, layoff, lang, django_capture_on_commit_callbacks
):
    seen = client_for(people["signer"]).get(batch_url()).context["layoff"].fingerprint
    c = client_for(people["officer"], lang)
    for url in (
        reverse("staff:batches"),
        batch_url(),
        reverse("staff:batch_csv", args=[TAX_CODE, DAY]),
    ):
        page = c.get(url)
        assert page.status_code == 403
        html = page.content.decode()
        # The staff page: it names the officer's role and leads back to the queue.
        assert reverse("staff:queue") in html and f'lang="{lang}"' in html
        if lang == "vi":
            assert "Tài khoản của bạn không có quyền mở trang này" in html
            assert "Cán bộ thụ lý" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(batch_url(), {"seen": seen, "confirm": "on"})
    assert response.status_code == 403
    assert not BatchApproval.objects.exists()
    assert Claim.objects.filter(status=Status.SUBMITTED).count() == 12


def test_another_center_sees_nothing_of_the_batch(
    people, layoff, django_capture_on_commit_callbacks
):
    approve(client_for(people["signer"]), django_capture_on_commit_callbacks)
    run = BatchApproval.objects.get()
    make_layoff(people["signer"].center, 2)
    other = client_for(people["other_signer"])
    assert b"Hanwoo" not in other.get(reverse("staff:batches")).content
    assert other.get(reverse("staff:batch_run", args=[run.pk])).status_code == 404
    assert other.get(reverse("staff:batch_status", args=[run.pk])).status_code == 404
    page = other.get(batch_url())
    assert page.status_code == 200 and page.context["layoff"].count == 0
    response = approve(
        other, django_capture_on_commit_callbacks, seen=page.context["layoff"].fingerprint
    )
    assert response.status_code == 409 and "Không có hồ sơ sạch" in response.content.decode()
    assert BatchApproval.objects.count() == 1
    assert Claim.objects.filter(status=Status.SUBMITTED).count() == 2


def test_citizens_and_anonymous_are_kept_out(people, layoff):
    citizen = client_for(CitizenFactory())
    anonymous = Client()
    for url in (reverse("staff:batches"), batch_url()):
        assert citizen.get(url).status_code == 403
        assert anonymous.get(url).status_code == 302


@pytest.mark.parametrize(
    ("tax", "day"), [("abc", DAY), (TAX_CODE, "2026-13-45"), (TAX_CODE, "hôm-nay"), ("1" * 40, DAY)]
)
def test_a_hand_edited_url_is_a_404_not_a_500(people, tax, day):
    assert client_for(people["signer"]).get(batch_url(tax, day)).status_code == 404


def test_looking_at_the_sample_is_logged(people, layoff):
    client_for(people["signer"]).get(batch_url())
    log = StaffAccessLog.objects.get()
    assert (log.user, log.page, log.path) == (people["signer"], "batch", batch_url())


def test_the_summary_lists_skipped_claims_with_links_and_reasons(
    people, layoff, django_capture_on_commit_callbacks
):
    c = client_for(people["signer"])
    seen = c.get(batch_url()).context["layoff"].fingerprint
    with django_capture_on_commit_callbacks(execute=False):
        run = fasttrack.batch_start(
            signer=people["signer"],
            employer_tax_code=TAX_CODE,
            termination_date=CLOSURE,
            seen_fingerprint=seen,
        )
    Claim.objects.filter(pk=layoff[0].pk).update(version=99)
    fasttrack.batch_run(batch_id=run.pk)
    page = c.get(reverse("staff:batch_run", args=[run.pk])).content.decode()
    assert reverse("staff:claim", args=[layoff[0].public_id]) in page
    assert str(fasttrack.SKIP_REASONS["changed"]) in page
    assert StaffAccessLog.objects.filter(page="batch_run").count() == 1


def test_the_batch_page_shows_the_totals_the_full_list_and_a_safe_csv(people):
    claims = make_layoff(people["signer"].center, 14)
    claims[0].citizen.full_name = '=HYPERLINK("http://x")'
    claims[0].citizen.save()
    c = client_for(people["signer"])
    page = c.get(batch_url())
    html = page.content.decode()
    listed = page.context["claims"]
    assert len(listed) == 14 > len(page.context["layoff"].sample)
    monthly = sum(x.monthly_benefit for x in listed)
    total = sum(x.monthly_benefit * x.duration_months for x in listed)
    assert page.context["totals"].monthly == monthly and page.context["totals"].entitlement == total
    assert dong(total) in html and dong(monthly) in html
    assert all(x.reference in html for x in listed)
    response = c.get(reverse("staff:batch_csv", args=[TAX_CODE, DAY]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "Số hồ sơ" and len(rows) == 15
    assert {r[0] for r in rows[1:]} == {x.reference for x in listed}
    assert "'=HYPERLINK" in body  # a formula is written as text
    assert StaffAccessLog.objects.filter(page="batch_csv").count() == 1


def test_the_run_page_refreshes_itself_with_an_estimate_then_lists_the_claims(
    people, layoff, django_capture_on_commit_callbacks
):
    c = client_for(people["signer"])
    seen = c.get(batch_url()).context["layoff"].fingerprint
    with django_capture_on_commit_callbacks(execute=False):
        run = fasttrack.batch_start(
            signer=people["signer"],
            employer_tax_code=TAX_CODE,
            termination_date=CLOSURE,
            seen_fingerprint=seen,
        )
    BatchApproval.objects.filter(pk=run.pk).update(status="running", done=3)
    with time_machine.travel(run.created_at + timedelta(minutes=3), tick=False):
        page = c.get(reverse("staff:batch_run", args=[run.pk]))
        data = c.get(reverse("staff:batch_status", args=[run.pk])).json()
    html = page.content.decode()
    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in html
    # 3 of 12 in 3 minutes: 9 more at that pace.
    assert data["time_left"] == "còn khoảng 9 phút" and "còn khoảng 9 phút" in html
    assert "js/batch.js" in html
    fasttrack.batch_run(batch_id=run.pk)
    page = c.get(reverse("staff:batch_run", args=[run.pk]))
    html = page.content.decode()
    assert 'http-equiv="refresh"' not in html
    approved = page.context["approved_claims"]
    assert len(approved) == 12 and all(x.reference in html for x in approved)
    assert all(x.decision.number in html for x in approved)
