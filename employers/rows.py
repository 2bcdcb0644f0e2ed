"""The worker list's rows: reading a CSV or XLSX file, the template, and one row's own checks.

Pure code (no database): a file becomes a list of rows as typed (text), each row is parsed into
typed values or per-field messages. The checks against the social-security store are in
employers/checks.py. Every message is in the user's language and names what to change.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from common.csv_export import FORMULA_TRIGGERS, csv_safe_cell
from common.formatting import ascii_digits
from eligibility.calculator.reasons import TERMINATION_REASON_CODES, TERMINATION_REASONS

#: The columns of the list, in the template's order: (field, Vietnamese header, hint).
FIELDS = ("personal_id", "full_name", "termination_date", "reason_code", "last_salary")
HEADERS_VI = {
    "personal_id": "Số định danh cá nhân",
    "full_name": "Họ và tên",
    "termination_date": "Ngày chấm dứt hợp đồng",
    "reason_code": "Mã lý do chấm dứt",
    "last_salary": "Tiền lương tháng cuối (đồng)",
}
FIELD_LABELS = {
    "personal_id": gettext_lazy("Số định danh cá nhân"),
    "full_name": gettext_lazy("Họ và tên"),
    "termination_date": gettext_lazy("Ngày chấm dứt hợp đồng"),
    "reason_code": gettext_lazy("Mã lý do chấm dứt"),
    "last_salary": gettext_lazy("Tiền lương tháng cuối (đồng)"),
}

#: The termination reasons an employer reports for a layoff (claims' codes, RULES.md): the
#: others (a worker's resignation, a disciplinary dismissal, retirement) are not a layoff.
LAYOFF_REASON_CODES = (
    "business_closure",
    "employer_dismissal",
    "mutual_agreement",
    "contract_expired",
)

#: A notice holds at most this many workers from one file, and a file at most this many bytes.
MAX_ROWS = 10_000
MAX_FILE_BYTES = 5 * 1024 * 1024
#: A salary above this (dong a month) is a typing error, not a salary.
MAX_SALARY = 1_000_000_000


class ListFileError(ValueError):
    """The file as a whole cannot be read (wrong type, wrong columns, too big): its message."""


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", bare.casefold()).strip()


#: Header spellings accepted for each field (folded): the template's, English ones, short ones.
_HEADER_ALIASES: dict[str, str] = {}
for _field, _names in {
    "personal_id": [
        HEADERS_VI["personal_id"],
        "so dinh danh",
        "so cccd",
        "cccd",
        "personal id",
        "national id",
        "personal_id",
    ],
    "full_name": [HEADERS_VI["full_name"], "ho ten", "full name", "name", "full_name"],
    "termination_date": [
        HEADERS_VI["termination_date"],
        "ngay cham dut",
        "ngay nghi viec",
        "termination date",
        "termination_date",
    ],
    "reason_code": [
        HEADERS_VI["reason_code"],
        "ma ly do",
        "ly do",
        "reason code",
        "reason",
        "reason_code",
    ],
    "last_salary": [
        HEADERS_VI["last_salary"],
        "tien luong thang cuoi",
        "tien luong",
        "luong",
        "last salary",
        "salary",
        "last_salary",
    ],
}.items():
    for _name in _names:
        _HEADER_ALIASES[_fold(_name)] = _field


def header_fields(header: list[Any]) -> list[str | None]:
    """Which field each column holds (None: a column we do not read)."""
    return [_HEADER_ALIASES.get(_fold(str(cell or ""))) for cell in header]


@dataclass(frozen=True)
class ParsedRow:
    personal_id: str
    full_name: str
    termination_date: date
    reason_code: str
    last_salary: int


def cell_text(value: Any) -> str:
    """A cell as the text a person would have typed (Excel numbers and dates included)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())[:300]


def _personal_id(text: str) -> str | None:
    digits = re.sub(r"[\s.\-]", "", text)
    # A spreadsheet that took the column for a number drops the leading zero of most IDs
    # (province codes 001-096): 11 digits get it back.
    if ascii_digits(digits) and len(digits) == 11:
        digits = "0" + digits
    return digits if ascii_digits(digits) and len(digits) == 12 else None


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")


def parse_date(text: str) -> date | None:
    text = text.strip()
    if " " in text:  # "30/10/2026 00:00:00" from a spreadsheet's date cell written as text
        text = text.split(" ", 1)[0]
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)  # noqa: DTZ007 - a calendar day, no time
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2100:
            return parsed.date()
    return None


