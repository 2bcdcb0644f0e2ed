"""Deterministic synthetic population: mock VNeID citizens and their social-security records.

`generate_population(seed=..., people=...)` plays the part of the agencies that fill the
two stand-ins. Everything random comes from one `random.Random(seed)`, and no value
depends on the clock, so the same seed and size give the same rows (`population_digest`).
Rows are written with bulk inserts in batches as they are produced: memory stays flat and
there is no query per row, so 100,000 people take minutes (bench/generate.py).

Always included: the named demo citizens of demo.dataset, and the seed's scenario,
the 2,600 workers of the Hanwoo Vina garment factory all terminated on its closure date.
That date (`closure_date`, by default dataset.DEMO_CLOSURE_DATE) anchors the whole run: the
named cases are dated from it and the store holds data through its month; it is a
parameter, never today's date, so a run is reproducible whenever it happens.
Insured salaries always lie between the regional minimum wage in force that month and
20 times it (RULES.md); a declared salary outside that range raises PopulationError.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from django.db import connections, models, transaction

from common.provinces import PROVINCES, province_name
from demo import dataset
from eligibility.records.models import (
    BenefitRecord,
    Contribution,
    Employer,
    EmploymentSpell,
    Person,
    StoreSnapshot,
)
from eligibility.registry import add_months, month_start
from identity.mock_vneid.hashers import population_password_make
from identity.mock_vneid.models import PopulationRecord

STORE = "social_security"
PORTAL = "default"
FIRST_MONTH = date(2014, 1, 1)  # the generator's wage table starts here

# Regional minimum monthly wage (dong) by region, from each date (RULES.md for 2020 on;
# earlier: Decrees 182/2013, 103/2014, 122/2015, 153/2016, 141/2017, 157/2018).
MINIMUM_WAGES: tuple[tuple[date, dict[str, int]], ...] = (
    (date(2014, 1, 1), {"I": 2_700_000, "II": 2_400_000, "III": 2_100_000, "IV": 1_900_000}),
    (date(2015, 1, 1), {"I": 3_100_000, "II": 2_750_000, "III": 2_400_000, "IV": 2_150_000}),
    (date(2016, 1, 1), {"I": 3_500_000, "II": 3_100_000, "III": 2_700_000, "IV": 2_400_000}),
    (date(2017, 1, 1), {"I": 3_750_000, "II": 3_320_000, "III": 2_900_000, "IV": 2_580_000}),
    (date(2018, 1, 1), {"I": 3_980_000, "II": 3_530_000, "III": 3_090_000, "IV": 2_760_000}),
    (date(2019, 1, 1), {"I": 4_180_000, "II": 3_710_000, "III": 3_250_000, "IV": 2_920_000}),
    (date(2020, 1, 1), {"I": 4_420_000, "II": 3_920_000, "III": 3_430_000, "IV": 3_070_000}),
    (date(2022, 7, 1), {"I": 4_680_000, "II": 4_160_000, "III": 3_640_000, "IV": 3_250_000}),
    (date(2024, 7, 1), {"I": 4_960_000, "II": 4_410_000, "III": 3_860_000, "IV": 3_450_000}),
    (date(2026, 1, 1), {"I": 5_310_000, "II": 4_730_000, "III": 4_140_000, "IV": 3_700_000}),
)
MAX_SALARY_MULTIPLE = 20


class PopulationError(ValueError):
    """A generated or demo row would break the store's rules (e.g. a salary above the cap)."""


@lru_cache(maxsize=4096)
def minimum_wage(region: str, month: date) -> int:
    amount = None
    for valid_from, wages in MINIMUM_WAGES:
        if valid_from <= month:
            amount = wages[region]
    if amount is None:
        raise PopulationError(f"No minimum wage known for {month:%Y-%m}")
    return amount


@lru_cache(maxsize=4096)
def salary_bounds(region: str, month: date) -> tuple[int, int]:
    low = minimum_wage(region, month)
    return low, MAX_SALARY_MULTIPLE * low


