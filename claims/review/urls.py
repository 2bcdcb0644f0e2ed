"""Staff URLs: one claim's page (review, actions, documents), the signer's proposals and the
mass-layoff fast track."""

from django.urls import path, re_path

import claims.review.fasttrack_views as fasttrack
import claims.review.views as views

staff_urlpatterns = [
    path("ho-so/<uuid:public_id>/", views.claim_page, name="claim"),
    re_path(
        r"^ho-so/(?P<public_id>[0-9a-f-]{36})/(?P<action>giao|yeu-cau-bo-sung|de-xuat-huong"
        r"|de-xuat-khong-huong|ky-duyet|tra-lai)/$",
        views.claim_action,
        name="claim_action",
    ),
    path(
        "ho-so/<uuid:public_id>/giay-to/<int:document_id>/",
        views.claim_document,
        name="claim_document",
    ),
    path("ky-duyet/", views.proposals, name="proposals"),
    # The mass-layoff fast track.
    path("duyet-theo-lo/", fasttrack.batches, name="batches"),
    path("duyet-theo-lo/lo/<int:pk>/", fasttrack.batch_run, name="batch_run"),
    path("duyet-theo-lo/lo/<int:pk>/trang-thai.json", fasttrack.batch_status, name="batch_status"),
    path("duyet-theo-lo/<str:tax_code>/<str:day>/", fasttrack.batch, name="batch"),
    path("duyet-theo-lo/<str:tax_code>/<str:day>/csv/", fasttrack.batch_csv, name="batch_csv"),
]
