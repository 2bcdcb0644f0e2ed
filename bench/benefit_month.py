"""Time the benefit period's monthly cycle: `python bench/benefit_month.py [--periods 100000]`.

Fills a PostgreSQL database (DATABASE_URL's server, database `<name>_bench_benefit_month` by
default; created and migrated if missing) with `--periods` active benefit periods laid out by
the real rules (eligibility.calculator.period.benefit_months): a citizen, a paying claim, its
signed approval and issued decision, six installments and six benefit months each, with COPY.
Every period is in benefit month `--month` (default 3): its window has just closed; a share
`--notified` (default 0.9) notified in it, the rest did not; of those, a share had already
missed the month before, and some the two months before (their miss now is the third).

Then one monthly cycle, as the beat tasks run it:
1. `claims.period.services.windows_close`: every closed window judged; the missed months
   suspended (installment cancelled, events, claims moved to suspended in bulk), the third
   misses ended (ground đ, the per-claim path);
2. `claims.period.services.installments_link` and `months_paid_sync` (the sweep's bulk parts);
3. `claims.payments.services.payments_release_due` on the month's payment day: an order for
   every notified month (the release gate of the period), none for a suspended one.
Task messages go to an in-memory broker (nothing is sent to the settlement office).

Iterating on the cycle alone: `--reuse` keeps the filled database as a PostgreSQL template
(`<bench database>_filled`, its fill parameters in the database's comment) and, on the next run
with the same `--periods --month --notified --seed`, recreates the bench database from it in a
few seconds (`CREATE DATABASE ... TEMPLATE`, file copy) instead of filling it again, then
applies any new migration to the copy; the store (only read by the cycle) is kept when its
comment says it was filled for the same sizes. The fill takes minutes at 100,000 periods; the
figures to report come from a full run (without `--reuse`).

It prints the time of each step, the cycle's wall and CPU time per period, checks that
no suspended month got an order and every notified month got exactly one, and ends with
`benefit month cycle: <s> s per 100,000 periods (goal <= 60 s)` (scaled from --periods).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import sys
import time
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

GOAL_S = 60.0
SCALE = 100_000
BATCH = 20_000
START = date(2026, 3, 17)  # RULES.md example 1's start; periods spread over 5 days from it
DECIDED = date(2026, 3, 13)
AMOUNT = 4_200_000
FORMER_EMPLOYER = "2300000001"
NEW_EMPLOYER = "2300000002"
#: A share of the periods whose worker started an insured job (not reported) in month 2.
NEW_JOB_SHARE = 0.01


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["CELERY_BROKER_URL"] = "memory://"
    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(0, root)
    import django

    django.setup()
    from portal.celery import app

    app.conf.broker_url = "memory://"
    app.conf.task_always_eager = False
    app.loader.import_default_modules()  # register every app's tasks (a worker does the same)


def bench_url(url: str) -> str:
    base, _, name = url.rpartition("/")
    name = name.split("?")[0]
    return url if name.endswith("_bench_benefit_month") else f"{base}/{name}_bench_benefit_month"


def _maintenance(url: str) -> Any:
    """An autocommit connection to the server's `postgres` database (CREATE/DROP DATABASE)."""
    import psycopg2

    conn = psycopg2.connect(url.rpartition("/")[0] + "/postgres")
    conn.autocommit = True
    return conn


def _comment_of(cursor: Any, name: str) -> str | None:
    cursor.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
    )
    row = cursor.fetchone()
    return None if row is None else row[0]


def snapshot_restore(url: str, tag: str) -> bool:
    """Recreate the bench database from its filled snapshot if that holds the same fill."""
    from psycopg2 import sql

    name = url.rpartition("/")[2].split("?")[0]
    conn = _maintenance(url)
    try:
        with conn.cursor() as cursor:
            if _comment_of(cursor, f"{name}_filled") != tag:
                return False
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                    sql.Identifier(name), sql.Identifier(f"{name}_filled")
                )
            )
    finally:
        conn.close()
    return True


def snapshot_save(url: str, tag: str) -> None:
    """Keep the just-filled bench database as `<name>_filled` (a template) for --reuse."""
    from django.db import connections
    from psycopg2 import sql

    connections.close_all()  # a template must have no other session
    name = url.rpartition("/")[2].split("?")[0]
    snapshot = sql.Identifier(f"{name}_filled")
    conn = _maintenance(url)
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(snapshot))
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                    snapshot, sql.Identifier(name)
                )
            )
            cursor.execute(sql.SQL("COMMENT ON DATABASE {} IS %s").format(snapshot), [tag])
    finally:
        conn.close()


