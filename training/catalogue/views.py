"""The catalogue's pages: the public course search and course page (/dao-tao/), and the
center's pages to manage institutions and courses of its province (/can-bo/dao-tao/)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from identity.decorators import staff_role_required
from identity.http import AuthedRequest
from identity.models import User
from training.catalogue import selectors, services
from training.catalogue.forms import CourseForm, CourseSearchForm, InstitutionForm
from training.catalogue.models import Course, Institution

PAGE_SIZE = 20
OFFICER, SIGNER = User.Role.OFFICER, User.Role.SIGNER


def courses(request: HttpRequest) -> HttpResponse:
    """The search: filters and free text from the query string; a bad value is shown as an
    error beside its field and no search is made."""
    form = CourseSearchForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        filters = selectors.CourseFilters(
            q=data.get("q") or "",
            field=data.get("field") or "",
            province=data.get("province") or "",
            mode=data.get("mode") or "",
            start_from=data.get("start_from"),
        )
        found = selectors.courses_search(filters, today=timezone.localdate())
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "training/courses.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.is_bound and form.errors else 200,
    )


def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    try:
        course = selectors.course_public(course_id)
    except Course.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "training/course.html",
        {"course": course, "seats_left": selectors.seats_left(course)},
    )


# --- The center's catalogue pages --------------------------------------------------------------


def _province(request: AuthedRequest) -> str:
    center = request.user.center
    assert center is not None  # noqa: S101 - the decorator lets only a center's staff in
    return center.province_code


@staff_role_required(OFFICER, SIGNER)
def staff_catalogue(request: AuthedRequest) -> HttpResponse:
    province = _province(request)
    return render(
        request,
        "training/staff/catalogue.html",
        {
            "institutions": selectors.institutions_for_staff(province),
            "courses": selectors.courses_for_staff(province)[:200],
        },
    )


@staff_role_required(OFFICER, SIGNER)
@require_http_methods(["GET", "POST"])
def staff_institution_edit(
    request: AuthedRequest, institution_id: int | None = None
) -> HttpResponse:
    province = _province(request)
    instance = None
    if institution_id is not None:
        instance = selectors.institutions_for_staff(province).filter(pk=institution_id).first()
        if instance is None:
            raise Http404
    form = InstitutionForm(
        request.POST or None,
        instance=instance,
        initial={} if instance else {"province_code": province},
        provinces=[province],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_save(form=form, staff=request.user)
        except services.CatalogueRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã lưu cơ sở đào tạo."))
            return redirect("training:staff_catalogue")
    return render(
        request,
        "training/staff/institution_form.html",
        {"form": form, "institution": instance},
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_role_required(OFFICER, SIGNER)
@require_http_methods(["GET", "POST"])
def staff_course_edit(request: AuthedRequest, course_id: int | None = None) -> HttpResponse:
    province = _province(request)
    instance = None
    if course_id is not None:
        instance = selectors.courses_for_staff(province).filter(pk=course_id).first()
        if instance is None:
            raise Http404
    form = CourseForm(
        request.POST or None,
        instance=instance,
        initial={} if instance else {"province_code": province},
        institutions=selectors.institutions_for_staff(province).filter(active=True)
        if instance is None
        else Institution.objects.filter(province_code=province),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.course_save(form=form, staff=request.user)
        except services.CatalogueRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã lưu khóa học."))
            return redirect("training:staff_catalogue")
    return render(
        request,
        "training/staff/course_form.html",
        {"form": form, "course": instance},
        status=400 if form.is_bound and form.errors else 200,
    )
