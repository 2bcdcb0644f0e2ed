"""The institutions' links in the admin (key, system URL, tuition account; with history), and the
enrolments' orders read-only and access-logged (every change goes through the services).
Loaded by training/admin.py."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from claims.core.admin_access import AccessLoggedAdmin
from training.enrolment.models import Enrolment, TrainingPaymentOrder
from training.institution_api.models import InstitutionLink


@admin.register(InstitutionLink)
class InstitutionLinkAdmin(SimpleHistoryAdmin):
    list_display = ("institution", "active", "api_url", "bank_code", "updated_at")
    list_filter = ("active",)
    search_fields = ("institution__name", "institution__code")
    autocomplete_fields = ("institution",)


class _ReadOnly(AccessLoggedAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(_ReadOnly):
    list_display = ("public_id", "institution", "state", "push_state", "start_date", "months")
    list_filter = ("state", "push_state")
    search_fields = ("personal_id",)


@admin.register(TrainingPaymentOrder)
class TrainingPaymentOrderAdmin(_ReadOnly):
    list_display = ("reference", "month", "payee", "amount", "status", "attempts")
    list_filter = ("status", "payee")
    search_fields = ("reference",)
