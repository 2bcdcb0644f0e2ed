"""The center's queue: read-only selectors (filters, keyset pagination, working days left).

Choices written down here (issue 5):
- Order: the legal deadline (`decision_due`, nulls last), then id: the keyset of the pages, so
  page 50 costs what page 1 costs (indexes claim_queue_idx / claim_queue_all_idx /
  claim_assignee_idx).
- Drafts are never shown: they are the citizen's, not the center's, until submitted.
- Province: a claim has no province of its own (its center is the officer's, and the employer's
  province is not kept on the claim), so the filter is the claimant's province of residence as
  VNeID asserted it (`User.province_code`).
- Name search: the folded name (`User.search_name`, identity.names.fold_name: no case, no
  diacritics, đ = d) contains the folded query, so "nguyen thi hoa" finds "Nguyễn Thị Hoa" on
  SQLite and PostgreSQL alike (a trigram index on PostgreSQL; docs/adr/0011).
- Sort: any column, ascending or descending (`SORTS`). The default (deadline, ascending) keeps
  the keyset pages; any other order is paged by number (`page_number`): a keyset cursor would
  carry the last row's name or employer into the URL, and a center's open queue is a few
  thousand rows, which OFFSET reads in milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce, NullIf

from claims.core.transitions import Status
from claims.models import Claim, ClaimFlag
from eligibility.calculator.dates import WorkingCalendar as BaseWorkingCalendar
from eligibility.selectors import working_calendar
from identity.models import EmploymentServiceCenter, User
from identity.names import fold_name

#: Undecided claims: the officer's work (the default view of the queue).
OPEN_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW, Status.INFO_REQUESTED, Status.PROPOSED)
#: Pseudo-statuses of the status filter.
STATUS_OPEN = "open"
STATUS_ALL = "all"
#: Pseudo-flags of the flag filter (besides a flag code or a severity).
FLAG_NONE = "none"
SEVERITIES = tuple(ClaimFlag.Severity.values)
#: The cross-check's flag codes (eligibility.crosscheck): the values the flag filter offers.
FLAG_CODES = (
    "employer_differs",
    "termination_date_differs",
    "contract_type_differs",
    "termination_reason_differs",
    "contributions_after_termination",
    "other_employer_paying",
    "receiving_pension",
    "benefit_active",
    "benefit_recent",
    "reason_excluded",
    "filed_after_deadline",
    "salary_above_ceiling",
)
ASSIGNEE_ME = "me"
ASSIGNEE_NONE = "none"

REFERENCE_RE = re.compile(r"^TCTN-\d{4}-\d{1,8}$", re.IGNORECASE)
PERSONAL_ID_RE = re.compile(r"^\d{12}$")
TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")
_CURSOR_RE = re.compile(r"^(?:(\d{4}-\d{2}-\d{2})|-)\.(\d{1,18})$")
_SATURDAY = 5


#: The default order: the legal deadline, soonest first (the keyset-paged one).
SORT_DEFAULT = "han"
#: Sort keys (the URL's `sap_xep`, "-" in front for descending) -> what is compared.
SORT_FIELDS = (
    "so_ho_so",
    "ho_ten",
    "don_vi",
    "trang_thai",
    "han",
    "canh_bao",
    "thu_ly",
    "ngay_nop",
)


class BadCursor(ValueError):
    """The page cursor of a link is not one this module made (edited or truncated)."""


@dataclass(frozen=True)
class Cursor:
    """The last row of a page: (decision_due, id); decision_due None sorts after every date."""

    decision_due: date | None
    id: int

    def encode(self) -> str:
        due = self.decision_due.isoformat() if self.decision_due else "-"
        return f"{due}.{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        match = _CURSOR_RE.match(text.strip())
        if not match:
            raise BadCursor(text)
        try:
            due = date.fromisoformat(match.group(1)) if match.group(1) else None
        except ValueError as error:
            raise BadCursor(text) from error
        return cls(decision_due=due, id=int(match.group(2)))


@dataclass(frozen=True)
class QueueFilters:
    """What the officer asked for; every field optional ("" / None = no filter)."""

    status: str = STATUS_OPEN
    flag: str = ""
    employer: str = ""
    province: str = ""
    submitted_from: date | None = None
    submitted_to: date | None = None
    #: "me", "none" (unassigned), or a colleague's user id as text.
    assignee: str = ""
    search: str = ""
    overdue_only: bool = False
    #: One of SORT_FIELDS; `descending` reverses it (ties always by id, in the same direction).
    sort: str = SORT_DEFAULT
    descending: bool = False

    @property
    def keyset_order(self) -> bool:
        """The default order, paged by cursor; every other order is paged by number."""
        return self.sort == SORT_DEFAULT and not self.descending


@dataclass(frozen=True)
class Deadline:
    """Working days left before the legal deadline (0 = today is the last day), or overdue."""

    due: date | None
    days_left: int | None = None
    days_overdue: int | None = None

    @property
    def overdue(self) -> bool:
        return bool(self.days_overdue)


@dataclass(frozen=True)
class QueueRow:
    claim: Claim
    deadline: Deadline
    flags: list[ClaimFlag] = field(default_factory=list)


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    next_cursor: Cursor | None
    total: int | None = None
    #: Number-paged orders: this page's number (1-based) and whether another follows.
    page_number: int | None = None
    has_next: bool = False


class WorkingCalendar(BaseWorkingCalendar):
    """The project's working-day calendar (eligibility.calculator.dates) with the queue's deadlines."""

    @classmethod
    def from_database(cls) -> WorkingCalendar:
        base = working_calendar()
        return cls(base.holidays, base.years)

    def deadline(self, due: date | None, today: date) -> Deadline:
        """Days left counts working days after today up to the deadline; a deadline passed is
        overdue by the working days after it up to today (a weekend after a Friday deadline does
        not count, the Monday does)."""
        if due is None:
            return Deadline(due=None)
        if due >= today:
            return Deadline(due=due, days_left=self.working_days(today, due))
        late = self.working_days(due, today)
        if late == 0:  # passed only over days off: the next working day is the first day late
            return Deadline(due=due, days_left=0)
        return Deadline(due=due, days_overdue=late)


def queue_base(*, center: EmploymentServiceCenter) -> QuerySet[Claim]:
    """Every claim the center may see in its queue: its own, never a draft."""
    return Claim.objects.filter(center=center).exclude(status=Status.DRAFT)


def queue_filtered(
    *, center: EmploymentServiceCenter, filters: QueueFilters, user: User, today: date
) -> QuerySet[Claim]:
    """The center's claims matching `filters`, in queue order (deadline, then id)."""
    qs = queue_base(center=center)
    if filters.status == STATUS_OPEN:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status and filters.status != STATUS_ALL:
        qs = qs.filter(status=filters.status)
    if filters.flag == FLAG_NONE:
        qs = qs.filter(is_clean=True)
    elif filters.flag in SEVERITIES:
        qs = qs.filter(_has_flag(severity=filters.flag))
    elif filters.flag:
        qs = qs.filter(_has_flag(code=filters.flag))
    employer = filters.employer.strip()
    if employer:
        if TAX_CODE_RE.match(employer):
            qs = qs.filter(employer_tax_code=employer)
        else:
            qs = qs.filter(employer_name__icontains=employer)
    if filters.province:
        qs = qs.filter(citizen__province_code=filters.province)
    if filters.submitted_from:
        qs = qs.filter(submitted_at__date__gte=filters.submitted_from)
    if filters.submitted_to:
        qs = qs.filter(submitted_at__date__lte=filters.submitted_to)
    if filters.assignee == ASSIGNEE_ME:
        qs = qs.filter(assignee=user)
    elif filters.assignee == ASSIGNEE_NONE:
        qs = qs.filter(assignee__isnull=True)
    elif filters.assignee:
        qs = qs.filter(assignee_id=int(filters.assignee))
    search = filters.search.strip()
    if search:
        if REFERENCE_RE.match(search):
            qs = qs.filter(reference=search.upper())
        elif PERSONAL_ID_RE.match(search):
            qs = qs.filter(personal_id=search)
        else:
            folded = fold_name(search)
            if folded:
                qs = qs.filter(citizen__search_name__contains=folded)
    if filters.overdue_only:
        qs = qs.filter(status__in=OPEN_STATUSES, decision_due__lt=today)
    return _ordered(qs, filters)


