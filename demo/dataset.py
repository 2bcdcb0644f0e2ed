"""The named demo people, employers and staff: what `demo_data` creates and tests import.

Every citizen below logs in at the mock VNeID with their personal ID and DEMO_PASSWORD.
Their histories are written out month by month here, so a test can predict every count
(the generator adds them to the store exactly as written).

One anchor dates the whole scenario: DEMO_CLOSURE_DATE, the day the Hanwoo Vina garment
factory closes. Every named case ends on it or a fixed number of months before it, and the
store holds data through its month (DATA_THROUGH). It is 30/10/2026, so a demo claim filed
up to 30/01/2027 is within the three-month filing deadline. To move the demo forward later,
change DEMO_CLOSURE_DATE (or, without touching code, run
`manage.py generate_population --replace --closure-date 2027-03-26`): `demo_citizens(day)`
rebuilds every case, descriptions included, for any closure day from 15/01/2026 that falls on
or after the 15th of its month (so the closure month counts as a contribution month). Nothing
here reads the clock: the same anchor always gives the same rows.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from eligibility.registry import PastBenefit, add_months, month_start

#: The VNeID password of every generated and demo citizen (mock identity provider only).
DEMO_PASSWORD = "TroCap@2026"  # noqa: S105 - a documented demo password
#: The password of every demo staff account (they also need their TOTP code).
DEMO_STAFF_PASSWORD = "CanBo@TroCap2026"  # noqa: S105 - a documented demo password

#: The demo's anchor: the factory closes on this day (a Friday, the last working day of
#: October 2026; the Law on Employment 2025 applies). Every named case is dated from it.
DEMO_CLOSURE_DATE = date(2026, 10, 30)
#: The earliest anchor the cases are written for (the 2025 law, the 2026 minimum wages).
EARLIEST_CLOSURE_DATE = date(2026, 1, 15)


class DemoDateError(ValueError):
    """A closure day the demo scenario cannot be anchored at."""


def check_closure_date(closure_date: date) -> None:
    if closure_date < EARLIEST_CLOSURE_DATE:
        raise DemoDateError(
            f"The demo closure date must be on or after {EARLIEST_CLOSURE_DATE:%Y-%m-%d}."
        )
    if closure_date.day < 15:
        raise DemoDateError(
            "The demo closure date must be on or after the 15th of its month "
            "(so that the closure month counts as a contribution month)."
        )


def data_through_for(closure_date: date) -> date:
    """The store's last reported month (StoreSnapshot.data_through): the closure month."""
    return month_start(closure_date)


#: Employers report to the store up to and including this month (StoreSnapshot.data_through).
DATA_THROUGH = data_through_for(DEMO_CLOSURE_DATE)

# The seed's scenario: a Korean-invested garment factory closes overnight.
FACTORY_KEY = "hanwoo"
FACTORY_NAME = "Công ty TNHH May mặc Hanwoo Vina"
FACTORY_PROVINCE = "24"  # Bắc Ninh
FACTORY_CLOSURE_DATE = DEMO_CLOSURE_DATE
FACTORY_WORKERS = 2600


@dataclass(frozen=True)
class DemoEmployer:
    key: str
    tax_code: str
    name: str
    province_code: str
    wage_region: str
    sector: str
    ownership: str
    wage_regime: str = "enterprise"


