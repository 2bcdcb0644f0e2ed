"""The worker's complaint pages (namespace "claims") and the center's (namespace "staff")."""

from django.urls import path

from claims.complaints import views

urlpatterns = [
    path("ho-so-cua-toi/<uuid:public_id>/khieu-nai/", views.complaints, name="complaints"),
    path(
        "ho-so-cua-toi/<uuid:public_id>/khieu-nai/quyet-dinh/",
        views.complaint_decision,
        name="complaint_decision",
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/khieu-nai/noi-dung/",
        views.complaint_text,
        name="complaint_text",
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/khieu-nai/kiem-tra/",
        views.complaint_check,
        name="complaint_check",
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/khieu-nai/<str:reference>/",
        views.complaint_status,
        name="complaint_status",
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/khieu-nai/<str:reference>/rut/",
        views.complaint_withdraw,
        name="complaint_withdraw",
    ),
]

staff_urlpatterns = [
    path("khieu-nai/", views.staff_complaints, name="complaints"),
    path("khieu-nai/<int:complaint_id>/", views.staff_complaint, name="complaint"),
    path(
        "khieu-nai/<int:complaint_id>/<slug:action>/",
        views.staff_complaint_action,
        name="complaint_action",
    ),
]
