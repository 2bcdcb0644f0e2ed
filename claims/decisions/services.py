"""The only code that changes decisions: create with the claim's move, render + sign, verify.

A decision is a row first (created in the transaction that moves the claim to decision_issued,
so it is never lost), then a worker leases it, renders and signs the PDF outside any
transaction, and marks it issued together with the claim event and the citizen's notification.
A sweep hands rows whose worker vanished to another worker (docs/adr/0007).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.core.exceptions import ClaimPermissionError
from claims.core.transitions import Actor, Status
from claims.decisions import signing
from claims.decisions.content import DecisionDocument, Person, law_for, signer_title_for
from claims.decisions.models import Decision, DecisionCounter, _decision_path
from claims.models import Claim, ClaimEvent, Proposal
from claims.notifications.services import claim_params, notify
from claims.review.models import REFUSAL_REASONS
from common.tasks import task_after_commit
from eligibility.registry import get_registry
from identity.models import User

logger = logging.getLogger(__name__)

#: Called after commit with the claim's id once its approval or refusal is signed and stored:
#: what follows a signed decision (the first payment, ADR 0012) registers here, in
#: ClaimsConfig.ready, instead of this module calling another feature.
_after_signature: list[Callable[[int], None]] = []


def on_decision_signed(hook: Callable[[int], None]) -> Callable[[int], None]:
    """Register a hook run after a claim's decision is signed and stored (once)."""
    if hook not in _after_signature:
        _after_signature.append(hook)
    return hook


#: Printed under the QR code: no 0/O, 1/I/L, so it can be typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
#: The decision's number suffix (Nghị định 30/2020: type / issuing body).
NUMBER_SUFFIX = "QĐ-TTDVVL"
#: How long a worker holds a decision while rendering and signing it.
LEASE = timedelta(minutes=5)
#: A new row whose task has not started after this long is queued again by the sweep.
PENDING_GRACE = timedelta(minutes=2)
#: Tries before a decision is shown to staff as failed (they may start it again).
MAX_ATTEMPTS = 5
#: States in which a claim has had its decision issued.
DECIDED = frozenset(
    {Status.DECISION_ISSUED, Status.PAYING, Status.COMPLETED, Status.SUSPENDED, Status.TERMINATED}
)


