"""Employers' pages: the enterprise's notices, the list's upload, checks and fixes, colleagues.

Thin: each view finds the enterprise the signed-in user acts for (employers.selectors), reads
or calls one service, and renders. Another enterprise's notice or list is "not found" (404),
never a hint that it exists. Every page that shows workers' data writes the access log.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.csv_export import SafeCsvWriter
from common.progress import time_left, time_left_text
from employers import selectors, services
from employers.checks import STORE
from employers.forms import ColleagueForm, NoticeForm, UploadForm, WorkerRowForm
from employers.models import LayoffNotice, WorkerListDraft
from employers.rows import FIELDS, HEADERS_VI, ListFileError, csv_template, xlsx_template
from identity.models import User

SESSION_KEY = "employer_tax_code"
#: Rows without error shown on one page of the list's check.
ROWS_PER_PAGE = 100


def employer_login_url(next_url: str) -> str:
    """The VNeID sign-in as an organisation (scope "organisation"), back to `next_url`."""
    base = reverse("openid_connect_login", args=["vneid"])
    return f"{base}?{urlencode({'scope': 'organisation', 'next': next_url})}"


def current_tax_code(request: HttpRequest) -> str | None:
    codes = selectors.represented_tax_codes(request.user)
    if not codes:
        return None
    chosen = request.session.get(SESSION_KEY)
    return chosen if chosen in codes else codes[0]


View = Callable[..., HttpResponseBase]


def employer_required(view: View) -> View:
    """Signed in and acting for an enterprise; `tax_code` is passed to the view."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect(
                reverse("employers:login") + "?" + urlencode({"next": request.get_full_path()})
            )
        tax_code = current_tax_code(request)
        if tax_code is None:
            return render(request, "employers/not_an_employer.html", status=403)
        response = view(request, *args, tax_code=tax_code, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    return cast(View, wrapper)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _notice_or_404(tax_code: str, notice_id: int) -> LayoffNotice:
    notice = selectors.enterprise_notice(tax_code, notice_id)
    if notice is None:
        raise Http404
    return notice


def _draft_or_404(notice: LayoffNotice, draft_id: int) -> WorkerListDraft:
    draft = notice.drafts.filter(pk=draft_id).first()
    if draft is None:
        raise Http404
    return draft


def _enterprise_context(tax_code: str) -> dict[str, Any]:
    info = services.enterprise_info(tax_code)
    return {"tax_code": tax_code, "enterprise_name": info.name if info else tax_code}


# --- Sign-in and the enterprise's home ------------------------------------------------------------


@require_GET
def login(request: HttpRequest) -> HttpResponse:
    next_url = request.GET.get("next") or reverse("employers:home")
    if not next_url.startswith("/") or next_url.startswith("//"):
        next_url = reverse("employers:home")
    return render(
        request,
        "employers/login.html",
        {
            "organisation_login_url": employer_login_url(next_url),
            "personal_login_url": reverse("openid_connect_login", args=["vneid"])
            + "?"
            + urlencode({"next": next_url}),
        },
    )


@never_cache
@employer_required
def home(request: HttpRequest, *, tax_code: str) -> HttpResponse:
    codes = selectors.represented_tax_codes(request.user)
    return render(
        request,
        "employers/home.html",
        {
            **_enterprise_context(tax_code),
            "notices": selectors.enterprise_notices(tax_code),
            "several": len(codes) > 1,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def choose(request: HttpRequest) -> HttpResponseBase:
    """Pick the enterprise to act for (a colleague of several)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("employers:login"))
    codes = selectors.represented_tax_codes(request.user)
    if not codes:
        return render(request, "employers/not_an_employer.html", status=403)
    if request.method == "POST":
        chosen = request.POST.get("tax_code", "")
        if chosen in codes:
            request.session[SESSION_KEY] = chosen
            return redirect("employers:home")
        messages.error(request, _("Chọn một doanh nghiệp trong danh sách."))
    enterprises = []
    for code in codes:
        info = services.enterprise_info(code)
        enterprises.append({"tax_code": code, "name": info.name if info else code})
    return render(request, "employers/choose.html", {"enterprises": enterprises})


@never_cache
@require_http_methods(["GET", "POST"])
@employer_required
def colleagues(request: HttpRequest, *, tax_code: str) -> HttpResponse:
    form = ColleagueForm(request.POST or None)
    status = 200
    if request.method == "POST" and "remove" in request.POST:
        try:
            services.colleague_remove(
                actor=_user(request), tax_code=tax_code, colleague_id=int(request.POST["remove"])
            )
        except (services.EmployerError, ValueError):
            messages.error(request, _("Không tìm thấy người đại diện này."))
        else:
            messages.success(request, _("Đã bỏ quyền đại diện của người này."))
        return redirect("employers:colleagues")
    if request.method == "POST":
        if form.is_valid():
            try:
                services.colleague_add(
                    actor=_user(request),
                    tax_code=tax_code,
                    personal_id=form.cleaned_data["personal_id"],
                    full_name=form.cleaned_data["full_name"],
                )
            except services.EmployerError as exc:
                form.add_error("personal_id", str(exc))
            else:
                messages.success(
                    request,
                    _("Đã thêm người đại diện. Họ đăng nhập bằng VNeID của chính họ."),
                )
                return redirect("employers:colleagues")
        status = 400
    services.access_record(request=request, tax_code=tax_code, page="employer_colleagues")
    return render(
        request,
        "employers/colleagues.html",
        {
            **_enterprise_context(tax_code),
            "form": form,
            "colleagues": selectors.enterprise_colleagues(tax_code),
        },
        status=status,
    )


# --- Notices ----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@employer_required
def notice_new(request: HttpRequest, *, tax_code: str) -> HttpResponse:
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_create(
                actor=_user(request),
                tax_code=tax_code,
                reason=form.cleaned_data["reason"],
                planned_termination_date=form.cleaned_data["planned_termination_date"],
                note=form.cleaned_data["note"],
            )
        except services.EmployerError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("employers:notice", notice_id=notice.pk)
    return render(
        request,
        "employers/notice_new.html",
        {**_enterprise_context(tax_code), "form": form},
        status=400 if form.errors else 200,
    )


def _row_form(initial: dict[str, str] | None = None, data: Any = None) -> WorkerRowForm:
    return WorkerRowForm(data, initial=initial or {})


@never_cache
@require_GET
@employer_required
def notice(request: HttpRequest, notice_id: int, *, tax_code: str) -> HttpResponse:
    item = _notice_or_404(tax_code, notice_id)
    workers = Paginator(selectors.notice_workers(item), ROWS_PER_PAGE).get_page(
        request.GET.get("trang")
    )
    services.access_record(request=request, tax_code=tax_code, page="notice", notice=item)
    return render(
        request,
        "employers/notice.html",
        {
            **_enterprise_context(tax_code),
            "notice": item,
            "workers": workers,
            "draft": selectors.open_draft(item),
            "upload_form": UploadForm(),
            "row_form": _row_form(),
        },
    )


@require_POST
@employer_required
def upload(request: HttpRequest, notice_id: int, *, tax_code: str) -> HttpResponse:
    item = _notice_or_404(tax_code, notice_id)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            draft = services.draft_from_file(
                actor=_user(request),
                notice=item,
                file_name=upload_file.name or "",
                data=upload_file.read(),
            )
        except (ListFileError, services.EmployerError) as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("employers:draft", notice_id=item.pk, draft_id=draft.pk)
    return render(
        request,
        "employers/notice.html",
        {
            **_enterprise_context(tax_code),
            "notice": item,
            "workers": Paginator(selectors.notice_workers(item), ROWS_PER_PAGE).get_page(1),
            "draft": selectors.open_draft(item),
            "upload_form": form,
            "row_form": _row_form(),
        },
        status=400,
    )


@require_POST
@employer_required
def row_add(request: HttpRequest, notice_id: int, *, tax_code: str) -> HttpResponse:
    item = _notice_or_404(tax_code, notice_id)
    form = _row_form(data=request.POST)
    form.is_valid()
    values = {f: str(form.cleaned_data.get(f, "") or "") for f in FIELDS}
    try:
        draft = services.draft_row_add(actor=_user(request), notice=item, values=values)
    except services.EmployerError as exc:
        messages.error(request, str(exc))
        return redirect("employers:notice", notice_id=item.pk)
    return redirect("employers:draft", notice_id=item.pk, draft_id=draft.pk)


def _draft_rows(draft: WorkerListDraft) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    bad, good = [], []
    for raw in draft.rows:
        key = str(raw["row"])
        errors = {f: m for f, m in (draft.errors or {}).get(key, {}).items() if f != STORE}
        entry = {"key": key, "values": [raw.get(f, "") for f in FIELDS], "raw": raw}
        if errors:
            entry["errors"] = [
                (str(HEADERS_VI.get(f, _("Dòng"))), message) for f, message in errors.items()
            ]
            bad.append(entry)
        else:
            good.append(entry)
    return bad, good


def _progress(draft: WorkerListDraft) -> dict[str, Any]:
    left = time_left(
        done=draft.done, total=draft.total, started_at=draft.started_at, now=timezone.now()
    )
    return {
        "done": draft.done,
        "total": draft.total,
        "percent": round(100 * draft.done / draft.total) if draft.total else 100,
        "finished": draft.status != WorkerListDraft.Status.CHECKING,
        "time_left": time_left_text(left),
    }


@never_cache
@require_GET
@employer_required
def draft(request: HttpRequest, notice_id: int, draft_id: int, *, tax_code: str) -> HttpResponse:
    item = _notice_or_404(tax_code, notice_id)
    lst = _draft_or_404(item, draft_id)
    services.access_record(request=request, tax_code=tax_code, page="notice_list", notice=item)
    bad, good = _draft_rows(lst)
    return render(
        request,
        "employers/draft.html",
        {
            **_enterprise_context(tax_code),
            "notice": item,
            "draft": lst,
            "checking": lst.status == WorkerListDraft.Status.CHECKING,
            "progress": _progress(lst),
            "bad_rows": bad,
            "good_rows": Paginator(good, ROWS_PER_PAGE).get_page(request.GET.get("trang")),
            "good_count": len(good),
            "headers": [HEADERS_VI[f] for f in FIELDS],
            "open": lst.status == WorkerListDraft.Status.READY,
        },
    )


@never_cache
@require_GET
@employer_required
def draft_status(
    request: HttpRequest, notice_id: int, draft_id: int, *, tax_code: str
) -> JsonResponse:
    item = _notice_or_404(tax_code, notice_id)
    return JsonResponse(_progress(_draft_or_404(item, draft_id)))


@never_cache
@require_http_methods(["GET", "POST"])
@employer_required
def draft_row(
    request: HttpRequest, notice_id: int, draft_id: int, row_key: str, *, tax_code: str
) -> HttpResponse:
    item = _notice_or_404(tax_code, notice_id)
    lst = _draft_or_404(item, draft_id)
    raw = next((r for r in lst.rows if str(r["row"]) == row_key), None)
    if raw is None or lst.status != WorkerListDraft.Status.READY:
        raise Http404
    back = reverse("employers:draft", args=[item.pk, lst.pk])
    if request.method == "POST" and "delete" in request.POST:
        services.draft_row_delete(actor=_user(request), draft_id=lst.pk, row_key=row_key)
        messages.success(request, _("Đã xóa dòng %(row)s khỏi danh sách.") % {"row": row_key})
        return redirect(back)
    status = 200
    if request.method == "POST":
        form = _row_form(initial=raw, data=request.POST)
        form.is_valid()
        values = {f: str(form.cleaned_data.get(f, "") or "") for f in FIELDS}
        try:
            lst = services.draft_row_update(
                actor=_user(request), draft_id=lst.pk, row_key=row_key, values=values
            )
        except services.EmployerError as exc:
            messages.error(request, str(exc))
            return redirect(back)
        errors = (lst.errors or {}).get(row_key)
        if not errors:
            messages.success(request, _("Dòng %(row)s đã hợp lệ.") % {"row": row_key})
            return redirect(back + f"#row-{row_key}")
        form.add_row_errors(errors)
        status = 400
    else:
        form = _row_form(initial=raw)
        errors = (lst.errors or {}).get(row_key)
        if errors:
            # Show the check's messages on a fresh page: bind the form to the row as it is.
            form = _row_form(initial=raw, data={f: raw.get(f, "") for f in FIELDS})
            form.is_valid()
            form.add_row_errors(errors)
    services.access_record(request=request, tax_code=tax_code, page="notice_row", notice=item)
    return render(
        request,
        "employers/draft_row.html",
        {
            **_enterprise_context(tax_code),
            "notice": item,
            "draft": lst,
            "row_key": row_key,
            "form": form,
            "back": back,
        },
        status=status,
    )


@require_POST
@employer_required
def draft_confirm(
    request: HttpRequest, notice_id: int, draft_id: int, *, tax_code: str
) -> HttpResponse:
    item = _notice_or_404(tax_code, notice_id)
    lst = _draft_or_404(item, draft_id)
    try:
        services.draft_confirm(actor=_user(request), draft_id=lst.pk)
    except services.EmployerError as exc:
        messages.error(request, str(exc))
        return redirect("employers:draft", notice_id=item.pk, draft_id=lst.pk)
    messages.success(
        request,
        _(
            "Đã xác nhận danh sách %(n)s người lao động. Mỗi người sẽ nhận được thông báo và hồ sơ "
            "đề nghị hưởng trợ cấp đã điền sẵn."
        )
        % {"n": len(lst.rows)},
    )
    return redirect("employers:notice", notice_id=item.pk)


@require_POST
@employer_required
def draft_discard(
    request: HttpRequest, notice_id: int, draft_id: int, *, tax_code: str
) -> HttpResponse:
    item = _notice_or_404(tax_code, notice_id)
    lst = _draft_or_404(item, draft_id)
    services.draft_discard(actor=_user(request), draft_id=lst.pk)
    messages.success(request, _("Đã hủy danh sách; thông báo không thay đổi."))
    return redirect("employers:notice", notice_id=item.pk)


# --- Files ------------------------------------------------------------------------------------


@require_GET
def template_xlsx(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        xlsx_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-lao-dong.xlsx"'
    return response


@require_GET
def template_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(csv_template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-lao-dong.csv"'
    return response


@require_GET
@employer_required
def notice_csv(request: HttpRequest, notice_id: int, *, tax_code: str) -> HttpResponse:
    """The confirmed list as CSV: formula-like cells written as text (CSV injection)."""
    item = _notice_or_404(tax_code, notice_id)
    services.access_record(request=request, tax_code=tax_code, page="notice_csv", notice=item)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{item.reference}.csv"'
    response.write("\ufeff")
    writer = SafeCsvWriter(response)
    writer.writerow([HEADERS_VI[f] for f in FIELDS])
    for worker in selectors.notice_workers(item):
        writer.writerow(
            [
                worker.personal_id,
                worker.full_name,
                worker.termination_date.strftime("%d/%m/%Y"),
                worker.reason_code,
                worker.last_salary,
            ]
        )
    return response
