"""The employer's pages: only their own enterprise, the upload-fix-confirm path, bad files."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from employers import services
from employers.models import EmployerAccessLog, LayoffNotice, NoticeWorker, WorkerListDraft
from tests.employers.support import NOW, csv_bytes, row_of, scenario, xlsx_bytes

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
    pytest.mark.usefixtures("_frozen"),
]


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world():
    return scenario(workers=4)


def _notice(world, rep=None, tax_code=None):
    return services.notice_create(
        actor=rep or world.rep_a,
        tax_code=tax_code or world.employer_a.tax_code,
        reason="closure",
        planned_termination_date=date(2026, 10, 30),
    )


def _upload(client, notice, data, name="ds.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("employers:upload", args=[notice.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def test_anonymous_visitors_are_sent_to_the_employer_sign_in(client):
    response = client.get(reverse("employers:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("employers:login"))
    page = client.get(response["Location"]).content.decode()
    assert "scope=organisation" in page


def test_a_citizen_who_represents_no_one_is_told_so(client, world):
    from tests.employers.support import citizen_user

    client.force_login(citizen_user("001099000999"))
    response = client.get(reverse("employers:home"))
    assert response.status_code == 403
    assert "chưa đại diện cho doanh nghiệp" in response.content.decode()


def test_an_employer_cannot_see_another_employers_notices_or_workers(client, world):
    notice = _notice(world)
    draft = services.draft_from_file(
        actor=world.rep_a,
        notice=notice,
        file_name="ds.csv",
        data=csv_bytes([row_of(world.workers_a[0])]),
    )
    client.force_login(world.rep_b)
    home = client.get(reverse("employers:home")).content.decode()
    assert notice.reference not in home and "Hanwoo" not in home
    for url in [
        reverse("employers:notice", args=[notice.pk]),
        reverse("employers:notice_csv", args=[notice.pk]),
        reverse("employers:draft", args=[notice.pk, draft.pk]),
        reverse("employers:draft_status", args=[notice.pk, draft.pk]),
        reverse("employers:draft_row", args=[notice.pk, draft.pk, "2"]),
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("employers:upload", args=[notice.pk]),
        reverse("employers:row_add", args=[notice.pk]),
        reverse("employers:draft_confirm", args=[notice.pk, draft.pk]),
        reverse("employers:draft_discard", args=[notice.pk, draft.pk]),
    ]:
        assert client.post(url).status_code == 404, url
    draft.refresh_from_db()
    assert draft.status == WorkerListDraft.Status.READY
    assert NoticeWorker.objects.count() == 0


def test_the_upload_fix_confirm_path(client, world):
    client.force_login(world.rep_a)
    response = client.post(
        reverse("employers:notice_new"),
        {"reason": "closure", "planned_termination_date": "30/10/2026"},
    )
    assert response.status_code == 302
    notice_url = response["Location"]
    notice = LayoffNotice.objects.get()
    rows = [row_of(p) for p in world.workers_a[:3]] + [row_of(world.worker_b)]
    response = _upload(client, notice, xlsx_bytes(rows), name="ds.xlsx")
    assert response.status_code == 302
    draft_url = response["Location"]
    page = client.get(draft_url).content.decode()
    assert "error-summary" in page and "Dòng 5" in page
    assert "không tham gia bảo hiểm xã hội tại doanh nghiệp của bạn" in page
    assert 'id="list-confirm"' not in page
    draft = WorkerListDraft.objects.get()
    fix_url = reverse("employers:draft_row", args=[notice.pk, draft.pk, "5"])
    fix = client.get(fix_url)
    assert fix.status_code == 200 and "error-summary" in fix.content.decode()
    bad = client.post(fix_url, {**row_of(world.worker_b)})
    assert bad.status_code == 400
    good = client.post(fix_url, row_of(world.workers_a[3]))
    assert good.status_code == 302
    page = client.get(draft_url).content.decode()
    assert "error-summary" not in page and 'id="list-confirm"' in page
    assert NoticeWorker.objects.count() == 0  # nothing saved before the confirmation
    response = client.post(reverse("employers:draft_confirm", args=[notice.pk, draft.pk]))
    assert response["Location"] == notice_url
    assert NoticeWorker.objects.filter(notice=notice).count() == 4
    page = client.get(notice_url).content.decode()
    assert world.workers_a[3].full_name in page
    assert EmployerAccessLog.objects.filter(user=world.rep_a, notice=notice).exists()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("ds.pdf", b"%PDF-1.4", "Chỉ nhận tệp .csv hoặc .xlsx"),
        ("ds.csv", b"a,b\n1,2\n", "Không thấy cột"),
        ("ds.xlsx", b"PK\x03\x04garbage", "Không mở được tệp XLSX"),
        ("ds.csv", b"\xff\xfe\x00\x00", "không phải tệp CSV"),
    ],
)
def test_a_bad_file_gets_a_clear_message_never_a_500(client, world, name, data, words):
    notice = _notice(world)
    client.force_login(world.rep_a)
    response = _upload(client, notice, data, name=name)
    assert response.status_code == 400
    page = response.content.decode()
    assert words in page and "error-summary" in page
    assert not WorkerListDraft.objects.exists()


def test_an_upload_without_a_file_is_a_message(client, world):
    notice = _notice(world)
    client.force_login(world.rep_a)
    response = client.post(reverse("employers:upload", args=[notice.pk]))
    assert response.status_code == 400 and "Chọn tệp danh sách" in response.content.decode()


def test_a_reuploaded_file_does_not_duplicate_workers_through_the_pages(client, world):
    notice = _notice(world)
    client.force_login(world.rep_a)
    data = csv_bytes([row_of(p) for p in world.workers_a])
    for _ in range(2):
        _upload(client, notice, data)
        draft = WorkerListDraft.objects.filter(notice=notice).order_by("-pk").first()
        client.post(reverse("employers:draft_confirm", args=[notice.pk, draft.pk]))
    assert NoticeWorker.objects.filter(notice=notice).count() == 4


def test_the_export_writes_formula_like_cells_as_text(client, world):
    notice = _notice(world)
    draft = services.draft_from_file(
        actor=world.rep_a,
        notice=notice,
        file_name="ds.csv",
        data=csv_bytes([row_of(world.workers_a[0])]),
    )
    services.draft_confirm(actor=world.rep_a, draft_id=draft.pk)
    NoticeWorker.objects.update(full_name="=HYPERLINK(1)")  # as if it got past the checks
    client.force_login(world.rep_a)
    text = client.get(reverse("employers:notice_csv", args=[notice.pk])).content.decode()
    assert "'=HYPERLINK(1)" in text


def test_the_templates_download(client):
    xlsx = client.get(reverse("employers:template_xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv = client.get(reverse("employers:template_csv"))
    assert "Số định danh cá nhân" in csv.content.decode()


def test_colleagues_page_adds_a_colleague_who_then_sees_the_enterprise(client, world):
    from tests.employers.support import citizen_user

    client.force_login(world.rep_a)
    response = client.post(
        reverse("employers:colleagues"),
        {"personal_id": "001090000444", "full_name": "Đỗ Văn Hùng"},
    )
    assert response.status_code == 302
    colleague = citizen_user("001090000444", name="Đỗ Văn Hùng")
    client.force_login(colleague)
    page = client.get(reverse("employers:home")).content.decode()
    assert "Hanwoo Vina" in page
    bad = client.post(reverse("employers:colleagues"), {"personal_id": "12", "full_name": "X"})
    assert bad.status_code == 400 and "12 chữ số" in bad.content.decode()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pages_render_in_both_languages(client, world, lang, settings):
    notice = _notice(world)
    client.force_login(world.rep_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    for url in [
        reverse("employers:home"),
        reverse("employers:notice_new"),
        reverse("employers:notice", args=[notice.pk]),
        reverse("employers:colleagues"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in response.content.decode()
