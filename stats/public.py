"""The open-data tables: monthly figures, national and by province, with small cells suppressed.

Counts by province x sex for one month, and by month x sex for the whole country, each with
its totals, go through stats.suppression before anyone sees them: a count under 5 reads
"<5", and enough other cells read "x" that no hidden count follows from the totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from common.provinces import PROVINCES, province_name
from stats.dimensions import SEX_LABELS, value_label
from stats.models import Summary
from stats.refresh import NATIONAL
from stats.suppression import publish

FIGURES: dict[str, Any] = {
    "filed": _("Hồ sơ nộp"),
    "approved": _("Được hưởng trợ cấp"),
    "refused": _("Không được hưởng"),
}
#: Months in the national series.
SERIES_MONTHS = 12


@dataclass(frozen=True)
class PublicTable:
    title: str
    row_heading: str
    rows: list[str]
    columns: list[str]
    #: Published text, the totals row and column included (the last of each).
    cells: list[list[str]]

    def lines(self) -> list[tuple[str, list[str]]]:
        return list(zip([*self.rows, str(_("Tổng"))], self.cells, strict=True))

    def as_rows(self) -> list[list[str]]:
        header = [self.row_heading, *self.columns, str(_("Tổng"))]
        return [header, *[[label, *cells] for label, cells in self.lines()]]


def months_available() -> list[str]:
    return list(
        Summary.objects.filter(dimension="month", province_code=NATIONAL)
        .exclude(value="")
        .values_list("value", flat=True)
        .order_by("value")
        .distinct()
    )


def _sexes(present: set[str]) -> list[str]:
    return ["F", "M", *([""] if "" in present else [])]


def provinces_table(*, month: str, figure: str) -> PublicTable:
    """One month's figure by province (rows) and sex (columns)."""
    counts: dict[tuple[str, str], int] = {}
    for row in (
        Summary.objects.filter(dimension="month", value=month)
        .exclude(province_code=NATIONAL)
        .values("province_code", "sex")
        .order_by()
        .annotate(n=Sum(figure))
    ):
        counts[row["province_code"], row["sex"]] = row["n"] or 0
    # Every province with a claim at any time, so a month's table always has the same rows.
    seen = set(
        Summary.objects.filter(dimension="province").values_list("value", flat=True).distinct()
    )
    provinces = [code for code, _name in PROVINCES if code in seen]
    if "" in seen or any(p == "" for p, _s in counts):
        provinces.append("")
    sexes = _sexes({s for _p, s in counts if counts[_p, s]})
    matrix = [[counts.get((p, s), 0) for s in sexes] for p in provinces]
    return PublicTable(
        title=f"{FIGURES[figure]} — {value_label('month', month)}",
        row_heading=str(_("Tỉnh/thành phố")),
        rows=[province_name(p) if p else str(_("Không rõ")) for p in provinces],
        columns=[str(SEX_LABELS[s]) for s in sexes],
        cells=publish(matrix) if matrix else [],
    )


def months_table(*, figure: str, months: list[str]) -> PublicTable:
    """The whole country's figure by month (rows) and sex (columns)."""
    counts: dict[tuple[str, str], int] = {}
    for row in (
        Summary.objects.filter(dimension="month", value__in=months, province_code=NATIONAL)
        .values("value", "sex")
        .order_by()
        .annotate(n=Sum(figure))
    ):
        counts[row["value"], row["sex"]] = row["n"] or 0
    sexes = _sexes({s for _m, s in counts if counts[_m, s]})
    matrix = [[counts.get((m, s), 0) for s in sexes] for m in months]
    return PublicTable(
        title=f"{FIGURES[figure]} — {_('toàn quốc, theo tháng')}",
        row_heading=str(_("Tháng")),
        rows=[value_label("month", m) for m in months],
        columns=[str(SEX_LABELS[s]) for s in sexes],
        cells=publish(matrix) if matrix else [],
    )
