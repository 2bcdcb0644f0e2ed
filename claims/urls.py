"""The worker's pages (namespace "claims"): each feature package's urlpatterns, in one list."""

from django.urls import URLPattern, URLResolver

import claims.filing.urls as filing
import claims.notifications.urls as notifications
import claims.tracking.urls as tracking
from claims.complaints import urls as complaints
from claims.core import urls as core
from claims.decisions import urls as decisions
from claims.info import urls as info
from claims.payments import urls as payments
from claims.period import urls as period
from claims.prefill import urls as prefill
from claims.session import urls as session
from claims.transfers import urls as transfers

app_name = "claims"
urlpatterns: list[URLPattern | URLResolver] = [
    *info.urlpatterns,
    *session.urlpatterns,
    *notifications.urlpatterns,
    *filing.urlpatterns,
    *tracking.urlpatterns,
    *decisions.urlpatterns,
    *payments.urlpatterns,
    *period.urlpatterns,
    *prefill.urlpatterns,
    *transfers.urlpatterns,
    *complaints.urlpatterns,
    *core.urlpatterns,
]
