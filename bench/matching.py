"""Time the ranking of vacancies and courses for every benefit recipient:
`python bench/matching.py [--vacancies 50000] [--courses 5000] [--recipients 100000]`.

Fills its own PostgreSQL database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/trocap_bench_matching, created and migrated if missing;
refilled when the sizes differ) with open vacancies and courses across the 34 provinces and
`--recipients` claims in their benefit period, each with a store record (an earlier and a last
employer with its sector, the last months' insured salaries). Then ranks everyone through the
product's own code (jobs.matching.selectors.rank_all: candidates read once into the
pre-bucketed index, store records read in chunks, ten vacancies and ten courses each) and prints
the time and the CPU per recipient. The last line is the headline against the goal.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

GOAL_MS = 20.0
MARK = "BM"  # the bench's rows: claim references, tax codes, usernames start with it


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    import django

    django.setup()


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def ensure_schema() -> None:
    from django.core.management import call_command

    call_command("ensure_databases", verbosity=0)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("migrate", database="social_security", verbosity=0, interactive=False)


def copy_rows(model, objects, *, using: str = "default") -> int:
    """Write model instances with PostgreSQL's COPY (psycopg2's copy_expert, text format):
    every concrete column but the serial primary key, each value prepared by its field as
    save() would (defaults were set when the instance was built). Far faster than INSERTs."""
    from django.db import connections

    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    buffer = io.StringIO()
    written = 0
    for obj in objects:
        values = (f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)
        buffer.write("\t".join(map(copy_text, values)))
        buffer.write("\n")
        written += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, buffer, size=1 << 20)
    return written


COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: object) -> str:
    """One value in COPY's text format (NULL is \\N, booleans t/f, backslash escapes)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if hasattr(value, "adapted") and hasattr(value, "dumps"):  # psycopg2's Json wrapper
        value = value.dumps(value.adapted)
    return str(value).translate(COPY_ESCAPES)


def with_ids(objects: list, key: str, *, using: str = "default") -> list:
    """Give the just-copied instances their ids (COPY returns none), read back by a unique key."""
    model = type(objects[0])
    values = [getattr(obj, key) for obj in objects]
    ids = dict(model.objects.using(using).filter(**{f"{key}__in": values}).values_list(key, "pk"))
    for obj in objects:
        obj.pk = ids[getattr(obj, key)]
    return objects


#: The tables the fill writes in bulk: their plain (non-unique, non-constraint) indexes are
#: dropped before and built again after, once, instead of being updated row by row.
BULK_TABLES = {
    "default": ("jobs_vacancy", "training_course", "identity_user", "claims_claim"),
    "social_security": (
        "social_security_person",
        "social_security_employmentspell",
        "social_security_contribution",
    ),
}


def drop_plain_indexes() -> dict[str, list[str]]:
    """Drop the bulk tables' indexes that back no constraint; returns their definitions."""
    from django.db import connections

    kept: dict[str, list[str]] = {}
    for alias, tables in BULK_TABLES.items():
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [list(tables)],
            )
            rows = cursor.fetchall()
            for name, _ in rows:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        kept[alias] = [definition for _, definition in rows]
    return kept


def build_indexes(kept: dict[str, list[str]]) -> None:
    from django.db import connections

    for alias, definitions in kept.items():
        with connections[alias].cursor() as cursor:
            for definition in definitions:
                cursor.execute(definition)


def clear() -> None:
    from django.db import connection, connections

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_claim WHERE reference LIKE %s", [f"{MARK}-%"])
        cursor.execute("DELETE FROM jobs_vacancy WHERE employer_tax_code LIKE %s", [f"{MARK}%"])
        cursor.execute(
            "DELETE FROM training_course WHERE institution_id IN "
            "(SELECT id FROM training_institution WHERE code LIKE %s)",
            [f"{MARK.lower()}-%"],
        )
        cursor.execute("DELETE FROM training_institution WHERE code LIKE %s", [f"{MARK.lower()}-%"])
        cursor.execute("DELETE FROM identity_user WHERE username LIKE %s", [f"{MARK.lower()}-%"])
    with connections["social_security"].cursor() as cursor:
        cursor.execute(
            "DELETE FROM social_security_contribution WHERE person_id IN "
            "(SELECT id FROM social_security_person WHERE social_insurance_code LIKE %s)",
            [f"{MARK}%"],
        )
        cursor.execute(
            "DELETE FROM social_security_employmentspell WHERE person_id IN "
            "(SELECT id FROM social_security_person WHERE social_insurance_code LIKE %s)",
            [f"{MARK}%"],
        )
        cursor.execute(
            "DELETE FROM social_security_person WHERE social_insurance_code LIKE %s", [f"{MARK}%"]
        )
        cursor.execute("DELETE FROM social_security_employer WHERE tax_code LIKE %s", [f"{MARK}%"])


