"""The worker's inbox of notifications."""

from django.urls import path

import claims.notifications.views as views

urlpatterns = [
    path("thong-bao/", views.inbox, name="inbox"),
    path("thong-bao/da-doc/", views.inbox_mark_all_read, name="inbox_mark_all_read"),
]
