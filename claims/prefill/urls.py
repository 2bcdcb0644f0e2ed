"""The worker's pages of a prefilled claim (namespace "claims")."""

from django.urls import path

import claims.prefill.views as views

urlpatterns = [
    path("ho-so-dien-san/<int:report_id>/", views.prefilled, name="prefilled"),
    path("ho-so-dien-san/<int:report_id>/tu-van/", views.counselling, name="counselling"),
    path("lich-tu-van/<int:booking_id>/huy/", views.counselling_cancel, name="counselling_cancel"),
]