def contribution_months(start: date, end: date | None, data_through: date) -> list[date]:
    """The months a spell is insured for: the start month if it began by the 15th, the end
    month if it ended on or after the 15th (a month counts with at least half of it worked)."""
    first = month_start(start) if start.day <= 15 else add_months(start, 1)
    if end is None:
        last = data_through
    else:
        last = month_start(end) if end.day >= 15 else add_months(end, -1)
        last = min(last, data_through)
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def last_day_of_month(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def same_day_months_later(day: date, months: int) -> date:
    """The same day `months` months later (the month's last day where it does not exist)."""
    first = add_months(day, months)
    return min(first.replace(day=1) + timedelta(days=day.day - 1), last_day_of_month(first))


def benefit_duration(n: int) -> tuple[int, int]:
    """(benefit months, contribution months used) for n months, as RULES.md says."""
    if n < 12:
        return 0, 0
    if n < 36:
        return 3, n
    d = min(12, 3 + (n - 36) // 12)
    return d, 36 + 12 * (d - 3)


# --- Names, places ----------------------------------------------------------------------------

FAMILY_NAMES = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 3), ("Phan", 4),
    ("Vũ", 3), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
    ("Lý", 1), ("Đinh", 1), ("Trịnh", 1), ("Đoàn", 1), ("Mai", 1),
)  # fmt: skip
MIDDLE_NAMES = {
    "M": (
        "Văn",
        "Văn",
        "Văn",
        "Hữu",
        "Đức",
        "Minh",
        "Quốc",
        "Thành",
        "Công",
        "Quang",
        "Xuân",
        "Ngọc",
    ),
    "F": (
        "Thị",
        "Thị",
        "Thị",
        "Ngọc",
        "Thu",
        "Thanh",
        "Kim",
        "Mỹ",
        "Hồng",
        "Phương",
        "Bích",
        "Thùy",
    ),
}
GIVEN_NAMES = {
    "M": ("An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy",
          "Khánh", "Khoa", "Kiên", "Long", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân",
          "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh"),
    "F": ("Anh", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huệ",
          "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh",
          "Phương", "Quỳnh", "Tâm", "Thảo", "Thu", "Thủy", "Trang", "Trinh", "Tuyết", "Vân", "Yến"),
}  # fmt: skip
STREETS = ("Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung",
           "Hùng Vương", "Nguyễn Huệ", "Lê Duẩn", "Phan Chu Trinh", "Võ Thị Sáu", "Điện Biên Phủ")  # fmt: skip
WARDS = ("phường Trung Tâm", "phường Đông Hòa", "phường Tân Lập", "xã Phú Hòa", "xã An Bình",
         "xã Tân Thành", "phường Hòa Bình", "xã Đồng Tâm", "phường Thống Nhất", "xã Quyết Thắng")  # fmt: skip
PHONE_PREFIXES = ("032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078",
                  "079", "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093",
                  "094", "096", "097", "098")  # fmt: skip
SECTORS = ("Dệt may", "Da giày", "Điện tử", "Chế biến thủy sản", "Chế biến gỗ", "Cơ khí", "Xây dựng",
           "Bán lẻ", "Logistics", "Nông nghiệp", "Chế biến thực phẩm", "Du lịch", "Dịch vụ")  # fmt: skip
COMPANY_WORDS = ("Thành Công", "Phú Thịnh", "Hưng Phát", "Tân Tiến", "Minh Long", "Đại Việt", "Hoàng Gia",
                 "An Phát", "Việt Tiến", "Sông Hồng", "Trường Sơn", "Phương Đông", "Kim Long", "Bảo An",
                 "Hòa Bình", "Thiên Phúc", "Nam Việt", "Sao Việt", "Đông Á", "Tiến Đạt")  # fmt: skip
FOREIGN_WORDS = ("Hanil", "Daewon", "Sungwoo", "Shinwon", "Taiyo", "Yamada", "Kyoei", "Formosa",
                 "Pou Yuen", "Sunrise", "Everpia", "Jinwoo", "Hosiden", "Nitori")  # fmt: skip

