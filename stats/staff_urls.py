"""stats' pages for center staff, in the "staff" namespace under /can-bo/ (portal/urls.py puts
them before claims' staff pages): the center dashboard."""

from django.urls import path

from stats import center

staff_urlpatterns = [
    path("tong-quan/", center.dashboard_view, name="dashboard"),
]