def code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_normalize(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", (value or "").upper())[:32]


def number_normalize(value: str) -> str:
    """What a person types for a number, as stored: ' 12 / qd-ttdvvl ' -> '12/QĐ-TTDVVL'."""
    text = re.sub(r"\s+", "", (value or "").upper())[:60]
    return re.sub(r"/QD-", "/QĐ-", text)


def number_allocate(*, center_id: int, year: int) -> int:
    """The center's next number in `year`; gapless because it is taken inside the caller's
    transaction (a rollback gives it back) and the counter row is locked until commit."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                counter, _created = DecisionCounter.objects.select_for_update().get_or_create(
                    center_id=center_id, year=year
                )
        except IntegrityError:  # two first numbers of the year at once: lock the winner's row
            continue
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last
    raise RuntimeError("could not allocate a decision number")


def decision_create(
    *, claim: Claim, proposal: Proposal, signer: User, issued_on: date | None = None
) -> Decision:
    """The decision row of a claim moving to decision_issued (call inside that transaction).

    Idempotent: a claim that already has its decision gets it back. The PDF is rendered by a
    worker after commit, never inside the caller's (possibly large, fast-track) transaction.
    """
    existing = Decision.objects.filter(claim_id=claim.pk).first()
    if existing is not None:
        return existing
    if claim.center_id is None:
        raise ValueError("a decision needs the claim's center")
    issued_on = issued_on or timezone.localdate(claim.decided_at or timezone.now())
    sequence = number_allocate(center_id=claim.center_id, year=issued_on.year)
    decision = Decision.objects.create(
        claim=claim,
        case=claim,
        proposal=proposal,
        kind=Decision.Kind.APPROVAL
        if proposal.kind == Proposal.Kind.APPROVE
        else Decision.Kind.REFUSAL,
        center_id=claim.center_id,
        year=issued_on.year,
        sequence=sequence,
        number=f"{sequence}/{NUMBER_SUFFIX}",
        issued_on=issued_on,
        signer=signer,
        signer_name=signer.full_name or signer.username,
        signer_title=signer_title_for(signer.username),
        verification_code=code_new(),
    )
    task_after_commit("claims.tasks.decision_render", decision.pk)
    return decision


def _signed_proposal(claim: Claim) -> Proposal | None:
    """The proposal a signer signed last on this claim (the one its decision follows)."""
    return (
        claim.proposals.filter(outcome=Proposal.Outcome.SIGNED, decided_by__isnull=False)
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
        .first()
    )


def decisions_in_transition(claim: Claim, from_status: str, to_status: str) -> None:
    """Hook (claims.core.services.on_transition_in_transaction): a claim reaching
    decision_issued gets its decision row in the same transaction (never lost, numbered once);
    the PDF is rendered and signed by a worker after commit."""
    if to_status != Status.DECISION_ISSUED:
        return
    proposal = _signed_proposal(claim)
    if proposal is None or proposal.decided_by is None:
        return  # decided before proposals existed: decisions_missing_create has nothing to use
    decision_create(claim=claim, proposal=proposal, signer=proposal.decided_by)


# --- The document ---------------------------------------------------------------------------


def _social_insurance_code(personal_id: str) -> str:
    # Printed when the store knows it; a store outage must not stop the decision.
    try:
        record = get_registry().person_record(personal_id)
    except Exception:
        logger.warning("social-security store unavailable for a decision", exc_info=True)
        return ""
    return record.social_insurance_code if record is not None else ""


def document_for(decision: Decision) -> DecisionDocument:
    """What the decision prints, from the claim, the signed proposal and the snapshots."""
    claim = decision.case or decision.claim
    assert claim is not None  # noqa: S101 - every decision is about a claim
    citizen = claim.citizen
    # A benefit-period decision prints the approval's figures and refers to it.
    approval = None if decision.proposal_id else _approval_of(claim)
    proposal = decision.proposal or (approval.proposal if approval else None) or Proposal()
    result = (claim.eligibility or {}).get("result") or {}
    return DecisionDocument(
        kind=decision.kind,
        facts=dict(decision.facts or {}),
        approval_number=approval.number if approval else "",
        number=decision.number,
        issued_on=decision.issued_on,
        province_code=decision.center.province_code,
        center_name=decision.center.name,
        law=law_for(claim.rule_set),
        claim_reference=claim.reference or "",
        filed_on=timezone.localdate(claim.submitted_at) if claim.submitted_at else None,
        person=Person(
            full_name=citizen.full_name,
            sex=citizen.sex,
            birth_date=citizen.birth_date,
            personal_id=claim.personal_id,
            social_insurance_code=_social_insurance_code(claim.personal_id),
            address=citizen.address,
            employer_name=claim.employer_name,
            termination_date=claim.termination_date,
        ),
        signer_name=decision.signer_name,
        signer_title=decision.signer_title,
        verification_code=decision.verification_code,
        contribution_months=result.get("contribution_months"),
        monthly_benefit=proposal.monthly_benefit,
        duration_months=proposal.duration_months,
        entitlement_start=proposal.entitlement_start,
        entitlement_end=proposal.entitlement_end,
        payment=dict((claim.answers or {}).get("payment") or {}),
        reasons=tuple(
            str(REFUSAL_REASONS.get(code, code)) for code in (proposal.refusal_codes or [])
        ),
        explanation=proposal.explanation,
    )


def _approval_of(claim: Claim) -> Decision | None:
    return Decision.objects.filter(claim=claim, kind=Decision.Kind.APPROVAL).first()


def document_sign(document: DecisionDocument) -> signing.Signed:
    """Render and sign one decision's PDF (no database access)."""
    from claims.decisions.pdf import pdf_render  # WeasyPrint loads only where decisions render

    return signing.pdf_sign(
        pdf=pdf_render(document),
        reason=f"Quyết định số {document.number}",
        location=document.place,
        signer_name=document.signer_name,
    )


# --- Rendering and signing (the worker's side) ----------------------------------------------


def _lease(decision_id: int, token: str) -> bool:
    now = timezone.now()
    return bool(
        Decision.objects.filter(pk=decision_id, state=Decision.State.PENDING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + LEASE, lease_token=token, attempts=F("attempts") + 1)
    )


def _failed(decision_id: int, token: str, error: Exception) -> None:
    decision = Decision.objects.get(pk=decision_id)
    final = decision.attempts >= MAX_ATTEMPTS
    # Back off: the sweep tries again once the lease below has passed.
    retry_in = timedelta(minutes=min(2**decision.attempts, 60))
    Decision.objects.filter(pk=decision_id, lease_token=token, state=Decision.State.PENDING).update(
        state=Decision.State.FAILED if final else Decision.State.PENDING,
        lease_until=None if final else timezone.now() + retry_in,
        last_error=f"{type(error).__name__}: {error}"[:1000],
    )


def decision_issue(*, decision_id: int) -> Decision:
    """Render, sign and store one pending decision; safe to run twice or concurrently.

    Only the worker holding the lease stores its file; an issued decision is left alone.
    """
    token = uuid.uuid4().hex
    if not _lease(decision_id, token):
        return Decision.objects.get(pk=decision_id)
    decision = Decision.objects.select_related(
        "claim", "claim__citizen", "case", "case__citizen", "center", "proposal"
    ).get(pk=decision_id)
    try:
        signed = document_sign(document_for(decision))
    except Exception as error:
        logger.exception("decision %s could not be rendered and signed", decision_id)
        _failed(decision_id, token, error)
        return Decision.objects.get(pk=decision_id)
    name = default_storage.save(_decision_path(decision, "decision.pdf"), ContentFile(signed.data))
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision_id)
        if locked.state != Decision.State.PENDING or locked.lease_token != token:
            # Our lease ran out and another worker took over: its file is the decision.
            default_storage.delete(name)
            return locked
        locked.file.name = name
        locked.sha256 = signed.sha256
        locked.size = len(signed.data)
        locked.cert_fingerprint = signed.cert_fingerprint
        locked.cert_subject = signed.cert_subject[:300]
        locked.signed_at = timezone.now()
        locked.state = Decision.State.ISSUED
        locked.lease_until = None
        locked.last_error = ""
        locked.save()
        claim = decision.case or decision.claim
        assert claim is not None  # noqa: S101 - every decision is about a claim
        data = {"number": locked.number, "sha256": locked.sha256}
        if locked.is_period_kind:
            data["decision_kind"] = locked.kind
        ClaimEvent.objects.create(
            claim=claim, kind="decision_signed", actor=None, actor_role=Actor.SYSTEM, data=data
        )

        notify(user=claim.citizen, kind="decision_issued", params=claim_params(claim), claim=claim)
        # The first payment waits for this signed decision (ADR 0012): release it now.
        if not locked.is_period_kind:
            for hook in _after_signature:
                transaction.on_commit(lambda hook=hook: hook(claim.pk))  # type: ignore[misc]
    return locked


