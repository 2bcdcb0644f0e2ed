"""The portal's URLs plus the benefit period's pages (until they are wired into the portal's)."""

from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("", include("claims.period.urls")),
    path("can-bo/", include("claims.period.staff_urls")),
    path("api/v1/", include(("claims.period.api_urls", "v1"), namespace="v1")),
    *portal_urlpatterns,
]
