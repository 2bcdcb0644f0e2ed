"""The only code that changes the jobs catalogue: posting vacancies, fairs and programs, and
the worker's applications, fair registrations and interest.

Each change runs in a transaction on a locked row and is kept by simple_history with its actor
(`_history_user`) and a reason (`_change_reason`). A refusal is a CatalogueError whose message
is shown to the user as it is; nothing changes then.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.notifications.services import notify
from identity.models import EmploymentServiceCenter, User
from jobs.catalogue.models import (
    FairEmployer,
    FairRegistration,
    JobFair,
    OverseasProgram,
    ProgramInterest,
    PublishStatus,
    Vacancy,
    VacancyApplication,
)

M = TypeVar("M", bound=models.Model)


class CatalogueError(Exception):
    """A change the catalogue refuses, with the message for the user (in their language)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _save(obj: M, *, actor: User, reason: str, **kwargs: Any) -> M:
    obj._history_user = actor  # type: ignore[attr-defined]  # read by simple_history
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save(**kwargs)
    return obj


def _today() -> date:
    return timezone.localdate()


def _set_fields(obj: models.Model, data: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    for name, value in data.items():
        setattr(obj, name, value)


# --- Vacancies ------------------------------------------------------------------------------

VACANCY_FIELDS = {
    "title",
    "occupation",
    "sector",
    "province_code",
    "address",
    "latitude",
    "longitude",
    "wage_min",
    "wage_max",
    "contract_type",
    "positions",
    "requirements",
    "benefits",
    "deadline",
}


def _check_vacancy(vacancy: Vacancy) -> None:
    if vacancy.wage_max is not None and vacancy.wage_max < vacancy.wage_min:
        raise CatalogueError(_("Mức lương tối đa phải lớn hơn hoặc bằng mức lương tối thiểu."))
    if vacancy.status == PublishStatus.OPEN and vacancy.deadline < _today():
        raise CatalogueError(_("Hạn nộp hồ sơ đã qua: hãy chọn một ngày từ hôm nay trở đi."))


def _province_center(province_code: str) -> EmploymentServiceCenter | None:
    return EmploymentServiceCenter.objects.filter(province_code=province_code).first()


@transaction.atomic
def vacancy_create(
    *,
    actor: User,
    data: dict[str, Any],
    employer_tax_code: str = "",
    employer_name: str,
    center: EmploymentServiceCenter | None = None,
    publish: bool = True,
) -> Vacancy:
    """A new vacancy: an employer's (their tax code; the province's center looks after it) or a
    center's (center set; tax code empty for a small employer without one)."""
    vacancy = Vacancy(
        employer_tax_code=employer_tax_code,
        employer_name=" ".join(employer_name.split())[:200],
        posted_by=actor,
        status=PublishStatus.OPEN if publish else PublishStatus.DRAFT,
    )
    _set_fields(vacancy, data, VACANCY_FIELDS)
    vacancy.center = center or _province_center(vacancy.province_code)
    _check_vacancy(vacancy)
    return _save(vacancy, actor=actor, reason="created")


def _locked_vacancy(vacancy: Vacancy) -> Vacancy:
    return Vacancy.objects.select_for_update().get(pk=vacancy.pk)


@transaction.atomic
def vacancy_update(*, actor: User, vacancy: Vacancy, data: dict[str, Any]) -> Vacancy:
    locked = _locked_vacancy(vacancy)
    if locked.status == PublishStatus.CLOSED:
        raise CatalogueError(_("Tin tuyển dụng đã đóng, không sửa được nữa."))
    _set_fields(locked, data, VACANCY_FIELDS)
    if locked.employer_tax_code and "province_code" in data:
        locked.center = _province_center(locked.province_code)
    _check_vacancy(locked)
    return _save(locked, actor=actor, reason="edited")


@transaction.atomic
def vacancy_publish(*, actor: User, vacancy: Vacancy) -> Vacancy:
    locked = _locked_vacancy(vacancy)
    if locked.status != PublishStatus.DRAFT:
        raise CatalogueError(_("Chỉ đăng được tin đang là bản nháp."))
    locked.status = PublishStatus.OPEN
    _check_vacancy(locked)
    return _save(locked, actor=actor, reason="published")


@transaction.atomic
def vacancy_close(*, actor: User, vacancy: Vacancy) -> Vacancy:
    locked = _locked_vacancy(vacancy)
    if locked.status == PublishStatus.CLOSED:
        raise CatalogueError(_("Tin tuyển dụng này đã đóng."))
    locked.status = PublishStatus.CLOSED
    return _save(locked, actor=actor, reason="closed")


def _takes_applications(vacancy: Vacancy) -> bool:
    return vacancy.status == PublishStatus.OPEN and vacancy.deadline >= _today()


@transaction.atomic
def application_submit(
    *, actor: User, vacancy: Vacancy, phone: str, message: str = ""
) -> VacancyApplication:
    """Apply to an open vacancy; applying again after withdrawing takes the same row back."""
    locked = _locked_vacancy(vacancy)
    if not _takes_applications(locked):
        raise CatalogueError(_("Tin tuyển dụng này không còn nhận hồ sơ."))
    now = timezone.now()
    application = (
        VacancyApplication.objects.select_for_update().filter(vacancy=locked, user=actor).first()
    )
    if application is not None and application.status == VacancyApplication.Status.APPLIED:
        raise CatalogueError(_("Bạn đã ứng tuyển vị trí này."))
    if application is None:
        application = VacancyApplication(vacancy=locked, user=actor)
    application.phone = phone
    application.message = message
    application.status = VacancyApplication.Status.APPLIED
    application.applied_at = now
    application.withdrawn_at = None
    return _save(application, actor=actor, reason="applied")


@transaction.atomic
def application_withdraw(*, actor: User, application: VacancyApplication) -> VacancyApplication:
    locked = VacancyApplication.objects.select_for_update().get(pk=application.pk)
    if locked.user_id != actor.pk:
        raise CatalogueError(_("Không tìm thấy hồ sơ ứng tuyển."))
    if locked.status != VacancyApplication.Status.APPLIED:
        raise CatalogueError(_("Hồ sơ ứng tuyển này đã được rút."))
    locked.status = VacancyApplication.Status.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    return _save(locked, actor=actor, reason="withdrawn")


# --- Job fairs ------------------------------------------------------------------------------

FAIR_FIELDS = {
    "title",
    "date",
    "start_time",
    "end_time",
    "place",
    "address",
    "province_code",
    "capacity",
    "description",
}


def _check_fair(fair: JobFair) -> None:
    if fair.end_time <= fair.start_time:
        raise CatalogueError(_("Giờ kết thúc phải sau giờ bắt đầu."))
    if fair.status == JobFair.Status.OPEN and fair.date < _today():
        raise CatalogueError(_("Ngày tổ chức đã qua: hãy chọn một ngày từ hôm nay trở đi."))
    if fair.pk is not None:
        taken = fair.registrations.filter(status=FairRegistration.Status.REGISTERED).count()
        if fair.capacity < taken:
            raise CatalogueError(
                _("Đã có %(count)s người đăng ký: số chỗ không được ít hơn.") % {"count": taken}
            )


@transaction.atomic
def fair_create(
    *, actor: User, center: EmploymentServiceCenter, data: dict[str, Any], publish: bool = True
) -> JobFair:
    fair = JobFair(
        center=center,
        posted_by=actor,
        status=JobFair.Status.OPEN if publish else JobFair.Status.DRAFT,
    )
    _set_fields(fair, data, FAIR_FIELDS)
    _check_fair(fair)
    return _save(fair, actor=actor, reason="created")


def _locked_fair(fair: JobFair) -> JobFair:
    return JobFair.objects.select_for_update().get(pk=fair.pk)


@transaction.atomic
def fair_update(*, actor: User, fair: JobFair, data: dict[str, Any]) -> JobFair:
    locked = _locked_fair(fair)
    if locked.status == JobFair.Status.CANCELLED:
        raise CatalogueError(_("Hội chợ đã hủy, không sửa được nữa."))
    _set_fields(locked, data, FAIR_FIELDS)
    _check_fair(locked)
    return _save(locked, actor=actor, reason="edited")


@transaction.atomic
def fair_publish(*, actor: User, fair: JobFair) -> JobFair:
    locked = _locked_fair(fair)
    if locked.status != JobFair.Status.DRAFT:
        raise CatalogueError(_("Chỉ đăng được hội chợ đang là bản nháp."))
    locked.status = JobFair.Status.OPEN
    _check_fair(locked)
    return _save(locked, actor=actor, reason="published")


@transaction.atomic
def fair_cancel(*, actor: User, fair: JobFair) -> JobFair:
    """Cancel a fair and tell every worker still registered for it (an in-app notification,
    e-mailed after commit, in the reader's language: jobs.offers.hooks.JOB_FAIR_CANCELLED).
    Their registrations stay as they were: the staff fair page still lists who had a seat."""
    locked = _locked_fair(fair)
    if locked.status == JobFair.Status.CANCELLED:
        raise CatalogueError(_("Hội chợ này đã hủy."))
    locked.status = JobFair.Status.CANCELLED
    _save(locked, actor=actor, reason="cancelled")
    params = {
        "title": locked.title,
        "date": f"{locked.date:%d/%m/%Y}",
        "place": locked.place,
        # The cancelled fair has no page any more (404): the link leads to the other fairs.
        "path": reverse("jobs:fairs"),
    }
    registered = locked.registrations.filter(status=FairRegistration.Status.REGISTERED)
    for registration in registered.select_related("user").order_by("pk"):
        notify(user=registration.user, kind="job_fair_cancelled", params=params)
    return locked


@transaction.atomic
def fair_employer_add(
    *,
    actor: User,
    fair: JobFair,
    employer_name: str,
    employer_tax_code: str = "",
    booth: str = "",
    vacancies: list[Vacancy] | None = None,
) -> FairEmployer:
    locked = _locked_fair(fair)
    name = " ".join(employer_name.split())[:200]
    if locked.employers.filter(employer_tax_code=employer_tax_code, employer_name=name).exists():
        raise CatalogueError(_("Doanh nghiệp này đã có trong danh sách tham gia."))
    entry = _save(
        FairEmployer(
            fair=locked, employer_tax_code=employer_tax_code, employer_name=name, booth=booth
        ),
        actor=actor,
        reason="employer added",
    )
    if vacancies:
        entry.vacancies.set(vacancies)
    return entry


@transaction.atomic
def fair_employer_remove(*, actor: User, entry: FairEmployer) -> None:
    _locked_fair(entry.fair)
    entry._history_user = actor  # type: ignore[attr-defined]  # read by simple_history
    entry._change_reason = "employer removed"  # type: ignore[attr-defined]
    entry.delete()


def fair_takes_registrations(fair: JobFair, *, today: date | None = None) -> bool:
    return fair.status == JobFair.Status.OPEN and fair.date >= (today or _today())


@transaction.atomic
def fair_register(*, actor: User, fair: JobFair, phone: str) -> FairRegistration:
    """Take a seat at a fair: one per worker and fair; refused when the fair is full.

    The fair's row is locked first, so two workers taking the last seat at once are counted
    one after the other: one gets it, the other is told the fair is full.
    """
    locked = _locked_fair(fair)
    if not fair_takes_registrations(locked):
        raise CatalogueError(_("Hội chợ này không còn nhận đăng ký."))
    registration = (
        FairRegistration.objects.select_for_update().filter(fair=locked, user=actor).first()
    )
    if registration is not None and registration.status == FairRegistration.Status.REGISTERED:
        raise CatalogueError(_("Bạn đã đăng ký tham dự hội chợ này."))
    taken = locked.registrations.filter(status=FairRegistration.Status.REGISTERED).count()
    if taken >= locked.capacity:
        raise CatalogueError(_("Hội chợ đã hết chỗ."))
    if registration is None:
        registration = FairRegistration(fair=locked, user=actor)
    registration.phone = phone
    registration.status = FairRegistration.Status.REGISTERED
    registration.registered_at = timezone.now()
    registration.cancelled_at = None
    # The fair's lock also orders the same worker's two tabs: the second finds the first's row.
    return _save(registration, actor=actor, reason="registered")


@transaction.atomic
def fair_registration_cancel(*, actor: User, registration: FairRegistration) -> FairRegistration:
    locked = FairRegistration.objects.select_for_update().get(pk=registration.pk)
    if locked.user_id != actor.pk:
        raise CatalogueError(_("Không tìm thấy đăng ký."))
    if locked.status != FairRegistration.Status.REGISTERED:
        raise CatalogueError(_("Đăng ký này đã được hủy."))
    locked.status = FairRegistration.Status.CANCELLED
    locked.cancelled_at = timezone.now()
    return _save(locked, actor=actor, reason="cancelled")


# --- Overseas programs ----------------------------------------------------------------------

PROGRAM_FIELDS = {
    "name",
    "country",
    "sector",
    "description",
    "wage_currency",
    "wage_min",
    "wage_max",
    "wage_min_dong",
    "wage_max_dong",
    "wage_note",
    "language_requirement",
    "costs",
    "cost_total_dong",
    "loans",
    "loan_max_dong",
    "pre_departure_training",
    "training_course",
    "enterprise_name",
    "enterprise_license_number",
    "deadline",
    "seats",
}


def _check_program(program: OverseasProgram) -> None:
    if program.wage_max is not None and program.wage_max < program.wage_min:
        raise CatalogueError(_("Mức lương tối đa phải lớn hơn hoặc bằng mức lương tối thiểu."))
    if program.wage_max_dong is not None and program.wage_max_dong < program.wage_min_dong:
        raise CatalogueError(_("Mức lương quy đổi tối đa phải lớn hơn hoặc bằng mức tối thiểu."))
    if program.status == PublishStatus.OPEN and program.deadline < _today():
        raise CatalogueError(_("Hạn đăng ký đã qua: hãy chọn một ngày từ hôm nay trở đi."))


@transaction.atomic
def program_create(
    *, actor: User, center: EmploymentServiceCenter, data: dict[str, Any], publish: bool = True
) -> OverseasProgram:
    program = OverseasProgram(
        center=center,
        posted_by=actor,
        status=PublishStatus.OPEN if publish else PublishStatus.DRAFT,
    )
    _set_fields(program, data, PROGRAM_FIELDS)
    _check_program(program)
    return _save(program, actor=actor, reason="created")


def _locked_program(program: OverseasProgram) -> OverseasProgram:
    return OverseasProgram.objects.select_for_update().get(pk=program.pk)


@transaction.atomic
def program_update(
    *, actor: User, program: OverseasProgram, data: dict[str, Any]
) -> OverseasProgram:
    locked = _locked_program(program)
    if locked.status == PublishStatus.CLOSED:
        raise CatalogueError(_("Chương trình đã đóng, không sửa được nữa."))
    _set_fields(locked, data, PROGRAM_FIELDS)
    _check_program(locked)
    return _save(locked, actor=actor, reason="edited")


@transaction.atomic
def program_publish(*, actor: User, program: OverseasProgram) -> OverseasProgram:
    locked = _locked_program(program)
    if locked.status != PublishStatus.DRAFT:
        raise CatalogueError(_("Chỉ đăng được chương trình đang là bản nháp."))
    locked.status = PublishStatus.OPEN
    _check_program(locked)
    return _save(locked, actor=actor, reason="published")


@transaction.atomic
def program_close(*, actor: User, program: OverseasProgram) -> OverseasProgram:
    locked = _locked_program(program)
    if locked.status == PublishStatus.CLOSED:
        raise CatalogueError(_("Chương trình này đã đóng."))
    locked.status = PublishStatus.CLOSED
    return _save(locked, actor=actor, reason="closed")


def program_takes_interest(program: OverseasProgram, *, today: date | None = None) -> bool:
    return program.status == PublishStatus.OPEN and program.deadline >= (today or _today())


@transaction.atomic
def program_interest_register(
    *, actor: User, program: OverseasProgram, phone: str, note: str = ""
) -> ProgramInterest:
    locked = _locked_program(program)
    if not program_takes_interest(locked):
        raise CatalogueError(_("Chương trình này không còn nhận đăng ký."))
    interest = (
        ProgramInterest.objects.select_for_update().filter(program=locked, user=actor).first()
    )
    if interest is not None and interest.status == ProgramInterest.Status.INTERESTED:
        raise CatalogueError(_("Bạn đã đăng ký quan tâm chương trình này."))
    if interest is None:
        interest = ProgramInterest(program=locked, user=actor)
    interest.phone = phone
    interest.note = note
    interest.status = ProgramInterest.Status.INTERESTED
    interest.registered_at = timezone.now()
    interest.withdrawn_at = None
    return _save(interest, actor=actor, reason="interested")


@transaction.atomic
def program_interest_withdraw(*, actor: User, interest: ProgramInterest) -> ProgramInterest:
    locked = ProgramInterest.objects.select_for_update().get(pk=interest.pk)
    if locked.user_id != actor.pk:
        raise CatalogueError(_("Không tìm thấy đăng ký."))
    if locked.status != ProgramInterest.Status.INTERESTED:
        raise CatalogueError(_("Đăng ký này đã được rút."))
    locked.status = ProgramInterest.Status.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    return _save(locked, actor=actor, reason="withdrawn")