def decision_render_again(*, decision_id: int, actor: User) -> Decision:
    """Staff: try a failed decision again (attempts start over)."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision_id)
        if actor.center_id != decision.center_id:
            raise ClaimPermissionError("another center's decision")
        if decision.state != Decision.State.FAILED:
            return decision
        decision.state = Decision.State.PENDING
        decision.attempts = 0
        decision.lease_until = None
        decision.lease_token = ""
        decision.save()
        ClaimEvent.objects.create(
            claim_id=decision.case_id or decision.claim_id or 0,
            kind="decision_render_again",
            actor=actor,
            actor_role=Actor.OFFICER if actor.role == User.Role.OFFICER else Actor.SIGNER,
            data={"number": decision.number},
        )
        task_after_commit("claims.tasks.decision_render", decision.pk)
    return decision


def decisions_missing_create() -> int:
    """Decided claims without a decision row (e.g. decided before decisions existed)."""
    created = 0
    missing = Claim.objects.filter(status__in=DECIDED, decision__isnull=True).values_list(
        "pk", flat=True
    )
    for claim_id in list(missing[:500]):
        with transaction.atomic():
            claim = Claim.objects.select_for_update().get(pk=claim_id)
            proposal = _signed_proposal(claim)
            if proposal is None or Decision.objects.filter(claim=claim).exists():
                continue
            decision_create(claim=claim, proposal=proposal, signer=proposal.decided_by)  # type: ignore[arg-type]
            created += 1
    return created


def decisions_lost() -> list[int]:
    """Pending decisions no worker holds: never started, or a lease that ran out."""
    now = timezone.now()
    return list(
        Decision.objects.filter(state=Decision.State.PENDING)
        .filter(
            Q(lease_until__lt=now) | Q(lease_until__isnull=True, created_at__lt=now - PENDING_GRACE)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )


# --- Public verification --------------------------------------------------------------------


def decision_lookup(*, number: str, code: str) -> Decision | None:
    """The issued decision with this number and verification code, or None (no hint which
    of the two was wrong)."""
    number, code = number_normalize(number), code_normalize(code)
    if not number or len(code) != CODE_LENGTH:
        return None
    found = None
    for candidate in Decision.objects.filter(
        number=number, state=Decision.State.ISSUED
    ).select_related("center"):
        if hmac.compare_digest(candidate.verification_code.encode(), code.encode()):
            found = candidate
    return found


@dataclass(frozen=True)
class FileCheck:
    identical: bool
    validation: signing.Validation


def decision_file_check(*, decision: Decision, data: bytes) -> FileCheck:
    """Is `data` the issued file, byte for byte, and is its signature valid and trusted?"""

    identical = hmac.compare_digest(hashlib.sha256(data).hexdigest(), decision.sha256)
    return FileCheck(identical=identical, validation=signing.pdf_validate(data))


def name_masked(full_name: str) -> str:
    """'Nguyễn Văn An' -> 'Nguyễn V*** A***': enough to recognise, not to identify."""
    words = full_name.split()
    if not words:
        return ""
    return " ".join([words[0], *(w[0] + "***" for w in words[1:])])
