"""Decision PDFs: the worker's download (urlpatterns, namespace "claims") and the staff's
(staff_urlpatterns, namespace "staff"). The public verification page is in portal/urls.py."""

from django.urls import path

from claims.decisions import kind_views, views

urlpatterns = [
    path(
        "ho-so-cua-toi/<uuid:public_id>/quyet-dinh.pdf",
        views.citizen_download,
        name="claim_decision_pdf",
    ),
    # One decision of the claim by its id (the benefit period's: a claim has several).
    path(
        "ho-so-cua-toi/<uuid:public_id>/quyet-dinh/<int:decision_id>.pdf",
        kind_views.citizen_download,
        name="claim_decision_kind_pdf",
    ),
]

staff_urlpatterns = [
    path(
        "ho-so/<uuid:public_id>/quyet-dinh.pdf",
        views.staff_download,
        name="claim_decision_pdf",
    ),
    path(
        "ho-so/<uuid:public_id>/quyet-dinh/lap-lai/",
        views.staff_render_again,
        name="claim_decision_again",
    ),
    path(
        "ho-so/<uuid:public_id>/quyet-dinh/<int:decision_id>.pdf",
        kind_views.staff_download,
        name="claim_decision_kind_pdf",
    ),
]