# Where people live and employers sit: heavier where industry is.
BIG_PROVINCES = {"01", "79", "31", "75", "48", "24"}
INDUSTRIAL_PROVINCES = {
    "22",
    "33",
    "19",
    "25",
    "56",
    "80",
    "92",
    "46",
    "37",
    "38",
    "40",
    "91",
    "68",
    "51",
}
PROVINCE_WEIGHTS = [
    (code, 9 if code in BIG_PROVINCES else 4 if code in INDUSTRIAL_PROVINCES else 1)
    for code, _ in PROVINCES
]
FACTORY_HOME_PROVINCES = (("24", 70), ("19", 8), ("20", 5), ("01", 5), ("33", 6), ("25", 6))

TERMINATION_WEIGHTS = (
    ("contract_expired", 30),
    ("mutual_agreement", 18),
    ("employer_dismissal", 14),
    ("business_closure", 6),
    ("employee_lawful_resignation", 24),
    ("employee_unlawful_resignation", 5),
    ("disciplinary_dismissal", 3),
)
CONTRACT_WEIGHTS = (("indefinite", 45), ("fixed_term", 40), ("seasonal", 15))


def _weighted(rng: random.Random, pairs: Iterable[tuple[Any, int]]) -> Any:
    items = list(pairs)
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


@dataclass(frozen=True)
class GenerationStats:
    people: int
    factory_workers: int
    employers: int
    spells: int
    contributions: int
    benefits: int
    population_records: int
    seconds: float


class _Writer:
    """Buffers unsaved rows and inserts them in batches: model instances with bulk_create,
    and the bulk of the data, monthly contributions, as plain tuples with executemany
    (building six million model instances would dominate the run)."""

    CONTRIBUTION_COLUMNS = ("person_id", "employer_id", "month", "insured_salary", "ui_paid")

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self.buffers: dict[type[models.Model], list[models.Model]] = {}
        self.contributions: list[tuple[int, int, date, int, bool]] = []
        self.counts: dict[type[models.Model], int] = {}

    def add(self, obj: models.Model) -> None:
        buffer = self.buffers.setdefault(type(obj), [])
        buffer.append(obj)
        if len(buffer) >= self.batch_size:
            self.flush_model(type(obj))

    def add_contribution(self, row: tuple[int, int, date, int, bool]) -> None:
        self.contributions.append(row)
        if len(self.contributions) >= self.batch_size * 4:
            self.flush_contributions()

    def flush_model(self, model: type[models.Model]) -> None:
        if model in (EmploymentSpell, BenefitRecord):
            self.flush_model(Employer)
            self.flush_model(Person)
        rows = self.buffers.get(model) or []
        if rows:
            using = PORTAL if model is PopulationRecord else STORE
            model._default_manager.using(using).bulk_create(rows, batch_size=self.batch_size)
            self.counts[model] = self.counts.get(model, 0) + len(rows)
            self.buffers[model] = []

    def flush_contributions(self) -> None:
        if not self.contributions:
            return
        self.flush_model(Employer)
        self.flush_model(Person)
        connection = connections[STORE]
        table = connection.ops.quote_name(Contribution._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.CONTRIBUTION_COLUMNS)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The PostgreSQL driver's helper, only on PostgreSQL.
                from psycopg2.extras import execute_values

                execute_values(
                    cursor.cursor,
                    f"INSERT INTO {table} ({columns}) VALUES %s",  # noqa: S608 - names from the model, values bound
                    self.contributions,
                    page_size=self.batch_size,
                )
            else:
                placeholders = ", ".join(["%s"] * len(self.CONTRIBUTION_COLUMNS))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - names from the model
                    self.contributions,
                )
        self.counts[Contribution] = self.counts.get(Contribution, 0) + len(self.contributions)
        self.contributions = []

    def flush(self) -> None:
        for model in (
            PopulationRecord,
            Employer,
            Person,
            EmploymentSpell,
            BenefitRecord,
            StoreSnapshot,
        ):
            self.flush_model(model)
        self.flush_contributions()