def parse_salary(text: str) -> int | None:
    cleaned = re.sub(r"(?i)\s|đồng|dong|vnd|vnđ|đ", "", text)
    # Thousands separators, Vietnamese (7.000.000) or English (7,000,000); no decimals in dong.
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", "")
    if not ascii_digits(cleaned) or len(cleaned) > 12:
        return None
    return int(cleaned)


def row_parse(raw: dict[str, str]) -> tuple[ParsedRow | None, dict[str, str]]:
    """One row's own checks (no database): the typed values, or a message per field."""
    errors: dict[str, str] = {}
    formula = [f for f in FIELDS if str(raw.get(f, "")).startswith(FORMULA_TRIGGERS[:4])]
    for field in formula:
        errors[field] = _(
            "Ô này chứa công thức hoặc ký tự đầu dòng không hợp lệ; hãy nhập giá trị."
        )
    personal_id = _personal_id(str(raw.get("personal_id", "")))
    if "personal_id" not in errors and personal_id is None:
        errors["personal_id"] = (
            _("Nhập số định danh cá nhân.")
            if not str(raw.get("personal_id", "")).strip()
            else _("Số định danh cá nhân gồm đúng 12 chữ số.")
        )
    full_name = " ".join(str(raw.get("full_name", "")).split())
    if "full_name" not in errors:
        if not full_name:
            errors["full_name"] = _("Nhập họ và tên.")
        elif len(full_name) > 200 or any(ch.isdigit() for ch in full_name):
            errors["full_name"] = _("Họ và tên chỉ gồm chữ, tối đa 200 ký tự.")
    termination = parse_date(str(raw.get("termination_date", "")))
    if "termination_date" not in errors and termination is None:
        errors["termination_date"] = (
            _("Nhập ngày chấm dứt hợp đồng.")
            if not str(raw.get("termination_date", "")).strip()
            else _("Ngày chấm dứt hợp đồng phải có dạng ngày/tháng/năm, ví dụ 30/10/2026.")
        )
    reason = str(raw.get("reason_code", "")).strip().lower()
    if "reason_code" not in errors:
        if not reason:
            errors["reason_code"] = _("Nhập mã lý do chấm dứt.")
        elif reason not in TERMINATION_REASON_CODES:
            errors["reason_code"] = _(
                "“%(code)s” không phải mã lý do chấm dứt. Dùng một trong các mã: %(codes)s."
            ) % {"code": reason[:40], "codes": ", ".join(LAYOFF_REASON_CODES)}
        elif reason not in LAYOFF_REASON_CODES:
            errors["reason_code"] = _(
                "“%(code)s” là lý do do người lao động hoặc kỷ luật, không phải cắt giảm lao động. "
                "Dùng một trong các mã: %(codes)s."
            ) % {"code": reason, "codes": ", ".join(LAYOFF_REASON_CODES)}
    salary = parse_salary(str(raw.get("last_salary", "")))
    if "last_salary" not in errors:
        if not str(raw.get("last_salary", "")).strip():
            errors["last_salary"] = _("Nhập tiền lương tháng cuối.")
        elif salary is None or salary <= 0 or salary > MAX_SALARY:
            errors["last_salary"] = _(
                "Tiền lương tháng cuối là số đồng, ví dụ 7.500.000 (không quá 1 tỷ đồng)."
            )
    if errors:
        return None, errors
    assert personal_id is not None and termination is not None and salary is not None  # noqa: S101
    return ParsedRow(personal_id, full_name, termination, reason, salary), {}


# --- Files -------------------------------------------------------------------------------------


