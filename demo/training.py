"""The demo's training catalogue (issue 18): registered training institutions and their
courses in the seed's sectors (digital skills, electronics assembly, hospitality, garment
technology, Korean and Japanese for overseas work, and a few more) in Bắc Ninh (with the
former Bắc Giang), Hà Nội, Hải Phòng (with the former Hải Dương) and Thái Nguyên, plus one
online course open to every province.

Idempotent: an institution is known by its code, a course by its institution and title; what
exists is left as it is. Start dates are counted from the day it runs, so a fresh demo always
has courses to apply for. The institutions and their registration numbers are invented; the
places are real. Since the 2025 merger of provinces the province code is the new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from training.catalogue.models import Course, Institution
from training.institution_api.models import InstitutionLink

F, L = Course.Field, Course.Level


@dataclass(frozen=True)
class DemoInstitution:
    code: str
    name: str
    province_code: str
    address: str
    license_number: str
    phone: str
    email: str
    #: Where its tuition is paid (an invented tax code and account): InstitutionLink.
    tax_code: str
    bank_code: str
    account_number: str


INSTITUTIONS = [
    DemoInstitution(
        "cd-ky-thuat-kinh-bac",
        "Trường Cao đẳng Kỹ thuật Kinh Bắc",
        "24",
        "Số 15 đường Lý Thái Tổ, phường Võ Cường, tỉnh Bắc Ninh",
        "12/2023/GCNĐKHĐGDNN-SLĐTBXH",
        "0222 3854 120",
        "tuyensinh@kinhbac-tech.edu.vn",
        "2300512345",
        "BIDV",
        "21510001234567",
    ),
    DemoInstitution(
        "gdnn-yen-phong",
        "Trung tâm Giáo dục nghề nghiệp Yên Phong",
        "24",
        "Khu công nghiệp Yên Phong, xã Yên Phong, tỉnh Bắc Ninh",
        "27/2022/GCNĐKHĐGDNN-SLĐTBXH",
        "0222 3866 245",
        "daotao@gdnnyenphong.edu.vn",
        "2300623456",
        "AGR",
        "2600205123456",
    ),
    DemoInstitution(
        "ngoai-ngu-han-viet-bac-giang",
        "Trung tâm Ngoại ngữ và Đào tạo nghề Hàn Việt",
        "24",
        "Số 88 đường Hùng Vương, phường Bắc Giang, tỉnh Bắc Ninh (Bắc Giang cũ)",
        "05/2024/GCNĐKHĐGDNN-SNV",
        "0204 3856 789",
        "hanviet.bg@hanviet-edu.vn",
        "2400734567",
        "VCB",
        "0351000734567",
    ),
    DemoInstitution(
        "tc-du-lich-thang-long",
        "Trường Trung cấp Du lịch Thăng Long",
        "01",
        "Số 120 phố Hoàng Quốc Việt, phường Nghĩa Đô, Thành phố Hà Nội",
        "41/2021/GCNĐKHĐGDNN-SLĐTBXH",
        "024 3756 2211",
        "tuyensinh@dulichthanglong.edu.vn",
        "0100845678",
        "CTG",
        "113000845678",
    ),
    DemoInstitution(
        "cd-det-may-thanh-dong",
        "Trường Cao đẳng Dệt may Thành Đông",
        "31",
        "Số 5 đường Nguyễn Lương Bằng, phường Hải Dương, Thành phố Hải Phòng (Hải Dương cũ)",
        "09/2022/GCNĐKHĐGDNN-SLĐTBXH",
        "0220 3891 456",
        "daotao@detmaythanhdong.edu.vn",
        "0800956789",
        "BIDV",
        "46010000956789",
    ),
    DemoInstitution(
        "cd-co-dien-thai-nguyen",
        "Trường Cao đẳng Cơ điện và Ngoại ngữ Thái Nguyên",
        "19",
        "Số 2 đường 3/2, phường Tích Lương, tỉnh Thái Nguyên",
        "33/2023/GCNĐKHĐGDNN-SLĐTBXH",
        "0208 3846 333",
        "tuyensinh@codienthainguyen.edu.vn",
        "4601067890",
        "AGR",
        "8300201067890",
    ),
    DemoInstitution(
        "hoc-vien-ky-nang-so-viet",
        "Học viện Kỹ năng số Việt (học trực tuyến)",
        "01",
        "Tầng 6, số 18 phố Duy Tân, phường Cầu Giấy, Thành phố Hà Nội",
        "18/2024/GCNĐKHĐGDNN-SNV",
        "024 7300 1818",
        "hotro@kynangsoviet.edu.vn",
        "0109178901",
        "TCB",
        "19037178901011",
    ),
]


@dataclass(frozen=True)
class DemoCourse:
    institution: str
    title: str
    field: str
    level: str
    months: int
    tuition: int
    starts_in_days: int
    seats: int
    schedule: str
    description: str
    address: str = ""  # empty: the institution's address
    online: bool = False


COURSES = [
    DemoCourse(
        "cd-ky-thuat-kinh-bac",
        "Kỹ năng số cho người lao động",
        F.DIGITAL_SKILLS,
        L.SHORT,
        2,
        3_000_000,
        14,
        35,
        "Thứ Hai đến thứ Sáu, 8:00–11:30",
        "Sử dụng máy tính và điện thoại thông minh trong công việc, thư điện tử, bảng tính, "
        "dịch vụ công trực tuyến, an toàn thông tin cá nhân. Dành cho người chưa quen máy tính.",
    ),
    DemoCourse(
        "hoc-vien-ky-nang-so-viet",
        "Tin học văn phòng và thương mại điện tử",
        F.DIGITAL_SKILLS,
        L.SHORT,
        3,
        4_200_000,
        21,
        120,
        "Tối thứ Hai, thứ Tư, thứ Sáu, 19:00–21:00 (trực tuyến)",
        "Word, Excel, trình chiếu; bán hàng trên sàn thương mại điện tử; chăm sóc khách hàng "
        "trực tuyến. Học qua máy tính hoặc điện thoại, có giảng viên hỗ trợ.",
        online=True,
    ),
    DemoCourse(
        "gdnn-yen-phong",
        "Lắp ráp linh kiện điện tử (SMT)",
        F.ELECTRONICS_ASSEMBLY,
        L.ELEMENTARY,
        3,
        4_500_000,
        10,
        40,
        "Ca sáng, thứ Hai đến thứ Bảy, thực hành tại xưởng",
        "Đọc bản vẽ mạch, hàn linh kiện, vận hành dây chuyền SMT, kiểm tra ngoại quan. Học "
        "viên giỏi được giới thiệu việc làm tại các khu công nghiệp Yên Phong, Quế Võ.",
    ),
    DemoCourse(
        "cd-ky-thuat-kinh-bac",
        "Kiểm tra chất lượng sản phẩm điện tử",
        F.ELECTRONICS_ASSEMBLY,
        L.ELEMENTARY,
        4,
        6_000_000,
        35,
        30,
        "Thứ Hai đến thứ Sáu, 13:30–17:00",
        "Quy trình QC, đo kiểm bằng thiết bị, tiêu chuẩn IPC-A-610, ghi chép và báo cáo lỗi.",
    ),
    DemoCourse(
        "tc-du-lich-thang-long",
        "Nghiệp vụ lễ tân khách sạn",
        F.TOURISM_HOSPITALITY,
        L.ELEMENTARY,
        3,
        4_500_000,
        28,
        25,
        "Thứ Hai đến thứ Sáu, 8:00–11:30; thực tập tại khách sạn 4 sao",
        "Đón tiếp, đặt phòng, thanh toán, giao tiếp tiếng Anh cơ bản với khách.",
    ),
    DemoCourse(
        "tc-du-lich-thang-long",
        "Kỹ thuật chế biến món ăn",
        F.TOURISM_HOSPITALITY,
        L.INTERMEDIATE,
        6,
        9_000_000,
        42,
        20,
        "Thứ Hai đến thứ Bảy, 8:00–16:00",
        "Món ăn Việt Nam và Á – Âu, an toàn thực phẩm, tổ chức bếp nhà hàng.",
    ),
    DemoCourse(
        "cd-det-may-thanh-dong",
        "May công nghiệp nâng cao",
        F.GARMENT_TECHNOLOGY,
        L.SHORT,
        2,
        2_500_000,
        7,
        40,
        "Thứ Hai đến thứ Sáu, 7:30–11:30",
        "May trên máy chuyên dùng, may hàng xuất khẩu, kiểm tra chất lượng đường may. Dành "
        "cho công nhân may muốn lên bậc thợ.",
    ),
    DemoCourse(
        "cd-det-may-thanh-dong",
        "Thiết kế rập và giác sơ đồ trên máy tính",
        F.GARMENT_TECHNOLOGY,
        L.ELEMENTARY,
        4,
        6_000_000,
        30,
        24,
        "Thứ Hai đến thứ Sáu, 13:30–17:00",
        "Thiết kế rập, nhảy cỡ, giác sơ đồ bằng phần mềm CAD ngành may.",
    ),
    DemoCourse(
        "ngoai-ngu-han-viet-bac-giang",
        "Tiếng Hàn EPS-TOPIK đi làm việc tại Hàn Quốc",
        F.OVERSEAS_LANGUAGES,
        L.SHORT,
        4,
        6_000_000,
        18,
        60,
        "Thứ Hai đến thứ Bảy, 7:30–11:30 và 13:30–16:30",
        "Luyện thi EPS-TOPIK, tiếng Hàn giao tiếp trong nhà máy, văn hóa và pháp luật lao động "
        "Hàn Quốc; ôn thi tay nghề. Lớp theo lịch thi của chương trình EPS.",
    ),
    DemoCourse(
        "cd-co-dien-thai-nguyen",
        "Tiếng Nhật N4 cho thực tập sinh kỹ năng (IM Japan)",
        F.OVERSEAS_LANGUAGES,
        L.SHORT,
        6,
        9_000_000,
        25,
        40,
        "Nội trú, thứ Hai đến thứ Bảy",
        "Tiếng Nhật trình độ N4, tác phong công nghiệp, rèn luyện thể lực theo yêu cầu của "
        "chương trình IM Japan.",
    ),
    DemoCourse(
        "gdnn-yen-phong",
        "Vận hành xe nâng và quản lý kho",
        F.LOGISTICS,
        L.SHORT,
        1,
        1_800_000,
        12,
        20,
        "Thứ Hai đến thứ Sáu, 8:00–16:00",
        "Vận hành xe nâng an toàn (có chứng chỉ), xuất nhập kho, phần mềm quản lý kho.",
    ),
    DemoCourse(
        "cd-co-dien-thai-nguyen",
        "Điện công nghiệp",
        F.MECHANICS,
        L.ELEMENTARY,
        3,
        4_500_000,
        21,
        30,
        "Thứ Hai đến thứ Sáu, 7:30–16:30",
        "Lắp đặt, vận hành và sửa chữa mạch điện công nghiệp, an toàn điện.",
    ),
    DemoCourse(
        "gdnn-yen-phong",
        "Kỹ năng số nâng cao: bảng tính và dịch vụ công trực tuyến",
        F.DIGITAL_SKILLS,
        L.SHORT,
        1,
        0,
        9,
        30,
        "Tối thứ Ba và thứ Năm, 18:30–20:30",
        "Bảng tính cho tổ trưởng sản xuất, nộp hồ sơ dịch vụ công trực tuyến, VNeID. Miễn phí.",
    ),
]


def demo_training_ensure(today: date | None = None) -> tuple[int, int]:
    """Create what is missing; returns (institutions, courses) created."""
    today = today or timezone.localdate()
    made_institutions = made_courses = 0
    with transaction.atomic():
        by_code: dict[str, Institution] = {}
        for item in INSTITUTIONS:
            institution, created = Institution.objects.get_or_create(
                code=item.code,
                defaults={
                    "name": item.name,
                    "province_code": item.province_code,
                    "address": item.address,
                    "license_number": item.license_number,
                    "phone": item.phone,
                    "email": item.email,
                },
            )
            by_code[item.code] = institution
            made_institutions += created
            InstitutionLink.objects.get_or_create(
                institution=institution,
                defaults={
                    "tax_code": item.tax_code,
                    "bank_code": item.bank_code,
                    "account_number": item.account_number,
                    "account_holder": item.name.upper(),
                },
            )
        for c in COURSES:
            institution = by_code[c.institution]
            if Course.objects.filter(institution=institution, title=c.title).exists():
                continue
            Course.objects.create(
                institution=institution,
                title=c.title,
                field=c.field,
                level=c.level,
                province_code=institution.province_code,
                address=c.address or institution.address,
                online=c.online,
                start_date=today + timedelta(days=c.starts_in_days),
                duration_months=c.months,
                seats=c.seats,
                tuition=c.tuition,
                schedule=c.schedule,
                description=c.description,
            )
            made_courses += 1
    return made_institutions, made_courses
