"""The site's URL map."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from claims.decisions.views import verify as decision_verify
from portal import views

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Public: anyone holding a decision checks it here (number + code under the QR).
    path("verify/", decision_verify, name="decision_verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("allauth.urls")),
    path("", include("identity.urls")),
    path("", include("eligibility.urls")),
    path("", include("claims.urls")),
    path("can-bo/", include(("claims.staff_urls", "staff"), namespace="staff")),
    path("api/", include("claims.api_urls")),
    path("admin/", admin.site.urls),
]

if settings.MOCK_VNEID_ENABLED:
    urlpatterns.append(path("mock-vneid/", include("identity.mock_vneid.urls")))
