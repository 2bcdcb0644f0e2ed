"""Shared by the fast-track tests: a generated layoff of submitted clean claims, and its staff.

Each claim is a row as claim_submit leaves it (reference, employer, termination date, the
engine's result stored as JSON, deadline, clean flag), built directly so a layoff of dozens of
claims is quick; the engine's result is a real assessment of the garment worker's record.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from claims.core.transitions import Actor, Status
from claims.models import Claim, ClaimEvent
from eligibility.assessment import Declared, assess, assessment_to_json
from identity.models import EmploymentServiceCenter, User
from tests.claims.filing.helpers import CLOSURE, FILING_DAY, garment_record
from tests.factories import CenterFactory, CitizenFactory, ClaimFactory, StaffFactory

TAX_CODE = "2300987654"
EMPLOYER = "Công ty TNHH May mặc Hanwoo Vina"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def make_staff(role: str = User.Role.SIGNER, province: str = "24", *, mfa: bool = False, **kw):
    staff = StaffFactory(role=role, center=CenterFactory(province_code=province), **kw)
    if mfa:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(staff, generate_totp_secret())
    return staff


def engine_json(personal_id: str) -> dict:
    """The stored eligibility of a garment worker laid off at the closure (eligible, no flag)."""
    assessment = assess(
        personal_id=personal_id,
        filing_date=FILING_DAY,
        declared=Declared(
            employer_tax_code=TAX_CODE,
            contract_type="indefinite",
            termination_date=CLOSURE,
            termination_reason="business_closure",
        ),
        record=garment_record(personal_id),
    )
    assert assessment.result is not None and assessment.result.eligible, assessment.problem
    assert not assessment.flags
    return assessment_to_json(assessment)


_counter = iter(range(1, 10**6))


def make_layoff(
    center: EmploymentServiceCenter,
    count: int,
    *,
    tax_code: str = TAX_CODE,
    termination_date: date = CLOSURE,
    clean: bool = True,
    status: str = Status.SUBMITTED,
) -> list[Claim]:
    """`count` submitted claims of one layoff in `center` (clean unless told otherwise)."""
    template = engine_json("000000000000")
    result = template["result"]
    claims = []
    for _i in range(count):
        n = next(_counter)
        citizen = CitizenFactory(full_name=f"Công nhân {n:04d}")
        claim = ClaimFactory(
            citizen=citizen,
            center=center,
            status=status,
            reference=f"TCTN-2026-{900000 + n:06d}",
            employer_tax_code=tax_code,
            employer_name=EMPLOYER,
            contract_type="indefinite",
            termination_date=termination_date,
            termination_reason="business_closure",
            eligibility=template,
            rule_set=template["rule_set_name"],
            monthly_benefit=result["monthly_benefit"],
            duration_months=result["duration_months"],
            submitted_at=datetime.combine(FILING_DAY, time(9), tzinfo=TZ),
            dossier_complete_on=FILING_DAY,
            decision_due=date(2026, 3, 24),
            is_clean=clean,
        )
        ClaimEvent.objects.create(
            claim=claim,
            kind=f"status:{status}",
            actor=citizen,
            actor_role=Actor.CITIZEN,
            from_status=Status.DRAFT,
            to_status=status,
        )
        claims.append(claim)
    return claims


@contextmanager
def celery_worker(
    broker_url: str, queues: tuple[str, ...] = ("interactive", "bulk")
) -> Iterator[None]:
    """A real Celery worker of the project's app, in a thread, consuming from `broker_url`.

    Tasks go through the broker (not eager): the test marked `worker` keeps conftest from
    making them eager. The worker shares the test's database (live-server style).
    """
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    previous = (app.conf.broker_url, app.conf.result_backend, app.conf.broker_transport_options)
    app.conf.update(broker_url=broker_url, result_backend=None, broker_transport_options={})
    # Pools made for the previous broker (if any) must not be reused.
    app._pool = None
    app.amqp._producer_pool = None
    try:
        with start_worker(
            app,
            pool="solo",
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=30,
            # Both queues (portal.celery.task_route): one worker does all the test's work.
            queues=list(queues),
        ):
            yield
    finally:
        app.conf.update(
            broker_url=previous[0], result_backend=previous[1], broker_transport_options=previous[2]
        )
        app._pool = None
        app.amqp._producer_pool = None
