"""/api/: the versioned citizen API (namespace "v1"), its OpenAPI schema and local docs."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from claims.api import account, claims

v1 = [
    path("token/", account.TokenView.as_view(), name="token"),
    path("me/record/", account.RecordSummaryView.as_view(), name="record"),
    path("me/eligibility/", account.EligibilityView.as_view(), name="eligibility"),
    path("claims/", claims.ClaimListView.as_view(), name="claim-list"),
    path("claims/<uuid:claim_id>/", claims.ClaimDetailView.as_view(), name="claim-detail"),
]

urlpatterns = [
    path("v1/", include((v1, "v1"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI only: drf-spectacular's Redoc page pulls fonts from Google, and nothing leaves.
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
