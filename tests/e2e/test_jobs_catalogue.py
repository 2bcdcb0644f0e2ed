"""The jobs catalogue in a real browser on a 360 px phone, in Vietnamese and English, axe on
every page: a worker signs in with VNeID, finds a job fair through /viec-lam/, registers and
sees the seat in "my registrations"; an employer signs in with the enterprise's organisation
account, posts a vacancy (a wrong wage range first: the message, then the fix) and workers see it.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.conf import settings as django_settings
from django.utils import timezone

from identity.mock_vneid.services import organisation_register
from jobs.catalogue import services
from jobs.catalogue.models import FairRegistration, JobFair, Vacancy
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import login_citizen, login_employer, login_staff, phone_check
from tests.factories import PASSWORD, CenterFactory, PopulationRecordFactory
from tests.jobs import factories as f

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def look(assert_accessible):
    return phone_check(assert_accessible, "")


def _phone_page(new_page, base: str, lang: str):
    page = new_page(viewport=PHONE, lang=lang)
    page.context.add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": base}]
    )
    return page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_worker_finds_a_fair_and_registers(vneid_live, new_page, look, lang):
    officer = f.staff("24")
    fair = f.fair(actor=officer, title="Phiên giao dịch việc làm Quế Võ", capacity=100)
    vacancy = f.vacancy(title="Công nhân may công nghiệp", sector="garment")
    services.fair_employer_add(
        actor=officer, fair=fair, employer_name=vacancy.employer_name, vacancies=[vacancy]
    )
    person = PopulationRecordFactory(full_name="Nguyễn Thị Hoa", province_code="24")
    base = vneid_live.url
    page = _phone_page(new_page, base, lang)
    login_citizen(page, base, person.personal_id, PASSWORD)

    page.goto(f"{base}/viec-lam/")
    look(page, "jobs vacancies", lang)
    page.locator("#id_q").fill("cong nhan may")  # the free text is always shown
    page.locator("#vacancy-search").click()
    page.wait_for_url(re.compile(r"q=cong"))
    assert "Công nhân may công nghiệp" in page.locator("#vacancies").inner_text()
    look(page, "jobs vacancies searched", lang)

    page.locator("nav.jobs-nav a[href='/viec-lam/hoi-cho/']").click()
    page.wait_for_url(re.compile(r"/viec-lam/hoi-cho/$"))
    look(page, "jobs fairs", lang)
    page.get_by_role("link", name="Phiên giao dịch việc làm Quế Võ").click()
    page.wait_for_url(re.compile(r"/viec-lam/hoi-cho/\d+/$"))
    assert vacancy.employer_name in page.locator("#fair-employers").inner_text()
    look(page, "jobs fair", lang)

    page.locator("#fair-register").click()
    page.wait_for_url(re.compile(r"/dang-ky/$"))
    page.locator("#id_phone").fill("12345")
    page.locator("#fair-register-submit").click()
    assert page.locator(".error-summary").is_visible()
    look(page, "jobs fair registration error", lang)
    page.locator("#id_phone").fill("0912 345 678")
    page.locator("#fair-register-submit").click()
    page.wait_for_url(re.compile(r"/viec-lam/cua-toi/$"))
    assert "Phiên giao dịch việc làm Quế Võ" in page.locator("#my-registrations").inner_text()
    look(page, "jobs my registrations", lang)
    registration = FairRegistration.objects.get(fair=fair)
    assert registration.status == "registered" and registration.phone == "0912345678"

    page.goto(f"{base}/viec-lam/hoi-cho/{fair.pk}/")
    assert page.locator("#fair-registered").is_visible()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_employer_posts_a_vacancy(vneid_live, new_page, look, lang):
    CenterFactory(province_code="24")
    representative = PopulationRecordFactory(full_name="Kim Min Jun")
    organisation_register(
        tax_code=f.HANWOO,
        name="Công ty TNHH May mặc Hanwoo Vina",
        representative=representative,
        password=PASSWORD,
    )
    base = vneid_live.url
    page = _phone_page(new_page, base, lang)
    login_employer(page, base, f.HANWOO, PASSWORD)

    page.goto(f"{base}/doanh-nghiep/viec-lam/")
    look(page, "jobs employer vacancies", lang)
    page.locator("#vacancy-new").click()
    page.wait_for_url(re.compile(r"/doanh-nghiep/viec-lam/moi/$"))
    look(page, "jobs employer new vacancy", lang)
    page.locator("#id_title").fill("Nhân viên kiểm kê kho")
    page.locator("#id_occupation").fill("nhân viên kho")
    page.locator("#id_sector").select_option("logistics")
    page.locator("#id_contract_type").select_option("seasonal")
    page.locator("#id_positions").fill("12")
    page.locator("#id_wage_min").fill("8000000")
    page.locator("#id_wage_max").fill("7000000")
    page.locator("#id_province_code").select_option("24")
    page.locator("#id_address").fill("KCN Quế Võ, Bắc Ninh")
    page.locator("#id_requirements").fill("Đã làm kho ít nhất 6 tháng.")
    deadline = timezone.localdate() + timedelta(days=20)
    page.locator("#id_deadline").fill(deadline.strftime("%d/%m/%Y"))
    page.locator("#vacancy-save").click()
    assert page.locator(".error-summary").is_visible()
    assert not Vacancy.objects.exists()
    look(page, "jobs employer vacancy error", lang)
    page.locator("#id_wage_max").fill("9500000")
    page.locator("#vacancy-save").click()
    page.wait_for_url(re.compile(r"/doanh-nghiep/viec-lam/\d+/$"))
    look(page, "jobs employer vacancy", lang)
    vacancy = Vacancy.objects.get()
    assert vacancy.employer_tax_code == f.HANWOO and vacancy.status == "open"

    page.goto(f"{base}/viec-lam/tin/{vacancy.pk}/")
    assert "Nhân viên kiểm kê kho" in page.locator("main h1").inner_text()
    look(page, "jobs public vacancy", lang)


def test_an_officer_organises_a_fair_and_sees_who_registered(vneid_live, new_page, look):
    """The center's side on a phone (vi): organise a fair, add an employer with its vacancy,
    see the registrations; axe and the 360 px width on every page."""
    secret = generate_totp_secret()
    officer = f.staff("24", secret=secret)
    vacancy = f.vacancy(title="Công nhân lắp ráp điện tử")
    worker = f.citizen(full_name="Nguyễn Văn Nam")
    base = vneid_live.url
    page = _phone_page(new_page, base, "vi")
    login_staff(page, base, officer.username, PASSWORD, secret)

    page.goto(f"{base}/can-bo/viec-lam/")
    look(page, "jobs staff home", "vi")
    page.locator("#staff-fair-new").click()
    page.wait_for_url(re.compile(r"/can-bo/viec-lam/hoi-cho/moi/$"))
    look(page, "jobs staff new fair", "vi")
    page.locator("#id_title").fill("Phiên giao dịch việc làm tháng Một")
    page.locator("#id_date").fill((timezone.localdate() + timedelta(days=7)).strftime("%d/%m/%Y"))
    page.locator("#id_start_time").fill("08:00")
    page.locator("#id_end_time").fill("11:30")
    page.locator("#id_place").fill("Sàn giao dịch việc làm Bắc Ninh")
    page.locator("#id_address").fill("Đường Lý Thái Tổ, Bắc Ninh")
    page.locator("#id_capacity").fill("200")
    page.locator("#staff-save").click()
    page.wait_for_url(re.compile(r"/can-bo/viec-lam/hoi-cho/\d+/$"))
    look(page, "jobs staff fair", "vi")
    page.locator("#id_employer_name").fill(vacancy.employer_name)
    page.get_by_label("Công nhân lắp ráp điện tử").check()
    page.locator("#fair-employer-add").click()
    page.wait_for_url(re.compile(r"/can-bo/viec-lam/hoi-cho/\d+/$"))
    fair = JobFair.objects.get(title="Phiên giao dịch việc làm tháng Một")
    assert list(fair.employers.get().vacancies.all()) == [vacancy]
    services.fair_register(actor=worker, fair=fair, phone="0912345678")
    page.locator("#fair-registrations").click()
    page.wait_for_url(re.compile(r"/dang-ky/$"))
    assert "Nguyễn Văn Nam" in page.locator("#registrations").inner_text()
    look(page, "jobs staff fair registrations", "vi")
