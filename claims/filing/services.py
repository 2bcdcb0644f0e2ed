"""Filing a claim: the draft saved step by step, submission, withdrawal and replies to the center.

These services are what the web pages and the REST API call; they take no request, only
keyword arguments, and raise claims.core.exceptions errors whose message can be shown as is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import claims.filing.duplicates as duplicates
import claims.prefill.services as prefill
from claims.core.documents import document_attach, document_attach_locked
from claims.core.exceptions import ClaimError, ClaimStateError
from claims.core.services import claim_transition, reference_next
from claims.core.transitions import Status
from claims.filing.forms import (
    CHECK,
    STEP_KEYS,
    CenterForm,
    FilingContext,
    StepForm,
    name_key,
    step_form,
)
from claims.models import Claim, ClaimDocument, ClaimFlag
from claims.notifications.hooks import notify_citizen_submitted
from claims.period.selectors import record_with_portal_benefits
from eligibility.assessment import Assessment, Declared, assess, assessment_to_json
from eligibility.calculator.dates import days_after, working_days_after
from eligibility.crosscheck import add_months_clamped, last_filing_day
from eligibility.exceptions import RulesError
from eligibility.registry import PersonRecord, get_registry
from eligibility.selectors import rulebook_for
from identity.models import EmploymentServiceCenter, User

#: A draft with no termination date is kept this long after it was last touched.
DRAFT_WITHOUT_DATE_KEPT_MONTHS = 3
#: Where the social-security record's view of the ended job is kept in Claim.answers.
RECORD_KEY = "_record"
#: A record argument not given: the service reads the record itself.
NOT_READ: Any = object()


class ClaimNotFound(ClaimError):
    """No such claim for this person (also for someone else's claim: never say it exists)."""


class StepInvalid(ClaimError):
    """A step's answers did not validate; `form` carries the messages next to each field."""

    def __init__(self, form: StepForm) -> None:
        super().__init__(_("Có lỗi cần sửa"))
        self.form = form

    @property
    def errors(self) -> dict[str, list[str]]:
        return {name: [str(e) for e in errs] for name, errs in self.form.errors.items()}


class DraftIncomplete(ClaimError):
    """Submission before every step is answered; `missing` lists the steps still to do."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(_("Hồ sơ chưa đầy đủ: hãy hoàn thành các bước còn thiếu trước khi nộp."))
        self.missing = missing


# --- Reading the draft ------------------------------------------------------------------


def _own_claim(claim_id: int, citizen: User, *, lock: bool = False) -> Claim:
    qs = Claim.objects.select_for_update() if lock else Claim.objects.all()
    try:
        return qs.get(pk=claim_id, citizen=citizen)
    except Claim.DoesNotExist:
        raise ClaimNotFound(_("Không tìm thấy hồ sơ.")) from None


def _record_prefill(personal_id: str) -> dict[str, Any]:
    """The ended job as the social-security record has it (empty without a record or a job)."""
    return _prefill_from(get_registry().person_record(personal_id))


def _prefill_from(record: PersonRecord | None) -> dict[str, Any]:
    if record is None:
        return {}
    spell = record.latest_termination
    if spell is None or spell.end_date is None:
        return {}
    return {
        "employer_name": spell.employer.name,
        "employer_tax_code": spell.employer.tax_code,
        "employer_province": spell.employer.province_code,
        "contract_type": spell.contract_type,
        "termination_date": spell.end_date.isoformat(),
        "termination_reason": spell.termination_reason,
    }


def filing_context(*, claim: Claim, citizen: User, today: date | None = None) -> FilingContext:
    return FilingContext(
        full_name=citizen.full_name or citizen.display_name,
        today=today or timezone.localdate(),
        record=dict(claim.answers.get(RECORD_KEY) or {}),
    )


def step_initial(*, claim: Claim, citizen: User, step: str) -> dict[str, Any]:
    """What a step's page shows before the worker types: their answer, else the prefill."""
    saved = claim.answers.get(step)
    if saved:
        return dict(saved)
    record = claim.answers.get(RECORD_KEY) or {}
    if step == "job":
        return {k: v for k, v in record.items() if k != "employer_province"}
    if step == "center":
        centers = set(EmploymentServiceCenter.objects.values_list("province_code", flat=True))
        for province in (record.get("employer_province"), citizen.province_code):
            if province and province in centers:
                return {"province_code": province}
        return {}
    if step == "payment":
        return {"account_holder": name_key(citizen.full_name)} if citizen.full_name else {}
    if step == "contact":
        return {"phone": citizen.phone, "email": citizen.email}
    return {}


def steps_done(claim: Claim) -> list[str]:
    return [key for key in STEP_KEYS if key in claim.answers]


def next_step(claim: Claim) -> str:
    """The first step not yet answered, or CHECK when every step is."""
    for key in STEP_KEYS:
        if key not in claim.answers:
            return key
    return CHECK


def has_termination_proof(claim: Claim) -> bool:
    # An employer's confirmed layoff notice proves the termination (claims.prefill).
    if prefill.termination_proven(claim):
        return True
    return claim.documents.filter(kind=ClaimDocument.Kind.TERMINATION_PROOF).exists()


def declared_from(claim: Claim) -> Declared:
    """What the person declared about the job: a draft's answers so far; once submitted, the
    claim's own columns (claim_submit copies them from the answers)."""
    if claim.status != Status.DRAFT:
        return Declared(
            employer_tax_code=claim.employer_tax_code,
            contract_type=claim.contract_type,
            termination_date=claim.termination_date,
            termination_reason=claim.termination_reason,
        )
    job = claim.answers.get("job") or {}
    day = job.get("termination_date")
    return Declared(
        employer_tax_code=job.get("employer_tax_code", ""),
        contract_type=job.get("contract_type", ""),
        termination_date=date.fromisoformat(day) if day else None,
        termination_reason=job.get("termination_reason", ""),
    )


def claim_filing_date(claim: Claim) -> date:
    """The day a claim counts as filed: its dossier complete, else its submission (or creation)."""
    if claim.dossier_complete_on:
        return claim.dossier_complete_on
    return timezone.localdate(claim.submitted_at or claim.created_at)


def draft_assess(
    *,
    claim: Claim,
    filing_date: date | None = None,
    record: Any = NOT_READ,
    standing: duplicates.Standing | None = None,
) -> Assessment:
    """The eligibility estimate for the draft as answered so far, filed on `filing_date`.

    `record` is the person's record with their portal benefits when the caller read it
    already (NOT_READ: read here); `standing` their claims, read under their lock
    (person_locked)."""
    if record is NOT_READ:
        # A benefit that ended in the portal counts like the store's past benefits: the next
        # claim starts from the months it reserved (issue 16, ADR 0015).
        record = record_with_portal_benefits(claim.personal_id, exclude_claim_id=claim.pk)
    return assess(
        personal_id=claim.personal_id,
        filing_date=filing_date or timezone.localdate(),
        declared=declared_from(claim),
        record=record,
        other_claims=duplicates.other_claims_for(
            personal_id=claim.personal_id, exclude_pk=claim.pk, standing=standing
        ),
    )


# --- Changing the draft -----------------------------------------------------------------


def draft_get_or_create(*, citizen: User) -> Claim:
    """The citizen's open draft, created (prefilled from the record) if there is none."""
    return _draft_get_or_create(citizen)[0]


@dataclass(frozen=True)
class LockedDraft:
    claim: Claim
    #: The person's record with their portal benefits, read once for the prefill and the
    #: assessment when the draft was new (a new claim has no benefit of its own to leave
    #: out); NOT_READ for a draft that already existed.
    record: Any = NOT_READ
    #: Created by the caller's transaction: no other transaction sees it, and it holds no
    #: file but those the transaction attaches.
    new: bool = False


def person_locked(*, citizen: User) -> duplicates.Standing:
    """Lock the person's row until the caller's transaction ends and read, under the lock,
    the claims that stand for their terminations, once for every check of the transaction.

    The submission takes the same lock (one submission per person at a time), so no claim of
    theirs is submitted meanwhile: the one-call filing answers its steps and submits on what
    this read (claims.filing.duplicates.Standing). Take it after the draft's lock, as the
    submission does (draft, then person: never the other way round, or two requests of one
    person could each wait for the other)."""
    # Only the lock is wanted: no column of the row is read.
    User.objects.select_for_update().filter(pk=citizen.pk).values_list("pk").first()
    return duplicates.standing_read(personal_id=citizen.personal_id or "")


def draft_locked_or_new(*, citizen: User) -> LockedDraft:
    """The citizen's draft locked until the caller's transaction ends, created if there is
    none (a row this transaction created is already its own: no second read to lock it)."""
    return _draft_locked_or_new(citizen, start_check=True)


def draft_and_person_locked(*, citizen: User) -> tuple[LockedDraft, duplicates.Standing]:
    """draft_locked_or_new, then person_locked, in that order (see person_locked). A new
    draft's start check (draft_start_check) runs on the standing claims read under the
    person's lock, instead of reading them once more before it: a refusal rolls the caller's
    transaction back, the new draft with it."""
    draft = _draft_locked_or_new(citizen, start_check=False)
    standing = person_locked(citizen=citizen)
    if draft.new:
        draft_start_check(
            citizen=citizen, prefill=draft.claim.answers[RECORD_KEY], standing=standing
        )
    return draft, standing


def _draft_locked_or_new(citizen: User, *, start_check: bool) -> LockedDraft:
    if not citizen.can_use_claims:
        raise ClaimError(_("Chỉ tài khoản VNeID mức độ 2 mới nộp được hồ sơ."))
    # Only its id: the draft is read (and locked) by _editable_draft.
    existing = (
        Claim.objects.filter(citizen=citizen, status=Status.DRAFT)
        .values_list("pk", flat=True)
        .first()
    )
    if existing is not None:
        return LockedDraft(_editable_draft(existing, citizen))
    record = record_with_portal_benefits(citizen.personal_id or "")
    draft, created = _draft_get_or_create(
        citizen, prefill=_prefill_from(record), existing=None, start_check=start_check
    )
    if not created:
        return LockedDraft(_editable_draft(draft.pk, citizen))
    # No employer's report can name a draft no other transaction sees yet (an employer's
    # notice makes its own drafts, claims.prefill): known without asking, for the checks of
    # the submission that read it (claims.prefill.report_for).
    Claim.employer_report.related.set_cached_value(draft, None)  # type: ignore[attr-defined]
    return LockedDraft(draft, record=record, new=True)


def _draft_get_or_create(
    citizen: User,
    *,
    prefill: dict[str, Any] | None = None,
    existing: Claim | None | Any = NOT_READ,
    start_check: bool = True,
) -> tuple[Claim, bool]:
    if not citizen.can_use_claims:
        raise ClaimError(_("Chỉ tài khoản VNeID mức độ 2 mới nộp được hồ sơ."))
    if existing is NOT_READ:
        existing = Claim.objects.filter(citizen=citizen, status=Status.DRAFT).first()
    if existing is not None:
        return existing, False
    if prefill is None:
        prefill = _record_prefill(citizen.personal_id or "")
    if start_check:
        draft_start_check(citizen=citizen, prefill=prefill)
    try:
        with transaction.atomic():
            created = Claim.objects.create(
                citizen=citizen,
                personal_id=citizen.personal_id or "",
                status=Status.DRAFT,
                answers={RECORD_KEY: prefill},
                draft_step=STEP_KEYS[0],
            )
        return created, True
    except IntegrityError:
        # Another device started the draft at the same moment: one draft per person (DB rule).
        return Claim.objects.get(citizen=citizen, status=Status.DRAFT), False


def draft_start_check(
    *,
    citizen: User,
    prefill: dict[str, Any] | None = None,
    standing: duplicates.Standing | None = None,
) -> None:
    """Refuse (DuplicateClaim) a new draft about the termination the record shows, when a claim
    about it already stands (the back button after submitting, "new claim", the API).
    `standing`: what person_locked read."""
    if prefill is None:
        prefill = _record_prefill(citizen.personal_id or "")
    day = prefill.get("termination_date")
    duplicates.termination_check(
        personal_id=citizen.personal_id or "",
        employer_tax_code=prefill.get("employer_tax_code", ""),
        termination_date=date.fromisoformat(day) if day else None,
        standing=standing,
    )


def _editable_draft(claim_id: int, citizen: User) -> Claim:
    claim = _own_claim(claim_id, citizen, lock=True)
    if claim.status != Status.DRAFT:
        raise ClaimStateError(
            _("Hồ sơ này đã được nộp nên không sửa được nữa."), current_status=claim.status
        )
    return claim


def draft_save_step(*, claim_id: int, citizen: User, step: str, data: Mapping[str, Any]) -> Claim:
    """Validate and store one step's answers; raises StepInvalid (nothing saved) when wrong."""
    if step not in STEP_KEYS:
        raise ClaimError(_("Không có bước này trong hồ sơ."))
    with transaction.atomic():
        claim = _editable_draft(claim_id, citizen)
        step_apply(
            claim=claim,
            step=step,
            data=data,
            context=filing_context(claim=claim, citizen=citizen),
        )
        draft_answers_save(claim)
    return claim


def step_apply(
    *,
    claim: Claim,
    step: str,
    data: Mapping[str, Any],
    context: FilingContext,
    proven: bool | None = None,
    describe: bool = True,
    standing: duplicates.Standing | None = None,
) -> None:
    """Validate one step's answers against the locked draft `claim` (draft_locked_or_new) and put them on it (not
    saved: draft_answers_save). StepInvalid (nothing changed) when wrong. `proven` is
    has_termination_proof(claim) when the caller already knows it; describe=False when the
    form is never drawn (its messages are all the caller shows)."""
    form = step_form(step, context=context, data=data, describe=describe)
    valid = form.is_valid()
    if step == "documents" and not (has_termination_proof(claim) if proven is None else proven):
        form.add_error(
            "termination_proof",
            _("Hãy tải lên quyết định thôi việc hoặc giấy tờ chứng minh hợp đồng đã chấm dứt."),
        )
        valid = False
    if valid and step == "job":
        try:
            duplicates.termination_check(
                personal_id=claim.personal_id,
                employer_tax_code=form.cleaned_data.get("employer_tax_code", ""),
                termination_date=form.cleaned_data.get("termination_date"),
                exclude_pk=claim.pk,
                standing=standing,
            )
        except duplicates.DuplicateClaim as duplicate:
            form.add_error(None, str(duplicate))
            valid = False
    if not valid:
        raise StepInvalid(form)
    claim.answers = {**claim.answers, step: form.answers()}
    if step == "center":
        claim.center = cast(CenterForm, form).chosen_center()


#: The columns step_apply changes on a draft (with its next step, draft_step).
ANSWER_COLUMNS = ("answers", "center", "draft_step")


def draft_answers_save(claim: Claim) -> None:
    """Store the answers step_apply put on the locked draft (one UPDATE, however many steps)."""
    claim.draft_step = next_step(claim)
    claim.save(update_fields=[*ANSWER_COLUMNS, "updated_at"])


def draft_document_add(
    *, claim_id: int, citizen: User, upload: UploadedFile, kind: str
) -> ClaimDocument:
    """Attach a file to the draft (checked by claims.core.documents; DocumentRejected says why)."""
    _document_kind_check(kind)
    _editable_draft_check(claim_id, citizen)
    return document_attach(claim_id=claim_id, upload=upload, kind=kind, uploaded_by=citizen)


def draft_document_attach(
    *, claim: Claim, citizen: User, upload: UploadedFile, kind: str, held: int | None = None
) -> ClaimDocument:
    """Attach a file to a draft the caller holds locked (draft_locked_or_new), as
    draft_document_add; `held` is how many files the draft holds when the caller knows."""
    _document_kind_check(kind)
    return document_attach_locked(
        claim=claim, upload=upload, kind=kind, uploaded_by=citizen, held=held
    )


def _document_kind_check(kind: str) -> None:
    if kind not in {ClaimDocument.Kind.TERMINATION_PROOF, ClaimDocument.Kind.SUPPORTING}:
        raise ClaimError(_("Loại giấy tờ không hợp lệ."))


def _editable_draft_check(claim_id: int, citizen: User) -> None:
    with transaction.atomic():
        _editable_draft(claim_id, citizen)


def draft_document_remove(*, claim_id: int, citizen: User, document_id: int) -> None:
    """Remove a file from the draft; without a termination proof the documents step reopens."""
    with transaction.atomic():
        claim = _editable_draft(claim_id, citizen)
        document = claim.documents.filter(pk=document_id).first()
        if document is None:
            raise ClaimError(_("Không tìm thấy tệp này (có thể bạn đã xóa rồi)."))
        stored = document.file.name
        storage = document.file.storage
        document.delete()
        if not has_termination_proof(claim) and "documents" in claim.answers:
            claim.answers = {k: v for k, v in claim.answers.items() if k != "documents"}
            claim.draft_step = next_step(claim)
            claim.save(update_fields=["answers", "draft_step", "updated_at"])
        transaction.on_commit(lambda: storage.delete(stored))


def _decision_deadline(assessment: Assessment, filing_date: date) -> date | None:
    if assessment.result is not None and assessment.result.decision_deadline is not None:
        return assessment.result.decision_deadline

    try:
        book = rulebook_for(filing_date)
    except RulesError:
        return None
    rules = book.rule_set
    if rules.decision_deadline_unit == "working":
        return working_days_after(filing_date, rules.decision_deadline_days, book.holidays)
    return days_after(filing_date, rules.decision_deadline_days)


def claim_submit(*, claim_id: int, citizen: User) -> Claim:
    """Submit the draft: exactly one submission however often it is called (receipt again)."""
    claim = _own_claim(claim_id, citizen)
    if claim.status != Status.DRAFT:
        return _already_submitted(claim)
    today = timezone.localdate()
    # The assessment reads another database: done before the lock to keep the lock short.
    assessment, deadline = _submission_assess(claim, today=today)
    with transaction.atomic():
        # Lock the draft: of two submits at once (double tap, two tabs), the second waits
        # here, then sees a submitted claim and returns it instead of submitting again.
        locked = _own_claim(claim_id, citizen, lock=True)
        if locked.status != Status.DRAFT:
            return _already_submitted(locked)
        return _submit(
            locked, citizen=citizen, assessment=assessment, deadline=deadline, today=today
        )


def claim_submit_locked(
    *,
    claim: Claim,
    citizen: User,
    proven: bool | None = None,
    record: Any = NOT_READ,
    standing: duplicates.Standing | None = None,
    answers_saved: bool = True,
) -> Claim:
    """Submit a draft the caller holds locked in its own transaction (draft_locked_or_new): the
    one-call filing's submit, on the row it answered (no second read). `standing` is what
    person_locked read (the person's row then already locked). answers_saved=False: the
    answers step_apply put on the draft are written with the submission (one UPDATE), not
    before it (draft_answers_save)."""
    if claim.status != Status.DRAFT or claim.citizen_id != citizen.pk:
        raise ClaimStateError(
            _("Hồ sơ này đã được nộp nên không sửa được nữa."), current_status=claim.status
        )
    today = timezone.localdate()
    assessment, deadline = _submission_assess(
        claim, today=today, proven=proven, record=record, standing=standing
    )
    return _submit(
        claim,
        citizen=citizen,
        assessment=assessment,
        deadline=deadline,
        today=today,
        standing=standing,
        unsaved=() if answers_saved else ANSWER_COLUMNS,
    )


def _submission_assess(
    claim: Claim,
    *,
    today: date,
    proven: bool | None = None,
    record: Any = NOT_READ,
    standing: duplicates.Standing | None = None,
) -> tuple[Assessment, date | None]:
    """Refuse a draft that cannot be submitted yet; its assessment and decision deadline."""
    # A claim prefilled from the employer's notice opens on the termination date.
    prefill.prefill_open_check(claim=claim, today=today)
    missing = [key for key in STEP_KEYS if key not in claim.answers]
    if "documents" not in missing and not (
        has_termination_proof(claim) if proven is None else proven
    ):
        missing.append("documents")
    if missing:
        raise DraftIncomplete(missing)
    assessment = draft_assess(claim=claim, filing_date=today, record=record, standing=standing)
    return assessment, _decision_deadline(assessment, today)


def _submit(
    locked: Claim,
    *,
    citizen: User,
    assessment: Assessment,
    deadline: date | None,
    today: date,
    standing: duplicates.Standing | None = None,
    unsaved: tuple[str, ...] = (),
) -> Claim:
    """The submission itself, the draft locked by the caller's transaction (no
    savepoint of its own: the caller's transaction is the submission's). `standing`: the
    person's claims as read under their row lock by the caller (person_locked)."""
    # One submission per person at a time: the checks below then see every claim of the
    # person (the database's constraint backs the same-termination rule in any case).
    if standing is None:
        User.objects.select_for_update().filter(pk=citizen.pk).first()
    job_day = date.fromisoformat(locked.answers["job"]["termination_date"])
    others_open = duplicates.termination_check(
        personal_id=locked.personal_id,
        employer_tax_code=locked.answers["job"]["employer_tax_code"],
        termination_date=job_day,
        exclude_pk=locked.pk,
        standing=standing,
    )

    reference = reference_next(year=today.year)
    # A prefilled claim whose worker disagrees with the employer's reason is flagged with the
    # submission (the employer's report was read, and cached on `locked`, by its checks).
    dispute = prefill.dispute_for(locked)
    answers = locked.answers
    job = answers["job"]
    result = assessment.result
    center = locked.center if locked.center_id else None
    if center is None or center.province_code != answers["center"]["province_code"]:
        center = EmploymentServiceCenter.objects.get(
            province_code=answers["center"]["province_code"]
        )

    def promote(c: Claim) -> None:
        c.reference = reference
        c.employer_name = job["employer_name"]
        c.employer_tax_code = job["employer_tax_code"]
        c.contract_type = job["contract_type"]
        c.termination_date = date.fromisoformat(job["termination_date"])
        c.termination_reason = job["termination_reason"]
        c.correction_reason = job.get("correction_reason", "")
        c.center = center
        c.eligibility = {
            **assessment_to_json(assessment),
            "decision_deadline": deadline.isoformat() if deadline else None,
        }
        c.rule_set = result.rule_set if result else ""
        c.monthly_benefit = result.monthly_benefit if result and result.eligible else None
        c.duration_months = result.duration_months if result and result.eligible else None
        c.submitted_at = timezone.now()
        c.dossier_complete_on = today
        c.decision_due = deadline
        c.is_clean = bool(result and result.eligible and not assessment.flags and dispute is None)
        c.draft_step = ""

    try:
        submitted = claim_transition(
            claim_id=locked.pk,
            to_status=Status.SUBMITTED,
            actor=citizen,
            changes=promote,
            data={"reference": reference},
            locked=locked,
            unsaved=unsaved,
        )
    except IntegrityError:
        # The database's one_claim_per_termination: another submission about the same
        # termination committed first. Say which, in the same words as the check above.
        duplicates.termination_check(
            personal_id=locked.personal_id,
            employer_tax_code=job["employer_tax_code"],
            termination_date=job_day,
            exclude_pk=locked.pk,
        )
        raise
    duplicates.others_flag(claims=others_open, new_claim=submitted)
    # One row per flag, so the center's queue can filter on them.
    if assessment.flags:
        ClaimFlag.objects.bulk_create(
            [
                ClaimFlag(claim=submitted, code=f.code, severity=f.severity)
                for f in assessment.flags
            ],
            ignore_conflicts=True,
        )
    if dispute is not None:
        prefill.dispute_record(claim=submitted, dispute=dispute)
    # The receipt commits with the claim: the receipt page and the inbox show it at once.
    notify_citizen_submitted(claim=submitted, citizen=citizen)
    return submitted


def _already_submitted(claim: Claim) -> Claim:
    if claim.reference:
        return claim
    raise ClaimStateError(
        _("Bản nháp này đã bị hủy nên không nộp được. Hãy bắt đầu hồ sơ mới."),
        current_status=claim.status,
    )


def claim_withdraw(
    *, claim_id: int, citizen: User, reason: str = "", expected_version: int | None = None
) -> Claim:
    """Withdraw a claim not yet decided (refused with ClaimStateError once it is)."""
    _own_claim(claim_id, citizen)
    return claim_transition(
        claim_id=claim_id,
        to_status=Status.WITHDRAWN,
        actor=citizen,
        reason=reason.strip(),
        expected_version=expected_version,
    )


def info_reply(
    *, claim_id: int, citizen: User, message: str, uploads: Iterable[UploadedFile] = ()
) -> Claim:
    """Answer the center's request for information: message and files; back to review."""
    message = message.strip()
    if not message:
        raise ClaimError(_("Hãy viết câu trả lời cho trung tâm."))
    with transaction.atomic():
        claim = _own_claim(claim_id, citizen, lock=True)
        if claim.status != Status.INFO_REQUESTED:
            raise ClaimStateError(
                _("Trung tâm hiện không yêu cầu bổ sung thông tin cho hồ sơ này."),
                current_status=claim.status,
            )
        documents = [
            document_attach(
                claim_id=claim.pk,
                upload=upload,
                kind=ClaimDocument.Kind.INFO_REPLY,
                uploaded_by=citizen,
            )
            for upload in uploads
        ]
        return claim_transition(
            claim_id=claim.pk,
            to_status=Status.IN_REVIEW,
            actor=citizen,
            reason=message,
            data={"documents": [d.pk for d in documents], "reply": True},
            locked=claim,
        )


# --- Housekeeping -----------------------------------------------------------------------


def draft_last_day(claim: Claim) -> date:
    """The last day the draft could still be filed: the filing deadline of its termination."""
    job = claim.answers.get("job") or {}
    day = job.get("termination_date") or (claim.answers.get(RECORD_KEY) or {}).get(
        "termination_date"
    )
    if not day:
        touched = timezone.localdate(claim.updated_at)
        return add_months_clamped(touched, DRAFT_WITHOUT_DATE_KEPT_MONTHS)
    termination = date.fromisoformat(day)

    try:
        return last_filing_day(termination, rulebook_for(termination))
    except RulesError:
        return add_months_clamped(termination, DRAFT_WITHOUT_DATE_KEPT_MONTHS)


def drafts_expire(*, today: date | None = None) -> int:
    """Delete drafts past their filing deadline (and their files); returns how many."""
    today = today or timezone.localdate()
    # A week's grace: a draft touched recently is never removed under the worker's hands.
    recent = timezone.now() - timedelta(days=7)
    removed = 0
    for claim in Claim.objects.filter(status=Status.DRAFT, updated_at__lt=recent).iterator():
        if draft_last_day(claim) >= today:
            continue
        with transaction.atomic():
            locked = Claim.objects.select_for_update().filter(pk=claim.pk, status=Status.DRAFT)
            target = locked.first()
            if target is None:
                continue
            files = [(d.file.storage, d.file.name) for d in target.documents.all()]
            target.delete()
            for storage, name in files:
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))  # type: ignore[misc]
        removed += 1
    return removed
