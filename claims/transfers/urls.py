"""The worker's transfer pages (namespace "claims") and the center's (namespace "staff")."""

from django.urls import path

from claims.transfers import views

urlpatterns = [
    path(
        "ho-so-cua-toi/<uuid:public_id>/chuyen-noi-huong/",
        views.transfer_status,
        name="transfer_status",
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/chuyen-noi-huong/noi-chuyen-den/",
        views.transfer_province,
        name="transfer_province",
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/chuyen-noi-huong/noi-cu-tru/",
        views.transfer_address,
        name="transfer_address",
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/chuyen-noi-huong/kiem-tra/",
        views.transfer_check,
        name="transfer_check",
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/chuyen-noi-huong/huy/",
        views.transfer_cancel,
        name="transfer_cancel",
    ),
]

staff_urlpatterns = [
    path("chuyen-noi-huong/", views.staff_transfers, name="transfers"),
    path("chuyen-noi-huong/<int:transfer_id>/", views.staff_transfer, name="transfer"),
    path(
        "chuyen-noi-huong/<int:transfer_id>/<slug:action>/",
        views.staff_transfer_action,
        name="transfer_action",
    ),
]
