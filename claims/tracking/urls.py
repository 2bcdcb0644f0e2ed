"""Following a claim: the worker's claims, one claim, its receipt, withdrawing, answering."""

from django.urls import path

import claims.tracking.views as views

urlpatterns = [
    path("ho-so-cua-toi/", views.my_claims, name="my_claims"),
    path("ho-so-cua-toi/<uuid:public_id>/", views.claim_detail, name="claim_detail"),
    path("ho-so-cua-toi/<uuid:public_id>/bien-nhan/", views.claim_receipt, name="claim_receipt"),
    path("ho-so-cua-toi/<uuid:public_id>/rut/", views.claim_withdraw, name="claim_withdraw"),
    path(
        "ho-so-cua-toi/<uuid:public_id>/bo-sung/", views.claim_info_reply, name="claim_info_reply"
    ),
]