def _rows_from_table(table: list[list[Any]]) -> list[dict[str, str]]:
    if not table:
        raise ListFileError(_("Tệp không có dòng nào. Hãy dùng tệp mẫu và điền danh sách."))
    fields = header_fields(table[0])
    missing = [f for f in FIELDS if f not in fields]
    if missing:
        raise ListFileError(
            _("Dòng đầu của tệp phải là tên các cột của tệp mẫu. Không thấy cột: %(columns)s.")
            % {"columns": ", ".join(HEADERS_VI[f] for f in missing)}
        )
    rows: list[dict[str, str]] = []
    for number, cells in enumerate(table[1:], start=2):
        values = {f: cell_text(cells[i]) for i, f in enumerate(fields) if f and i < len(cells)}
        if not any(values.values()):
            continue  # an empty line
        if len(rows) >= MAX_ROWS:
            raise ListFileError(
                _("Tệp có hơn %(max)s người. Hãy chia danh sách thành nhiều tệp.")
                % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        rows.append({"row": str(number), **{f: values.get(f, "") for f in FIELDS}})
    if not rows:
        raise ListFileError(_("Tệp không có người lao động nào dưới dòng tên cột."))
    return rows


def _csv_table(data: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "cp1258", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise ListFileError(_("Không đọc được tệp CSV. Hãy lưu tệp với bảng mã UTF-8."))
    if "\x00" in text:
        raise ListFileError(_("Tệp này không phải tệp CSV hay XLSX. Hãy dùng tệp mẫu."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    table: list[list[Any]] = []
    try:
        for line in csv.reader(io.StringIO(text), delimiter=delimiter):
            table.append(line)
            if len(table) > MAX_ROWS + 2:
                break
    except csv.Error as exc:
        raise ListFileError(
            _("Tệp CSV bị lỗi định dạng ở dòng %(n)s.") % {"n": len(table) + 1}
        ) from exc
    return table


def _xlsx_table(data: bytes) -> list[list[Any]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # A small file that unpacks to gigabytes (a zip bomb) is refused before reading.
            if sum(info.file_size for info in archive.infolist()) > 20 * MAX_FILE_BYTES:
                raise ListFileError(_("Tệp XLSX quá lớn khi giải nén. Hãy dùng tệp mẫu."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        if isinstance(exc, ListFileError):
            raise
        raise ListFileError(
            _("Không mở được tệp XLSX. Hãy lưu lại bằng Excel và thử lại.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        table: list[list[Any]] = []
        for row in sheet.iter_rows(values_only=True):
            # A formula comes as its text "=..." (data_only=False): row_parse refuses it.
            table.append(list(row))
            if len(table) > MAX_ROWS + 2:
                break
        return table
    finally:
        workbook.close()


def rows_from_file(*, name: str, data: bytes) -> list[dict[str, str]]:
    """The rows of an uploaded list (as text), or ListFileError with what to do."""
    if len(data) > MAX_FILE_BYTES:
        raise ListFileError(_("Tệp lớn hơn 5 MB. Hãy chia danh sách thành nhiều tệp."))
    if not data:
        raise ListFileError(_("Tệp trống. Hãy chọn tệp danh sách đã điền."))
    lowered = name.lower()
    if data[:4] == b"PK\x03\x04":
        if not lowered.endswith((".xlsx", ".xlsm")):
            raise ListFileError(_("Chỉ nhận tệp .csv hoặc .xlsx. Hãy dùng tệp mẫu."))
        return _rows_from_table(_xlsx_table(data))
    if lowered.endswith(".csv") or lowered.endswith(".txt"):
        return _rows_from_table(_csv_table(data))
    raise ListFileError(_("Chỉ nhận tệp .csv hoặc .xlsx. Hãy dùng tệp mẫu."))


# --- The template and the export ------------------------------------------------------------------


def template_example_rows() -> list[list[str]]:
    return [["001090012345", "Nguyễn Văn An", "30/10/2026", "business_closure", "7500000"]]


def xlsx_template() -> bytes:
    """The downloadable template: Vietnamese headers, text ID column, the codes explained."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has its sheet
    sheet.title = "Danh sách"
    sheet.append([HEADERS_VI[f] for f in FIELDS])
    for row in template_example_rows():
        sheet.append(row)
    for column, width in zip("ABCDE", (22, 28, 24, 22, 26), strict=True):
        sheet.column_dimensions[column].width = width
        for cell in sheet[column]:
            cell.number_format = "@"  # text: a personal ID keeps its leading zero
    codes = workbook.create_sheet("Mã lý do")
    codes.append(["Mã", "Ý nghĩa"])
    for code, label in layoff_reason_labels():
        codes.append([code, label])
    codes.column_dimensions["A"].width = 22
    codes.column_dimensions["B"].width = 70
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_template() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([HEADERS_VI[f] for f in FIELDS])
    writer.writerows(template_example_rows())
    return "\ufeff" + out.getvalue()


def layoff_reason_labels() -> list[tuple[str, str]]:
    words = {info.code: info.label_vi for info in TERMINATION_REASONS}
    return [(code, words[code]) for code in LAYOFF_REASON_CODES]


def export_cells(values: list[object]) -> list[str]:
    """A row for a CSV export of a list: formula-like cells written as text (OWASP)."""
    return [csv_safe_cell(v) for v in values]
