"""Transfers of a benefit to another province (Law 74/2025 Art. 41.1; RULES.md "transfer to
another province"; docs/adr/0019-period-decisions-transfers-complaints.md).

The worker asks at any time in the benefit period; the old center hands the file over within
3 working days of the request (a queue item with that deadline); the new center accepts, and
from then on the claim is the new center's: its queues (notifications, payments, the claim page)
follow `Claim.center`, so nothing is paid twice or skipped — the installments stay the claim's,
only who looks after them changes. The transfer decision is issued by the new center at
acceptance. Every step is a claim event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.core.exceptions import ClaimError, ClaimPermissionError, ClaimStateError
from claims.core.transitions import Actor, Status
from claims.decisions.kind_content import TRANSFER
from claims.decisions.kinds import decision_kind_issue
from claims.decisions.models import Decision
from claims.models import Claim, ClaimEvent, PaymentInstallment
from claims.notifications.services import claim_params, notify
from claims.transfers.models import Transfer
from common.provinces import PROVINCE_NAMES
from eligibility.calculator.dates import CalendarYearMissing
from eligibility.selectors import working_calendar
from identity.models import EmploymentServiceCenter, User

#: The old center's time to hand the file over (RULES.md), in working days after the request.
HANDOVER_WORKING_DAYS = 3
#: A claim may be transferred while its benefit runs (approved, paying or suspended).
TRANSFERABLE = frozenset({Status.DECISION_ISSUED, Status.PAYING, Status.SUSPENDED})
ADDRESS_MAX = 300
REASON_MAX = 1000


class TransferInvalid(ClaimError):
    """The request cannot be made as given: the message says why, in the reader's language."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def _in_benefit_period(claim: Claim) -> bool:
    if claim.status not in TRANSFERABLE:
        return False
    return Decision.objects.filter(claim=claim, kind=Decision.Kind.APPROVAL).exists()


def open_transfer(claim: Claim) -> Transfer | None:
    return claim.transfers.filter(
        status__in=[Transfer.Status.REQUESTED, Transfer.Status.HANDED_OVER]
    ).first()


def may_request(claim: Claim) -> bool:
    """Whether the worker may ask now (the page offers it)."""
    return _in_benefit_period(claim) and open_transfer(claim) is None


def destinations(claim: Claim) -> list[tuple[str, str]]:
    """(province code, province name) of every other center, by name."""
    centers = EmploymentServiceCenter.objects.exclude(pk=claim.center_id or 0).values_list(
        "province_code", flat=True
    )
    codes = {code for code in centers if code in PROVINCE_NAMES}
    return sorted(((c, PROVINCE_NAMES[c]) for c in codes), key=lambda item: item[1])


def handover_due(requested_on: date) -> date:
    try:
        return working_calendar().working_days_after(requested_on, HANDOVER_WORKING_DAYS)
    except CalendarYearMissing as exc:
        raise TransferInvalid(
            _("Lịch ngày nghỉ của năm tới chưa có: chưa thể tính hạn bàn giao. Hãy thử lại sau.")
        ) from exc


