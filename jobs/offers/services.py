"""The only code that changes a job offer. Every change writes a JobOfferEvent in the same
transaction; the worker is told through claims.notifications.

The refusal rule (Law 74/2025 Art. 41.4.d; docs/adr/0023): a refusal with a reason from the
good-reason list is recorded and ends nothing; a refusal for another reason waits for an
officer's judgement; an officer judging it without good reason reports a "job_offer_refused"
event to the benefit period (claims.period.services.event_report), which, at the second such
event, proposes the termination on ground d for a signer to sign: never silently.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.core.exceptions import ClaimError, ClaimPermissionError, ClaimStateError
from claims.core.services import actor_kind
from claims.models import Claim
from claims.notifications.services import claim_params, notify
from claims.period import services as period
from claims.period.selectors import IN_PERIOD
from identity.models import User
from jobs.catalogue.models import PublishStatus, Vacancy
from jobs.offers.models import GOOD_REASONS, DeclineReason, JobOffer, JobOfferEvent

MAX_TEXT = 2000
S = JobOffer.State
#: The answers that refused the job (a vacancy refused once is not offered again).
DECLINED = (S.DECLINED_GOOD, S.DECLINED_PENDING, S.DECLINED_UNJUSTIFIED)


class OfferInvalid(ClaimError):
    """The input is wrong; `errors` maps each field to its messages. Nothing changed."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("Thông tin chưa hợp lệ: hãy sửa các lỗi được nêu."))
        self.errors = errors


def _event(
    offer: JobOffer, *, kind: str, by: User | None, before: str, reason: str = "", **data: Any
) -> None:
    JobOfferEvent.objects.create(
        offer=offer,
        kind=kind,
        actor=by,
        actor_role=actor_kind(by),
        from_state=before,
        to_state=offer.state,
        reason=reason,
        data=data,
    )


def _officer_of(claim: Claim, user: User) -> None:
    if user.role != User.Role.OFFICER:
        raise ClaimPermissionError(_("Chỉ cán bộ thụ lý của trung tâm được giới thiệu việc làm."))
    if user.center_id is None or user.center_id != claim.center_id:
        raise ClaimPermissionError(_("Hồ sơ này thuộc trung tâm khác."))


