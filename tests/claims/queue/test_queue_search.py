"""The queue's search without diacritics, its sort by any column, the flag column against the
flag filter, and a searched national ID kept out of every URL (issues 12 and 13)."""

# ruff: noqa: F811  (the queue tests' fixtures are imported by name and used as arguments)

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from claims.core.transitions import Status
from claims.models import ClaimFlag, StaffAccessLog
from identity.models import User
from identity.names import fold_name
from tests.claims.queue.test_queue import (  # noqa: F401  (fixtures used by name)
    TODAY,
    _tuesday,
    center_a,
    center_b,
    claim,
    client_for,
    officer,
    refs,
    search,
)
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậ eèéẻẽẹêềếểễệ iìíỉĩị oòóỏõọôồốổỗộơờớởỡợ uùúủũụưừứửữự yỳýỷỹỵ đ"


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Nguyễn Thị Hoa", "nguyen thi hoa"),
        ("ĐẶNG   VĂN  Đức", "dang van duc"),
        ("Trương Ưng Ơn", "truong ung on"),
        ("Lê Thị Huỳnh Mỹ", "le thi huynh my"),
        ("", ""),
    ],
)
def test_a_name_is_folded_without_case_diacritics_or_extra_spaces(name, folded):
    assert fold_name(name) == folded


def test_every_vietnamese_letter_folds_to_its_base_letter():
    assert (
        fold_name(VIETNAMESE)
        == fold_name(VIETNAMESE.upper())
        == ("aaaaaaaaaaaaaaaaaa eeeeeeeeeeee iiiiii oooooooooooooooooo uuuuuuuuuuuu yyyyyy d")
    )


def test_the_folded_name_follows_every_save_of_the_name():
    user = CitizenFactory(full_name="Nguyễn Thị Hoa")
    assert User.objects.get(pk=user.pk).search_name == "nguyen thi hoa"
    user.full_name = "Phạm Thị Ánh"
    user.save(update_fields=["full_name"])  # the column follows even a partial save
    assert User.objects.get(pk=user.pk).search_name == "pham thi anh"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("nguyen thi hoa", {"hoa"}),
        ("NGUYEN THI HOA", {"hoa"}),
        ("Nguyễn Thị Hoa", {"hoa"}),
        ("nguyễn thi hoa", {"hoa"}),
        ("  nguyen   thi hoa ", {"hoa"}),
        ("thi hoa", {"hoa", "hoa_tran"}),  # "Hoà" is found too: diacritics are ignored
        ("nguyen", {"hoa", "hai"}),
    ],
)
def test_search_without_diacritics_finds_the_name_with_them(officer, center_a, typed, expected):
    made = {
        "hoa": claim(center_a, name="Nguyễn Thị Hoa"),
        "hoa_tran": claim(center_a, name="Trần Thị Hoà"),
        "hai": claim(center_a, name="Nguyễn Văn Hải"),
        "other": claim(center_a, name="Lê Văn Nam"),
    }
    by_ref = {c.reference: key for key, c in made.items()}
    assert {by_ref[r] for r in refs(search(client_for(officer), typed))} == expected


def test_d_with_stroke_is_found_as_d(officer, center_a):
    duc = claim(center_a, name="Đặng Minh Đức")
    claim(center_a, name="Dương Văn Nam")
    assert refs(search(client_for(officer), "dang minh duc")) == [duc.reference]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the unaccent extension")
