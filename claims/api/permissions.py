"""Who may use the citizen API: citizens with a level-2 VNeID identity (User.can_use_claims)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from claims.api.tokens import TokenAuthentication


class IsLevel2Citizen(BasePermission):
    message = _("Chỉ người lao động có tài khoản định danh điện tử mức độ 2 mới dùng được API này.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False  # DRF answers 401 (NotAuthenticated) before asking for a message
        if not getattr(user, "is_citizen", False):
            raise PermissionDenied(_("Tài khoản cán bộ không dùng API của người lao động."))
        if not getattr(user, "can_use_claims", False):
            raise PermissionDenied(
                _(
                    "Tài khoản VNeID của bạn mới ở mức độ 1. Hãy nâng cấp lên mức độ 2 trên "
                    "ứng dụng VNeID rồi đăng nhập lại."
                )
            )
        return True


class CitizenAPIView(APIView):
    """Base of every citizen endpoint: token first, so an anonymous call gets 401 + WWW-Authenticate."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsLevel2Citizen]

    def get_citizen(self) -> Any:
        return self.request.user
