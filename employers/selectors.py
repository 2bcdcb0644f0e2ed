"""Who represents which enterprise, and an enterprise's notices: the read side of employers.

Other modules ask `user_represents(user, tax_code)` (a jobs feature, the prefilled claims)
or `represented_tax_codes(user)`; nobody else reads EmployerColleague or the org claim.

A user represents an enterprise when
- they signed in with the enterprise's VNeID organisation account (User.role "employer",
  User.org_tax_code the enterprise's tax code), or
- they signed in with their own VNeID and an enterprise added their personal ID as a
  colleague (EmployerColleague, not removed).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from employers.models import EmployerColleague, LayoffNotice, NoticeWorker, WorkerListDraft

EMPLOYER_ROLE = "employer"


def organisation_tax_code(user: Any) -> str:
    """The enterprise of an organisation account, or "" for any other account."""
    if not getattr(user, "is_authenticated", False):
        return ""
    if getattr(user, "role", None) != EMPLOYER_ROLE:
        return ""
    return str(getattr(user, "org_tax_code", "") or "")


def represented_tax_codes(user: Any) -> list[str]:
    """Every enterprise `user` may act for, the organisation account's own first."""
    if not getattr(user, "is_authenticated", False):
        return []
    codes: list[str] = []
    own = organisation_tax_code(user)
    if own:
        codes.append(own)
    personal_id = getattr(user, "personal_id", None)
    if personal_id and getattr(user, "is_citizen", False):
        codes.extend(
            code
            for code in EmployerColleague.objects.filter(
                personal_id=personal_id, removed_at__isnull=True
            )
            .order_by("added_at", "id")
            .values_list("employer_tax_code", flat=True)
            if code not in codes
        )
    return codes


def user_represents(user: Any, tax_code: str) -> bool:
    """Does `user` act for the enterprise `tax_code` (the check every employer page makes)?"""
    return bool(tax_code) and tax_code in represented_tax_codes(user)


def enterprise_notices(tax_code: str) -> QuerySet[LayoffNotice]:
    return (
        LayoffNotice.objects.filter(employer_tax_code=tax_code)
        .annotate(worker_count=Count("workers"))
        .order_by("-created_at", "-id")
    )


def enterprise_notice(tax_code: str, notice_id: int) -> LayoffNotice | None:
    """One notice of the enterprise, or None (another enterprise's notice is not found)."""
    return LayoffNotice.objects.filter(employer_tax_code=tax_code, pk=notice_id).first()


def notice_workers(notice: LayoffNotice) -> QuerySet[NoticeWorker]:
    return notice.workers.order_by("row_number", "id")


def open_draft(notice: LayoffNotice) -> WorkerListDraft | None:
    """The list being checked or fixed for `notice`, if any (at most one is open)."""
    return (
        notice.drafts.filter(
            status__in=[WorkerListDraft.Status.CHECKING, WorkerListDraft.Status.READY]
        )
        .order_by("-created_at", "-id")
        .first()
    )


def enterprise_colleagues(tax_code: str) -> QuerySet[EmployerColleague]:
    return EmployerColleague.objects.filter(employer_tax_code=tax_code, removed_at__isnull=True)
