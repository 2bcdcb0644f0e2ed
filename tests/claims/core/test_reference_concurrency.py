"""Reference numbers on PostgreSQL: two submissions at once each get a number and neither waits
for the other's transaction (no row lock held across the submit, docs/adr/0010).

Two real connections (threads); skipped on SQLite, which serialises every write anyway."""
# ruff: noqa: F811 - pytest fixtures imported from test_filing_support

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections, transaction

import claims.filing.services as filing
from claims.core.services import reference_next
from claims.core.transitions import Status
from claims.models import Claim, ReferenceCounter
from tests.claims.filing.helpers import fill_draft, garment_record
from tests.factories import CitizenFactory, ClaimFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "social_security"]),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two PostgreSQL sessions"),
]

#: How long the first submission keeps its transaction open waiting for the second. With a lock
#: across the submit, the second cannot finish inside it; without, it finishes at once.
PATIENCE_S = 15


@pytest.fixture(autouse=True)
def _march_2026():
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=HANOI), tick=False):
        yield


def test_two_concurrent_submissions_both_get_numbers_and_neither_waits(citizen, registry):
    # The same name as the answers fill in (the account holder must be the worker).
    other = CitizenFactory(full_name="Nguyễn Thị Hoa", province_code="01")
    registry[other.personal_id] = garment_record(other.personal_id)
    first_draft, second_draft = fill_draft(citizen), fill_draft(other)
    first_open = threading.Event()
    second_done = threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                outcome["first"] = filing.claim_submit(claim_id=first_draft.pk, citizen=citizen)
                first_open.set()
                # Still inside the first submission's transaction: the second must get through.
                outcome["second_finished_meanwhile"] = second_done.wait(PATIENCE_S)
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcome["first_error"] = exc
        finally:
            first_open.set()
            connections.close_all()

    def second() -> None:
        try:
            first_open.wait(PATIENCE_S)
            outcome["second"] = filing.claim_submit(claim_id=second_draft.pk, citizen=other)
            second_done.set()
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcome["second_error"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert "first_error" not in outcome and "second_error" not in outcome, outcome
    assert outcome["second_finished_meanwhile"] is True
    references = {Claim.objects.get(pk=pk).reference for pk in (first_draft.pk, second_draft.pk)}
    assert len(references) == 2 and all(r and r.startswith("TCTN-2026-") for r in references)
    assert Claim.objects.filter(status=Status.SUBMITTED).count() == 2


def test_a_rolled_back_submission_leaves_a_gap_never_a_duplicate():
    year = 2093
    before = reference_next(year=year)
    with pytest.raises(RuntimeError), transaction.atomic():
        reference_next(year=year)
        raise RuntimeError("the submission failed after its number was drawn")
    after = reference_next(year=year)
    assert int(after.rsplit("-", 1)[1]) == int(before.rsplit("-", 1)[1]) + 2


def test_the_sequence_continues_after_numbers_given_by_the_counter():
    year = 2094
    ReferenceCounter.objects.create(year=year, last=41)
    try:
        assert reference_next(year=year) == f"TCTN-{year}-000042"
        assert reference_next(year=year) == f"TCTN-{year}-000043"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SEQUENCE IF EXISTS claims_reference_{year}")


def test_the_sequence_starts_after_the_highest_number_already_on_a_claim():
    year = 2095
    ReferenceCounter.objects.create(year=year, last=3)
    ClaimFactory(status=Status.SUBMITTED, reference=f"TCTN-{year}-000107")
    try:
        assert reference_next(year=year) == f"TCTN-{year}-000108"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SEQUENCE IF EXISTS claims_reference_{year}")
