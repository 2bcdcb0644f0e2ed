"""The worker's pages of the benefit period (namespace "period"), under their claim's page."""

from django.urls import path

from claims.period import views

app_name = "period"
urlpatterns = [
    path("ho-so-cua-toi/<uuid:public_id>/thoi-gian-huong/", views.period_detail, name="detail"),
    path(
        "ho-so-cua-toi/<uuid:public_id>/thong-bao-tim-viec/",
        views.notify_start,
        name="notify_start",
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/thong-bao-tim-viec/kiem-tra/",
        views.notify_check,
        name="notify_check",
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/thong-bao-tim-viec/bien-nhan/<int:index>/",
        views.notify_receipt,
        name="notify_receipt",
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/thong-bao-tim-viec/<slug:step>/",
        views.notify_step,
        name="notify_step",
    ),
    path("ho-so-cua-toi/<uuid:public_id>/bao-thay-doi/", views.end_report, name="end_report"),
    path(
        "ho-so-cua-toi/<uuid:public_id>/bao-thay-doi/kiem-tra/", views.end_check, name="end_check"
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/bao-thay-doi/ket-qua/", views.end_result, name="end_result"
    ),
]
