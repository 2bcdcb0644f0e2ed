"""Browser (issue 18, ADR 0018): an analyst on a 360 px phone, in Vietnamese and English, every
page scanned with axe, reads the path back to work: from the dashboard to
/thong-ke/duong-tro-lai-viec-lam/, the training-support figures of women, men and everyone
with the gap, the job-placement figures, the CSV download, and the table by course field.
The figures are those of tests/stats/path_support.path_set, made by factories, whose docstring
says each of them. Screenshots land in $TROCAP_VAR_DIR/screenshots."""

from __future__ import annotations

import csv

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import translation
from django.utils.translation import gettext

from common.provinces import province_name
from tests.e2e.helpers import phone_check, staff_page
from tests.factories import PASSWORD
from tests.stats.path_support import path_set
from tests.stats.support import analyst
from training.catalogue.models import Course

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

#: How the page writes path_set's shares and money, per language: women's approval share
#: 2 of 3 decided, men's 1 of 1, the gap women − men in points; tuition and meal money paid.
SHOWN = {
    "vi": {
        "women": "66,7%",
        "men": "100,0%",
        "gap": "−33,3",
        "tuition": "3.000.000\u00a0₫",
        "meal": "1.200.000\u00a0₫",
    },
    "en": {
        "women": "66.7%",
        "men": "100.0%",
        "gap": "−33.3",
        "tuition": "3,000,000\u00a0₫",
        "meal": "1,200,000\u00a0₫",
    },
}

#: A table of the page as one {column heading: cell text} per body row, keyed by row heading.
_TABLE_JS = """id => {
  const table = document.getElementById(id).closest('table');
  const heads = [...table.querySelectorAll('thead th')].map(th => th.innerText.trim());
  return Object.fromEntries([...table.querySelectorAll('tbody tr')].map(tr => {
    const cells = [...tr.children].map(c => c.innerText.trim());
    return [cells[0], Object.fromEntries(cells.map((c, i) => [heads[i], c]))];
  }));
}"""


@pytest.fixture
def look(assert_accessible):
    return phone_check(assert_accessible, "stats-path")


