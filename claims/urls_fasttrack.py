"""Staff URLs: the mass-layoff fast track (claims.views.staff_fasttrack)."""

from django.urls import path

from claims.views import staff_fasttrack as views

urlpatterns = [
    path("duyet-theo-lo/", views.batches, name="batches"),
    path("duyet-theo-lo/lo/<int:pk>/", views.batch_run, name="batch_run"),
    path("duyet-theo-lo/lo/<int:pk>/trang-thai.json", views.batch_status, name="batch_status"),
    path("duyet-theo-lo/<str:tax_code>/<str:day>/", views.batch, name="batch"),
    path("duyet-theo-lo/<str:tax_code>/<str:day>/csv/", views.batch_csv, name="batch_csv"),
]
