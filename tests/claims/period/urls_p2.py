"""The portal's URLs with the benefit period's pages in the "claims" and "staff" namespaces and
its API in "v1" (until they are wired into the portal's own URL map)."""

from django.urls import include, path

import claims.staff_urls as staff_urls
import claims.urls as claims_urls
from claims.period import api_urls
from claims.period import urls as period
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("", include(([*period.urlpatterns, *claims_urls.urlpatterns], "claims"))),
    path(
        "can-bo/",
        include(([*period.staff_urlpatterns, *staff_urls.urlpatterns], "staff"), namespace="staff"),
    ),
    path("api/v1/", include((api_urls.urlpatterns, "v1"), namespace="v1")),
    *portal_urlpatterns,
]
