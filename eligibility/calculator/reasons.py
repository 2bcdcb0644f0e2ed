"""The termination-reason codes of the calculator's interface and their words: defined here only.

The codes are RULES.md's (and docs/termination-reasons.md's). Each has the phrase the
explanations use inside a sentence, in Vietnamese and English (the calculator is pure and writes
both languages itself), and the words a worker chooses on the claim form. Everything else
derives from this table: the calculator's and the cross-check's sentences, the rule set's
validation of excluded reasons, the social-security store's choices, the form's choices, the
staff pages and the admin (`reason_choices`, whose labels follow the active language).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "TERMINATION_REASONS",
    "TERMINATION_REASON_CODES",
    "TerminationReasonInfo",
    "reason_choices",
    "reason_en",
    "reason_label",
    "reason_vi",
]


@dataclass(frozen=True)
class TerminationReasonInfo:
    code: str
    vi: str  # in a sentence: "hết hạn hợp đồng lao động"
    en: str  # in a sentence: "expiry of the contract"
    worker_vi: str  # on the claim form, in the worker's words
    worker_en: str

    @property
    def label_vi(self) -> str:
        return self.vi[:1].upper() + self.vi[1:]

    @property
    def label_en(self) -> str:
        return self.en[:1].upper() + self.en[1:]


TERMINATION_REASONS: tuple[TerminationReasonInfo, ...] = (
    TerminationReasonInfo(
        "contract_expired",
        "hết hạn hợp đồng lao động",
        "expiry of the contract",
        "Hết hạn hợp đồng",
        "The contract came to an end",
    ),
    TerminationReasonInfo(
        "mutual_agreement",
        "hai bên thỏa thuận chấm dứt hợp đồng",
        "mutual agreement",
        "Hai bên thỏa thuận chấm dứt hợp đồng",
        "Both sides agreed to end the contract",
    ),
    TerminationReasonInfo(
        "employer_dismissal",
        "người sử dụng lao động đơn phương chấm dứt hợp đồng",
        "dismissal by the employer",
        "Người sử dụng lao động chấm dứt hợp đồng (cắt giảm, cho thôi việc)",
        "The employer ended the contract (redundancy, dismissal)",
    ),
    TerminationReasonInfo(
        "business_closure",
        "doanh nghiệp chấm dứt hoạt động",
        "closure of the business",
        "Doanh nghiệp giải thể, phá sản hoặc chấm dứt hoạt động",
        "The business was dissolved, went bankrupt or stopped operating",
    ),
    TerminationReasonInfo(
        "employee_lawful_resignation",
        "người lao động đơn phương chấm dứt hợp đồng đúng pháp luật",
        "lawful resignation",
        "Tôi nghỉ việc đúng quy định (có báo trước)",
        "I left the job lawfully (with notice)",
    ),
    TerminationReasonInfo(
        "employee_unlawful_resignation",
        "người lao động đơn phương chấm dứt hợp đồng trái pháp luật",
        "unlawful resignation",
        "Tôi tự nghỉ việc không đúng quy định",
        "I left the job unlawfully",
    ),
    TerminationReasonInfo(
        "disciplinary_dismissal",
        "bị xử lý kỷ luật sa thải",
        "disciplinary dismissal",
        "Bị kỷ luật sa thải",
        "Dismissed as a disciplinary measure",
    ),
    TerminationReasonInfo(
        "retirement_pension",
        "nghỉ hưởng lương hưu hằng tháng",
        "retirement on a monthly pension",
        "Nghỉ hưu, hưởng lương hưu",
        "Retired, receiving a pension",
    ),
)

TERMINATION_REASON_CODES = frozenset(reason.code for reason in TERMINATION_REASONS)
_BY_CODE = {reason.code: reason for reason in TERMINATION_REASONS}


def reason_vi(code: str) -> str:
    """The reason in a Vietnamese sentence; an unknown code as it is."""
    reason = _BY_CODE.get(code)
    return reason.vi if reason else (code or "không rõ")


def reason_en(code: str) -> str:
    reason = _BY_CODE.get(code)
    return reason.en if reason else (code or "unknown")


def _in_language(vi: str, en: str) -> str:
    # Django at call time: the calculator's modules import nothing from Django at load.
    from django.utils.translation import get_language

    return en if (get_language() or "vi").startswith("en") else vi


def reason_label(code: str, *, worker: bool = False) -> Any:
    """The reason's label in the active language, resolved when shown (a lazy string)."""
    # Django at call time, as in _in_language.
    from django.utils.functional import lazy

    reason = _BY_CODE.get(code)
    if reason is None:
        return code
    if worker:
        return lazy(_in_language, str)(reason.worker_vi, reason.worker_en)
    return lazy(_in_language, str)(reason.label_vi, reason.label_en)


def reason_choices(*, worker: bool = False) -> list[tuple[str, Any]]:
    """(code, label) pairs for model and form choices; `worker`: the claim form's words."""
    return [
        (reason.code, reason_label(reason.code, worker=worker)) for reason in TERMINATION_REASONS
    ]
