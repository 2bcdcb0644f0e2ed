"""The only code that changes employers' state: colleagues, notices, the list and its confirmation.

Every change writes a NoticeEvent in the same transaction. A list from a file or typed in is a
WorkerListDraft until `draft_confirm`: only then do its rows become the notice's workers
(updated in place by personal ID, so a re-uploaded file never duplicates anyone), and only
then, after the commit, are the prefilled claims made (`notice_confirm` -> employers.prefill).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from common.formatting import ascii_digits
from common.tasks import task_after_commit
from eligibility.registry import EmployerInfo, get_registry
from employers.checks import STORE, list_check
from employers.models import (
    EmployerAccessLog,
    EmployerColleague,
    LayoffNotice,
    NoticeEvent,
    NoticeWorker,
    WorkerListDraft,
)
from employers.rows import FIELDS, MAX_ROWS, row_parse, rows_from_file
from identity.models import EmploymentServiceCenter, User

#: Lists up to this many rows are checked while the page waits (well under a second); longer
#: ones by a worker, with a progress bar (employers.tasks.draft_check).
SYNC_CHECK_ROWS = 300
#: The task that makes the prefilled claims of a confirmed notice (employers/tasks.py).
PREFILL_TASK = "employers.tasks.notice_prefill"
CHECK_TASK = "employers.tasks.draft_check"


class EmployerError(Exception):
    """A request an employer's page or the API refuses, with the message to show."""


def _event(
    *, tax_code: str, kind: str, actor: User | None, notice: LayoffNotice | None = None, **data: Any
) -> NoticeEvent:
    return NoticeEvent.objects.create(
        employer_tax_code=tax_code, notice=notice, kind=kind, actor=actor, data=data
    )


def _schedule(task_name: str, *args: Any) -> None:
    # After commit, by the task's registered name (docs/architecture.md rule 4).
    task_after_commit(task_name, *args)


def access_record(
    *, request: HttpRequest, tax_code: str, page: str, notice: LayoffNotice | None = None
) -> None:
    """Log a view of workers' personal data (an employer's list, a staff look at a notice)."""
    user = request.user
    if not isinstance(user, User):
        return
    EmployerAccessLog.objects.create(
        user=user,
        employer_tax_code=tax_code,
        notice=notice,
        page=page[:60],
        path=request.get_full_path()[:300],
        ip_address=request.META.get("REMOTE_ADDR") or None,
    )


# --- Colleagues --------------------------------------------------------------------------------


@transaction.atomic
def colleague_add(
    *, actor: User, tax_code: str, personal_id: str, full_name: str
) -> EmployerColleague:
    personal_id = "".join(personal_id.split())
    if not (len(personal_id) == 12 and ascii_digits(personal_id)):
        raise EmployerError(_("Số định danh cá nhân gồm đúng 12 chữ số."))
    if getattr(actor, "personal_id", None) == personal_id:
        raise EmployerError(_("Bạn đã là người đại diện của doanh nghiệp."))
    existing = (
        EmployerColleague.objects.select_for_update()
        .filter(employer_tax_code=tax_code, personal_id=personal_id, removed_at__isnull=True)
        .first()
    )
    if existing is not None:
        raise EmployerError(_("Người này đã là người đại diện của doanh nghiệp."))
    colleague = EmployerColleague.objects.create(
        employer_tax_code=tax_code,
        personal_id=personal_id,
        full_name=" ".join(full_name.split())[:200],
        added_by=actor,
    )
    _event(tax_code=tax_code, kind="colleague_added", actor=actor, colleague=colleague.pk)
    return colleague


@transaction.atomic
def colleague_remove(*, actor: User, tax_code: str, colleague_id: int) -> EmployerColleague:
    colleague = (
        EmployerColleague.objects.select_for_update()
        .filter(pk=colleague_id, employer_tax_code=tax_code, removed_at__isnull=True)
        .first()
    )
    if colleague is None:
        raise EmployerError(_("Không tìm thấy người đại diện này."))
    colleague.removed_at = timezone.now()
    colleague.removed_by = actor
    colleague.save(update_fields=["removed_at", "removed_by"])
    _event(tax_code=tax_code, kind="colleague_removed", actor=actor, colleague=colleague.pk)
    return colleague


