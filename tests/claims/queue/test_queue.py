"""The officer's queue: scoping, order, filters, search, keyset pages, bad input, CSV, access log."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import claims.queue.selectors as queue
from claims.core.transitions import Status
from claims.models import ClaimFlag, StaffAccessLog
from eligibility.models import PublicHoliday
from tests.factories import CenterFactory, CitizenFactory, ClaimFactory, StaffFactory

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 3, 10)  # a Tuesday


@pytest.fixture(autouse=True)
def _tuesday():
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=TZ), tick=False):
        yield


def staff_with_mfa(**kwargs):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    staff = StaffFactory(**kwargs)
    TOTP.activate(staff, generate_totp_secret())
    return staff


def client_for(user, lang: str = "vi") -> Client:
    c = Client()
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


_counter = iter(range(1, 100_000))


def claim(center, *, due: date | None = TODAY + timedelta(days=7), status=Status.SUBMITTED, **kw):
    n = next(_counter)
    citizen = kw.pop("citizen", None) or CitizenFactory(
        full_name=kw.pop("name", f"Nguyễn Văn {n}"), province_code=kw.pop("province", "24")
    )
    return ClaimFactory(
        citizen=citizen,
        center=center,
        status=status,
        reference=f"TCTN-2026-{n:06d}",
        decision_due=due,
        submitted_at=kw.pop("submitted_at", datetime(2026, 3, 2, 10, 0, tzinfo=TZ)),
        employer_tax_code=kw.pop("tax_code", "2300987654"),
        employer_name=kw.pop("employer_name", "Công ty TNHH May mặc Hanwoo Vina"),
        **kw,
    )


@pytest.fixture
def center_a():
    return CenterFactory(province_code="24")


@pytest.fixture
def center_b():
    return CenterFactory(province_code="01")


@pytest.fixture
def officer(center_a):
    return staff_with_mfa(center=center_a)


def refs(response) -> list[str]:
    return [row.claim.reference for row in response.context["page"].rows]


def test_officer_sees_only_own_center_sorted_by_deadline(officer, center_a, center_b):
    late = claim(center_a, due=TODAY + timedelta(days=20))
    soon = claim(center_a, due=TODAY + timedelta(days=1))
    no_due = claim(center_a, due=None)
    claim(center_b, due=TODAY)
    claim(center_a, status=Status.DRAFT, due=None)
    response = client_for(officer).get(reverse("staff:queue"))
    assert response.status_code == 200
    assert refs(response) == [soon.reference, late.reference, no_due.reference]


def test_deadline_shows_working_days_left_and_overdue_in_words(officer, center_a):
    PublicHoliday.objects.create(date=date(2026, 3, 12), name="Lễ thử", legal_reference="x")
    claim(center_a, due=date(2026, 3, 13))  # Wed, (Thu holiday), Fri -> 2 working days
    claim(center_a, due=date(2026, 3, 5))  # last Thursday: Fri, Mon, Tue -> 3 days late
    claim(center_a, due=TODAY)
    html = client_for(officer).get(reverse("staff:queue")).content.decode()
    assert "còn 2 ngày làm việc" in html
    assert "quá hạn 3 ngày làm việc" in html
    assert "hết hạn hôm nay" in html


def test_working_calendar_counts_across_weekends_and_holidays():
    cal = queue.WorkingCalendar([date(2026, 4, 30), date(2026, 5, 1), date(2026, 5, 2)])
    # Wed 29/4 -> Mon 4/5: Thu and Fri are holidays, the weekend too: one working day (Monday).
    assert cal.working_days(date(2026, 4, 29), date(2026, 5, 4)) == 1
    assert cal.working_days(date(2026, 3, 6), date(2026, 3, 9)) == 1  # Fri -> Mon
    assert cal.working_days(date(2026, 3, 9), date(2026, 3, 9)) == 0
    assert cal.deadline(date(2026, 3, 6), date(2026, 3, 7)).days_left == 0  # Fri due, Sat today
    assert cal.deadline(date(2026, 3, 6), date(2026, 3, 9)).days_overdue == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"trang_thai": "in_review"}, {"review"}),
        (
            {"trang_thai": "all"},
            {"plain", "review", "flagged", "mine", "other_employer", "hanoi", "decided", "early"},
        ),
        ({"canh_bao": "employer_differs"}, {"flagged"}),
        ({"canh_bao": "blocking"}, {"flagged"}),
        ({"canh_bao": "none"}, {"review"}),
        ({"don_vi": "0101234567"}, {"other_employer"}),
        ({"don_vi": "may mặc"}, {"plain", "review", "flagged", "mine", "hanoi", "early"}),
        ({"tinh": "01"}, {"hanoi"}),
        ({"thu_ly": "me"}, {"mine"}),
        ({"nop_tu": "2026-03-03"}, set()),
        ({"nop_den": "2026-02-28"}, {"early"}),
        ({"qua_han": "on"}, {"early"}),
    ],
)
def test_each_filter(officer, center_a, params, expected):
    made = {
        "plain": claim(center_a),
        "review": claim(center_a, status=Status.IN_REVIEW, is_clean=True),
        "flagged": claim(center_a),
        "mine": claim(center_a, assignee=officer),
        "other_employer": claim(center_a, tax_code="0101234567", employer_name="Công ty Khác"),
        "hanoi": claim(center_a, province="01"),
        "decided": claim(center_a, status=Status.APPROVED),
        "early": claim(center_a, due=TODAY - timedelta(days=3)),
    }
    made["early"].submitted_at = datetime(2026, 2, 20, 10, 0, tzinfo=TZ)
    made["early"].save()
    ClaimFlag.objects.create(claim=made["flagged"], code="employer_differs", severity="blocking")
    if "trang_thai" not in params:
        made.pop("decided")
    response = client_for(officer).get(reverse("staff:queue"), params)
    assert response.status_code == 200
    by_ref = {c.reference: name for name, c in made.items()}
    assert {by_ref[r] for r in refs(response) if r in by_ref} == expected


def test_assignee_filter_by_colleague(officer, center_a):
    colleague = staff_with_mfa(center=center_a)
    theirs = claim(center_a, assignee=colleague)
    claim(center_a, assignee=officer)
    claim(center_a)
    response = client_for(officer).get(reverse("staff:queue"), {"thu_ly": str(colleague.pk)})
    assert refs(response) == [theirs.reference]
    # Someone of another center is not a choice: reported, not applied, never a 500.
    stranger = StaffFactory(center=CenterFactory(province_code="01"))
    response = client_for(officer).get(reverse("staff:queue"), {"thu_ly": str(stranger.pk)})
    assert response.status_code == 200 and "error-summary" in response.content.decode()


def search(c: Client, q: str, **filters: str):
    """The officer's search: posted, then the page the redirect leads to (q not in its URL)."""
    return c.post(reverse("staff:queue"), {"q": q, **filters}, follow=True)


