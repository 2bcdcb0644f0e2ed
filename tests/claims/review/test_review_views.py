"""The staff claim page and its actions: one screen to decide, every view logged, bad input
shown with an error summary and nothing changed, a stale page told what happened."""
# ruff: noqa: F811 - pytest fixtures imported from test_review_support

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import claims.review.services as review
from claims.core.transitions import Status
from claims.models import Claim, ClaimFlag, StaffAccessLog
from identity.models import User
from tests.claims.review.helpers import make_staff

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


@pytest.fixture
def people():
    return {
        "officer": make_staff(mfa=True, full_name="Trần Văn An"),
        "officer2": make_staff(mfa=True, full_name="Lê Thị Bình"),
        "signer": make_staff(User.Role.SIGNER, mfa=True, full_name="Phạm Minh Châu"),
        "other": make_staff(province="01", mfa=True),
    }


def client_for(user, lang: str = "vi") -> Client:
    c = Client()
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def page_url(claim: Claim) -> str:
    return reverse("staff:claim", args=[claim.public_id])


def action_url(claim: Claim, action: str) -> str:
    return reverse("staff:claim_action", args=[claim.public_id, action])


def post(c: Client, claim: Claim, action: str, data: dict, version: int | None = None):
    claim.refresh_from_db()
    return c.post(
        action_url(claim, action),
        {"version": claim.version if version is None else version, **data},
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_claim_page_shows_everything_to_decide_and_logs_the_view(claim, people, lang):
    ClaimFlag.objects.create(claim=claim, code="salary_mismatch", severity="needs_review")
    Claim.objects.filter(pk=claim.pk).update(employer_name="Công ty khác")
    response = client_for(people["officer"], lang).get(page_url(claim))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert claim.reference in html and "Nguyễn Thị Hoa" in html and claim.personal_id in html
    assert "compare-table__differs" in html  # the declared employer name differs from the record
    assert (
        "Khác dữ liệu BHXH" if lang == "vi" else "Differs from"
    ) in html or "tag--differs" in html
    assert claim.rule_set in html
    assert "flag-list--needs_review" in html
    assert "quyet-dinh-thoi-viec.pdf" in html
    assert ("4.200.000" if lang == "vi" else "4,200,000") in html
    assert f'name="version" value="{claim.version}"' in html
    assert reverse("staff:claim_action", args=[claim.public_id, "giao"]) in html
    log = StaffAccessLog.objects.get()
    assert log.user == people["officer"] and log.claim_id == claim.pk and log.page == "claim"


def test_another_centers_officer_and_a_citizen_get_no_page(claim, people, citizen):
    assert client_for(people["other"]).get(page_url(claim)).status_code == 404
    assert client_for(citizen).get(page_url(claim)).status_code == 403
    # Nothing was shown; the other center's attempt is recorded as refused (issue 13).
    assert list(StaffAccessLog.objects.values_list("user_id", "page")) == [
        (people["other"].pk, "claim:denied")
    ]


def test_officer_takes_asks_and_proposes_then_the_signer_signs(claim, people):
    officer, signer = client_for(people["officer"]), client_for(people["signer"])
    response = post(officer, claim, "giao", {"assign-assignee": people["officer"].pk})
    assert response.status_code == 302 and response.url == page_url(claim)
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW and claim.assignee == people["officer"]
    post(officer, claim, "yeu-cau-bo-sung", {"info-message": "Gửi thêm bảng lương."})
    claim.refresh_from_db()
    assert claim.status == Status.INFO_REQUESTED
    from claims.filing.services import info_reply

    info_reply(claim_id=claim.pk, citizen=claim.citizen, message="Đã gửi.")
    engine = review.engine_figures(claim)
    post(
        officer,
        claim,
        "de-xuat-huong",
        {
            "approve-monthly_benefit": engine.monthly_benefit,
            "approve-duration_months": engine.duration_months,
            "approve-entitlement_start": engine.entitlement_start.isoformat(),
            "approve-entitlement_end": engine.entitlement_end.isoformat(),
        },
    )
    claim.refresh_from_db()
    assert claim.status == Status.PROPOSED
    assert claim.proposals.get().override_reason == ""
    listing = signer.get(reverse("staff:proposals"))
    assert claim.reference in listing.content.decode()
    page = signer.get(page_url(claim)).content.decode()
    assert action_url(claim, "ky-duyet") in page
    response = post(signer, claim, "ky-duyet", {"sign-comment": "Đồng ý"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.DECISION_ISSUED


def test_an_edited_amount_without_a_reason_is_shown_and_nothing_changes(claim, people):
    officer = client_for(people["officer"])
    post(officer, claim, "giao", {"assign-assignee": people["officer"].pk})
    claim.refresh_from_db()
    version = claim.version
    response = post(officer, claim, "de-xuat-huong", {"approve-monthly_benefit": "9000000"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and 'href="#id_approve-override_reason"' in html
    assert 'id="id_approve-override_reason-error"' in html
    claim.refresh_from_db()
    assert claim.version == version and claim.status == Status.IN_REVIEW
    assert not claim.proposals.exists()


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"approve-duration_months": "0", "approve-override_reason": "x"}, "Số tháng hưởng: "),
        ({"approve-monthly_benefit": "-5"}, "Mức hưởng hằng tháng (đồng): "),
        ({"approve-monthly_benefit": "abc"}, "Mức hưởng hằng tháng (đồng): "),
        (
            {
                "approve-entitlement_start": "2026-06-01",
                "approve-entitlement_end": "2026-05-01",
                "approve-override_reason": "x",
            },
            "Ngày kết thúc hưởng: ",
        ),
    ],
)
def test_an_error_when_proposing_an_approval_names_its_field(claim, people, data, named):
    officer = client_for(people["officer"])
    post(officer, claim, "giao", {"assign-assignee": people["officer"].pk})
    response = post(officer, claim, "de-xuat-huong", data)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index("error-summary") : html.index("</ul>", html.index("error-summary"))]
    assert named in summary
    assert not claim.proposals.exists()


