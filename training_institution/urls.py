"""URLs of the stand-in process (with or without a trailing slash: clients differ)."""

from django.urls import path

from training_institution import views

urlpatterns = [
    path("", views.index, name="index"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/", views.healthz),
    path("api/enrolments", views.enrolments, name="enrolments"),
    path("api/enrolments/", views.enrolments),
    path("enrolments/<int:pk>/report", views.report, name="report"),
    path("reports/<int:pk>/resend", views.resend, name="resend"),
]
