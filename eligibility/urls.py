from django.urls import path

from eligibility import views

app_name = "eligibility"
urlpatterns = [
    path("ho-so-bhxh/", views.record, name="record"),
]
