"""Center staff's jobs pages under /can-bo/viec-lam/: the center's vacancies (their own posts
and the employers' of the province), job fairs with their employers, overseas programs, and who
registered. Another center's item is 404 (and the refusal logged); every page with workers'
personal data writes the staff access log (claims.core.access_log).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.core.access_log import staff_view_record
from identity.decorators import staff_role_required
from identity.models import User
from jobs.catalogue import selectors, services
from jobs.catalogue.forms import CenterVacancyForm, FairEmployerForm, FairForm, ProgramForm
from jobs.catalogue.models import FairEmployer, JobFair, OverseasProgram, Vacancy

#: Who manages the center's jobs catalogue: its officers and its director.
STAFF_ROLES = ("officer", "signer")
staff_required = staff_role_required(*STAFF_ROLES)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _center_id(request: HttpRequest) -> int:
    return cast(int, _user(request).center_id)


def _vacancy(request: HttpRequest, vacancy_id: int) -> Vacancy:
    item = selectors.center_vacancy(_center_id(request), vacancy_id)
    if item is None:
        if Vacancy.objects.filter(pk=vacancy_id).exists():
            staff_view_record(request=request, claim=None, page="jobs_vacancy", denied=True)
        raise Http404
    return item


def _fair(request: HttpRequest, fair_id: int) -> JobFair:
    item = selectors.center_fair(_center_id(request), fair_id)
    if item is None:
        if JobFair.objects.filter(pk=fair_id).exists():
            staff_view_record(request=request, claim=None, page="jobs_fair", denied=True)
        raise Http404
    return item


def _program(request: HttpRequest, program_id: int) -> OverseasProgram:
    item = selectors.center_program(_center_id(request), program_id)
    if item is None:
        if OverseasProgram.objects.filter(pk=program_id).exists():
            staff_view_record(request=request, claim=None, page="jobs_program", denied=True)
        raise Http404
    return item


def _form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[], Any],
    done: str,
    next_url: Callable[[Any], str],
    context: dict[str, Any],
) -> HttpResponse:
    """The one submit path of the staff forms: a refusal back on the form (400), else done."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except services.CatalogueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect(next_url(saved))
    return render(
        request,
        "jobs/staff/form.html",
        {"form": form, **context},
        status=400 if form.errors else 200,
    )


def _action(request: HttpRequest, action: Callable[[], Any], done: str, back: str) -> HttpResponse:
    try:
        action()
    except services.CatalogueError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(back)


@never_cache
@require_GET
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    center_id = _center_id(request)
    return render(
        request,
        "jobs/staff/home.html",
        {
            "vacancies": selectors.center_vacancies(center_id)[:50],
            "fairs": selectors.center_fairs(center_id)[:20],
            "programs": selectors.center_programs(center_id)[:20],
        },
    )


# --- Vacancies --------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
def vacancy_new(request: HttpRequest) -> HttpResponse:
    form = CenterVacancyForm(request.POST or None)
    user = _user(request)
    return _form_page(
        request,
        form,
        save=lambda: services.vacancy_create(
            actor=user,
            data=form.service_data(),
            employer_tax_code=form.cleaned_data["employer_tax_code"],
            employer_name=form.cleaned_data["employer_name"],
            center=user.center,
        ),
        done=_("Đã đăng tin tuyển dụng."),
        next_url=lambda v: reverse("jobs:staff_vacancy", args=[v.pk]),
        context={"title": _("Đăng tin tuyển dụng"), "back": "jobs:staff_home"},
    )


