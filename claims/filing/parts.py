"""One thing per page inside a filing step: the web asks a step's questions on pages of their own.

A step (claims.filing.forms) stays the unit that is validated and stored, so the API and
claims.filing.services.draft_save_step are unchanged. In the browser, the "job" step is asked as the
employer, the contract, the day, the reason (and, only when an answer differs from the
social-security record, why), and the "payment" step as the choice (bank or post office) and
then only that choice's fields. Each page's answer is kept under PARTS_KEY in the draft until
the step's last page validates the whole step and stores it (docs/adr/0014).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext_lazy as _

import claims.filing.services as filing
from claims.filing.forms import StepForm, step_form
from claims.models import Claim
from identity.models import User

#: Where the answers of a step's pages wait in Claim.answers until the step is stored.
PARTS_KEY = "_parts"
_JOB_COMPARED = ("employer_tax_code", "contract_type", "termination_date", "termination_reason")


def job_differs(answers: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    """Whether an answer about the ended job is not what the social-security record says."""
    for name in _JOB_COMPARED:
        answer = answers.get(name)
        if isinstance(answer, date):
            answer = answer.isoformat()
        if answer and record.get(name) and str(answer).strip() != record[name]:
            return True
    return False


@dataclass(frozen=True)
class Part:
    slug: str
    title: Any
    fields: tuple[str, ...]
    #: Asked only when this is true of (the answers so far, the social-security record).
    when: Callable[[Mapping[str, Any], Mapping[str, Any]], bool] | None = None

    def applies(self, answers: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
        return self.when is None or self.when(answers, record)


PARTS: dict[str, tuple[Part, ...]] = {
    "job": (
        Part("don-vi", _("Đơn vị nơi bạn làm việc"), ("employer_name", "employer_tax_code")),
        Part("loai-hop-dong", _("Loại hợp đồng lao động"), ("contract_type",)),
        Part("ngay-cham-dut", _("Ngày chấm dứt hợp đồng"), ("termination_date",)),
        Part("ly-do", _("Lý do chấm dứt hợp đồng"), ("termination_reason",)),
        Part(
            "giai-thich",
            _("Vì sao thông tin khác với dữ liệu bảo hiểm xã hội"),
            ("correction_reason",),
            when=lambda answers, record: job_differs(answers, record),
        ),
    ),
    "payment": (
        Part("cach-nhan", _("Cách nhận tiền"), ("method",)),
        Part(
            "ngan-hang",
            _("Tài khoản ngân hàng"),
            ("bank_code", "account_number", "account_holder"),
            when=lambda answers, record: answers.get("method") == "bank",
        ),
        Part(
            "buu-dien",
            _("Nhận tiền mặt tại bưu điện"),
            ("cash_province",),
            when=lambda answers, record: answers.get("method") == "cash",
        ),
    ),
}
#: The page of each answer, for the "change" links of check your answers.
PART_OF_FIELD: dict[tuple[str, str], str] = {
    (step, name): part.slug
    for step, parts in PARTS.items()
    for part in parts
    for name in part.fields
}


def part_get(step: str, slug: str) -> Part | None:
    return next((p for p in PARTS.get(step, ()) if p.slug == slug), None)


def record_of(claim: Claim) -> dict[str, Any]:
    return dict(claim.answers.get(filing.RECORD_KEY) or {})


def part_answers(*, claim: Claim, citizen: User, step: str) -> dict[str, Any]:
    """The step's answers as its pages show them: kept page answers over the stored step's
    answers (or the prefill)."""
    base = filing.step_initial(claim=claim, citizen=citizen, step=step)
    kept = (claim.answers.get(PARTS_KEY) or {}).get(step) or {}
    return {**base, **kept}


def applicable(step: str, answers: Mapping[str, Any], record: Mapping[str, Any]) -> list[Part]:
    return [p for p in PARTS[step] if p.applies(answers, record)]


def page_form(
    step: str, part: Part, *, claim: Claim, citizen: User, data: Mapping[str, Any] | None = None
) -> StepForm:
    """The step's form with only `part`'s fields; bound to the kept answers plus `data`."""
    context = filing.filing_context(claim=claim, citizen=citizen)
    answers = part_answers(claim=claim, citizen=citizen, step=step)
    if data is None:
        form = step_form(step, context=context, initial=_for_display(step, answers))
    else:
        merged = {k: v for k, v in answers.items() if k not in part.fields}
        merged.update({name: data.get(name, "") for name in part.fields})
        form = step_form(step, context=context, data=merged)
    for name in list(form.fields):
        if name not in part.fields:
            del form.fields[name]
    return form


def _for_display(step: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Stored ISO dates become dates, so the page shows them as dd/mm/yyyy."""
    shown = dict(answers)
    for name, value in answers.items():
        if isinstance(value, str) and name.endswith("_date"):
            try:
                shown[name] = date.fromisoformat(value)
            except ValueError:
                pass
    return shown


