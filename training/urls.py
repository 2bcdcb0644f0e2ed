"""training URLs: the catalogue and the worker's pages under /dao-tao/, the center's under
/can-bo/dao-tao/, the institutions' signed API under /api/v1/training/."""

from django.urls import path

from training.catalogue.urls import urlpatterns as catalogue_urls
from training.enrolment import views as enrolment_views
from training.institution_api import views as institution_api_views
from training.support.urls import urlpatterns as support_urls

app_name = "training"
urlpatterns: list = [
    # The catalogue and training support (training.catalogue, training.support).
    *catalogue_urls,
    *support_urls,
    # The institutions' signed API (training.institution_api, docs/adr/0024).
    path(
        "api/v1/training/institution/reports/",
        institution_api_views.reports,
        name="institution_reports",
    ),
    path(
        "api/v1/training/institution/enrolments/",
        institution_api_views.enrolments,
        name="institution_enrolments",
    ),
    # The settlement office reports each training order's fate here (signed).
    path("dao-tao/thanh-toan/callback/", enrolment_views.payment_callback, name="payment_callback"),
    # The center re-issues a failed training order (training.enrolment.payments).
    path(
        "can-bo/dao-tao/lenh-chi/<int:order_id>/phat-lai/",
        enrolment_views.order_reissue,
        name="staff_order_reissue",
    ),
]