@never_cache
@require_GET
@staff_required
def vacancy(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    item = _vacancy(request, vacancy_id)
    applicants = list(selectors.vacancy_applicants(item))
    staff_view_record(request=request, claim=None, page="jobs_vacancy_applicants")
    return render(request, "jobs/staff/vacancy.html", {"vacancy": item, "applicants": applicants})


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
def vacancy_edit(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    item = _vacancy(request, vacancy_id)
    form = CenterVacancyForm(
        request.POST or None,
        instance=item,
        initial={"employer_name": item.employer_name, "employer_tax_code": item.employer_tax_code},
    )
    # Who the employer is stays as posted (an enterprise's own post is the enterprise's).
    form.fields["employer_name"].disabled = True
    form.fields["employer_tax_code"].disabled = True
    return _form_page(
        request,
        form,
        save=lambda: services.vacancy_update(
            actor=_user(request), vacancy=item, data=form.service_data()
        ),
        done=_("Đã lưu tin tuyển dụng."),
        next_url=lambda v: reverse("jobs:staff_vacancy", args=[v.pk]),
        context={"title": _("Sửa tin tuyển dụng"), "back": "jobs:staff_home"},
    )


@require_POST
@staff_required
def vacancy_close(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    item = _vacancy(request, vacancy_id)
    return _action(
        request,
        lambda: services.vacancy_close(actor=_user(request), vacancy=item),
        _("Đã đóng tin tuyển dụng."),
        reverse("jobs:staff_vacancy", args=[item.pk]),
    )


@require_POST
@staff_required
def vacancy_publish(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    item = _vacancy(request, vacancy_id)
    return _action(
        request,
        lambda: services.vacancy_publish(actor=_user(request), vacancy=item),
        _("Đã đăng tin tuyển dụng."),
        reverse("jobs:staff_vacancy", args=[item.pk]),
    )


# --- Fairs ------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
def fair_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = FairForm(request.POST or None, initial={"province_code": user.center.province_code})  # type: ignore[union-attr]
    return _form_page(
        request,
        form,
        save=lambda: services.fair_create(
            actor=user,
            center=user.center,  # type: ignore[arg-type]  # staff_required: a center is set
            data=form.service_data(),
        ),
        done=_("Đã đăng hội chợ việc làm: người lao động đăng ký được ngay."),
        next_url=lambda f: reverse("jobs:staff_fair", args=[f.pk]),
        context={"title": _("Tổ chức phiên giao dịch việc làm"), "back": "jobs:staff_home"},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
def fair(request: HttpRequest, fair_id: int) -> HttpResponse:
    """The fair, its employers (and the form to add one), how many registered."""
    item = _fair(request, fair_id)
    form = FairEmployerForm(
        request.POST or None, vacancies=selectors.center_vacancies(_center_id(request))
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.fair_employer_add(
                    actor=_user(request),
                    fair=item,
                    employer_name=form.cleaned_data["employer_name"],
                    employer_tax_code=form.cleaned_data["employer_tax_code"],
                    booth=form.cleaned_data["booth"],
                    vacancies=list(form.cleaned_data["vacancies"]),
                )
            except services.CatalogueError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã thêm doanh nghiệp tham gia."))
                return redirect("jobs:staff_fair", fair_id=item.pk)
        status = 400
    return render(request, "jobs/staff/fair.html", {"fair": item, "form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
def fair_edit(request: HttpRequest, fair_id: int) -> HttpResponse:
    item = _fair(request, fair_id)
    form = FairForm(request.POST or None, instance=item)
    return _form_page(
        request,
        form,
        save=lambda: services.fair_update(
            actor=_user(request), fair=item, data=form.service_data()
        ),
        done=_("Đã lưu hội chợ việc làm."),
        next_url=lambda f: reverse("jobs:staff_fair", args=[f.pk]),
        context={"title": _("Sửa hội chợ việc làm"), "back": "jobs:staff_home"},
    )


@require_POST
@staff_required
def fair_cancel(request: HttpRequest, fair_id: int) -> HttpResponse:
    item = _fair(request, fair_id)
    return _action(
        request,
        lambda: services.fair_cancel(actor=_user(request), fair=item),
        _("Đã hủy hội chợ việc làm."),
        reverse("jobs:staff_fair", args=[item.pk]),
    )


@require_POST
@staff_required
def fair_employer_remove(request: HttpRequest, fair_id: int, entry_id: int) -> HttpResponse:
    item = _fair(request, fair_id)
    entry = FairEmployer.objects.filter(fair=item, pk=entry_id).first()
    if entry is None:
        raise Http404
    return _action(
        request,
        lambda: services.fair_employer_remove(actor=_user(request), entry=entry),
        _("Đã bỏ doanh nghiệp khỏi hội chợ."),
        reverse("jobs:staff_fair", args=[item.pk]),
    )


@never_cache
@require_GET
@staff_required
def fair_registrations(request: HttpRequest, fair_id: int) -> HttpResponse:
    item = _fair(request, fair_id)
    registrations = list(selectors.fair_registrations(item))
    staff_view_record(request=request, claim=None, page="jobs_fair_registrations")
    return render(
        request,
        "jobs/staff/fair_registrations.html",
        {"fair": item, "registrations": registrations},
    )


# --- Overseas programs ------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
def program_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProgramForm(request.POST or None)
    return _form_page(
        request,
        form,
        save=lambda: services.program_create(
            actor=user,
            center=user.center,  # type: ignore[arg-type]  # staff_required: a center is set
            data=form.service_data(),
        ),
        done=_("Đã đăng chương trình đi làm việc ở nước ngoài."),
        next_url=lambda p: reverse("jobs:staff_program", args=[p.pk]),
        context={
            "title": _("Đăng chương trình đi làm việc ở nước ngoài"),
            "back": "jobs:staff_home",
        },
    )


@never_cache
@require_GET
@staff_required
def program(request: HttpRequest, program_id: int) -> HttpResponse:
    item = _program(request, program_id)
    interests = list(selectors.program_interests(item))
    staff_view_record(request=request, claim=None, page="jobs_program_interests")
    return render(request, "jobs/staff/program.html", {"program": item, "interests": interests})


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    item = _program(request, program_id)
    form = ProgramForm(request.POST or None, instance=item)
    return _form_page(
        request,
        form,
        save=lambda: services.program_update(
            actor=_user(request), program=item, data=form.service_data()
        ),
        done=_("Đã lưu chương trình."),
        next_url=lambda p: reverse("jobs:staff_program", args=[p.pk]),
        context={"title": _("Sửa chương trình"), "back": "jobs:staff_home"},
    )


@require_POST
@staff_required
def program_close(request: HttpRequest, program_id: int) -> HttpResponse:
    item = _program(request, program_id)
    return _action(
        request,
        lambda: services.program_close(actor=_user(request), program=item),
        _("Đã đóng chương trình."),
        reverse("jobs:staff_program", args=[item.pk]),
    )
