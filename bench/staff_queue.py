"""Time the center queue at scale: `python bench/staff_queue.py [--claims 1000000] [--repeat 30]`.

Fills a PostgreSQL database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/trocap_bench;
created and migrated if missing) with `--claims` generated claims across the 34 centers, with
COPY in batches: centers, staff of each center, one citizen per claim, employers drawn from a
skewed list (plus the seed's garment factory: 2,600 clean claims in Bắc Ninh on one day),
statuses mostly decided for old claims and open for recent ones, deadlines 15 working days
after submission (some breached), cross-check flags on about a third of claims, assignees on
claims under review. A database already holding the same number of generated claims is reused
(--refill to start again).

Then, as a logged-in officer of the Bắc Ninh center, it requests the queue page through the
Django test client (whole middleware stack, the real view, the access log row included) for
each common filter, `--repeat` times after two warm-up requests, and prints one line per filter
with the median and 95th-percentile response time in ms. It asserts nothing about time.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/trocap_bench"
BENCH_CENTER = "24"  # Bắc Ninh: the seed's garment factory
GARMENT_TAX_CODE = "2300987654"
GARMENT_NAME = "Công ty TNHH May mặc Hanwoo Vina"
GARMENT_CLAIMS = 2600
BATCH = 50_000
PASSWORD = "!"  # noqa: S105 - an unusable password: the bench logs in with force_login

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
MIDDLE = "Văn Thị Hữu Minh Thanh Ngọc Đức Thu Quang Xuân Hồng Kim".split()
GIVEN = (
    "An Anh Bình Chi Cường Dũng Giang Hà Hải Hạnh Hiếu Hoa Hùng Hương Huy Khánh Lan Linh Long "
    "Mai Minh Nam Nga Ngân Nhung Phong Phúc Phương Quân Quyên Sơn Tâm Thảo Thắng Trang Trung "
    "Tuấn Tùng Vân Việt Yến"
).split()
FLAGS = (
    ("employer_differs", "needs_review"),
    ("termination_date_differs", "needs_review"),
    ("contract_type_differs", "needs_review"),
    ("termination_reason_differs", "needs_review"),
    ("contributions_after_termination", "needs_review"),
    ("other_employer_paying", "needs_review"),
    ("receiving_pension", "blocking"),
    ("benefit_active", "blocking"),
    ("benefit_recent", "info"),
    ("reason_excluded", "blocking"),
    ("filed_after_deadline", "blocking"),
    ("salary_above_ceiling", "needs_review"),
)
#: Old claims are mostly finished; recent ones mostly open (status, weight).
OLD_STATUSES = (
    ("completed", 60),
    ("paying", 12),
    ("decision_issued", 10),
    ("terminated", 4),
    ("suspended", 1),
    ("withdrawn", 5),
    ("rejected", 3),
)
RECENT_STATUSES = (
    ("submitted", 30),
    ("in_review", 35),
    ("info_requested", 10),
    ("proposed", 12),
    ("approved", 3),
    ("decision_issued", 6),
    ("withdrawn", 2),
    ("draft", 2),
)
DECIDED = {
    "approved",
    "rejected",
    "decision_issued",
    "paying",
    "completed",
    "suspended",
    "terminated",
}
REASONS = ("contract_expired", "mutual_agreement", "employer_dismissal", "business_closure")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    # Time what production runs: no debug query log, cached templates.
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # This file shares its name with the standard library's `queue`, which Django's imports
    # need: take the script's own folder off the path, and put the project root on it.
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    sys.path.insert(0, str(here.parent))
    import django

    django.setup()


def add_working_days(day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


class Copier:
    """COPY rows into one table in text format, `BATCH` rows at a time."""

    def __init__(self, table: str, columns: Sequence[str]) -> None:
        self.table, self.columns = table, list(columns)

    @staticmethod
    def _cell(value: Any) -> str:
        if value is None:
            return "\\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")

    def copy(self, rows: Iterable[Sequence[Any]]) -> int:
        from django.db import connection

        total = 0
        buffer = io.StringIO()
        count = 0

        def flush() -> None:
            buffer.seek(0)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(  # type: ignore[attr-defined]
                    f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN", buffer
                )
            buffer.seek(0)
            buffer.truncate()

        for row in rows:
            buffer.write("\t".join(self._cell(v) for v in row))
            buffer.write("\n")
            count += 1
            if count == BATCH:
                flush()
                total += count
                count = 0
        if count:
            flush()
            total += count
        return total


def model_row_template(model: Any) -> tuple[list[str], dict[str, Any]]:
    """Every concrete column of `model` with its default as a database value (overridden per row)."""
    from django.db import connection

    columns, defaults = [], {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(f.column)
        default = f.get_default()
        prepared = None if default is None else f.get_db_prep_save(default, connection)
        if hasattr(prepared, "dumps"):  # JSON adapter
            prepared = prepared.dumps(prepared.adapted)
        defaults[f.column] = prepared
    return columns, defaults


def fill(n_claims: int, seed: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from claims.models import Claim, ClaimFlag
    from common.provinces import PROVINCES
    from identity.models import EmploymentServiceCenter, User
    from identity.names import fold_name

    rng = random.Random(seed)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE claims_claimflag, claims_staffaccesslog, claims_claimevent, claims_claim, "
            "identity_user RESTART IDENTITY CASCADE"
        )
    for code, label in PROVINCES:
        EmploymentServiceCenter.objects.get_or_create(
            province_code=code,
            defaults={"code": f"ttdvvl-{code}", "name": f"Trung tâm DVVL {label}"},
        )
    centers = list(EmploymentServiceCenter.objects.order_by("province_code"))
    # A few large centers take most claims (industrial provinces).
    big = {"79": 20, "01": 14, BENCH_CENTER: 12, "31": 6, "48": 5}
    weights = [big.get(c.province_code, 1.3) for c in centers]

    staff_by_center: dict[int, list[int]] = {}
    with transaction.atomic():
        for c in centers:
            officers = []
            for i in range(rng.randint(3, 10)):
                u = User.objects.create(
                    username=f"bench.canbo{i}.{c.province_code}",
                    role=User.Role.OFFICER,
                    center=c,
                    full_name=f"Cán bộ {i} {c.province_code}",
                    password=PASSWORD,
                )
                officers.append(u.pk)
            User.objects.create(
                username=f"bench.lanhdao.{c.province_code}",
                role=User.Role.SIGNER,
                center=c,
                full_name=f"Lãnh đạo {c.province_code}",
                password=PASSWORD,
            )
            staff_by_center[c.pk] = officers
    first_citizen_id = User.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1

    employers = [
        (f"{2300000000 + i * 7919:010d}", f"Công ty TNHH Sản xuất {i}") for i in range(5000)
    ]
    employer_weights = [1 / (i + 1) ** 0.8 for i in range(len(employers))]
    bench_center = next(c for c in centers if c.province_code == BENCH_CENTER)
    now = datetime.now(tz=UTC)
    today = timezone.localdate(now)
    closure_day = today - timedelta(days=9)

    # One plan per claim: (center, status, submitted day, employer, termination date, clean).
    plans: list[tuple[Any, ...]] = []
    for i in range(n_claims):
        garment = i < min(GARMENT_CLAIMS, n_claims // 10)
        if garment:
            center = bench_center
            status = rng.choice(("submitted", "submitted", "in_review"))
            submitted = closure_day + timedelta(days=rng.randint(1, 5))
            employer = (GARMENT_TAX_CODE, GARMENT_NAME)
            termination = closure_day
        else:
            center = rng.choices(centers, weights)[0]
            recent = rng.random() < 0.2
            age = rng.randint(0, 45) if recent else rng.randint(46, 3 * 365)
            submitted = today - timedelta(days=age)
            pool = RECENT_STATUSES if recent else OLD_STATUSES
            status = rng.choices([s for s, _ in pool], [w for _, w in pool])[0]
            employer = rng.choices(employers, employer_weights)[0]
            termination = submitted - timedelta(days=rng.randint(3, 80))
        plans.append((center, status, submitted, employer, termination, garment))

    # Citizens: one per claim.
    user_columns, user_defaults = model_row_template(User)

    def citizens() -> Iterator[list[Any]]:
        for i, (center, *_rest) in enumerate(plans):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            province = center.province_code if rng.random() < 0.85 else rng.choice(PROVINCES)[0]
            values = {
                **user_defaults,
                "password": PASSWORD,
                "username": f"vneid-b{i:011d}",
                "role": "citizen",
                "personal_id": f"{100000000000 + i:012d}",
                "identity_level": 2,
                "full_name": name,
                "search_name": fold_name(name),  # what User.save() would store (ADR 0011)
                "province_code": province,
                "date_joined": now.isoformat(),
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
            }
            yield [values[c] for c in user_columns]

    made = Copier("identity_user", user_columns).copy(citizens())
    print(f"  {made:,} citizens ({time.perf_counter() - started:.0f} s)", flush=True)

    claim_columns, claim_defaults = model_row_template(Claim)
    counters: dict[int, int] = {}

    def claims() -> Iterator[list[Any]]:
        for i, (center, status, submitted, employer, termination, garment) in enumerate(plans):
            draft = status == "draft"
            year = submitted.year
            counters[year] = counters.get(year, 0) + 1
            due = add_working_days(submitted, 15)
            submitted_at = datetime(
                submitted.year, submitted.month, submitted.day, rng.randint(1, 15), tzinfo=UTC
            )
            decided_at = None
            if status in DECIDED:
                decided_at = submitted_at + timedelta(days=rng.gammavariate(3, 4) + 1)
            officers = staff_by_center[center.pk]
            assignee = (
                rng.choice(officers)
                if status in {"in_review", "info_requested", "proposed"} and rng.random() < 0.9
                else None
            )
            values = {
                **claim_defaults,
                "public_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "reference": None if draft else f"TCTN-{year}-{counters[year]:06d}",
                "citizen_id": first_citizen_id + i,
                "personal_id": f"{100000000000 + i:012d}",
                "center_id": center.pk,
                "status": status,
                "version": 3,
                "employer_tax_code": employer[0],
                "employer_name": employer[1],
                "contract_type": "indefinite",
                "termination_date": termination.isoformat(),
                "termination_reason": "business_closure" if garment else rng.choice(REASONS),
                "submitted_at": None if draft else submitted_at.isoformat(),
                "dossier_complete_on": None if draft else submitted.isoformat(),
                "decision_due": None if draft else due.isoformat(),
                "is_clean": garment or rng.random() < 0.6,
                "assignee_id": assignee,
                "decided_at": decided_at.isoformat() if decided_at else None,
                "created_at": submitted_at.isoformat(),
                "updated_at": submitted_at.isoformat(),
                "rule_set": "bench",
            }
            yield [values[c] for c in claim_columns]

    made = Copier("claims_claim", claim_columns).copy(claims())
    print(f"  {made:,} claims ({time.perf_counter() - started:.0f} s)", flush=True)

    flagged = list(Claim.objects.filter(is_clean=False).values_list("pk", flat=True))

    def flags() -> Iterator[tuple[Any, ...]]:
        for claim_id in flagged:
            for code, severity in rng.sample(FLAGS, rng.choice((1, 1, 1, 2))):
                yield (claim_id, code, severity)

    made = Copier(ClaimFlag._meta.db_table, ["claim_id", "code", "severity"]).copy(flags())
    print(f"  {made:,} flags ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        # VACUUM too: a freshly copied table has no visibility map, so counts would read the heap.
        cursor.execute("VACUUM ANALYZE")
    print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)


def ensure_schema() -> None:
    from django.core.management import call_command

    call_command("ensure_databases", verbosity=0)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("migrate", database="social_security", verbosity=0, interactive=False)


#: The headline's goal: the slowest filter's 95th percentile (see bench()).
GOAL_P95_MS = 500


def timed(client: Any, path: str, params: dict[str, str], repeat: int) -> tuple[float, float]:
    if "q" in params:
        # A search is posted and kept in the session (docs/adr/0011): time the page it leads to.
        posted = client.post(path, params)
        if posted.status_code != 303:
            raise SystemExit(f"{path} {params}: HTTP {posted.status_code}")
        path, params = posted["Location"], {}
    for _ in range(2):
        response = client.get(path, params)
        if response.status_code != 200:
            raise SystemExit(f"{path} {params}: HTTP {response.status_code}")
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        client.get(path, params)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, max(0, round(0.95 * len(samples)) - 1))]
    return statistics.median(samples), p95


def bench(repeat: int) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    import claims.queue.selectors as queue
    from claims.models import Claim
    from identity.models import EmploymentServiceCenter, User
    from identity.names import fold_name

    center = EmploymentServiceCenter.objects.get(province_code=BENCH_CENTER)
    officer = User.objects.filter(center=center, role=User.Role.OFFICER).order_by("pk").first()
    assert officer is not None
    if not Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(officer, generate_totp_secret())
    client = Client()
    client.force_login(officer)
    path = reverse("staff:queue")

    open_claims = Claim.objects.filter(center=center, status__in=queue.OPEN_STATUSES)
    sample = open_claims.exclude(reference=None).select_related("citizen").order_by("?").first()
    assert sample is not None
    big_employer = (
        Claim.objects.filter(center=center)
        .exclude(employer_tax_code=GARMENT_TAX_CODE)
        .values("employer_tax_code")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("employer_tax_code", flat=True)
        .first()
    )
    # The cursor of page 49, found by walking the selector (keyset: page 50 is one query).
    cursor = None
    today = timezone.localdate()
    calendar = queue.WorkingCalendar.from_database()
    pages = 0
    for _ in range(49):
        page = queue.queue_page(
            center=center,
            filters=queue.QueueFilters(),
            user=officer,
            after=cursor,
            limit=50,
            today=today,
            count=False,
            calendar=calendar,
        )
        if page.next_cursor is None:
            break
        cursor, pages = page.next_cursor, pages + 1

    cases: list[tuple[str, dict[str, str]]] = [
        ("no filter (open claims)", {}),
        ("status=submitted", {"trang_thai": "submitted"}),
        ("status=all", {"trang_thai": "all"}),
        ("flag=employer_differs", {"canh_bao": "employer_differs"}),
        ("flag=none (clean)", {"canh_bao": "none"}),
        (f"employer={GARMENT_TAX_CODE} (garment factory)", {"don_vi": GARMENT_TAX_CODE}),
        (f"employer={big_employer}", {"don_vi": big_employer or "", "trang_thai": "all"}),
        ("assignee=me", {"thu_ly": "me"}),
        ("assignee=none", {"thu_ly": "none"}),
        ("overdue only", {"qua_han": "on"}),
        ("search reference", {"q": sample.reference or ""}),
        ("search personal ID", {"q": sample.personal_id}),
        ("search name", {"q": sample.citizen.full_name}),
        ("search name, all statuses", {"q": sample.citizen.full_name, "trang_thai": "all"}),
        ("search name without diacritics", {"q": fold_name(sample.citizen.full_name)}),
        ("sort by name (numbered pages)", {"sap_xep": "ho_ten"}),
        ("sort by name descending, page 20", {"sap_xep": "-ho_ten", "trang": "20"}),
        ("sort by flags, worst first", {"sap_xep": "-canh_bao"}),
    ]
    if cursor is not None:
        cases.append((f"page {pages + 1} via keyset cursor", {"sau": cursor.encode()}))
    total = Claim.objects.count()
    in_center = Claim.objects.filter(center=center).count()
    print(
        f"queue page of center {center.province_code} ({in_center:,} of {total:,} claims, "
        f"{open_claims.count():,} open), {repeat} requests each, test client, full stack:"
    )
    print(f"{'filter':<48} {'median ms':>10} {'p95 ms':>10}")
    worst_p95 = 0.0
    cpu_started = time.process_time()
    for label, params in cases:
        median, p95 = timed(client, path, params, repeat)
        worst_p95 = max(worst_p95, p95)
        print(f"{label:<48} {median:>10.1f} {p95:>10.1f}", flush=True)
    cpu_ms = (time.process_time() - cpu_started) * 1000 / (len(cases) * repeat)
    median, p95 = timed(client, reverse("staff:dashboard"), {}, max(5, repeat // 3))
    print(f"{'dashboard (for reference)':<48} {median:>10.1f} {p95:>10.1f}", flush=True)
    print(f"portal CPU per queue page (this process): {cpu_ms:.1f} ms")
    # Issue #5 asks the queue to stay fast at a million claims; "fast" is held to the same
    # 500 ms p95 per request that the surge issue (#11) sets for every page.
    print(f"worst queue page p95: {worst_p95:.1f} ms (goal <= {GOAL_P95_MS} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--refill", action="store_true", help="fill again even if already filled")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("bench/staff_queue.py needs PostgreSQL (DATABASE_URL=postgres://...)")
    setup_django(args.database_url)
    from claims.models import Claim

    ensure_schema()
    have = Claim.objects.filter(rule_set="bench").count()
    if args.refill or have != args.claims:
        print(f"filling {args.claims:,} claims (found {have:,})", flush=True)
        fill(args.claims, args.seed)
    else:
        print(f"reusing {have:,} generated claims (--refill to regenerate)")
    bench(args.repeat)


if __name__ == "__main__":
    main()
