"""The catalogue's URLs (namespace "training", gathered by training/urls.py)."""

from django.urls import path

from training.catalogue import views

urlpatterns = [
    path("dao-tao/", views.courses, name="courses"),
    path("dao-tao/khoa-hoc/<int:course_id>/", views.course_detail, name="course"),
    path("can-bo/dao-tao/danh-muc/", views.staff_catalogue, name="staff_catalogue"),
    path("can-bo/dao-tao/co-so/them/", views.staff_institution_edit, name="staff_institution_new"),
    path(
        "can-bo/dao-tao/co-so/<int:institution_id>/",
        views.staff_institution_edit,
        name="staff_institution",
    ),
    path("can-bo/dao-tao/khoa-hoc/them/", views.staff_course_edit, name="staff_course_new"),
    path("can-bo/dao-tao/khoa-hoc/<int:course_id>/", views.staff_course_edit, name="staff_course"),
]