DEMO_EMPLOYERS: tuple[DemoEmployer, ...] = (
    DemoEmployer(
        FACTORY_KEY, "2300987654", FACTORY_NAME, FACTORY_PROVINCE, "II", "Dệt may", "foreign"
    ),
    DemoEmployer(
        "pho_noi", "0500112233", "Công ty TNHH Điện tử Phố Nối", "33", "II", "Điện tử", "private"
    ),
    DemoEmployer(
        "ha_thanh",
        "0500223344",
        "Công ty Cổ phần Thực phẩm Hà Thành",
        "01",
        "I",
        "Chế biến thực phẩm",
        "private",
    ),
    DemoEmployer(
        "sao_mai",
        "0500334455",
        "Công ty TNHH Dịch vụ Logistics Sao Mai",
        "01",
        "I",
        "Logistics",
        "private",
    ),
    DemoEmployer(
        "ca_phe", "0500445566", "Công ty TNHH Cà phê Ban Mê", "66", "III", "Nông nghiệp", "private"
    ),
    DemoEmployer(
        "sai_gon_tech",
        "0300556677",
        "Công ty TNHH Điện tử Sài Gòn Tech",
        "79",
        "I",
        "Điện tử",
        "foreign",
    ),
    DemoEmployer(
        "phuong_nam",
        "0300667788",
        "Công ty Cổ phần Bán lẻ Phương Nam",
        "79",
        "I",
        "Bán lẻ",
        "private",
    ),
    DemoEmployer(
        "go_bien_hoa",
        "0300778899",
        "Công ty TNHH Chế biến Gỗ Biên Hòa",
        "75",
        "I",
        "Chế biến gỗ",
        "private",
    ),
    DemoEmployer(
        "co_khi_hp",
        "0200889900",
        "Công ty TNHH Cơ khí Cảng Hải Phòng",
        "31",
        "I",
        "Cơ khí",
        "private",
    ),
    DemoEmployer(
        "que_vo", "2300990011", "Công ty TNHH Linh kiện Quế Võ", "24", "II", "Điện tử", "foreign"
    ),
    DemoEmployer(
        "yen_phong",
        "2300101122",
        "Công ty TNHH Điện tử Yên Phong",
        "24",
        "II",
        "Điện tử",
        "foreign",
    ),
    DemoEmployer(
        "vlxd_th",
        "2600212233",
        "Công ty Cổ phần Vật liệu Xây dựng Thanh Hóa",
        "38",
        "III",
        "Xây dựng",
        "private",
    ),
    DemoEmployer(
        "may_th", "2600323344", "Công ty TNHH May Thanh Hóa Việt", "38", "III", "Dệt may", "private"
    ),
    DemoEmployer(
        "tay_do",
        "1800434455",
        "Công ty TNHH Thủy sản Tây Đô",
        "92",
        "II",
        "Chế biến thủy sản",
        "private",
    ),
    DemoEmployer(
        "ngan_hang", "0100545566", "Ngân hàng TMCP Thủ Đô", "01", "I", "Ngân hàng", "private"
    ),
)
DEMO_EMPLOYERS_BY_KEY = {e.key: e for e in DEMO_EMPLOYERS}


@dataclass(frozen=True)
class DemoSpell:
    employer: str  # DemoEmployer.key
    contract_type: str
    start_date: date
    end_date: date | None
    termination_reason: str
    #: (first month, insured salary) steps; a salary holds until the next step.
    salaries: tuple[tuple[date, int], ...]
    #: Months of this spell for which the employer paid social but not unemployment insurance.
    months_without_ui: tuple[date, ...] = ()


@dataclass(frozen=True)
class DemoCitizen:
    case: str  # a short stable key tests use
    personal_id: str
    full_name: str
    birth_date: date
    sex: str
    province_code: str
    address: str
    phone: str
    description: str  # what the case illustrates (shown by demo_data)
    identity_level: int = 2
    spells: tuple[DemoSpell, ...] = ()
    benefits: tuple[PastBenefit, ...] = ()
    pension_since: date | None = None
    password: str = DEMO_PASSWORD
    #: UI months expected on the record page for the 24 / 36 months counted back from the
    #: reference month (None where the count depends on today's date).
    expected_ui_24: int | None = None
    expected_ui_36: int | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def has_record(self) -> bool:
        return bool(self.spells)


D = date


