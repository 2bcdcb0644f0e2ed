"""The benefit period in the citizen API (owner only): the "this month" card, this month's
notification in one call, and "I found a job". Answers are checked by the pages' own forms, so
the API and the pages accept and refuse the same things with the same words."""

from __future__ import annotations

from datetime import date
from typing import Any, cast
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.permissions import CitizenAPIView
from claims.api.serializers import ErrorSerializer
from claims.models import Claim
from claims.period import actions, forms, presenters, services
from claims.period.selectors import recoveries_of, termination_open, this_month
from claims.period.serializers import (
    EndInputSerializer,
    EndResultSerializer,
    NotificationInputSerializer,
    NotificationSerializer,
    PeriodCardSerializer,
    TerminationSerializer,
)
from claims.tracking.api import form_errors_into, own_claim
from identity.models import User


def _today() -> date:
    return timezone.localdate()


def _not_in_period() -> ValidationError:
    error = ValidationError({"detail": _("Hồ sơ này chưa có thời gian hưởng trợ cấp.")})
    error.status_code = status.HTTP_409_CONFLICT
    return error


def miss_means_text(card: Any) -> str:
    if card.miss_means == "end":
        return _(
            "Nếu bạn không thông báo đến hết ngày %(last)s, đây là tháng thứ ba liên tiếp không "
            "thông báo: trợ cấp sẽ chấm dứt."
        ) % {"last": card.window_last.strftime("%d/%m/%Y")}
    return _(
        "Nếu bạn không thông báo đến hết ngày %(last)s, trợ cấp tháng này bị tạm dừng và không "
        "được chi trả. Ba tháng liên tiếp không thông báo thì trợ cấp chấm dứt."
    ) % {"last": card.window_last.strftime("%d/%m/%Y")}


_CARD_FIELDS: list[str] = list(PeriodCardSerializer.__dict__["_declared_fields"])


def card_data(claim: Claim) -> dict[str, Any] | None:
    card, month = presenters.open_month(claim, today=_today())
    if card is None:
        return None
    termination = termination_open(claim)
    return {
        **{name: getattr(card, name) for name in _CARD_FIELDS if hasattr(card, name)},
        "miss_means_text": miss_means_text(card),
        "can_notify": month is not None,
        "months": list(card.history),
        "termination": termination,
        "recoveries": recoveries_of(claim),
    }