# --- Notices ----------------------------------------------------------------------------------


def enterprise_info(tax_code: str) -> EmployerInfo | None:
    """The enterprise as the social-security store knows it (through the registry)."""
    return get_registry().employer(tax_code)


@transaction.atomic
def notice_create(
    *,
    actor: User,
    tax_code: str,
    reason: str,
    planned_termination_date: date,
    notified_on: date | None = None,
    note: str = "",
) -> LayoffNotice:
    enterprise = enterprise_info(tax_code)
    if enterprise is None:
        raise EmployerError(
            _("Cơ quan bảo hiểm xã hội không có doanh nghiệp với mã số thuế %(code)s.")
            % {"code": tax_code}
        )
    notice = LayoffNotice.objects.create(
        employer_tax_code=tax_code,
        employer_name=enterprise.name,
        province_code=enterprise.province_code,
        center=EmploymentServiceCenter.objects.filter(
            province_code=enterprise.province_code
        ).first(),
        reason=reason,
        planned_termination_date=planned_termination_date,
        notified_on=notified_on or timezone.localdate(),
        note=note,
        created_by=actor,
    )
    _event(
        tax_code=tax_code,
        kind="notice_created",
        actor=actor,
        notice=notice,
        reason=reason,
        planned_termination_date=planned_termination_date.isoformat(),
    )
    return notice


# --- The list being checked --------------------------------------------------------------------


def _discard_open_drafts(notice: LayoffNotice, actor: User) -> None:
    stale = list(
        notice.drafts.select_for_update().filter(
            status__in=[WorkerListDraft.Status.CHECKING, WorkerListDraft.Status.READY]
        )
    )
    for draft in stale:
        draft.status = WorkerListDraft.Status.DISCARDED
        draft.save(update_fields=["status"])
        _event(
            tax_code=notice.employer_tax_code,
            kind="list_discarded",
            actor=actor,
            notice=notice,
            draft=draft.pk,
        )


@transaction.atomic
def draft_create(
    *,
    actor: User,
    notice: LayoffNotice,
    rows: Sequence[dict[str, str]],
    source: str,
    file_name: str = "",
    check_now: bool = False,
) -> WorkerListDraft:
    """A new list for `notice` (any open one is discarded), checked now or by a worker
    (a long list, unless `check_now`: the API answers with the result)."""
    if len(rows) > MAX_ROWS:
        raise EmployerError(_("Một danh sách có tối đa %(max)s người.") % {"max": MAX_ROWS})
    _discard_open_drafts(notice, actor)
    clean_rows = [
        {"row": str(raw.get("row") or n), **{f: str(raw.get(f, "") or "")[:300] for f in FIELDS}}
        for n, raw in enumerate(rows, start=1)
    ]
    draft = WorkerListDraft.objects.create(
        notice=notice,
        source=source,
        file_name=file_name[:200],
        rows=clean_rows,
        total=len(clean_rows),
        created_by=actor,
    )
    _event(
        tax_code=notice.employer_tax_code,
        kind="list_received",
        actor=actor,
        notice=notice,
        draft=draft.pk,
        source=source,
        rows=len(clean_rows),
    )
    if len(clean_rows) > SYNC_CHECK_ROWS and not check_now:
        _schedule(CHECK_TASK, draft.pk)
    else:
        _draft_check_locked(draft)
    return draft


def draft_from_file(
    *, actor: User, notice: LayoffNotice, file_name: str, data: bytes
) -> WorkerListDraft:
    """Read an uploaded CSV/XLSX (ListFileError: the file as a whole is refused) into a list."""
    rows = rows_from_file(name=file_name, data=data)
    return draft_create(
        actor=actor,
        notice=notice,
        rows=rows,
        source=WorkerListDraft.Source.UPLOAD,
        file_name=file_name,
    )


def _draft_check_locked(draft: WorkerListDraft) -> None:
    draft.started_at = timezone.now()

    def progress(done: int) -> None:
        # Saved as it goes so the progress page (another request) sees it.
        WorkerListDraft.objects.filter(pk=draft.pk).update(done=done)

    checked = list_check(rows=draft.rows, notice=draft.notice, progress=progress)
    draft.errors = {str(draft.rows[i]["row"]): errs for i, errs in checked.errors.items()}
    draft.done = draft.total
    draft.status = WorkerListDraft.Status.READY
    draft.checked_at = timezone.now()
    draft.save(update_fields=["errors", "done", "status", "checked_at", "started_at"])


