"""The site's URL map."""

from allauth.account import views as account_views
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from claims.decisions.views import verify as decision_verify
from claims.staff_urls import urlpatterns as claims_staff_urls
from identity.password_views import closed_to_citizens
from portal import views
from stats.staff_urls import staff_urlpatterns as stats_staff_urls

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    # The phone's API first: every call (the one-call filing of a surge among them) was matched
    # against the ~160 page patterns of the "" includes before it (issue 11). Patterns of other
    # apps under api/ (employers, stats, training, jobs) still match after it falls through.
    path("api/", include("claims.api.urls")),
    path("healthz", views.healthz, name="healthz"),
    # Public: anyone holding a decision checks it here (number + code under the QR).
    path("verify/", decision_verify, name="decision_verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Citizens sign in through VNeID only: allauth's password pages are closed to them.
    path("accounts/password/set/", closed_to_citizens(account_views.password_set)),
    path("accounts/password/change/", closed_to_citizens(account_views.password_change)),
    path("accounts/password/reset/", closed_to_citizens(account_views.password_reset)),
    path("accounts/", include("allauth.urls")),
    path("", include("identity.urls")),
    path("", include("eligibility.urls")),
    path("", include("claims.urls")),
    # Center staff's pages: stats' first (the dashboard at tong-quan/ reads the summaries).
    path(
        "can-bo/",
        include(([*stats_staff_urls, *claims_staff_urls], "staff"), namespace="staff"),
    ),
    path("", include("employers.urls")),
    path("", include("stats.urls")),
    path("", include("training.urls")),
    path("", include("jobs.urls")),
    path("admin/", admin.site.urls),
]

if settings.MOCK_VNEID_ENABLED:
    urlpatterns.append(path("mock-vneid/", include("identity.mock_vneid.urls")))