def test_a_refusal_without_a_reason_code_is_shown_and_nothing_changes(claim, people):
    officer = client_for(people["officer"])
    post(officer, claim, "giao", {"assign-assignee": people["officer"].pk})
    response = post(
        officer, claim, "de-xuat-khong-huong", {"refuse-explanation": "Không đủ điều kiện."}
    )
    assert response.status_code == 400
    assert 'id="id_refuse-reason_codes-error"' in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW and not claim.proposals.exists()


def test_a_stale_page_is_told_who_acted_and_sees_the_new_state(claim, people):
    stale_version = claim.version
    post(client_for(people["officer"]), claim, "giao", {"assign-assignee": people["officer"].pk})
    other = client_for(people["officer2"])
    response = post(
        other, claim, "giao", {"assign-assignee": people["officer2"].pk}, version=stale_version
    )
    assert response.status_code == 302
    page = other.get(response.url).content.decode()
    assert "Trần Văn An" in page and "Thao tác của bạn chưa được thực hiện" in page
    claim.refresh_from_db()
    assert claim.assignee == people["officer"]


def test_officers_cannot_sign_and_signers_cannot_propose(claim, people):
    officer, signer = client_for(people["officer"]), client_for(people["signer"])
    post(officer, claim, "giao", {"assign-assignee": people["officer"].pk})
    assert post(signer, claim, "de-xuat-huong", {}).status_code == 403
    review.claim_propose_approval(
        claim_id=claim.pk, officer=people["officer"], expected_version=Claim.objects.get().version
    )
    assert post(officer, claim, "ky-duyet", {}).status_code == 403
    assert post(officer, claim, "tra-lai", {"return-comment": "x"}).status_code == 403
    assert Claim.objects.get().status == Status.PROPOSED


def test_a_signer_sees_no_sign_button_on_their_own_proposal(claim, people):
    officer = people["officer"]
    post(client_for(officer), claim, "giao", {"assign-assignee": officer.pk})
    review.claim_propose_approval(
        claim_id=claim.pk, officer=officer, expected_version=Claim.objects.get().version
    )
    User.objects.filter(pk=officer.pk).update(role=User.Role.SIGNER)
    c = client_for(officer)
    page = c.get(page_url(claim)).content.decode()
    assert action_url(claim, "ky-duyet") not in page and "không thể tự ký duyệt" in page
    response = post(c, claim, "ky-duyet", {})
    assert response.status_code == 403
    assert Claim.objects.get().status == Status.PROPOSED


def test_documents_open_in_the_page_and_each_view_is_logged(claim, people):
    document = claim.documents.get()
    c = client_for(people["signer"])
    page = c.get(page_url(claim) + f"?xem={document.pk}").content.decode()
    url = reverse("staff:claim_document", args=[claim.public_id, document.pk])
    assert f'<iframe src="{url}"' in page
    response = c.get(url)
    assert response.status_code == 200 and response["X-Frame-Options"] == "SAMEORIGIN"
    assert list(StaffAccessLog.objects.values_list("page", flat=True)) == ["document", "claim"]
    assert client_for(people["other"]).get(url).status_code == 404


def test_a_missing_version_changes_nothing(claim, people):
    c = client_for(people["officer"])
    response = c.post(action_url(claim, "giao"), {"assign-assignee": people["officer"].pk})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED


def test_the_claim_page_queries_do_not_grow_with_its_history_or_flags(claim, people):
    """Each assignment names its assignee, each flag has a severity: neither costs a query."""
    c = client_for(people["officer"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(page_url(claim)).status_code == 200
        return len(ctx)

    def assign(user):
        claim.refresh_from_db()
        review.claim_assign(
            actor=people["officer"],
            assignee=user,
            claim_id=claim.pk,
            expected_version=claim.version,
        )

    assign(people["officer"])  # takes the claim into review
    assign(people["officer2"])  # an "assigned" event: the baseline pays its one user query
    ClaimFlag.objects.create(claim=claim, code="salary_mismatch", severity="needs_review")
    before = queries()
    for user in (people["officer"], people["officer2"], people["officer"]):
        assign(user)
    ClaimFlag.objects.create(claim=claim, code="a_blocker", severity="blocking")
    ClaimFlag.objects.create(claim=claim, code="a_note", severity="info")
    after = queries()
    assert after == before
    html = c.get(page_url(claim)).content.decode()
    assert html.count("Giao hồ sơ cho Lê Thị Bình") == 2  # the history still names them
