"""The signed decision on a training application: rendered with the claims decisions'
stylesheet and fonts (claims.decisions.pdf), signed PAdES with the center's key
(claims.decisions.signing), stored, then the worker is told and, for an approval, the
enrolment opens (training.enrolment.services.enrolment_open). Verifiable at /verify/ through
claims.decisions.lookups (registered in TrainingConfig.ready)."""

from __future__ import annotations

import hmac
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from claims.decisions import content, signing
from claims.decisions.lookups import Verifiable
from claims.decisions.services import CODE_LENGTH, MAX_ATTEMPTS, code_normalize, number_normalize
from claims.decisions.words import amount_words
from claims.notifications.services import notify
from training.enrolment.services import enrolment_open
from training.support.models import TrainingApplication, TrainingDecision, TrainingEvent
from training.support.services import notification_params

logger = logging.getLogger(__name__)
TEMPLATE = "training/decision.html"
#: A pending decision no worker finished after this long is queued again by the sweep.
PENDING_GRACE = timedelta(minutes=2)


def document_context(decision: TrainingDecision) -> dict[str, Any]:
    app = decision.application
    citizen = app.citizen
    course = app.course
    facts = decision.facts or {}
    return {
        "d": decision,
        "app": app,
        "course": course,
        "person": citizen,
        "who": f"{content.honorific(citizen.sex)} {citizen.full_name}",
        "authority": f"SỞ NỘI VỤ {content.province_label(decision.center.province_code).upper()}",
        "header_name": content.center_header_name(
            decision.center.name, decision.center.province_code
        ),
        "date_line": f"{content.place_name(decision.center.province_code)}, {content.date_line(decision.issued_on)}",
        "on_behalf": "" if decision.signer_title == content.DIRECTOR else f"KT. {content.DIRECTOR}",
        "tuition": f"{facts.get('tuition') or 0:,}".replace(",", "."),
        "tuition_words": amount_words(int(facts.get("tuition") or 0)),
        "meal": f"{facts.get('meal_money_per_month') or 0:,}".replace(",", "."),
        "facts": facts,
        "code_display": content.code_display(decision.verification_code),
        "verify_url": content.verify_url(decision.number, decision.verification_code),
        "site_url": settings.SITE_URL,
    }


def pdf_bytes(decision: TrainingDecision) -> bytes:
    # WeasyPrint loads only where decisions render (as claims.decisions.services does).
    from claims.decisions.pdf import html_to_pdf, qr_data_uri  # noqa: PLC0415

    context = document_context(decision)
    context["qr"] = qr_data_uri(context["verify_url"])
    with translation.override("vi"):  # a Vietnamese legal document whatever the reader's language
        html = render_to_string(TEMPLATE, context)
    return html_to_pdf(html)


def decision_issue(*, decision_id: int) -> TrainingDecision:
    """Render, sign and store one pending decision; a second run (or a concurrent one) leaves
    an issued decision alone and stores no second file."""
    decision = TrainingDecision.objects.select_related(
        "application__citizen", "application__course__institution", "center"
    ).get(pk=decision_id)
    if decision.state != TrainingDecision.State.PENDING:
        return decision
    TrainingDecision.objects.filter(pk=decision_id).update(attempts=decision.attempts + 1)
    try:
        signed = signing.pdf_sign(
            pdf=pdf_bytes(decision),
            reason=f"Quyết định số {decision.number}",
            location=content.place_name(decision.center.province_code),
            signer_name=decision.signer_name,
        )
    except Exception as error:
        logger.exception("training decision %s could not be rendered and signed", decision_id)
        final = decision.attempts + 1 >= MAX_ATTEMPTS
        TrainingDecision.objects.filter(
            pk=decision_id, state=TrainingDecision.State.PENDING
        ).update(
            state=TrainingDecision.State.FAILED if final else TrainingDecision.State.PENDING,
            last_error=f"{type(error).__name__}: {error}"[:1000],
        )
        return TrainingDecision.objects.get(pk=decision_id)
    name = default_storage.save(
        f"decisions/{decision.issued_on:%Y}/{decision.verification_code.lower()}-{decision.pk}.pdf",
        ContentFile(signed.data),
    )
    with transaction.atomic():
        locked = TrainingDecision.objects.select_for_update().get(pk=decision_id)
        if locked.state != TrainingDecision.State.PENDING:
            default_storage.delete(name)  # another worker stored it first: its file stands
            return locked
        locked.file.name = name
        locked.sha256 = signed.sha256
        locked.size = len(signed.data)
        locked.cert_fingerprint = signed.cert_fingerprint
        locked.cert_subject = signed.cert_subject[:300]
        locked.signed_at = timezone.now()
        locked.state = TrainingDecision.State.ISSUED
        locked.last_error = ""
        locked.save()
        app = TrainingApplication.objects.select_related("course", "citizen").get(
            pk=locked.application_id
        )
        TrainingEvent.objects.create(
            application=app,
            kind="decision_signed",
            actor_role="system",
            from_state=app.state,
            to_state=app.state,
            data={"number": locked.number, "sha256": locked.sha256},
        )
        approved = locked.kind == TrainingDecision.Kind.APPROVAL
        notify(
            user=app.citizen,
            kind="training_approved" if approved else "training_refused",
            params=notification_params(app),
            claim=app.claim,
        )
        if approved:
            enrolment_open(application=app)
    return locked


def decisions_lost() -> list[int]:
    """Pending decisions whose render never finished (a worker died, the queue lost it)."""
    cutoff = timezone.now() - PENDING_GRACE
    return list(
        TrainingDecision.objects.filter(state=TrainingDecision.State.PENDING)
        .filter(Q(updated_at__lt=cutoff))
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )


def verifiable(number: str, code: str) -> Verifiable | None:
    """For /verify/: the issued training decision with this number and code."""
    number, code = number_normalize(number), code_normalize(code)
    if not number or len(code) != CODE_LENGTH:
        return None
    found = None
    for candidate in TrainingDecision.objects.filter(
        number=number, state=TrainingDecision.State.ISSUED
    ).select_related("center", "application__citizen"):
        if hmac.compare_digest(candidate.verification_code.encode(), code.encode()):
            found = candidate
    if found is None:
        return None
    return Verifiable(decision=found, full_name=found.application.citizen.full_name)
