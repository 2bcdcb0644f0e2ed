"""One claim per person and termination (docs/adr/0012): which existing claim a new one repeats.

A termination is identified as the claim identifies it once submitted: the person's personal
id, the employer's tax code and the termination date. The database holds the same rule
(Claim.Meta's `one_claim_per_termination`), so two submissions at once cannot both pass; this
module says it first, in words, with a link to the claim that already stands for it.

- The same termination, while a claim about it stands (anything but a draft or a withdrawn
  claim, decided or not, paid or not): refused.
- A different termination while another claim is still open (undecided, or an approval still
  paying): allowed only when it ended later than the open claim's termination (the worker found
  an insured job and lost it again, Law 74/2025 Art. 41.4.a); refused otherwise (one period of
  unemployment, one claim). An allowed one is flagged on both claims (`claim_open`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext as _

from claims.core.exceptions import ClaimError
from claims.core.transitions import Status
from claims.models import Claim, ClaimFlag
from eligibility.crosscheck import OtherClaim, date_en, date_vi

#: States in which a claim no longer stands for its termination (the constraint's condition).
RELEASED = (Status.DRAFT, Status.WITHDRAWN)
#: States of a claim still open: nothing decided yet, or an approval whose benefit still runs.
UNDECIDED = (
    Status.SUBMITTED,
    Status.IN_REVIEW,
    Status.INFO_REQUESTED,
    Status.PROPOSED,
    Status.APPROVED,
)
RUNNING = (Status.PAYING, Status.SUSPENDED)


class DuplicateClaim(ClaimError):
    """A new claim would repeat an existing one; `existing` is that claim (the citizen's own)."""

    SAME_TERMINATION = "same_termination"
    OPEN_LATER = "open_later_termination"

    def __init__(self, existing: Claim, *, reason: str) -> None:
        params = {"reference": existing.reference or ""}
        if reason == self.SAME_TERMINATION:
            message = _(
                "Bạn đã có hồ sơ %(reference)s về lần chấm dứt hợp đồng này. Mỗi lần chấm dứt "
                "hợp đồng chỉ được nộp một hồ sơ: hãy theo dõi hồ sơ đó."
            )
        else:
            message = _(
                "Bạn đang có hồ sơ %(reference)s chưa kết thúc, về một lần chấm dứt hợp đồng "
                "sau lần này. Hồ sơ mới chỉ được nộp cho lần chấm dứt hợp đồng sau hồ sơ đang có."
            )
        super().__init__(message % params)
        self.existing = existing
        self.reason = reason

    @property
    def url(self) -> str:
        return reverse("claims:claim_detail", kwargs={"public_id": self.existing.public_id})

    def payload(self) -> dict[str, Any]:
        """What the API says about the existing claim (the caller's own)."""
        return {
            "id": str(self.existing.public_id),
            "reference": self.existing.reference,
            "status": self.existing.status,
            "url": self.url,
        }


def open_q() -> Q:
    """Open claims: undecided, paying, or decided with an approval whose payments have not begun."""
    return (
        Q(status__in=UNDECIDED + RUNNING)
        | Q(status=Status.DECISION_ISSUED, decision__kind="approval")
        # A decision row is created with the move; before it exists, an approval is recognised
        # by its signed proposal.
        | Q(
            status=Status.DECISION_ISSUED,
            decision__isnull=True,
            proposals__kind="approve",
            proposals__outcome="signed",
        )
    )


def standing_claims(*, personal_id: str, exclude_pk: int | None = None) -> QuerySet[Claim]:
    """The person's claims that stand for their termination (submitted, not withdrawn)."""
    qs = Claim.objects.filter(personal_id=personal_id).exclude(status__in=RELEASED)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exclude(termination_date__isnull=True)


@dataclass(frozen=True)
class Standing:
    """The person's standing claims, each marked open or not, read once by a caller that holds
    the person's row lock (a one-call filing: every check of its steps and its submission
    then reads the same rows instead of the table again; `standing_read`)."""

    personal_id: str
    marked: tuple[tuple[Claim, bool], ...]

    def excluding(self, pk: int | None) -> list[tuple[Claim, bool]]:
        return [(c, is_open) for c, is_open in self.marked if c.pk != pk]


def standing_read(*, personal_id: str) -> Standing:
    """The person's standing claims now (call with their row locked, see Standing)."""
    return Standing(personal_id, tuple(_standing_marked(personal_id=personal_id, exclude_pk=None)))


def _marked(
    personal_id: str, exclude_pk: int | None, standing: Standing | None
) -> list[tuple[Claim, bool]]:
    if standing is not None and standing.personal_id == personal_id:
        return standing.excluding(exclude_pk)
    return _standing_marked(personal_id=personal_id, exclude_pk=exclude_pk)


def termination_check(
    *,
    personal_id: str,
    employer_tax_code: str,
    termination_date: date | None,
    exclude_pk: int | None = None,
    standing: Standing | None = None,
) -> list[Claim]:
    """Refuse (DuplicateClaim) a claim about this termination if the rules do not allow it;
    return the person's other open claims it is allowed beside (to be flagged). `standing`:
    the rows the caller read already (standing_read)."""
    if not personal_id or termination_date is None:
        return []
    # Every claim that stands for a termination, each marked open or not (most people have
    # none, and a submission runs this check up to three times).
    standing_marked = _marked(personal_id, exclude_pk, standing)
    same = next(
        (
            c
            for c, _open in standing_marked
            if c.employer_tax_code == employer_tax_code and c.termination_date == termination_date
        ),
        None,
    )
    if same is not None:
        raise DuplicateClaim(same, reason=DuplicateClaim.SAME_TERMINATION)
    others = [c for c, is_open in standing_marked if is_open]
    blocking = [c for c in others if c.termination_date and c.termination_date >= termination_date]
    if blocking:
        raise DuplicateClaim(blocking[0], reason=DuplicateClaim.OPEN_LATER)
    return others


#: What the checks, their messages (DuplicateClaim) and the cross-check (other_claims_for) read
#: of a standing claim: building the SELECT of every column of Claim cost more than the query.
#: Any other column is still there when asked for (read then, as Django defers it).
_STANDING_COLUMNS = (
    "public_id",
    "reference",
    "citizen",
    "personal_id",
    "status",
    "employer_tax_code",
    "termination_date",
    "submitted_at",
)


def _standing_marked(*, personal_id: str, exclude_pk: int | None) -> list[tuple[Claim, bool]]:
    """standing_claims, oldest submission first, each with whether it is open (open_q).

    Most people filing have no such claim: then this is one short query. Whether a claim is
    open (open_q's joins on decisions and proposals) is asked only about the rows found."""
    standing = list(
        standing_claims(personal_id=personal_id, exclude_pk=exclude_pk)
        .only(*_STANDING_COLUMNS)
        .order_by("submitted_at", "pk")
    )
    if not standing:
        return []
    opened = set(
        Claim.objects.filter(open_q(), pk__in=[c.pk for c in standing]).values_list("pk", flat=True)
    )
    return [(claim, claim.pk in opened) for claim in standing]


def other_claims_for(
    *, personal_id: str, exclude_pk: int | None = None, standing: Standing | None = None
) -> tuple[OtherClaim, ...]:
    """The person's other claims as the cross-check reads them (eligibility.crosscheck)."""
    if not personal_id:
        return ()
    rows = []
    marked = _marked(personal_id, exclude_pk, standing)
    if marked:
        prefetch_related_objects([c for c, _open in marked], "proposals")
    for claim, is_open in marked:
        signed = [
            p
            for p in claim.proposals.all()
            if p.kind == "approve" and p.outcome == "signed" and p.entitlement_end
        ]
        approval = max(
            signed, key=lambda p: (p.decided_at is not None, p.decided_at, p.pk), default=None
        )
        assert claim.termination_date is not None  # noqa: S101 - standing_claims excludes None
        rows.append(
            OtherClaim(
                reference=claim.reference or "",
                status=claim.status,
                employer_tax_code=claim.employer_tax_code,
                termination_date=claim.termination_date,
                is_open=is_open,
                entitlement_start=approval.entitlement_start if approval else None,
                entitlement_end=approval.entitlement_end if approval else None,
            )
        )
    return tuple(rows)


def claim_flag_add(
    *,
    claim: Claim,
    code: str,
    severity: str,
    message_vi: str,
    message_en: str,
    values: dict[str, Any] | None = None,
) -> None:
    """Flag a claim after its submission (call inside a transaction): a flag row for the queue
    and the fast track, and its words with the claim's stored cross-check for the officer."""
    ClaimFlag.objects.bulk_create(
        [ClaimFlag(claim_id=claim.pk, code=code, severity=severity)], ignore_conflicts=True
    )
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    eligibility = dict(locked.eligibility or {})
    kept = [f for f in eligibility.get("flags", []) if f.get("code") != code]
    flag = {
        "code": code,
        "severity": severity,
        "message_vi": message_vi,
        "message_en": message_en,
        "values": values or {},
    }
    eligibility["flags"] = [*kept, flag]
    locked.eligibility = eligibility
    locked.is_clean = False
    locked.save(update_fields=["eligibility", "is_clean", "updated_at"])


def others_flag(*, claims: list[Claim], new_claim: Claim) -> None:
    """Flag the person's other open claims that a newly submitted one was allowed beside: each
    is then shown to staff with the overlap, and none of them goes through the fast track."""
    day = new_claim.termination_date
    assert day is not None  # noqa: S101 - a submitted claim has its termination date
    for claim in claims:
        claim_flag_add(
            claim=claim,
            code="claim_open",
            severity="needs_review",
            message_vi=f"Người lao động đã nộp thêm hồ sơ {new_claim.reference} về lần chấm dứt "
            f"hợp đồng ngày {date_vi(day)}. Hai hồ sơ không được chi trả cho cùng một khoảng "
            "thời gian.",
            message_en=f"The worker filed another claim, {new_claim.reference}, about the "
            f"termination on {date_en(day)}. The two must never pay for the same time.",
            values={"references": [new_claim.reference]},
        )
