"""The catalogue in the Django admin: to read, with each row's history (who changed what).

Read-only: every change goes through jobs.catalogue.services (the pages and the API), so the
checks and the recorded actor cannot be bypassed here. The lists of people are access-logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from claims.core.admin_access import AccessLoggedAdmin
from jobs.catalogue.models import (
    FairEmployer,
    FairRegistration,
    JobFair,
    OverseasProgram,
    ProgramInterest,
    Vacancy,
    VacancyApplication,
)


class _ReadOnlyHistory(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


@admin.register(Vacancy)
class VacancyAdmin(_ReadOnlyHistory):
    list_display = ["title", "employer_name", "province_code", "status", "deadline", "center"]
    list_filter = ["status", "sector", "province_code"]
    search_fields = ["title", "employer_name", "employer_tax_code"]


class FairEmployerInline(admin.TabularInline):
    model = FairEmployer
    fields = ["employer_name", "employer_tax_code", "booth"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(JobFair)
class JobFairAdmin(_ReadOnlyHistory):
    list_display = ["title", "date", "province_code", "capacity", "status", "center"]
    list_filter = ["status", "province_code"]
    inlines = [FairEmployerInline]


@admin.register(OverseasProgram)
class OverseasProgramAdmin(_ReadOnlyHistory):
    list_display = ["name", "country", "deadline", "seats", "status", "center"]
    list_filter = ["status", "country"]


class _People(AccessLoggedAdmin, _ReadOnlyHistory):
    """Workers' registrations: their names and phones, so every look is access-logged."""

    list_select_related = ["user"]


@admin.register(FairRegistration)
class FairRegistrationAdmin(_People):
    list_display = ["fair", "user", "status", "registered_at"]
    list_filter = ["status"]


@admin.register(VacancyApplication)
class VacancyApplicationAdmin(_People):
    list_display = ["vacancy", "user", "status", "applied_at"]
    list_filter = ["status"]


@admin.register(ProgramInterest)
class ProgramInterestAdmin(_People):
    list_display = ["program", "user", "status", "registered_at"]
    list_filter = ["status"]
