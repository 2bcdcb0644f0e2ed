"""The session's keep-alive ("stay signed in" on the timeout warning)."""

from django.urls import path

from claims.session import views

urlpatterns = [
    path("phien-dang-nhap/gia-han/", views.session_keepalive, name="session_keepalive"),
]
