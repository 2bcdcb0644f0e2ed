"""employers URLs: the enterprise's pages under /doanh-nghiep/, its API under /api/v1/employer/."""

from django.urls import path

from employers import api, views

app_name = "employers"
urlpatterns = [
    path("doanh-nghiep/dang-nhap/", views.login, name="login"),
    path("doanh-nghiep/", views.home, name="home"),
    path("doanh-nghiep/chon/", views.choose, name="choose"),
    path("doanh-nghiep/nguoi-dai-dien/", views.colleagues, name="colleagues"),
    path("doanh-nghiep/mau-danh-sach.xlsx", views.template_xlsx, name="template_xlsx"),
    path("doanh-nghiep/mau-danh-sach.csv", views.template_csv, name="template_csv"),
    path("doanh-nghiep/thong-bao/moi/", views.notice_new, name="notice_new"),
    path("doanh-nghiep/thong-bao/<int:notice_id>/", views.notice, name="notice"),
    path("doanh-nghiep/thong-bao/<int:notice_id>/tai-len/", views.upload, name="upload"),
    path("doanh-nghiep/thong-bao/<int:notice_id>/them-nguoi/", views.row_add, name="row_add"),
    path(
        "doanh-nghiep/thong-bao/<int:notice_id>/danh-sach.csv",
        views.notice_csv,
        name="notice_csv",
    ),
    path(
        "doanh-nghiep/thong-bao/<int:notice_id>/kiem-tra/<int:draft_id>/",
        views.draft,
        name="draft",
    ),
    path(
        "doanh-nghiep/thong-bao/<int:notice_id>/kiem-tra/<int:draft_id>/tien-do/",
        views.draft_status,
        name="draft_status",
    ),
    path(
        "doanh-nghiep/thong-bao/<int:notice_id>/kiem-tra/<int:draft_id>/dong/<str:row_key>/",
        views.draft_row,
        name="draft_row",
    ),
    path(
        "doanh-nghiep/thong-bao/<int:notice_id>/kiem-tra/<int:draft_id>/xac-nhan/",
        views.draft_confirm,
        name="draft_confirm",
    ),
    path(
        "doanh-nghiep/thong-bao/<int:notice_id>/kiem-tra/<int:draft_id>/huy/",
        views.draft_discard,
        name="draft_discard",
    ),
    path("api/v1/employer/token/", api.TokenView.as_view(), name="api_token"),
    path("api/v1/employer/notices/", api.NoticeListView.as_view(), name="api_notices"),
    path(
        "api/v1/employer/notices/<int:notice_id>/",
        api.NoticeDetailView.as_view(),
        name="api_notice",
    ),
    path(
        "api/v1/employer/notices/<int:notice_id>/workers/",
        api.NoticeWorkersView.as_view(),
        name="api_notice_workers",
    ),
]
