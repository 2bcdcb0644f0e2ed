"""From a confirmed layoff notice to one prefilled draft claim per listed worker (issue #17).

`notice_prefill` is what employers.services.notice_confirm calls (after commit) when the
employer confirms the list, and again for workers added later: for each worker not yet
reported it makes (or finds) the worker's citizen account by personal ID, asks the
social-security agency for the signed extract of their record (through the registry, verified
here), computes the estimate with the real calculator, and makes the worker's own draft claim,
prefilled with the job, termination date and reason the employer reported and the center of
the notice. The worker is told (portal inbox and e-mail; SMS when a phone number is known).

Nothing is submitted for the worker: they sign in with VNeID, correct what they disagree with
(a different reason than the employer's is kept and flagged for the officer), add their bank
details and sign the declaration themselves (Law 74/2025 Art. 38.1.c). The claim opens on the
termination date (claims.prefill.services.prefill_open_check). Idempotent: a report is made
once per notice and person (database constraint), a second run only adds the missing ones.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

import claims.filing.duplicates as duplicates
from claims.core.transitions import Actor, Status
from claims.filing.forms import STEP_KEYS
from claims.filing.services import RECORD_KEY, next_step
from claims.models import Claim, ClaimEvent, EmployerReport, SignedExtract
from claims.prefill.services import PREFILL_KEY, prefill_notify_many
from eligibility.assessment import Declared, assess
from eligibility.calculator.types import RuleBook
from eligibility.exceptions import RulesError
from eligibility.registry import PersonRecord, get_registry
from eligibility.selectors import rulebook_for_claim
from eligibility.signed_extract import VerifiedExtract, confirmed_extracts
from employers.models import LayoffNotice, NoticeWorker
from identity.models import User
from identity.services import citizen_username

logger = logging.getLogger(__name__)

#: Workers handled per transaction: big enough for bulk inserts, small enough to keep locks short.
CHUNK = 250


@dataclass
class PrefillSummary:
    notice_id: int
    reported: int = 0  # reports made by this run
    already: int = 0  # workers reported by an earlier run
    drafts: int = 0  # new prefilled drafts
    linked: int = 0  # a draft or claim of the worker already stood: linked, not doubled
    confirmed: int = 0  # with the agency's verified signed extract
    refused: dict[str, str] = field(default_factory=dict)  # personal_id -> why the extract was
    notified: int = 0


def notice_prefill(*, notice_id: int, today: date | None = None) -> PrefillSummary:
    """Prefill a draft claim for every worker of a confirmed notice not yet reported."""
    today = today or timezone.localdate()
    notice = LayoffNotice.objects.select_related("center").get(pk=notice_id)
    summary = PrefillSummary(notice_id=notice_id)
    if notice.status != LayoffNotice.Status.CONFIRMED or notice.center is None:
        logger.warning("notice %s is not confirmed or has no center: nothing prefilled", notice_id)
        return summary
    done = set(
        EmployerReport.objects.filter(notice_id=notice_id).values_list("personal_id", flat=True)
    )
    workers = [w for w in notice.workers.order_by("row_number", "id") if w.personal_id not in done]
    summary.already = len(done)
    registry = get_registry()
    books: dict[date, RuleBook | None] = {}
    for start in range(0, len(workers), CHUNK):
        chunk = workers[start : start + CHUNK]
        ids = [w.personal_id for w in chunk]
        records = registry.person_records(ids)
        extracts = confirmed_extracts(ids, registry=registry, records=records)
        summary.refused.update(extracts.refused)
        # Outside the transaction: the rules are read once and cached (inside one they are
        # re-read at every call, eligibility.selectors._snapshot).
        estimates = {
            w.personal_id: _estimate(
                w, records.get(w.personal_id), notice.employer_tax_code, today, books
            )
            for w in chunk
        }
        _chunk_prefill(notice, chunk, records, extracts.verified, estimates, summary)
    return summary


def _citizens(chunk: Sequence[NoticeWorker]) -> dict[str, User]:
    """The workers' citizen accounts, made (without a password: VNeID only) where missing.

    A VNeID login later finds the account by personal ID and attaches itself to it
    (identity.adapters), so the worker lands on the claim prepared for them.
    """
    ids = [w.personal_id for w in chunk]
    users = {str(u.personal_id): u for u in User.objects.filter(personal_id__in=ids)}
    missing = [w for w in chunk if w.personal_id not in users]
    if missing:
        unusable = make_password(None)
        User.objects.bulk_create(
            [
                User(
                    username=citizen_username(personal_id=w.personal_id),
                    role=User.Role.CITIZEN,
                    personal_id=w.personal_id,
                    full_name=w.full_name,
                    password=unusable,
                )
                for w in missing
            ],
            ignore_conflicts=True,  # a login at this very moment made the account: use it
        )
        users.update(
            {
                str(u.personal_id): u
                for u in User.objects.filter(personal_id__in=[w.personal_id for w in missing])
            }
        )
    return users


def _contract_type(record: PersonRecord | None, tax_code: str) -> str:
    if record is None:
        return ""
    spells = [s for s in record.spells if s.employer.tax_code == tax_code]
    return spells[-1].contract_type if spells else ""


def report_answers(
    *, notice: LayoffNotice, worker: NoticeWorker, contract_type: str
) -> dict[str, dict[str, str]]:
    """The draft's answers as the employer reported them (the job step is the employer's view,
    and is what the worker's corrections are compared with)."""
    job = {
        "employer_name": notice.employer_name,
        "employer_tax_code": notice.employer_tax_code,
        "contract_type": contract_type,
        "termination_date": worker.termination_date.isoformat(),
        "termination_reason": worker.reason_code,
    }
    assert notice.center is not None  # noqa: S101 - checked by notice_prefill
    answers: dict[str, dict[str, str]] = {
        RECORD_KEY: {**job, "employer_province": notice.province_code},
        PREFILL_KEY: {"notice_id": str(notice.pk), "source": "employer_notice"},
        "center": {"province_code": notice.center.province_code},
        # The confirmed notice proves the termination (claims.prefill.termination_proven).
        "documents": {"employer_notice": str(notice.pk)},
    }
    if contract_type:
        answers["job"] = {**job, "correction_reason": ""}
    return answers


