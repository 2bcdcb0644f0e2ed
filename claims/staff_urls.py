"""Center staff pages, under /can-bo/ (each part in its own URL module)."""

from django.urls import include, path

urlpatterns = [
    path("", include("claims.urls_queue")),
    path("", include("claims.urls_review")),
    path("", include("claims.urls_fasttrack")),
]