class PopulationGenerator:
    def __init__(
        self,
        *,
        seed: int,
        people: int,
        closure_date: date = dataset.DEMO_CLOSURE_DATE,
        batch_size: int = 5000,
        password: str = dataset.DEMO_PASSWORD,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        if people < 0:
            raise PopulationError("people must not be negative")
        try:
            self.citizens = dataset.demo_citizens(closure_date)
        except dataset.DemoDateError as exc:
            raise PopulationError(str(exc)) from exc
        self.seed = seed
        self.people = people
        self.closure_date = closure_date
        self.data_through = dataset.data_through_for(closure_date)
        self.rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
        self.writer = _Writer(batch_size)
        self.progress = progress or (lambda message: None)
        # One hash for everyone: hashing per person would dominate the run time. The salt
        # is derived from the seed so that two runs produce identical rows.
        self.password_hash = population_password_make(password, salt=f"trocapdemo{seed}")
        self.person_pk = 0
        self.spell_pk = 0
        self.benefit_pk = 0
        self.employers: list[Employer] = []
        self.employers_by_province: dict[str, list[Employer]] = {}
        self.demo_employers: dict[str, Employer] = {}
        self.used_personal_ids: set[str] = {c.personal_id for c in self.citizens}
        self.serial = 0
        self.counts = {"spells": 0, "contributions": 0, "benefits": 0, "factory": 0, "people": 0}

    # --- employers ---------------------------------------------------------------------

    def _add_employer(self, **fields: Any) -> Employer:
        employer = Employer(pk=len(self.employers) + 1, **fields)
        self.employers.append(employer)
        self.writer.add(employer)
        return employer

    def make_employers(self) -> None:
        for spec in dataset.DEMO_EMPLOYERS:
            self.demo_employers[spec.key] = self._add_employer(
                tax_code=spec.tax_code,
                name=spec.name,
                province_code=spec.province_code,
                wage_region=spec.wage_region,
                wage_regime=spec.wage_regime,
                sector=spec.sector,
                ownership=spec.ownership,
            )
        rng = self.rng
        count = max(len(PROVINCES) * 2, self.people // 40)
        for index in range(count):
            # Every province first gets one employer, then industry-weighted.
            code = (
                PROVINCES[index][0] if index < len(PROVINCES) else _weighted(rng, PROVINCE_WEIGHTS)
            )
            if code in BIG_PROVINCES:
                region = _weighted(rng, (("I", 60), ("II", 30), ("III", 10)))
            elif code in INDUSTRIAL_PROVINCES:
                region = _weighted(rng, (("I", 5), ("II", 45), ("III", 45), ("IV", 5)))
            else:
                region = _weighted(rng, (("III", 40), ("IV", 60)))
            ownership = _weighted(rng, (("private", 65), ("foreign", 25), ("state", 10)))
            sector = rng.choice(SECTORS)
            if ownership == "foreign":
                name = f"Công ty TNHH {rng.choice(FOREIGN_WORDS)} {sector} Việt Nam"
            elif ownership == "state":
                name = f"Công ty TNHH MTV {sector} {province_name(code).split(' ', 1)[-1]}"
            else:
                form = rng.choice(("Công ty TNHH", "Công ty Cổ phần"))
                name = f"{form} {sector} {rng.choice(COMPANY_WORDS)}"
            regime = "state" if ownership == "state" and rng.random() < 0.5 else "enterprise"
            employer = self._add_employer(
                tax_code=f"{code}{index + 1:08d}",
                name=name,
                province_code=code,
                wage_region=region,
                wage_regime=regime,
                sector=sector,
                ownership=ownership,
            )
            self.employers_by_province.setdefault(code, []).append(employer)

    def pick_employer(self, province_code: str) -> Employer:
        local = self.employers_by_province.get(province_code)
        if local and self.rng.random() < 0.8:
            return self.rng.choice(local)
        return self.rng.choice(self.employers[len(dataset.DEMO_EMPLOYERS) :])

    # --- people ----------------------------------------------------------------------------

    def new_personal_id(self, province_code: str, birth_date: date, sex: str) -> str:
        century = 0 if birth_date.year < 2000 else 2
        gender = century + (1 if sex == "F" else 0)
        while True:
            self.serial += 1
            # A bijection of the counter onto 6 digits: unique per prefix, not sequential-looking.
            number = (self.serial * 379_721 + 104_729) % 1_000_000
            candidate = f"0{province_code}{gender}{birth_date.year % 100:02d}{number:06d}"
            if candidate not in self.used_personal_ids:
                self.used_personal_ids.add(candidate)
                return candidate

    def random_identity(
        self, *, province_code: str, birth_years: tuple[int, int], female_share: float
    ) -> dict:
        rng = self.rng
        sex = "F" if rng.random() < female_share else "M"
        birth = date(rng.randint(*birth_years), rng.randint(1, 12), rng.randint(1, 28))
        name = " ".join(
            (
                _weighted(rng, FAMILY_NAMES),
                rng.choice(MIDDLE_NAMES[sex]),
                rng.choice(GIVEN_NAMES[sex]),
            )
        )
        address = f"Số {rng.randint(1, 399)}, đường {rng.choice(STREETS)}, {rng.choice(WARDS)}, {province_name(province_code)}"
        phone = f"{rng.choice(PHONE_PREFIXES)}{rng.randint(0, 9_999_999):07d}"
        return {
            "personal_id": self.new_personal_id(province_code, birth, sex),
            "full_name": name,
            "birth_date": birth,
            "sex": sex,
            "province_code": province_code,
            "address": address,
            "phone": phone,
        }

    def add_person(
        self, identity: dict, *, identity_level: int = 2, pension_since: date | None = None
    ) -> Person:
        self.writer.add(
            PopulationRecord(
                personal_id=identity["personal_id"],
                password=self.password_hash,
                full_name=identity["full_name"],
                birth_date=identity["birth_date"],
                sex=identity["sex"],
                address=identity["address"],
                province_code=identity["province_code"],
                phone=identity["phone"],
                identity_level=identity_level,
            )
        )
        self.person_pk += 1
        person = Person(
            pk=self.person_pk,
            personal_id=identity["personal_id"],
            social_insurance_code=f"{identity['province_code']}{self.person_pk:08d}",
            full_name=identity["full_name"],
            birth_date=identity["birth_date"],
            sex=identity["sex"],
            pension_since=pension_since,
        )
        self.writer.add(person)
        self.counts["people"] += 1
        return person

    def add_spell(
        self,
        person: Person,
        employer: Employer,
        *,
        contract_type: str,
        start: date,
        end: date | None,
        reason: str,
        salary_for: Callable[[date], int],
        without_ui: Iterable[date] = (),
    ) -> list[date]:
        self.spell_pk += 1
        self.writer.add(
            EmploymentSpell(
                pk=self.spell_pk,
                person_id=person.pk,
                employer_id=employer.pk,
                contract_type=contract_type,
                start_date=start,
                end_date=end,
                termination_reason=reason,
            )
        )
        self.counts["spells"] += 1
        no_ui = set(without_ui)
        months = contribution_months(start, end, self.data_through)
        for month in months:
            salary = salary_for(month)
            low, high = salary_bounds(employer.wage_region, month)
            if not low <= salary <= high:
                raise PopulationError(
                    f"{person.personal_id} {month:%Y-%m}: insured salary {salary} outside [{low}, {high}]"
                    f" for region {employer.wage_region}"
                )
            self.writer.add_contribution(
                (person.pk, employer.pk, month, salary, month not in no_ui)
            )
        self.counts["contributions"] += len(months)
        return months

    def add_benefit(self, person: Person, **fields: Any) -> None:
        self.benefit_pk += 1
        self.writer.add(BenefitRecord(pk=self.benefit_pk, person_id=person.pk, **fields))
        self.counts["benefits"] += 1

    # --- the named demo citizens -------------------------------------------------------

    def make_demo_citizens(self) -> None:
        for citizen in self.citizens:
            identity = {
                "personal_id": citizen.personal_id,
                "full_name": citizen.full_name,
                "birth_date": citizen.birth_date,
                "sex": citizen.sex,
                "province_code": citizen.province_code,
                "address": citizen.address,
                "phone": citizen.phone,
            }
            if not citizen.has_record:
                # Known to VNeID, unknown to social security.
                self.writer.add(
                    PopulationRecord(
                        password=self.password_hash,
                        identity_level=citizen.identity_level,
                        **identity,
                    )
                )
                continue
            person = self.add_person(
                identity, identity_level=citizen.identity_level, pension_since=citizen.pension_since
            )
            if any(s.employer == dataset.FACTORY_KEY for s in citizen.spells):
                self.counts["factory"] += 1
            for spell in citizen.spells:
                steps = sorted(spell.salaries)

                def salary_for(month: date, steps: list[tuple[date, int]] = steps) -> int:
                    return [amount for since, amount in steps if since <= month][-1]

                self.add_spell(
                    person,
                    self.demo_employers[spell.employer],
                    contract_type=spell.contract_type,
                    start=spell.start_date,
                    end=spell.end_date,
                    reason=spell.termination_reason,
                    salary_for=salary_for,
                    without_ui=spell.months_without_ui,
                )
            for benefit in citizen.benefits:
                self.add_benefit(
                    person,
                    decision_number=benefit.decision_number,
                    start_date=benefit.start_date,
                    end_date=benefit.end_date,
                    months_granted=benefit.months_granted,
                    contribution_months_used=benefit.contribution_months_used,
                    contributions_used_through=benefit.contributions_used_through,
                )

    # --- salaries --------------------------------------------------------------------------

    def salary_path(self, region: str, start: date, multiple: float) -> Callable[[date], int]:
        """A salary that rises a little each January and never leaves the legal band."""
        rng = self.rng
        factors = {start.year: multiple}
        for year in range(start.year + 1, self.data_through.year + 1):
            factors[year] = factors[year - 1] * (1 + rng.uniform(0.0, 0.08))
        base = minimum_wage(region, max(start, FIRST_MONTH))

        def salary_for(month: date) -> int:
            low, high = salary_bounds(region, month)
            amount = round(base * factors[month.year] / 10_000) * 10_000
            return max(low, min(high, amount))

        return salary_for

    def random_multiple(self) -> float:
        rng = self.rng
        roll = rng.random()
        if roll < 0.80:
            return rng.uniform(1.02, 1.8)
        if roll < 0.97:
            return rng.uniform(1.8, 4.0)
        return rng.uniform(4.0, 22.0)  # the cap (20x) clips the highest

    # --- the factory ------------------------------------------------------------------------

    def make_factory_workers(self) -> None:
        rng = self.rng
        factory = self.demo_employers[dataset.FACTORY_KEY]
        closure = self.closure_date
        # The latest a worker joined: two months before the closure month.
        latest = add_months(month_start(closure), -2)
        for _ in range(dataset.FACTORY_WORKERS - self.counts["factory"]):
            home = _weighted(rng, FACTORY_HOME_PROVINCES)
            identity = self.random_identity(
                province_code=home, birth_years=(1972, 2005), female_share=0.8
            )
            person = self.add_person(identity)
            adult = date(identity["birth_date"].year + 18, identity["birth_date"].month, 1)
            earliest = max(FIRST_MONTH, adult)
            span = (latest.year - earliest.year) * 12 + latest.month - earliest.month
            start = add_months(earliest, rng.randint(0, max(0, span)))
            if rng.random() < 0.3 and start >= add_months(earliest, 18):
                # An earlier job elsewhere, ended before joining the factory.
                previous = self.pick_employer(home)
                length = rng.randint(6, 30)
                prev_start = add_months(start, -(length + rng.randint(1, 6)))
                prev_start = max(prev_start, earliest)
                prev_end = last_day_of_month(add_months(prev_start, length - 1))
                if prev_end < start:
                    self.add_spell(
                        person,
                        previous,
                        contract_type=_weighted(rng, CONTRACT_WEIGHTS[:2]),
                        start=prev_start,
                        end=prev_end,
                        reason=_weighted(rng, TERMINATION_WEIGHTS[:5]),
                        salary_for=self.salary_path(
                            previous.wage_region, prev_start, self.random_multiple()
                        ),
                    )
            self.add_spell(
                person,
                factory,
                contract_type="indefinite" if rng.random() < 0.75 else "fixed_term",
                start=start,
                end=closure,
                reason="business_closure",
                salary_for=self.salary_path(factory.wage_region, start, rng.uniform(1.05, 1.6)),
            )
            self.counts["factory"] += 1

    # --- everybody else ---------------------------------------------------------------------

    def make_random_person(self) -> None:
        rng = self.rng
        home = _weighted(rng, PROVINCE_WEIGHTS)
        identity = self.random_identity(
            province_code=home, birth_years=(1962, 2006), female_share=0.5
        )
        birth: date = identity["birth_date"]
        retire_age = 61 if identity["sex"] == "M" else 57
        retirement = date(birth.year + retire_age, birth.month, 1)
        pension_since = None
        adult = date(birth.year + 18, birth.month, 1)
        month = add_months(max(FIRST_MONTH, adult), rng.randint(0, 60))
        level = 1 if rng.random() < 0.02 else 2
        plans: list[tuple[Employer, str, date, date | None, str]] = []
        while month <= self.data_through and len(plans) < 5:
            employer = self.pick_employer(home)
            contract = _weighted(rng, CONTRACT_WEIGHTS)
            length = {
                "seasonal": rng.randint(3, 11),
                "fixed_term": rng.randint(12, 36),
                "indefinite": rng.randint(12, 130),
            }[contract]
            end_month = add_months(month, length - 1)
            if end_month >= retirement and retirement <= self.data_through:
                end_month, reason = add_months(retirement, -1), "retirement_pension"
                pension_since = retirement
            elif end_month > self.data_through:
                plans.append((employer, contract, month, None, ""))
                break
            elif contract in ("seasonal", "fixed_term") and rng.random() < 0.7:
                reason = "contract_expired"
            else:
                reason = _weighted(rng, TERMINATION_WEIGHTS)
            if end_month < month:
                break
            end_day = (
                last_day_of_month(end_month)
                if rng.random() < 0.6
                else end_month.replace(day=rng.randint(15, 28))
            )
            plans.append((employer, contract, month, end_day, reason))
            if reason == "retirement_pension":
                break
            month = add_months(end_month, 1 + rng.choice((0, 0, 1, 2, 3, 5, 8, 14)))
        if not plans:
            # Too young for a job yet, or started after the data ends: VNeID only.
            self.writer.add(
                PopulationRecord(password=self.password_hash, identity_level=level, **identity)
            )
            return
        person = self.add_person(identity, identity_level=level, pension_since=pension_since)
        ui_months: list[date] = []
        used_through: date | None = None
        for index, (employer, contract, start, end, reason) in enumerate(plans):
            without_ui: list[date] = []
            if rng.random() < 0.03:
                # An employer in arrears on unemployment insurance for a few months.
                gap_start = add_months(start, rng.randint(0, 6))
                without_ui = [add_months(gap_start, k) for k in range(rng.randint(1, 4))]
            months = self.add_spell(
                person,
                employer,
                contract_type=contract,
                start=start,
                end=end,
                reason=reason,
                salary_for=self.salary_path(employer.wage_region, start, self.random_multiple()),
                without_ui=without_ui,
            )
            ui_months.extend(m for m in months if m not in without_ui)
            later = index + 1 < len(plans)
            if (
                end is not None
                and later
                and reason not in ("employee_unlawful_resignation", "retirement_pension")
                and rng.random() < 0.25
            ):
                n = len([m for m in ui_months if used_through is None or m > used_through])
                duration, used = benefit_duration(n)
                if duration:
                    benefit_start = end + timedelta(days=rng.randint(20, 45))
                    through = month_start(end) if end.day >= 15 else add_months(end, -1)
                    self.add_benefit(
                        person,
                        decision_number=f"{self.benefit_pk + 1:05d}/QĐ-TTDVVL",
                        start_date=benefit_start,
                        end_date=same_day_months_later(benefit_start, duration) - timedelta(days=1),
                        months_granted=duration,
                        contribution_months_used=used,
                        contributions_used_through=through,
                    )
                    used_through = through
        # A second, concurrent part-time job for a few.
        if rng.random() < 0.03 and plans[-1][3] is None:
            employer = self.pick_employer(home)
            start = add_months(plans[-1][2], rng.randint(1, 12))
            if start <= self.data_through and employer.pk != plans[-1][0].pk:
                self.add_spell(
                    person,
                    employer,
                    contract_type="fixed_term",
                    start=start,
                    end=None,
                    reason="",
                    salary_for=self.salary_path(employer.wage_region, start, 1.05),
                )

    # --- the whole run ----------------------------------------------------------------------

    def run(self) -> GenerationStats:
        started = time.perf_counter()
        with transaction.atomic(using=STORE), transaction.atomic(using=PORTAL):
            self.make_employers()
            self.make_demo_citizens()
            self.make_factory_workers()
            self.progress(f"factory: {self.counts['factory']} workers")
            for index in range(self.people):
                self.make_random_person()
                if index and index % 10_000 == 0:
                    self.progress(f"{index} people")
            self.writer.add(
                StoreSnapshot(data_through=self.data_through, seed=self.seed, people=self.people)
            )
            self.writer.flush()
        counts = self.writer.counts
        return GenerationStats(
            people=self.counts["people"],
            factory_workers=self.counts["factory"],
            employers=counts.get(Employer, 0),
            spells=self.counts["spells"],
            contributions=self.counts["contributions"],
            benefits=self.counts["benefits"],
            population_records=counts.get(PopulationRecord, 0),
            seconds=time.perf_counter() - started,
        )


def store_is_empty() -> bool:
    return not (Person.objects.using(STORE).exists() or Employer.objects.using(STORE).exists())


def stored_closure_date() -> date | None:
    """The factory closure day the store was generated for (None when the store is empty)."""
    return (
        EmploymentSpell.objects.using(STORE)
        .filter(
            employer__tax_code=dataset.DEMO_EMPLOYERS_BY_KEY[dataset.FACTORY_KEY].tax_code,
            termination_reason="business_closure",
        )
        .order_by("-end_date")
        .values_list("end_date", flat=True)
        .first()
    )


def clear_population() -> None:
    """Empty the store and the mock VNeID population (what --replace does)."""
    with transaction.atomic(using=STORE):
        for model in (
            Contribution,
            BenefitRecord,
            EmploymentSpell,
            Person,
            Employer,
            StoreSnapshot,
        ):
            model._default_manager.using(STORE).all()._raw_delete(STORE)  # type: ignore[attr-defined]
    PopulationRecord.objects.using(PORTAL).all().delete()


def generate_population(
    *,
    seed: int,
    people: int,
    closure_date: date = dataset.DEMO_CLOSURE_DATE,
    batch_size: int = 5000,
    progress: Callable[[str], None] | None = None,
) -> GenerationStats:
    """Fill both stand-ins; the store and the mock population must be empty (see clear_population)."""
    generator = PopulationGenerator(
        seed=seed,
        people=people,
        closure_date=closure_date,
        batch_size=batch_size,
        progress=progress,
    )
    return generator.run()


def population_digest() -> str:
    """A SHA-256 over every generated row (store and mock VNeID), for determinism checks."""
    digest = hashlib.sha256()
    tables: list[tuple[type[models.Model], str, list[str]]] = [
        (Employer, STORE, ["id", "tax_code", "name", "province_code", "wage_region", "wage_regime", "sector", "ownership"]),
        (Person, STORE, ["id", "personal_id", "social_insurance_code", "full_name", "birth_date", "sex", "pension_since"]),
        (EmploymentSpell, STORE, ["id", "person_id", "employer_id", "contract_type", "start_date", "end_date", "termination_reason"]),
        (Contribution, STORE, ["person_id", "employer_id", "month", "insured_salary", "ui_paid"]),
        (BenefitRecord, STORE, ["id", "person_id", "decision_number", "start_date", "end_date", "months_granted", "contribution_months_used", "contributions_used_through"]),
        (StoreSnapshot, STORE, ["data_through", "seed", "people"]),
        (PopulationRecord, PORTAL, ["personal_id", "password", "full_name", "birth_date", "sex", "address", "province_code", "phone", "identity_level"]),
    ]  # fmt: skip
    for model, using, fields in tables:
        digest.update(model._meta.db_table.encode())
        order = (
            [f for f in ("person_id", "employer_id", "month") if f in fields]
            if model is Contribution
            else [fields[0]]
        )
        for row in (
            model._default_manager.using(using)
            .order_by(*order)
            .values_list(*fields)
            .iterator(chunk_size=20_000)
        ):
            digest.update(repr(row).encode())
    return digest.hexdigest()
