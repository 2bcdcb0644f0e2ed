"""The main Vietnamese banks a benefit can be paid into: (code, short name, full name)."""

from __future__ import annotations

#: Codes are the banks' usual short codes (as in the NAPAS list); names are their own.
BANKS: tuple[tuple[str, str, str], ...] = (
    ("VCB", "Vietcombank", "Ngân hàng TMCP Ngoại thương Việt Nam"),
    ("BIDV", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"),
    ("CTG", "VietinBank", "Ngân hàng TMCP Công Thương Việt Nam"),
    ("AGR", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
    ("TCB", "Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam"),
    ("MB", "MB", "Ngân hàng TMCP Quân đội"),
    ("ACB", "ACB", "Ngân hàng TMCP Á Châu"),
    ("VPB", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng"),
    ("STB", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín"),
    ("TPB", "TPBank", "Ngân hàng TMCP Tiên Phong"),
    ("VIB", "VIB", "Ngân hàng TMCP Quốc tế Việt Nam"),
    ("HDB", "HDBank", "Ngân hàng TMCP Phát triển TP. Hồ Chí Minh"),
    ("SHB", "SHB", "Ngân hàng TMCP Sài Gòn – Hà Nội"),
    ("MSB", "MSB", "Ngân hàng TMCP Hàng Hải Việt Nam"),
    ("OCB", "OCB", "Ngân hàng TMCP Phương Đông"),
    ("SCB", "SCB", "Ngân hàng TMCP Sài Gòn"),
    ("SEAB", "SeABank", "Ngân hàng TMCP Đông Nam Á"),
    ("EIB", "Eximbank", "Ngân hàng TMCP Xuất Nhập khẩu Việt Nam"),
    ("LPB", "LPBank", "Ngân hàng TMCP Lộc Phát Việt Nam"),
    ("VBSP", "NHCSXH", "Ngân hàng Chính sách xã hội"),
)

BANK_NAMES: dict[str, str] = {code: f"{short} — {full}" for code, short, full in BANKS}


def bank_choices() -> list[tuple[str, str]]:
    return [(code, f"{short} — {full}") for code, short, full in BANKS]


def bank_name(code: str) -> str:
    return BANK_NAMES.get(code, code)