def store_tag(tag: str | None = None) -> str | None:
    """The social-security store's fill tag (its database comment); set it when `tag` is given."""
    from django.db import connections
    from psycopg2 import sql

    from eligibility.records.router import ALIAS

    name = connections[ALIAS].settings_dict["NAME"]
    with connections[ALIAS].cursor() as cursor:
        if tag is not None:
            cursor.execute(
                sql.SQL("COMMENT ON DATABASE {} IS %s").format(sql.Identifier(name)), [tag]
            )
        return _comment_of(cursor, name)


def _cell(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def copy(model: Any, rows: Iterable[dict[str, Any]]) -> int:
    """COPY rows (column -> value; every other column its model default) into model's table."""
    from django.db import connection

    now = datetime.now(UTC).isoformat()
    columns, defaults = [], {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(f.column)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.column] = now
            continue
        default = f.get_default()
        prepared = None if default is None else f.get_db_prep_save(default, connection)
        if hasattr(prepared, "dumps"):
            prepared = prepared.dumps(prepared.adapted)
        defaults[f.column] = prepared
    buffer, count, total = io.StringIO(), 0, 0
    quoted = ", ".join('"' + c + '"' for c in columns)

    def flush() -> None:
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(  # type: ignore[attr-defined]
                f"COPY {model._meta.db_table} ({quoted}) FROM STDIN",
                buffer,
            )
        buffer.seek(0)
        buffer.truncate()

    for row in rows:
        values = {**defaults, **row}
        buffer.write("\t".join(_cell(values[c]) for c in columns) + "\n")
        count += 1
        if count == BATCH:
            flush()
            total, count = total + count, 0
    if count:
        flush()
        total += count
    return total


def ids_of(table: str, where: str = "") -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} {where} ORDER BY id")  # noqa: S608 - fixed names
        return [row[0] for row in cursor.fetchall()]