def _day(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _month(month: date) -> str:
    return f"{month:%m/%Y}"


def _last_day(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


@lru_cache(maxsize=8)
def demo_citizens(closure_date: date = DEMO_CLOSURE_DATE) -> tuple[DemoCitizen, ...]:
    """The named demo citizens for a factory closing on `closure_date` (see the module doc).

    Month offsets below are counted from the closure month M: `month(-5)` is five months
    before it, `end_of(-1)` the last day of the month before it.
    """
    check_closure_date(closure_date)
    closure = closure_date
    anchor = month_start(closure)

    def month(offset: int) -> date:
        return add_months(anchor, offset)

    def end_of(offset: int) -> date:
        return _last_day(month(offset))

    raise_from = month(-5)  # the clean worker's last six months are at the higher salary
    seasons = ((month(-31), end_of(-26)), (month(-19), end_of(-14)), (month(-4), end_of(0)))
    resigned = month(-1).replace(day=15)
    return (
        DemoCitizen(
            case="clean",
            personal_id="024188900001",
            full_name="Nguyễn Thị Hoa",
            birth_date=D(1988, 5, 14),
            sex="F",
            province_code="24",
            address="Số 12, đường Lý Thái Tổ, phường Kinh Bắc, Tỉnh Bắc Ninh",
            phone="0912345001",
            description=(
                f"Công nhân may Hanwoo Vina, nhà máy đóng cửa {_day(closure)}; đóng đầy đủ từ "
                f"01/2020, 6 tháng cuối ({_month(raise_from)}..{_month(anchor)}) lương 7.000.000 ₫ "
                "(như ví dụ 1 của RULES.md): trợ cấp 4.200.000 ₫/tháng"
            ),
            spells=(
                DemoSpell(
                    FACTORY_KEY,
                    "indefinite",
                    D(2020, 1, 1),
                    closure,
                    "business_closure",
                    ((D(2020, 1, 1), 6_500_000), (raise_from, 7_000_000)),
                ),
            ),
            expected_ui_24=24,
            expected_ui_36=36,
        ),
        DemoCitizen(
            case="too_few_months",
            personal_id="033201900002",
            full_name="Trần Văn Nam",
            birth_date=D(2001, 9, 2),
            sex="M",
            province_code="33",
            address="Thôn Đông, xã Như Quỳnh, Tỉnh Hưng Yên",
            phone="0912345002",
            description=(
                f"Mới đóng 9 tháng ({_month(month(-8))}..{_month(anchor)}), hết hạn hợp đồng "
                f"{_day(end_of(0))}: chưa đủ 12 tháng"
            ),
            spells=(
                DemoSpell(
                    "pho_noi",
                    "fixed_term",
                    month(-8),
                    end_of(0),
                    "contract_expired",
                    ((month(-8), 5_200_000),),
                ),
            ),
            expected_ui_24=9,
            expected_ui_36=9,
        ),
        DemoCitizen(
            case="gaps",
            personal_id="001192900003",
            full_name="Lê Thị Mai",
            birth_date=D(1992, 11, 23),
            sex="F",
            province_code="01",
            address="Số 8, ngõ 45 phố Trần Duy Hưng, phường Yên Hòa, Thành phố Hà Nội",
            phone="0912345003",
            description=(
                f"Có khoảng trống: 16 tháng đóng ({_month(month(-37))}..{_month(month(-26))} và "
                f"{_month(month(-3))}..{_month(anchor)}) nhưng chỉ 4 tháng trong 24 tháng (ví dụ 4)"
            ),
            spells=(
                DemoSpell(
                    "ha_thanh",
                    "fixed_term",
                    month(-37),
                    end_of(-26),
                    "contract_expired",
                    ((month(-37), 6_000_000),),
                ),
                DemoSpell(
                    "sao_mai",
                    "indefinite",
                    month(-3),
                    closure,
                    "employer_dismissal",
                    ((month(-3), 7_200_000),),
                ),
            ),
            expected_ui_24=4,
            expected_ui_36=14,
        ),
        DemoCitizen(
            case="seasonal",
            personal_id="066085900004",
            full_name="Phạm Văn Tùng",
            birth_date=D(1985, 3, 30),
            sex="M",
            province_code="66",
            address="Buôn Ko Tam, xã Ea Tu, Tỉnh Đắk Lắk",
            phone="0912345004",
            description=(
                "Hợp đồng mùa vụ: 11 tháng trong 24 tháng nhưng 17 tháng trong 36 tháng "
                f"(mùa vụ cuối kết thúc {_day(end_of(0))})"
            ),
            spells=tuple(
                DemoSpell(
                    "ca_phe",
                    "seasonal",
                    start,
                    end,
                    "contract_expired",
                    ((start, 4_500_000),),
                )
                for start, end in seasons
            ),
            expected_ui_24=11,
            expected_ui_36=17,
        ),
        DemoCitizen(
            case="second_employer",
            personal_id="079190900005",
            full_name="Hoàng Thị Lan",
            birth_date=D(1990, 7, 7),
            sex="F",
            province_code="79",
            address="Số 210, đường Nguyễn Văn Linh, phường Tân Thuận, Thành phố Hồ Chí Minh",
            phone="0912345005",
            description=(
                f"Mất một việc ngày {_day(closure)} nhưng vẫn đóng bảo hiểm ở nơi làm thứ hai"
            ),
            spells=(
                DemoSpell(
                    "sai_gon_tech",
                    "indefinite",
                    D(2021, 3, 1),
                    closure,
                    "employer_dismissal",
                    ((D(2021, 3, 1), 9_000_000),),
                ),
                DemoSpell(
                    "phuong_nam",
                    "fixed_term",
                    D(2024, 1, 1),
                    None,
                    "",
                    ((D(2024, 1, 1), 5_500_000),),
                ),
            ),
        ),
        DemoCitizen(
            case="pensioner",
            personal_id="075064900006",
            full_name="Võ Văn Hùng",
            birth_date=D(1964, 2, 10),
            sex="M",
            province_code="75",
            address="Số 5, đường Phạm Văn Thuận, phường Trấn Biên, Tỉnh Đồng Nai",
            phone="0912345006",
            description=(
                f"Nghỉ việc để hưởng lương hưu: hợp đồng chấm dứt {_day(end_of(-1))}, "
                f"hưởng lương hưu từ {_month(anchor)}"
            ),
            pension_since=anchor,
            spells=(
                DemoSpell(
                    "go_bien_hoa",
                    "indefinite",
                    D(2014, 1, 1),
                    end_of(-1),
                    "retirement_pension",
                    ((D(2014, 1, 1), 6_000_000), (D(2020, 1, 1), 8_000_000)),
                ),
            ),
            expected_ui_24=24,
            expected_ui_36=36,
        ),
        DemoCitizen(
            case="unlawful_resignation",
            personal_id="031095900007",
            full_name="Đặng Minh Tuấn",
            birth_date=D(1995, 12, 1),
            sex="M",
            province_code="31",
            address="Số 33, đường Lạch Tray, phường Gia Viên, Thành phố Hải Phòng",
            phone="0912345007",
            description=(
                f"Tự ý nghỉ việc trái luật ngày {_day(resigned)} "
                "(đơn phương chấm dứt không đúng luật)"
            ),
            spells=(
                DemoSpell(
                    "co_khi_hp",
                    "indefinite",
                    D(2019, 4, 1),
                    resigned,
                    "employee_unlawful_resignation",
                    ((D(2019, 4, 1), 7_500_000),),
                ),
            ),
            expected_ui_24=24,
            expected_ui_36=36,
        ),
        DemoCitizen(
            case="reemployed",
            personal_id="024193900008",
            full_name="Bùi Thị Thu",
            birth_date=D(1993, 4, 18),
            sex="F",
            province_code="24",
            address="Khu phố Phù Lưu, phường Từ Sơn, Tỉnh Bắc Ninh",
            phone="0912345008",
            description=(
                f"Hết hạn hợp đồng {_day(end_of(-1))}, đã có việc mới từ {_month(anchor)}"
            ),
            spells=(
                DemoSpell(
                    "que_vo",
                    "fixed_term",
                    D(2022, 1, 1),
                    end_of(-1),
                    "contract_expired",
                    ((D(2022, 1, 1), 6_800_000),),
                ),
                DemoSpell(
                    "yen_phong",
                    "indefinite",
                    anchor,
                    None,
                    "",
                    ((anchor, 7_100_000),),
                ),
            ),
        ),
        DemoCitizen(
            case="past_benefit",
            personal_id="038080900009",
            full_name="Ngô Văn Đức",
            birth_date=D(1980, 8, 20),
            sex="M",
            province_code="38",
            address="Thôn Trung, xã Quảng Yên, Tỉnh Thanh Hóa",
            phone="0912345009",
            description=(
                "Đã hưởng trợ cấp năm 2020 (dùng 48 tháng, bảo lưu 6), "
                f"nay lại mất việc ngày {_day(closure)}"
            ),
            spells=(
                DemoSpell(
                    "vlxd_th",
                    "indefinite",
                    D(2016, 1, 1),
                    D(2020, 6, 30),
                    "mutual_agreement",
                    ((D(2016, 1, 1), 4_200_000), (D(2019, 1, 1), 5_000_000)),
                ),
                DemoSpell(
                    "may_th",
                    "indefinite",
                    D(2020, 12, 1),
                    closure,
                    "employer_dismissal",
                    ((D(2020, 12, 1), 5_600_000),),
                ),
            ),
            benefits=(
                PastBenefit(
                    decision_number="1234/QĐ-SLĐTBXH",
                    start_date=D(2020, 7, 21),
                    end_date=D(2020, 11, 20),
                    months_granted=4,
                    contribution_months_used=48,
                    contributions_used_through=D(2020, 6, 1),
                ),
            ),
            expected_ui_24=24,
            expected_ui_36=36,
        ),
        DemoCitizen(
            case="level1",
            personal_id="092198900010",
            full_name="Lý Thị Ngọc",
            birth_date=D(1998, 1, 25),
            sex="F",
            province_code="92",
            address="Số 71, đường 30 Tháng 4, phường Ninh Kiều, Thành phố Cần Thơ",
            phone="0912345010",
            description=(
                f"Tài khoản VNeID mức độ 1 (mất việc ngày {_day(closure)}): "
                "phải nâng lên mức 2 mới nộp hồ sơ được"
            ),
            identity_level=1,
            spells=(
                DemoSpell(
                    "tay_do",
                    "indefinite",
                    D(2020, 6, 1),
                    closure,
                    "employer_dismissal",
                    ((D(2020, 6, 1), 5_800_000),),
                ),
            ),
            expected_ui_24=24,
            expected_ui_36=36,
        ),
        DemoCitizen(
            case="no_record",
            personal_id="040099900011",
            full_name="Đỗ Văn Khoa",
            birth_date=D(1999, 10, 9),
            sex="M",
            province_code="40",
            address="Xóm 4, xã Diễn Châu, Tỉnh Nghệ An",
            phone="0912345011",
            description="Chưa từng tham gia bảo hiểm xã hội bắt buộc (không có hồ sơ)",
        ),
        DemoCitizen(
            case="capped",
            personal_id="001078900012",
            full_name="Trịnh Quốc Bảo",
            birth_date=D(1978, 6, 3),
            sex="M",
            province_code="01",
            address="Số 2, phố Tràng Tiền, phường Hoàn Kiếm, Thành phố Hà Nội",
            phone="0912345012",
            description=(
                f"Lương cao (60 triệu đồng), hết hạn hợp đồng {_day(end_of(0))}: "
                "trợ cấp bị giới hạn ở mức trần"
            ),
            spells=(
                DemoSpell(
                    "ngan_hang",
                    "fixed_term",
                    D(2016, 1, 1),
                    end_of(0),
                    "contract_expired",
                    ((D(2016, 1, 1), 60_000_000),),
                ),
            ),
            expected_ui_24=24,
            expected_ui_36=36,
        ),
    )


DEMO_CITIZENS: tuple[DemoCitizen, ...] = demo_citizens(DEMO_CLOSURE_DATE)
DEMO_CITIZENS_BY_CASE = {c.case: c for c in DEMO_CITIZENS}


def demo_citizen(case: str) -> DemoCitizen:
    return DEMO_CITIZENS_BY_CASE[case]


def demo_totp_secret(username: str) -> str:
    """A fixed base32 TOTP secret per demo account, so `make run` can print it."""
    return base64.b32encode(
        hashlib.sha256(f"trocap-demo-totp:{username}".encode()).digest()[:20]
    ).decode()


@dataclass(frozen=True)
class DemoStaff:
    username: str
    full_name: str
    role: str  # identity.models.User.Role value
    province_code: str | None  # the center's province; None for the administrator
    description: str
    password: str = DEMO_STAFF_PASSWORD

    @property
    def totp_secret(self) -> str:
        return demo_totp_secret(self.username)


DEMO_STAFF: tuple[DemoStaff, ...] = (
    DemoStaff(
        "canbo.bacninh",
        "Nguyễn Văn An",
        "officer",
        FACTORY_PROVINCE,
        "Cán bộ thụ lý, TT DVVL Bắc Ninh",
    ),
    DemoStaff(
        "canbo2.bacninh",
        "Phạm Thị Bình",
        "officer",
        FACTORY_PROVINCE,
        "Cán bộ thụ lý thứ hai, TT DVVL Bắc Ninh",
    ),
    DemoStaff(
        "lanhdao.bacninh",
        "Trần Quốc Cường",
        "signer",
        FACTORY_PROVINCE,
        "Lãnh đạo ký duyệt, TT DVVL Bắc Ninh",
    ),
    DemoStaff(
        "canbo.hanoi",
        "Lê Thu Dung",
        "officer",
        "01",
        "Cán bộ thụ lý, TT DVVL Hà Nội (trung tâm khác)",
    ),
    DemoStaff("quantri", "Quản trị hệ thống", "admin", None, "Quản trị viên (Django admin)"),
)
DEMO_STAFF_BY_USERNAME = {s.username: s for s in DEMO_STAFF}


def center_name(province_label: str) -> str:
    """'Tỉnh Bắc Ninh' -> 'Trung tâm Dịch vụ việc làm tỉnh Bắc Ninh'."""
    for prefix in ("Thành phố ", "Tỉnh "):
        if province_label.startswith(prefix):
            return f"Trung tâm Dịch vụ việc làm {prefix.strip().lower()} {province_label[len(prefix) :]}"
    return f"Trung tâm Dịch vụ việc làm {province_label}"
