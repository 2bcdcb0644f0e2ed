"""What the decisions of the benefit period say: suspension, resumption, termination, recovery,
transfer and the answer to a complaint (RULES.md, "After the decision").

Pure text and data, no database: claims.decisions.content puts these on the DecisionDocument
and the PDF template prints them (templates/claims/decisions/kinds/<kind>.html). The facts a
decision prints are checked here before a decision row is created (kinds.decision_kind_issue),
so a renderer never meets a decision it cannot print.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from claims.decisions.words import amount_words

#: The kinds of the benefit period (the approval and the refusal are the claim's decision).
SUSPENSION = "suspension"
RESUMPTION = "resumption"
TERMINATION = "termination"
RECOVERY = "recovery"
TRANSFER = "transfer"
COMPLAINT_ANSWER = "complaint_answer"
PERIOD_KINDS = (SUSPENSION, RESUMPTION, TERMINATION, RECOVERY, TRANSFER, COMPLAINT_ANSWER)

#: The subject line under "QUYẾT ĐỊNH".
TITLES = {
    SUSPENSION: "Về việc tạm dừng hưởng trợ cấp thất nghiệp",
    RESUMPTION: "Về việc tiếp tục hưởng trợ cấp thất nghiệp",
    TERMINATION: "Về việc chấm dứt hưởng trợ cấp thất nghiệp",
    RECOVERY: "Về việc thu hồi tiền trợ cấp thất nghiệp đã chi trả",
    TRANSFER: "Về việc chuyển nơi hưởng trợ cấp thất nghiệp",
    COMPLAINT_ANSWER: "Về việc giải quyết khiếu nại lần đầu",
}

#: The provision each kind applies, by law ("2013" or "2025"). Law 74/2025 Art. 41 and the
#: 2013 law's Art. 53 with Decree 28/2015 Art. 20-22 (RULES.md's sources); recovery has no
#: article of its own in either law: it follows from the termination (RULES.md, "overpayment").
PROVISIONS = {
    "2025": {
        SUSPENSION: "khoản 2 Điều 41 Luật Việc làm năm 2025 và Điều 21 Nghị định số 374/2025/NĐ-CP",
        RESUMPTION: "khoản 3 Điều 41 Luật Việc làm năm 2025",
        TERMINATION: "khoản 4 và khoản 5 Điều 41 Luật Việc làm năm 2025",
        RECOVERY: "khoản 4 Điều 41 Luật Việc làm năm 2025",
        TRANSFER: "khoản 1 Điều 41 Luật Việc làm năm 2025",
        COMPLAINT_ANSWER: "Điều 51 Luật Việc làm năm 2025; Điều 28 và Điều 31 Luật Khiếu nại "
        "số 02/2011/QH13",
    },
    "2013": {
        SUSPENSION: "khoản 1 Điều 53 Luật Việc làm năm 2013 và Điều 20 Nghị định số 28/2015/NĐ-CP",
        RESUMPTION: "khoản 2 Điều 53 Luật Việc làm năm 2013 và Điều 20 Nghị định số 28/2015/NĐ-CP",
        TERMINATION: "khoản 3 Điều 53 Luật Việc làm năm 2013 và Điều 21 Nghị định số 28/2015/NĐ-CP",
        RECOVERY: "khoản 3 Điều 53 Luật Việc làm năm 2013 và Điều 21 Nghị định số 28/2015/NĐ-CP",
        TRANSFER: "Điều 22 Nghị định số 28/2015/NĐ-CP",
        COMPLAINT_ANSWER: "Điều 28 và Điều 31 Luật Khiếu nại số 02/2011/QH13",
    },
}

#: Extra "Căn cứ" lines printed after the law's own.
EXTRA_BASES = {
    COMPLAINT_ANSWER: ["Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011;"],
}

#: Law 74/2025 Art. 41.4: the grounds that end the benefit, by their letter.
GROUNDS = {
    "a": "có việc làm thuộc đối tượng tham gia bảo hiểm xã hội bắt buộc",
    "b": "thực hiện nghĩa vụ quân sự, nghĩa vụ tham gia công an nhân dân hoặc dân quân thường trực",
    "c": "hưởng lương hưu hằng tháng",
    "d": "sau 02 lần từ chối nhận việc làm do Trung tâm giới thiệu mà không có lý do chính đáng",
    "đ": "không thông báo về việc tìm kiếm việc làm hằng tháng trong 03 tháng liên tục",
    "e": "ra nước ngoài để định cư",
    "g": "đi học tập có thời hạn từ đủ 12 tháng trở lên",
    "h": "bị xử phạt vi phạm hành chính về bảo hiểm thất nghiệp",
    "i": "chết",
    "k": "chấp hành quyết định áp dụng biện pháp đưa vào trường giáo dưỡng, cơ sở giáo dục bắt "
    "buộc, cơ sở cai nghiện bắt buộc",
    "l": "bị Tòa án tuyên bố mất tích",
    "m": "bị tạm giam; chấp hành hình phạt tù",
    "n": "theo đề nghị của người lao động",
}

#: The answer to a complaint (Law on Complaints 2011 Art. 31.2.d: the complaint is right,
#: partly right, or wrong).
OUTCOMES = {
    "upheld": "Khiếu nại của {who} là đúng",
    "partly": "Khiếu nại của {who} là đúng một phần",
    "rejected": "Khiếu nại của {who} là không đúng",
}

DATE, INT, TEXT, BOOL, LIST = "date", "int", "text", "bool", "list"

#: The facts each kind needs (name -> type); "?" after a name marks it optional.
FACTS: dict[str, dict[str, str]] = {
    SUSPENSION: {
        "month": INT,
        "month_start": DATE,
        "month_end": DATE,
        "window_first": DATE,
        "window_last": DATE,
        "amount": INT,
    },
    RESUMPTION: {"month": INT, "resumed_from": DATE, "amount?": INT, "entitlement_end?": DATE},
    TERMINATION: {
        "ground": TEXT,
        "effective_on": DATE,
        "event_date?": DATE,
        "reported?": BOOL,
        "months_paid?": INT,
        "reserved_months": INT,
        "overpaid?": INT,
    },
    RECOVERY: {
        "amount": INT,
        "months": LIST,
        "effective_on": DATE,
        "termination_number?": TEXT,
        "ground?": TEXT,
    },
    TRANSFER: {
        "from_center": TEXT,
        "to_center": TEXT,
        "to_province": TEXT,
        "effective_on": DATE,
        "months_left?": INT,
        "next_month?": INT,
    },
    COMPLAINT_ANSWER: {
        "complaint_reference": TEXT,
        "decision_number": TEXT,
        "decision_issued_on": DATE,
        "received_on": DATE,
        "complaint": TEXT,
        "outcome": TEXT,
        "answer": TEXT,
        "remedy?": TEXT,
    },
}

#: Longest text a fact may hold (a complaint's words, an answer).
TEXT_MAX = 5000
#: Largest amount of money a fact may hold (dong): a whole period at the highest benefit.
AMOUNT_MAX = 12 * 10_000_000_000


class DecisionFactsInvalid(ValueError):
    """The facts given for a decision cannot be printed (a missing, unknown or bad fact)."""


def _check(kind: str, name: str, kind_of: str, value: Any) -> Any:
    where = f"{kind}.{name}"
    if kind_of == DATE:
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError as exc:
            raise DecisionFactsInvalid(f"{where}: not a date (YYYY-MM-DD)") from exc
    if kind_of == INT:
        if isinstance(value, bool) or not isinstance(value, int):
            raise DecisionFactsInvalid(f"{where}: not a whole number")
        if not 0 <= value <= AMOUNT_MAX:
            raise DecisionFactsInvalid(f"{where}: out of range")
        return value
    if kind_of == BOOL:
        if not isinstance(value, bool):
            raise DecisionFactsInvalid(f"{where}: not true or false")
        return value
    if kind_of == LIST:
        if not isinstance(value, list) or len(value) > 36:
            raise DecisionFactsInvalid(f"{where}: not a list of months")
        return [_month(where, item) for item in value]
    if not isinstance(value, str) or not value.strip() or len(value) > TEXT_MAX:
        raise DecisionFactsInvalid(f"{where}: empty or too long")
    return value.strip()


def _month(where: str, item: Any) -> dict[str, Any]:
    if not isinstance(item, Mapping) or set(item) - {"index", "start", "end", "amount"}:
        raise DecisionFactsInvalid(f"{where}: each month is {{index, start, end, amount}}")
    return {
        "index": _check(where, "index", INT, item.get("index")),
        "start": _check(where, "start", DATE, item.get("start")),
        "end": _check(where, "end", DATE, item.get("end")),
        "amount": _check(where, "amount", INT, item.get("amount")),
    }


def facts_validate(kind: str, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The facts as stored (dates as ISO strings); DecisionFactsInvalid names what is wrong."""
    if kind not in FACTS:
        raise DecisionFactsInvalid(f"unknown decision kind {kind!r}")
    if not isinstance(facts, Mapping):
        raise DecisionFactsInvalid("facts must be an object")
    spec = FACTS[kind]
    names = {name.rstrip("?"): (name.endswith("?"), kind_of) for name, kind_of in spec.items()}
    unknown = sorted(set(facts) - set(names))
    if unknown:
        raise DecisionFactsInvalid(f"{kind}: unknown facts {', '.join(unknown)}")
    clean: dict[str, Any] = {}
    for name, (optional, kind_of) in names.items():
        value = facts.get(name)
        if value is None:
            if not optional:
                raise DecisionFactsInvalid(f"{kind}.{name}: missing")
            continue
        clean[name] = _check(kind, name, kind_of, value)
    if kind == TERMINATION and clean["ground"] not in GROUNDS:
        raise DecisionFactsInvalid(
            f"termination.ground: not a letter of Art. 41.4 ({clean['ground']})"
        )
    if kind == RECOVERY and clean["amount"] != sum(m["amount"] for m in clean["months"]):
        raise DecisionFactsInvalid("recovery.amount: not the sum of the months' amounts")
    if kind == COMPLAINT_ANSWER and clean["outcome"] not in OUTCOMES:
        raise DecisionFactsInvalid(f"complaint_answer.outcome: one of {', '.join(OUTCOMES)}")
    return clean


