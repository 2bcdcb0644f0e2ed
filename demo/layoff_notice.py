"""The demo's Hanwoo Vina layoff notice (issue 17): the factory's list of its 2,600 workers,
filed by its HR representative on the closure day and confirmed, so that every worker without
a claim yet finds one prefilled (with the agency's signed extract) when they sign in.

Made through the employer's own services (employers.services: the notice, the list checked
against the store, the confirmation) and employers.prefill, as a person at the factory would
by uploading the list; idempotent: a confirmed notice of the factory is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from demo import dataset
from eligibility.registry import get_registry
from employers import services as employers
from employers.models import EmployerColleague, LayoffNotice, LayoffReason
from employers.prefill import PrefillSummary, notice_prefill
from identity.mock_vneid.models import PopulationRecord
from identity.mock_vneid.services import organisation_register
from identity.models import User
from identity.services import citizen_username

FACTORY_TAX_CODE = dataset.DEMO_EMPLOYERS[0].tax_code
LIST_FILE = "danh-sach-lao-dong-nghi-viec-hanwoo-vina.xlsx"
#: The factory's HR manager, who files the notice: a VNeID person the enterprise lets act for it.
HR_PERSONAL_ID = "024186009001"
HR_NAME = "Phạm Thu Hà"


@dataclass(frozen=True)
class DemoNotice:
    notice: LayoffNotice
    created: bool
    prefill: PrefillSummary | None


def factory_rows(closure: date) -> list[dict[str, str]]:
    """The notice's rows: every contract of the factory that ended on the closure day, with the
    worker's last insured salary, as the employer's HR file has them."""
    registry = get_registry()
    ended = [
        t
        for t in registry.terminations_between(closure, closure)
        if t.employer.tax_code == FACTORY_TAX_CODE
    ]
    records = registry.person_records([t.personal_id for t in ended])
    rows = []
    for number, t in enumerate(sorted(ended, key=lambda t: t.personal_id), start=1):
        record = records.get(t.personal_id)
        if record is None:
            continue
        salary = next(
            (
                c.insured_salary
                for c in reversed(record.contributions)
                if c.employer_tax_code == FACTORY_TAX_CODE
            ),
            0,
        )
        rows.append(
            {
                "row": str(number),
                "personal_id": t.personal_id,
                "full_name": record.full_name,
                "termination_date": closure.strftime("%d/%m/%Y"),
                "reason_code": t.termination_reason,
                "last_salary": str(salary),
            }
        )
    return rows


def demo_representative_ensure() -> User:
    """The HR manager: in the mock VNeID's population (DEMO_PASSWORD), with the portal account
    a VNeID login would find, and one of the factory's representatives (EmployerColleague)."""
    person = PopulationRecord.objects.filter(personal_id=HR_PERSONAL_ID).first()
    if person is None:
        person = PopulationRecord(
            personal_id=HR_PERSONAL_ID,
            full_name=HR_NAME,
            birth_date=date(1986, 4, 12),
            sex="F",
            address="Khu công nghiệp Quế Võ, phường Phương Liễu",
            province_code=dataset.FACTORY_PROVINCE,
            phone="0912886001",
            identity_level=2,
        )
        person.set_password(dataset.DEMO_PASSWORD)
        person.save()
    user = User.objects.filter(personal_id=HR_PERSONAL_ID).first()
    if user is None:
        user = User(
            username=citizen_username(personal_id=HR_PERSONAL_ID),
            role=User.Role.CITIZEN,
            personal_id=HR_PERSONAL_ID,
            identity_level=2,
            full_name=HR_NAME,
            province_code=dataset.FACTORY_PROVINCE,
            vneid_synced_at=timezone.now(),
        )
        user.set_unusable_password()
        user.save()
    EmployerColleague.objects.get_or_create(
        employer_tax_code=FACTORY_TAX_CODE,
        personal_id=HR_PERSONAL_ID,
        removed_at=None,
        defaults={"full_name": HR_NAME, "added_by": user},
    )
    # The factory's VNeID organisation account (tax code + DEMO_PASSWORD at the mock), with the
    # HR manager as its representative: the employer login of /doanh-nghiep/dang-nhap/.
    with transaction.atomic():
        organisation_register(
            tax_code=FACTORY_TAX_CODE,
            name=dataset.FACTORY_NAME,
            representative=person,
            password=dataset.DEMO_PASSWORD,
        )
    return user


def demo_notice_ensure(*, closure: date, representative: User | None = None) -> DemoNotice:
    """The factory's confirmed notice, made (with its prefilled claims) if there is none."""
    existing = (
        LayoffNotice.objects.filter(
            employer_tax_code=FACTORY_TAX_CODE, status=LayoffNotice.Status.CONFIRMED
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return DemoNotice(notice=existing, created=False, prefill=None)
    representative = representative or demo_representative_ensure()
    notice = employers.notice_create(
        actor=representative,
        tax_code=FACTORY_TAX_CODE,
        reason=LayoffReason.CLOSURE,
        planned_termination_date=closure,
        notified_on=closure,
        note="Nhà máy đóng cửa; danh sách toàn bộ người lao động (dữ liệu minh họa).",
    )
    draft = employers.draft_create(
        actor=representative,
        notice=notice,
        rows=factory_rows(closure),
        source="upload",
        file_name=LIST_FILE,
        check_now=True,
    )
    notice = employers.draft_confirm(actor=representative, draft_id=draft.pk)
    # Now rather than by a worker later: `make run` prints a demo that is ready. The task the
    # confirmation scheduled finds every worker reported and adds nothing.
    summary = notice_prefill(notice_id=notice.pk)
    return DemoNotice(notice=notice, created=True, prefill=summary)