Estimate = tuple[bool, int | None, int | None]


def _estimate(
    worker: NoticeWorker,
    record: PersonRecord | None,
    tax_code: str,
    today: date,
    books: dict[date, RuleBook | None],
) -> Estimate:
    """(eligible, monthly benefit, months) by the real calculator, filed on the last day or today."""
    if record is None:
        return False, None, None
    contract = _contract_type(record, tax_code)
    filing_date = max(today, worker.termination_date)
    if filing_date not in books:
        try:
            books[filing_date] = rulebook_for_claim(filing_date)
        except RulesError:
            books[filing_date] = None  # assess says why, in words, for each worker
    assessment = assess(
        personal_id=worker.personal_id,
        filing_date=filing_date,
        book=books[filing_date],
        declared=Declared(
            employer_tax_code=tax_code,
            contract_type=contract,
            termination_date=worker.termination_date,
            termination_reason=worker.reason_code,
        ),
        record=record,
    )
    result = assessment.result
    if result is None or not result.eligible:
        return False, None, None
    return True, result.monthly_benefit, result.duration_months


def _extract_row(verified: VerifiedExtract) -> SignedExtract:
    return SignedExtract(
        personal_id=verified.personal_id,
        payload=verified.payload.decode(),
        signature=verified.signature,
        payload_sha256=verified.sha256,
        key_id=verified.key_id,
        issued_at=verified.issued_at,
        verified_at=timezone.now(),
    )


