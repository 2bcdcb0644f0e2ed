"""Staff URLs: the center's queue and its CSV export (the dashboard is stats' staff_urls)."""

from django.urls import path

import claims.queue.views as views

staff_urlpatterns = [
    path("hang-doi/", views.queue_view, name="queue"),
    path("hang-doi/csv/", views.queue_csv, name="queue_csv"),
]
