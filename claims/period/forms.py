"""The benefit period's forms: the worker's monthly notification (one question a page), "I found a
job", and the center's in-person notification, exemption and termination proposal.

Every form refuses bad input with a message in the reader's language next to the field; nothing
is stored until the service is called with cleaned data.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import NotificationExemption
from common.forms import AccessibleFormMixin

YES, NO = "yes", "no"

#: The kinds of job-search activity the monthly notification asks about (RULES.md).
SEARCH_KINDS = [
    ("employer", _("Liên hệ nhà tuyển dụng")),
    ("job_fair", _("Tham gia phiên giao dịch việc làm, hội chợ việc làm")),
    ("application", _("Nộp hồ sơ xin việc")),
    ("other", _("Cách khác (trang tuyển dụng, người quen giới thiệu...)")),
]
SEARCH_KIND_LABELS = dict(SEARCH_KINDS)
#: Entries one notification may hold: a short log, not a diary.
MAX_SEARCH_ENTRIES = 10

#: Events the worker can report (the event codes of the engine, Law 74/2025 Art. 41.4).
EVENT_NONE = "none"
EVENT_OTHER = "other"
EVENTS = [
    (EVENT_NONE, _("Không có gì thay đổi")),
    ("job_started", _("Tôi đã có việc làm (ký hợp đồng lao động, có đóng bảo hiểm xã hội)")),
    ("military_service", _("Tôi đi nghĩa vụ quân sự, nghĩa vụ công an")),
    ("study", _("Tôi đi học tập có thời hạn từ 12 tháng trở lên")),
    ("emigration", _("Tôi ra nước ngoài định cư hoặc đi làm việc ở nước ngoài")),
    ("pension", _("Tôi được hưởng lương hưu hằng tháng")),
    (EVENT_OTHER, _("Việc khác")),
]
EVENT_LABELS = dict(EVENTS)
#: The events that end the benefit (Art. 41.4 letters) when the worker reports them.
ENDING_EVENTS = {
    "job_started": "a",
    "military_service": "b",
    "pension": "c",
    "emigration": "e",
    "study": "g",
}

#: The grounds a worker may report at any time ("I found a job", or another one).
WORKER_GROUNDS = [
    ("job_started", _("Tôi đã có việc làm")),
    ("military_service", _("Tôi đi nghĩa vụ quân sự, nghĩa vụ công an")),
    ("study", _("Tôi đi học tập có thời hạn từ 12 tháng trở lên")),
    ("emigration", _("Tôi ra nước ngoài định cư hoặc đi làm việc ở nước ngoài")),
    ("pension", _("Tôi được hưởng lương hưu hằng tháng")),
    ("worker_request", _("Tôi không muốn tiếp tục hưởng trợ cấp")),
]
WORKER_GROUND_LABELS = dict(WORKER_GROUNDS)

#: Why a worker is exempt from coming in person (RULES.md: with a document).
EXEMPTIONS = NotificationExemption.Reason.choices

#: Grounds an officer may propose (Art. 41.4, every letter but đ, which the engine applies
#: itself after three missed windows) with the engine's event code.
STAFF_GROUNDS = [
    ("job_started", _("a. Có việc làm thuộc diện đóng bảo hiểm xã hội bắt buộc")),
    ("military_service", _("b. Thực hiện nghĩa vụ quân sự, nghĩa vụ công an")),
    ("pension", _("c. Hưởng lương hưu hằng tháng")),
    ("job_offer_refused", _("d. Hai lần từ chối việc làm do trung tâm giới thiệu")),
    ("emigration", _("e. Ra nước ngoài định cư, đi làm việc ở nước ngoài")),
    ("study", _("g. Đi học tập có thời hạn từ 12 tháng trở lên")),
    ("fine", _("h. Bị xử phạt vi phạm hành chính về bảo hiểm thất nghiệp")),
    ("death", _("i. Chết")),
    ("rehabilitation", _("k. Chấp hành quyết định đưa vào cơ sở giáo dục, cai nghiện bắt buộc")),
    ("missing", _("l. Bị Tòa án tuyên bố mất tích")),
    ("detention", _("m. Bị tạm giam, chấp hành hình phạt tù")),
    ("worker_request", _("n. Theo đề nghị của người lao động")),
]
STAFF_GROUND_LABELS = dict(STAFF_GROUNDS)

_DATE_WIDGET = {"type": "date"}
#: How far ahead a reported event may lie (a job that starts next month is reported now).
EVENT_MAX_AHEAD = timedelta(days=92)


def _date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs=_DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={
            "required": _("Hãy nhập ngày."),
            "invalid": _("Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 03/08/2026."),
        },
    )


def _yes_no(label: Any, yes: Any, no: Any, required_message: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[(YES, yes), (NO, no)],
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


class StillUnemployedForm(AccessibleFormMixin, forms.Form):
    still_unemployed = _yes_no(
        _("Bạn vẫn chưa có việc làm?"),
        _("Đúng, tôi vẫn chưa có việc làm"),
        _("Không, tôi đã có việc làm"),
        _("Hãy cho biết bạn đã có việc làm hay chưa."),
    )


class JobSearchEntryForm(AccessibleFormMixin, forms.Form):
    """One line of the job-search log; `month_start` bounds the date (this benefit month)."""

    kind = forms.ChoiceField(
        label=_("Bạn đã làm gì?"),
        choices=SEARCH_KINDS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn bạn đã tìm việc bằng cách nào."),
            "invalid_choice": _("Hãy chọn bạn đã tìm việc bằng cách nào."),
        },
    )
    place = forms.CharField(
        label=_("Ở đâu, với ai?"),
        help_text=_("Tên doanh nghiệp, phiên giao dịch việc làm hoặc trang tuyển dụng"),
        max_length=200,
        error_messages={
            "required": _("Hãy nhập tên doanh nghiệp hoặc nơi bạn tìm việc."),
            "max_length": _("Hãy nhập tối đa %(limit_value)d ký tự."),
        },
    )
    on = _date_field(_("Ngày"), help_text=_("Ví dụ 03/08/2026"))

    def __init__(self, *args: Any, earliest: date, today: date, **kwargs: Any) -> None:
        self.earliest, self.today = earliest, today
        super().__init__(*args, **kwargs)

    def clean_place(self) -> str:
        value = " ".join(self.cleaned_data["place"].split())
        if not value:
            raise forms.ValidationError(_("Hãy nhập tên doanh nghiệp hoặc nơi bạn tìm việc."))
        if any(ord(ch) < 32 for ch in value):
            raise forms.ValidationError(_("Tên có ký tự không hợp lệ."))
        return value

    def clean_on(self) -> date:
        value: date = self.cleaned_data["on"]
        if value > self.today:
            raise forms.ValidationError(_("Ngày tìm việc không thể ở tương lai."))
        if value < self.earliest:
            raise forms.ValidationError(
                _("Hãy ghi các lần tìm việc từ ngày %(day)s trở đi.")
                % {"day": self.earliest.strftime("%d/%m/%Y")}
            )
        return value

    def entry(self) -> dict[str, str]:
        """The cleaned entry as MonthlyNotification.job_search_log stores it (date in ISO form)."""
        data = self.cleaned_data
        return {"kind": data["kind"], "where": data["place"], "date": data["on"].isoformat()}


class AvailableForm(AccessibleFormMixin, forms.Form):
    available = _yes_no(
        _("Bạn có sẵn sàng đi làm ngay nếu có việc phù hợp?"),
        _("Có, tôi sẵn sàng đi làm"),
        _("Không, hiện tôi chưa thể đi làm"),
        _("Hãy cho biết bạn có sẵn sàng đi làm hay không."),
    )
    reason = forms.CharField(
        label=_("Vì sao bạn chưa thể đi làm?"),
        help_text=_("Chỉ cần trả lời nếu bạn chọn “Không”. Ví dụ: đang ốm, đang chăm con nhỏ"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Hãy nhập tối đa %(limit_value)d ký tự.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("available") == NO and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Hãy cho biết vì sao bạn chưa thể đi làm."))
        if data.get("available") == YES:
            data["reason"] = ""
        return data


class EventForm(AccessibleFormMixin, forms.Form):
    event = forms.ChoiceField(
        label=_("Bạn có thay đổi nào cần báo cho trung tâm?"),
        choices=EVENTS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn một mục, hoặc “Không có gì thay đổi”."),
            "invalid_choice": _("Hãy chọn một mục, hoặc “Không có gì thay đổi”."),
        },
    )
    on = _date_field(
        _("Từ ngày nào?"),
        required=False,
        help_text=_("Với việc làm mới: ngày bắt đầu làm việc. Ví dụ 03/08/2026"),
    )
    detail = forms.CharField(
        label=_("Nội dung (không bắt buộc, trừ khi chọn “Việc khác”)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Hãy nhập tối đa %(limit_value)d ký tự.")},
    )

    def __init__(self, *args: Any, earliest: date, today: date, **kwargs: Any) -> None:
        self.earliest, self.today = earliest, today
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        event = data.get("event")
        if not event or event == EVENT_NONE:
            data["on"], data["detail"] = None, ""
            return data
        on = data.get("on")
        if on is None and "on" not in self.errors:
            self.add_error("on", _("Hãy nhập ngày xảy ra thay đổi."))
        elif on is not None:
            _check_event_day(self, "on", on, earliest=self.earliest, today=self.today)
        if event == EVENT_OTHER and not (data.get("detail") or "").strip():
            self.add_error("detail", _("Hãy cho biết thay đổi là gì."))
        return data


def _check_event_day(
    form: forms.Form, field: str, on: date, *, earliest: date, today: date
) -> None:
    if on < earliest:
        form.add_error(
            field,
            _("Ngày này trước khi bạn bắt đầu hưởng trợ cấp (%(day)s).")
            % {"day": earliest.strftime("%d/%m/%Y")},
        )
    elif on > today + EVENT_MAX_AHEAD:
        form.add_error(field, _("Ngày này quá xa. Hãy báo khi còn không quá 3 tháng."))


class ProofForm(AccessibleFormMixin, forms.Form):
    proof = forms.FileField(
        label=_("Giấy tờ chứng minh (không bắt buộc)"),
        help_text=_(
            "Ví dụ: phiếu hẹn phỏng vấn, giấy mời của doanh nghiệp. Tệp PDF, JPG hoặc PNG, tối đa 10 MB."
        ),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={
            "invalid": _("Không đọc được tệp. Hãy chọn lại tệp."),
            "empty": _("Tệp trống. Hãy chọn lại tệp."),
        },
    )


class ConfirmForm(AccessibleFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("Tôi cam đoan những thông tin trên là đúng sự thật."),
        error_messages={"required": _("Hãy đánh dấu để cam đoan thông tin là đúng.")},
    )


class EndForm(AccessibleFormMixin, forms.Form):
    """ "I found a job" (or another ground), reported by the worker at any time."""

    ground = forms.ChoiceField(
        label=_("Điều gì đã thay đổi?"),
        choices=WORKER_GROUNDS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn điều đã thay đổi."),
            "invalid_choice": _("Hãy chọn điều đã thay đổi."),
        },
    )
    on = _date_field(
        _("Từ ngày nào?"),
        help_text=_("Với việc làm mới: ngày bắt đầu làm việc. Ví dụ 03/08/2026"),
    )
    employer = forms.CharField(
        label=_("Tên đơn vị (nếu có việc làm mới, không bắt buộc)"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Hãy nhập tối đa %(limit_value)d ký tự.")},
    )

    def __init__(self, *args: Any, earliest: date, today: date, **kwargs: Any) -> None:
        self.earliest, self.today = earliest, today
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        on = data.get("on")
        if on is not None:
            _check_event_day(self, "on", on, earliest=self.earliest, today=self.today)
        data["employer"] = " ".join((data.get("employer") or "").split())
        return data


class InPersonForm(AccessibleFormMixin, forms.Form):
    """Staff: the worker came (or could not come, for a reason the law accepts) this month."""

    on = _date_field(_("Ngày người lao động thông báo"))
    looked_for_work = forms.CharField(
        label=_("Người lao động đã tìm việc ở đâu"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Hãy ghi người lao động đã tìm việc ở đâu."),
            "max_length": _("Hãy nhập tối đa %(limit_value)d ký tự."),
        },
    )
    available = forms.BooleanField(
        label=_("Người lao động sẵn sàng làm việc"), required=False, initial=True
    )
    note = forms.CharField(
        label=_("Ghi chú (không bắt buộc)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Hãy nhập tối đa %(limit_value)d ký tự.")},
    )

    def __init__(self, *args: Any, window: tuple[date, date], **kwargs: Any) -> None:
        self.window = window
        super().__init__(*args, **kwargs)

    def clean_on(self) -> date:
        value: date = self.cleaned_data["on"]
        first, last = self.window
        if not first <= value <= last:
            raise forms.ValidationError(
                _("Ngày phải nằm trong kỳ thông báo, từ %(first)s đến %(last)s.")
                % {"first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")}
            )
        return value


class ExemptionForm(AccessibleFormMixin, forms.Form):
    """Staff: this month the worker need not come in person (the window still applies)."""

    reason = forms.ChoiceField(
        label=_("Lý do được miễn đến trực tiếp"),
        choices=EXEMPTIONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn lý do được miễn."),
            "invalid_choice": _("Hãy chọn lý do được miễn."),
        },
    )
    note = forms.CharField(
        label=_("Giấy tờ chứng minh (tên, số, ngày của giấy tờ)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Hãy ghi giấy tờ chứng minh lý do được miễn."),
            "max_length": _("Hãy nhập tối đa %(limit_value)d ký tự."),
        },
    )

    def clean_note(self) -> str:
        value = self.cleaned_data["note"].strip()
        if not value:
            raise forms.ValidationError(_("Hãy ghi giấy tờ chứng minh lý do được miễn."))
        return value


class TerminationProposeForm(AccessibleFormMixin, forms.Form):
    ground = forms.ChoiceField(
        label=_("Căn cứ chấm dứt (Điều 41 khoản 4 Luật Việc làm 2025)"),
        choices=STAFF_GROUNDS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn căn cứ chấm dứt."),
            "invalid_choice": _("Hãy chọn căn cứ chấm dứt."),
        },
    )
    on = _date_field(_("Ngày xảy ra sự việc"))
    reported = forms.BooleanField(
        label=_("Người lao động đã tự thông báo sự việc này"),
        required=False,
    )
    explanation = forms.CharField(
        label=_("Lý do, căn cứ (người lao động sẽ đọc được)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Hãy ghi lý do đề xuất chấm dứt."),
            "max_length": _("Hãy nhập tối đa %(limit_value)d ký tự."),
        },
    )

    def __init__(self, *args: Any, earliest: date, today: date, **kwargs: Any) -> None:
        self.earliest, self.today = earliest, today
        super().__init__(*args, **kwargs)

    def clean_on(self) -> date:
        value: date = self.cleaned_data["on"]
        if value < self.earliest:
            raise forms.ValidationError(
                _("Ngày này trước ngày bắt đầu hưởng (%(day)s).")
                % {"day": self.earliest.strftime("%d/%m/%Y")}
            )
        if value > self.today:
            raise forms.ValidationError(_("Ngày xảy ra sự việc không thể ở tương lai."))
        return value

    def clean_explanation(self) -> str:
        value = self.cleaned_data["explanation"].strip()
        if not value:
            raise forms.ValidationError(_("Hãy ghi lý do đề xuất chấm dứt."))
        return value


class SignForm(AccessibleFormMixin, forms.Form):
    action = forms.ChoiceField(
        choices=[("sign", _("Ký duyệt")), ("return", _("Trả lại"))],
        widget=forms.HiddenInput,
        error_messages={"required": _("Hãy chọn ký duyệt hoặc trả lại.")},
    )
    comment = forms.CharField(
        label=_("Ý kiến (bắt buộc khi trả lại)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Hãy nhập tối đa %(limit_value)d ký tự.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Hãy ghi lý do trả lại."))
        return data
