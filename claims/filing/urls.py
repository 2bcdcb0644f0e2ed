"""Filing, one question per page (claims.filing.views)."""

from django.urls import path

import claims.filing.views as views

urlpatterns = [
    path("nop-ho-so/", views.filing_start, name="filing_start"),
    path("nop-ho-so/kiem-tra/", views.filing_check, name="filing_check"),
    path("nop-ho-so/gui/", views.filing_submit, name="filing_submit"),
    path(
        "nop-ho-so/giay-to/<int:document_id>/xoa/",
        views.filing_document_remove,
        name="filing_document_remove",
    ),
    path("nop-ho-so/<slug:step>/<slug:part>/", views.filing_part, name="filing_part"),
    path("nop-ho-so/<slug:step>/", views.filing_step, name="filing_step"),
]
