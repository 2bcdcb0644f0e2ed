from django.urls import path

from claims.decisions import views as decisions
from claims.payments import views as payments
from claims.views import citizen, documents, filing, inbox, info, session

app_name = "claims"
urlpatterns = [
    # Information every worker may read, signed in or not (linked from the footer).
    path("tro-giup/", info.help_contact, name="help"),
    path("quyen-rieng-tu/", info.privacy, name="privacy"),
    path("kha-nang-tiep-can/", info.accessibility, name="accessibility"),
    path("phien-dang-nhap/gia-han/", session.session_keepalive, name="session_keepalive"),
    path("thong-bao/", inbox.inbox, name="inbox"),
    path("thong-bao/da-doc/", inbox.inbox_mark_all_read, name="inbox_mark_all_read"),
    # Filing, one question per page.
    path("nop-ho-so/", filing.filing_start, name="filing_start"),
    path("nop-ho-so/kiem-tra/", filing.filing_check, name="filing_check"),
    path("nop-ho-so/gui/", filing.filing_submit, name="filing_submit"),
    path(
        "nop-ho-so/giay-to/<int:document_id>/xoa/",
        filing.filing_document_remove,
        name="filing_document_remove",
    ),
    path("nop-ho-so/<slug:step>/<slug:part>/", filing.filing_part, name="filing_part"),
    path("nop-ho-so/<slug:step>/", filing.filing_step, name="filing_step"),
    # Following a claim.
    path("ho-so-cua-toi/", citizen.my_claims, name="my_claims"),
    path("ho-so-cua-toi/<uuid:public_id>/", citizen.claim_detail, name="claim_detail"),
    path("ho-so-cua-toi/<uuid:public_id>/bien-nhan/", citizen.claim_receipt, name="claim_receipt"),
    path("ho-so-cua-toi/<uuid:public_id>/rut/", citizen.claim_withdraw, name="claim_withdraw"),
    path(
        "ho-so-cua-toi/<uuid:public_id>/bo-sung/", citizen.claim_info_reply, name="claim_info_reply"
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/quyet-dinh.pdf",
        decisions.citizen_download,
        name="claim_decision_pdf",
    ),
    path(
        "ho-so-cua-toi/<uuid:public_id>/thong-tin-nhan-tien/",
        payments.payment_details,
        name="claim_payment_details",
    ),
    # The settlement office reports each order's fate here (signed, machine to machine).
    path("thanh-toan/callback/", payments.payment_callback, name="payment_callback"),
    path(
        "ho-so/<uuid:public_id>/giay-to/<int:document_id>/",
        documents.document_download,
        name="document_download",
    ),
]
