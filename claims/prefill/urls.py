"""Prefilled claims: the worker's pages (namespace "claims") and the center's layoff event pages
(namespace "staff", under /can-bo/)."""

from django.urls import path

import claims.prefill.staff_views as staff_views
import claims.prefill.views as views

urlpatterns = [
    path("ho-so-dien-san/<int:report_id>/", views.prefilled, name="prefilled"),
    path("ho-so-dien-san/<int:report_id>/tu-van/", views.counselling, name="counselling"),
    path("lich-tu-van/<int:booking_id>/huy/", views.counselling_cancel, name="counselling_cancel"),
]

staff_urlpatterns = [
    path("dot-cat-giam/", staff_views.events, name="layoff_events"),
    path("dot-cat-giam/<int:notice_id>/", staff_views.event, name="layoff_event"),
    path("lich-tu-van/", staff_views.counselling_bookings, name="counselling_bookings"),
]
