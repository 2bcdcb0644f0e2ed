"""Time the statistics at scale: `python bench/statistics_pages.py [--claims 1000000] [--repeat 20]`.

Fills PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/trocap_bench) with
`--claims` generated claims through bench/staff_queue.py's generator (COPY in batches; reused
when already there), gives each a statistics profile with one INSERT ... SELECT (sex, age band,
sector and contract type drawn in SQL: the generated people are not in the store), then times
a full summary refresh (stats.refresh.summaries_refresh) and, as a national analyst through
the Django test client, the dashboard, every table, the spending page and the public page:
median and p95 per page, CPU time per page, and last the slowest page's p95 against the goal.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file shares its name with the standard library's `statistics`: take the script's own
# folder off the path before anything imports it, and put the project root on it.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402

GOAL_P95_MS = 200

# The queue bench's generator and Django set-up, loaded from its file (bench/ is no package).
_spec = importlib.util.spec_from_file_location("bench_staff_queue", HERE / "staff_queue.py")
assert _spec and _spec.loader
staff_queue = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(staff_queue)

PROFILE_SQL = """
INSERT INTO stats_claimprofile
    (claim_id, sex, age_band, sector, contract_type, filed_month, decided_month,
     decision_days, decided_in_time)
SELECT c.id,
       CASE WHEN random() < 0.52 THEN 'F' ELSE 'M' END,
       (ARRAY['u25','25_34','35_44','45_54','55p'])[1 + floor(random() * 5)::int],
       (ARRAY['Dệt may','Da giày','Điện tử','Chế biến thực phẩm','Xây dựng','Bán lẻ',
              'Logistics','Cơ khí'])[1 + floor(random() * 8)::int],
       (ARRAY['indefinite','fixed_term','seasonal'])[1 + floor(random() * 3)::int],
       date_trunc('month', c.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
       CASE WHEN c.decided_at IS NULL THEN NULL
            ELSE date_trunc('month', c.decided_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END,
       CASE WHEN c.decided_at IS NULL THEN NULL
            ELSE GREATEST(0, (c.decided_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                          - (c.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) END,
       CASE WHEN c.decided_at IS NULL OR c.decision_due IS NULL THEN NULL
            ELSE (c.decided_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= c.decision_due END
FROM claims_claim c
LEFT JOIN stats_claimprofile p ON p.claim_id = c.id
WHERE c.submitted_at IS NOT NULL AND p.claim_id IS NULL
"""


def cpu() -> float:
    t = os.times()
    return t.user + t.system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--refill", action="store_true")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", staff_queue.DEFAULT_URL)
    )
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("bench/statistics_pages.py needs PostgreSQL (DATABASE_URL=postgres://...)")
    staff_queue.setup_django(args.database_url)
    # Django's modules are imported once setup_django has configured it.
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import connection
    from django.test import Client

    from claims.models import Claim
    from identity.models import EmploymentServiceCenter, User
    from stats.dimensions import DIMENSIONS
    from stats.models import ClaimProfile
    from stats.refresh import summaries_refresh

    staff_queue.ensure_schema()
    have = Claim.objects.filter(rule_set="bench").count()
    if args.refill or have != args.claims:
        print(f"filling {args.claims:,} claims (found {have:,})", flush=True)
        ClaimProfile.objects.all().delete()
        staff_queue.fill(args.claims, args.seed)
    else:
        print(f"reusing {have:,} generated claims (--refill to regenerate)")
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(PROFILE_SQL)
        added = cursor.rowcount
    print(f"profiles added in SQL: {added:,} in {time.perf_counter() - t0:.1f} s", flush=True)

    t0, c0 = time.perf_counter(), cpu()
    state = summaries_refresh()
    print(
        f"full summary refresh: {time.perf_counter() - t0:.1f} s "
        f"(portal CPU {cpu() - c0:.1f} s; {state.claims_counted:,} claims counted)",
        flush=True,
    )

    user, _created = User.objects.get_or_create(
        username="bench-analyst", defaults={"role": "analyst"}
    )
    if not Authenticator.objects.filter(user=user).exists():
        TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    pages = ["/thong-ke/", *[f"/thong-ke/{d.slug}/" for d in DIMENSIONS]]
    pages += ["/thong-ke/chi-tra/", "/thong-ke/cong-khai/", "/api/v1/stats/tables/province/"]
    # The center dashboard (/can-bo/tong-quan/), as an officer of the Bắc Ninh center.
    officer, _created = User.objects.get_or_create(
        username="bench-officer-stats",
        defaults={
            "role": "officer",
            "center": EmploymentServiceCenter.objects.get(province_code=staff_queue.BENCH_CENTER),
        },
    )
    if not Authenticator.objects.filter(user=officer).exists():
        TOTP.activate(officer, generate_totp_secret())
    center_client = Client()
    center_client.force_login(officer)
    worst = 0.0
    for page in [*pages, "/can-bo/tong-quan/"]:
        client_for_page = center_client if page.startswith("/can-bo/") else client
        for _ in range(2):
            response = client_for_page.get(page)
            if response.status_code != 200:
                raise SystemExit(f"{page}: HTTP {response.status_code}")
        samples = []
        c0 = cpu()
        for _ in range(args.repeat):
            t = time.perf_counter()
            client_for_page.get(page)
            samples.append((time.perf_counter() - t) * 1000)
        cpu_ms = (cpu() - c0) * 1000 / args.repeat
        samples.sort()
        p95 = samples[min(len(samples) - 1, max(0, round(0.95 * len(samples)) - 1))]
        median = samples[len(samples) // 2]
        worst = max(worst, p95)
        print(f"{page}: median {median:.1f} ms, p95 {p95:.1f} ms, CPU {cpu_ms:.1f} ms/page")
    print(f"statistics pages p95: {worst:.1f} ms (goal <= {GOAL_P95_MS} ms)")


if __name__ == "__main__":
    main()
