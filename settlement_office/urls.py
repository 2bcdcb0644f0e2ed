"""URLs of the simulator process (with or without a trailing slash: clients differ)."""

from django.urls import path

from settlement_office import views

urlpatterns = [
    path("", views.index, name="index"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/", views.healthz),
    path("api/orders", views.orders, name="orders"),
    path("api/orders/", views.orders),
    path("api/orders/batch", views.orders_batch, name="orders_batch"),
    path("api/orders/batch/", views.orders_batch),
]
