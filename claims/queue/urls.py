"""Staff URLs: the center's queue, its CSV export and the dashboard."""

from django.urls import path

import claims.queue.views as views

staff_urlpatterns = [
    path("hang-doi/", views.queue_view, name="queue"),
    path("hang-doi/csv/", views.queue_csv, name="queue_csv"),
    path("tong-quan/", views.dashboard_view, name="dashboard"),
]
