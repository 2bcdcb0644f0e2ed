"""Center staff: the queue of the center's claims (filters, sort, pages, CSV).

The center's dashboard (/can-bo/tong-quan/) is stats.center: it reads the statistics summaries.

What an officer searches for (a national ID, a name) never goes into a URL: the form is posted,
the search is kept in the session under a short random token, and the page redirects to a URL
that carries the token (`tim`) and the other filters. So neither the server's logs nor the
access log's paths hold a national ID, and a link copied from the address bar is no use to
anyone else (docs/adr/0011).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from typing import Any, cast

from django import forms
from django.http import HttpResponse, HttpResponseRedirect, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

import claims.queue.selectors as queue
from claims.core.access_log import staff_view_record
from claims.core.transitions import Status
from claims.models import Claim, ClaimFlag
from common.csv_export import SafeCsvWriter
from common.formatting import ascii_digits
from common.forms import AccessibleFormMixin
from common.provinces import PROVINCES
from identity.decorators import staff_role_required
from identity.http import AuthedRequest
from identity.models import EmploymentServiceCenter, User

PAGE_SIZE = 50
#: The GET parameter of the page cursor (kept out of the form: it is not a filter).
CURSOR_PARAM = "sau"
#: The page number of the orders other than the default one.
PAGE_PARAM = "trang"
#: The GET parameter naming a search kept in the session (never the search itself).
SEARCH_PARAM = "tim"
SORT_PARAM = "sap_xep"
SESSION_SEARCHES = "staff_queue_searches"
#: Searches kept per session (the oldest goes first): enough for the back button and tabs.
MAX_SEARCHES = 20
#: Parameters that are not filters: never copied from one link into the next as filters.
_NOT_FILTERS = {CURSOR_PARAM, PAGE_PARAM, SEARCH_PARAM, SORT_PARAM, "q", "csrfmiddlewaretoken"}

FLAG_LABELS: dict[str, Any] = {
    "employer_differs": _("Đơn vị khác với dữ liệu BHXH"),
    "termination_date_differs": _("Ngày chấm dứt khác với dữ liệu BHXH"),
    "contract_type_differs": _("Loại hợp đồng khác với dữ liệu BHXH"),
    "termination_reason_differs": _("Lý do chấm dứt khác với dữ liệu BHXH"),
    "contributions_after_termination": _("Có đóng BHXH sau khi nghỉ việc"),
    "other_employer_paying": _("Đơn vị khác vẫn đóng BHXH"),
    "receiving_pension": _("Đang hưởng lương hưu"),
    "benefit_active": _("Đang hưởng trợ cấp đợt trước"),
    "benefit_recent": _("Mới hưởng trợ cấp trong 12 tháng"),
    "reason_excluded": _("Lý do nghỉ việc không được hưởng"),
    "filed_after_deadline": _("Nộp quá hạn"),
    "salary_above_ceiling": _("Tiền lương vượt mức trần"),
    "employer_reason_disputed": _("Lý do chấm dứt khác với doanh nghiệp báo"),
}


def flag_label(code: str) -> str:
    return str(FLAG_LABELS.get(code, code))


class QueueFilterForm(AccessibleFormMixin, forms.Form):
    """The queue's filters (GET). Invalid values are reported and left out; never a 500."""

    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=100,
        help_text=_("Số hồ sơ (TCTN-2026-000123), số định danh 12 số, hoặc họ tên người lao động"),
    )
    trang_thai = forms.ChoiceField(label=_("Trạng thái"), required=False)
    canh_bao = forms.ChoiceField(label=_("Cảnh báo"), required=False)
    don_vi = forms.CharField(
        label=_("Đơn vị sử dụng lao động"),
        required=False,
        max_length=100,
        help_text=_("Mã số thuế hoặc một phần tên đơn vị"),
    )
    tinh = forms.ChoiceField(
        label=_("Tỉnh, thành phố nơi cư trú của người lao động"), required=False
    )
    nop_tu = forms.DateField(
        label=_("Nộp từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    nop_den = forms.DateField(
        label=_("Nộp đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    thu_ly = forms.ChoiceField(label=_("Cán bộ thụ lý"), required=False)
    qua_han = forms.BooleanField(label=_("Chỉ hồ sơ đã quá hạn"), required=False)
    sap_xep = forms.ChoiceField(label=_("Sắp xếp theo"), required=False)

    def __init__(self, *args: Any, colleagues: list[User], user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices(
            "trang_thai",
            [
                (queue.STATUS_OPEN, _("Đang chờ giải quyết")),
                (queue.STATUS_ALL, _("Tất cả")),
                *[(v, label) for v, label in Status.choices if v != Status.DRAFT],
            ],
        )
        self._set_choices(
            "canh_bao",
            [
                ("", _("Tất cả")),
                (queue.FLAG_NONE, _("Hồ sơ sạch (không cảnh báo)")),
                *[
                    (v, _("Có cảnh báo: %(s)s") % {"s": label})
                    for v, label in ClaimFlag.Severity.choices
                ],
                *[(code, flag_label(code)) for code in queue.FLAG_CODES],
            ],
        )
        self._set_choices("tinh", [("", _("Tất cả")), *PROVINCES])
        self._set_choices("sap_xep", sort_choices())
        self._set_choices(
            "thu_ly",
            [
                ("", _("Tất cả")),
                (queue.ASSIGNEE_ME, _("Tôi")),
                (queue.ASSIGNEE_NONE, _("Chưa phân công")),
                *[(str(c.pk), c.display_name) for c in colleagues if c.pk != user.pk],
            ],
        )

    def _set_choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def clean_q(self) -> str:
        value = cast(str, self.cleaned_data.get("q") or "").strip()
        if value and not (queue.REFERENCE_RE.match(value) or queue.PERSONAL_ID_RE.match(value)):
            if ascii_digits(value):
                raise forms.ValidationError(
                    _("Số định danh cá nhân gồm đúng 12 chữ số."), code="personal_id"
                )
            if len(value) < 2:
                raise forms.ValidationError(_("Hãy nhập ít nhất 2 ký tự của họ tên."), code="short")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("nop_tu"), cleaned.get("nop_den")
        if start and end and start > end:
            self.add_error("nop_den", _("Ngày “nộp đến” phải sau hoặc bằng ngày “nộp từ”."))
        return cleaned

    def filters(self) -> queue.QueueFilters:
        """The valid filters (a field with an error is simply not applied)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return queue.QueueFilters(
            status=data.get("trang_thai") or queue.STATUS_OPEN,
            flag=data.get("canh_bao") or "",
            employer=data.get("don_vi") or "",
            province=data.get("tinh") or "",
            submitted_from=data.get("nop_tu"),
            submitted_to=data.get("nop_den"),
            assignee=data.get("thu_ly") or "",
            search=data.get("q") or "",
            overdue_only=bool(data.get("qua_han")),
            **parse_sort(data.get("sap_xep") or ""),
        )


#: The queue's columns that can be sorted, with their names (the table's headers).
SORT_LABELS: dict[str, Any] = {
    "han": _("Hạn giải quyết"),
    "so_ho_so": _("Số hồ sơ"),
    "ho_ten": _("Người lao động"),
    "don_vi": _("Đơn vị"),
    "trang_thai": _("Trạng thái"),
    "canh_bao": _("Cảnh báo"),
    "thu_ly": _("Thụ lý"),
    "ngay_nop": _("Ngày nộp"),
}


def sort_choices() -> list[tuple[str, Any]]:
    """Every column in both directions: the sort select of the filter form (phones)."""
    choices: list[tuple[str, Any]] = []
    for key in SORT_LABELS:
        choices.append((key, _("%(c)s, tăng dần") % {"c": SORT_LABELS[key]}))
        choices.append((f"-{key}", _("%(c)s, giảm dần") % {"c": SORT_LABELS[key]}))
    return choices


def parse_sort(value: str) -> dict[str, Any]:
    """`han` / `-han` -> QueueFilters' sort and descending (an unknown key: the default)."""
    key = value.removeprefix("-")
    if key not in queue.SORT_FIELDS:
        return {"sort": queue.SORT_DEFAULT, "descending": False}
    return {"sort": key, "descending": value.startswith("-")}


def _center(request: AuthedRequest) -> EmploymentServiceCenter:
    # staff_role_required guarantees a center.
    return cast(EmploymentServiceCenter, request.user.center)


def _filter_form(request: AuthedRequest, data: QueryDict | None) -> QueueFilterForm:
    colleagues = list(queue.center_colleagues(center=_center(request)))
    form = QueueFilterForm(data or None, colleagues=colleagues, user=request.user)
    if form.is_bound:
        form.is_valid()
    return form


def _remember_search(request: AuthedRequest, text: str) -> str:
    """Keep `text` in the session; the token that names it goes into the URL instead."""
    searches = dict(request.session.get(SESSION_SEARCHES) or {})
    token = secrets.token_urlsafe(6)
    searches[token] = text
    request.session[SESSION_SEARCHES] = dict(list(searches.items())[-MAX_SEARCHES:])
    return token


def _data_from_url(request: AuthedRequest) -> tuple[QueryDict, bool]:
    """The filters of a GET: the URL's, plus the search its token names in the session.

    Returns the data and whether the URL named a search this session no longer holds.
    """
    data = request.GET.copy()
    token = data.get(SEARCH_PARAM, "")
    if not token:
        return data, False
    text = (request.session.get(SESSION_SEARCHES) or {}).get(token)
    if text is None:
        return data, True
    data["q"] = text
    return data, False


def _filter_pairs(data: QueryDict) -> list[tuple[str, str]]:
    return [(k, v) for k, values in data.lists() if k not in _NOT_FILTERS for v in values]


def _query(pairs: list[tuple[str, str]]) -> str:
    return urlencode([(k, v) for k, v in pairs if v != ""])


def _redirect_without_search(request: AuthedRequest, data: QueryDict) -> HttpResponseRedirect:
    """303 to the queue with the filters of `data`, its search (q) replaced by a token."""
    pairs = _filter_pairs(data)
    sort = data.get(SORT_PARAM, "")
    if sort:
        pairs.append((SORT_PARAM, sort))
    text = (data.get("q") or "").strip()
    if text:
        pairs.append((SEARCH_PARAM, _remember_search(request, text)))
    query = _query(pairs)
    response = HttpResponseRedirect(reverse("staff:queue") + (f"?{query}" if query else ""))
    response.status_code = 303
    return response


def _page_number(request: AuthedRequest) -> int:
    raw = request.GET.get(PAGE_PARAM, "")
    return int(raw) if ascii_digits(raw) and 0 < len(raw) < 7 else 1


def claim_url(claim: Claim) -> str:
    """The claim page for staff (claims/urls_review.py, name "claim")."""
    try:
        return reverse("staff:claim", args=[claim.public_id])
    except NoReverseMatch:
        return f"/can-bo/ho-so/{claim.public_id}/"


#: The table's columns, left to right (the submission date is sorted from the form's select).
TABLE_COLUMNS = ("so_ho_so", "ho_ten", "don_vi", "trang_thai", "han", "canh_bao", "thu_ly")


def _sort_headers(
    filters: queue.QueueFilters, pairs: list[tuple[str, str]]
) -> list[dict[str, Any]]:
    """For each column: its sort link (the other direction when it is the current order), its
    aria-sort value and what the link does, in words."""
    headers: list[dict[str, Any]] = []
    for key in TABLE_COLUMNS:
        current = filters.sort == key
        descending_next = current and not filters.descending
        value = f"-{key}" if descending_next else key
        headers.append(
            {
                "key": key,
                "label": SORT_LABELS[key],
                "query": _query([*pairs, (SORT_PARAM, value)]),
                "aria_sort": (
                    ("descending" if filters.descending else "ascending") if current else "none"
                ),
                "action": _("sắp xếp giảm dần") if descending_next else _("sắp xếp tăng dần"),
            }
        )
    return headers


@require_http_methods(["GET", "POST"])
@staff_role_required("officer", "signer")
def queue_view(request: AuthedRequest) -> HttpResponse:
    search_expired = False
    if request.method == "POST":
        form = _filter_form(request, request.POST)
        if form.is_valid():
            return _redirect_without_search(request, request.POST)
        # Shown as posted (the error next to its field), with the valid filters applied.
        pairs = _filter_pairs(request.POST)
    else:
        if "q" in request.GET:  # a hand-typed or old link: move the search out of the URL
            return _redirect_without_search(request, request.GET)
        data, search_expired = _data_from_url(request)
        form = _filter_form(request, data)
        pairs = _filter_pairs(data)
        if request.GET.get(SEARCH_PARAM) and not search_expired:
            pairs.append((SEARCH_PARAM, request.GET[SEARCH_PARAM]))
    filters = form.filters()
    after = None
    raw_cursor = request.GET.get(CURSOR_PARAM, "")
    cursor_error = False
    if raw_cursor and filters.keyset_order:
        try:
            after = queue.Cursor.decode(raw_cursor)
        except queue.BadCursor:
            cursor_error = True
    today = timezone.localdate()
    page = queue.queue_page(
        center=_center(request),
        filters=filters,
        user=request.user,
        after=after,
        limit=PAGE_SIZE,
        today=today,
        page_number=_page_number(request),
    )
    staff_view_record(request=request, claim=None, page="queue")
    sort_value = ("-" if filters.descending else "") + filters.sort
    sort_pairs = [] if filters.keyset_order else [(SORT_PARAM, sort_value)]
    base_query = _query([*pairs, *sort_pairs])
    # Labels looked up once per page (get_FOO_display rebuilds its choices dict on every call).
    status_labels = {value: str(label) for value, label in Status.choices}
    severity_labels = {value: str(label) for value, label in ClaimFlag.Severity.choices}
    rows = [
        {
            "row": row,
            "url": claim_url(row.claim),
            "status": status_labels.get(row.claim.status, row.claim.status),
            # The severity in words, as the flag filter names it ("Có cảnh báo: Chặn").
            "flags": [
                (f.severity, severity_labels.get(f.severity, f.severity), flag_label(f.code))
                for f in row.flags
            ],
        }
        for row in page.rows
    ]
    next_query = None
    if page.next_cursor is not None:
        next_query = _query([*pairs, (CURSOR_PARAM, page.next_cursor.encode())])
    elif page.page_number is not None and page.has_next:
        next_query = _query([*pairs, *sort_pairs, (PAGE_PARAM, str(page.page_number + 1))])
    return render(
        request,
        "claims/staff/queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "cursor_error": cursor_error,
            "search_expired": search_expired,
            "is_later_page": after is not None or (page.page_number or 1) > 1,
            "next_query": next_query,
            "base_query": base_query,
            "sort_headers": _sort_headers(filters, pairs),
            "sorted_by_deadline": filters.keyset_order,
            "sort_label": dict(sort_choices()).get(sort_value, ""),
            "today": today,
        },
    )


def _csv_lines(rows: Iterator[queue.QueueRow]) -> Iterator[str]:
    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = SafeCsvWriter(Echo())  # a name like "=HYPERLINK(...)" stays text
    yield "\ufeff"  # BOM: Excel then reads the file as UTF-8 (Vietnamese names intact)
    yield writer.writerow(
        [
            gettext("Số hồ sơ"),
            gettext("Trạng thái"),
            gettext("Họ và tên"),
            gettext("Số định danh cá nhân"),
            gettext("Mã số thuế đơn vị"),
            gettext("Tên đơn vị"),
            gettext("Ngày chấm dứt hợp đồng"),
            gettext("Ngày nộp"),
            gettext("Hạn giải quyết"),
            gettext("Thời hạn"),
            gettext("Cảnh báo"),
            gettext("Cán bộ thụ lý"),
        ]
    )
    for row in rows:
        claim = row.claim
        yield writer.writerow(
            [
                claim.reference or "",
                claim.get_status_display(),
                claim.citizen.full_name,
                claim.personal_id,
                claim.employer_tax_code,
                claim.employer_name,
                claim.termination_date.isoformat() if claim.termination_date else "",
                timezone.localtime(claim.submitted_at).date().isoformat()
                if claim.submitted_at
                else "",
                claim.decision_due.isoformat() if claim.decision_due else "",
                deadline_text(row.deadline),
                "; ".join(flag_label(f.code) for f in row.flags),
                claim.assignee.display_name if claim.assignee else "",
            ]
        )


def deadline_text(deadline: queue.Deadline) -> str:
    if deadline.due is None:
        return ""
    if deadline.days_overdue:
        return gettext("quá hạn %(n)s ngày làm việc") % {"n": deadline.days_overdue}
    if deadline.days_left == 0:
        return gettext("hết hạn hôm nay")
    return gettext("còn %(n)s ngày làm việc") % {"n": deadline.days_left}


def _queue_csv(request: AuthedRequest) -> StreamingHttpResponse:
    data, _expired = _data_from_url(request)
    form = _filter_form(request, data)
    today = timezone.localdate()
    rows = queue.queue_rows_all(
        center=_center(request), filters=form.filters(), user=request.user, today=today
    )
    staff_view_record(request=request, claim=None, page="queue_csv")
    response = StreamingHttpResponse(_csv_lines(iter(rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hang-doi-{today.isoformat()}.csv"'
    return response


# The role decorator is typed for HttpResponse views; a streaming response is just as good to it.
queue_csv = staff_role_required("officer", "signer")(
    cast("Callable[..., HttpResponse]", _queue_csv)
)
