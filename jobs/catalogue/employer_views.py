"""The employer's vacancies under /doanh-nghiep/viec-lam/: list, new, edit, close, and the
applicants of each, for the enterprise the signed-in user acts for (employers.views'
`employer_required`, issue 17's organisation login). Another enterprise's vacancy is 404;
a page with applicants' data writes the enterprise's access log (employers.services).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employers.services import access_record
from employers.views import employer_required
from identity.models import User
from jobs.catalogue import selectors, services
from jobs.catalogue.forms import VacancyForm
from jobs.catalogue.models import Vacancy


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _context(request: HttpRequest, tax_code: str) -> dict[str, Any]:
    return {
        "tax_code": tax_code,
        "enterprise_name": selectors.enterprise_name(request.user, tax_code),
    }


def _vacancy_or_404(tax_code: str, vacancy_id: int) -> Vacancy:
    vacancy = selectors.enterprise_vacancy(tax_code, vacancy_id)
    if vacancy is None:
        raise Http404
    return vacancy


@never_cache
@require_GET
@employer_required
def vacancies(request: HttpRequest, *, tax_code: str) -> HttpResponse:
    return render(
        request,
        "jobs/employer/vacancies.html",
        {
            **_context(request, tax_code),
            "vacancies": selectors.enterprise_vacancies(tax_code),
            "fairs": selectors.enterprise_fairs(tax_code),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@employer_required
def vacancy_new(request: HttpRequest, *, tax_code: str) -> HttpResponse:
    context = _context(request, tax_code)
    form = VacancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = services.vacancy_create(
                actor=_user(request),
                data=form.service_data(),
                employer_tax_code=tax_code,
                employer_name=context["enterprise_name"],
            )
        except services.CatalogueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã đăng tin tuyển dụng. Người lao động thấy tin ngay."))
            return redirect("jobs:employer_vacancy", vacancy_id=vacancy.pk)
    return render(
        request,
        "jobs/employer/vacancy_form.html",
        {**context, "form": form, "vacancy": None},
        status=400 if form.errors else 200,
    )


@never_cache
@require_GET
@employer_required
def vacancy(request: HttpRequest, vacancy_id: int, *, tax_code: str) -> HttpResponse:
    item = _vacancy_or_404(tax_code, vacancy_id)
    applicants = list(selectors.vacancy_applicants(item))
    access_record(request=request, tax_code=tax_code, page="jobs_vacancy_applicants")
    return render(
        request,
        "jobs/employer/vacancy.html",
        {**_context(request, tax_code), "vacancy": item, "applicants": applicants},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@employer_required
def vacancy_edit(request: HttpRequest, vacancy_id: int, *, tax_code: str) -> HttpResponse:
    item = _vacancy_or_404(tax_code, vacancy_id)
    if item.status == Vacancy.Status.CLOSED:
        messages.error(request, _("Tin tuyển dụng đã đóng, không sửa được nữa."))
        return redirect("jobs:employer_vacancy", vacancy_id=item.pk)
    form = VacancyForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_update(actor=_user(request), vacancy=item, data=form.service_data())
        except services.CatalogueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu tin tuyển dụng."))
            return redirect("jobs:employer_vacancy", vacancy_id=item.pk)
    return render(
        request,
        "jobs/employer/vacancy_form.html",
        {**_context(request, tax_code), "form": form, "vacancy": item},
        status=400 if form.errors else 200,
    )


@require_POST
@employer_required
def vacancy_close(request: HttpRequest, vacancy_id: int, *, tax_code: str) -> HttpResponse:
    item = _vacancy_or_404(tax_code, vacancy_id)
    try:
        services.vacancy_close(actor=_user(request), vacancy=item)
    except services.CatalogueError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã đóng tin tuyển dụng: tin không còn hiện với người lao động.")
        )
    return redirect("jobs:employer_vacancy", vacancy_id=item.pk)
