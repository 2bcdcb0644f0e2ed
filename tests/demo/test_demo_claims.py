"""manage.py demo_claims: the factory's workers file through the citizen's services; idempotent."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from claims.core.transitions import Status
from claims.models import Claim, ClaimDocument, ClaimEvent, Notification
from demo import dataset
from demo.generator import clear_population, generate_population
from demo.management.commands.demo_claims import factory_worker_ids
from identity.models import EmploymentServiceCenter, User

BOTH = ["default", "social_security"]
FILING_DAY = date(2026, 11, 2)  # the closure (30/10/2026) + 3 days


@pytest.fixture(scope="module")
def population(django_db_setup, django_db_blocker):
    """The seed's scenario with no random people: the named citizens and the 2,600 workers."""
    with django_db_blocker.unblock():
        clear_population()
        generate_population(seed=7, people=0)
        yield
        clear_population()


@pytest.fixture
def centers(db):
    call_command("demo_data", "--quiet", "--claims", "0", stdout=StringIO())
    return EmploymentServiceCenter.objects.get(province_code=dataset.FACTORY_PROVINCE)


def demo_claims(*args: str) -> str:
    out = StringIO()
    with time_machine.travel(FILING_DAY, tick=False):
        call_command("demo_claims", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(databases=BOTH)
def test_files_the_requested_claims_as_a_citizen_would(
    population, centers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        text = demo_claims("--count", "5")

    claims = list(Claim.objects.select_related("citizen", "center").order_by("personal_id"))
    assert len(claims) == 5
    clean = sum(c.is_clean for c in claims)
    assert f"5 demo claims filed for Hanwoo Vina ({clean} clean, ready for the fast track)" in text
    workers = factory_worker_ids(dataset.DEMO_CLOSURE_DATE)
    assert len(workers) == dataset.FACTORY_WORKERS - 1  # the clean named worker is left out
    assert [c.personal_id for c in claims] == workers[:5]
    for claim in claims:
        assert claim.status == Status.SUBMITTED
        assert claim.reference and claim.reference.startswith("TCTN-2026-")
        assert claim.submitted_at is not None and claim.dossier_complete_on == FILING_DAY
        assert claim.decision_due is not None and claim.decision_due > FILING_DAY
        assert claim.center == centers
        assert claim.employer_tax_code == "2300987654"
        assert claim.termination_date == dataset.DEMO_CLOSURE_DATE
        assert claim.termination_reason == "business_closure"
        assert claim.eligibility["result"] is not None
        assert claim.documents.filter(kind=ClaimDocument.Kind.TERMINATION_PROOF).count() == 1
        assert ClaimEvent.objects.filter(claim=claim, to_status=Status.SUBMITTED).exists()
        citizen = claim.citizen
        assert citizen.role == User.Role.CITIZEN and citizen.identity_level == 2
        assert citizen.personal_id == claim.personal_id and citizen.full_name
        assert citizen.username.startswith("vneid-") and not citizen.has_usable_password()
        payment = claim.answers["payment"]
        assert (
            payment["method"] == "bank"
            and payment["account_holder"] == payment["account_holder"].upper()
        )
        assert claim.answers["contact"]["email"] == ""
        assert Notification.objects.filter(user=citizen, kind="claim_submitted").exists()
    assert clean >= 1  # most workers have years at the factory: clean claims for the fast track
    assert mail.outbox == []


@pytest.mark.django_db(databases=BOTH)
def test_named_demo_citizens_are_left_to_file_themselves_and_a_second_run_files_nothing(
    population, centers
):
    demo_claims("--count", "3")
    named = {c.personal_id for c in dataset.DEMO_CITIZENS}
    assert not Claim.objects.filter(personal_id__in=named).exists()
    assert not User.objects.filter(personal_id__in=named).exists()
    references = set(Claim.objects.values_list("reference", flat=True))
    events = ClaimEvent.objects.count()

    again = demo_claims("--count", "3")
    assert "0 demo claims filed for Hanwoo Vina" in again and "3 filed before" in again
    assert set(Claim.objects.values_list("reference", flat=True)) == references
    assert ClaimEvent.objects.count() == events

    demo_claims("--count", "4")  # a larger count tops up to it
    assert Claim.objects.count() == 4
    assert Claim.objects.filter(reference__in=references).count() == 3


@pytest.mark.django_db(databases=BOTH)
def test_an_interrupted_draft_is_completed_not_duplicated(population, centers):
    import claims.filing.services as filing
    from demo.management.commands.demo_claims import citizen_from_vneid
    from identity.mock_vneid.models import PopulationRecord

    first = factory_worker_ids(dataset.DEMO_CLOSURE_DATE)[0]
    citizen = citizen_from_vneid(PopulationRecord.objects.get(personal_id=first))
    with time_machine.travel(FILING_DAY, tick=False):
        draft = filing.draft_get_or_create(citizen=citizen)
    demo_claims("--count", "1")
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED and draft.reference
    assert Claim.objects.filter(personal_id=first).count() == 1
    assert User.objects.filter(personal_id=first).count() == 1


@pytest.mark.django_db(databases=BOTH)
def test_refused_before_the_factory_closes(population, centers):
    with time_machine.travel(date(2026, 10, 1), tick=False), pytest.raises(CommandError):
        call_command("demo_claims", "--count", "1", stdout=StringIO())
    assert not Claim.objects.exists()


@pytest.mark.django_db(databases=BOTH)
def test_demo_data_files_the_claims_once(population, centers):
    out = StringIO()
    with time_machine.travel(FILING_DAY, tick=False):
        call_command("demo_data", "--quiet", "--claims", "2", "--no-layoff-notice", stdout=out)
    assert "2 demo claims filed for Hanwoo Vina" in out.getvalue()
    again = StringIO()
    with time_machine.travel(FILING_DAY, tick=False):
        call_command("demo_data", "--quiet", "--claims", "4", "--no-layoff-notice", stdout=again)
    assert "demo claims filed" not in again.getvalue()  # claims exist: left as they are
    assert Claim.objects.count() == 2


def test_files_600_by_default_and_all_on_request():
    from demo.management.commands.demo_claims import DEFAULT_COUNT, Command

    parser = Command().create_parser("manage.py", "demo_claims")
    assert parser.parse_args([]).count == DEFAULT_COUNT == 600
    assert parser.parse_args(["--all"]).all is True
