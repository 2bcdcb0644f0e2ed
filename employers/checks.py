"""A worker list checked against the social-security store, in bulk.

The store is read through the registry (the one way in, docs/adr/0003) with one
`employment_histories` call per chunk of people (names and contracts, no contributions),
never a query per row; the portal's own database
is asked once for the workers already on the enterprise's other notices.

A row for someone who is not insured with this enterprise gets the same message whether the
store knows the person or not: an employer learns nothing about people who never worked there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from eligibility.registry import EmploymentHistory, get_registry
from employers.models import LayoffNotice, NoticeWorker
from employers.rows import ParsedRow, row_parse
from identity.names import fold_name

#: People read from the store per registry call (one IN list of this size per query).
CHUNK = 500
#: A termination date may lie this far before the notice (a closure reported on the day)...
MAX_DAYS_BEFORE_NOTICE = 60
#: ... and this far after it (the law asks for 30 days' notice; a plan rarely goes past a year).
MAX_DAYS_AFTER_NOTICE = 366
#: The store's end of the contract may differ from the employer's date by this much (a report
#: to the store made before the final day moved).
END_DATE_SLACK = timedelta(days=31)

ALL = "__all__"
#: Marks a row's errors as the store's answer (not a field: never shown).
STORE = "_store"


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class CheckedList:
    parsed: dict[int, ParsedRow]  # index -> typed row, for rows without error
    errors: dict[int, dict[str, str]]  # index -> {field or "__all__": message}


def _not_insured_here() -> str:
    return _(
        "Người này không tham gia bảo hiểm xã hội tại doanh nghiệp của bạn theo dữ liệu của "
        "cơ quan bảo hiểm xã hội. Kiểm tra lại số định danh cá nhân."
    )


def row_check_against_record(
    *,
    row: ParsedRow,
    record: EmploymentHistory | None,
    employer_tax_code: str,
    notified_on: date,
) -> dict[str, str]:
    """The store's checks for one row: insured here, the name, the dates plausible."""
    errors: dict[str, str] = {}
    spells = (
        [s for s in record.spells if s.employer.tax_code == employer_tax_code] if record else []
    )
    if record is None or not spells:
        return {"personal_id": _not_insured_here()}
    if fold_name(record.full_name) != fold_name(row.full_name):
        errors["full_name"] = _(
            "Họ và tên không khớp với hồ sơ bảo hiểm xã hội của số định danh này. "
            "Kiểm tra lại họ tên hoặc số định danh."
        )
    if row.termination_date < notified_on - timedelta(days=MAX_DAYS_BEFORE_NOTICE):
        errors["termination_date"] = _(
            "Ngày chấm dứt hợp đồng sớm hơn ngày thông báo quá %(days)s ngày."
        ) % {"days": MAX_DAYS_BEFORE_NOTICE}
    elif row.termination_date > notified_on + timedelta(days=MAX_DAYS_AFTER_NOTICE):
        errors["termination_date"] = _(
            "Ngày chấm dứt hợp đồng muộn hơn ngày thông báo quá một năm."
        )
    else:
        started = [s for s in spells if s.start_date <= row.termination_date]
        if not started:
            first = min(s.start_date for s in spells)
            errors["termination_date"] = _(
                "Ngày chấm dứt hợp đồng trước ngày bắt đầu làm việc tại doanh nghiệp (%(day)s)."
            ) % {"day": _day(first)}
        else:
            latest = max(started, key=lambda s: s.start_date)
            if (
                latest.end_date is not None
                and latest.end_date + END_DATE_SLACK < row.termination_date
            ):
                errors["termination_date"] = _(
                    "Theo dữ liệu bảo hiểm xã hội, hợp đồng của người này với doanh nghiệp đã "
                    "chấm dứt ngày %(day)s."
                ) % {"day": _day(latest.end_date)}
    return errors


def list_check(
    *,
    rows: Sequence[dict[str, str]],
    notice: LayoffNotice,
    progress: Callable[[int], None] | None = None,
    only: Sequence[int] | None = None,
) -> CheckedList:
    """Check every row: its own format, duplicates in the list, other notices, the store.

    With `only`, the store is asked about those rows alone (the others' store answers are
    the caller's to keep); the checks that need no store run on every row.
    Errors found in the store carry the key STORE, so a caller can tell them apart.
    """
    parsed: dict[int, ParsedRow] = {}
    errors: dict[int, dict[str, str]] = {}
    first_row_of: dict[str, int] = {}
    for index, raw in enumerate(rows):
        row, row_errors = row_parse(raw)
        if row is None:
            errors[index] = row_errors
            continue
        if row.personal_id in first_row_of:
            first = first_row_of[row.personal_id]
            earlier = rows[first].get("row") or first + 1
            errors[index] = {
                "personal_id": _("Người này đã có ở dòng %(row)s của danh sách.") % {"row": earlier}
            }
            continue
        first_row_of[row.personal_id] = index
        parsed[index] = row

    # Workers already on another notice of this enterprise: one query for the whole list.
    elsewhere = dict(
        NoticeWorker.objects.filter(
            notice__employer_tax_code=notice.employer_tax_code,
            personal_id__in=[r.personal_id for r in parsed.values()],
        )
        .exclude(notice=notice)
        .values_list("personal_id", "notice_id")
    )
    for index, row in list(parsed.items()):
        if row.personal_id in elsewhere:
            errors[index] = {
                "personal_id": _("Người này đã có trong thông báo %(ref)s của doanh nghiệp.")
                % {"ref": f"TB-{elsewhere[row.personal_id]:06d}"}
            }
            del parsed[index]

    registry = get_registry()
    wanted = set(only) if only is not None else None
    items = [(i, r) for i, r in parsed.items() if wanted is None or i in wanted]
    done = len(rows) - len(items)
    if progress:
        progress(done)
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        records = registry.employment_histories(row.personal_id for _i, row in chunk)
        for index, row in chunk:
            found = row_check_against_record(
                row=row,
                record=records.get(row.personal_id),
                employer_tax_code=notice.employer_tax_code,
                notified_on=notice.notified_on,
            )
            if found:
                errors[index] = {**found, STORE: "1"}
                del parsed[index]
        done += len(chunk)
        if progress:
            progress(done)
    return CheckedList(parsed=parsed, errors=errors)
