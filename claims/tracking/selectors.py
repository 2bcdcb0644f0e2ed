"""Read queries for the citizen's side of claims: their claims, one claim, its timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from claims.core.transitions import Actor, Status
from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.payments.models import PaymentInstallment
from common.formatting import dong


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    title: str
    detail: str = ""
    #: "you", "center" or "system": who acted, for the reader.
    by: str = "system"
    documents: list[ClaimDocument] = field(default_factory=list)


def _status_title(event: ClaimEvent) -> str | None:
    to, frm = event.to_status, event.from_status
    if to == Status.SUBMITTED:
        return _("Bạn đã nộp hồ sơ, số %(reference)s.") % {
            "reference": event.data.get("reference") or event.claim.reference or ""
        }
    if to == Status.IN_REVIEW and frm == Status.SUBMITTED:
        return _("Trung tâm bắt đầu xem xét hồ sơ.")
    if to == Status.IN_REVIEW and frm == Status.INFO_REQUESTED:
        if event.actor_role == Actor.CITIZEN:
            return _("Bạn đã gửi thông tin bổ sung. Trung tâm tiếp tục xem xét.")
        return _("Trung tâm tiếp tục xem xét hồ sơ.")
    if to == Status.IN_REVIEW and frm == Status.PROPOSED:
        return _("Trung tâm đang xem xét lại hồ sơ.")
    if to == Status.INFO_REQUESTED:
        return _("Trung tâm yêu cầu bạn bổ sung thông tin.")
    if to == Status.PROPOSED:
        return _("Cán bộ đã đề xuất kết quả; hồ sơ chờ lãnh đạo trung tâm ký duyệt.")
    if to in {Status.APPROVED, Status.REJECTED}:
        return None  # the outcome is told with the decision, not before it is issued
    if to == Status.DECISION_ISSUED:
        return _("Trung tâm đã ban hành quyết định về hồ sơ.")
    if to == Status.PAYING:
        if frm == Status.SUSPENDED:
            return _("Trợ cấp được tiếp tục chi trả.")
        return _("Bắt đầu chi trả trợ cấp.")
    if to == Status.SUSPENDED:
        return _("Trợ cấp tạm dừng.")
    if to == Status.TERMINATED:
        return _("Trợ cấp chấm dứt.")
    if to == Status.COMPLETED:
        return _("Đã chi trả xong trợ cấp. Hồ sơ hoàn tất.")
    if to == Status.WITHDRAWN:
        return _("Bạn đã rút hồ sơ.")
    return str(Status(to).label) if to in Status.values else None


def _other_title(event: ClaimEvent) -> str | None:
    """Events that are not a change of state: payments and the like (from later modules)."""
    if event.kind.startswith("payment"):
        amount = event.data.get("amount")
        if event.kind == "payment:paid" and amount is not None:
            return _("Đã chuyển tiền trợ cấp: %(amount)s.") % {"amount": dong(amount)}
        if event.kind in {"payment:failed", "payment:refused"}:
            return _(
                "Chưa chuyển được tiền trợ cấp: %(reason)s. Hãy kiểm tra và sửa thông tin tài khoản."
            ) % {"reason": event.reason.rstrip(".")}
        if event.kind == "payment:reissued":
            return _("Trung tâm đã phát lại lệnh chi trả trợ cấp.")
        if event.kind == "payment_details_changed":
            return _("Bạn đã đổi thông tin nhận tiền.")
        # The steps of an order (ordered, accepted, processing...) are the payments table's job.
        return None
    return None


def claim_timeline(*, claim: Claim) -> list[TimelineEntry]:
    """Every event of the claim the worker should see, oldest first, in plain words."""
    events = list(ClaimEvent.objects.filter(claim=claim).select_related("claim"))
    documents = {d.pk: d for d in claim.documents.all()}
    entries = []
    for event in events:
        title = _status_title(event) if event.kind.startswith("status:") else _other_title(event)
        if title is None:
            continue
        detail = ""
        if event.to_status in {
            Status.INFO_REQUESTED,
            Status.SUSPENDED,
            Status.TERMINATED,
            Status.WITHDRAWN,
        }:
            detail = event.reason
        elif event.to_status == Status.IN_REVIEW and event.actor_role == Actor.CITIZEN:
            detail = event.reason
        by = {"citizen": "you", "system": "system"}.get(event.actor_role, "center")
        attached = [documents[i] for i in event.data.get("documents", []) if i in documents]
        entries.append(
            TimelineEntry(
                when=event.created_at, title=title, detail=detail, by=by, documents=attached
            )
        )
    return entries


def info_request_message(*, claim: Claim) -> str:
    """The officer's message of the open information request ("" when there is none)."""
    if claim.status != Status.INFO_REQUESTED:
        return ""
    event = (
        ClaimEvent.objects.filter(claim=claim, to_status=Status.INFO_REQUESTED)
        .order_by("-id")
        .first()
    )
    return event.reason if event else ""


def _has_failed_payment(claim: Claim) -> bool:

    return PaymentInstallment.objects.filter(
        claim=claim, status=PaymentInstallment.Status.FAILED
    ).exists()


def next_action(*, claim: Claim, payment_failed: bool | None = None) -> str:
    """What the worker must do now, in one sentence.

    `payment_failed`: whether a month failed, when the caller already knows (the claim page
    reads the schedule anyway); None looks it up.
    """
    status = claim.status
    paying = status in {Status.DECISION_ISSUED, Status.PAYING}
    if payment_failed is None:
        payment_failed = paying and _has_failed_payment(claim)
    if paying and payment_failed:
        return _(
            "Một khoản trợ cấp chưa chuyển được. Hãy kiểm tra và sửa thông tin nhận tiền "
            "(mục Chi trả trợ cấp bên dưới); trung tâm sẽ chuyển lại."
        )
    if status == Status.DRAFT:
        return _("Hoàn thành các bước còn lại và nộp hồ sơ.")
    if status in {Status.SUBMITTED, Status.IN_REVIEW, Status.PROPOSED, Status.APPROVED}:
        return _("Bạn không cần làm gì thêm. Trung tâm sẽ báo cho bạn khi có kết quả.")
    if status == Status.REJECTED:
        return _("Trung tâm sắp ban hành quyết định. Bạn sẽ nhận được thông báo.")
    if status == Status.INFO_REQUESTED:
        return _("Trung tâm cần bạn bổ sung thông tin. Hãy trả lời yêu cầu bên dưới.")
    if status == Status.DECISION_ISSUED:
        return _("Xem quyết định của trung tâm. Nếu được hưởng, tiền sẽ được chuyển hằng tháng.")
    if status == Status.PAYING:
        return _(
            "Hằng tháng, hãy thông báo tình hình tìm kiếm việc làm với trung tâm đúng hẹn "
            "để tiếp tục nhận trợ cấp."
        )
    if status == Status.SUSPENDED:
        return _("Hãy liên hệ trung tâm để được tiếp tục hưởng trợ cấp.")
    return _("Hồ sơ đã kết thúc. Bạn không cần làm gì thêm.")
