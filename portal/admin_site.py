"""The admin site: only administrators (role admin, is_staff) after the MFA sign-in."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TroCapAdminSite(admin.AdminSite):
    site_header = _("TroCap — Quản trị hệ thống")
    site_title = _("TroCap — Quản trị")
    index_title = _("Quản trị")

    def has_permission(self, request: HttpRequest) -> bool:
        # Officers and signers are staff of a center, not administrators of the portal.
        user = request.user
        return bool(user.is_active and user.is_staff and getattr(user, "role", None) == "admin")

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Sign in through allauth (password + TOTP), never the admin's password-only form."""
        if request.user.is_authenticated:
            if self.has_permission(request):
                return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
            raise PermissionDenied
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")

    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """The landing page; from 1 October it warns while next year's holidays are provisional."""
        # Imported here: INSTALLED_APPS loads this module before any model can be imported.
        from eligibility.selectors import holiday_calendar_warning

        warning = holiday_calendar_warning()
        if warning:
            messages.warning(request, warning)
        return super().index(request, extra_context)


class TroCapAdminConfig(AdminConfig):
    """django.contrib.admin, on the site above (INSTALLED_APPS names this class)."""

    default_site = "portal.admin_site.TroCapAdminSite"
