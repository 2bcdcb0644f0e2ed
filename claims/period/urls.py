"""The benefit period's pages: the worker's (`urlpatterns`, namespace "claims", gathered by
claims/urls.py) and the center's (`staff_urlpatterns`, namespace "staff", under /can-bo/)."""

from django.urls import path

from claims.period import views, views_staff

CLAIM = "ho-so-cua-toi/<uuid:public_id>"

urlpatterns = [
    path(f"{CLAIM}/thoi-gian-huong/", views.period_detail, name="period_detail"),
    path(f"{CLAIM}/thong-bao-tim-viec/", views.notify_start, name="period_notify_start"),
    path(f"{CLAIM}/thong-bao-tim-viec/kiem-tra/", views.notify_check, name="period_notify_check"),
    path(
        f"{CLAIM}/thong-bao-tim-viec/bien-nhan/<int:index>/",
        views.notify_receipt,
        name="period_notify_receipt",
    ),
    path(f"{CLAIM}/thong-bao-tim-viec/<slug:step>/", views.notify_step, name="period_notify_step"),
    path(f"{CLAIM}/bao-thay-doi/", views.end_report, name="period_end_report"),
    path(f"{CLAIM}/bao-thay-doi/kiem-tra/", views.end_check, name="period_end_check"),
    path(f"{CLAIM}/bao-thay-doi/ket-qua/", views.end_result, name="period_end_result"),
]

STAFF_CLAIM = "ho-so/<uuid:public_id>/thoi-gian-huong"

staff_urlpatterns = [
    path("thong-bao-hang-thang/", views_staff.queue, name="period_queue"),
    path("cham-dut-cho-ky/", views_staff.terminations, name="period_terminations"),
    path(f"{STAFF_CLAIM}/", views_staff.claim_period, name="period_claim"),
    path(f"{STAFF_CLAIM}/thong-bao-truc-tiep/", views_staff.in_person, name="period_in_person"),
    path(f"{STAFF_CLAIM}/mien/", views_staff.exemption, name="period_exemption"),
    path(f"{STAFF_CLAIM}/de-xuat-cham-dut/", views_staff.propose, name="period_propose"),
    path(f"{STAFF_CLAIM}/ky-cham-dut/", views_staff.decide, name="period_decide"),
]
