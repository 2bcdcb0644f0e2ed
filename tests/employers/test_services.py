"""The list against the store: who is refused and why, fixes, confirmation, no duplicates."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connections

from common import tasks
from employers import services
from employers.models import LayoffNotice, NoticeEvent, NoticeWorker, WorkerListDraft
from tests.employers.support import NOW, csv_bytes, row_of, scenario

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
    return scenario(workers=5)


def _notice(world, user=None) -> LayoffNotice:
    return services.notice_create(
        actor=user or world.rep_a,
        tax_code=world.employer_a.tax_code,
        reason="closure",
        planned_termination_date=date(2026, 10, 30),
    )


def _upload(world, notice, rows, name="ds.csv"):
    return services.draft_from_file(
        actor=world.rep_a, notice=notice, file_name=name, data=csv_bytes(rows)
    )


def test_a_notice_takes_the_enterprise_from_the_store(world):
    notice = _notice(world)
    assert notice.employer_name == "Công ty TNHH May mặc Hanwoo Vina"
    assert notice.province_code == "24"
    assert NoticeEvent.objects.filter(notice=notice, kind="notice_created").exists()


def test_a_person_not_insured_with_the_employer_is_refused_with_a_clear_message(world):
    notice = _notice(world)
    draft = _upload(world, notice, [row_of(world.workers_a[0]), row_of(world.worker_b)])
    assert list(draft.errors) == ["3"], draft.errors
    message = draft.errors["3"]["personal_id"]
    assert "không tham gia bảo hiểm xã hội tại doanh nghiệp của bạn" in message


def test_an_unknown_person_gets_the_same_message_as_another_employers_worker(world):
    notice = _notice(world)
    draft = _upload(
        world,
        notice,
        [row_of(world.worker_b), {**row_of(world.worker_b), "personal_id": "099999999999"}],
    )
    assert draft.errors["2"]["personal_id"] == draft.errors["3"]["personal_id"]
    # Nothing about the person is revealed: not the store's name, not their employer.
    assert "Phạm" not in str(draft.errors) and "Phố Nối" not in str(draft.errors)


def test_name_dates_and_duplicates_are_checked(world):
    notice = _notice(world)
    w0, w1, w2 = world.workers_a[:3]
    draft = _upload(
        world,
        notice,
        [
            row_of(w0, full_name="Tên Khác"),
            row_of(w1, termination_date="01/01/2024"),
            row_of(w2),
            row_of(w2),
            row_of(world.workers_a[3], termination_date="30/10/2028"),
        ],
    )
    assert "không khớp" in draft.errors["2"]["full_name"]
    assert "sớm hơn ngày thông báo" in draft.errors["3"]["termination_date"]
    assert "đã có ở dòng 4" in draft.errors["5"]["personal_id"]
    assert "một năm" in draft.errors["6"]["termination_date"]
    assert "4" not in draft.errors


def test_a_name_without_diacritics_or_in_other_case_matches(world):
    notice = _notice(world)
    w0 = world.workers_a[0]
    draft = _upload(world, notice, [row_of(w0, full_name="NGUYEN  THI hoa")])
    assert draft.errors == {}


def test_nothing_from_a_file_is_saved_until_the_list_is_confirmed(world):
    notice = _notice(world)
    draft = _upload(world, notice, [row_of(p) for p in world.workers_a])
    assert draft.status == WorkerListDraft.Status.READY and draft.errors == {}
    assert NoticeWorker.objects.count() == 0
    assert notice.status == LayoffNotice.Status.DRAFT
    services.draft_confirm(actor=world.rep_a, draft_id=draft.pk)
    notice.refresh_from_db()
    assert notice.status == LayoffNotice.Status.CONFIRMED
    assert notice.workers.count() == 5


def test_a_list_with_errors_cannot_be_confirmed(world):
    notice = _notice(world)
    draft = _upload(world, notice, [row_of(world.workers_a[0]), row_of(world.worker_b)])
    with pytest.raises(services.EmployerError, match="còn 1 dòng có lỗi"):
        services.draft_confirm(actor=world.rep_a, draft_id=draft.pk)
    assert NoticeWorker.objects.count() == 0


def test_a_fixed_row_is_checked_again_and_the_list_can_then_be_confirmed(world):
    notice = _notice(world)
    w0, w1 = world.workers_a[:2]
    draft = _upload(world, notice, [row_of(w0), row_of(w1, last_salary="abc")])
    assert set(draft.errors) == {"3"}
    draft = services.draft_row_update(
        actor=world.rep_a, draft_id=draft.pk, row_key="3", values=row_of(w1, last_salary="x")
    )
    assert "last_salary" in draft.errors["3"]
    draft = services.draft_row_update(
        actor=world.rep_a, draft_id=draft.pk, row_key="3", values=row_of(w1)
    )
    assert draft.errors == {}
    services.draft_confirm(actor=world.rep_a, draft_id=draft.pk)
    assert notice.workers.count() == 2
    kinds = list(NoticeEvent.objects.filter(notice=notice).values_list("kind", flat=True))
    assert kinds.count("list_row_changed") == 2 and "notice_confirmed" in kinds


def test_a_deleted_row_leaves_the_list_and_its_duplicate_error_goes(world):
    notice = _notice(world)
    w0 = world.workers_a[0]
    draft = _upload(world, notice, [row_of(w0), row_of(w0)])
    assert set(draft.errors) == {"3"}
    draft = services.draft_row_delete(actor=world.rep_a, draft_id=draft.pk, row_key="3")
    assert draft.errors == {} and len(draft.rows) == 1


def test_fixing_one_row_asks_the_store_about_that_person_only(world, django_assert_max_num_queries):
    notice = _notice(world)
    draft = _upload(world, notice, [row_of(p) for p in world.workers_a] + [row_of(world.worker_b)])
    # One person's record: the person with spells, contributions, benefits, and the snapshot.
    with django_assert_max_num_queries(6, connection=connections["social_security"]):
        services.draft_row_update(
            actor=world.rep_a, draft_id=draft.pk, row_key="7", values=row_of(world.workers_a[0])
        )


def test_a_reuploaded_file_does_not_duplicate_workers(world):
    notice = _notice(world)
    rows = [row_of(p) for p in world.workers_a]
    services.draft_confirm(actor=world.rep_a, draft_id=_upload(world, notice, rows).pk)
    # The same file again, one salary changed: still five workers, the salary updated.
    rows[0] = row_of(world.workers_a[0], last_salary="8000000")
    services.draft_confirm(actor=world.rep_a, draft_id=_upload(world, notice, rows).pk)
    assert notice.workers.count() == 5
    assert notice.workers.get(personal_id=world.workers_a[0].personal_id).last_salary == 8_000_000
    amended = NoticeEvent.objects.get(notice=notice, kind="notice_list_amended")
    assert amended.data["added"] == 0 and amended.data["updated"] == 1


def test_a_worker_on_another_notice_of_the_enterprise_is_refused(world):
    first = _notice(world)
    services.draft_confirm(
        actor=world.rep_a, draft_id=_upload(world, first, [row_of(world.workers_a[0])]).pk
    )
    second = _notice(world)
    draft = _upload(world, second, [row_of(world.workers_a[0])])
    assert first.reference in draft.errors["2"]["personal_id"]


def test_a_new_upload_discards_the_open_list(world):
    notice = _notice(world)
    first = _upload(world, notice, [row_of(world.workers_a[0])])
    second = _upload(world, notice, [row_of(world.workers_a[1])])
    first.refresh_from_db()
    assert first.status == WorkerListDraft.Status.DISCARDED
    assert second.status == WorkerListDraft.Status.READY
    with pytest.raises(services.EmployerError):
        services.draft_confirm(actor=world.rep_a, draft_id=first.pk)


def test_confirming_calls_the_prefill_after_commit(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(tasks, "task_send", lambda name, *args: sent.append((name, list(args))))
    notice = _notice(world)
    draft = _upload(world, notice, [row_of(world.workers_a[0])])
    with django_capture_on_commit_callbacks(execute=True):
        services.draft_confirm(actor=world.rep_a, draft_id=draft.pk)
    assert sent == [(services.PREFILL_TASK, [notice.pk])]


def test_a_long_list_is_checked_by_a_worker_with_progress(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "SYNC_CHECK_ROWS", 2)
    notice = _notice(world)
    with django_capture_on_commit_callbacks(execute=True):
        draft = _upload(world, notice, [row_of(p) for p in world.workers_a])
        assert draft.status == WorkerListDraft.Status.CHECKING
    draft.refresh_from_db()
    assert draft.status == WorkerListDraft.Status.READY
    assert draft.done == draft.total == 5 and draft.errors == {}


def test_colleagues_are_added_once_and_removed(world):
    colleague = services.colleague_add(
        actor=world.rep_a,
        tax_code=world.employer_a.tax_code,
        personal_id="001 090 000 333",
        full_name="Hoàng Văn Nam",
    )
    assert colleague.personal_id == "001090000333"
    with pytest.raises(services.EmployerError, match="đã là người đại diện"):
        services.colleague_add(
            actor=world.rep_a,
            tax_code=world.employer_a.tax_code,
            personal_id="001090000333",
            full_name="Hoàng Văn Nam",
        )
    with pytest.raises(services.EmployerError):
        services.colleague_remove(
            actor=world.rep_b, tax_code=world.employer_b.tax_code, colleague_id=colleague.pk
        )
    services.colleague_remove(
        actor=world.rep_a, tax_code=world.employer_a.tax_code, colleague_id=colleague.pk
    )
    kinds = set(NoticeEvent.objects.values_list("kind", flat=True))
    assert {"colleague_added", "colleague_removed"} <= kinds