def fill(n: int, *, month: int, notified: float, seed: int) -> None:
    from django.db import connection

    from claims.decisions.models import Decision
    from claims.models import Claim, Proposal
    from claims.payments.models import PaymentInstallment
    from claims.period.models import BenefitMonth, MonthlyNotification
    from eligibility.calculator import period as rules
    from eligibility.selectors import working_calendar
    from identity.models import EmploymentServiceCenter, User

    rng = random.Random(seed)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE claims_monthlynotification, claims_notificationexemption, "
            "claims_benefitmonth, claims_termination, claims_periodevent, claims_recovery, "
            "claims_reservedmonths, claims_paymentcallback, claims_paymentorder, "
            "claims_paymentinstallment, claims_decision, claims_proposal, claims_claimevent, "
            "claims_notification, claims_claim RESTART IDENTITY CASCADE"
        )
        # Not TRUNCATE ... CASCADE: the rules and holiday tables refer to accounts too.
        cursor.execute(
            "DELETE FROM identity_user WHERE role = 'citizen' OR username = 'bench-signer'"
        )
    center, _ = EmploymentServiceCenter.objects.get_or_create(
        province_code="24", defaults={"code": "ttdvvl-24", "name": "Trung tâm DVVL Bắc Ninh"}
    )
    signer = User.objects.create(
        username="bench-signer", role="signer", center=center, full_name="Lãnh đạo Bench"
    )
    copy(
        User,
        (
            {
                "password": "!",
                "username": f"vneid-bm{i:010d}",
                "role": "citizen",
                "personal_id": f"{200000000000 + i:012d}",
                "identity_level": 2,
                "full_name": f"Người lao động {i}",
                "search_name": f"nguoi lao dong {i}",
                "date_joined": datetime.now(UTC).isoformat(),
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
            }
            for i in range(n)
        ),
    )
    users = ids_of("identity_user", "WHERE role = 'citizen'")
    decided_at = datetime(DECIDED.year, DECIDED.month, DECIDED.day, 3, tzinfo=UTC)
    starts = [START + timedelta(days=i % 5) for i in range(n)]
    copy(
        Claim,
        (
            {
                "public_id": f"00000000-0000-4000-8000-{i:012d}",
                "reference": f"TCTN-2026-{900000 + i:06d}"[:20],
                "citizen_id": users[i],
                "personal_id": f"{200000000000 + i:012d}",
                "center_id": center.pk,
                "status": "paying",
                "monthly_benefit": AMOUNT,
                "duration_months": 6,
                "decided_at": decided_at.isoformat(),
                "rule_set": "bench-period",
                "termination_date": "2026-02-27",
                "employer_tax_code": FORMER_EMPLOYER,
                "employer_name": "Công ty TNHH May mặc Bench",
                "eligibility": '{"result": {"contribution_months": 74}}',
                "answers": '{"payment": {"method": "bank", "bank_code": "VCB", '
                '"account_number": "0123456789", "account_holder": "NGUOI LAO DONG"}}',
            }
            for i in range(n)
        ),
    )
    claims = ids_of("claims_claim", "WHERE rule_set = 'bench-period'")
    copy(
        Proposal,
        (
            {
                "claim_id": claims[i],
                "kind": "approve",
                "proposed_by_id": signer.pk,
                "monthly_benefit": AMOUNT,
                "duration_months": 6,
                "entitlement_start": starts[i].isoformat(),
                "outcome": "signed",
                "decided_by_id": signer.pk,
                "decided_at": decided_at.isoformat(),
            }
            for i in range(n)
        ),
    )
    proposals = ids_of("claims_proposal")
    copy(
        Decision,
        (
            {
                "claim_id": claims[i],
                "proposal_id": proposals[i],
                "kind": "approval",
                "center_id": center.pk,
                "year": 2026,
                "sequence": 800_000 + i,
                "number": f"{800_000 + i}/QĐ-TTDVVL",
                "issued_on": DECIDED.isoformat(),
                "signer_id": signer.pk,
                "signer_name": "Lãnh đạo Bench",
                "signer_title": "GIÁM ĐỐC",
                "verification_code": f"{i:010d}",
                "state": "issued",
                "signed_at": decided_at.isoformat(),
            }
            for i in range(n)
        ),
    )
    calendar = working_calendar()
    plans_by_start = {
        s: rules.benefit_months(
            entitlement_start=s,
            duration_months=6,
            decision_date=DECIDED,
            calendar=calendar,
            rules=rules.period_rules_for(DECIDED),
        )
        for s in set(starts)
    }
    # Installments: months 1 .. month-1 paid, the rest scheduled (month 2.. due on day 7).
    copy(
        PaymentInstallment,
        (
            {
                "claim_id": claims[i],
                "personal_id": f"{200000000000 + i:012d}",
                "number": p.index,
                "period_start": p.start.isoformat(),
                "period_end": p.end.isoformat(),
                "amount": AMOUNT,
                "due_on": p.payment_due_on.isoformat(),
                "status": "paid" if p.index < month else "scheduled",
            }
            for i in range(n)
            for p in plans_by_start[starts[i]]
        ),
    )
    # Who notified month `month`; of the others, some missed month-1 too, some month-2 too.
    fate = []
    for _ in range(n):
        r = rng.random()
        if r < notified:
            fate.append(0)
        else:
            miss = rng.random()
            fate.append(3 if miss < 0.05 else 2 if miss < 0.3 else 1)
    months_status = []
    for i in range(n):
        before = fate[i] - 1  # months before `month` already missed (suspended)
        row = []
        for p in plans_by_start[starts[i]]:
            if p.index < month:
                missed = p.index >= 2 and p.index >= month - before
                row.append("suspended" if missed else "paid")
            elif p.index == month:
                row.append("notified" if fate[i] == 0 else "due")
            else:
                row.append("due")
        months_status.append(row)
    copy(
        BenefitMonth,
        (
            {
                "claim_id": claims[i],
                "index": p.index,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "window_first": p.window_first.isoformat(),
                "window_last": p.window_last.isoformat(),
                "payment_due_on": p.payment_due_on.isoformat(),
                "amount": AMOUNT,
                "status": months_status[i][p.index - 1],
                "closed_at": datetime.now(UTC).isoformat() if p.index < month else None,
                "overpaid": False,
            }
            for i in range(n)
            for p in plans_by_start[starts[i]]
        ),
    )
    with connection.cursor() as cursor:
        # Suspended months had their installment cancelled; the rest are linked by number.
        cursor.execute(
            "DELETE FROM claims_paymentinstallment i USING claims_benefitmonth m "
            "WHERE m.claim_id = i.claim_id AND m.\"index\" = i.number AND m.status = 'suspended'"
        )
        cursor.execute(
            "UPDATE claims_benefitmonth m SET installment_id = i.id FROM claims_paymentinstallment i "
            'WHERE i.claim_id = m.claim_id AND i.number = m."index"'
        )
        cursor.execute(
            "UPDATE claims_claim c SET status = 'suspended' FROM claims_benefitmonth m "
            "WHERE m.claim_id = c.id AND m.\"index\" = %s - 1 AND m.status = 'suspended'",
            [month],
        )
    notified_months = list(
        BenefitMonth.objects.filter(status="notified").values_list("pk", "claim_id", "window_first")
    )
    copy(
        MonthlyNotification,
        (
            {
                "claim_id": claim_id,
                "month_id": month_id,
                "channel": "online",
                "still_unemployed": True,
                "looked_for_work": True,
                "job_search_log": '[{"kind": "employer", "where": "Công ty A", "date": ""}]',
                "available": True,
                "recorded_by_id": users[claims.index(claim_id)] if n <= 2000 else signer.pk,
                "notified_at": datetime(w.year, w.month, w.day, 2, tzinfo=UTC).isoformat(),
            }
            for month_id, claim_id, w in notified_months
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"filled {n:,} periods in {time.perf_counter() - started:.0f} s", flush=True)


def fill_store(n: int, *, seed: int) -> int:
    """The social-security store: every period's person; for NEW_JOB_SHARE of them a contract
    with a new employer from 2026-04-20 and its contributions (the store's new job)."""
    from django.db import connections

    from eligibility.records.models import Contribution, Employer, EmploymentSpell, Person
    from eligibility.records.router import ALIAS

    rng = random.Random(seed + 1)
    with connections[ALIAS].cursor() as cursor:
        for table in ("contribution", "employmentspell", "benefitrecord", "person", "employer"):
            cursor.execute(f"DELETE FROM social_security_{table}")  # noqa: S608 - fixed names
    former = Employer.objects.using(ALIAS).create(
        tax_code=FORMER_EMPLOYER,
        name="Công ty TNHH May mặc Bench",
        province_code="24",
        wage_region="II",
        wage_regime="enterprise",
        sector="may mặc",
        ownership="private",
    )
    new = Employer.objects.using(ALIAS).create(
        tax_code=NEW_EMPLOYER,
        name="Công ty Mới Bench",
        province_code="24",
        wage_region="II",
        wage_regime="enterprise",
        sector="điện tử",
        ownership="private",
    )
    people = [
        Person(
            personal_id=f"{200000000000 + i:012d}",
            social_insurance_code=f"{3000000000 + i:010d}",
            full_name=f"Người lao động {i}",
            birth_date=date(1990, 1, 1),
            sex="F",
        )
        for i in range(n)
    ]
    Person.objects.using(ALIAS).bulk_create(people, batch_size=5000)
    ids = dict(Person.objects.using(ALIAS).values_list("personal_id", "pk"))
    hired = [i for i in range(n) if rng.random() < NEW_JOB_SHARE]
    spells, contributions = [], []
    for i in hired:
        person_id = ids[f"{200000000000 + i:012d}"]
        spells.append(
            EmploymentSpell(
                person_id=person_id,
                employer=new,
                contract_type="indefinite",
                start_date=date(2026, 4, 20),
            )
        )
        for month in (date(2026, 4, 1), date(2026, 5, 1)):
            contributions.append(
                Contribution(
                    person_id=person_id, employer=new, month=month, insured_salary=7_000_000
                )
            )
    EmploymentSpell.objects.using(ALIAS).bulk_create(spells, batch_size=5000)
    Contribution.objects.using(ALIAS).bulk_create(contributions, batch_size=5000)
    del former
    return len(hired)


def backend_cpu() -> float:
    """CPU seconds (user + system, /proc) used so far by this process's PostgreSQL backends
    (the portal's and the store's connections; the server runs on this machine)."""
    from django.db import connections

    from eligibility.records.router import ALIAS

    total = 0.0
    for alias in ("default", ALIAS):
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:  # a server on another machine: no figure
            return float("nan")
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cycle(n: int, *, month: int) -> float:
    from django.db.models import Count

    from claims.payments import services as payments
    from claims.payments.models import PaymentOrder
    from claims.period import detection
    from claims.period import services as period
    from claims.period.models import BenefitMonth

    plans = BenefitMonth.objects.filter(index=month)
    window_closed = max(plans.values_list("window_last", flat=True)) + timedelta(days=1)
    pay_day = max(plans.values_list("payment_due_on", flat=True))
    load0 = os.getloadavg()[0]
    steps: list[tuple[str, float, float, float]] = []

    def step(name: str, work: Any) -> Any:
        """Run one step; record its wall time, this process's CPU and its backends' CPU."""
        db, cpu, t = backend_cpu(), _cpu(), time.perf_counter()
        result = work()
        steps.append((name, time.perf_counter() - t, _cpu() - cpu, backend_cpu() - db))
        return result

    closed = step("windows closed", lambda: period.windows_close(on=window_closed))
    step(
        "sweep (link, paid months)",
        lambda: (period.installments_link(), period.months_paid_sync()),
    )
    released = step("payments released", lambda: payments.payments_release_due(today=pay_day))
    found = step("new jobs detected in the store", lambda: detection.new_jobs_detect(today=pay_day))
    wall, cpu, db = (sum(s[i] for s in steps) for i in (1, 2, 3))
    load1 = os.getloadavg()[0]
    for name, seconds, own, backend in steps:
        print(f"  {name}: {seconds:.2f} s (CPU: bench {own:.2f} s, PostgreSQL {backend:.2f} s)")
    print(
        f"  suspended {closed.suspended:,} months, ended {closed.ended:,} periods, kept "
        f"{closed.kept:,}; released {len(released):,} orders; store: {found.looked_at:,} "
        f"looked up, {found.found:,} new jobs (terminations proposed), {found.errors} errors"
    )
    # Checks: no order for a suspended month; exactly one for each notified month k.
    bad = PaymentOrder.objects.filter(
        installment__benefit_month__status__in=["suspended", "ended"]
    ).count()
    doubles = (
        PaymentOrder.objects.values("installment_id")
        .annotate(c=Count("id"))
        .filter(c__gt=1)
        .count()
    )
    notified = BenefitMonth.objects.filter(index=month, status="notified").count()
    ordered = PaymentOrder.objects.filter(installment__number=month).count()
    print(
        f"  checks: orders for suspended/ended months {bad}, doubled {doubles}, "
        f"notified month-{month} periods {notified:,} = orders {ordered:,}: "
        f"{'ok' if bad == 0 and doubles == 0 and notified == ordered else 'MISMATCH'}"
    )
    if bad or doubles or notified != ordered:
        raise SystemExit("the cycle paid what the rules do not pay")
    print(f"  cycle: {wall:.2f} s wall, {wall / n * 1000:.3f} ms per period")
    print(f"  CPU: {cpu:.2f} s ({cpu / n * 1000:.3f} ms CPU per period, this process)")
    print(f"  PostgreSQL CPU: {db:.2f} s (this process's backends, /proc)")
    print(f"  load average (1 min): {load0:.2f} at the start, {load1:.2f} at the end")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--periods", type=int, default=SCALE)
    parser.add_argument("--month", type=int, default=3, choices=range(2, 7))
    parser.add_argument("--notified", type=float, default=0.9)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="start from the kept fill of the same sizes if there is one (and keep this one)",
    )
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("bench/benefit_month.py needs PostgreSQL (DATABASE_URL=postgres://...)")
    url = bench_url(args.database_url)
    tag = (
        f"benefit_month fill: periods={args.periods} month={args.month} "
        f"notified={args.notified} seed={args.seed}"
    )
    restored = args.reuse and snapshot_restore(url, tag)
    setup_django(url)
    from django.core.management import call_command

    call_command("ensure_databases", verbosity=0)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("migrate", database="social_security", verbosity=0, interactive=False)
    if restored:
        print("filled: reused the kept fill (--reuse)", flush=True)
    else:
        fill(args.periods, month=args.month, notified=args.notified, seed=args.seed)
        if args.reuse:
            snapshot_save(url, tag)
    store = f"benefit_month store: periods={args.periods} seed={args.seed}"
    if args.reuse and store_tag() == store:
        from eligibility.records.models import EmploymentSpell
        from eligibility.records.router import ALIAS

        hired = EmploymentSpell.objects.using(ALIAS).filter(employer__tax_code=NEW_EMPLOYER).count()
    else:
        store_tag("")
        hired = fill_store(args.periods, seed=args.seed)
        store_tag(store)
    print(f"store: {args.periods:,} people, {hired:,} with a new job", flush=True)
    wall = cycle(args.periods, month=args.month)
    projected = wall / args.periods * SCALE
    print(f"benefit month cycle: {projected:.1f} s per 100,000 periods (goal <= {GOAL_S:.0f} s)")


if __name__ == "__main__":
    main()
