"""The demo's jobs catalogue (issue 18): vacancies of employers in Bắc Ninh (with the former
Bắc Giang), Hà Nội, Hải Phòng (with the former Hải Dương), Hưng Yên and Thái Nguyên, the Bắc
Ninh center's job fairs (one for the Hanwoo Vina workers), and the EPS Korea and IM Japan
programs.

Idempotent: an item is made once, known by its employer and title (a fair and a program by
their title); what exists is left as it is. Dates are counted from the day it runs, so a fresh
demo always has open vacancies and an upcoming fair. The employers other than the demo store's
(demo.dataset.DEMO_EMPLOYERS) are invented; the places (industrial parks) are real.

Since the 2025 merger of provinces, Bắc Giang is part of Bắc Ninh (24) and Hải Dương of Hải
Phòng (31): the addresses name the old place, the province code is the new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from common.textsearch import text_search
from demo import dataset
from identity.models import EmploymentServiceCenter, User
from jobs.catalogue import services
from jobs.catalogue.models import JobFair, OverseasProgram, Vacancy
from training.models import Course

BAC_NINH = dataset.FACTORY_PROVINCE
HANWOO_TAX_CODE = dataset.DEMO_EMPLOYERS_BY_KEY[dataset.FACTORY_KEY].tax_code


@dataclass(frozen=True)
class DemoVacancy:
    key: str
    tax_code: str
    employer: str
    title: str
    occupation: str
    sector: str
    province_code: str
    address: str
    point: tuple[float, float] | None
    wage: tuple[int, int | None]
    contract_type: str
    positions: int
    requirements: str
    benefits: str
    days_open: int


VACANCIES: tuple[DemoVacancy, ...] = (
    DemoVacancy(
        "sao-kim-lap-rap",
        "2300551234",
        "Công ty TNHH Điện tử Sao Kim Việt Nam",
        "Công nhân lắp ráp linh kiện điện tử",
        "công nhân lắp ráp điện tử",
        "electronics",
        BAC_NINH,
        "KCN Yên Phong, xã Yên Phong, tỉnh Bắc Ninh",
        (21.2050, 105.9570),
        (7_200_000, 9_500_000),
        "fixed_term",
        300,
        "Nam, nữ 18–35 tuổi; tốt nghiệp THCS trở lên; mắt tốt, không mù màu. Không cần kinh "
        "nghiệm: được đào tạo 2 tuần có lương. Người từng làm may, lắp ráp được ưu tiên.",
        "Lương cơ bản + phụ cấp chuyên cần, tăng ca; xe đưa đón từ Bắc Giang, Thái Nguyên; bữa "
        "ăn ca; ký túc xá; đóng đủ bảo hiểm xã hội, y tế, thất nghiệp từ tháng đầu.",
        45,
    ),
    DemoVacancy(
        "que-vo-quang-hoc",
        "2300662345",
        "Công ty TNHH Linh kiện Quang học Quế Võ",
        "Nhân viên kiểm tra chất lượng (QC) ống kính camera",
        "nhân viên kiểm tra chất lượng",
        "electronics",
        BAC_NINH,
        "KCN Quế Võ, phường Phương Liễu, tỉnh Bắc Ninh",
        (21.1440, 106.1680),
        (8_000_000, 10_500_000),
        "indefinite",
        80,
        "Nữ 18–40 tuổi; tốt nghiệp THPT; làm việc 2 ca; ưu tiên người đã làm kiểm hàng trong "
        "ngành may hoặc điện tử.",
        "Thưởng tháng 13; phụ cấp ca đêm; xe đưa đón; hợp đồng không thời hạn sau thử việc.",
        30,
    ),
    DemoVacancy(
        "viet-yen-may",
        "2400773456",
        "Công ty TNHH May Xuất khẩu Việt Yên",
        "Công nhân may công nghiệp",
        "công nhân may",
        "garment",
        BAC_NINH,
        "KCN Đình Trám, phường Nếnh (Việt Yên, Bắc Giang cũ), tỉnh Bắc Ninh",
        (21.2560, 106.0890),
        (8_000_000, 11_000_000),
        "indefinite",
        150,
        "Biết may máy 1 kim, 2 kim; nhận cả người chưa thạo nghề (kèm cặp tại chuyền). Thợ "
        "may vừa nghỉ việc ở các nhà máy trong tỉnh được nhận ngay sau phỏng vấn.",
        "Lương theo sản phẩm, bảo đảm tối thiểu 8 triệu; thưởng năng suất; nhà trẻ cho con "
        "công nhân; nghỉ thứ Bảy cách tuần.",
        40,
    ),
    DemoVacancy(
        "kinh-bac-kho",
        "2400884567",
        "Công ty TNHH Logistics Kinh Bắc",
        "Nhân viên kho, lái xe nâng",
        "nhân viên kho vận",
        "logistics",
        BAC_NINH,
        "KCN Quang Châu (Việt Yên, Bắc Giang cũ), tỉnh Bắc Ninh",
        (21.2290, 106.0560),
        (8_500_000, 12_000_000),
        "fixed_term",
        25,
        "Nam 20–40 tuổi; có chứng chỉ lái xe nâng là lợi thế (công ty hỗ trợ học phí cho người "
        "chưa có); biết dùng máy quét mã vạch.",
        "Phụ cấp xe nâng 1 triệu/tháng; bữa trưa; bảo hiểm đầy đủ.",
        30,
    ),
    DemoVacancy(
        "hanwoo-thanh-ly",
        HANWOO_TAX_CODE,
        dataset.FACTORY_NAME,
        "Nhân viên kiểm kê, bàn giao tài sản khi thanh lý nhà máy",
        "nhân viên kho",
        "garment",
        BAC_NINH,
        "KCN Quế Võ, phường Phương Liễu, tỉnh Bắc Ninh",
        (21.1450, 106.1600),
        (7_500_000, None),
        "seasonal",
        12,
        "Người lao động cũ của công ty, đã làm ở kho hoặc bảo trì; làm trong 3 tháng thanh lý.",
        "Trả đủ lương theo ngày công. Người đang hưởng trợ cấp thất nghiệp báo trung tâm "
        "trước khi bắt đầu làm: có việc làm là căn cứ chấm dứt hưởng (phần còn lại được bảo "
        "lưu theo quy định).",
        20,
    ),
    DemoVacancy(
        "ho-tay-le-tan",
        "0101995678",
        "Khách sạn Hồ Tây Riverside",
        "Nhân viên buồng phòng và lễ tân",
        "nhân viên buồng phòng",
        "hospitality",
        "01",
        "Đường Thanh Niên, phường Tây Hồ, thành phố Hà Nội",
        (21.0580, 105.8230),
        (7_000_000, 9_000_000),
        "fixed_term",
        15,
        "Nam, nữ 20–35 tuổi; giao tiếp tốt; lễ tân cần tiếng Anh giao tiếp.",
        "Phí dịch vụ hằng tháng; bữa ăn ca; đồng phục; đào tạo nghiệp vụ khách sạn.",
        30,
    ),
    DemoVacancy(
        "sao-mai-giao-hang",
        "0500334455",
        "Công ty TNHH Dịch vụ Logistics Sao Mai",
        "Nhân viên giao hàng bằng xe máy",
        "nhân viên giao hàng",
        "logistics",
        "01",
        "Kho Sao Mai, xã Gia Lâm, thành phố Hà Nội",
        None,
        (9_000_000, 14_000_000),
        "part_time",
        40,
        "Có xe máy và bằng A1; điện thoại thông minh; thông thạo đường Hà Nội.",
        "Thu nhập theo đơn; phụ cấp xăng; chọn ca sáng hoặc chiều.",
        25,
    ),
    DemoVacancy(
        "thu-do-ban-le",
        "",
        "Cửa hàng Tiện lợi Minh Anh (hộ kinh doanh)",
        "Nhân viên bán hàng",
        "nhân viên bán hàng",
        "retail",
        "01",
        "Phố Nguyễn Văn Cừ, phường Bồ Đề, thành phố Hà Nội",
        None,
        (6_000_000, 7_500_000),
        "part_time",
        3,
        "Trung thực, nhanh nhẹn; làm ca xoay.",
        "Thưởng doanh số; ca linh hoạt.",
        20,
    ),
    DemoVacancy(
        "nam-sach-co-khi",
        "0801006789",
        "Công ty TNHH Cơ khí Chính xác Nam Sách",
        "Thợ vận hành máy CNC",
        "thợ cơ khí CNC",
        "mechanics",
        "31",
        "KCN Nam Sách (Hải Dương cũ), thành phố Hải Phòng",
        (20.9900, 106.3500),
        (9_000_000, 13_000_000),
        "indefinite",
        20,
        "Tốt nghiệp trung cấp cơ khí hoặc đã làm máy tiện, phay; đọc được bản vẽ.",
        "Đào tạo lập trình CNC; thưởng tay nghề; xe đưa đón từ trung tâm Hải Dương.",
        35,
    ),
    DemoVacancy(
        "cam-giang-giay",
        "0801117890",
        "Công ty TNHH Giày da Cẩm Giàng",
        "Công nhân may mũ giày",
        "công nhân may giày",
        "footwear",
        "31",
        "KCN Tân Trường, xã Cẩm Giàng (Hải Dương cũ), thành phố Hải Phòng",
        (20.9600, 106.2200),
        (7_000_000, 9_000_000),
        "indefinite",
        200,
        "Nam, nữ 18–45 tuổi; biết may là lợi thế (thợ may công nghiệp được xếp bậc cao).",
        "Phụ cấp nhà ở, đi lại; thưởng chuyên cần.",
        40,
    ),
    DemoVacancy(
        "pho-noi-smt",
        "0500112233",
        "Công ty TNHH Điện tử Phố Nối",
        "Kỹ thuật viên dây chuyền SMT",
        "kỹ thuật viên điện tử",
        "electronics",
        "33",
        "KCN Phố Nối A, xã Văn Lâm, tỉnh Hưng Yên",
        (20.9430, 106.0550),
        (10_000_000, 15_000_000),
        "indefinite",
        10,
        "Cao đẳng điện tử, tự động hóa; 1 năm kinh nghiệm dây chuyền SMT.",
        "Lương tháng 13; du lịch hằng năm.",
        30,
    ),
    DemoVacancy(
        "yen-binh-lap-rap",
        "4601228901",
        "Công ty TNHH Điện tử Yên Bình Thái Nguyên",
        "Công nhân sản xuất điện thoại",
        "công nhân lắp ráp điện tử",
        "electronics",
        "19",
        "KCN Yên Bình, phường Phổ Yên, tỉnh Thái Nguyên",
        (21.4170, 105.8780),
        (7_500_000, 10_000_000),
        "fixed_term",
        500,
        "Nam, nữ 18–30 tuổi; tốt nghiệp THCS; đứng ca 8 tiếng.",
        "Xe đưa đón các huyện; ký túc xá miễn phí; thưởng lễ, Tết.",
        45,
    ),
    DemoVacancy(
        "tan-cuong-che",
        "",
        "Hợp tác xã Chè Tân Cương",
        "Công nhân chế biến chè",
        "công nhân chế biến nông sản",
        "agriculture",
        "19",
        "Xã Tân Cương, tỉnh Thái Nguyên",
        None,
        (6_000_000, 8_000_000),
        "seasonal",
        15,
        "Chịu được nóng khi sao chè; làm theo mùa vụ.",
        "Bao ăn trưa.",
        30,
    ),
)


def _staff(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _vacancy_ensure(spec: DemoVacancy, *, actor: User, today: date) -> bool:
    exists = Vacancy.objects.filter(
        employer_tax_code=spec.tax_code, employer_name=spec.employer, title=spec.title
    ).exists()
    if exists:
        return False
    center = EmploymentServiceCenter.objects.filter(province_code=spec.province_code).first()
    services.vacancy_create(
        actor=actor,
        employer_tax_code=spec.tax_code,
        employer_name=spec.employer,
        center=center,
        data={
            "title": spec.title,
            "occupation": spec.occupation,
            "sector": spec.sector,
            "province_code": spec.province_code,
            "address": spec.address,
            "latitude": spec.point[0] if spec.point else None,
            "longitude": spec.point[1] if spec.point else None,
            "wage_min": spec.wage[0],
            "wage_max": spec.wage[1],
            "contract_type": spec.contract_type,
            "positions": spec.positions,
            "requirements": spec.requirements,
            "benefits": spec.benefits,
            "deadline": today + timedelta(days=spec.days_open),
        },
    )
    return True


FAIR_TITLE = "Phiên giao dịch việc làm định kỳ — Trung tâm Dịch vụ việc làm tỉnh Bắc Ninh"
HANWOO_FAIR_TITLE = "Phiên giao dịch việc làm lưu động cho người lao động Hanwoo Vina"
#: The employers at the Bắc Ninh fair and the demo vacancies they bring (by DemoVacancy key).
FAIR_EMPLOYERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("A01", "sao-kim-lap-rap", ("sao-kim-lap-rap",)),
    ("A02", "que-vo-quang-hoc", ("que-vo-quang-hoc",)),
    ("A03", "viet-yen-may", ("viet-yen-may",)),
    ("B01", "kinh-bac-kho", ("kinh-bac-kho",)),
    ("B02", "yen-binh-lap-rap", ("yen-binh-lap-rap",)),
)


def _fair_ensure(
    *,
    title: str,
    actor: User,
    days_ahead: int,
    place: str,
    address: str,
    capacity: int,
    description: str,
    employers: tuple[tuple[str, str, tuple[str, ...]], ...],
    today: date,
) -> bool:
    if JobFair.objects.filter(title=title).exists():
        return False
    fair = services.fair_create(
        actor=actor,
        center=actor.center,  # type: ignore[arg-type]  # a center officer
        data={
            "title": title,
            "date": today + timedelta(days=days_ahead),
            "start_time": time(7, 30),
            "end_time": time(11, 30),
            "place": place,
            "address": address,
            "province_code": BAC_NINH,
            "capacity": capacity,
            "description": description,
        },
    )
    by_key = {spec.key: spec for spec in VACANCIES}
    for booth, employer_key, vacancy_keys in employers:
        spec = by_key[employer_key]
        vacancies = [
            v
            for key in vacancy_keys
            for v in Vacancy.objects.filter(
                employer_name=by_key[key].employer, title=by_key[key].title
            )
        ]
        services.fair_employer_add(
            actor=actor,
            fair=fair,
            employer_name=spec.employer,
            employer_tax_code=spec.tax_code,
            booth=booth,
            vacancies=vacancies,
        )
    return True


def _language_course(language: str) -> Course | None:
    """The training catalogue's language course for a program, where the demo has one."""
    courses = Course.objects.filter(field=Course.Field.OVERSEAS_LANGUAGES)
    return text_search(courses, language).order_by("pk").first()


