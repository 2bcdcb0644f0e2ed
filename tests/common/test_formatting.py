"""Money and month filters follow the active language."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from common.formatting import ascii_digits, day_label, dong, month_label


def test_dong_groups_with_dots_in_vietnamese_and_commas_in_english():
    with translation.override("vi"):
        assert dong(4_960_000) == "4.960.000\u00a0₫"
        assert dong(0) == "0\u00a0₫"
        assert dong(-1500) == "-1.500\u00a0₫"
    with translation.override("en"):
        assert dong(4_960_000) == "4,960,000\u00a0₫"


def test_dong_leaves_what_is_not_a_number_alone():
    assert dong(None) == ""
    assert dong("abc") == "abc"
    with translation.override("vi"):
        assert dong("23650000") == "23.650.000\u00a0₫"


def test_month_and_day_labels_per_language():
    with translation.override("vi"):
        assert month_label(date(2026, 2, 1)) == "02/2026"
        assert day_label(date(2026, 2, 27)) == "27/02/2026"
    with translation.override("en"):
        assert month_label(date(2026, 2, 1)) == "Feb 2026"
        assert day_label(date(2026, 2, 27)) == "27/02/2026"  # dd/mm/yyyy in both (issue 13)
    assert month_label(None) == ""


def test_moments_read_dd_mm_yyyy_hh_mm_in_the_portal_time_zone():
    from datetime import UTC, datetime

    from common.formatting import when_label

    moment = datetime(2026, 2, 27, 20, 5, tzinfo=UTC)  # 03:05 the next day in Ha Noi
    for lang in ("vi", "en"):
        with translation.override(lang):
            assert when_label(moment) == "28/02/2026 03:05"
            assert day_label(moment) == "28/02/2026"
    assert when_label(None) == ""
    rendered = Template("{{ moment|date }} {{ moment|date:'DATETIME_FORMAT' }}").render(
        Context({"moment": moment})
    )
    assert rendered == "28/02/2026 28/02/2026 03:05"


def test_filters_load_in_templates():
    template = Template("{% load common_tags %}{{ amount|dong }} {{ month|month_label }}")
    with translation.override("vi"):
        assert (
            template.render(Context({"amount": 4_200_000, "month": date(2026, 3, 1)}))
            == "4.200.000\u00a0₫ 03/2026"
        )


def test_dong_rounds_a_half_dong_up_not_to_even():
    from decimal import Decimal

    with translation.override("vi"):
        assert dong(Decimal("4199999.5")) == "4.200.000\u00a0₫"
        assert dong("2.5") == "3\u00a0₫"  # round(2.5) would give 2 (half to even)
        assert dong(Decimal("0.5")) == "1\u00a0₫"
        assert dong(Decimal("-0.5")) == "-1\u00a0₫"  # half away from zero
        assert dong(Decimal("4199999.49")) == "4.199.999\u00a0₫"
        assert dong(4_200_000.5) == "4.200.001\u00a0₫"
        assert dong("NaN") == "NaN"


class TestAsciiDigits:
    """Digits typed or received are 0-9 only: str.isdigit() also takes '¹' and '①', which int()
    refuses (a 500 on a query string, an uploaded list, a signed header)."""

    @pytest.mark.parametrize("value", ["0", "001099012345", "2026"])
    def test_the_digits_0_to_9_are_digits(self, value):
        assert ascii_digits(value)

    @pytest.mark.parametrize(
        "value", ["", "¹", "12³", "①", "１２", "٣", " 1", "1.0", "-1", None, 12]
    )
    def test_anything_else_is_not(self, value):
        assert not ascii_digits(value)

    @given(st.text(max_size=20))
    def test_whatever_passes_is_an_int(self, value):
        if ascii_digits(value):
            assert int(value) >= 0


def test_a_salary_or_an_id_in_superscript_gets_a_message_not_an_error():
    from employers.rows import row_parse

    row, errors = row_parse(
        {
            "personal_id": "¹²³⁴⁵⁶⁷⁸⁹⁰¹²",
            "full_name": "",
            "termination_date": "",
            "reason_code": "",
            "last_salary": "¹",
        }
    )
    assert row is None
    assert errors["last_salary"] and errors["personal_id"]


def test_a_signed_message_with_a_superscript_timestamp_is_malformed():
    from common import signed_http

    body = b"{}"
    headers = signed_http.sign(secret="k", body=body)
    headers[signed_http.TIMESTAMP_HEADER] = "¹" * 10
    with pytest.raises(signed_http.SignatureError):
        signed_http.verify(secret="k", headers=headers, body=body)
