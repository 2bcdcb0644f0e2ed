"""Staff URLs: the center's queue, its CSV export, the dashboard and the failed payments."""

from django.urls import path

from claims.views import staff_payments, staff_queue

urlpatterns = [
    path("hang-doi/", staff_queue.queue_view, name="queue"),
    path("hang-doi/csv/", staff_queue.queue_csv, name="queue_csv"),
    path("tong-quan/", staff_queue.dashboard_view, name="dashboard"),
    path("chi-tra-loi/", staff_payments.payment_failures, name="payment_failures"),
    path(
        "chi-tra-loi/<int:order_id>/phat-lai/",
        staff_payments.payment_failure_reissue,
        name="payment_failure_reissue",
    ),
]