#: The claim's life in order: sorting by status follows it, not the codes' alphabet.
_STATUS_ORDER = [s for s in Status.values if s != Status.DRAFT]
#: Sorting by flags: the worst flag first when descending (blocking 3 ... clean 0).
_FLAG_RANK = (
    (ClaimFlag.Severity.BLOCKING, 3),
    (ClaimFlag.Severity.NEEDS_REVIEW, 2),
    (ClaimFlag.Severity.INFO, 1),
)


def _sort_expression(sort: str) -> BaseExpression | F:
    if sort == "so_ho_so":
        return F("reference")
    if sort == "ho_ten":
        return F("citizen__search_name")
    if sort == "don_vi":
        return F("employer_name")
    if sort == "trang_thai":
        return Case(
            *[When(status=s, then=Value(i)) for i, s in enumerate(_STATUS_ORDER)],
            default=Value(len(_STATUS_ORDER)),
            output_field=IntegerField(),
        )
    if sort == "canh_bao":
        return Case(
            *[When(_has_flag(severity=sev), then=Value(rank)) for sev, rank in _FLAG_RANK],
            default=Value(0),
            output_field=IntegerField(),
        )
    if sort == "thu_ly":  # as the column shows it: the name, or the username when none is set
        return Coalesce(NullIf(F("assignee__search_name"), Value("")), F("assignee__username"))
    if sort == "ngay_nop":
        return F("submitted_at")
    return F("decision_due")


