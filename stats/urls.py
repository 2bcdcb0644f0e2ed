"""stats URLs: the analysts' pages under /thong-ke/, the public open data, the analysts' API."""

from django.urls import path

from stats import api, views

app_name = "stats"

urlpatterns = [
    path("thong-ke/", views.dashboard, name="dashboard"),
    path("thong-ke/chi-tra/", views.spending_view, name="spending"),
    path(
        "thong-ke/chi-tra/tai-ve.<str:fmt>",
        views.spending_download,
        name="spending_download",
    ),
    path("thong-ke/kich-ban-dong-cua/", views.scenario, name="scenario"),
    path("thong-ke/cong-khai/", views.public_page, name="public"),
    path("thong-ke/cong-khai/tai-ve.<str:fmt>", views.public_download, name="public_download"),
    path("thong-ke/duong-tro-lai-viec-lam/", views.path_view, name="path"),
    path("thong-ke/duong-tro-lai-viec-lam/<slug:slug>/", views.path_view, name="path_by"),
    path(
        "thong-ke/duong-tro-lai-viec-lam/<slug:slug>/tai-ve.<str:fmt>",
        views.path_download,
        name="path_download",
    ),
    path("thong-ke/<slug:slug>/", views.table, name="table"),
    path("thong-ke/<slug:slug>/tai-ve.<str:fmt>", views.table_download, name="table_download"),
    path("api/v1/stats/tables/<str:dimension>/", api.TableView.as_view(), name="api_table"),
    path("api/v1/stats/spending/", api.SpendingView.as_view(), name="api_spending"),
]