def _programs(today: date) -> list[dict[str, object]]:
    return [
        {
            "name": "Chương trình EPS — làm việc tại Hàn Quốc (ngành sản xuất chế tạo)",
            "country": "KR",
            "sector": "mechanics",
            "description": (
                "Chương trình cấp phép việc làm (Employment Permit System) theo thỏa thuận giữa "
                "hai Chính phủ Việt Nam và Hàn Quốc; hợp đồng 3 năm, có thể gia hạn thêm 1 năm "
                "10 tháng. Người lao động chỉ đăng ký qua Trung tâm Lao động ngoài nước và trung "
                "tâm dịch vụ việc làm, không qua môi giới."
            ),
            "wage_currency": "KRW",
            "wage_min": 2_156_880,
            "wage_max": None,
            "wage_min_dong": 38_800_000,
            "wage_max_dong": None,
            "wage_note": (
                "Lương tối thiểu Hàn Quốc năm 2026 (10.320 won/giờ, 209 giờ/tháng), chưa tính "
                "làm thêm giờ; tỷ giá khoảng 18 đồng/won"
            ),
            "language_requirement": (
                "Đạt kỳ thi năng lực tiếng Hàn EPS-TOPIK (trên máy tính) và kỳ thi tay nghề, "
                "thể lực do phía Hàn Quốc tổ chức."
            ),
            "costs": (
                "Khoảng 650 USD: lệ phí thi EPS-TOPIK, khám sức khỏe, hộ chiếu, thị thực, vé máy "
                "bay, giáo dục định hướng. Không có phí môi giới."
            ),
            "cost_total_dong": 16_500_000,
            "loans": (
                "Vay vốn tại Ngân hàng Chính sách xã hội để trang trải chi phí đi làm việc ở "
                "nước ngoài (ưu tiên người thuộc hộ nghèo, cận nghèo, người bị thu hồi đất, "
                "người lao động mất việc); hồ sơ qua trung tâm."
            ),
            "loan_max_dong": 100_000_000,
            "pre_departure_training": (
                "Học tiếng Hàn để thi EPS-TOPIK (khoảng 3 tháng) và khóa giáo dục định hướng bắt "
                "buộc trước khi xuất cảnh."
            ),
            "training_course": _language_course("tieng han"),
            "enterprise_name": "Trung tâm Lao động ngoài nước (đơn vị sự nghiệp công lập)",
            "enterprise_license_number": "Đơn vị sự nghiệp công lập (Luật 69/2020/QH14)",
            "deadline": today + timedelta(days=60),
            "seats": 300,
        },
        {
            "name": "Chương trình IM Japan — thực tập sinh kỹ năng tại Nhật Bản",
            "country": "JP",
            "sector": "mechanics",
            "description": (
                "Thực tập sinh kỹ năng 3 đến 5 năm trong các doanh nghiệp Nhật Bản (cơ khí, chế "
                "biến thực phẩm, may), qua tổ chức IM Japan và Trung tâm Lao động ngoài nước."
            ),
            "wage_currency": "JPY",
            "wage_min": 180_000,
            "wage_max": 220_000,
            "wage_min_dong": 30_600_000,
            "wage_max_dong": 37_400_000,
            "wage_note": "trước thuế và bảo hiểm; tỷ giá khoảng 170 đồng/yên",
            "language_requirement": (
                "Không cần biết tiếng Nhật khi đăng ký: học tiếng Nhật tập trung trước khi đi, "
                "đạt trình độ sơ cấp (tương đương N4) trước khi xuất cảnh."
            ),
            "costs": (
                "Không có phí môi giới; IM Japan chịu chi phí đào tạo và vé máy bay. Người lao "
                "động tự trả khám sức khỏe, hộ chiếu, lý lịch tư pháp."
            ),
            "cost_total_dong": 5_000_000,
            "loans": "Thường không cần vay; có thể vay Ngân hàng Chính sách xã hội nếu cần.",
            "loan_max_dong": None,
            "pre_departure_training": (
                "Khoảng 4 tháng học tiếng Nhật và kỹ năng, văn hóa, an toàn lao động, có trợ cấp "
                "sinh hoạt trong thời gian học; khóa giáo dục định hướng trước khi xuất cảnh."
            ),
            "training_course": _language_course("tieng nhat"),
            "enterprise_name": "Trung tâm Lao động ngoài nước phối hợp với IM Japan",
            "enterprise_license_number": "Theo thỏa thuận với IM Japan",
            "deadline": today + timedelta(days=45),
            "seats": 150,
        },
    ]


