"""training in the admin: administrators manage institutions, courses and the dated
training-support rule (with history); applications and decisions are read-only, access-logged
(every change goes through training.support.services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from claims.core.admin_access import AccessLoggedAdmin
from training.catalogue.models import Course, Institution
from training.institution_api import admin as _institution_api_admin  # noqa: F401 - registers
from training.support.models import TrainingApplication, TrainingDecision, TrainingSupportRule


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "province_code", "license_number", "active")
    list_filter = ("active", "province_code")
    search_fields = ("name", "code", "license_number")


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = (
        "title",
        "institution",
        "field",
        "province_code",
        "start_date",
        "seats",
        "active",
    )
    list_filter = ("active", "field", "province_code", "online")
    search_fields = ("title", "institution__name")
    autocomplete_fields = ("institution",)


@admin.register(TrainingSupportRule)
class TrainingSupportRuleAdmin(SimpleHistoryAdmin):
    list_display = ("name", "identifier", "valid_from", "meal_money_provisional")


class ReadOnlyAdmin(AccessLoggedAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TrainingApplication)
class TrainingApplicationAdmin(ReadOnlyAdmin):
    list_display = ("reference", "personal_id", "course", "center", "state", "submitted_at")
    list_filter = ("state", "center", "path")
    search_fields = ("reference", "personal_id")


@admin.register(TrainingDecision)
class TrainingDecisionAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "center", "issued_on", "state")
    list_filter = ("kind", "state", "center")
    search_fields = ("number",)