def _ordered(qs: QuerySet[Claim], filters: QueueFilters) -> QuerySet[Claim]:
    """`qs` in the asked order; rows without a value (no deadline, unassigned) always last."""
    expression = _sort_expression(filters.sort)
    if filters.descending:
        return qs.order_by(expression.desc(nulls_last=True), "-id")
    return qs.order_by(expression.asc(nulls_last=True), "id")


def _has_flag(**lookup: str) -> Q:
    """The claim has a flag row matching `lookup` (an EXISTS on the (code, claim) index)."""
    return Q(Exists(ClaimFlag.objects.filter(claim=OuterRef("pk"), **lookup)))


def _page_keys(qs: QuerySet[Claim], after: Cursor | None, n: int) -> list[tuple[date | None, int]]:
    """The (decision_due, id) keys of the first `n` rows of `qs` after `after`.

    Dated rows and undated ones (which sort last) are read by two queries, so each is a plain
    index range scan from the cursor on: an OR with "IS NULL" would stop the database from
    starting the scan at the cursor.
    """
    keys: list[tuple[date | None, int]] = []
    if after is None or after.decision_due is not None:
        dated = qs.filter(decision_due__isnull=False)
        if after is not None:
            d = after.decision_due
            dated = dated.filter(decision_due__gte=d).filter(
                Q(decision_due__gt=d) | Q(id__gt=after.id)
            )
        keys = list(dated.order_by("decision_due", "id").values_list("decision_due", "id")[:n])
    if len(keys) < n:
        undated = qs.filter(decision_due__isnull=True)
        if after is not None and after.decision_due is None:
            undated = undated.filter(id__gt=after.id)
        keys += list(undated.order_by("id").values_list("decision_due", "id")[: n - len(keys)])
    return keys


def _sort_key(key: tuple[date | None, int]) -> tuple[bool, date, int]:
    due, pk = key
    return (due is None, due or date.min, pk)