def test_search_by_reference_personal_id_and_name(officer, center_a):
    hoa = claim(center_a, name="Trần Thị Hoa")
    other = claim(center_a, name="Lê Văn Nam")
    c = client_for(officer)
    assert refs(search(c, hoa.reference.lower())) == [hoa.reference]
    assert refs(search(c, other.personal_id)) == [other.reference]
    assert refs(search(c, "thị hoa")) == [hoa.reference]
    assert refs(search(c, "Văn")) == [other.reference]


def test_search_never_finds_another_centers_claim(officer, center_b):
    theirs = claim(center_b, name="Trần Thị Hoa")
    c = client_for(officer)
    for q in (theirs.reference, theirs.personal_id, "Hoa"):
        assert refs(search(c, q)) == []


def test_keyset_pages_have_no_duplicates_or_gaps(officer, center_a, monkeypatch):
    import claims.queue.views as staff_queue

    monkeypatch.setattr(staff_queue, "PAGE_SIZE", 4)
    made = [claim(center_a, due=TODAY + timedelta(days=i % 3)) for i in range(9)]
    made += [claim(center_a, due=None) for _ in range(2)]
    c = client_for(officer)
    seen: list[str] = []
    url = reverse("staff:queue") + "?trang_thai=open"
    for _ in range(10):
        response = c.get(url)
        seen += refs(response)
        nxt = response.context["next_query"]
        if not nxt:
            break
        url = reverse("staff:queue") + "?" + nxt
    expected = sorted(made, key=lambda x: (x.decision_due is None, x.decision_due or TODAY, x.pk))
    assert seen == [x.reference for x in expected]


