"""Transfers (Law 74/2025 Art. 41.1): request, handover within 3 working days, acceptance by
the new center, the transfer decision, events, and the payments neither doubled nor skipped."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the decision support module

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from claims.core.exceptions import ClaimPermissionError, ClaimStateError
from claims.decisions.models import Decision
from claims.decisions.services import decision_issue
from claims.models import Claim, ClaimEvent, PaymentInstallment, PaymentOrder
from claims.payments.services import payments_release_due
from claims.period.services import notification_record
from claims.transfers import services
from claims.transfers.models import Transfer
from identity.models import User
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir
from tests.claims.transfers.support import VN, center, claim_in_period, mark_paid, staff_of

pytestmark = pytest.mark.django_db

#: A Thursday in month 3 of example 2 (2026-07-20..08-19).
JULY_30 = datetime(2026, 7, 30, 9, 0, tzinfo=VN)


@pytest.fixture
def world():
    hanoi, bac_ninh = center("01"), center("24")
    people = {
        "old_officer": staff_of(hanoi, full_name="Trần Văn An"),
        "old_signer": staff_of(hanoi, User.Role.SIGNER, full_name="Phạm Minh Châu"),
        "new_officer": staff_of(bac_ninh, full_name="Lê Thị Bình"),
        "new_signer": staff_of(bac_ninh, User.Role.SIGNER, full_name="Đỗ Văn Dũng"),
        "third": staff_of(center("79")),
    }
    claim = claim_in_period(where=hanoi, signer=people["old_signer"], officer=people["old_officer"])
    return {"claim": claim, "hanoi": hanoi, "bac_ninh": bac_ninh, **people}


def request(world, **kw):
    claim = world["claim"]
    return services.transfer_request(
        claim_id=claim.pk,
        citizen=claim.citizen,
        province_code=kw.get("province", "24"),
        new_address=kw.get("address", "12 Lý Thái Tổ, phường Suối Hoa, tỉnh Bắc Ninh"),
        reason=kw.get("reason", "Chuyển về quê sinh sống"),
    )


def test_a_transfer_moves_the_claim_and_its_remaining_payments_once(world):
    claim = world["claim"]
    mark_paid(claim, 1, 2, 3)
    with time_machine.travel(JULY_30, tick=False):
        transfer = request(world)
        # Thursday 30 July + 3 working days = Tuesday 4 August.
        assert transfer.handover_due == date(2026, 8, 4)
        assert transfer.status == Transfer.Status.REQUESTED
        services.transfer_hand_over(
            transfer_id=transfer.pk, staff=world["old_officer"], note="Đủ hồ sơ"
        )
        transfer = services.transfer_accept(transfer_id=transfer.pk, staff=world["new_officer"])
    claim.refresh_from_db()
    assert claim.center == world["bac_ninh"] and claim.assignee is None
    assert transfer.status == Transfer.Status.ACCEPTED
    # Every month is the claim's still, once: three paid, nine left for the new center.
    rows = list(PaymentInstallment.objects.filter(claim=claim).order_by("number"))
    assert [r.number for r in rows] == list(range(1, 13))
    assert [r.status for r in rows].count(PaymentInstallment.Status.PAID) == 3
    assert sum(r.amount for r in rows) == 12 * 26_550_000
    decision = transfer.decision
    assert decision.kind == Decision.Kind.TRANSFER and decision.case == claim
    assert decision.center == world["bac_ninh"] and decision.claim is None
    assert decision.facts["months_left"] == 9 and decision.facts["next_month"] == 4
    assert decision.facts["to_province"] == "Tỉnh Bắc Ninh"
    assert decision.number.endswith("/QĐ-TTDVVL")
    # Nobody of the new center signed: its head (the signer) is printed.
    assert decision.signer == world["new_signer"]
    kinds = list(ClaimEvent.objects.filter(claim=claim).values_list("kind", flat=True))
    for step in ("transfer_requested", "transfer_handed_over", "transfer_accepted"):
        assert step in kinds


def test_the_old_center_cannot_accept_nor_the_new_hand_over(world):
    with time_machine.travel(JULY_30, tick=False):
        transfer = request(world)
        with pytest.raises(ClaimPermissionError):
            services.transfer_hand_over(transfer_id=transfer.pk, staff=world["new_officer"])
        with pytest.raises(ClaimPermissionError):
            services.transfer_hand_over(transfer_id=transfer.pk, staff=world["third"])
        with pytest.raises(ClaimStateError):  # not handed over yet
            services.transfer_accept(transfer_id=transfer.pk, staff=world["new_officer"])
        services.transfer_hand_over(transfer_id=transfer.pk, staff=world["old_officer"])
        with pytest.raises(ClaimPermissionError):
            services.transfer_accept(transfer_id=transfer.pk, staff=world["old_officer"])
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.HANDED_OVER
    world["claim"].refresh_from_db()
    assert world["claim"].center == world["hanoi"]


def test_each_center_sees_only_its_side(world):
    with time_machine.travel(JULY_30, tick=False):
        transfer = request(world)
    old = services.transfers_for_center(center_id=world["hanoi"].pk)
    new = services.transfers_for_center(center_id=world["bac_ninh"].pk)
    assert old.outgoing == [transfer] and not old.incoming
    assert not new.outgoing and not new.incoming  # nothing to accept before the handover
    services.transfer_hand_over(transfer_id=transfer.pk, staff=world["old_officer"])
    assert services.transfers_for_center(center_id=world["bac_ninh"].pk).incoming == [transfer]
    with pytest.raises(Transfer.DoesNotExist):
        services.transfer_for_staff(transfer_id=transfer.pk, user=world["third"])


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"province": "01"}, "province"),  # the center the worker is already with
        ({"province": "99"}, "province"),
        ({"address": "   "}, "new_address"),
        ({"address": "x" * 301}, "new_address"),
        ({"reason": "y" * 1001}, "reason"),
    ],
)
def test_bad_requests_change_nothing(world, kw, field):
    with pytest.raises(services.TransferInvalid) as caught:
        request(world, **kw)
    assert caught.value.field == field and str(caught.value)
    assert not Transfer.objects.exists()
    assert not ClaimEvent.objects.filter(kind="transfer_requested").exists()


def test_only_the_owner_only_in_the_period_and_one_at_a_time(world):
    claim = world["claim"]
    other = claim_in_period(
        where=world["hanoi"],
        signer=world["old_signer"],
        officer=world["old_officer"],
        start=date(2027, 6, 1),
        terminated=date(2027, 4, 30),
        employer="0109999999",
    )
    with pytest.raises(ClaimPermissionError):
        services.transfer_request(
            claim_id=claim.pk, citizen=other.citizen, province_code="24", new_address="Bắc Ninh"
        )
    with time_machine.travel(JULY_30, tick=False):
        request(world)
        with pytest.raises(ClaimStateError):
            request(world)
    assert Transfer.objects.filter(claim=claim).count() == 1
    claim.status = "completed"
    claim.save(update_fields=["status"])
    with pytest.raises(ClaimStateError):
        services.transfer_request(
            claim_id=claim.pk, citizen=claim.citizen, province_code="24", new_address="Bắc Ninh"
        )


def test_the_worker_may_cancel_until_the_handover(world):
    with time_machine.travel(JULY_30, tick=False):
        transfer = request(world)
        services.transfer_cancel(transfer_id=transfer.pk, citizen=world["claim"].citizen)
        assert services.may_request(world["claim"])
        again = request(world)
        services.transfer_hand_over(transfer_id=again.pk, staff=world["old_officer"])
        with pytest.raises(ClaimStateError):
            services.transfer_cancel(transfer_id=again.pk, citizen=world["claim"].citizen)


def test_the_handover_deadline_skips_the_national_day(world):
    # Friday 28 August 2026: 31 August, 1 and 2 September are off -> Thursday 3rd, Friday 4th,
    # Monday 7th.
    with time_machine.travel(datetime(2026, 8, 28, 15, 0, tzinfo=VN), tick=False):
        transfer = request(world)
    assert transfer.handover_due == date(2026, 9, 7)


def test_the_transfer_decision_renders_and_signs(world):
    with time_machine.travel(JULY_30, tick=False):
        transfer = request(world)
        services.transfer_hand_over(transfer_id=transfer.pk, staff=world["old_officer"])
        transfer = services.transfer_accept(transfer_id=transfer.pk, staff=world["new_signer"])
    decision = decision_issue(decision_id=transfer.decision.pk)
    assert decision.state == Decision.State.ISSUED, decision.last_error
    assert decision.signer == world["new_signer"]
    assert timezone.localdate(decision.signed_at) >= date(2026, 7, 30)


def test_after_the_transfer_the_next_month_is_paid_once_by_the_new_center(world):
    """Months 1-3 paid by Hà Nội; transferred in month 3; month 4 (2026-08-20..09-19) notified
    on 08-20 is released once on its payment day and never again; nothing before it again."""
    claim = world["claim"]
    mark_paid(claim, 1, 2, 3)
    with time_machine.travel(JULY_30, tick=False):
        transfer = request(world)
        services.transfer_hand_over(transfer_id=transfer.pk, staff=world["old_officer"])
        services.transfer_accept(transfer_id=transfer.pk, staff=world["new_officer"])
    with time_machine.travel(datetime(2026, 8, 20, 10, 0, tzinfo=VN), tick=False):
        notification_record(
            Claim.objects.get(pk=claim.pk),
            by=claim.citizen,
            looked_for_work=True,
            available=True,
            job_search_log=[
                {"kind": "employer", "where": "Công ty Điện tử Sao Mai", "date": "2026-08-19"}
            ],
        )
    with time_machine.travel(datetime(2026, 8, 26, 9, 0, tzinfo=VN), tick=False):
        first = payments_release_due(today=date(2026, 8, 26))
        again = payments_release_due(today=date(2026, 8, 26))
    assert len(first) == 1 and again == []
    assert PaymentOrder.objects.get(pk=first[0]).installment.number == 4
    # Month 1's order went out with the decision (Hà Nội); no month has two orders.
    numbers = list(
        PaymentOrder.objects.filter(claim=claim).values_list("installment__number", flat=True)
    )
    assert sorted(numbers) == [1, 4]
    assert Claim.objects.get(pk=claim.pk).center == world["bac_ninh"]
    numbers = PaymentInstallment.objects.filter(claim=claim).values_list("number", flat=True)
    assert sorted(numbers) == list(range(1, 13))  # none added, none lost
