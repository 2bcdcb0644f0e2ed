"""Payments: the worker's bank details and the settlement office's callback (urlpatterns,
namespace "claims"); the staff's reissue and failed-payment worklist (staff_urlpatterns)."""

from django.urls import path

from claims.payments import views, worklist_views

urlpatterns = [
    path(
        "ho-so-cua-toi/<uuid:public_id>/thong-tin-nhan-tien/",
        views.payment_details,
        name="claim_payment_details",
    ),
    # The settlement office reports each order's fate here (signed, machine to machine).
    path("thanh-toan/callback/", views.payment_callback, name="payment_callback"),
]

staff_urlpatterns = [
    path("chi-tra-loi/", worklist_views.payment_failures, name="payment_failures"),
    path(
        "chi-tra-loi/<int:order_id>/phat-lai/",
        worklist_views.payment_failure_reissue,
        name="payment_failure_reissue",
    ),
    path(
        "ho-so/<uuid:public_id>/lenh-chi/<int:order_id>/phat-lai/",
        views.payment_reissue,
        name="payment_reissue",
    ),
]
