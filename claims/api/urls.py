"""/api/: the versioned citizen API (namespace "v1"), its OpenAPI schema and local docs."""

from __future__ import annotations

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import claims.filing.api as drafts
import claims.filing.one_call_api as one_call
import claims.review.api as staff
import claims.tracking.api as claims
from claims.api import account
from claims.complaints import api as complaints
from claims.decisions import api as decisions
from claims.filing.forms import STEP_KEYS
from claims.payments import api as payments
from claims.period import api_urls as period_api
from claims.transfers import api as transfers

v1 = [
    path("token/", account.TokenView.as_view(), name="token"),
    path("me/record/", account.RecordSummaryView.as_view(), name="record"),
    path("me/eligibility/", account.EligibilityView.as_view(), name="eligibility"),
    path("claims/", claims.ClaimListView.as_view(), name="claim-list"),
    # A whole claim in one call (the phone's way), idempotent by Idempotency-Key.
    path("filings/", one_call.FilingView.as_view(), name="filings"),
    path("claims/<uuid:claim_id>/", claims.ClaimDetailView.as_view(), name="claim-detail"),
    path("claims/<uuid:claim_id>/submit/", drafts.ClaimSubmitView.as_view(), name="claim-submit"),
    path(
        "claims/<uuid:claim_id>/withdraw/",
        claims.ClaimWithdrawView.as_view(),
        name="claim-withdraw",
    ),
    path(
        "claims/<uuid:claim_id>/info-reply/",
        claims.ClaimInfoReplyView.as_view(),
        name="claim-info-reply",
    ),
    path(
        "claims/<uuid:claim_id>/decision/",
        decisions.DecisionView.as_view(),
        name="claim-decision",
    ),
    path(
        "claims/<uuid:claim_id>/decision.pdf",
        decisions.DecisionPdfView.as_view(),
        name="claim-decision-pdf",
    ),
    path(
        "claims/<uuid:claim_id>/payments/",
        payments.PaymentScheduleView.as_view(),
        name="claim-payments",
    ),
    path(
        "claims/<uuid:claim_id>/payment-details/",
        payments.PaymentDetailsView.as_view(),
        name="claim-payment-details",
    ),
    # The benefit period: the "this month" card, the monthly notification, "I found a job".
    *period_api.urlpatterns,
    # Transfers to another province and complaints against a decision (issue 16).
    path(
        "claims/<uuid:claim_id>/transfers/",
        transfers.TransferListView.as_view(),
        name="claim-transfers",
    ),
    path(
        "claims/<uuid:claim_id>/complaints/",
        complaints.ComplaintListView.as_view(),
        name="claim-complaints",
    ),
    path(
        "claims/<uuid:claim_id>/transfers/<int:transfer_id>/cancel/",
        transfers.TransferCancelView.as_view(),
        name="claim-transfer-cancel",
    ),
    path(
        "claims/<uuid:claim_id>/complaints/<str:reference>/withdraw/",
        complaints.ComplaintWithdrawView.as_view(),
        name="claim-complaint-withdraw",
    ),
    path("draft/", drafts.DraftView.as_view(), name="draft"),
    re_path(
        rf"^draft/steps/(?P<step>{'|'.join(STEP_KEYS)})/$",
        drafts.DraftStepView.as_view(),
        name="draft-step",
    ),
    path("draft/estimate/", drafts.DraftEstimateView.as_view(), name="draft-estimate"),
    path("draft/documents/", drafts.DraftDocumentsView.as_view(), name="draft-documents"),
    path(
        "draft/documents/<int:document_id>/",
        drafts.DraftDocumentView.as_view(),
        name="draft-document",
    ),
    path("draft/submit/", drafts.DraftSubmitView.as_view(), name="draft-submit"),
    # Center staff (claims/review/api.py): one claim of their center and the review actions.
    path(
        "staff/claims/<uuid:claim_id>/",
        staff.StaffClaimDetailView.as_view(),
        name="staff-claim-detail",
    ),
    *[
        path(f"staff/claims/<uuid:claim_id>/{slug}/", view.as_view(), name=f"staff-claim-{slug}")
        for slug, view in staff.ACTION_VIEWS.items()
    ],
]

urlpatterns = [
    path("v1/", include((v1, "v1"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI only: drf-spectacular's Redoc page pulls fonts from Google, and nothing leaves.
    # The split view serves its initialisation script from its own URL: no inline script (CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
]
