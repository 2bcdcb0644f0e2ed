"""Staff URLs: the center's queue, its CSV export and the dashboard."""

from django.urls import path

from claims.views import staff_queue

urlpatterns = [
    path("hang-doi/", staff_queue.queue_view, name="queue"),
    path("hang-doi/csv/", staff_queue.queue_csv, name="queue_csv"),
    path("tong-quan/", staff_queue.dashboard_view, name="dashboard"),
]
