"""The store's new jobs acted on in bulk (claims.period.detection.new_jobs_act, issue 16's
bench): several claims in one run get what the per-claim path gave each (flag, store event,
proposed termination, claim events), a claim whose end is already open keeps it, a claim that
moved on is counted and left alone, and a second run does nothing."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the detection tests

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from claims.models import ClaimEvent, ClaimFlag
from claims.period import detection
from claims.period.models import PeriodEvent, Termination
from claims.period.services import termination_propose
from eligibility.registry import DatabaseRegistry
from tests.claims.period.test_detection import (
    NEW,
    OLD,
    SEPT_10,
    before_the_job,
    with_the_job,
    world,
)
from tests.claims.transfers.support import claim_in_period, mark_paid
from tests.eligibility.factories import EmployerFactory, PersonFactory, employment

pytestmark = pytest.mark.django_db


def test_three_claims_in_one_run(world, django_assert_max_num_queries):
    first = world["claim"]
    registry = world["registry"]
    second = claim_in_period(
        where=first.center, signer=world["signer"], officer=world["officer"], employer=OLD.tax_code
    )
    mark_paid(second, 1, 2, 3, 4)
    gone = claim_in_period(
        where=first.center, signer=world["signer"], officer=world["officer"], employer=OLD.tax_code
    )
    for claim in (first, second, gone):
        registry[claim.personal_id] = with_the_job(claim.personal_id)
    # The officer already proposed the end of the second on another ground: it stays the one.
    with time_machine.travel(SEPT_10, tick=False):
        officers = termination_propose(
            second, by=world["officer"], ground="b", event_date=date(2026, 9, 1), reported=True
        )
    candidates = detection._candidates()  # noqa: SLF001 - the run's own first step
    assert [c.claim_id for c in candidates] == sorted([first.pk, second.pk, gone.pk])
    found = detection.jobs_found(detection.get_registry(), candidates)
    # Between the look-up and the act the third claim ended.
    type(gone).objects.filter(pk=gone.pk).update(status="completed")
    with time_machine.travel(SEPT_10, tick=False), django_assert_max_num_queries(14):
        acted, refused = detection.new_jobs_act(
            [(c.claim_id, job) for c, job in found], today=date(2026, 9, 10)
        )
    assert sorted(acted) == sorted([first.pk, second.pk])
    assert refused == [(gone.pk, "completed")]
    for claim in (first, second):
        event = PeriodEvent.objects.get(claim=claim, source=PeriodEvent.Source.STORE)
        assert (event.kind, event.date, event.reported) == ("job_started", date(2026, 8, 3), False)
        assert event.details["employer_tax_code"] == NEW.tax_code
        assert ClaimFlag.objects.filter(claim=claim, code=detection.FLAG_CODE).exists()
        kinds = list(
            ClaimEvent.objects.filter(claim=claim, kind__in=["period:event", "new_job_in_store"])
            .order_by("pk")
            .values_list("kind", flat=True)
        )
        assert kinds == ["period:event", "new_job_in_store"]
    proposed = Termination.objects.get(claim=first)
    assert (proposed.ground, proposed.proposed_by, proposed.effective_on) == (
        "a",
        None,
        date(2026, 8, 3),
    )
    assert proposed.overpaid_amount == 26_550_000 and proposed.reserved_months == 4
    logged = ClaimEvent.objects.get(claim=first, kind="period:termination_proposed")
    assert logged.data["termination"] == proposed.pk and logged.actor_role == "system"
    assert list(Termination.objects.filter(claim=second)) == [officers]
    assert not PeriodEvent.objects.filter(claim=gone).exists()
    # Found again by the next run: nothing left to do for the two.
    with time_machine.travel(SEPT_10, tick=False):
        again = detection.new_jobs_detect()
    assert again.found == 0 and again.looked_at == 0


@pytest.mark.django_db(databases=["default", "social_security"])
def test_the_store_returns_only_another_employers_months_in_the_period():
    person = PersonFactory(personal_id="001088000125")
    old = EmployerFactory(tax_code="0101234567", name="Công ty Cơ khí Đông Anh")
    new = EmployerFactory(tax_code="0107654321", name="Công ty Điện tử Sao Mai")
    later = EmployerFactory(tax_code="0109999999", name="Công ty Về Sau")
    employment(person, old, start=date(2014, 1, 1), end=date(2026, 4, 30), months=148)
    # A late report by the old employer, a new job in the period, one after the period.
    employment(person, old, start=date(2026, 5, 1), end=date(2026, 5, 31), months=1)
    employment(person, new, start=date(2026, 8, 1), end=date(2026, 9, 30), months=2)
    employment(person, later, start=date(2027, 7, 1), end=None, months=1)
    seen = detection.store_seen(
        DatabaseRegistry(),
        {person.personal_id: date(2026, 4, 30)},
        former={person.personal_id: old.tax_code},
        until={person.personal_id: date(2027, 5, 19)},
    )
    shown = seen[person.personal_id]
    assert shown.contributions == (
        (date(2026, 8, 1), new.tax_code, new.name),
        (date(2026, 9, 1), new.tax_code, new.name),
    )
    assert (new.tax_code, date(2026, 8, 1)) in shown.starts
