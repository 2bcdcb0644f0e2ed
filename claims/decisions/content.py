"""What a decision says: the printed facts gathered from the claim, its proposal and the center.

A DecisionDocument is plain data, so `decision_sample` can print one from demo data without a
saved claim; claims.decisions.pdf turns it into the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings

from claims.core.banks import BANKS
from claims.decisions import kind_content
from claims.decisions.words import amount_words
from common.provinces import PROVINCE_NAMES
from eligibility.models import RuleSet

LEGAL_BASES = {
    "2013": [
        "Căn cứ Luật Việc làm ngày 16 tháng 11 năm 2013;",
        "Căn cứ Nghị định số 28/2015/NĐ-CP ngày 12 tháng 3 năm 2015 của Chính phủ quy định chi "
        "tiết thi hành một số điều của Luật Việc làm về bảo hiểm thất nghiệp; Nghị định số "
        "61/2020/NĐ-CP ngày 29 tháng 5 năm 2020 của Chính phủ sửa đổi, bổ sung một số điều của "
        "Nghị định số 28/2015/NĐ-CP;",
        "Căn cứ Thông tư số 28/2015/TT-BLĐTBXH ngày 31 tháng 7 năm 2015 của Bộ trưởng Bộ Lao "
        "động - Thương binh và Xã hội hướng dẫn thực hiện Điều 52 của Luật Việc làm và một số "
        "điều của Nghị định số 28/2015/NĐ-CP;",
    ],
    "2025": [
        "Căn cứ Luật Việc làm ngày 16 tháng 6 năm 2025;",
        "Căn cứ Nghị định số 374/2025/NĐ-CP của Chính phủ quy định chi tiết và hướng dẫn thi "
        "hành một số điều của Luật Việc làm về bảo hiểm thất nghiệp;",
    ],
}
DIRECTOR = "GIÁM ĐỐC"
DEPUTY = "PHÓ GIÁM ĐỐC"
#: A bank as the decision names it: full name, then the short one in brackets.
BANK_NAMES = {code: f"{full} ({short})" for code, short, full in BANKS}


def province_label(code: str) -> str:
    return PROVINCE_NAMES.get(code, "")


def place_name(code: str) -> str:
    """'Tỉnh Bắc Ninh' -> 'Bắc Ninh' (the place in the date line)."""
    label = province_label(code)
    for prefix in ("Thành phố ", "Tỉnh "):
        if label.startswith(prefix):
            return label[len(prefix) :]
    return label


def law_for(rule_set: str) -> str:
    """The law a claim was decided under ("2013" or "2025"), from its rule set identifier."""

    law = RuleSet.objects.filter(identifier=rule_set).values_list("law", flat=True).first()
    if law in LEGAL_BASES:
        return str(law)
    return "2013" if "2013" in (rule_set or "") else "2025"


def signer_title_for(username: str) -> str:
    return DIRECTOR if username in settings.DECISION_DIRECTOR_USERNAMES else DEPUTY


def mask_account(number: str) -> str:
    """All but the last four digits hidden: ******6789."""
    number = number or ""
    return "*" * max(len(number) - 4, 0) + number[-4:]


def payment_text(payment: dict[str, str]) -> str:
    if payment.get("method") == "bank" and payment.get("account_number"):
        bank = BANK_NAMES.get(payment.get("bank_code", ""), payment.get("bank_code", ""))
        holder = payment.get("account_holder", "")
        text = f"chuyển khoản vào tài khoản số {mask_account(payment['account_number'])} tại {bank}"
        return text + (f", chủ tài khoản {holder}" if holder else "")
    if payment.get("method") == "cash":
        province = province_label(payment.get("cash_province", "")) or "nơi cư trú"
        return f"nhận tiền mặt tại bưu điện {province[:1].lower() + province[1:]}"
    return "theo hình thức Ông/Bà đã đăng ký với Trung tâm"


def honorific(sex: str) -> str:
    return {"M": "Ông", "F": "Bà"}.get(sex, "Ông/Bà")


def code_display(code: str) -> str:
    """A verification code as printed, in two groups of five: ABCDE-FGHJK."""
    return f"{code[:5]}-{code[5:]}" if len(code) == 10 else code


def verify_url(number: str, code: str) -> str:
    return f"{settings.SITE_URL}/verify/?{urlencode({'so': number, 'ma': code})}"


@dataclass(frozen=True)
class Person:
    full_name: str
    sex: str
    birth_date: date | None
    personal_id: str
    social_insurance_code: str
    address: str
    employer_name: str
    termination_date: date | None

    @property
    def honorific(self) -> str:
        return honorific(self.sex)


@dataclass(frozen=True)
class DecisionDocument:
    kind: str  # "approval" | "refusal"
    number: str
    issued_on: date
    province_code: str
    center_name: str
    law: str
    claim_reference: str
    filed_on: date | None
    person: Person
    signer_name: str
    signer_title: str
    verification_code: str
    # Approval
    contribution_months: int | None = None
    monthly_benefit: int | None = None
    duration_months: int | None = None
    entitlement_start: date | None = None
    entitlement_end: date | None = None
    payment: dict[str, str] = field(default_factory=dict)
    # Refusal
    reasons: tuple[str, ...] = ()
    explanation: str = ""
    # The benefit period's kinds (claims.decisions.kind_content): what they print, and the
    # number of the approval they follow from.
    facts: dict[str, Any] = field(default_factory=dict)
    approval_number: str = ""

    @property
    def is_approval(self) -> bool:
        return self.kind == "approval"

    @property
    def is_refusal(self) -> bool:
        return self.kind == "refusal"

    @property
    def printed(self) -> kind_content.Printed:
        return kind_content.Printed(
            kind=self.kind,
            law=self.law,
            facts=self.facts,
            who=f"{self.person.honorific} {self.person.full_name}",
        )

    @property
    def extra_bases(self) -> list[str]:
        return kind_content.EXTRA_BASES.get(self.kind, [])

    @property
    def pays(self) -> bool:
        """The social-security office acts on it (it is told, in the recipients)."""
        return self.is_approval or (self.kind in kind_content.TITLES and self.printed.pays)

    @property
    def authority(self) -> str:
        """The body the center belongs to (Sở Nội vụ since the 2025 reorganisation)."""
        return f"SỞ NỘI VỤ {province_label(self.province_code).upper()}".strip()

    @property
    def place(self) -> str:
        return place_name(self.province_code)

    @property
    def legal_bases(self) -> list[str]:
        return LEGAL_BASES.get(self.law, LEGAL_BASES["2025"])

    @property
    def on_behalf(self) -> str:
        return "" if self.signer_title == DIRECTOR else f"KT. {DIRECTOR}"

    @property
    def amount_figures(self) -> str:
        return f"{self.monthly_benefit or 0:,}".replace(",", ".")

    @property
    def amount_words(self) -> str:

        return amount_words(self.monthly_benefit or 0)

    @property
    def payment_text(self) -> str:
        return payment_text(self.payment)

    @property
    def verify_url(self) -> str:
        return verify_url(self.number, self.verification_code)

    @property
    def code_display(self) -> str:
        return code_display(self.verification_code)

    @property
    def social_security_office(self) -> str:
        label = province_label(self.province_code)
        return f"Bảo hiểm xã hội {label[:1].lower()}{label[1:]}".strip()

    @property
    def header_name(self) -> str:
        return center_header_name(self.center_name, self.province_code)

    @property
    def date_line(self) -> str:
        return (
            f"{self.place}, {date_line(self.issued_on)}"
            if self.place
            else date_line(self.issued_on)
        )

    @property
    def title(self) -> str:
        if self.kind in kind_content.TITLES:
            return kind_content.TITLES[self.kind]
        if self.is_approval:
            return "Về việc hưởng trợ cấp thất nghiệp"
        return "Về việc không được hưởng trợ cấp thất nghiệp"


def date_line(day: date) -> str:
    """ "ngày 05 tháng 02 năm 2026": a zero before days below 10 and months 1 and 2 (NĐ 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def center_header_name(center_name: str, province_code: str) -> str:
    """'Trung tâm Dịch vụ việc làm tỉnh Bắc Ninh' -> 'TRUNG TÂM DỊCH VỤ VIỆC LÀM' (the province
    is already in the line above)."""
    label = province_label(province_code)
    name = center_name.strip()
    for suffix in (label, label[:1].lower() + label[1:], place_name(province_code)):
        if suffix and name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)].strip()
            break
    return name.upper()
