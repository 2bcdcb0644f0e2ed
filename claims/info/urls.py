"""Information every worker may read, signed in or not (linked from the footer)."""

from django.urls import path

from claims.info import views

urlpatterns = [
    path("tro-giup/", views.help_contact, name="help"),
    path("quyen-rieng-tu/", views.privacy, name="privacy"),
    path("kha-nang-tiep-can/", views.accessibility, name="accessibility"),
]
