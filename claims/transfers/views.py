"""Transfer pages: the worker asks, one question per page (province, new address, check your
answers), follows the request; the center hands over or accepts (claims.transfers.services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from claims.core.access_log import staff_view_record
from claims.core.exceptions import ClaimError
from claims.core.permissions import claim_for_citizen
from claims.models import Claim
from claims.queue.selectors import WorkingCalendar
from claims.transfers import services
from claims.transfers.models import Transfer
from common.forms import AccessibleFormMixin
from common.provinces import PROVINCE_NAMES
from common.question_page import draft_drop, draft_get, question_page
from identity.decorators import citizen_level2_required, staff_role_required
from identity.http import AuthedRequest
from identity.models import User

OFFICER, SIGNER = User.Role.OFFICER, User.Role.SIGNER
#: The answers so far, in the session, per claim (nothing is stored before "send").
DRAFT = "transfer_draft:{}"


class ProvinceForm(AccessibleFormMixin, forms.Form):
    province = forms.ChoiceField(
        label=gettext_lazy("Bạn muốn chuyển đến tỉnh, thành phố nào?"),
        help_text=gettext_lazy("Trung tâm Dịch vụ việc làm ở đó sẽ tiếp tục chi trả trợ cấp."),
        error_messages={
            "required": gettext_lazy("Chọn tỉnh, thành phố bạn muốn chuyển đến."),
            "invalid_choice": gettext_lazy("Chọn tỉnh, thành phố bạn muốn chuyển đến."),
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["province"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [("", _("Chọn tỉnh, thành phố")), *choices]


class AddressForm(AccessibleFormMixin, forms.Form):
    new_address = forms.CharField(
        label=gettext_lazy("Nơi cư trú mới của bạn"),
        help_text=gettext_lazy("Số nhà, đường, phường hoặc xã, tỉnh hoặc thành phố."),
        max_length=services.ADDRESS_MAX,
        error_messages={
            "required": gettext_lazy("Nhập nơi cư trú mới của bạn."),
            "max_length": gettext_lazy("Nơi cư trú mới dài quá %(limit_value)d ký tự."),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Lý do chuyển (không bắt buộc)"),
        required=False,
        max_length=services.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": gettext_lazy("Lý do dài quá %(limit_value)d ký tự.")},
    )


def _claim(request: AuthedRequest, public_id: str) -> Claim:
    return claim_for_citizen(citizen=request.user, public_id=public_id)


def _closed(request: AuthedRequest, claim: Claim) -> HttpResponse | None:
    """Back to the claim when a request cannot be made now (said why)."""
    if services.open_transfer(claim) is not None:
        messages.info(request, _("Bạn đã có một đề nghị chuyển nơi hưởng đang được xử lý."))
        return redirect("claims:transfer_status", public_id=claim.public_id)
    if not services.may_request(claim):
        messages.error(
            request, _("Chỉ chuyển nơi hưởng được khi bạn đang trong thời gian hưởng trợ cấp.")
        )
        return redirect("claims:claim_detail", public_id=claim.public_id)
    return None


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def transfer_province(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = _claim(request, public_id)
    if (closed := _closed(request, claim)) is not None:
        return closed
    key = DRAFT.format(claim.public_id)
    form = ProvinceForm(
        request.POST or None,
        choices=services.destinations(claim),
        initial={"province": draft_get(request, key).get("province")},
    )
    return question_page(
        request,
        form=form,
        key=key,
        template="claims/transfers/province.html",
        context={"claim": claim},
        next_url=reverse("claims:transfer_address", kwargs={"public_id": claim.public_id}),
    )


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def transfer_address(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = _claim(request, public_id)
    if (closed := _closed(request, claim)) is not None:
        return closed
    key = DRAFT.format(claim.public_id)
    draft = draft_get(request, key)
    if not draft.get("province"):
        return redirect("claims:transfer_province", public_id=claim.public_id)
    return question_page(
        request,
        form=AddressForm(request.POST or None, initial=draft),
        key=key,
        template="claims/transfers/address.html",
        context={"claim": claim},
        next_url=reverse("claims:transfer_check", kwargs={"public_id": claim.public_id}),
    )


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def transfer_check(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = _claim(request, public_id)
    if (closed := _closed(request, claim)) is not None:
        return closed
    draft = draft_get(request, DRAFT.format(claim.public_id))
    if not draft.get("province"):
        return redirect("claims:transfer_province", public_id=claim.public_id)
    if not draft.get("new_address"):
        return redirect("claims:transfer_address", public_id=claim.public_id)
    error = ""
    if request.method == "POST":
        try:
            services.transfer_request(
                claim_id=claim.pk,
                citizen=request.user,
                province_code=draft["province"],
                new_address=draft["new_address"],
                reason=draft.get("reason", ""),
            )
        except services.TransferInvalid as exc:
            error = str(exc)
        except ClaimError as exc:
            messages.error(request, str(exc))
            return redirect("claims:claim_detail", public_id=claim.public_id)
        else:
            draft_drop(request, DRAFT.format(claim.public_id))
            messages.success(request, _("Đã gửi đề nghị chuyển nơi hưởng."))
            return redirect("claims:transfer_status", public_id=claim.public_id)
    return render(
        request,
        "claims/transfers/check.html",
        {
            "claim": claim,
            "draft": draft,
            "province_name": PROVINCE_NAMES.get(draft["province"], ""),
            "error": error,
        },
        status=400 if error else 200,
    )


@never_cache
@citizen_level2_required
def transfer_status(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = _claim(request, public_id)
    transfers = list(services.transfers_of_claim(claim=claim))
    if not transfers:
        return redirect("claims:transfer_province", public_id=claim.public_id)
    return render(
        request,
        "claims/transfers/status.html",
        {
            "claim": claim,
            "transfers": transfers,
            "current": transfers[0],
            "can_request": services.may_request(claim),
        },
    )


@citizen_level2_required
@require_POST
def transfer_cancel(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = _claim(request, public_id)
    current = services.open_transfer(claim)
    if current is None:
        messages.info(request, _("Không có đề nghị nào đang chờ."))
    else:
        try:
            services.transfer_cancel(transfer_id=current.pk, citizen=request.user)
        except ClaimError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã hủy đề nghị chuyển nơi hưởng."))
    return redirect("claims:transfer_status", public_id=claim.public_id)


# --- The center -----------------------------------------------------------------------------


@never_cache
@staff_role_required(OFFICER, SIGNER)
def staff_transfers(request: AuthedRequest) -> HttpResponse:
    center_id = request.user.center_id
    assert center_id is not None  # noqa: S101 - the decorator lets only a center's staff in
    found = services.transfers_for_center(center_id=center_id)
    staff_view_record(request=request, claim=None, page="transfers")
    return render(
        request,
        "claims/transfers/staff_list.html",
        {"found": found, "calendar": WorkingCalendar.from_database(), "center_id": center_id},
    )


def _transfer(request: AuthedRequest, transfer_id: int) -> Transfer:
    try:
        return services.transfer_for_staff(transfer_id=transfer_id, user=request.user)
    except Transfer.DoesNotExist as exc:
        raise Http404 from exc


@never_cache
@staff_role_required(OFFICER, SIGNER)
def staff_transfer(request: AuthedRequest, transfer_id: int) -> HttpResponse:
    transfer = _transfer(request, transfer_id)
    staff_view_record(request=request, claim=transfer.claim, page="transfer")
    center_id = request.user.center_id
    return render(
        request,
        "claims/transfers/staff_detail.html",
        {
            "transfer": transfer,
            "outgoing": transfer.from_center_id == center_id,
            "incoming": transfer.to_center_id == center_id,
            "calendar": WorkingCalendar.from_database(),
        },
    )


@staff_role_required(OFFICER, SIGNER)
@require_POST
def staff_transfer_action(request: AuthedRequest, transfer_id: int, action: str) -> HttpResponse:
    transfer = _transfer(request, transfer_id)
    try:
        if action == "ban-giao":
            services.transfer_hand_over(
                transfer_id=transfer.pk,
                staff=request.user,
                note=request.POST.get("note", "")[: services.REASON_MAX],
            )
            messages.success(request, _("Đã bàn giao hồ sơ cho trung tâm nơi chuyển đến."))
        elif action == "tiep-nhan":
            services.transfer_accept(transfer_id=transfer.pk, staff=request.user)
            messages.success(
                request, _("Đã tiếp nhận hồ sơ; quyết định chuyển nơi hưởng đang được lập.")
            )
        else:
            raise Http404
    except ClaimError as exc:
        messages.error(request, str(exc))
    return redirect("staff:transfer", transfer_id=transfer.pk)
