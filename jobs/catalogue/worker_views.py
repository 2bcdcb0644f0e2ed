"""The worker's side of the jobs catalogue under /viec-lam/: vacancies with filters and free
text, job fairs and their registration, overseas programs and interest, "my registrations".

The lists and pages are public; applying, registering and withdrawing need a VNeID sign-in
(level 2, as every claim feature). A worker reaches only their own registrations (404 else).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from identity.decorators import citizen_level2_required
from identity.models import User
from jobs.catalogue import selectors, services
from jobs.catalogue.forms import (
    ApplicationForm,
    InterestForm,
    PhoneForm,
    ProgramFilterForm,
    VacancyFilterForm,
)
from jobs.catalogue.models import FairRegistration, JobFair, ProgramInterest, VacancyApplication

PAGE_SIZE = 20


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _seats_left(fair: JobFair) -> int:
    return max(0, fair.capacity - getattr(fair, "taken", 0))


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("trang"))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Vacancies: the filters (province, sector, wage from, deadline) then the free text."""
    form = VacancyFilterForm(request.GET or None)
    filters = selectors.VacancyFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.VacancyFilters(
            province_code=data["province"],
            sector=data["sector"],
            wage_from=data["wage_from"],
            deadline_from=data["deadline_from"],
            query=data["q"],
        )
    page = _page(request, selectors.vacancy_search(filters))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "jobs/worker/home.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "fairs": selectors.upcoming_fairs()[:3],
        },
        status=400 if form.errors else 200,
    )


@require_GET
def vacancy(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    item = selectors.public_vacancy(vacancy_id)
    if item is None:
        raise Http404
    applied = None
    if request.user.is_authenticated and getattr(request.user, "is_citizen", False):
        applied = item.applications.filter(
            user=request.user, status=VacancyApplication.Status.APPLIED
        ).first()
    return render(request, "jobs/worker/vacancy.html", {"vacancy": item, "applied": applied})


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_level2_required
def vacancy_apply(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    item = selectors.public_vacancy(vacancy_id)
    if item is None:
        raise Http404
    user = _user(request)
    form = ApplicationForm(request.POST or None, initial={"phone": user.phone})
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                actor=user,
                vacancy=item,
                phone=form.cleaned_data["phone"],
                message=form.cleaned_data["message"],
            )
        except services.CatalogueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Đã gửi hồ sơ ứng tuyển đến %(employer)s.") % {"employer": item.employer_name},
            )
            return redirect("jobs:mine")
    return render(
        request,
        "jobs/worker/apply.html",
        {"vacancy": item, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
def fairs(request: HttpRequest) -> HttpResponse:
    return render(
        request, "jobs/worker/fairs.html", {"page": _page(request, selectors.upcoming_fairs())}
    )


@require_GET
def fair(request: HttpRequest, fair_id: int) -> HttpResponse:
    item = selectors.public_fair(fair_id)
    if item is None:
        raise Http404
    registration = None
    if request.user.is_authenticated and getattr(request.user, "is_citizen", False):
        registration = item.registrations.filter(
            user=request.user, status=FairRegistration.Status.REGISTERED
        ).first()
    return render(
        request,
        "jobs/worker/fair.html",
        {
            "fair": item,
            "registration": registration,
            "open": services.fair_takes_registrations(item),
            "seats_left": _seats_left(item),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_level2_required
def fair_register(request: HttpRequest, fair_id: int) -> HttpResponse:
    item = selectors.public_fair(fair_id)
    if item is None:
        raise Http404
    user = _user(request)
    form = PhoneForm(request.POST or None, initial={"phone": user.phone})
    if request.method == "POST" and form.is_valid():
        try:
            services.fair_register(actor=user, fair=item, phone=form.cleaned_data["phone"])
        except services.CatalogueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Bạn đã đăng ký tham dự %(fair)s. Hãy mang theo căn cước khi đến.")
                % {"fair": item.title},
            )
            return redirect("jobs:mine")
    return render(
        request,
        "jobs/worker/fair_register.html",
        {"fair": item, "form": form, "seats_left": _seats_left(item)},
        status=400 if form.errors else 200,
    )


@require_GET
def programs(request: HttpRequest) -> HttpResponse:
    form = ProgramFilterForm(request.GET or None)
    filters = selectors.ProgramFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.ProgramFilters(
            country=form.cleaned_data["country"], sector=form.cleaned_data["sector"]
        )
    return render(
        request,
        "jobs/worker/programs.html",
        {"form": form, "page": _page(request, selectors.open_programs(filters))},
        status=400 if form.errors else 200,
    )


@require_GET
def program(request: HttpRequest, program_id: int) -> HttpResponse:
    item = selectors.public_program(program_id)
    if item is None:
        raise Http404
    interest = None
    if request.user.is_authenticated and getattr(request.user, "is_citizen", False):
        interest = item.interests.filter(
            user=request.user, status=ProgramInterest.Status.INTERESTED
        ).first()
    return render(
        request,
        "jobs/worker/program.html",
        {"program": item, "interest": interest, "open": services.program_takes_interest(item)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_level2_required
def program_interest(request: HttpRequest, program_id: int) -> HttpResponse:
    item = selectors.public_program(program_id)
    if item is None:
        raise Http404
    user = _user(request)
    form = InterestForm(request.POST or None, initial={"phone": user.phone})
    if request.method == "POST" and form.is_valid():
        try:
            services.program_interest_register(
                actor=user,
                program=item,
                phone=form.cleaned_data["phone"],
                note=form.cleaned_data["note"],
            )
        except services.CatalogueError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Đã ghi nhận bạn quan tâm %(program)s. Trung tâm sẽ gọi lại để tư vấn.")
                % {"program": item.name},
            )
            return redirect("jobs:mine")
    return render(
        request,
        "jobs/worker/program_interest.html",
        {"program": item, "form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@require_GET
@citizen_level2_required
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "jobs/worker/mine.html",
        {
            "applications": selectors.my_applications(user),
            "registrations": selectors.my_fair_registrations(user),
            "interests": selectors.my_program_interests(user),
        },
    )


def _withdrawn(request: HttpRequest, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except services.CatalogueError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("jobs:mine")


@require_POST
@citizen_level2_required
def application_withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    user = _user(request)
    application = selectors.my_application(user, application_id)
    if application is None:
        raise Http404
    return _withdrawn(
        request,
        lambda: services.application_withdraw(actor=user, application=application),
        _("Đã rút hồ sơ ứng tuyển."),
    )


@require_POST
@citizen_level2_required
def registration_cancel(request: HttpRequest, registration_id: int) -> HttpResponse:
    user = _user(request)
    registration = selectors.my_fair_registration(user, registration_id)
    if registration is None:
        raise Http404
    return _withdrawn(
        request,
        lambda: services.fair_registration_cancel(actor=user, registration=registration),
        _("Đã hủy đăng ký tham dự hội chợ."),
    )


@require_POST
@citizen_level2_required
def interest_withdraw(request: HttpRequest, interest_id: int) -> HttpResponse:
    user = _user(request)
    interest = selectors.my_program_interest(user, interest_id)
    if interest is None:
        raise Http404
    return _withdrawn(
        request,
        lambda: services.program_interest_withdraw(actor=user, interest=interest),
        _("Đã rút đăng ký quan tâm."),
    )