def _text(value: str | None, field: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise OfferInvalid({field: [_("Nội dung dài quá %(max)s ký tự.") % {"max": MAX_TEXT}]})
    return text


def _locked(offer: JobOffer, state: str) -> JobOffer:
    locked = (
        JobOffer.objects.select_for_update().select_related("claim", "vacancy").get(pk=offer.pk)
    )
    if locked.state != state:
        raise ClaimStateError(
            _("Lời giới thiệu việc làm này đã ở trạng thái “%(state)s”.")
            % {"state": S(locked.state).label},
            current_status=locked.state,
        )
    return locked


def offer_make(*, claim: Claim, vacancy: Vacancy, by: User, message: str = "") -> JobOffer:
    """An officer of the claim's center offers an open vacancy to a recipient."""
    message = _text(message, "message")
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        _officer_of(locked, by)
        if locked.status not in IN_PERIOD:
            raise ClaimStateError(
                _("Người lao động không trong thời gian hưởng trợ cấp."),
                current_status=locked.status,
            )
        center = locked.center
        assert center is not None  # noqa: S101 - _officer_of checked it is the officer's center
        today = timezone.localdate()
        if vacancy.status != PublishStatus.OPEN or vacancy.deadline < today:
            raise OfferInvalid({"vacancy": [_("Tin tuyển dụng này không còn nhận hồ sơ.")]})
        if JobOffer.objects.filter(claim=locked, vacancy=vacancy, state__in=DECLINED).exists():
            # A job refused once is not offered again: its second refusal would count twice
            # towards ground d (Art. 41.4.d) for one job.
            raise OfferInvalid(
                {
                    "vacancy": [
                        _("Người lao động đã từ chối việc làm này; hãy giới thiệu việc khác.")
                    ]
                }
            )
        try:
            with transaction.atomic():
                offer = JobOffer.objects.create(
                    claim=locked,
                    vacancy=vacancy,
                    center=center,
                    offered_by=by,
                    message=message,
                )
        except IntegrityError:
            raise OfferInvalid(
                {
                    "vacancy": [
                        _("Việc làm này đã được giới thiệu cho người lao động và đang chờ trả lời.")
                    ]
                }
            ) from None
        _event(offer, kind="offered", by=by, before="", reason=message, vacancy=vacancy.pk)
        notify(
            user=locked.citizen,
            kind="job_offer_made",
            params={
                **claim_params(locked),
                "title": vacancy.title,
                "employer": vacancy.employer_name,
                "path": reverse("jobs:offer", kwargs={"offer_id": offer.pk}),
            },
            claim=locked,
        )
    return offer


def offer_accept(*, offer: JobOffer, by: User) -> JobOffer:
    """The worker accepts: the center puts them in touch with the employer."""
    with transaction.atomic():
        locked = _locked(offer, S.OFFERED)
        if locked.claim.citizen_id != by.pk:
            raise ClaimPermissionError(
                _("Bạn chỉ có thể trả lời lời giới thiệu việc làm của chính mình.")
            )
        locked.state, locked.answered_at = S.ACCEPTED, timezone.now()
        locked.save(update_fields=["state", "answered_at", "updated_at"])
        _event(locked, kind="accepted", by=by, before=S.OFFERED)
    return locked


def offer_decline(*, offer: JobOffer, by: User, reason: str, text: str = "") -> JobOffer:
    """The worker declines with a reason: one on the good-reason list is accepted as good;
    "other" (explained) waits for an officer's judgement."""
    text = _text(text, "text")
    if reason not in DeclineReason.values:
        raise OfferInvalid({"reason": [_("Hãy chọn lý do từ chối.")]})
    if reason == DeclineReason.OTHER and not text:
        raise OfferInvalid({"text": [_("Hãy ghi rõ lý do từ chối để trung tâm xem xét.")]})
    with transaction.atomic():
        locked = _locked(offer, S.OFFERED)
        if locked.claim.citizen_id != by.pk:
            raise ClaimPermissionError(
                _("Bạn chỉ có thể trả lời lời giới thiệu việc làm của chính mình.")
            )
        locked.state = S.DECLINED_GOOD if reason in GOOD_REASONS else S.DECLINED_PENDING
        locked.decline_reason, locked.decline_text, locked.answered_at = (
            reason,
            text,
            timezone.now(),
        )
        locked.save(
            update_fields=["state", "decline_reason", "decline_text", "answered_at", "updated_at"]
        )
        _event(locked, kind="declined", by=by, before=S.OFFERED, reason=text, decline_reason=reason)
    return locked


def offer_judge(*, offer: JobOffer, by: User, good: bool, note: str = "") -> JobOffer:
    """An officer judges a reason that is not on the list. Without good reason, the refusal
    becomes the benefit period's "job_offer_refused" event (the second proposes the end)."""
    note = _text(note, "note")
    if not good and not note:
        raise OfferInvalid({"note": [_("Hãy ghi vì sao lý do này không chính đáng.")]})
    with transaction.atomic():
        locked = _locked(offer, S.DECLINED_PENDING)
        _officer_of(locked.claim, by)
        locked.state = S.DECLINED_GOOD if good else S.DECLINED_UNJUSTIFIED
        locked.judged_by, locked.judged_at, locked.judgement_note = by, timezone.now(), note
        if not good:
            event = period.event_report(
                locked.claim,
                by=by,
                kind="job_offer_refused",
                date=timezone.localdate(locked.answered_at),
                details={
                    "offer": locked.pk,
                    "vacancy": locked.vacancy_id,
                    "title": locked.vacancy.title,
                    "reason": locked.decline_text,
                    "judgement": note,
                },
            )
            locked.period_event_id = event.pk
        locked.save(
            update_fields=[
                "state",
                "judged_by",
                "judged_at",
                "judgement_note",
                "period_event_id",
                "updated_at",
            ]
        )
        _event(locked, kind="judged", by=by, before=S.DECLINED_PENDING, reason=note, good=good)
    return locked


def offer_withdraw(*, offer: JobOffer, by: User, note: str = "") -> JobOffer:
    """The center withdraws an offer not yet answered (the vacancy was filled...)."""
    note = _text(note, "note")
    with transaction.atomic():
        locked = _locked(offer, S.OFFERED)
        _officer_of(locked.claim, by)
        locked.state = S.WITHDRAWN
        locked.save(update_fields=["state", "updated_at"])
        _event(locked, kind="withdrawn", by=by, before=S.OFFERED, reason=note)
    return locked
