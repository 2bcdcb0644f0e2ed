"""Training support end to end through the services: the check from the record and claims,
submission, the officer's proposal, four eyes, the 6-month cap at signature, the signed and
verifiable decision, the enrolment opened, the worker told at each step."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from claims.core.transitions import Status
from claims.decisions.lookups import verifiable_lookup
from claims.models import Notification
from identity.models import User
from tests.factories import CenterFactory, CitizenFactory, ClaimFactory, StaffFactory
from tests.training.conftest import laid_off
from tests.training.factories import CourseFactory
from training.enrolment.models import Enrolment
from training.support import services
from training.support.models import TrainingApplication, TrainingDecision, TrainingEvent

pytestmark = pytest.mark.django_db
A = TrainingApplication.State


@pytest.fixture
def center():
    return CenterFactory(province_code="24")


@pytest.fixture
def officer(center):
    return StaffFactory(center=center, role=User.Role.OFFICER)


@pytest.fixture
def signer(center):
    return StaffFactory(center=center, role=User.Role.SIGNER)


def contributor(registry, **kwargs):
    citizen = CitizenFactory()
    registry[citizen.personal_id] = laid_off(citizen.personal_id, **kwargs)
    return citizen


def recipient(center):
    citizen = CitizenFactory()
    ClaimFactory(citizen=citizen, center=center, status=Status.PAYING, reference=f"TC-{citizen.pk}")
    return citizen


def test_a_recipient_applies_with_no_record_needed(center):
    citizen = recipient(center)
    app = services.application_submit(citizen=citizen, course_id=CourseFactory().pk)
    assert app.state == A.SUBMITTED and app.path == "recipient"
    assert app.claim is not None and app.center == center
    assert app.eligibility["eligible"] and app.eligibility["months"] == 3
    assert app.reference.startswith("HN-2026-")
    assert Notification.objects.filter(user=citizen, kind="training_submitted").count() == 1
    assert TrainingEvent.objects.filter(application=app, kind="submitted").exists()


def test_a_contributor_qualifies_from_the_record(registry, center):
    citizen = contributor(registry)
    app = services.application_submit(citizen=citizen, course_id=CourseFactory().pk)
    assert app.path == "contributor" and app.claim is None
    assert app.termination_date == date(2026, 3, 15)
    codes = {c["code"]: c["passed"] for c in app.eligibility["checks"]}
    assert codes["contribution_months"] and codes["applied_in_time"]


def test_too_few_months_is_kept_with_its_reason(registry, center):
    citizen = contributor(registry, ui_months=8, end=date(2023, 8, 31))
    app = services.application_submit(citizen=citizen, course_id=CourseFactory().pk)
    assert not app.eligibility["eligible"] and app.path == "none"
    failed = [c for c in app.eligibility["checks"] if not c["passed"] and not c["values"]]
    assert {c["code"] for c in failed} == {"contribution_months", "applied_in_time"}
    assert "9 tháng" in failed[0]["vi"] and "at least 9" in failed[0]["en"]


def test_unknown_person_is_refused_with_a_message(center):
    with pytest.raises(services.TrainingRefused, match="bảo hiểm xã hội"):
        services.application_submit(citizen=CitizenFactory(), course_id=CourseFactory().pk)
    assert not TrainingApplication.objects.exists()


def test_twice_for_the_same_course_is_refused(center):
    citizen, course = recipient(center), CourseFactory()
    services.application_submit(citizen=citizen, course_id=course.pk)
    with pytest.raises(services.TrainingRefused, match="đã có đơn"):
        services.application_submit(citizen=citizen, course_id=course.pk)


def test_a_full_or_started_course_is_refused(center):
    citizen = recipient(center)
    with pytest.raises(services.TrainingRefused, match="hết chỗ"):
        full = CourseFactory(seats=1)
        services.application_submit(citizen=recipient(center), course_id=full.pk)
        services.application_submit(citizen=citizen, course_id=full.pk)
    with pytest.raises(services.TrainingRefused, match="khai giảng"):
        services.application_submit(
            citizen=citizen, course_id=CourseFactory(start_date=date(2026, 5, 1)).pk
        )


def _submitted(center, **course):
    return services.application_submit(
        citizen=recipient(center), course_id=CourseFactory(**course).pk
    )


def test_the_officer_cannot_propose_more_than_the_rules_allow(center, officer):
    app = _submitted(center, tuition=9_000_000)
    with pytest.raises(services.TrainingRefused, match="1 đến 3"):
        services.application_propose(
            application_id=app.pk, officer=officer, outcome="approve", months=4
        )
    with pytest.raises(services.TrainingRefused, match="4.500.000"):
        services.application_propose(
            application_id=app.pk, officer=officer, outcome="approve", tuition=4_500_001
        )
    with pytest.raises(services.TrainingRefused, match="lý do"):
        services.application_propose(application_id=app.pk, officer=officer, outcome="refuse")
    app.refresh_from_db()
    assert app.state == A.SUBMITTED and app.officer is None


def test_four_eyes_in_the_service_and_in_the_database(center, officer, signer):
    app = _submitted(center)
    services.application_propose(application_id=app.pk, officer=signer, outcome="approve")
    with pytest.raises(services.TrainingRefused, match="tự ký"):
        services.application_decide(application_id=app.pk, signer=signer)
    with pytest.raises(services.TrainingRefused, match="lãnh đạo"):
        services.application_decide(application_id=app.pk, signer=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingApplication.objects.filter(pk=app.pk).update(signer=signer)


def test_staff_of_another_center_cannot_act(center):
    app = _submitted(center)
    stranger = StaffFactory(center=CenterFactory(province_code="01"))
    with pytest.raises(TrainingApplication.DoesNotExist):
        services.application_propose(application_id=app.pk, officer=stranger, outcome="approve")


def test_returned_then_proposed_again_then_approved_signed_and_verifiable(
    center, officer, signer, django_capture_on_commit_callbacks
):
    app = _submitted(center, duration_months=4, tuition=8_000_000)
    services.application_propose(application_id=app.pk, officer=officer, outcome="approve")
    services.application_return(application_id=app.pk, signer=signer, reason="Xem lại học phí")
    app.refresh_from_db()
    assert app.state == A.RETURNED
    services.application_propose(
        application_id=app.pk, officer=officer, outcome="approve", tuition=5_500_000
    )
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_decide(application_id=app.pk, signer=signer)
    app.refresh_from_db()
    assert app.state == A.APPROVED and app.signer == signer
    assert (app.approved_months, app.approved_tuition, app.meal_money_per_month) == (
        4,
        5_500_000,
        660_000,
    )
    decision = TrainingDecision.objects.get(application=app)
    # Celery is eager in tests: rendered, signed and stored after the commit.
    assert decision.state == TrainingDecision.State.ISSUED and decision.sha256
    assert decision.file.open("rb").read(5) == b"%PDF-"
    found = verifiable_lookup(decision.number, decision.verification_code)
    assert found is not None and found.decision == decision
    assert verifiable_lookup(decision.number, "ABCDEFGHJK") is None
    assert Enrolment.objects.filter(application=app).count() == 1
    kinds = list(
        Notification.objects.filter(user=app.citizen).order_by("pk").values_list("kind", flat=True)
    )
    assert kinds == [
        "training_submitted",
        "training_proposed",
        "training_proposed",
        "training_approved",
    ]
    assert list(app.events.values_list("kind", flat=True))[:6] == [
        "submitted",
        "proposed",
        "returned",
        "proposed",
        "decided",
        "decision_signed",
    ]


def test_a_refusal_is_signed_and_opens_nothing(
    center, officer, signer, django_capture_on_commit_callbacks
):
    app = _submitted(center)
    services.application_propose(
        application_id=app.pk, officer=officer, outcome="refuse", note="Khóa học không phù hợp"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(application_id=app.pk, signer=signer)
    app.refresh_from_db()
    assert app.state == A.REFUSED and app.refusal_reason == "Khóa học không phù hợp"
    assert app.decision.kind == "refusal" and app.decision.state == "issued"
    assert not Enrolment.objects.filter(application=app).exists()


def test_the_six_month_cap_across_applications(center, officer, signer):
    citizen = recipient(center)
    first = services.application_submit(
        citizen=citizen, course_id=CourseFactory(duration_months=4).pk
    )
    second = services.application_submit(
        citizen=citizen, course_id=CourseFactory(duration_months=4).pk
    )
    # Both checked before either was approved: each may have 4 months.
    assert first.eligibility["months"] == second.eligibility["months"] == 4
    for app in (first, second):
        services.application_propose(application_id=app.pk, officer=officer, outcome="approve")
    services.application_decide(application_id=first.pk, signer=signer)
    with pytest.raises(services.TrainingRefused, match="chỉ còn 2"):
        services.application_decide(application_id=second.pk, signer=signer)
    services.application_return(application_id=second.pk, signer=signer, reason="Chỉ còn 2 tháng")
    services.application_propose(
        application_id=second.pk, officer=officer, outcome="approve", months=2
    )
    services.application_decide(application_id=second.pk, signer=signer)
    third = services.application_submit(
        citizen=citizen, course_id=CourseFactory(duration_months=1).pk
    )
    assert not third.eligibility["eligible"] and third.months_used_before == 6


def test_withdraw_only_while_open(center, officer, signer):
    app = _submitted(center)
    services.application_withdraw(citizen=app.citizen, application_id=app.pk)
    app.refresh_from_db()
    assert app.state == A.WITHDRAWN
    with pytest.raises(services.TrainingRefused):
        services.application_withdraw(citizen=app.citizen, application_id=app.pk)
    with pytest.raises(TrainingApplication.DoesNotExist):
        services.application_withdraw(citizen=CitizenFactory(), application_id=app.pk)


def test_events_are_append_only(center):
    app = _submitted(center)
    event = app.events.first()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        app.events.all().delete()


def test_the_seeded_rule_comes_back_after_a_flush_but_not_beside_others():
    from django.core.management.sql import emit_post_migrate_signal

    from training.support.models import TrainingSupportRule

    TrainingSupportRule.objects.all().delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    rule = TrainingSupportRule.objects.get()
    assert rule.identifier == "ho-tro-hoc-nghe-2026" and rule.meal_money_provisional
    assert rule.history.count() == 1
    rule.identifier = "ho-tro-hoc-nghe-moi"
    rule.save()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert TrainingSupportRule.objects.count() == 1