def money(amount: int | None) -> str:
    """26550000 -> '26.550.000' (the decision's figures)."""
    return f"{amount or 0:,}".replace(",", ".")


def day(value: str | None) -> str:
    """'2026-08-03' -> '03/08/2026'."""
    return date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""


@dataclass(frozen=True)
class Printed:
    """The facts of one decision as printed: dates dd/mm/yyyy, amounts with their words."""

    kind: str
    law: str
    facts: Mapping[str, Any]
    who: str  # "Ông Nguyễn Văn An"

    def __getitem__(self, name: str) -> Any:
        kinds_of = {n.rstrip("?"): t for n, t in FACTS[self.kind].items()}
        if name not in kinds_of:  # the template then reads the attribute of that name
            raise KeyError(name)
        value = self.facts.get(name)
        if kinds_of[name] == DATE:
            return day(value)
        return value

    @property
    def provision(self) -> str:
        return PROVISIONS.get(self.law, PROVISIONS["2025"])[self.kind]

    @property
    def ground_text(self) -> str:
        return GROUNDS.get(str(self.facts.get("ground", "")), "")

    @property
    def ground_provision(self) -> str:
        letter = self.facts.get("ground", "")
        if self.law == "2013":
            return self.provision
        return f"điểm {letter} khoản 4 Điều 41 Luật Việc làm năm 2025"

    @property
    def reserved_kept(self) -> bool:
        return bool(self.facts.get("reserved_months"))

    @property
    def outcome_text(self) -> str:
        template = OUTCOMES.get(str(self.facts.get("outcome", "")), "")
        return template.format(who=self.who)

    @property
    def amount_text(self) -> str:
        amount = int(self.facts.get("amount") or 0)
        return f"{money(amount)} đồng (bằng chữ: {amount_words(amount)})"

    @property
    def overpaid_text(self) -> str:
        amount = int(self.facts.get("overpaid") or 0)
        return f"{money(amount)} đồng (bằng chữ: {amount_words(amount)})" if amount else ""

    @property
    def months(self) -> list[dict[str, str]]:
        return [
            {
                "index": str(m["index"]),
                "start": day(m["start"]),
                "end": day(m["end"]),
                "amount": money(m["amount"]),
            }
            for m in self.facts.get("months") or []
        ]

    @property
    def template(self) -> str:
        return f"claims/decisions/kinds/{self.kind}.html"

    @property
    def pays(self) -> bool:
        """The social-security office acts on it (it changes what is paid)."""
        return self.kind in {SUSPENSION, RESUMPTION, TERMINATION, RECOVERY, TRANSFER}
