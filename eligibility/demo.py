"""The named demo people, employers and staff: what `demo_data` creates and tests import.

Every citizen below logs in at the mock VNeID with their personal ID and DEMO_PASSWORD.
Their histories are written out month by month here, so a test can predict every count
(the generator adds them to the store exactly as written).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import date

#: The VNeID password of every generated and demo citizen (mock identity provider only).
DEMO_PASSWORD = "TroCap@2026"  # noqa: S105 - a documented demo password
#: The password of every demo staff account (they also need their TOTP code).
DEMO_STAFF_PASSWORD = "CanBo@TroCap2026"  # noqa: S105 - a documented demo password

#: Employers report to the store up to and including this month (StoreSnapshot.data_through).
DATA_THROUGH = date(2026, 4, 1)

# The seed's scenario: a Korean-invested garment factory closes overnight.
FACTORY_KEY = "hanwoo"
FACTORY_NAME = "Công ty TNHH May mặc Hanwoo Vina"
FACTORY_PROVINCE = "24"  # Bắc Ninh
FACTORY_CLOSURE_DATE = date(2026, 2, 27)
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
class DemoBenefit:
    decision_number: str
    start_date: date
    end_date: date
    months_granted: int
    contribution_months_used: int
    contributions_used_through: date


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
    benefits: tuple[DemoBenefit, ...] = ()
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
DEMO_CITIZENS: tuple[DemoCitizen, ...] = (
    DemoCitizen(
        case="clean",
        personal_id="024188900001",
        full_name="Nguyễn Thị Hoa",
        birth_date=D(1988, 5, 14),
        sex="F",
        province_code="24",
        address="Số 12, đường Lý Thái Tổ, phường Kinh Bắc, Tỉnh Bắc Ninh",
        phone="0912345001",
        description="Công nhân may Hanwoo Vina, lịch sử đóng đầy đủ (ví dụ 1 của RULES.md)",
        spells=(
            DemoSpell(
                FACTORY_KEY,
                "indefinite",
                D(2020, 1, 1),
                FACTORY_CLOSURE_DATE,
                "business_closure",
                ((D(2020, 1, 1), 6_500_000), (D(2025, 9, 1), 7_000_000)),
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
        description="Mới đóng 9 tháng (2025-06..2026-02): chưa đủ 12 tháng",
        spells=(
            DemoSpell(
                "pho_noi",
                "fixed_term",
                D(2025, 6, 1),
                D(2026, 2, 28),
                "contract_expired",
                ((D(2025, 6, 1), 5_200_000),),
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
        description="Có khoảng trống: 16 tháng đóng nhưng chỉ 4 tháng trong 24 tháng (ví dụ 4)",
        spells=(
            DemoSpell(
                "ha_thanh",
                "fixed_term",
                D(2023, 1, 1),
                D(2023, 12, 31),
                "contract_expired",
                ((D(2023, 1, 1), 6_000_000),),
            ),
            DemoSpell(
                "sao_mai",
                "indefinite",
                D(2025, 11, 1),
                D(2026, 2, 27),
                "employer_dismissal",
                ((D(2025, 11, 1), 7_200_000),),
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
        description="Hợp đồng mùa vụ: 11 tháng trong 24 tháng nhưng 17 tháng trong 36 tháng",
        spells=tuple(
            DemoSpell(
                "ca_phe",
                "seasonal",
                start,
                end,
                "contract_expired",
                ((start, 4_500_000),),
            )
            for start, end in (
                (D(2023, 5, 1), D(2023, 10, 31)),
                (D(2024, 5, 1), D(2024, 10, 31)),
                (D(2025, 8, 1), D(2025, 12, 31)),
            )
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
        description="Mất một việc nhưng vẫn đóng bảo hiểm ở nơi làm thứ hai",
        spells=(
            DemoSpell(
                "sai_gon_tech",
                "indefinite",
                D(2021, 3, 1),
                D(2026, 2, 27),
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
        description="Nghỉ hưu, hưởng lương hưu từ 02/2026",
        pension_since=D(2026, 2, 1),
        spells=(
            DemoSpell(
                "go_bien_hoa",
                "indefinite",
                D(2014, 1, 1),
                D(2026, 1, 31),
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
        description="Tự ý nghỉ việc trái luật (đơn phương chấm dứt không đúng luật)",
        spells=(
            DemoSpell(
                "co_khi_hp",
                "indefinite",
                D(2019, 4, 1),
                D(2026, 1, 15),
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
        description="Hết hạn hợp đồng 31/01/2026, đã có việc mới từ 03/2026",
        spells=(
            DemoSpell(
                "que_vo",
                "fixed_term",
                D(2022, 1, 1),
                D(2026, 1, 31),
                "contract_expired",
                ((D(2022, 1, 1), 6_800_000),),
            ),
            DemoSpell(
                "yen_phong",
                "indefinite",
                D(2026, 3, 1),
                None,
                "",
                ((D(2026, 3, 1), 7_100_000),),
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
        description="Đã hưởng trợ cấp năm 2020 (dùng 48 tháng, bảo lưu 6), nay lại mất việc",
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
                D(2026, 2, 27),
                "employer_dismissal",
                ((D(2020, 12, 1), 5_600_000),),
            ),
        ),
        benefits=(
            DemoBenefit(
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
        description="Tài khoản VNeID mức độ 1: phải nâng lên mức 2 mới nộp hồ sơ được",
        identity_level=1,
        spells=(
            DemoSpell(
                "tay_do",
                "indefinite",
                D(2020, 6, 1),
                D(2026, 2, 27),
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
        description="Lương cao (60 triệu đồng): trợ cấp bị giới hạn ở mức trần",
        spells=(
            DemoSpell(
                "ngan_hang",
                "fixed_term",
                D(2016, 1, 1),
                D(2026, 4, 30),
                "contract_expired",
                ((D(2016, 1, 1), 60_000_000),),
            ),
        ),
        expected_ui_24=24,
        expected_ui_36=36,
    ),
)
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
