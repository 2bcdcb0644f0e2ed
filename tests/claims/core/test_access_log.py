"""The access log: every staff view of personal data (pages, API answers, admin change, list
and search pages, downloads), every refused attempt on a claim the staff member may not see,
and no national ID in the admin's URLs or the log's paths (issues 12 and 13)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from claims.core.documents import document_attach
from claims.core.transitions import Status
from claims.models import StaffAccessLog
from identity.models import User
from tests.claims.core.test_documents import pdf_bytes
from tests.claims.review.helpers import make_staff
from tests.factories import CitizenFactory, ClaimFactory

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])

PERSONAL_ID = "079123456789"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def officer_a():
    return make_staff(mfa=True)


@pytest.fixture
def officer_b():
    return make_staff(province="01", mfa=True)


@pytest.fixture
def admin_user():
    from tests.claims.queue.test_queue import staff_with_mfa

    return staff_with_mfa(role=User.Role.ADMIN, center=None, is_staff=True, is_superuser=True)


def a_claim(center, *, status=Status.SUBMITTED, **kw):
    citizen = CitizenFactory(personal_id=PERSONAL_ID, full_name="Nguyễn Thị Hoa")
    return ClaimFactory(
        citizen=citizen,
        center=center,
        status=status,
        personal_id=PERSONAL_ID,
        reference="TCTN-2026-000601",
        **kw,
    )


def with_document(claim):
    return document_attach(
        claim_id=claim.pk,
        upload=SimpleUploadedFile("cccd.pdf", pdf_bytes()),
        kind="supporting",
        uploaded_by=claim.citizen,
    )


def rows():
    return list(StaffAccessLog.objects.order_by("id").values_list("user_id", "claim_id", "page"))


# --- Refused attempts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "page"),
    [
        ("staff:claim", "claim:denied"),
        ("staff:claim_decision_pdf", "decision:denied"),
    ],
)
def test_another_centers_claim_is_a_404_and_the_attempt_is_logged(
    officer_a, officer_b, route, page
):
    claim = a_claim(officer_a.center)
    response = client_for(officer_b).get(reverse(route, args=[claim.public_id]))
    assert response.status_code == 404
    assert rows() == [(officer_b.pk, claim.pk, page)]


def test_an_action_on_another_centers_claim_is_refused_and_logged(officer_a, officer_b):
    claim = a_claim(officer_a.center)
    url = reverse("staff:claim_action", args=[claim.public_id, "giao"])
    response = client_for(officer_b).post(url, {"version": claim.version})
    assert response.status_code == 404
    assert rows() == [(officer_b.pk, claim.pk, "claim_action:denied")]
    claim.refresh_from_db()
    assert claim.assignee_id is None


def test_an_unknown_or_malformed_id_is_a_404_without_a_denied_row(officer_b):
    c = client_for(officer_b)
    assert (
        c.get(reverse("staff:claim", args=["7b0c6f5e-0000-4000-8000-000000000000"])).status_code
        == 404
    )
    assert c.get("/can-bo/ho-so/not-a-uuid/").status_code == 404
    assert rows() == []


def test_the_staff_api_logs_a_refused_attempt(officer_a, officer_b):
    claim = a_claim(officer_a.center)
    response = client_for(officer_b).get(
        reverse("v1:staff-claim-detail", kwargs={"claim_id": claim.public_id})
    )
    assert response.status_code == 404
    assert rows() == [(officer_b.pk, claim.pk, "api:staff-claim-detail:denied")]


# --- Documents --------------------------------------------------------------------------------


def test_staff_cannot_open_the_documents_of_a_claim_not_yet_submitted(officer_a):
    draft = a_claim(officer_a.center, status=Status.DRAFT)
    document = with_document(draft)
    c = client_for(officer_a)
    url = reverse("claims:document_download", args=[draft.public_id, document.pk])
    assert c.get(url).status_code == 404
    staff_url = reverse("staff:claim_document", args=[draft.public_id, document.pk])
    assert c.get(staff_url).status_code == 404
    assert rows() == [
        (officer_a.pk, draft.pk, "document:denied"),
        (officer_a.pk, draft.pk, "document:denied"),
    ]
    # The worker still sees their own draft's file.
    assert client_for(draft.citizen).get(url).status_code == 200
    assert len(rows()) == 2


def test_every_document_download_by_staff_is_logged_and_another_centers_refused(
    officer_a, officer_b
):
    claim = a_claim(officer_a.center)
    document = with_document(claim)
    url = reverse("claims:document_download", args=[claim.public_id, document.pk])
    staff_url = reverse("staff:claim_document", args=[claim.public_id, document.pk])
    assert client_for(officer_a).get(url).status_code == 200
    assert client_for(officer_a).get(staff_url).status_code == 200
    assert client_for(officer_b).get(url).status_code == 404
    assert rows() == [
        (officer_a.pk, claim.pk, "document"),
        (officer_a.pk, claim.pk, "document"),
        (officer_b.pk, claim.pk, "document:denied"),
    ]


# --- The staff API's answers with a national ID and name ----------------------------------------


def test_an_api_action_answer_with_the_national_id_is_logged(officer_a):
    claim = a_claim(officer_a.center)
    response = client_for(officer_a).post(
        reverse("v1:staff-claim-assign", kwargs={"claim_id": claim.public_id}),
        {"version": claim.version, "assignee": officer_a.username},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["personal_id"] == PERSONAL_ID
    assert rows() == [(officer_a.pk, claim.pk, "api:staff-claim-assign")]


# --- The admin ----------------------------------------------------------------------------------


def test_the_admins_claim_change_page_is_logged_with_its_claim(admin_user, officer_a):
    claim = a_claim(officer_a.center)
    c = client_for(admin_user)
    assert c.get(reverse("admin:claims_claim_change", args=[claim.pk])).status_code == 200
    assert c.get(reverse("admin:claims_claim_history", args=[claim.pk])).status_code == 200
    assert rows() == [
        (admin_user.pk, claim.pk, "admin:claims.claim:change"),
        (admin_user.pk, claim.pk, "admin:claims.claim:history"),
    ]


def test_the_admins_citizen_page_and_list_are_logged(admin_user, officer_a):
    claim = a_claim(officer_a.center)
    c = client_for(admin_user)
    assert c.get(reverse("admin:identity_user_change", args=[claim.citizen.pk])).status_code == 200
    assert c.get(reverse("admin:identity_user_changelist")).status_code == 200
    assert rows() == [
        (admin_user.pk, None, "admin:identity.user:change"),
        (admin_user.pk, None, "admin:identity.user:changelist"),
    ]


def test_an_admin_search_by_national_id_keeps_the_id_out_of_every_url(admin_user, officer_a):
    claim = a_claim(officer_a.center)
    a_claim_b = ClaimFactory(center=officer_a.center, status=Status.SUBMITTED, reference="X-2")
    c = client_for(admin_user)
    changelist = reverse("admin:claims_claim_changelist")
    page = c.get(changelist)
    assert 'method="post"' in page.content.decode()  # the search form posts
    response = c.post(changelist + "?status=submitted", {"q": PERSONAL_ID, "_tim_search": "1"})
    assert response.status_code == 302
    assert PERSONAL_ID not in response["Location"]
    assert "_tim=" in response["Location"] and "status=submitted" in response["Location"]
    found = c.get(response["Location"])
    html = found.content.decode()
    assert found.status_code == 200
    assert claim.reference in html and a_claim_b.reference not in html
    # The ID is in the search box, never in a link (pages, sorting, filters, change links).
    assert f'value="{PERSONAL_ID}"' in html
    assert not any(PERSONAL_ID in href.split('"')[0] for href in html.split('href="')[1:])
    logged = StaffAccessLog.objects.order_by("id").last()
    assert logged.page == "admin:claims.claim:search"
    assert PERSONAL_ID not in logged.path and "_tim=" in logged.path


def test_an_admin_url_with_the_id_in_it_is_moved_to_a_token_before_it_is_logged(admin_user):
    c = client_for(admin_user)
    response = c.get(reverse("admin:identity_user_changelist"), {"q": PERSONAL_ID})
    assert response.status_code == 302
    assert PERSONAL_ID not in response["Location"]
    assert rows() == []
    assert c.get(response["Location"]).status_code == 200
    assert PERSONAL_ID not in StaffAccessLog.objects.get().path


def test_an_expired_admin_search_token_says_so_and_shows_the_whole_list(admin_user):
    c = client_for(admin_user)
    response = c.get(reverse("admin:claims_claim_changelist"), {"_tim": "gone"}, follow=True)
    assert response.status_code == 200
    assert "hết hạn" in response.content.decode()
