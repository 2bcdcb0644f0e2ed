"""Centers and staff in the admin: administrators create staff with a role and a center.

Citizens' accounts come from VNeID only: they are listed here but never created.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from claims.core.admin_access import AccessLoggedAdmin
from identity.models import EmploymentServiceCenter, User

STAFF_ROLES = [(value, label) for value, label in User.Role.choices if value != User.Role.CITIZEN]
CENTER_ROLES = {User.Role.OFFICER, User.Role.SIGNER}


@admin.register(EmploymentServiceCenter)
class EmploymentServiceCenterAdmin(admin.ModelAdmin):
    list_display = ("province_code", "code", "name", "phone")
    search_fields = ("code", "name", "province_code")
    ordering = ("province_code",)


def _check_role_and_center(form: forms.ModelForm) -> None:
    role = form.cleaned_data.get("role")
    center = form.cleaned_data.get("center")
    if role in CENTER_ROLES and center is None:
        form.add_error("center", _("Cán bộ thụ lý và lãnh đạo trung tâm phải thuộc một trung tâm."))
    if role == User.Role.ADMIN and center is not None:
        form.add_error("center", _("Quản trị viên không thuộc trung tâm nào."))
    if role == User.Role.ANALYST and center is not None:
        form.add_error(
            "center",
            _("Cán bộ phân tích thống kê không thuộc trung tâm nào: chọn tỉnh được xem thống kê."),
        )
    if role != User.Role.ANALYST and form.cleaned_data.get("analyst_province"):
        form.add_error(
            "analyst_province", _("Chỉ cán bộ phân tích thống kê mới có tỉnh được xem thống kê.")
        )


class StaffCreationForm(UserCreationForm):
    role = forms.ChoiceField(label=_("vai trò"), choices=STAFF_ROLES)

    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = ("username", "full_name", "email", "role", "center", "analyst_province")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_role_and_center(self)
        return cleaned


class StaffChangeForm(forms.ModelForm):
    class Meta:
        model = User
        fields = (
            "username",
            "password",
            "role",
            "center",
            "analyst_province",
            "is_active",
            "full_name",
            "email",
            "phone",
            "is_superuser",
            "groups",
            "user_permissions",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk and self.instance.role == User.Role.CITIZEN:
            if cleaned.get("role") != User.Role.CITIZEN:
                self.add_error("role", _("Tài khoản người lao động không thể đổi thành cán bộ."))
            return cleaned
        if cleaned.get("role") == User.Role.CITIZEN:
            self.add_error("role", _("Tài khoản cán bộ không thể đổi thành người lao động."))
        _check_role_and_center(self)
        return cleaned


@admin.register(User)
class TroCapUserAdmin(AccessLoggedAdmin, UserAdmin):  # citizens' IDs and names: logged
    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ("username", "full_name", "role", "center", "is_active", "last_login")
    list_filter = ("role", "center", "is_active")
    search_fields = ("username", "full_name", "email")
    list_select_related = ("center",)
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Vai trò và trung tâm"),
            {"fields": ("role", "center", "analyst_province", "is_active")},
        ),
        (_("Thông tin"), {"fields": ("full_name", "email", "phone")}),
        (
            _("Quyền quản trị (chỉ quản trị viên)"),
            {"fields": ("is_superuser", "groups", "user_permissions")},
        ),
        (
            _("Định danh VNeID (người lao động)"),
            {"fields": ("personal_id", "identity_level", "province_code", "vneid_synced_at")},
        ),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "email",
                    "role",
                    "center",
                    "analyst_province",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = (
        "personal_id",
        "identity_level",
        "province_code",
        "vneid_synced_at",
        "last_login",
        "date_joined",
    )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Only administrators may enter the admin site (portal.admin_site); the role decides.
        obj.is_staff = obj.role == User.Role.ADMIN
        if obj.role != User.Role.ADMIN:
            obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Accounts are referenced by claims and the audit trail: deactivate instead.
        return False
