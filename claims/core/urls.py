"""A claim's document, for its owner or the staff of its center (claims.core.document_views)."""

from django.urls import path

from claims.core import document_views

urlpatterns = [
    path(
        "ho-so/<uuid:public_id>/giay-to/<int:document_id>/",
        document_views.document_download,
        name="document_download",
    ),
]
