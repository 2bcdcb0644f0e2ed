from django.urls import path

from identity import views

app_name = "identity"
urlpatterns = [
    path("can-bo/", views.staff_home, name="staff_home"),
]