def fill(vacancies: int, courses: int, recipients: int, *, seed: int, today: date) -> None:  # noqa: C901, PLR0915
    from claims.core.transitions import Status
    from claims.models import Claim
    from common.provinces import PROVINCES
    from common.textsearch import search_document
    from eligibility.records.models import Contribution, Employer, EmploymentSpell, Person
    from identity.models import EmploymentServiceCenter, User
    from jobs.catalogue.models import Sector, Vacancy
    from jobs.catalogue.places import PROVINCE_SEATS
    from training.catalogue.models import Course, Institution

    rng = random.Random(seed)
    store = "social_security"
    codes = [c for c, _ in PROVINCES]
    # Heavier where industry is (as demo/generator.py): Bắc Ninh, Hà Nội, HCMC, Đồng Nai...
    weights = [5 if c in {"24", "01", "79", "75", "31", "33", "48"} else 1 for c in codes]
    centers = {}
    for code, name in PROVINCES:
        centers[code], _ = EmploymentServiceCenter.objects.get_or_create(
            province_code=code,
            defaults={"code": f"ttdvvl-{code}", "name": f"Trung tâm DVVL {name}"},
        )
    poster, _ = User.objects.get_or_create(
        username=f"{MARK.lower()}-poster",
        defaults={"role": User.Role.OFFICER, "center": centers["24"]},
    )
    started = time.perf_counter()
    sectors = list(Sector.values)
    rows = []
    for i in range(vacancies):
        code = rng.choices(codes, weights)[0]
        lat, lon = PROVINCE_SEATS[code]
        wage = rng.randrange(5_000_000, 14_000_000, 100_000)
        title = rng.choice(
            ["Công nhân may", "Công nhân lắp ráp", "Thợ cơ khí", "Nhân viên kho", "Lễ tân"]
        )
        rows.append(
            Vacancy(
                employer_tax_code=f"{MARK}{i:08d}",
                employer_name=f"Công ty Thử nghiệm {i}",
                center=centers[code],
                title=title,
                occupation=title,
                sector=rng.choice(sectors),
                province_code=code,
                address="KCN",
                latitude=lat + rng.uniform(-0.3, 0.3),
                longitude=lon + rng.uniform(-0.3, 0.3),
                wage_min=wage,
                wage_max=wage + rng.randrange(0, 4_000_000, 100_000)
                if rng.random() < 0.8
                else None,
                contract_type="indefinite",
                requirements="",
                deadline=today + timedelta(days=rng.randint(10, 120)),
                status="open" if rng.random() < 0.9 else "closed",
                posted_by=poster,
                search_text=search_document(title, "KCN"),
            )
        )
    copy_rows(Vacancy, rows)
    institutions = Institution.objects.bulk_create(
        Institution(
            name=f"Trường Thử nghiệm {i}",
            code=f"{MARK.lower()}-{i}",
            province_code=rng.choices(codes, weights)[0],
            address="",
            license_number=f"{MARK}-{i}",
        )
        for i in range(max(1, courses // 20))
    )
    fields = list(Course.Field.values)
    copy_rows(
        Course,
        (
            Course(
                institution=(inst := rng.choice(institutions)),
                title="Khóa học thử nghiệm",
                field=rng.choice(fields),
                level="short",
                province_code=inst.province_code,
                online=rng.random() < 0.2,
                address="Cơ sở đào tạo",
                start_date=today + timedelta(days=rng.randint(1, 150)),
                duration_months=3,
                seats=30,
                tuition=4_500_000,
                search_text="khoa hoc thu nghiem",
            )
            for _ in range(courses)
        ),
    )
    print(
        f"  {vacancies:,} vacancies, {courses:,} courses ({time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    store_sectors = (
        "Dệt may",
        "Da giày",
        "Điện tử",
        "Cơ khí",
        "Logistics",
        "Du lịch",
        "Bán lẻ",
        "Xây dựng",
        "Nông nghiệp",
    )
    employers = Employer.objects.using(store).bulk_create(
        Employer(
            tax_code=f"{MARK}{i:08d}",
            name=f"Công ty {i}",
            province_code=rng.choices(codes, weights)[0],
            wage_region="II",
            wage_regime="enterprise",
            sector=rng.choice(store_sectors),
            ownership="private",
        )
        for i in range(max(2, recipients // 30))
    )
    chunk = 10_000
    for first in range(0, recipients, chunk):
        n = range(first, min(recipients, first + chunk))
        people = [
            Person(
                personal_id=f"9{i:011d}",
                social_insurance_code=f"{MARK}{i:08d}",
                full_name=f"Người thử {i}",
                birth_date=date(1990, 1, 1),
                sex="F",
            )
            for i in n
        ]
        copy_rows(Person, people, using=store)
        with_ids(people, "social_insurance_code", using=store)
        spells, contributions, users, claims = [], [], [], []
        for person in people:
            last, earlier = rng.sample(employers, 2)
            ended = today - timedelta(days=rng.randint(40, 150))
            spells.append(
                EmploymentSpell(
                    person=person,
                    employer=earlier,
                    contract_type="indefinite",
                    start_date=date(2015, 1, 1),
                    end_date=date(2018, 12, 31),
                    termination_reason="contract_expired",
                )
            )
            spells.append(
                EmploymentSpell(
                    person=person,
                    employer=last,
                    contract_type="indefinite",
                    start_date=date(2019, 1, 1),
                    end_date=ended,
                    termination_reason="business_closure",
                )
            )
            salary = rng.randrange(5_000_000, 16_000_000, 100_000)
            contributions.append(
                Contribution(
                    person=person,
                    employer=earlier,
                    month=date(2018, 12, 1),
                    insured_salary=salary - 500_000,
                )
            )
            for back in range(3):
                month = (ended.replace(day=1) - timedelta(days=31 * back)).replace(day=1)
                contributions.append(
                    Contribution(person=person, employer=last, month=month, insured_salary=salary)
                )
            users.append(
                User(
                    username=f"{MARK.lower()}-{person.personal_id}",
                    role=User.Role.CITIZEN,
                    personal_id=person.personal_id,
                    identity_level=2,
                    full_name=person.full_name,
                )
            )
            claims.append((person.personal_id, last.tax_code, last.province_code))
        copy_rows(EmploymentSpell, spells, using=store)
        copy_rows(Contribution, contributions, using=store)
        copy_rows(User, users)
        made = with_ids(users, "username")
        copy_rows(
            Claim,
            (
                Claim(
                    citizen=user,
                    personal_id=pid,
                    center=centers[
                        province if rng.random() < 0.8 else rng.choices(codes, weights)[0]
                    ],
                    status=Status.PAYING,
                    reference=f"{MARK}-{pid}",
                    employer_tax_code=tax,
                )
                for user, (pid, tax, province) in zip(made, claims, strict=True)
            ),
        )
        print(
            f"  {first + len(n):,} recipients ({time.perf_counter() - started:.0f} s)", flush=True
        )


def analyze() -> None:
    from django.db import connections

    for alias in BULK_TABLES:
        with connections[alias].cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vacancies", type=int, default=50_000)
    parser.add_argument("--courses", type=int, default=5_000)
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--refill", action="store_true", help="refill even if the sizes match")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trocap_bench_matching"
        ),
    )
    args = parser.parse_args()
    setup_django(args.database_url)
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/matching.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    ensure_schema()
    from claims.models import Claim
    from jobs.catalogue.models import Vacancy
    from jobs.matching import selectors
    from training.catalogue.models import Course

    today = date.today()  # noqa: DTZ011 - the bench's own data is dated from the machine's day
    bench_claims = Claim.objects.filter(reference__startswith=f"{MARK}-")
    have = (
        Vacancy.objects.filter(employer_tax_code__startswith=MARK).count(),
        Course.objects.filter(institution__code__startswith=f"{MARK.lower()}-").count(),
        bench_claims.count(),
    )
    if args.refill or have != (args.vacancies, args.courses, args.recipients):
        print(
            f"filling: {args.vacancies:,} vacancies, {args.courses:,} courses, {args.recipients:,} recipients",
            flush=True,
        )
        clear()
        started = time.perf_counter()
        kept = drop_plain_indexes()
        try:
            fill(args.vacancies, args.courses, args.recipients, seed=args.seed, today=today)
        finally:
            build_indexes(kept)
        analyze()
        print(f"filled in {time.perf_counter() - started:.0f} s (COPY, indexes built after)")
    else:
        print(f"reusing the bench's {args.recipients:,} recipients", flush=True)

    wall, cpu0 = time.perf_counter(), cpu()
    ranked = vacancies_shown = courses_shown = 0
    for _, vacancies, courses in selectors.rank_all(bench_claims, today=today):
        ranked += 1
        vacancies_shown += len(vacancies)
        courses_shown += len(courses)
    elapsed, spent = time.perf_counter() - wall, cpu() - cpu0
    if ranked != args.recipients:
        sys.exit(f"ranked {ranked} recipients, expected {args.recipients}")
    per_ms = elapsed * 1000 / max(1, ranked)
    print(f"ranked {ranked:,} recipients in {elapsed:.1f} s")
    print(
        f"matches: {vacancies_shown / max(1, ranked):.1f} vacancies and {courses_shown / max(1, ranked):.1f} courses per recipient"
    )
    print(f"time per recipient: {per_ms:.3f} ms (wall, store reads and candidate loading included)")
    print(
        f"CPU per recipient: {spent * 1000 / max(1, ranked):.3f} ms (this process; PostgreSQL's own CPU not counted)"
    )
    print(f"matching: {per_ms:.2f} ms per recipient (goal <= {GOAL_MS:.0f} ms per recipient)")


if __name__ == "__main__":
    main()
