"""The statistics pages: the analyst's dashboard, a table per dimension, spending and its
projection, the closure scenario, downloads, and the public open-data page.

Thin: each view reads one selector over the summary tables and renders it; no view reads a
claim or a person.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from common.formatting import dong, month_label
from common.forms import AccessibleFormMixin
from common.provinces import PROVINCES, province_name
from stats import charts, exports, public
from stats.access import PROVINCE_PARAM, analyst_required, own_province, requested_province
from stats.dimensions import BY_CODE, BY_SLUG, DIMENSIONS, SEX_LABELS
from stats.path import PATH_DIMENSIONS
from stats.scenario import MAX_WORKERS, ScenarioError, closure_scenario
from stats.selectors import Table, refresh_state, spending, summary_table
from stats.templatetags.stats_tags import percent  # the pages' share format, for the summaries

FORMATS = ("csv", "xlsx")


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404
    return fmt


def _scope(request: HttpRequest) -> str | None:
    return requested_province(request.user, request.GET.get(PROVINCE_PARAM))


def _context(request: HttpRequest, province: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "province": province,
        "province_label": province_name(province) if province else gettext("Toàn quốc"),
        "can_choose_province": own_province(request.user) is None,
        "provinces": PROVINCES,
        "dimensions": DIMENSIONS,
        "state": refresh_state(),
        "query": f"?{PROVINCE_PARAM}={province}" if province else "",
        **extra,
    }


def _series_sentence(labels: list[str], values: list[int], what: str) -> str:
    if not values:
        return gettext("Chưa có số liệu.")
    peak = max(range(len(values)), key=lambda i: values[i])
    return gettext(
        "%(what)s: %(first)s hồ sơ trong %(first_month)s, %(last)s hồ sơ trong %(last_month)s; "
        "cao nhất %(peak)s hồ sơ trong %(peak_month)s."
    ) % {
        "what": what,
        "first": values[0],
        "first_month": labels[0],
        "last": values[-1],
        "last_month": labels[-1],
        "peak": values[peak],
        "peak_month": labels[peak],
    }


def _gap_sentence(table: Table) -> str:
    women, men = table.total.women, table.total.men
    if women.approval_rate is None or men.approval_rate is None:
        return gettext("Chưa đủ quyết định của cả nữ và nam để so sánh.")
    return gettext(
        "Tỷ lệ được hưởng của nữ là %(w)s, của nam là %(m)s; mức hưởng bình quân của nữ "
        "%(wb)s, của nam %(mb)s."
    ) % {
        "w": percent(women.approval_rate),
        "m": percent(men.approval_rate),
        "wb": dong(women.average_benefit),
        "mb": dong(men.average_benefit),
    }


@require_GET
@analyst_required
def dashboard(request: HttpRequest) -> HttpResponse:
    province = _scope(request)
    months = summary_table(dimension="month", province=province)
    recent = months.rows[-12:]
    labels = [r.label for r in recent]
    filed = [r.everyone.filed for r in recent]
    decided = [r.everyone.decided for r in recent]
    time_chart = charts.line_chart(
        labels=labels,
        series=[
            charts.Series(gettext("Hồ sơ nộp"), filed),
            charts.Series(gettext("Hồ sơ đã quyết định"), decided),
        ],
        title=gettext("Hồ sơ nộp và hồ sơ đã quyết định theo tháng"),
        description=_series_sentence(labels, filed, gettext("Hồ sơ nộp")),
    )
    ages = summary_table(dimension="age_band", province=province)
    gap_chart = charts.bar_chart(
        labels=[r.label for r in ages.rows],
        series=[
            charts.Series(
                str(SEX_LABELS["F"]),
                [
                    None if r.women.approval_rate is None else r.women.approval_rate * 100
                    for r in ages.rows
                ],
            ),
            charts.Series(
                str(SEX_LABELS["M"]),
                [
                    None if r.men.approval_rate is None else r.men.approval_rate * 100
                    for r in ages.rows
                ],
            ),
        ],
        title=gettext("Tỷ lệ được hưởng của nữ và nam theo độ tuổi (%)"),
        description=_gap_sentence(ages),
        unit="%",
    )
    by_province = None
    provinces = None
    if province is None:
        provinces = summary_table(dimension="province")
        by_province = charts.bar_chart(
            labels=[r.label for r in provinces.rows],
            series=[
                charts.Series(gettext("Hồ sơ nộp"), [r.everyone.filed for r in provinces.rows])
            ],
            title=gettext("Hồ sơ nộp theo tỉnh, thành phố"),
            description=gettext("Số hồ sơ nộp của từng tỉnh, thành phố; bảng số liệu ở dưới."),
        )
    return render(
        request,
        "stats/dashboard.html",
        _context(
            request,
            province,
            total=months.total,
            recent=recent,
            time_chart=time_chart,
            time_summary=_series_sentence(labels, filed, gettext("Hồ sơ nộp")),
            ages=ages,
            gap_chart=gap_chart,
            gap_summary=_gap_sentence(ages),
            by_province=by_province,
            province_table=provinces,
        ),
    )


def _dimension(slug: str) -> Any:
    spec = BY_SLUG.get(slug)
    if spec is None:
        raise Http404
    return spec


@require_GET
@analyst_required
def table(request: HttpRequest, slug: str) -> HttpResponse:
    spec = _dimension(slug)
    province = _scope(request)
    figures = summary_table(dimension=spec.code, province=province)
    rows = figures.rows[-24:] if spec.code == "month" else figures.rows
    measure = {"refusal_reason": "refused", "termination_ground": "terminated"}.get(
        spec.code, "filed"
    )
    chart = charts.bar_chart(
        labels=[r.label for r in rows],
        series=[
            charts.Series(str(SEX_LABELS["F"]), [getattr(r.women, measure) for r in rows]),
            charts.Series(str(SEX_LABELS["M"]), [getattr(r.men, measure) for r in rows]),
        ],
        title=f"{spec.title}: {gettext('nữ và nam')}",
        description=_gap_sentence(figures),
    )
    return render(
        request,
        "stats/table.html",
        _context(
            request,
            province,
            spec=spec,
            table=figures,
            rows=rows,
            chart=chart,
            measure=measure,
            summary=_gap_sentence(figures),
        ),
    )


@require_GET
@analyst_required
def table_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    spec = _dimension(slug)
    province = _scope(request)
    figures = summary_table(dimension=spec.code, province=province)
    name = f"thong-ke-{spec.slug}-{province or 'toan-quoc'}-{timezone.localdate():%Y%m%d}"
    return exports.download(exports.table_rows(figures), name, _format(fmt))


@require_GET
@analyst_required
def spending_view(request: HttpRequest) -> HttpResponse:
    province = _scope(request)
    figures = spending(province=province)
    labels = [month_label(m.month) for m in figures.projection]
    chart = charts.bar_chart(
        labels=labels,
        series=[
            charts.Series(gettext("Đã cam kết"), [m.committed for m in figures.projection]),
            charts.Series(
                gettext("Từ hồ sơ đang xem xét"), [m.pipeline for m in figures.projection]
            ),
        ],
        title=gettext("Dự báo chi trả 12 tháng tới (đồng)"),
        description=gettext("Tổng dự báo 12 tháng: %(total)s.")
        % {"total": dong(figures.projection_total)},
    )
    return render(
        request,
        "stats/spending.html",
        _context(request, province, spending=figures, chart=chart),
    )


@require_GET
@analyst_required
def spending_download(request: HttpRequest, fmt: str) -> HttpResponse:
    province = _scope(request)
    name = f"chi-tra-du-bao-{province or 'toan-quoc'}-{timezone.localdate():%Y%m%d}"
    return exports.download(exports.spending_rows(spending(province=province)), name, _format(fmt))


class ScenarioForm(AccessibleFormMixin, forms.Form):
    so_nguoi = forms.IntegerField(
        label=_("Số người lao động mất việc"),
        min_value=1,
        max_value=MAX_WORKERS,
        error_messages={
            "required": _("Nhập số người lao động"),
            "invalid": _("Số người lao động phải là một số nguyên"),
            "min_value": _("Số người lao động phải từ 1 trở lên"),
            "max_value": _("Số người lao động quá lớn"),
        },
    )
    tinh_thanh = forms.ChoiceField(
        label=_("Tỉnh, thành phố"),
        choices=PROVINCES,
        error_messages={"required": _("Chọn tỉnh, thành phố")},
    )
    ma_so_thue = forms.RegexField(
        label=_("Mã số thuế của đơn vị có mức lương tương tự"),
        regex=r"^\d{10}(-\d{3})?$",
        help_text=_("10 chữ số (hoặc 10 chữ số, gạch ngang, 3 chữ số)."),
        error_messages={
            "required": _("Nhập mã số thuế của đơn vị"),
            "invalid": _("Mã số thuế gồm 10 chữ số, có thể thêm gạch ngang và 3 chữ số"),
        },
    )

    def __init__(self, *args: Any, province: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if province is not None:
            field = self.fields["tinh_thanh"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 - for the type checker
            field.choices = [(province, province_name(province))]
        self.fields["so_nguoi"].widget.attrs.update({"inputmode": "numeric", "class": "input"})
        self.fields["ma_so_thue"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "class": "input"}
        )
        self.fields["tinh_thanh"].widget.attrs.update({"class": "select"})


@require_GET
@analyst_required
def scenario(request: HttpRequest) -> HttpResponse:
    province = own_province(request.user)
    submitted = "so_nguoi" in request.GET
    form = ScenarioForm(request.GET if submitted else None, province=province)
    result = None
    if submitted and form.is_valid():
        try:
            result = closure_scenario(
                workers=form.cleaned_data["so_nguoi"],
                province=form.cleaned_data["tinh_thanh"],
                tax_code=form.cleaned_data["ma_so_thue"],
                on=timezone.localdate(),
            )
        except ScenarioError as error:
            form.add_error("ma_so_thue", str(error))
    status = 400 if submitted and form.errors else 200
    return render(
        request,
        "stats/scenario.html",
        _context(request, province, form=form, result=result),
        status=status,
    )


def _public_choices(request: HttpRequest) -> tuple[list[str], str, str]:
    months = public.months_available()
    month = request.GET.get("thang") or (months[-1] if months else "")
    figure = request.GET.get("chi_so") or "filed"
    if figure not in public.FIGURES or (months and month not in months):
        raise Http404
    return months, month, figure


@require_GET
def public_page(request: HttpRequest) -> HttpResponse:
    """Open data, no login: the monthly figures, national and by province, suppressed."""
    months, month, figure = _public_choices(request)
    context: dict[str, Any] = {
        "months": [(m, month_label(date.fromisoformat(m + "-01"))) for m in months],
        "month": month,
        "figure": figure,
        "figures": list(public.FIGURES.items()),
        "state": refresh_state(),
    }
    if months:
        context["by_province"] = public.provinces_table(month=month, figure=figure)
        context["by_month"] = public.months_table(
            figure=figure, months=months[-public.SERIES_MONTHS :]
        )
    return render(request, "stats/public.html", context)


@require_GET
def public_download(request: HttpRequest, fmt: str) -> HttpResponse:
    _format(fmt)
    months, month, figure = _public_choices(request)
    if not months:
        raise Http404
    by_province = public.provinces_table(month=month, figure=figure)
    by_month = public.months_table(figure=figure, months=months[-public.SERIES_MONTHS :])
    rows = [[by_province.title], *by_province.as_rows(), [], [by_month.title], *by_month.as_rows()]
    return exports.download(rows, f"so-lieu-mo-{figure}-{month}", fmt)


# --- the path back to work (issue 18: training support and job placement) ---------------


def _path_dimension(slug: str | None) -> Any:
    if slug is None:
        return BY_CODE["province"]
    spec = next((BY_CODE[c] for c in PATH_DIMENSIONS if BY_CODE[c].slug == slug), None)
    if spec is None:
        raise Http404
    return spec


@require_GET
@analyst_required
def path_view(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    spec = _path_dimension(slug)
    province = _scope(request)
    figures = summary_table(dimension=spec.code, province=province)
    rows = figures.rows[-24:] if spec.code == "month" else figures.rows
    if spec.code in ("vacancy_sector", "country"):
        # Vacancies and program interests are not a person's: no sex to split by.
        series = [
            charts.Series(gettext("Vị trí cần tuyển"), [r.everyone.vac_positions for r in rows]),
            charts.Series(
                gettext("Đăng ký quan tâm đi làm việc ở nước ngoài"),
                [r.everyone.program_interests for r in rows],
            ),
        ]
    else:
        series = [
            charts.Series(str(SEX_LABELS[sex]), [getattr(r, attr).tr_submitted for r in rows])
            for sex, attr in (("F", "women"), ("M", "men"))
        ] + [
            charts.Series(
                gettext("Lượt giới thiệu việc làm (tổng)"), [r.everyone.offers_made for r in rows]
            )
        ]
    total = figures.total
    summary = gettext(
        "Đơn hỗ trợ học nghề: %(tr)s (nữ %(trw)s, nam %(trm)s); tỷ lệ được hỗ trợ của nữ "
        "%(sw)s, của nam %(sm)s. Lượt giới thiệu việc làm: %(of)s, nhận lời %(acc)s."
    ) % {
        "tr": total.everyone.tr_submitted,
        "trw": total.women.tr_submitted,
        "trm": total.men.tr_submitted,
        "sw": percent(total.women.training_approval_share),
        "sm": percent(total.men.training_approval_share),
        "of": total.everyone.offers_made,
        "acc": total.everyone.offers_accepted,
    }
    chart = charts.bar_chart(
        labels=[r.label for r in rows],
        series=series,
        title=f"{gettext('Con đường trở lại làm việc')}: {spec.title}",
        description=summary,
    )
    return render(
        request,
        "stats/path.html",
        _context(
            request,
            province,
            spec=spec,
            table=figures,
            rows=rows,
            chart=chart,
            summary=summary,
            path_dimensions=[BY_CODE[c] for c in PATH_DIMENSIONS],
        ),
    )


@require_GET
@analyst_required
def path_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    spec = _path_dimension(slug)
    province = _scope(request)
    figures = summary_table(dimension=spec.code, province=province)
    name = f"thong-ke-viec-lam-{spec.slug}-{province or 'toan-quoc'}-{timezone.localdate():%Y%m%d}"
    return exports.download(exports.table_rows(figures, path=True), name, _format(fmt))
