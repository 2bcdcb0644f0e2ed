"""Job offers' URLs (gathered by jobs/urls.py)."""

from django.urls import path

from jobs.offers import views

urlpatterns = [
    path("viec-lam/gioi-thieu/", views.mine, name="offers_mine"),
    path("viec-lam/gioi-thieu/<int:offer_id>/", views.offer, name="offer"),
    path("viec-lam/gioi-thieu/<int:offer_id>/nhan-loi/", views.accept, name="offer_accept"),
    path("viec-lam/gioi-thieu/<int:offer_id>/tu-choi/", views.decline, name="offer_decline"),
    path(
        "can-bo/viec-lam/phu-hop/<uuid:public_id>/gioi-thieu/", views.make, name="staff_offer_make"
    ),
    path("can-bo/viec-lam/gioi-thieu/", views.staff_list, name="staff_offers"),
    path("can-bo/viec-lam/gioi-thieu/<int:offer_id>/", views.staff_offer, name="staff_offer"),
]