def draft_check(*, draft_id: int) -> WorkerListDraft | None:
    """Check a list against the store (the worker's entry point; idempotent)."""
    draft = WorkerListDraft.objects.select_related("notice").filter(pk=draft_id).first()
    if draft is None or draft.status != WorkerListDraft.Status.CHECKING:
        return draft
    _draft_check_locked(draft)
    return draft


def _row_index(draft: WorkerListDraft, row_key: str) -> int:
    for index, row in enumerate(draft.rows):
        if str(row.get("row")) == row_key:
            return index
    raise EmployerError(_("Không tìm thấy dòng này trong danh sách."))


def _lock_open_draft(draft_id: int) -> WorkerListDraft:
    draft = WorkerListDraft.objects.select_for_update().select_related("notice").get(pk=draft_id)
    if draft.status != WorkerListDraft.Status.READY:
        raise EmployerError(_("Danh sách này đã được xác nhận hoặc hủy, hoặc đang được kiểm tra."))
    return draft


def _recheck_rows(draft: WorkerListDraft, keys: set[str]) -> None:
    """Check again the rows `keys` against the store and every row's format and duplicates.

    Rows not in `keys` keep the store's answer they had (only their duplicate and format
    checks, which need no store, are redone): a fix of one row costs one person's record.
    """
    kept_store = {
        key: errs
        for key, errs in (draft.errors or {}).items()
        if key not in keys and errs.get(STORE)
    }
    only = [i for i, r in enumerate(draft.rows) if str(r["row"]) in keys]
    # The pure checks of the whole list (formats, duplicates), then the store for `only`.
    subset_checked = list_check(rows=draft.rows, notice=draft.notice, only=only)
    errors: dict[str, dict[str, str]] = {}
    for index, errs in subset_checked.errors.items():
        errors[str(draft.rows[index]["row"])] = errs
    for key, errs in kept_store.items():
        errors.setdefault(key, errs)
    draft.errors = errors


@transaction.atomic
def draft_row_update(
    *, actor: User, draft_id: int, row_key: str, values: dict[str, str]
) -> WorkerListDraft:
    """Replace one row with what the employer typed, and check it again."""
    draft = _lock_open_draft(draft_id)
    index = _row_index(draft, row_key)
    draft.rows[index] = {"row": row_key, **{f: str(values.get(f, ""))[:300] for f in FIELDS}}
    _recheck_rows(draft, {row_key})
    draft.save(update_fields=["rows", "errors"])
    _event(
        tax_code=draft.notice.employer_tax_code,
        kind="list_row_changed",
        actor=actor,
        notice=draft.notice,
        draft=draft.pk,
        row=row_key,
    )
    return draft


@transaction.atomic
def draft_row_delete(*, actor: User, draft_id: int, row_key: str) -> WorkerListDraft:
    draft = _lock_open_draft(draft_id)
    index = _row_index(draft, row_key)
    del draft.rows[index]
    draft.total = len(draft.rows)
    draft.done = draft.total
    _recheck_rows(draft, set())
    draft.save(update_fields=["rows", "errors", "total", "done"])
    _event(
        tax_code=draft.notice.employer_tax_code,
        kind="list_row_removed",
        actor=actor,
        notice=draft.notice,
        draft=draft.pk,
        row=row_key,
    )
    return draft


@transaction.atomic
def draft_row_add(*, actor: User, notice: LayoffNotice, values: dict[str, str]) -> WorkerListDraft:
    """Add a typed row to the open list (a new list when there is none)."""
    draft = (
        notice.drafts.select_for_update()
        .filter(status=WorkerListDraft.Status.READY)
        .order_by("-created_at", "-id")
        .first()
    )
    if draft is None:
        return draft_create(actor=actor, notice=notice, rows=[values], source="typed")
    if len(draft.rows) >= MAX_ROWS:
        raise EmployerError(_("Một danh sách có tối đa %(max)s người.") % {"max": MAX_ROWS})
    key = str(
        max((int(r["row"]) for r in draft.rows if ascii_digits(str(r["row"]))), default=1) + 1
    )
    draft.rows.append({"row": key, **{f: str(values.get(f, ""))[:300] for f in FIELDS}})
    draft.total = draft.done = len(draft.rows)
    _recheck_rows(draft, {key})
    draft.save(update_fields=["rows", "errors", "total", "done"])
    _event(
        tax_code=notice.employer_tax_code,
        kind="list_row_added",
        actor=actor,
        notice=notice,
        draft=draft.pk,
        row=key,
    )
    return draft


