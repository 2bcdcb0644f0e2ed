from django.urls import path

from claims.views import inbox

app_name = "claims"
urlpatterns = [
    path("thong-bao/", inbox.inbox, name="inbox"),
    path("thong-bao/da-doc/", inbox.inbox_mark_all_read, name="inbox_mark_all_read"),
]
