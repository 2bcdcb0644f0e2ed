"""Reading a worker list: one row's checks (hypothesis), files good and bad, the template."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from employers.rows import (
    FIELDS,
    HEADERS_VI,
    MAX_FILE_BYTES,
    ListFileError,
    csv_template,
    parse_salary,
    row_parse,
    rows_from_file,
    xlsx_template,
)
from tests.employers.support import csv_bytes, xlsx_bytes

GOOD = {
    "personal_id": "024188000001",
    "full_name": "Nguyễn Thị Hoa",
    "termination_date": "30/10/2026",
    "reason_code": "business_closure",
    "last_salary": "7.500.000",
}


def test_a_good_row_parses_to_typed_values():
    row, errors = row_parse(GOOD)
    assert errors == {}
    assert row is not None
    assert row.termination_date == date(2026, 10, 30)
    assert row.last_salary == 7_500_000


def test_a_spreadsheet_that_dropped_the_leading_zero_keeps_the_id():
    row, errors = row_parse({**GOOD, "personal_id": "24188000001"})
    assert errors == {} and row is not None and row.personal_id == "024188000001"


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("personal_id", "12345", "12 chữ số"),
        ("personal_id", "", "Nhập số định danh"),
        ("full_name", "", "Nhập họ và tên"),
        ("termination_date", "31/02/2026", "ngày/tháng/năm"),
        ("reason_code", "fired", "không phải mã lý do"),
        ("reason_code", "employee_lawful_resignation", "không phải cắt giảm"),
        ("last_salary", "0", "số đồng"),
        ("last_salary", "-5", "công thức"),
        ("last_salary", "abc", "số đồng"),
        ("full_name", '=HYPERLINK("http://x")', "công thức"),
        ("last_salary", "=1+1", "công thức"),
    ],
)
def test_a_bad_value_gets_a_message_on_its_field(field, value, words):
    row, errors = row_parse({**GOOD, field: value})
    assert row is None
    assert words in errors[field]


_text = st.text(max_size=40)


@given(
    st.fixed_dictionaries({f: _text for f in FIELDS}),
)
def test_any_row_parses_or_has_messages_never_raises(raw):
    row, errors = row_parse(raw)
    assert (row is None) == bool(errors)
    assert all(isinstance(m, str) and m for m in errors.values())
    if row is not None:
        assert len(row.personal_id) == 12 and row.personal_id.isdigit()
        assert 0 < row.last_salary <= 1_000_000_000


@given(st.integers(min_value=1, max_value=999_999_999))
def test_salaries_in_any_usual_spelling(amount):
    assert parse_salary(str(amount)) == amount
    assert parse_salary(f"{amount:,}") == amount
    assert parse_salary(f"{amount:,}".replace(",", ".") + " đ") == amount


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_day_first_or_iso(day):
    for text in (day.strftime("%d/%m/%Y"), day.isoformat()):
        row, errors = row_parse({**GOOD, "termination_date": text})
        assert row is not None and row.termination_date == day


def test_csv_and_xlsx_give_the_same_rows():
    from_csv = rows_from_file(name="ds.csv", data=csv_bytes([GOOD]))
    from_xlsx = rows_from_file(name="ds.xlsx", data=xlsx_bytes([GOOD]))
    assert from_csv == from_xlsx
    assert from_csv[0]["row"] == "2" and from_csv[0]["personal_id"] == GOOD["personal_id"]


def test_a_semicolon_csv_from_excel_is_read():
    data = csv_bytes([GOOD]).decode().replace(",", ";").encode()
    assert rows_from_file(name="ds.csv", data=data)[0]["full_name"] == GOOD["full_name"]


def test_english_headers_are_understood():
    data = "personal_id,full_name,termination_date,reason_code,last_salary\n"
    data += ",".join(GOOD[f] for f in FIELDS).replace("7.500.000", "7500000") + "\n"
    assert rows_from_file(name="list.csv", data=data.encode())[0]["last_salary"] == "7500000"


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("ds.pdf", b"%PDF-1.7 ...", "Chỉ nhận tệp .csv hoặc .xlsx"),
        ("ds.exe", b"MZ\x90\x00", "Chỉ nhận tệp .csv hoặc .xlsx"),
        ("ds.csv", b"", "trống"),
        ("ds.csv", b"a,b,c\n1,2,3\n", "Không thấy cột"),
        ("ds.csv", ",".join(HEADERS_VI[f] for f in FIELDS).encode() + b"\n", "không có người"),
        ("ds.xlsx", b"PK\x03\x04 not really a zip", "Không mở được tệp XLSX"),
        ("ds.csv", b"\x00\x01\x02binary", "không phải tệp CSV"),
        ("ds.docx", xlsx_bytes([GOOD]), "Chỉ nhận tệp .csv hoặc .xlsx"),
    ],
)
def test_a_bad_file_gets_a_clear_message(name, data, words):
    with pytest.raises(ListFileError) as caught:
        rows_from_file(name=name, data=data)
    assert words in str(caught.value)


def test_a_huge_file_is_refused_before_reading():
    with pytest.raises(ListFileError, match="5 MB"):
        rows_from_file(name="ds.csv", data=b"x" * (MAX_FILE_BYTES + 1))


def test_too_many_rows_are_refused():
    rows = [GOOD] * 10_001
    with pytest.raises(ListFileError, match="10.000"):
        rows_from_file(name="ds.csv", data=csv_bytes(rows))


def test_a_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (110 * 1024 * 1024))
    with pytest.raises(ListFileError, match="quá lớn"):
        rows_from_file(name="ds.xlsx", data=out.getvalue())


def test_an_xlsx_formula_cell_is_refused_on_its_row():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([HEADERS_VI[f] for f in FIELDS])
    sheet.append(
        [GOOD["personal_id"], '=CONCAT("a","b")', "30/10/2026", "business_closure", "=A2*2"]
    )
    out = io.BytesIO()
    workbook.save(out)
    rows = rows_from_file(name="ds.xlsx", data=out.getvalue())
    _row, errors = row_parse(rows[0])
    assert "công thức" in errors["full_name"] and "công thức" in errors["last_salary"]


def test_the_template_has_vietnamese_headers_and_the_codes():
    workbook = load_workbook(io.BytesIO(xlsx_template()))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == [HEADERS_VI[f] for f in FIELDS]
    assert "business_closure" in [c.value for c in workbook["Mã lý do"]["A"]]
    assert csv_template().startswith("\ufeff" + HEADERS_VI["personal_id"])
    # The template read back is a valid list (its example row).
    assert rows_from_file(name="mau.xlsx", data=xlsx_template())[0]["reason_code"] == (
        "business_closure"
    )