def _table(page, caption_id: str) -> dict[str, dict[str, str]]:
    return page.evaluate(_TABLE_JS, caption_id)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_analyst_reads_the_path_back_to_work_on_a_phone(live_server, new_page, look, lang):
    path_set()
    user = analyst(username="phantich.bo")
    secret = generate_totp_secret()
    Authenticator.objects.filter(user=user).delete()
    TOTP.activate(user, secret)
    base = live_server.url
    shown = SHOWN[lang]
    with translation.override(lang):
        t = gettext
        bac_ninh = province_name("24")
        digital = str(Course.Field.DIGITAL_SKILLS.label)

    page = staff_page(new_page, base, lang, user, PASSWORD, secret)
    page.wait_for_url(f"{base}/thong-ke/")  # an analyst lands on the statistics
    look(page, "dashboard", lang)
    page.locator("main a[href='/thong-ke/duong-tro-lai-viec-lam/']").first.click()
    page.wait_for_url(f"{base}/thong-ke/duong-tro-lai-viec-lam/")
    look(page, "by province", lang)
    with translation.override(lang):
        assert page.locator("h1").inner_text() == t("Con đường trở lại làm việc")

        # Training support in Bắc Ninh: 3 applications of women, 1 of a man, 5 in all (one of a
        # contributor without a claim, whose sex is not known); 3 approved, 1 refused.
        training = _table(page, "bang-hoc-nghe")
        assert list(training) == [bac_ninh]
        row = training[bac_ninh]
        assert row[t("Đơn — nữ")] == "3"
        assert row[t("Đơn — nam")] == "1"
        assert row[t("Đơn — tổng")] == "5"
        assert (row[t("Được hỗ trợ")], row[t("Không được hỗ trợ")]) == ("3", "1")
        assert row[t("Tỷ lệ được hỗ trợ — nữ")] == shown["women"]
        assert row[t("Tỷ lệ được hỗ trợ — nam")] == shown["men"]
        assert row[t("Chênh lệch nữ − nam")] == shown["gap"]
        assert (row[t("Hoàn thành")], row[t("Thôi học")], row[t("Tháng đi học")]) == (
            "1",
            "1",
            "3",
        )
        # Paid orders only: the failed meal order of 600,000 is not money paid.
        assert row[t("Học phí đã chi")] == shown["tuition"]
        assert row[t("Tiền ăn đã chi")] == shown["meal"]

        # Job placement: two open vacancies (50 + 10 positions; one past its deadline and a
        # draft not counted), one fair registration (one cancelled), one overseas interest;
        # offers to the woman 2, to the man 2 (a withdrawn one not counted).
        jobs = _table(page, "bang-viec-lam")[bac_ninh]
        assert (jobs[t("Việc làm đang tuyển")], jobs[t("Vị trí cần tuyển")]) == ("2", "60")
        assert jobs[t("Đăng ký hội chợ")] == "1"
        assert jobs[t("Quan tâm đi nước ngoài")] == "1"
        assert (jobs[t("Giới thiệu — nữ")], jobs[t("Giới thiệu — nam")]) == ("2", "2")
        assert jobs[t("Giới thiệu — tổng")] == "4"
        assert jobs[t("Nhận lời")] == "1"
        assert jobs[t("Từ chối có lý do chính đáng")] == "1"
        assert jobs[t("Từ chối không có lý do chính đáng")] == "2"
        assert jobs[t("Chấm dứt hưởng, điểm d — nữ")] == "0"
        assert jobs[t("Chấm dứt hưởng, điểm d — nam")] == "1"
        assert jobs[t("Chấm dứt hưởng, điểm d — tổng")] == "1"
        assert jobs[t("Chấm dứt hưởng, điểm a (có việc làm)")] == "1"

        # The chart's text summary says the same, and links to its table.
        caption = page.locator("figure figcaption").inner_text()
        assert shown["women"] in caption and shown["men"] in caption
        assert page.locator("figure figcaption a[href='#bang-hoc-nghe']").is_visible()

        # The download: every measure for women, men and everyone, a total line, the gaps.
        with page.expect_download() as info:
            page.locator("main a[href$='/theo-tinh/tai-ve.csv']").click()
        download = info.value
        assert download.suggested_filename.endswith(".csv")
        with open(download.path(), encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
        header, total = lines[0], lines[-1]
        cell = dict(zip(header, total, strict=True))
        assert total[0] == t("Tổng")
        submitted = t("Đơn hỗ trợ học nghề đã nộp")
        assert cell[f"{submitted} — {t('Nữ')}"] == "3"
        assert cell[f"{submitted} — {t('Nam')}"] == "1"
        assert cell[f"{submitted} — {t('Tổng')}"] == "5"
        assert cell[f"{t('Học phí đã chi (đồng)')} — {t('Tổng')}"] == "3000000"
        assert cell[f"{t('Lượt giới thiệu việc làm')} — {t('Tổng')}"] == "4"
        gap = cell[t("Chênh lệch nữ − nam: tỷ lệ được hỗ trợ học nghề (điểm %)")]
        assert gap == "-33.3"  # a number, not the formula-safe writer's text "'-33.3"
        # Women accepted 1 of 2 offers, the man none of 2: +50 points.
        assert cell[t("Chênh lệch nữ − nam: tỷ lệ nhận lời giới thiệu việc làm (điểm %)")] == "50.0"

        # By course field: the woman's digital-skills course, completed, its tuition paid.
        page.locator(
            "main nav a[href='/thong-ke/duong-tro-lai-viec-lam/theo-nganh-nghe-dao-tao/']"
        ).click()
        page.wait_for_url(f"{base}/thong-ke/duong-tro-lai-viec-lam/theo-nganh-nghe-dao-tao/")
        look(page, "by course field", lang)
        field = _table(page, "bang-hoc-nghe")[digital]
        assert field[t("Hoàn thành")] == "1"
        assert field[t("Học phí đã chi")] == shown["tuition"]
