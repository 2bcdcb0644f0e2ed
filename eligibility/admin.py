"""The benefit rules in the admin: dated tables with their history, drafts and publishing.

A published rule set's parameters are read-only (only its name and legal reference, for typos,
stay editable): a change in the rules is a new draft ("Tạo bản nháp"), edited, then published
("Công bố") with eligibility.services.rule_set_publish. See docs/adr/0005.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.dates import WEEKDAYS
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from eligibility import services
from eligibility.calculator.dates import WorkingCalendar
from eligibility.exceptions import RuleSetStateError
from eligibility.models import (
    TERMINATION_REASONS,
    BaseSalary,
    HolidayYear,
    PublicHoliday,
    RegionalMinimumWage,
    RuleSet,
)
from eligibility.selectors import holiday_calendar_warning, rule_sets_published
from identity.models import User

# Fields that stay editable once a rule set is published: they do not change any result.
_TYPO_FIELDS = ("name", "legal_reference")


def _validation_messages(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _dong(amount: int) -> str:
    return f"{number_format(amount, force_grouping=True)} ₫"


class _HistoryAdmin(SimpleHistoryAdmin):
    """History is an audit trail: it can be read, never used to revert (that bypasses checks)."""

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


class RuleSetForm(forms.ModelForm):
    excluded_reasons = forms.TypedMultipleChoiceField(
        label=_("lý do chấm dứt không được hưởng"),
        choices=TERMINATION_REASONS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=RuleSet._meta.get_field("excluded_reasons").help_text,
    )

    class Meta:
        model = RuleSet
        fields = ("identifier", "name", "valid_from", *services.PARAMETER_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A positive field's form bound is 0 with a generic message; use the model's own
        # "must be more than 0" check (months, days) so the message says what is wrong.
        for name, field in self.fields.items():
            model_field = RuleSet._meta.get_field(name)
            if isinstance(field, forms.IntegerField) and isinstance(model_field, models.Field):
                own: list[Any] = [
                    v for v in model_field.validators if isinstance(v, MinValueValidator)
                ]
                if own:
                    field.validators = [
                        v for v in field.validators if not isinstance(v, MinValueValidator)
                    ] + own
                    field.widget.attrs["min"] = own[0].limit_value


@admin.register(RuleSet)
class RuleSetAdmin(_HistoryAdmin):
    form = RuleSetForm
    change_form_template = "admin/eligibility/ruleset/change_form.html"
    list_display = (
        "name",
        "identifier",
        "law",
        "valid_from",
        "applies_until",
        "status",
        "published_at",
    )
    list_filter = ("status", "law")
    search_fields = ("identifier", "name")
    ordering = ("-valid_from",)
    actions = ("publish_selected", "draft_from_selected")
    history_list_display = ("status",)
    fieldsets = (
        (
            _("Bộ quy định"),
            {
                "fields": (
                    "identifier",
                    "name",
                    "law",
                    "legal_reference",
                    "valid_from",
                    "status",
                    "published_at",
                    "published_by",
                )
            },
        ),
        (
            _("Điều kiện hưởng"),
            {
                "fields": (
                    "min_contribution_months",
                    "window_months_indefinite",
                    "window_months_fixed_term",
                    "window_months_seasonal",
                    "excluded_reasons",
                    "filing_deadline_months",
                )
            },
        ),
        (
            _("Mức hưởng"),
            {
                "fields": (
                    "replacement_rate",
                    "averaged_months",
                    "cap_multiplier",
                    "cap_base_enterprise",
                    "cap_base_state",
                    "cap_wage_date",
                )
            },
        ),
        (
            _("Thời gian hưởng"),
            {
                "fields": (
                    "duration_base_months",
                    "duration_base_threshold",
                    "duration_step_months",
                    "duration_max_months",
                )
            },
        ),
        (
            _("Thời điểm hưởng và thời hạn giải quyết"),
            {
                "fields": (
                    "entitlement_start_days",
                    "entitlement_start_unit",
                    "decision_deadline_days",
                    "decision_deadline_unit",
                )
            },
        ),
    )

    @admin.display(description=_("áp dụng đến hết ngày"))
    def applies_until(self, obj: RuleSet) -> Any:
        if not obj.is_published:
            return "—"
        for parameters in rule_sets_published():
            if parameters.identifier == obj.identifier:
                return parameters.valid_until or _("(chưa có bộ quy định sau)")
        return "—"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        always = ["status", "published_at", "published_by"]
        if obj is not None and obj.is_published:
            every_field = [
                field
                for _name, options in self.fieldsets or ()
                for field in options["fields"]
                if field not in _TYPO_FIELDS
            ]
            return list(dict.fromkeys(always + every_field))
        return always

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A published rule set may have judged claims: it stays, for the record.
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would delete published rule sets too
        return actions

    def get_urls(self) -> list[URLPattern]:
        urls = super().get_urls()
        custom = [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="eligibility_ruleset_publish",
            ),
            # Pages other apps add to a rule set (the what-if analysis reads claims, which
            # eligibility never imports): named in settings, each called with the admin site.
            *(
                url
                for name in settings.RULESET_ADMIN_URLS
                for url in import_string(name)(self.admin_site)
            ),
        ]
        return custom + urls

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = extra_context or {}
        extra_context["can_publish"] = self.has_change_permission(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def _publish(self, request: HttpRequest, rule_set: RuleSet) -> bool:
        user = request.user
        assert isinstance(user, User)  # noqa: S101 - admin views require a signed-in user
        try:
            services.rule_set_publish(rule_set=rule_set, actor=user)
        except RuleSetStateError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return False
        except ValidationError as exc:
            self.message_user(
                request,
                _("Không công bố được “%(name)s”: %(errors)s")
                % {"name": rule_set.name, "errors": _validation_messages(exc)},
                messages.ERROR,
            )
            return False
        self.message_user(
            request,
            _("Đã công bố “%(name)s”: áp dụng cho các trường hợp chấm dứt hợp đồng từ %(date)s.")
            % {"name": rule_set.name, "date": rule_set.valid_from.strftime("%d/%m/%Y")},
            messages.SUCCESS,
        )
        return True

    def publish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        rule_set = get_object_or_404(RuleSet, pk=object_id)
        change_url = reverse("admin:eligibility_ruleset_change", args=[rule_set.pk])
        if request.method != "POST" or not self.has_change_permission(request, rule_set):
            return HttpResponseRedirect(change_url)
        self._publish(request, rule_set)
        return HttpResponseRedirect(change_url)

    @admin.action(description=_("Công bố các bản nháp đã chọn"), permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[RuleSet]) -> None:
        for rule_set in queryset.order_by("valid_from"):
            self._publish(request, rule_set)

    @admin.action(
        description=_("Tạo bản nháp từ các bộ quy định đã chọn (để sửa rồi công bố)"),
        permissions=["add"],
    )
    def draft_from_selected(self, request: HttpRequest, queryset: QuerySet[RuleSet]) -> None:
        user = request.user
        assert isinstance(user, User)  # noqa: S101 - admin views require a signed-in user
        for source in queryset:
            draft = services.rule_set_draft_from(source=source, actor=user)
            self.message_user(
                request,
                _("Đã tạo bản nháp “%(identifier)s”. Sửa ngày áp dụng và các tham số, rồi công bố.")
                % {"identifier": draft.identifier},
                messages.SUCCESS,
            )


@admin.register(RegionalMinimumWage)
class RegionalMinimumWageAdmin(_HistoryAdmin):
    list_display = ("valid_from", "region", "amount_display", "legal_reference")
    list_filter = ("region", "valid_from")
    ordering = ("-valid_from", "region")
    date_hierarchy = "valid_from"

    @admin.display(description=_("mức lương tối thiểu tháng"), ordering="amount")
    def amount_display(self, obj: RegionalMinimumWage) -> str:
        return _dong(obj.amount)


@admin.register(BaseSalary)
class BaseSalaryAdmin(_HistoryAdmin):
    list_display = ("valid_from", "amount_display", "legal_reference")
    ordering = ("-valid_from",)

    @admin.display(description=_("mức lương cơ sở"), ordering="amount")
    def amount_display(self, obj: BaseSalary) -> str:
        return _dong(obj.amount)


@admin.register(PublicHoliday)
class PublicHolidayAdmin(_HistoryAdmin):
    list_display = ("date", "weekday", "name", "legal_reference")
    search_fields = ("name",)
    ordering = ("-date",)
    date_hierarchy = "date"

    @admin.display(description=_("thứ"))
    def weekday(self, obj: PublicHoliday) -> str:
        return _weekday(obj.date)


def _weekday(day: Any) -> str:
    return str(WEEKDAYS[day.weekday()])


@admin.register(HolidayYear)
class HolidayYearAdmin(_HistoryAdmin):
    """Each year of the holiday calendar with its status; confirm it once checked.

    A provisional year was computed (the `holidays` package + Labour Code Art. 111.3): correct
    its days under "ngày nghỉ lễ, Tết", then confirm it here against the government's schedule.
    """

    list_display = ("year", "status_display", "days_off", "confirmed_by", "confirmed_at")
    list_filter = ("status",)
    ordering = ("year",)
    fields = ("year", "status", "source", "confirmed_by", "confirmed_at", "calendar")
    readonly_fields = ("year", "status", "confirmed_by", "confirmed_at", "calendar")
    actions = ("confirm_years",)

    @admin.display(description=_("trạng thái"), ordering="status")
    def status_display(self, obj: HolidayYear) -> str:
        css = "confirmed" if obj.is_confirmed else "provisional"
        return format_html(
            '<span class="holiday-year holiday-year--{}">{}</span>', css, obj.get_status_display()
        )

    @admin.display(description=_("số ngày nghỉ trong tuần làm việc"))
    def days_off(self, obj: HolidayYear) -> int:
        days = PublicHoliday.objects.filter(date__year=obj.year).values_list("date", flat=True)
        first, last = date(obj.year, 1, 1), date(obj.year, 12, 31)
        return len(WorkingCalendar(days).holidays_between(first, last))

    @admin.display(description=_("lịch nghỉ của năm"))
    def calendar(self, obj: HolidayYear) -> str:
        if obj.pk is None:
            return "—"
        rows = PublicHoliday.objects.filter(date__year=obj.year).order_by("date")
        url = reverse("admin:eligibility_publicholiday_changelist") + f"?date__year={obj.year}"
        table = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (f"{row.date:%d/%m/%Y}", _weekday(row.date), row.name, row.legal_reference)
                for row in rows
            ),
        )
        return format_html(
            '<table class="holiday-calendar"><caption>{}</caption><thead><tr>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>'
            '<p><a href="{}">{}</a></p>',
            _("Lịch nghỉ lễ, Tết năm %(year)s: %(status)s")
            % {"year": obj.year, "status": obj.get_status_display()},
            _("ngày"),
            _("thứ"),
            _("tên ngày nghỉ"),
            _("căn cứ pháp lý"),
            table,
            url,
            _("Sửa các ngày nghỉ của năm này"),
        )

    @admin.action(description=_("Xác nhận lịch nghỉ của các năm đã chọn (đã đối chiếu)"))
    def confirm_years(self, request: HttpRequest, queryset: QuerySet[HolidayYear]) -> None:
        count = 0
        for year in queryset.filter(status=HolidayYear.Status.PROVISIONAL):
            services.holiday_year_confirm(year=year, actor=request.user)  # type: ignore[arg-type]
            count += 1
        self.message_user(
            request,
            _("Đã xác nhận lịch nghỉ của %(count)s năm.") % {"count": count},
            messages.SUCCESS,
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        warning = holiday_calendar_warning()
        if warning and request.method == "GET":
            messages.warning(request, warning)
        return super().changelist_view(request, extra_context)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A year is added with its computed days (calendar_extend: `manage.py holiday_calendar`,
        # daily by Celery beat), never empty: an empty year would count every weekday as working.
        return False