@pytest.mark.parametrize("cursor", ["abc", "2026-13-45.3", "-.x", "9" * 40, "2026-03-01.-1"])
def test_tampered_cursor_gives_a_message_and_the_first_page(officer, center_a, cursor):
    first = claim(center_a)
    response = client_for(officer).get(reverse("staff:queue"), {"sau": cursor})
    assert response.status_code == 200
    assert "Liên kết trang không hợp lệ" in response.content.decode()
    assert refs(response) == [first.reference]


@pytest.mark.parametrize(
    "params",
    [
        {"trang_thai": "nonsense"},
        {"canh_bao": "<script>"},
        {"tinh": "99"},
        {"nop_tu": "2026-02-31"},
        {"nop_tu": "2026-03-05", "nop_den": "2026-03-01"},
        {"thu_ly": "abc"},
        {"q": "12345"},
        {"q": "x"},
        {"q": "a" * 500},
        {"don_vi": "\x00"},
    ],
)
def test_bad_filter_values_get_a_message_never_a_500(officer, center_a, params):
    claim(center_a)
    response = client_for(officer).post(reverse("staff:queue"), params)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    if "q" not in params:  # a filter link (the dashboard's) is a GET and is checked the same
        response = client_for(officer).get(reverse("staff:queue"), params)
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()
    csv_response = client_for(officer).get(reverse("staff:queue_csv"), params)
    assert csv_response.status_code == 200


def test_csv_streams_every_matching_row_of_own_center_with_bom(
    officer, center_a, center_b, monkeypatch
):
    import claims.queue.views as staff_queue

    monkeypatch.setattr(staff_queue, "PAGE_SIZE", 2)
    mine = [claim(center_a, name=f"Phạm Thị Ánh {i}") for i in range(5)]
    claim(center_a, status=Status.IN_REVIEW)
    claim(center_b)
    response = client_for(officer).get(reverse("staff:queue_csv"), {"trang_thai": "submitted"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "Số hồ sơ"
    assert [r[0] for r in rows[1:]] == [c.reference for c in mine]
    assert rows[1][2] == "Phạm Thị Ánh 0"
    assert rows[1][9] == "còn 5 ngày làm việc"


def test_every_queue_view_and_export_is_logged(officer, center_a):
    claim(center_a)
    c = client_for(officer)
    search(c, "Nguyễn")
    b"".join(c.get(reverse("staff:queue_csv")).streaming_content)
    logs = list(StaffAccessLog.objects.order_by("id"))
    assert [(log.user_id, log.page) for log in logs] == [
        (officer.pk, "queue"),
        (officer.pk, "queue_csv"),
    ]
    # The search is named by its token, never written out (tests/claims/queue/test_queue_search.py).
    assert "tim=" in logs[0].path and "q=" not in logs[0].path


@pytest.mark.parametrize("name", ["staff:queue", "staff:queue_csv", "staff:dashboard"])
def test_citizens_and_admins_are_refused_staff_pages(name):
    citizen = CitizenFactory()
    assert client_for(citizen).get(reverse(name)).status_code == 403
    admin = staff_with_mfa(role="admin", center=None)
    assert client_for(admin).get(reverse(name)).status_code == 403
    anonymous = Client().get(reverse(name))
    assert anonymous.status_code == 302


@pytest.mark.parametrize("name", ["staff:queue", "staff:dashboard"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_signer_sees_the_queue_pages_in_both_languages(center_a, name, lang):
    signer = staff_with_mfa(center=center_a, role="signer")
    claim(center_a)
    response = client_for(signer, lang).get(reverse(name))
    assert response.status_code == 200
    assert f'lang="{lang}"' in response.content.decode()


def test_the_queue_page_queries_do_not_grow_with_its_rows(officer, center_a):
    """Citizens, assignees and flags come with the page's rows: no query per row."""
    c = client_for(officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("staff:queue")).status_code == 200
        return len(ctx)

    def flagged_claim():
        made = claim(center_a, assignee=officer, is_clean=False)
        ClaimFlag.objects.create(claim=made, code="employer_differs", severity="needs_review")
        return made

    flagged_claim()
    queries()  # the first page also fills the process's rules snapshot (eligibility.selectors)
    before = queries()
    for _ in range(5):
        flagged_claim()
    assert queries() == before


@pytest.mark.parametrize("page", ["¹", "①", "１"])
def test_a_page_number_in_other_digits_shows_the_first_page(officer, center_a, page):
    claim(center_a)
    response = client_for(officer).get(reverse("staff:queue"), {"trang": page})
    assert response.status_code == 200