@transaction.atomic
def draft_discard(*, actor: User, draft_id: int) -> WorkerListDraft:
    draft = WorkerListDraft.objects.select_for_update().select_related("notice").get(pk=draft_id)
    if draft.status in (WorkerListDraft.Status.APPLIED, WorkerListDraft.Status.DISCARDED):
        return draft
    _discard_open_drafts(draft.notice, actor)
    draft.refresh_from_db()
    return draft


@transaction.atomic
def draft_confirm(*, actor: User, draft_id: int) -> LayoffNotice:
    """The employer confirms the whole list: its rows become the notice's workers.

    Refused while any row has an error. Workers already on the notice (by personal ID) are
    updated, never added twice. The prefilled claims are made after the commit.
    """
    draft = _lock_open_draft(draft_id)
    if draft.errors:
        raise EmployerError(
            _("Danh sách còn %(n)s dòng có lỗi. Hãy sửa hoặc xóa các dòng đó trước khi xác nhận.")
            % {"n": len(draft.errors)}
        )
    if not draft.rows:
        raise EmployerError(_("Danh sách không có người lao động nào."))
    notice = LayoffNotice.objects.select_for_update().get(pk=draft.notice_id)
    existing = {w.personal_id: w for w in notice.workers.all()}
    added: list[NoticeWorker] = []
    changed: list[NoticeWorker] = []
    fields = ["full_name", "termination_date", "reason_code", "last_salary", "row_number"]
    for raw in draft.rows:
        row, errs = row_parse(raw)
        if row is None:  # pragma: no cover - a checked list has no such row
            raise EmployerError(_("Danh sách có dòng chưa hợp lệ. Hãy kiểm tra lại."))
        number = int(raw["row"]) if ascii_digits(str(raw["row"])) else 0
        worker = existing.get(row.personal_id)
        if worker is None:
            added.append(
                NoticeWorker(
                    notice=notice,
                    personal_id=row.personal_id,
                    full_name=row.full_name,
                    termination_date=row.termination_date,
                    reason_code=row.reason_code,
                    last_salary=row.last_salary,
                    row_number=number,
                )
            )
            continue
        new = (row.full_name, row.termination_date, row.reason_code, row.last_salary, number)
        if new != tuple(getattr(worker, f) for f in fields):
            (
                worker.full_name,
                worker.termination_date,
                worker.reason_code,
                worker.last_salary,
                worker.row_number,
            ) = new
            changed.append(worker)
    NoticeWorker.objects.bulk_create(added, batch_size=1000)
    if changed:
        NoticeWorker.objects.bulk_update(changed, fields, batch_size=1000)
    draft.status = WorkerListDraft.Status.APPLIED
    draft.save(update_fields=["status"])
    first_confirmation = notice.status != LayoffNotice.Status.CONFIRMED
    if first_confirmation:
        notice.status = LayoffNotice.Status.CONFIRMED
        notice.confirmed_at = timezone.now()
        notice.confirmed_by = actor
        notice.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    _event(
        tax_code=notice.employer_tax_code,
        kind="notice_confirmed" if first_confirmation else "notice_list_amended",
        actor=actor,
        notice=notice,
        draft=draft.pk,
        added=len(added),
        updated=len(changed),
        unchanged=len(draft.rows) - len(added) - len(changed),
    )
    notice_confirm(notice_id=notice.pk)
    return notice


def notice_confirm(*, notice_id: int) -> None:
    """The call point for what follows a confirmed list: the prefilled claims (issue 17, E2's
    employers.prefill.notice_prefill), made by a bulk worker after the commit. Idempotent on
    their side, so a list amended later calls it again for the new workers."""
    _schedule(PREFILL_TASK, notice_id)


def draft_error_count(draft: WorkerListDraft) -> int:
    return len(draft.errors or {})
