"""The claim's life: which state may follow which, and who may move it (DESIGN.md).

This module is the only definition of the allowed transitions; claims.core.services.claim_transition
is the only code that applies them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    IN_REVIEW = "in_review", _("Đang xem xét")
    INFO_REQUESTED = "info_requested", _("Cần bổ sung thông tin")
    PROPOSED = "proposed", _("Đã đề xuất, chờ ký duyệt")
    APPROVED = "approved", _("Đã duyệt hưởng")
    REJECTED = "rejected", _("Không được hưởng")
    DECISION_ISSUED = "decision_issued", _("Đã ban hành quyết định")
    PAYING = "paying", _("Đang chi trả")
    COMPLETED = "completed", _("Đã hoàn tất")
    SUSPENDED = "suspended", _("Tạm dừng hưởng")
    TERMINATED = "terminated", _("Chấm dứt hưởng")
    WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")


class Actor(models.TextChoices):
    CITIZEN = "citizen", _("Người lao động")
    OFFICER = "officer", _("Cán bộ thụ lý")
    SIGNER = "signer", _("Lãnh đạo trung tâm")
    SYSTEM = "system", _("Hệ thống")


S, A = Status, Actor

#: (from, to) -> the kinds of actor allowed to make that move.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.SUBMITTED): frozenset({A.CITIZEN}),
    (S.SUBMITTED, S.IN_REVIEW): frozenset({A.OFFICER, A.SYSTEM}),
    (S.IN_REVIEW, S.INFO_REQUESTED): frozenset({A.OFFICER}),
    (S.INFO_REQUESTED, S.IN_REVIEW): frozenset({A.CITIZEN, A.OFFICER}),
    # The system proposes only on the fast track (a clean claim, the engine's figures).
    (S.IN_REVIEW, S.PROPOSED): frozenset({A.OFFICER, A.SYSTEM}),
    (S.PROPOSED, S.IN_REVIEW): frozenset({A.SIGNER}),  # returned with a comment
    (S.PROPOSED, S.APPROVED): frozenset({A.SIGNER}),
    (S.PROPOSED, S.REJECTED): frozenset({A.SIGNER}),
    (S.APPROVED, S.DECISION_ISSUED): frozenset({A.SYSTEM}),
    (S.REJECTED, S.DECISION_ISSUED): frozenset({A.SYSTEM}),
    (S.DECISION_ISSUED, S.PAYING): frozenset({A.SYSTEM}),
    (S.PAYING, S.COMPLETED): frozenset({A.SYSTEM}),
    # A benefit period whose last month was suspended (missed) runs out (issue 16).
    (S.SUSPENDED, S.COMPLETED): frozenset({A.SYSTEM}),
    (S.PAYING, S.SUSPENDED): frozenset({A.SYSTEM, A.OFFICER}),
    (S.SUSPENDED, S.PAYING): frozenset({A.SYSTEM, A.OFFICER}),
    (S.PAYING, S.TERMINATED): frozenset({A.SYSTEM, A.OFFICER}),
    (S.SUSPENDED, S.TERMINATED): frozenset({A.SYSTEM, A.OFFICER}),
    (S.DRAFT, S.WITHDRAWN): frozenset({A.CITIZEN}),
    (S.SUBMITTED, S.WITHDRAWN): frozenset({A.CITIZEN}),
    (S.IN_REVIEW, S.WITHDRAWN): frozenset({A.CITIZEN}),
    (S.INFO_REQUESTED, S.WITHDRAWN): frozenset({A.CITIZEN}),
}

#: States in which nothing more will happen to the claim.
FINAL = frozenset({S.COMPLETED, S.TERMINATED, S.WITHDRAWN})
#: States a citizen may still withdraw from (not yet decided).
WITHDRAWABLE = frozenset(frm for (frm, to) in TRANSITIONS if to == S.WITHDRAWN)


def allowed(from_status: str, to_status: str, actor: str) -> bool:
    return actor in TRANSITIONS.get((from_status, to_status), frozenset())


def next_states(from_status: str, actor: str) -> list[str]:
    return [
        to for (frm, to), actors in TRANSITIONS.items() if frm == from_status and actor in actors
    ]