def _clean_text(value: str | None, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def transfer_request(
    *, claim_id: int, citizen: User, province_code: str, new_address: str, reason: str = ""
) -> Transfer:
    """The worker asks for the benefit to move to the center of `province_code`."""
    address = _clean_text(new_address, ADDRESS_MAX + 1)
    if not address:
        raise TransferInvalid(_("Nhập nơi cư trú mới của bạn."), field="new_address")
    if len(address) > ADDRESS_MAX:
        raise TransferInvalid(
            _("Nơi cư trú mới dài quá %(max)s ký tự.") % {"max": ADDRESS_MAX}, field="new_address"
        )
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise TransferInvalid(
            _("Lý do dài quá %(max)s ký tự.") % {"max": REASON_MAX}, field="reason"
        )
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        if claim.citizen_id != citizen.pk:
            raise ClaimPermissionError(_("Đây không phải hồ sơ của bạn."))
        if not _in_benefit_period(claim):
            raise ClaimStateError(
                _("Chỉ chuyển nơi hưởng được khi bạn đang trong thời gian hưởng trợ cấp."),
                current_status=claim.status,
            )
        if open_transfer(claim) is not None:
            raise ClaimStateError(_("Bạn đã có một đề nghị chuyển nơi hưởng đang được xử lý."))
        to_center = (
            EmploymentServiceCenter.objects.filter(province_code=province_code)
            .exclude(pk=claim.center_id or 0)
            .order_by("pk")
            .first()
        )
        if to_center is None or province_code not in PROVINCE_NAMES:
            raise TransferInvalid(
                _("Chọn một tỉnh, thành phố khác nơi bạn đang hưởng."), field="province"
            )
        today = timezone.localdate()
        assert claim.center_id is not None  # noqa: S101 - a claim in its period has a center
        try:
            with transaction.atomic():
                transfer = Transfer.objects.create(
                    claim=claim,
                    from_center_id=claim.center_id,
                    to_center=to_center,
                    new_address=address,
                    reason=reason,
                    requested_by=citizen,
                    requested_on=today,
                    handover_due=handover_due(today),
                )
        except IntegrityError as exc:  # a second request at the same moment
            raise ClaimStateError(
                _("Bạn đã có một đề nghị chuyển nơi hưởng đang được xử lý.")
            ) from exc
        _event(claim, "transfer_requested", citizen, Actor.CITIZEN, transfer)
    return transfer


def transfer_cancel(*, transfer_id: int, citizen: User) -> Transfer:
    """The worker withdraws a request the old center has not handed over yet."""
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().select_related("claim").get(pk=transfer_id)
        if transfer.claim.citizen_id != citizen.pk:
            raise ClaimPermissionError(_("Đây không phải hồ sơ của bạn."))
        if transfer.status != Transfer.Status.REQUESTED:
            raise ClaimStateError(_("Hồ sơ đã được bàn giao: không thể hủy đề nghị nữa."))
        transfer.status = Transfer.Status.CANCELLED
        transfer.cancelled_at = timezone.now()
        transfer.save(update_fields=["status", "cancelled_at"])
        _event(transfer.claim, "transfer_cancelled", citizen, Actor.CITIZEN, transfer)
    return transfer


def _staff_role(user: User) -> str:
    return Actor.SIGNER if user.role == User.Role.SIGNER else Actor.OFFICER


def _require_staff(user: User) -> None:
    if user.role not in {User.Role.OFFICER, User.Role.SIGNER} or user.center_id is None:
        raise ClaimPermissionError(_("Chỉ cán bộ trung tâm mới làm được việc này."))


def transfer_hand_over(*, transfer_id: int, staff: User, note: str = "") -> Transfer:
    """The old center hands the file over to the new one."""
    _require_staff(staff)
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().select_related("claim").get(pk=transfer_id)
        if transfer.from_center_id != staff.center_id:
            raise ClaimPermissionError(_("Chỉ trung tâm chuyển đi mới bàn giao được hồ sơ."))
        if transfer.status != Transfer.Status.REQUESTED:
            raise ClaimStateError(_("Đề nghị này không còn chờ bàn giao."))
        transfer.status = Transfer.Status.HANDED_OVER
        transfer.handed_over_at = timezone.now()
        transfer.handed_over_by = staff
        transfer.handover_note = (note or "").strip()[:REASON_MAX]
        transfer.save(update_fields=["status", "handed_over_at", "handed_over_by", "handover_note"])
        _event(transfer.claim, "transfer_handed_over", staff, _staff_role(staff), transfer)
        _tell(transfer.claim, "transfer_handed_over", transfer)
    return transfer


def transfer_accept(*, transfer_id: int, staff: User) -> Transfer:
    """The new center takes the claim over and issues the transfer decision."""
    _require_staff(staff)
    with transaction.atomic():
        transfer = (
            Transfer.objects.select_for_update()
            .select_related("from_center", "to_center")
            .get(pk=transfer_id)
        )
        if transfer.to_center_id != staff.center_id:
            raise ClaimPermissionError(_("Chỉ trung tâm chuyển đến mới tiếp nhận được hồ sơ."))
        if transfer.status != Transfer.Status.HANDED_OVER:
            raise ClaimStateError(_("Hồ sơ chưa được bàn giao hoặc đã được xử lý."))
        claim = Claim.objects.select_for_update().get(pk=transfer.claim_id)
        if claim.center_id != transfer.from_center_id or claim.status not in TRANSFERABLE:
            raise ClaimStateError(
                _("Hồ sơ đã thay đổi từ khi bàn giao: không thể tiếp nhận."),
                current_status=claim.status,
            )
        today = timezone.localdate()
        claim.center_id = transfer.to_center_id
        claim.assignee = None  # the old center's officer no longer looks after it
        claim.version += 1
        claim.save(update_fields=["center", "assignee", "version", "updated_at"])
        months = PaymentInstallment.objects.filter(claim=claim)
        left = months.exclude(status__in=["paid", "cancelled"])
        next_month = left.order_by("number").values_list("number", flat=True).first()
        transfer.decision = decision_kind_issue(
            claim=claim,
            kind=TRANSFER,
            facts={
                "from_center": transfer.from_center.name,
                "to_center": transfer.to_center.name,
                "to_province": PROVINCE_NAMES.get(transfer.to_center.province_code, ""),
                "effective_on": today,
                "months_left": left.count() if months.exists() else None,
                "next_month": next_month,
            },
            by=staff if staff.role == User.Role.SIGNER else None,
            key=f"transfer:{transfer.pk}",
        )
        transfer.status = Transfer.Status.ACCEPTED
        transfer.accepted_at = timezone.now()
        transfer.accepted_by = staff
        transfer.save(update_fields=["status", "accepted_at", "accepted_by", "decision"])
        _event(claim, "transfer_accepted", staff, _staff_role(staff), transfer)
        _tell(claim, "transfer_accepted", transfer)
    return transfer


def _tell(claim: Claim, kind: str, transfer: Transfer) -> None:
    """The worker's inbox and e-mail (claims.notifications.services), in the step's transaction."""
    params = claim_params(claim) | {
        "from_center": transfer.from_center.name,
        "to_center": transfer.to_center.name,
        "path": reverse("claims:transfer_status", kwargs={"public_id": claim.public_id}),
    }
    notify(user=claim.citizen, kind=kind, params=params, claim=claim)


def _event(claim: Claim, kind: str, actor: User, role: str, transfer: Transfer) -> None:
    ClaimEvent.objects.create(
        claim=claim,
        kind=kind,
        actor=actor,
        actor_role=role,
        data={
            "transfer": transfer.pk,
            "from_center": transfer.from_center_id,
            "to_center": transfer.to_center_id,
            "handover_due": transfer.handover_due.isoformat(),
        },
    )


# --- Reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CenterTransfers:
    """A center's side of the transfers: to hand over (oldest deadline first), to accept."""

    outgoing: list[Transfer]
    incoming: list[Transfer]
    recent: list[Transfer]


def transfers_for_center(*, center_id: int) -> CenterTransfers:
    base = Transfer.objects.select_related("claim", "claim__citizen", "from_center", "to_center")
    return CenterTransfers(
        outgoing=list(
            base.filter(from_center_id=center_id, status=Transfer.Status.REQUESTED).order_by(
                "handover_due", "pk"
            )
        ),
        incoming=list(
            base.filter(to_center_id=center_id, status=Transfer.Status.HANDED_OVER).order_by(
                "handed_over_at", "pk"
            )
        ),
        recent=list(
            base.filter(status__in=[Transfer.Status.ACCEPTED, Transfer.Status.CANCELLED])
            .filter(_side(center_id))
            .order_by("-created_at", "-pk")[:20]
        ),
    )


def _side(center_id: int) -> Q:
    return Q(from_center_id=center_id) | Q(to_center_id=center_id)


def transfer_for_staff(*, transfer_id: int, user: User) -> Transfer:
    """A transfer of the staff member's center (either side); Transfer.DoesNotExist otherwise."""
    return (
        Transfer.objects.select_related("claim", "claim__citizen", "from_center", "to_center")
        .filter(_side(user.center_id or 0))
        .get(pk=transfer_id)
    )


def transfers_of_claim(*, claim: Claim) -> QuerySet[Transfer]:
    return claim.transfers.select_related("from_center", "to_center").order_by("-created_at")
