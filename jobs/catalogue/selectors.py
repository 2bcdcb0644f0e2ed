"""Reading the jobs catalogue: what a worker sees (open and not past), what an employer sees
(their enterprises' only), what a center's staff see (their center's only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from common.textsearch import text_search
from employers.services import enterprise_info
from identity.models import User
from jobs.catalogue.models import (
    FairRegistration,
    JobFair,
    OverseasProgram,
    ProgramInterest,
    PublishStatus,
    Vacancy,
    VacancyApplication,
)


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# --- Public -----------------------------------------------------------------------------


@dataclass(frozen=True)
class VacancyFilters:
    province_code: str = ""
    sector: str = ""
    wage_from: int | None = None
    deadline_from: date | None = None
    query: str = ""


def open_vacancies(today: date | None = None) -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(status=PublishStatus.OPEN, deadline__gte=_today(today))


def vacancy_search(filters: VacancyFilters, *, today: date | None = None) -> QuerySet[Vacancy]:
    """Open vacancies by the filters (the indexed ones first), then the free text."""
    qs = open_vacancies(today)
    if filters.province_code:
        qs = qs.filter(province_code=filters.province_code)
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.wage_from is not None:
        # A vacancy pays at least wage_from when its range reaches it.
        qs = qs.filter(Q(wage_max__gte=filters.wage_from) | Q(wage_max__isnull=True))
    if filters.deadline_from is not None:
        qs = qs.filter(deadline__gte=filters.deadline_from)
    qs = text_search(qs, filters.query)
    return qs.order_by("deadline", "-created_at", "id")


def public_vacancy(vacancy_id: int, *, today: date | None = None) -> Vacancy | None:
    return open_vacancies(today).filter(pk=vacancy_id).first()


def _with_taken(qs: QuerySet[JobFair]) -> QuerySet[JobFair]:
    return qs.annotate(
        taken=Count("registrations", filter=Q(registrations__status="registered"), distinct=True)
    )


def upcoming_fairs(today: date | None = None) -> QuerySet[JobFair]:
    qs = JobFair.objects.filter(status=JobFair.Status.OPEN, date__gte=_today(today))
    return _with_taken(qs).select_related("center").order_by("date", "start_time", "id")


def public_fair(fair_id: int, *, today: date | None = None) -> JobFair | None:
    """An open fair (a past one too: a worker's link to it keeps working), with its employers."""
    return (
        _with_taken(JobFair.objects.filter(status=JobFair.Status.OPEN, pk=fair_id))
        .select_related("center")
        .prefetch_related("employers__vacancies")
        .first()
    )


@dataclass(frozen=True)
class ProgramFilters:
    country: str = ""
    sector: str = ""


def open_programs(filters: ProgramFilters | None = None, *, today: date | None = None) -> Any:
    qs = OverseasProgram.objects.filter(status=PublishStatus.OPEN, deadline__gte=_today(today))
    if filters and filters.country:
        qs = qs.filter(country=filters.country)
    if filters and filters.sector:
        qs = qs.filter(sector=filters.sector)
    return qs.select_related("training_course").order_by("deadline", "id")


def public_program(program_id: int) -> OverseasProgram | None:
    return (
        OverseasProgram.objects.filter(status=PublishStatus.OPEN, pk=program_id)
        .select_related("training_course", "center")
        .first()
    )


# --- The worker's own ---------------------------------------------------------------------


def my_applications(user: User) -> QuerySet[VacancyApplication]:
    return VacancyApplication.objects.filter(user=user).select_related("vacancy")


def my_fair_registrations(user: User) -> QuerySet[FairRegistration]:
    return FairRegistration.objects.filter(user=user).select_related("fair")


def my_program_interests(user: User) -> QuerySet[ProgramInterest]:
    return ProgramInterest.objects.filter(user=user).select_related("program")


def my_application(user: User, application_id: int) -> VacancyApplication | None:
    return my_applications(user).filter(pk=application_id).first()


def my_fair_registration(user: User, registration_id: int) -> FairRegistration | None:
    return my_fair_registrations(user).filter(pk=registration_id).first()


def my_program_interest(user: User, interest_id: int) -> ProgramInterest | None:
    return my_program_interests(user).filter(pk=interest_id).first()


# --- The employer's (one enterprise) ---------------------------------------------------------


def enterprise_name(user: Any, tax_code: str) -> str:
    """The enterprise's name: the social-security store's, else the one VNeID asserted for
    the organisation account, else its tax code."""
    info = enterprise_info(tax_code)
    if info is not None:
        return info.name
    if getattr(user, "org_tax_code", "") == tax_code and getattr(user, "full_name", ""):
        return str(user.full_name)
    return tax_code


def enterprise_vacancies(tax_code: str) -> QuerySet[Vacancy]:
    return (
        Vacancy.objects.filter(employer_tax_code=tax_code)
        .annotate(
            applicants=Count(
                "applications", filter=Q(applications__status="applied"), distinct=True
            )
        )
        .order_by("-created_at", "-id")
    )


def enterprise_vacancy(tax_code: str, vacancy_id: int) -> Vacancy | None:
    if not tax_code:
        return None
    return Vacancy.objects.filter(employer_tax_code=tax_code, pk=vacancy_id).first()


def vacancy_applicants(vacancy: Vacancy) -> QuerySet[VacancyApplication]:
    return (
        vacancy.applications.filter(status=VacancyApplication.Status.APPLIED)
        .select_related("user")
        .order_by("applied_at", "id")
    )


def enterprise_fairs(tax_code: str) -> QuerySet[JobFair]:
    """The fairs the enterprise takes part in (with how many workers registered, no names)."""
    qs = JobFair.objects.filter(employers__employer_tax_code=tax_code).exclude(
        status=JobFair.Status.DRAFT
    )
    return _with_taken(qs).order_by("-date", "id")


# --- The center's staff (their center only) -----------------------------------------------


def center_vacancies(center_id: int) -> QuerySet[Vacancy]:
    return (
        Vacancy.objects.filter(center_id=center_id)
        .annotate(
            applicants=Count(
                "applications", filter=Q(applications__status="applied"), distinct=True
            )
        )
        .order_by("-created_at", "-id")
    )


def center_vacancy(center_id: int, vacancy_id: int) -> Vacancy | None:
    return Vacancy.objects.filter(center_id=center_id, pk=vacancy_id).first()


def center_fairs(center_id: int) -> QuerySet[JobFair]:
    return _with_taken(JobFair.objects.filter(center_id=center_id)).order_by("-date", "-id")


def center_fair(center_id: int, fair_id: int) -> JobFair | None:
    return (
        _with_taken(JobFair.objects.filter(center_id=center_id, pk=fair_id))
        .prefetch_related("employers__vacancies")
        .first()
    )


def fair_registrations(fair: JobFair) -> QuerySet[FairRegistration]:
    return fair.registrations.select_related("user").order_by("status", "registered_at", "id")


def center_programs(center_id: int) -> QuerySet[OverseasProgram]:
    return (
        OverseasProgram.objects.filter(center_id=center_id)
        .annotate(
            interested=Count("interests", filter=Q(interests__status="interested"), distinct=True)
        )
        .order_by("-created_at", "-id")
    )


def center_program(center_id: int, program_id: int) -> OverseasProgram | None:
    return OverseasProgram.objects.filter(center_id=center_id, pk=program_id).first()


def program_interests(program: OverseasProgram) -> QuerySet[ProgramInterest]:
    return program.interests.select_related("user").order_by("status", "registered_at", "id")
