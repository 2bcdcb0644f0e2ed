"""Amounts written out in Vietnamese words, as a decision prints them ("Bốn triệu đồng")."""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _group(n: int, full: bool) -> list[str]:
    """0 < n < 1000; `full` when a higher group precedes it (its zero hundreds are read)."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if hundreds or full:
                words.append("lẻ")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def number_words(n: int) -> str:
    """A non-negative integer in lower-case Vietnamese words: 1_005_000 -> "một triệu không
    trăm lẻ năm nghìn". Past a billion the scale repeats ("hai nghìn tỷ")."""
    if n < 0:
        return "âm " + number_words(-n)
    if n == 0:
        return "không"
    parts: list[str] = []
    billions, rest = divmod(n, 10**9)
    if billions:
        parts.append(number_words(billions) + " tỷ")
    for value, unit in (
        (rest // 10**6, "triệu"),
        (rest // 1000 % 1000, "nghìn"),
        (rest % 1000, ""),
    ):
        if value:
            parts.append(" ".join(_group(value, full=bool(parts)) + ([unit] if unit else [])))
    return " ".join(parts)


def amount_words(amount: int) -> str:
    """Whole dong as a decision writes them: "Bốn triệu hai trăm nghìn đồng"."""
    text = number_words(amount) + " đồng"
    return text[0].upper() + text[1:]