class PeriodView(CitizenAPIView):
    """The "this month" card of one of the caller's claims (409 before the benefit period)."""

    @extend_schema(
        responses={200: PeriodCardSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
    )
    def get(self, request: Request, claim_id: UUID) -> Response:
        data = card_data(own_claim(cast(User, request.user), claim_id))
        if data is None:
            raise _not_in_period()
        return Response(PeriodCardSerializer(data).data)


def _yes_no(value: Any) -> str:
    if value is True:
        return forms.YES
    if value is False:
        return forms.NO
    return ""


_LOG_FIELDS = {"place": "job_search_log", "on": "job_search_log", "kind": "job_search_log"}


def notification_draft(payload: Any, *, claim: Claim, month: Any) -> dict[str, Any]:
    """The API's body as the pages' draft (claims.period.views), or 400 with every message."""
    if not isinstance(payload, dict):
        raise ValidationError({"detail": _("Nội dung gửi lên phải là một đối tượng JSON.")})
    errors: dict[str, list[str]] = {}
    today = _today()
    still = forms.StillUnemployedForm(
        {"still_unemployed": _yes_no(payload.get("still_unemployed"))}
    )
    draft: dict[str, Any] = {"proof_seen": True}
    if form_errors_into(still, errors):
        draft["still_unemployed"] = still.cleaned_data["still_unemployed"]
    if draft.get("still_unemployed") == forms.YES:
        entries = payload.get("job_search_log")
        if not isinstance(entries, list) or not entries:
            errors["job_search_log"] = [_("Hãy ghi ít nhất một lần bạn tìm việc trong tháng.")]
        elif len(entries) > forms.MAX_SEARCH_ENTRIES:
            errors["job_search_log"] = [
                _("Nhật ký có tối đa %(count)d dòng.") % {"count": forms.MAX_SEARCH_ENTRIES}
            ]
        else:
            log = []
            for number, entry in enumerate(entries, start=1):
                if not isinstance(entry, dict):
                    entry = {}
                form = forms.JobSearchEntryForm(
                    {
                        "kind": str(entry.get("kind") or ""),
                        "place": str(entry.get("where") or ""),
                        "on": str(entry.get("date") or ""),
                    },
                    earliest=presenters.period_start(claim, month),
                    today=today,
                )
                line = _("Dòng %(n)d: ") % {"n": number}
                if form_errors_into(form, errors, prefix=line):
                    log.append(form.entry())
            for name in list(errors):
                if name in _LOG_FIELDS:
                    errors.setdefault("job_search_log", []).extend(errors.pop(name))
            draft["log"] = log
        available = forms.AvailableForm(
            {
                "available": _yes_no(payload.get("available")),
                "reason": str(payload.get("unavailable_reason") or ""),
            }
        )
        if form_errors_into(available, errors):
            draft["available"] = available.cleaned_data["available"]
            draft["unavailable_reason"] = available.cleaned_data["reason"]
    event = payload.get("event") or {
        "kind": "job_started" if draft.get("still_unemployed") == forms.NO else "none"
    }
    if not isinstance(event, dict):
        event = {}
    event_form = forms.EventForm(
        {
            "event": str(event.get("kind") or ""),
            "on": str(event.get("date") or ""),
            "detail": str(event.get("detail") or ""),
        },
        earliest=presenters.claim_start(claim),
        today=today,
    )
    if form_errors_into(event_form, errors, prefix=""):
        kind = event_form.cleaned_data["event"]
        if draft.get("still_unemployed") == forms.NO and kind == forms.EVENT_NONE:
            errors.setdefault("event", []).append(
                _("Bạn đã trả lời là đã có việc làm: hãy báo “job_started” và ngày bắt đầu.")
            )
        on = event_form.cleaned_data["on"]
        draft["event"] = {
            "event": kind,
            "on": on.isoformat() if on else "",
            "detail": event_form.cleaned_data["detail"],
        }
    if errors:
        raise ValidationError(errors)
    return draft


class PeriodNotificationView(CitizenAPIView):
    """This month's job-search notification (201 with its receipt). 409 outside the window
    (`next_window_first`/`next_window_last` say when) or when this month is already notified."""

    @extend_schema(
        request=NotificationInputSerializer,
        responses={
            201: NotificationSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    def post(self, request: Request, claim_id: UUID) -> Response:
        claim = own_claim(cast(User, request.user), claim_id)
        card, month = presenters.open_month(claim, today=_today())
        if card is None:
            raise _not_in_period()
        if month is None:
            body: dict[str, Any] = {
                "code": "not_now",
                "next_window_first": card.next_window_first,
                "next_window_last": card.next_window_last,
            }
            if card.notified:
                body |= {
                    "code": "already_notified",
                    "detail": _("Bạn đã thông báo tìm kiếm việc làm cho tháng này."),
                }
            elif card.terminated or termination_open(claim) is not None:
                body |= {
                    "code": "ended",
                    "detail": _("Trợ cấp của bạn đã chấm dứt hoặc đang được xem xét chấm dứt."),
                }
            else:
                body["detail"] = _("Hôm nay không phải thời hạn thông báo tìm kiếm việc làm.")
            return Response(body, status=status.HTTP_409_CONFLICT)
        draft = notification_draft(request.data, claim=claim, month=month)
        try:
            notification = actions.notification_submit(
                claim=claim, month=month, citizen=cast(User, request.user), draft=draft
            )
        except services.NotificationWindowClosed as error:
            return Response(
                {
                    "detail": str(error),
                    "code": "not_now",
                    "next_window_first": error.next_window_first,
                    "next_window_last": error.next_window_last,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except services.NotificationAlreadyMade as error:
            return Response(
                {"detail": str(error), "code": "already_notified"}, status=status.HTTP_409_CONFLICT
            )
        except services.PeriodInvalid as error:
            raise ValidationError(error.errors) from error
        return Response(NotificationSerializer(notification).data, status=status.HTTP_201_CREATED)


class PeriodEndView(CitizenAPIView):
    """ "I found a job" (or another ground) from a date: the end as the rules say, with the
    months reserved for a later claim (201). 409 when an end is already proposed or signed."""

    @extend_schema(
        request=EndInputSerializer,
        responses={
            201: EndResultSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    def post(self, request: Request, claim_id: UUID) -> Response:
        claim = own_claim(cast(User, request.user), claim_id)
        payload = request.data if isinstance(request.data, dict) else None
        if payload is None:
            raise ValidationError({"detail": _("Nội dung gửi lên phải là một đối tượng JSON.")})
        if this_month(claim, on=_today()) is None:
            raise _not_in_period()
        if termination_open(claim) is not None:
            return Response(
                {"detail": _("Hồ sơ này đã có đề xuất chấm dứt hưởng."), "code": "ended"},
                status=status.HTTP_409_CONFLICT,
            )
        form = forms.EndForm(
            {
                "ground": str(payload.get("ground") or ""),
                "on": str(payload.get("date") or ""),
                "employer": str(payload.get("employer") or ""),
            },
            earliest=presenters.claim_start(claim),
            today=_today(),
        )
        errors: dict[str, list[str]] = {}
        if not form_errors_into(form, errors):
            if "on" in errors:
                errors["date"] = errors.pop("on")
            raise ValidationError(errors)
        try:
            actions.end_report(
                claim=claim,
                citizen=cast(User, request.user),
                kind=form.cleaned_data["ground"],
                on=form.cleaned_data["on"],
                employer=form.cleaned_data["employer"],
            )
        except services.PeriodInvalid as error:
            raise ValidationError(error.errors) from error
        termination = termination_open(claim)
        return Response(
            {
                "termination": TerminationSerializer(termination).data,
                "reserved_months": termination.reserved_months if termination else 0,
            },
            status=status.HTTP_201_CREATED,
        )
