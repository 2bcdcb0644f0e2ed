"""Change the benefit rules: publish a draft rule set, start a draft from one, seed defaults.

Administrators edit draft rule sets and the dated tables in the admin; publishing (which makes
a rule set judge claims) only happens here, after a full validation, and is recorded in the
rule set's history with who did it and when.
"""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from eligibility.exceptions import RuleSetStateError
from eligibility.migrations._rules_seed import seed
from eligibility.migrations._rules_seed_0006 import seed_0006
from eligibility.models import HolidayYear, RuleSet
from eligibility.rules_cache import rules_changed
from identity.models import User

PUBLISH_REASON = "Công bố bộ quy định"
DRAFT_REASON = "Tạo bản nháp từ %(source)s"

# Everything a draft copies from its source: all the rule parameters.
PARAMETER_FIELDS = (
    "law",
    "legal_reference",
    "min_contribution_months",
    "window_months_indefinite",
    "window_months_fixed_term",
    "window_months_seasonal",
    "excluded_reasons",
    "filing_deadline_months",
    "replacement_rate",
    "averaged_months",
    "cap_multiplier",
    "cap_base_enterprise",
    "cap_base_state",
    "cap_wage_date",
    "duration_base_months",
    "duration_base_threshold",
    "duration_step_months",
    "duration_max_months",
    "entitlement_start_days",
    "entitlement_start_unit",
    "decision_deadline_days",
    "decision_deadline_unit",
)


def rule_set_publish(*, rule_set: RuleSet, actor: User) -> RuleSet:
    """Publish a draft: from its valid_from it judges terminations (until the next one starts).

    Raises RuleSetStateError if it is not a draft, ValidationError if its parameters contradict
    each other or another published rule set already starts on the same day.
    """
    try:
        return _publish(rule_set=rule_set, actor=actor)
    except IntegrityError as exc:
        # Another draft with the same start date was published at the same moment.
        raise ValidationError(
            _(
                "Đã có một bộ quy định đã công bố bắt đầu áp dụng từ ngày này; "
                "hai bộ quy định không thể cùng áp dụng cho một ngày."
            )
        ) from exc


def _publish(*, rule_set: RuleSet, actor: User) -> RuleSet:
    with transaction.atomic():
        # Lock the row: two administrators publishing at once must not both succeed.
        locked = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
        if locked.status != RuleSet.Status.DRAFT:
            raise RuleSetStateError(
                _("Chỉ công bố được bộ quy định ở trạng thái bản nháp; “%(name)s” đã công bố.")
                % {"name": locked.name}
            )
        locked.status = RuleSet.Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = actor
        locked.full_clean()
        locked._history_user = actor  # type: ignore[attr-defined]  # read by simple_history
        locked._change_reason = PUBLISH_REASON  # type: ignore[attr-defined]
        locked.save()
    return locked


def rule_set_draft_from(*, source: RuleSet, actor: User, valid_from: date | None = None) -> RuleSet:
    """A new draft with every parameter of `source`, to change and publish as a new version."""
    base = slugify(f"{source.identifier}-ban-nhap")[:50]
    identifier, n = base, 1
    while RuleSet.objects.filter(identifier=identifier).exists():
        n += 1
        identifier = f"{base}-{n}"
    draft = RuleSet(
        identifier=identifier,
        name=_("%(name)s (bản nháp)") % {"name": source.name},
        valid_from=valid_from or source.valid_from,
        status=RuleSet.Status.DRAFT,
        **{field: getattr(source, field) for field in PARAMETER_FIELDS},
    )
    draft.excluded_reasons = list(source.excluded_reasons)
    draft._history_user = actor  # type: ignore[attr-defined]
    draft._change_reason = DRAFT_REASON % {"source": source.identifier}  # type: ignore[attr-defined]
    draft.full_clean(validate_constraints=False)
    draft.save()
    return draft


def rules_seed() -> int:
    """Add the seed rows of migrations 0002 and 0006 that are missing (after a flush)."""
    reason = "Dữ liệu ban đầu (eligibility.services.rules_seed)"
    with transaction.atomic():
        added = seed(apps, reason=reason) + seed_0006(apps, reason=reason)
        if added:
            # bulk_create sends no signals: say the rules changed, as a save would
            # (eligibility.rules_cache; an enclosing transaction then reads the tables).
            rules_changed()
            transaction.on_commit(rules_changed)
    return added


def holiday_year_confirm(*, year: HolidayYear, actor: User, source: str = "") -> HolidayYear:
    """Mark a year of the holiday calendar as checked against the government's schedule."""
    year.status = HolidayYear.Status.CONFIRMED
    year.confirmed_at = timezone.now()
    year.confirmed_by = actor
    if source:
        year.source = source
    year._history_user = actor  # type: ignore[attr-defined]
    year._change_reason = "Xác nhận lịch nghỉ theo thông báo của Chính phủ"  # type: ignore[attr-defined]
    year.save()
    return year