@dataclass(frozen=True)
class PartSaved:
    claim: Claim
    #: The next page of this step still to ask, or None when the step was stored.
    next_part: Part | None


def _page_invalid(
    step: str, part: Part, *, claim: Claim, citizen: User, data: Mapping[str, Any], errors: Any
) -> filing.StepInvalid:
    """StepInvalid with a form of this page's fields carrying the whole step's verdict: errors
    of this page's fields next to them, anything else (a duplicate claim) in the summary."""
    form = page_form(step, part, claim=claim, citizen=citizen, data=data)
    page = forms.utils.ErrorDict()
    for name, messages in errors.items():
        key = name if name in part.fields else NON_FIELD_ERRORS
        page.setdefault(
            key, form.error_class(error_class="nonfield" if key == NON_FIELD_ERRORS else None)
        )
        page[key].extend(messages)
    # Not form.is_valid(): the step's clean() names fields this page does not have.
    form._errors = page  # type: ignore[attr-defined]
    form._describe_fields(errors=page)  # aria-invalid and aria-describedby for these errors
    return filing.StepInvalid(form)


def draft_save_part(
    *,
    claim_id: int,
    citizen: User,
    step: str,
    part: Part,
    data: Mapping[str, Any],
    change: bool = False,
) -> PartSaved:
    """Validate one page of a step and keep its answers; store the step after its last page.

    The next page is the following one that applies; coming from check your answers
    (`change`), only a page whose answer is now missing or wrong (bank details after choosing
    the bank, the reason for a difference from the record). Raises filing.StepInvalid with a
    form of this page's fields when something is wrong: nothing is kept.
    """
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id, citizen=citizen)
        answers = part_answers(claim=claim, citizen=citizen, step=step)
        context = filing.filing_context(claim=claim, citizen=citizen)
        merged = {k: v for k, v in answers.items() if k not in part.fields}
        merged.update({name: data.get(name, "") for name in part.fields})
        full = step_form(step, context=context, data=merged)
        full.is_valid()
        page_errors = {n: e for n, e in full.errors.items() if n in part.fields}
        if page_errors:
            raise _page_invalid(
                step, part, claim=claim, citizen=citizen, data=data, errors=page_errors
            )
        cleaned = {
            n: (v.isoformat() if isinstance(v, date) else v)
            for n, v in full.cleaned_data.items()
            if n in part.fields
        }
        kept = dict(claim.answers.get(PARTS_KEY) or {})
        kept[step] = {**merged, **cleaned}
        claim.answers = {**claim.answers, PARTS_KEY: kept}
        claim.save(update_fields=["answers", "updated_at"])
        parts = applicable(step, kept[step], record_of(claim))
        index = next((i for i, p in enumerate(parts) if p.slug == part.slug), len(parts) - 1)
        later = parts[index + 1 :]
        if change:
            later = [p for p in later if any(name in full.errors for name in p.fields)]
        if later:
            return PartSaved(claim=claim, next_part=later[0])
        # The last page: the whole step, stored as the API stores it.
        values = {k: v for k, v in kept[step].items() if (step, k) in PART_OF_FIELD}
        for p in PARTS[step]:
            if not p.applies(kept[step], record_of(claim)):
                values.update(dict.fromkeys(p.fields, ""))
        try:
            claim = filing.draft_save_step(
                claim_id=claim.pk, citizen=citizen, step=step, data=values
            )
        except filing.StepInvalid as invalid:
            raise _page_invalid(
                step, part, claim=claim, citizen=citizen, data=data, errors=invalid.form.errors
            ) from None
        kept = dict(claim.answers.get(PARTS_KEY) or {})
        kept.pop(step, None)
        claim.answers = {**claim.answers, PARTS_KEY: kept}
        claim.save(update_fields=["answers", "updated_at"])
        return PartSaved(claim=claim, next_part=None)