def _chunk_prefill(
    notice: LayoffNotice,
    chunk: Sequence[NoticeWorker],
    records: dict[str, PersonRecord],
    verified: dict[str, VerifiedExtract],
    estimates: dict[str, Estimate],
    summary: PrefillSummary,
) -> None:
    tax_code = notice.employer_tax_code
    with transaction.atomic():
        # One prefill of a notice at a time: a second run waits, then skips what the first made.
        LayoffNotice.objects.select_for_update().filter(pk=notice.pk).first()
        taken = set(
            EmployerReport.objects.filter(
                notice_id=notice.pk, personal_id__in=[w.personal_id for w in chunk]
            ).values_list("personal_id", flat=True)
        )
        chunk = [w for w in chunk if w.personal_id not in taken]
        summary.already += len(taken)
        if not chunk:
            return
        users = _citizens(chunk)
        drafts = {
            c.citizen_id: c
            for c in Claim.objects.filter(
                citizen__in=[u.pk for u in users.values()], status=Status.DRAFT
            )
        }
        standing = _standing_claims(tax_code, chunk)
        extracts = {pid: _extract_row(v) for pid, v in verified.items() if pid in users}
        SignedExtract.objects.bulk_create(list(extracts.values()))
        new_drafts: dict[str, Claim] = {}
        reports: list[EmployerReport] = []
        for worker in chunk:
            user = users[worker.personal_id]
            record = records.get(worker.personal_id)
            contract = _contract_type(record, tax_code)
            answers = report_answers(notice=notice, worker=worker, contract_type=contract)
            claim = standing.get((worker.personal_id, worker.termination_date))
            draft = drafts.get(user.pk)
            if claim is None and draft is not None:
                claim = _draft_adopt(draft, answers, notice.center)
            if claim is None:
                claim = Claim(
                    citizen=user,
                    personal_id=worker.personal_id,
                    status=Status.DRAFT,
                    center=notice.center,
                    answers=answers,
                )
                claim.draft_step = next_step(claim) if claim.answers else STEP_KEYS[0]
                new_drafts[worker.personal_id] = claim
            else:
                summary.linked += 1
            eligible, monthly, months = estimates[worker.personal_id]
            reports.append(
                EmployerReport(
                    notice_id=notice.pk,
                    center=notice.center,
                    personal_id=worker.personal_id,
                    full_name=worker.full_name,
                    employer_tax_code=tax_code,
                    employer_name=notice.employer_name,
                    contract_type=contract,
                    termination_date=worker.termination_date,
                    termination_reason=worker.reason_code,
                    last_salary=worker.last_salary,
                    claim=claim if claim.pk else None,
                    extract=extracts.get(worker.personal_id),
                    estimate_eligible=eligible,
                    estimate_monthly_benefit=monthly,
                    estimate_duration_months=months,
                )
            )
        try:
            with transaction.atomic():
                Claim.objects.bulk_create(list(new_drafts.values()))
        except IntegrityError:
            # A worker started a draft of their own since we looked (one draft per person):
            # make the drafts one by one, adopting any that now stands.
            new_drafts = _drafts_one_by_one(new_drafts)
        for report in reports:
            if report.claim is None and report.personal_id in new_drafts:
                report.claim = new_drafts[report.personal_id]
        EmployerReport.objects.bulk_create(reports)
        ClaimEvent.objects.bulk_create(
            [
                ClaimEvent(
                    claim=report.claim,
                    kind="prefilled_from_notice",
                    actor=None,
                    actor_role=Actor.SYSTEM,
                    to_status=report.claim.status,
                    data={"notice_id": notice.pk, "confirmed": report.extract is not None},
                )
                for report in reports
                if report.claim is not None
            ]
        )
        summary.notified += prefill_notify_many(reports=reports, users=users)
        summary.reported += len(reports)
        summary.drafts += len(new_drafts)
        summary.confirmed += sum(1 for r in reports if r.extract is not None)


def _standing_claims(
    tax_code: str, chunk: Iterable[NoticeWorker]
) -> dict[tuple[str, date | None], Claim]:
    """Claims already filed about these terminations (one claim per termination, ADR 0012)."""
    wanted = {(w.personal_id, w.termination_date) for w in chunk}
    found = Claim.objects.filter(
        personal_id__in=[pid for pid, _day in wanted], employer_tax_code=tax_code
    ).exclude(status__in=duplicates.RELEASED)
    return {
        (c.personal_id, c.termination_date): c
        for c in found
        if (c.personal_id, c.termination_date) in wanted
    }


def _draft_adopt(draft: Claim, answers: dict[str, dict[str, str]], center: Any) -> Claim:
    """A draft the worker had started: the employer's report becomes its reference; answers
    the worker already gave are kept (their own words win over the prefill)."""
    own_center = "center" in draft.answers
    merged = {**answers, **{k: v for k, v in draft.answers.items() if k != RECORD_KEY}}
    merged[RECORD_KEY] = answers[RECORD_KEY]
    merged[PREFILL_KEY] = answers[PREFILL_KEY]
    draft.answers = merged
    if draft.center_id is None and not own_center:
        draft.center = center
    draft.draft_step = next_step(draft)
    draft.save(update_fields=["answers", "center", "draft_step", "updated_at"])
    return draft


def _drafts_one_by_one(new_drafts: dict[str, Claim]) -> dict[str, Claim]:
    made: dict[str, Claim] = {}
    for pid, claim in new_drafts.items():
        try:
            with transaction.atomic():
                claim.pk = None
                claim.save(force_insert=True)
            made[pid] = claim
        except IntegrityError:
            existing = Claim.objects.get(citizen=claim.citizen, status=Status.DRAFT)
            made[pid] = _draft_adopt(existing, claim.answers, claim.center)
    return made