def queue_page(
    *,
    center: EmploymentServiceCenter,
    filters: QueueFilters,
    user: User,
    after: Cursor | None,
    limit: int = 50,
    today: date,
    count: bool = True,
    calendar: WorkingCalendar | None = None,
    page_number: int = 1,
) -> QueuePage:
    """One page of the queue after `after` (None: the first page), with deadlines in working days.

    "Open" claims are four statuses: each is read on its own (center, status, decision_due, id)
    index range and the four key lists merged, instead of walking the center's whole history in
    deadline order and skipping the decided claims (most of a center's claims, after a year).
    """
    qs = queue_filtered(center=center, filters=filters, user=user, today=today)
    total = qs.count() if count else None
    calendar = calendar or WorkingCalendar.from_database()
    if not filters.keyset_order:
        return _numbered_page(
            qs, page_number=page_number, limit=limit, today=today, total=total, calendar=calendar
        )
    if filters.status == STATUS_OPEN:
        parts = [qs.filter(status=status) for status in OPEN_STATUSES]
    else:
        parts = [qs]
    keys = sorted(
        (key for part in parts for key in _page_keys(part, after, limit + 1)), key=_sort_key
    )[: limit + 1]
    has_next = len(keys) > limit
    keys = keys[:limit]
    by_id = {
        c.pk: c
        for c in Claim.objects.filter(pk__in=[pk for _, pk in keys])
        .select_related("citizen", "assignee")
        .prefetch_related("flags")
    }
    claims = [by_id[pk] for _, pk in keys if pk in by_id]
    next_cursor = Cursor(decision_due=keys[-1][0], id=keys[-1][1]) if has_next and keys else None
    return QueuePage(
        rows=_rows(claims, calendar, today), next_cursor=next_cursor, total=total, has_next=has_next
    )


def _rows(claims: Iterable[Claim], calendar: WorkingCalendar, today: date) -> list[QueueRow]:
    return [
        QueueRow(
            claim=c, deadline=calendar.deadline(c.decision_due, today), flags=list(c.flags.all())
        )
        for c in claims
    ]


def _numbered_page(
    qs: QuerySet[Claim],
    *,
    page_number: int,
    limit: int,
    today: date,
    total: int | None,
    calendar: WorkingCalendar,
) -> QueuePage:
    """Page `page_number` (1-based; a number past the end gives an empty page) of `qs`."""
    page_number = max(1, page_number)
    start = (page_number - 1) * limit
    claims = list(
        qs.select_related("citizen", "assignee").prefetch_related("flags")[
            start : start + limit + 1
        ]
    )
    has_next = len(claims) > limit
    return QueuePage(
        rows=_rows(claims[:limit], calendar, today),
        next_cursor=None,
        total=total,
        page_number=page_number,
        has_next=has_next,
    )


def queue_rows_all(
    *,
    center: EmploymentServiceCenter,
    filters: QueueFilters,
    user: User,
    today: date,
    chunk_size: int = 1000,
) -> Iterable[QueueRow]:
    """Every matching row (the CSV export), streamed from the database in chunks."""
    qs = queue_filtered(center=center, filters=filters, user=user, today=today)
    calendar = WorkingCalendar.from_database()
    for claim in (
        qs.select_related("citizen", "assignee")
        .prefetch_related("flags")
        .iterator(chunk_size=chunk_size)
    ):
        yield QueueRow(
            claim=claim,
            deadline=calendar.deadline(claim.decision_due, today),
            flags=list(claim.flags.all()),
        )


def center_colleagues(*, center: EmploymentServiceCenter) -> Sequence[User]:
    """The officers and signers of the center (the assignee filter's choices)."""
    return list(
        User.objects.filter(
            center=center, role__in=[User.Role.OFFICER, User.Role.SIGNER], is_active=True
        ).order_by("full_name", "username")
    )


__all__ = [
    "ASSIGNEE_ME",
    "ASSIGNEE_NONE",
    "BadCursor",
    "Cursor",
    "Deadline",
    "FLAG_CODES",
    "FLAG_NONE",
    "OPEN_STATUSES",
    "QueueFilters",
    "QueuePage",
    "QueueRow",
    "SORT_DEFAULT",
    "SORT_FIELDS",
    "WorkingCalendar",
    "center_colleagues",
    "queue_filtered",
    "queue_page",
    "queue_rows_all",
]