def test_postgresql_unaccent_folds_like_fold_name():
    """The migration folds existing rows with unaccent; new rows are folded by fold_name."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT btrim(regexp_replace(lower(unaccent(%s)), '\\s+', ' ', 'g'))",
            [VIETNAMESE + " " + VIETNAMESE.upper()],
        )
        assert cursor.fetchone()[0] == fold_name(VIETNAMESE + " " + VIETNAMESE.upper())


def _all_links(html: str) -> list[str]:
    return re.findall(r'(?:href|action)="([^"]*)"', html)


def test_a_searched_national_id_is_in_no_url_nor_the_access_log(officer, center_a):
    target = claim(center_a, name="Trần Thị Hoa")
    for i in range(3):
        claim(center_a, name=f"Lê Văn {i}")
    c = client_for(officer)
    posted = c.post(reverse("staff:queue"), {"q": target.personal_id, "trang_thai": "open"})
    assert posted.status_code == 303
    location = posted["Location"]
    assert target.personal_id not in location
    assert parse_qs(urlsplit(location).query)["trang_thai"] == ["open"]
    page = c.get(location)
    assert refs(page) == [target.reference]
    html = page.content.decode()
    # The field shows what was searched; no link or form action carries it.
    assert all(target.personal_id not in link for link in _all_links(html))
    b"".join(c.get(reverse("staff:queue_csv") + "?" + urlsplit(location).query).streaming_content)
    paths = list(StaffAccessLog.objects.values_list("path", flat=True))
    assert len(paths) == 2 and all(target.personal_id not in p for p in paths)
    # The CSV of that link is the search's result, not the whole queue.
    csv_body = b"".join(
        c.get(reverse("staff:queue_csv") + "?" + urlsplit(location).query).streaming_content
    ).decode("utf-8-sig")
    assert target.reference in csv_body and "Lê Văn 1" not in csv_body


def test_a_search_typed_into_the_url_is_moved_out_of_it(officer, center_a):
    target = claim(center_a)
    c = client_for(officer)
    response = c.get(reverse("staff:queue"), {"q": target.personal_id})
    assert response.status_code == 303 and target.personal_id not in response["Location"]
    assert refs(c.get(response["Location"])) == [target.reference]


def test_a_search_token_of_another_session_finds_nothing_and_says_so(officer, center_a):
    target = claim(center_a)
    other = claim(center_a)
    location = client_for(officer).post(reverse("staff:queue"), {"q": target.personal_id})[
        "Location"
    ]
    stranger = client_for(officer)  # the same officer, another browser: no such search
    page = stranger.get(location)
    assert page.status_code == 200
    assert "Phiên tìm kiếm này đã hết hạn" in page.content.decode()
    assert set(refs(page)) == {target.reference, other.reference}


def test_an_invalid_search_is_answered_on_the_posted_page(officer, center_a):
    claim(center_a)
    response = client_for(officer).post(reverse("staff:queue"), {"q": "12345"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html and "đúng 12 chữ số" in html


SORTED_BY = {
    "so_ho_so": lambda c: c.reference,
    "ho_ten": lambda c: fold_name(c.citizen.full_name),
    "don_vi": lambda c: c.employer_name,
    "han": lambda c: c.decision_due,
    "ngay_nop": lambda c: c.submitted_at,
}


@pytest.fixture
def mixed_queue(center_a, officer):
    colleague = User.objects.create(
        username="b", full_name="Bùi Văn An", role="officer", center=center_a
    )
    officer.full_name = "Trần Văn Cán"  # the factory's names are random: fix the order
    officer.save()
    made = [
        claim(center_a, name="Zô Thị Ánh", employer_name="Công ty C", due=TODAY + timedelta(3)),
        claim(center_a, name="Ánh Văn Bé", employer_name="Công ty A", due=TODAY + timedelta(9)),
        claim(center_a, name="Đỗ Thị Cúc", employer_name="Công ty B", due=TODAY + timedelta(1)),
        claim(center_a, name="Lê Hoa", employer_name="Công ty D", due=TODAY + timedelta(5)),
    ]
    made[0].status, made[0].assignee = Status.IN_REVIEW, colleague
    made[1].status, made[1].assignee = Status.PROPOSED, officer
    for hours, c in zip([5, 2, 7, 1], made, strict=True):
        c.submitted_at = c.submitted_at + timedelta(hours=hours)
        c.save()
    ClaimFlag.objects.create(claim=made[2], code="filed_after_deadline", severity="blocking")
    ClaimFlag.objects.create(claim=made[3], code="employer_differs", severity="needs_review")
    return made


@pytest.mark.parametrize("key", sorted(SORTED_BY))
@pytest.mark.parametrize("descending", [False, True])
def test_the_queue_sorts_by_any_column_both_ways(officer, mixed_queue, key, descending):
    value = f"-{key}" if descending else key
    response = client_for(officer).get(reverse("staff:queue"), {"sap_xep": value})
    expected = sorted(mixed_queue, key=SORTED_BY[key], reverse=descending)
    assert refs(response) == [c.reference for c in expected]


def test_sort_by_status_follows_the_claims_life_and_by_flags_the_worst_first(officer, mixed_queue):
    c = client_for(officer)
    by_status = refs(c.get(reverse("staff:queue"), {"sap_xep": "trang_thai"}))
    assert by_status[-2:] == [mixed_queue[0].reference, mixed_queue[1].reference]
    worst_first = refs(c.get(reverse("staff:queue"), {"sap_xep": "-canh_bao"}))
    assert worst_first[:2] == [mixed_queue[2].reference, mixed_queue[3].reference]
    by_assignee = refs(c.get(reverse("staff:queue"), {"sap_xep": "thu_ly"}))
    # "bui van an" before the officer ("tran van can"); the unassigned last.
    assert by_assignee[0] == mixed_queue[0].reference
    assert set(by_assignee[2:]) == {mixed_queue[2].reference, mixed_queue[3].reference}


def test_the_headers_are_sort_links_that_say_their_order(officer, mixed_queue):
    html = client_for(officer).get(reverse("staff:queue"), {"sap_xep": "ho_ten"}).content.decode()
    header = re.search(r'<th scope="col" aria-sort="ascending">(.*?)</th>', html, re.S)
    assert header and "sap_xep=-ho_ten" in header.group(1)
    assert "sắp xếp giảm dần" in header.group(1)
    assert html.count('aria-sort="none"') == 6
    # The default order is the deadline's.
    html = client_for(officer).get(reverse("staff:queue")).content.decode()
    assert re.search(r'aria-sort="ascending"><a class="sort-button" href="\?sap_xep=-han"', html)


def test_a_sorted_queue_pages_by_number_without_gaps_or_duplicates(officer, center_a, monkeypatch):
    import claims.queue.views as staff_queue

    monkeypatch.setattr(staff_queue, "PAGE_SIZE", 3)
    made = [claim(center_a, name=f"Người {i:02d}") for i in range(8)]
    c = client_for(officer)
    url = reverse("staff:queue") + "?sap_xep=-ho_ten"
    seen: list[str] = []
    for _ in range(5):
        response = c.get(url)
        seen += refs(response)
        if not response.context["next_query"]:
            break
        url = reverse("staff:queue") + "?" + response.context["next_query"]
    assert seen == [x.reference for x in sorted(made, key=lambda x: x.citizen.full_name)][::-1]


@pytest.mark.parametrize("severity", ["blocking", "needs_review", "info"])
def test_the_flag_filter_finds_what_the_flag_column_shows(officer, center_a, severity):
    labels = dict(ClaimFlag.Severity.choices)
    made = {s: claim(center_a) for s in ("blocking", "needs_review", "info")}
    for s, c in made.items():
        ClaimFlag.objects.create(claim=c, code="employer_differs", severity=s)
    ClaimFlag.objects.create(claim=made["info"], code="salary_above_ceiling", severity="info")
    clean = claim(center_a, is_clean=True)
    c = client_for(officer)
    filtered = c.get(reverse("staff:queue"), {"canh_bao": severity})
    assert refs(filtered) == [made[severity].reference]
    everything = c.get(reverse("staff:queue")).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", everything, re.S)[1:]
    shown = {
        ref: set(re.findall(r'data-severity="(\w+)"', row))
        for row in rows
        for ref in re.findall(r"TCTN-\d{4}-\d+", row)[:1]
    }
    assert {ref for ref, sev in shown.items() if severity in sev} == {made[severity].reference}
    assert f"{labels[severity]}: " in everything
    assert shown[clean.reference] == set()
    assert refs(c.get(reverse("staff:queue"), {"canh_bao": "none"})) == [clean.reference]


def test_the_filter_form_is_folded_and_posted_with_a_token(officer, center_a):
    claim(center_a)
    html = client_for(officer).get(reverse("staff:queue")).content.decode()
    assert '<details class="queue-filters-fold" id="queue-filters" data-open-wide' in html
    assert re.search(r'<form method="post" action="/can-bo/hang-doi/"', html)
    assert 'name="csrfmiddlewaretoken"' in html
    # With an error the form is open wherever it is shown.
    html = client_for(officer).post(reverse("staff:queue"), {"q": "x"}).content.decode()
    assert '<details class="queue-filters-fold" id="queue-filters" open' in html


def test_english_queue_has_the_sort_words(center_a, officer):
    claim(center_a)
    html = client_for(officer, "en").get(reverse("staff:queue")).content.decode()
    assert 'lang="en"' in html and "sort descending" in html.lower()


def test_another_center_is_never_sorted_into_the_queue(officer, center_a, center_b):
    mine = claim(center_a)
    claim(center_b)
    for key in SORTED_BY:
        assert refs(client_for(officer).get(reverse("staff:queue"), {"sap_xep": key})) == [
            mine.reference
        ]


def test_an_unknown_sort_or_page_is_the_default_never_a_500(officer, center_a):
    first = claim(center_a)
    c: Client = client_for(officer)
    for params in ({"sap_xep": "x"}, {"trang": "abc"}, {"sap_xep": "ho_ten", "trang": "9999"}):
        response = c.get(reverse("staff:queue"), params)
        assert response.status_code == 200
    assert refs(c.get(reverse("staff:queue"), {"sap_xep": "--han"})) == [first.reference]
