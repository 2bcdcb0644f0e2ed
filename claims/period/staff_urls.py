"""The center's pages of the benefit period (namespace "period_staff"), under /can-bo/."""

from django.urls import path

from claims.period import views_staff

app_name = "period_staff"
urlpatterns = [
    path("thong-bao-hang-thang/", views_staff.queue, name="queue"),
    path("cham-dut-cho-ky/", views_staff.terminations, name="terminations"),
    path("ho-so/<uuid:public_id>/thoi-gian-huong/", views_staff.claim_period, name="claim"),
    path(
        "ho-so/<uuid:public_id>/thoi-gian-huong/thong-bao-truc-tiep/",
        views_staff.in_person,
        name="in_person",
    ),
    path("ho-so/<uuid:public_id>/thoi-gian-huong/mien/", views_staff.exemption, name="exemption"),
    path(
        "ho-so/<uuid:public_id>/thoi-gian-huong/de-xuat-cham-dut/",
        views_staff.propose,
        name="propose",
    ),
    path("ho-so/<uuid:public_id>/thoi-gian-huong/ky-cham-dut/", views_staff.decide, name="decide"),
]
