"""Downloads of every table: CSV (through the formula-safe writer) and XLSX.

The XLSX is written here with the standard library (a zip of five small XML parts, strings
inline, numbers as numbers): a flat table needs nothing more, and no dependency is added to
the project for it (docs/adr/0015).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils.translation import gettext as _

from common.csv_export import SafeCsvWriter
from stats.dimensions import SEX_LABELS
from stats.selectors import Figures, Row, Spending, Table

Cell = str | int | float | None


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _one(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


_FIGURES: tuple[tuple[Callable[[], str], Callable[[Figures], Cell]], ...] = (
    (lambda: _("Hồ sơ nộp"), lambda f: f.filed),
    (lambda: _("Hồ sơ đã quyết định"), lambda f: f.decided),
    (lambda: _("Được hưởng"), lambda f: f.approved),
    (lambda: _("Không được hưởng"), lambda f: f.refused),
    (lambda: _("Tỷ lệ được hưởng (%)"), lambda f: _pct(f.approval_rate)),
    (lambda: _("Số ngày đến quyết định, trung vị"), lambda f: _one(f.median_days)),
    (lambda: _("Số ngày đến quyết định, 90%"), lambda f: _one(f.p90_days)),
    (lambda: _("Quyết định đúng hạn (%)"), lambda f: _pct(f.in_time_share)),
    (lambda: _("Mức hưởng bình quân (đồng/tháng)"), lambda f: f.average_benefit),
    (lambda: _("Số tháng hưởng bình quân"), lambda f: _one(f.average_duration)),
    (lambda: _("Đang hưởng"), lambda f: f.active),
    (lambda: _("Tháng bị tạm dừng"), lambda f: f.suspended),
    (lambda: _("Chấm dứt hưởng"), lambda f: f.terminated),
    (lambda: _("Đã chi trả (đồng)"), lambda f: f.paid_amount),
)
_GAPS: tuple[tuple[Callable[[], str], Callable[[Row], Cell]], ...] = (
    (
        lambda: _("Chênh lệch nữ − nam: tỷ lệ được hưởng (điểm %)"),
        lambda r: _pct(r.gap.approval_rate),
    ),
    (
        lambda: _("Chênh lệch nữ − nam: mức hưởng bình quân (đồng)"),
        lambda r: _one(r.gap.average_benefit),
    ),
    (lambda: _("Chênh lệch nữ − nam: số tháng hưởng"), lambda r: _one(r.gap.average_duration)),
    (
        lambda: _("Chênh lệch nữ − nam: số ngày đến quyết định (trung vị)"),
        lambda r: _one(r.gap.median_days),
    ),
)


#: The path back to work (stats.path): counts for women, men, everyone; shares and gaps after.
PATH_FIGURES: tuple[tuple[Callable[[], str], Callable[[Figures], Cell]], ...] = (
    (lambda: _("Đơn hỗ trợ học nghề đã nộp"), lambda f: f.tr_submitted),
    (lambda: _("Đơn được hỗ trợ học nghề"), lambda f: f.tr_approved),
    (lambda: _("Đơn không được hỗ trợ học nghề"), lambda f: f.tr_refused),
    (lambda: _("Tỷ lệ được hỗ trợ học nghề (%)"), lambda f: _pct(f.training_approval_share)),
    (lambda: _("Khóa học đã hoàn thành"), lambda f: f.tr_completed),
    (lambda: _("Thôi học"), lambda f: f.tr_dropped),
    (lambda: _("Tháng đi học"), lambda f: f.tr_months),
    (lambda: _("Học phí đã chi (đồng)"), lambda f: f.tr_tuition_paid),
    (lambda: _("Tiền ăn đã chi (đồng)"), lambda f: f.tr_meal_paid),
    (lambda: _("Việc làm đang tuyển"), lambda f: f.vac_open),
    (lambda: _("Vị trí cần tuyển"), lambda f: f.vac_positions),
    (lambda: _("Đăng ký phiên giao dịch việc làm"), lambda f: f.fair_registrations),
    (lambda: _("Đăng ký quan tâm đi làm việc ở nước ngoài"), lambda f: f.program_interests),
    (lambda: _("Lượt giới thiệu việc làm"), lambda f: f.offers_made),
    (lambda: _("Nhận lời"), lambda f: f.offers_accepted),
    (lambda: _("Từ chối có lý do chính đáng"), lambda f: f.offers_declined_good),
    (lambda: _("Từ chối không có lý do chính đáng"), lambda f: f.offers_refused),
    (lambda: _("Chấm dứt hưởng theo điểm d (từ chối việc làm)"), lambda f: f.ended_ground_d),
    (lambda: _("Chấm dứt hưởng theo điểm a (có việc làm)"), lambda f: f.ended_ground_a),
)
PATH_GAPS: tuple[tuple[Callable[[], str], Callable[[Row], Cell]], ...] = (
    (
        lambda: _("Chênh lệch nữ − nam: tỷ lệ được hỗ trợ học nghề (điểm %)"),
        lambda r: _pct(r.gap.training_approval_share),
    ),
    (
        lambda: _("Chênh lệch nữ − nam: tỷ lệ nhận lời giới thiệu việc làm (điểm %)"),
        lambda r: _pct(r.gap.offer_acceptance_share),
    ),
)


def table_rows(table: Table, *, path: bool = False) -> list[list[Cell]]:
    """The table as a header and one line per value (and a total line), every column flat."""
    groups = (("F", "women"), ("M", "men"), ("*", "everyone"))
    figures_of, gaps_of = (PATH_FIGURES, PATH_GAPS) if path else (_FIGURES, _GAPS)
    header: list[Cell] = [str(table.dimension.heading)]
    for sex, _attr in groups:
        group = str(SEX_LABELS[sex]) if sex != "*" else _("Tổng")
        header += [f"{heading()} — {group}" for heading, _get in figures_of]
    header += [heading() for heading, _get in gaps_of]
    lines: list[list[Cell]] = [header]
    for row in [*table.rows, table.total]:
        line: list[Cell] = [row.label if row is not table.total else _("Tổng")]
        for _sex, attr in groups:
            figures = getattr(row, attr)
            line += [get(figures) for _heading, get in figures_of]
        line += [get(row) for _heading, get in gaps_of]
        lines.append(line)
    return lines


def spending_rows(spending: Spending) -> list[list[Cell]]:
    lines: list[list[Cell]] = [
        [
            _("Tháng"),
            _("Đã cam kết (đồng)"),
            _("Từ hồ sơ đang xem xét (đồng)"),
            _("Hồ sơ đang xem xét"),
            _("Tổng dự báo (đồng)"),
        ]
    ]
    for m in spending.projection:
        lines.append([f"{m.month:%Y-%m}", m.committed, m.pipeline, m.pipeline_claims, m.total])
    lines.append([_("Đã chi trả theo tháng"), None, None, None, None])
    for month, amount in spending.paid_by_month:
        lines.append([f"{month:%Y-%m}", amount, None, None, None])
    return lines


def csv_response(rows: Sequence[Sequence[Cell]], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # so that spreadsheets read the Vietnamese letters as UTF-8
    SafeCsvWriter(response).writerows(rows)
    return response


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _xml_cell(ref: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return (
        f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'
    )


def xlsx_bytes(rows: Sequence[Sequence[Cell]], sheet: str = "Sheet1") -> bytes:
    lines = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_xml_cell(f"{_column(c)}{r}", v) for c, v in enumerate(row))
        lines.append(f'<row r="{r}">{cells}</row>')
    worksheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(lines)}</sheetData></worksheet>"
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{escape(sheet[:31])}" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": worksheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def xlsx_response(rows: Sequence[Sequence[Cell]], filename: str) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def download(rows: Sequence[Sequence[Cell]], filename: str, fmt: str) -> HttpResponse:
    return xlsx_response(rows, filename) if fmt == "xlsx" else csv_response(rows, filename)
