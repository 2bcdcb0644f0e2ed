"""A small store for the employers' tests: two enterprises, their workers, their representatives."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook

from eligibility.records.models import Employer, Person
from employers.models import EmployerColleague
from employers.rows import FIELDS, HEADERS_VI
from identity.models import User
from tests.eligibility.factories import EmployerFactory, PersonFactory, employment, snapshot
from tests.eligibility.factories import citizen_user as _citizen_user

#: The tests' "today": the day the notices are filed (time-machine freezes it).
TODAY = date(2026, 10, 30)
CLOSURE = date(2026, 10, 30)
NOW = "2026-10-30 09:00:00+07:00"


@dataclass
class Scenario:
    employer_a: Employer
    employer_b: Employer
    workers_a: list[Person]
    worker_b: Person
    rep_a: User
    rep_b: User


_GIVEN = ["Hoa", "Lan", "Mai", "Hương", "Thảo", "Nga", "Dung", "Yến", "Trang", "Linh"]
_MIDDLE = ["Thị", "Văn", "Minh", "Thu", "Ngọc"]


def worker_name(n: int) -> str:
    """A name without digits (a digit in a name is refused), distinct for n < 50."""
    return f"Nguyễn {_MIDDLE[(n // 10) % 5]} {_GIVEN[n % 10]}"


def citizen_user(personal_id: str, name: str = "Người Thử") -> User:
    return _citizen_user(personal_id, name=name)


def representative(tax_code: str, personal_id: str, name: str = "Trần Thị Đại Diện") -> User:
    """A citizen account the enterprise added as a colleague (the colleague route)."""
    user = citizen_user(personal_id, name=name)
    EmployerColleague.objects.create(
        employer_tax_code=tax_code, personal_id=personal_id, full_name=name, added_by=user
    )
    return user


def scenario(workers: int = 5) -> Scenario:
    snapshot(date(2026, 10, 1))
    employer_a = EmployerFactory(
        tax_code="2300987654", name="Công ty TNHH May mặc Hanwoo Vina", province_code="24"
    )
    employer_b = EmployerFactory(tax_code="0500112233", name="Công ty TNHH Điện tử Phố Nối")
    people = []
    for n in range(workers):
        person = PersonFactory(personal_id=f"0241880{n:05d}", full_name=worker_name(n))
        employment(person, employer_a, start=date(2024, 3, 1), end=None, months=32)
        people.append(person)
    worker_b = PersonFactory(personal_id="033190000001", full_name="Phạm Văn Bình")
    employment(worker_b, employer_b, start=date(2023, 1, 1), end=None, months=40)
    return Scenario(
        employer_a=employer_a,
        employer_b=employer_b,
        workers_a=people,
        worker_b=worker_b,
        rep_a=representative(employer_a.tax_code, "001085000111", "Kim Min Jun"),
        rep_b=representative(employer_b.tax_code, "001085000222", "Lê Thị Mai"),
    )


def row_of(person: Person, **overrides: str) -> dict[str, str]:
    row = {
        "personal_id": person.personal_id,
        "full_name": person.full_name,
        "termination_date": CLOSURE.strftime("%d/%m/%Y"),
        "reason_code": "business_closure",
        "last_salary": "6500000",
    }
    row.update(overrides)
    return row


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    lines = [",".join(HEADERS_VI[f] for f in FIELDS)]
    lines += [",".join(str(r.get(f, "")) for f in FIELDS) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(rows: list[dict[str, str]], *, header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header or [HEADERS_VI[f] for f in FIELDS])
    for r in rows:
        sheet.append([r.get(f, "") for f in FIELDS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
