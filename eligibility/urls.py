from django.urls import path

from eligibility import views, views_precheck

app_name = "eligibility"
urlpatterns = [
    path("ho-so-bhxh/", views.record, name="record"),
    path("kiem-tra-dieu-kien/", views_precheck.precheck, name="precheck"),
]
