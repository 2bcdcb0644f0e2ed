"""The center's layoff event pages, under /can-bo/ (namespace "staff")."""

from django.urls import path

import claims.prefill.staff_views as views

staff_urlpatterns = [
    path("dot-cat-giam/", views.events, name="layoff_events"),
    path("dot-cat-giam/<int:notice_id>/", views.event, name="layoff_event"),
    path("lich-tu-van/", views.counselling_bookings, name="counselling_bookings"),
]
