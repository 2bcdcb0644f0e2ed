"""Training support's URLs (namespace "training", gathered by training/urls.py)."""

from django.urls import path

from training.support import views

urlpatterns = [
    path("dao-tao/khoa-hoc/<int:course_id>/dang-ky/", views.apply, name="apply"),
    path(
        "dao-tao/khoa-hoc/<int:course_id>/dang-ky/kiem-tra/",
        views.apply_confirm,
        name="apply_confirm",
    ),
    path("dao-tao/cua-toi/", views.my_applications, name="my_applications"),
    path("dao-tao/cua-toi/<uuid:public_id>/", views.application, name="application"),
    path("dao-tao/cua-toi/<uuid:public_id>/da-nhan/", views.receipt, name="receipt"),
    path("dao-tao/cua-toi/<uuid:public_id>/rut-don/", views.withdraw, name="withdraw"),
    path(
        "dao-tao/cua-toi/<uuid:public_id>/quyet-dinh.pdf",
        views.decision_download,
        name="decision_download",
    ),
    path("can-bo/dao-tao/", views.staff_applications, name="staff_applications"),
    path("can-bo/dao-tao/don/<uuid:public_id>/", views.staff_application, name="staff_application"),
    path("can-bo/dao-tao/don/<uuid:public_id>/de-xuat/", views.staff_propose, name="staff_propose"),
    path("can-bo/dao-tao/don/<uuid:public_id>/ky/", views.staff_decide, name="staff_decide"),
    path("can-bo/dao-tao/don/<uuid:public_id>/tra-lai/", views.staff_return, name="staff_return"),
    path(
        "can-bo/dao-tao/don/<uuid:public_id>/quyet-dinh.pdf",
        views.staff_decision_download,
        name="staff_decision_download",
    ),
]
