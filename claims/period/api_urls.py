"""The benefit period's endpoints of the citizen API (included in the "v1" namespace)."""

from django.urls import path

from claims.period import api

urlpatterns = [
    path("claims/<uuid:claim_id>/period/", api.PeriodView.as_view(), name="claim-period"),
    path(
        "claims/<uuid:claim_id>/period/notifications/",
        api.PeriodNotificationView.as_view(),
        name="claim-period-notification",
    ),
    path(
        "claims/<uuid:claim_id>/period/end/", api.PeriodEndView.as_view(), name="claim-period-end"
    ),
]