@dataclass(frozen=True)
class DemoJobs:
    vacancies: int
    fairs: int
    programs: int


@transaction.atomic
def demo_jobs_ensure(today: date | None = None) -> DemoJobs:
    """The catalogue's demo items, made where missing; the Bắc Ninh and Hà Nội officers post."""
    today = today or timezone.localdate()
    bac_ninh = _staff("canbo.bacninh")
    ha_noi = _staff("canbo.hanoi") or bac_ninh
    if bac_ninh is None or ha_noi is None:
        return DemoJobs(0, 0, 0)
    vacancies = sum(
        _vacancy_ensure(spec, actor=ha_noi if spec.province_code == "01" else bac_ninh, today=today)
        for spec in VACANCIES
    )
    fairs = 0
    fairs += _fair_ensure(
        title=FAIR_TITLE,
        actor=bac_ninh,
        days_ahead=12,
        place="Sàn giao dịch việc làm, Trung tâm Dịch vụ việc làm tỉnh Bắc Ninh",
        address="Đường Lý Thái Tổ, phường Kinh Bắc, tỉnh Bắc Ninh",
        capacity=500,
        description=(
            "Gặp trực tiếp các doanh nghiệp đang tuyển ở Yên Phong, Quế Võ, Việt Yên và Yên "
            "Bình; tư vấn miễn phí về học nghề, trợ cấp thất nghiệp và đi làm việc ở nước ngoài "
            "(EPS Hàn Quốc, IM Japan). Mang theo căn cước và bản sao bằng cấp."
        ),
        employers=FAIR_EMPLOYERS,
        today=today,
    )
    fairs += _fair_ensure(
        title=HANWOO_FAIR_TITLE,
        actor=bac_ninh,
        days_ahead=5,
        place="Nhà văn hóa khu công nghiệp Quế Võ",
        address="KCN Quế Võ, phường Phương Liễu, tỉnh Bắc Ninh",
        capacity=800,
        description=(
            "Dành cho người lao động Công ty TNHH May mặc Hanwoo Vina vừa nghỉ việc: tuyển dụng "
            "tại chỗ của các doanh nghiệp may, điện tử gần Quế Võ, hướng dẫn nộp hồ sơ trợ cấp "
            "thất nghiệp và đăng ký khóa học nghề có hỗ trợ."
        ),
        employers=(
            ("01", "viet-yen-may", ("viet-yen-may",)),
            ("02", "que-vo-quang-hoc", ("que-vo-quang-hoc",)),
            ("03", "sao-kim-lap-rap", ("sao-kim-lap-rap",)),
            ("04", "cam-giang-giay", ("cam-giang-giay",)),
        ),
        today=today,
    )
    programs = 0
    for data in _programs(today):
        if OverseasProgram.objects.filter(name=data["name"]).exists():
            continue
        services.program_create(actor=bac_ninh, center=bac_ninh.center, data=data)  # type: ignore[arg-type]
        programs += 1
    return DemoJobs(vacancies=vacancies, fairs=fairs, programs=programs)
