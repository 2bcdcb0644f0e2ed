"""Oversight in the admin: the staff access log (read-only, administrators only), staff accounts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import StaffAccessLog
from identity.models import User
from tests.claims.queue.test_queue import claim, client_for, staff_with_mfa
from tests.factories import CenterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return staff_with_mfa(role="admin", center=None, is_staff=True, is_superuser=True)


def test_access_log_is_listed_and_filtered_for_administrators(administrator):
    center = CenterFactory(province_code="24")
    officer = staff_with_mfa(center=center)
    c = claim(center)
    client_for(officer).get(reverse("staff:queue"))
    StaffAccessLog.objects.create(user=officer, claim=c, page="claim", path="/x/")
    admin = client_for(administrator)
    url = reverse("admin:claims_staffaccesslog_changelist")
    page = admin.get(url)
    assert page.status_code == 200
    assert officer.username in page.content.decode()
    filtered = admin.get(url, {"page": "claim"})
    assert filtered.status_code == 200
    assert list(filtered.context["cl"].result_list) == [StaffAccessLog.objects.get(page="claim")]
    log = StaffAccessLog.objects.first()
    assert log is not None
    # Read-only: no add page, and the change page has no save button.
    assert admin.get(reverse("admin:claims_staffaccesslog_add")).status_code == 403
    detail = admin.get(reverse("admin:claims_staffaccesslog_change", args=[log.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert (
        admin.post(reverse("admin:claims_staffaccesslog_delete", args=[log.pk])).status_code == 403
    )


@pytest.mark.parametrize("role", ["officer", "signer"])
def test_center_staff_cannot_open_the_admin(role):
    staff = staff_with_mfa(role=role, center=CenterFactory(province_code="24"), is_staff=True)
    response = client_for(staff).get(reverse("admin:claims_staffaccesslog_changelist"))
    assert response.status_code in (302, 403)
    assert response.status_code != 200


@pytest.mark.parametrize(
    "name",
    [
        "admin:claims_proposal_changelist",
        "admin:claims_batchapproval_changelist",
        "admin:identity_employmentservicecenter_changelist",
        "admin:identity_user_changelist",
    ],
)
def test_admin_lists_open(administrator, name):
    assert client_for(administrator).get(reverse(name)).status_code == 200


def test_administrator_creates_an_officer_with_a_center(administrator):
    center = CenterFactory(province_code="24")
    admin = client_for(administrator)
    form = {
        "username": "canbo.moi",
        "full_name": "Đỗ Thị Mai",
        "email": "mai@example.vn",
        "role": "officer",
        "center": "",
        "password1": "Mk@TroCap2026-dai",
        "password2": "Mk@TroCap2026-dai",
    }
    refused = admin.post(reverse("admin:identity_user_add"), form)
    assert refused.status_code == 200
    assert not User.objects.filter(username="canbo.moi").exists()
    created = admin.post(reverse("admin:identity_user_add"), {**form, "center": center.pk})
    assert created.status_code == 302
    user = User.objects.get(username="canbo.moi")
    assert (user.role, user.center, user.is_staff) == ("officer", center, False)
    listed = admin.get(reverse("admin:identity_user_changelist"), {"role__exact": "officer"})
    assert "canbo.moi" in listed.content.decode()


def test_citizen_role_cannot_be_chosen_when_creating(administrator):
    response = client_for(administrator).post(
        reverse("admin:identity_user_add"),
        {
            "username": "x",
            "role": "citizen",
            "password1": "Mk@TroCap2026-dai",
            "password2": "Mk@TroCap2026-dai",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="x").exists()
