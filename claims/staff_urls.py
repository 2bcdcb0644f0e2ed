"""Center staff pages, under /can-bo/ (namespace "staff"): each feature package's
staff_urlpatterns, in one list."""

from django.urls import URLPattern, URLResolver

import claims.queue.urls as queue
import claims.review.urls as review
from claims.complaints import urls as complaints
from claims.decisions import urls as decisions
from claims.payments import urls as payments
from claims.period import urls as period
from claims.prefill import urls as prefill
from claims.transfers import urls as transfers

urlpatterns: list[URLPattern | URLResolver] = [
    *queue.staff_urlpatterns,
    *review.staff_urlpatterns,
    *payments.staff_urlpatterns,
    *period.staff_urlpatterns,
    *decisions.staff_urlpatterns,
    *transfers.staff_urlpatterns,
    *complaints.staff_urlpatterns,
    *prefill.staff_urlpatterns,
]
