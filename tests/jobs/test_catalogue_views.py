"""The catalogue's pages: who sees what (an employer only their enterprise's vacancies and
applicants, staff only their center's, a worker only their own registrations), bad input as
messages with nothing changed, and the number of queries of every page pinned."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.core.models import StaffAccessLog
from employers.models import EmployerAccessLog
from jobs.catalogue import services
from jobs.catalogue.models import FairRegistration, JobFair, Vacancy, VacancyApplication
from tests.eligibility.rules_factories import StaffUserFactory
from tests.jobs import factories as f

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


@pytest.fixture
def world():
    officer_24 = f.staff("24")
    officer_01 = f.staff("01")
    hanwoo = f.vacancy()
    other = f.vacancy(
        tax_code=f.PHO_NOI,
        name="Công ty TNHH Điện tử Phố Nối",
        title="Nhân viên kho hàng",
        sector="logistics",
        occupation="thủ kho",
        requirements="Biết lái xe nâng.",
    )
    fair = f.fair(actor=officer_24)
    program = f.program(actor=officer_24)
    worker = f.citizen(full_name="Nguyễn Thị Hoa")
    services.application_submit(
        actor=worker, vacancy=hanwoo, phone="0912345678", message="Tôi biết hàn"
    )
    services.application_submit(actor=worker, vacancy=other, phone="0912345678")
    return {
        "officer_24": officer_24,
        "officer_01": officer_01,
        "hanwoo": hanwoo,
        "other": other,
        "fair": fair,
        "program": program,
        "worker": worker,
    }


# --- The worker ---------------------------------------------------------------------------


def test_the_vacancy_list_filters_and_searches_without_accents(client, world):
    response = client.get(reverse("jobs:home"), {"q": "lap rap dien tu", "province": "24"})
    assert response.status_code == 200
    assert world["hanwoo"].title in response.content.decode()
    assert "Nhân viên kho hàng" not in response.content.decode()
    response = client.get(reverse("jobs:home"), {"wage_from": "9500000"})
    assert world["hanwoo"].title not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"wage_from": "tám triệu"}, "Chỉ nhập số"),
        ({"deadline_from": "31/02/2026"}, "ngày/tháng/năm"),
        ({"province": "99"}, "Select a valid choice"),
    ],
)
def test_bad_filters_are_messages_not_errors(client, world, params, words):
    response = client.get(reverse("jobs:home"), params, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_a_worker_registers_for_a_fair_and_sees_it_in_my_registrations(world):
    worker = world["worker"]
    client = f.client_for(worker)
    url = reverse("jobs:fair_register", args=[world["fair"].pk])
    response = client.post(url, {"phone": "0912 345 678"})
    assert response.status_code == 302
    assert FairRegistration.objects.get(user=worker).phone == "0912345678"
    page = client.get(reverse("jobs:mine")).content.decode()
    assert world["fair"].title in page


def test_a_bad_phone_number_is_a_message_and_registers_nothing(world):
    client = f.client_for(world["worker"])
    response = client.post(
        reverse("jobs:fair_register", args=[world["fair"].pk]), {"phone": "12ab"}
    )
    assert response.status_code == 400
    assert "10 chữ số" in response.content.decode()
    assert not FairRegistration.objects.exists()


def test_registering_twice_is_told_on_the_form(world):
    client = f.client_for(world["worker"])
    url = reverse("jobs:fair_register", args=[world["fair"].pk])
    client.post(url, {"phone": "0912345678"})
    response = client.post(url, {"phone": "0912345678"})
    assert response.status_code == 400
    assert "đã đăng ký" in response.content.decode()
    assert FairRegistration.objects.count() == 1


def test_a_worker_cannot_cancel_someone_elses_registration(world):
    registration = services.fair_register(
        actor=world["worker"], fair=world["fair"], phone="0912345678"
    )
    intruder = f.client_for(f.citizen())
    response = intruder.post(reverse("jobs:registration_cancel", args=[registration.pk]))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "registered"
    assert world["fair"].title not in intruder.get(reverse("jobs:mine")).content.decode()


def test_registration_needs_a_vneid_sign_in(client, world):
    response = client.get(reverse("jobs:fair_register", args=[world["fair"].pk]))
    assert response.status_code == 302
    assert "vneid" in response["Location"]


def test_a_draft_or_closed_vacancy_is_not_public(client, world):
    services.vacancy_close(actor=world["hanwoo"].posted_by, vacancy=world["hanwoo"])
    assert client.get(reverse("jobs:vacancy", args=[world["hanwoo"].pk])).status_code == 404


# --- The employer -------------------------------------------------------------------------


def test_an_employer_sees_only_their_vacancies_and_applicants(world):
    client = f.client_for(f.employer(f.HANWOO))
    page = client.get(reverse("jobs:employer_vacancies")).content.decode()
    assert world["hanwoo"].title in page and "Nhân viên kho hàng" not in page
    detail = client.get(reverse("jobs:employer_vacancy", args=[world["hanwoo"].pk]))
    assert "Nguyễn Thị Hoa" in detail.content.decode()
    assert EmployerAccessLog.objects.filter(page="jobs_vacancy_applicants").count() == 1
    for name in ("employer_vacancy", "employer_vacancy_edit"):
        assert client.get(reverse(f"jobs:{name}", args=[world["other"].pk])).status_code == 404
    response = client.post(reverse("jobs:employer_vacancy_close", args=[world["other"].pk]))
    assert response.status_code == 404
    world["other"].refresh_from_db()
    assert world["other"].status == Vacancy.Status.OPEN


def test_an_employer_posts_a_vacancy_and_bad_input_changes_nothing(world):
    client = f.client_for(f.employer(f.HANWOO))
    url = reverse("jobs:employer_vacancy_new")
    data = {
        "title": "Thợ may công nghiệp",
        "occupation": "thợ may",
        "sector": "garment",
        "contract_type": "indefinite",
        "positions": "20",
        "wage_min": "9000000",
        "wage_max": "8000000",
        "province_code": "24",
        "address": "KCN Quế Võ",
        "requirements": "Biết may máy 1 kim",
        "benefits": "",
        "deadline": "01/01/2020",
    }
    before = Vacancy.objects.count()
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "lớn hơn hoặc bằng" in body and "đã qua" in body
    assert Vacancy.objects.count() == before
    data.update(wage_max="11000000", deadline=f.today().strftime("%d/%m/%Y"))
    response = client.post(url, data)
    assert response.status_code == 302
    created = Vacancy.objects.get(title="Thợ may công nghiệp")
    assert created.employer_tax_code == f.HANWOO and created.status == "open"


def test_a_citizen_who_represents_no_enterprise_is_refused(world):
    response = f.client_for(world["worker"]).get(reverse("jobs:employer_vacancies"))
    assert response.status_code == 403


# --- The center's staff -------------------------------------------------------------------


def test_staff_see_only_their_centers_items_and_viewing_people_is_logged(world):
    own = f.client_for(world["officer_24"])
    other = f.client_for(world["officer_01"])
    fair, program = world["fair"], world["program"]
    services.fair_register(actor=world["worker"], fair=fair, phone="0912345678")
    page = own.get(reverse("jobs:staff_fair_registrations", args=[fair.pk])).content.decode()
    assert "Nguyễn Thị Hoa" in page
    assert StaffAccessLog.objects.filter(page="jobs_fair_registrations").count() == 1
    for name, pk in [
        ("staff_fair", fair.pk),
        ("staff_fair_registrations", fair.pk),
        ("staff_program", program.pk),
        ("staff_vacancy", world["hanwoo"].pk),
    ]:
        assert other.get(reverse(f"jobs:{name}", args=[pk])).status_code == 404
    assert StaffAccessLog.objects.filter(page__endswith=":denied").count() == 4
    assert other.post(reverse("jobs:staff_fair_cancel", args=[fair.pk])).status_code == 404
    fair.refresh_from_db()
    assert fair.status == JobFair.Status.OPEN
    assert fair.title not in other.get(reverse("jobs:staff_home")).content.decode()


def test_a_citizen_or_employer_cannot_open_staff_pages(world):
    for user in (world["worker"], f.employer()):
        assert f.client_for(user).get(reverse("jobs:staff_home")).status_code == 403


def test_staff_create_a_fair_and_a_bad_time_is_a_message(world):
    client = f.client_for(world["officer_24"])
    data = {
        "title": "Phiên giao dịch việc làm lưu động Quế Võ",
        "date": f.today().strftime("%d/%m/%Y"),
        "start_time": "14:00",
        "end_time": "08:00",
        "place": "Nhà văn hóa",
        "address": "Quế Võ",
        "province_code": "24",
        "capacity": "abc",
        "description": "",
    }
    before = JobFair.objects.count()
    response = client.post(reverse("jobs:staff_fair_new"), data)
    assert response.status_code == 400
    assert "sau giờ bắt đầu" in response.content.decode()
    assert JobFair.objects.count() == before
    data.update(end_time="17:00", capacity="150")
    assert client.post(reverse("jobs:staff_fair_new"), data).status_code == 302
    created = JobFair.objects.get(title=data["title"])
    assert created.center == world["officer_24"].center


def test_staff_add_an_employer_with_its_vacancies_to_a_fair(world):
    client = f.client_for(world["officer_24"])
    fair = world["fair"]
    response = client.post(
        reverse("jobs:staff_fair", args=[fair.pk]),
        {
            "employer_name": "Hanwoo Vina",
            "employer_tax_code": f.HANWOO,
            "vacancies": [world["hanwoo"].pk],
        },
    )
    assert response.status_code == 302
    entry = fair.employers.get()
    assert list(entry.vacancies.all()) == [world["hanwoo"]]
    employer_page = f.client_for(f.employer(f.HANWOO)).get(reverse("jobs:employer_vacancies"))
    assert fair.title in employer_page.content.decode()


def test_staff_post_for_a_small_employer_without_a_tax_code(world):
    client = f.client_for(world["officer_24"])
    data = {
        "employer_name": "Hộ kinh doanh May Thu Hà",
        "employer_tax_code": "",
        **{k: v for k, v in f.vacancy_data(title="Thợ may").items() if k != "deadline"},
        "deadline": f.today().strftime("%d/%m/%Y"),
    }
    data["wage_max"] = ""
    assert client.post(reverse("jobs:staff_vacancy_new"), data).status_code == 302
    created = Vacancy.objects.get(title="Thợ may")
    assert created.employer_tax_code == "" and created.center == world["officer_24"].center


# --- Query counts -------------------------------------------------------------------------


def _more(world, n=5):
    for i in range(n):
        v = f.vacancy(title=f"Vị trí {i}")
        services.application_submit(actor=f.citizen(), vacancy=v, phone="0912345678")
        services.fair_register(actor=f.citizen(), fair=world["fair"], phone="0912345678")
        services.fair_employer_add(
            actor=world["officer_24"], fair=world["fair"], employer_name=f"DN {i}", vacancies=[v]
        )


@pytest.mark.parametrize(
    ("who", "name", "arg", "limit"),
    [
        (None, "home", None, 5),
        (None, "vacancy", "hanwoo", 3),
        (None, "fairs", None, 4),
        (None, "fair", "fair", 5),
        (None, "programs", None, 4),
        (None, "program", "program", 3),
        ("worker", "mine", None, 7),
        ("worker", "fair", "fair", 8),
        ("employer", "employer_vacancies", None, 6),
        ("employer", "employer_vacancy", "hanwoo", 7),
        ("officer_24", "staff_home", None, 9),
        ("officer_24", "staff_fair", "fair", 10),
        ("officer_24", "staff_fair_registrations", "fair", 10),
        ("officer_24", "staff_vacancy", "hanwoo", 8),
        ("officer_24", "staff_program", "program", 8),
    ],
)
def test_query_counts_do_not_grow_with_the_rows(
    client, world, django_assert_max_num_queries, who, name, arg, limit
):
    _more(world)
    if who == "employer":
        client = f.client_for(f.employer(f.HANWOO))
    elif who:
        client = f.client_for(world[who])
    args = [world[arg].pk] if arg else []
    with django_assert_max_num_queries(limit):
        response = client.get(reverse(f"jobs:{name}", args=args))
    assert response.status_code == 200


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pages_render_in_both_languages(world, lang):
    client = f.client_for(world["worker"], lang)
    for name, args in [
        ("home", []),
        ("fairs", []),
        ("programs", []),
        ("fair", [world["fair"].pk]),
        ("program", [world["program"].pk]),
        ("mine", []),
    ]:
        assert client.get(reverse(f"jobs:{name}", args=args)).status_code == 200
    assert VacancyApplication.objects.count() == 2


def test_the_admin_reads_the_catalogue_and_logs_looks_at_people(world):
    admin_client = f.client_for(StaffUserFactory())
    registration = services.fair_register(
        actor=world["worker"], fair=world["fair"], phone="0912345678"
    )
    for model in ("vacancy", "jobfair", "overseasprogram"):
        assert admin_client.get(reverse(f"admin:jobs_{model}_changelist")).status_code == 200
    url = reverse("admin:jobs_fairregistration_change", args=[registration.pk])
    assert admin_client.get(url).status_code == 200
    assert StaffAccessLog.objects.filter(page="admin:jobs.fairregistration:change").exists()
    history = reverse("admin:jobs_vacancy_history", args=[world["hanwoo"].pk])
    assert "created" in admin_client.get(history).content.decode()
    assert admin_client.get(reverse("admin:jobs_vacancy_add")).status_code == 403
