"""Staff pages of one claim (review, actions, documents) and the signer's proposals."""

from django.urls import path, re_path

from claims.decisions import views as decisions
from claims.payments import views as payments
from claims.views import staff_review

urlpatterns = [
    path("ho-so/<uuid:public_id>/", staff_review.claim_page, name="claim"),
    re_path(
        r"^ho-so/(?P<public_id>[0-9a-f-]{36})/(?P<action>giao|yeu-cau-bo-sung|de-xuat-huong"
        r"|de-xuat-khong-huong|ky-duyet|tra-lai)/$",
        staff_review.claim_action,
        name="claim_action",
    ),
    path(
        "ho-so/<uuid:public_id>/giay-to/<int:document_id>/",
        staff_review.claim_document,
        name="claim_document",
    ),
    path(
        "ho-so/<uuid:public_id>/lenh-chi/<int:order_id>/phat-lai/",
        payments.payment_reissue,
        name="payment_reissue",
    ),
    path(
        "ho-so/<uuid:public_id>/quyet-dinh.pdf",
        decisions.staff_download,
        name="claim_decision_pdf",
    ),
    path(
        "ho-so/<uuid:public_id>/quyet-dinh/lap-lai/",
        decisions.staff_render_again,
        name="claim_decision_again",
    ),
    path("ky-duyet/", staff_review.proposals, name="proposals"),
]
