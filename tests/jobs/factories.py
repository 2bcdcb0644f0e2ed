"""The jobs catalogue's test data: two centers' staff, two enterprises' accounts, and a
vacancy, a fair and a program made through the services (as the pages make them)."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client
from django.utils import timezone

from identity.models import EmploymentServiceCenter, User
from jobs.catalogue import services
from jobs.catalogue.models import JobFair, OverseasProgram, Vacancy
from tests.factories import CenterFactory, CitizenFactory, StaffFactory

HANWOO = "2300987654"
PHO_NOI = "0500112233"


def staff(province: str = "24", role: str = User.Role.OFFICER, secret: str = "") -> User:
    """An officer (or signer) of the province's center, MFA set up (with `secret` if given)."""
    user = StaffFactory(role=role, center=CenterFactory(province_code=province))
    TOTP.activate(user, secret or generate_totp_secret())
    return user


def employer(tax_code: str = HANWOO) -> User:
    """The enterprise's VNeID organisation account (issue 17)."""
    user, _ = User.objects.get_or_create(
        username=f"org-{tax_code}",
        defaults={"role": User.Role.EMPLOYER, "org_tax_code": tax_code},
    )
    return user


def citizen(**kwargs: Any) -> User:
    kwargs.setdefault("phone", "0912345678")
    return CitizenFactory(**kwargs)


def client_for(user: User, lang: str = "vi") -> Client:
    c = Client()
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def vacancy_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Công nhân lắp ráp điện tử",
        "occupation": "công nhân lắp ráp",
        "sector": "electronics",
        "province_code": "24",
        "address": "KCN Yên Phong, Bắc Ninh",
        "wage_min": 7_500_000,
        "wage_max": 9_000_000,
        "contract_type": "fixed_term",
        "positions": 50,
        "requirements": "Nam/nữ 18-35 tuổi, tốt nghiệp THCS.",
        "benefits": "Xe đưa đón, bữa trưa.",
        "deadline": timezone.localdate() + timedelta(days=30),
    }
    data.update(overrides)
    return data


def vacancy(
    *,
    actor: User | None = None,
    tax_code: str = HANWOO,
    name: str = "Công ty TNHH Hanwoo Vina",
    center: EmploymentServiceCenter | None = None,
    **overrides: Any,
) -> Vacancy:
    CenterFactory(province_code=overrides.get("province_code", "24"))
    return services.vacancy_create(
        actor=actor if actor is not None else employer(tax_code),
        data=vacancy_data(**overrides),
        employer_tax_code=tax_code,
        employer_name=name,
        center=center,
    )


def fair_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Phiên giao dịch việc làm tháng 12",
        "date": timezone.localdate() + timedelta(days=10),
        "start_time": time(8, 0),
        "end_time": time(11, 30),
        "place": "Trung tâm Dịch vụ việc làm tỉnh Bắc Ninh",
        "address": "Số 1 Lý Thái Tổ, Bắc Ninh",
        "province_code": "24",
        "capacity": 300,
        "description": "",
    }
    data.update(overrides)
    return data


def fair(*, actor: User | None = None, **overrides: Any) -> JobFair:
    actor = actor or staff()
    return services.fair_create(actor=actor, center=actor.center, data=fair_data(**overrides))  # type: ignore[arg-type]


def program_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "EPS Hàn Quốc — ngành sản xuất chế tạo",
        "country": "KR",
        "sector": "mechanics",
        "description": "",
        "wage_currency": "KRW",
        "wage_min": 2_060_740,
        "wage_max": None,
        "wage_min_dong": 37_000_000,
        "wage_max_dong": None,
        "wage_note": "",
        "language_requirement": "Đạt kỳ thi EPS-TOPIK.",
        "costs": "Khoảng 650 USD.",
        "cost_total_dong": 17_000_000,
        "loans": "Vay Ngân hàng Chính sách xã hội.",
        "loan_max_dong": 100_000_000,
        "pre_departure_training": "Tiếng Hàn, định hướng.",
        "training_course": None,
        "enterprise_name": "Trung tâm Lao động ngoài nước",
        "enterprise_license_number": "DOLAB-EPS",
        "deadline": timezone.localdate() + timedelta(days=60),
        "seats": 200,
    }
    data.update(overrides)
    return data


def program(*, actor: User | None = None, **overrides: Any) -> OverseasProgram:
    actor = actor or staff()
    return services.program_create(
        actor=actor,
        center=actor.center,  # type: ignore[arg-type]
        data=program_data(**overrides),
    )


def today() -> date:
    return timezone.localdate()
