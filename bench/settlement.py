"""Time the payment path end to end: `python bench/settlement.py [--orders 2600] [--fail-5xx 0.1]`.

The seed's factory closure: `--orders` approved claims (one worker each) whose first month is
due today. The bench starts the settlement-office simulator as its own process (answering
`--fail-5xx` of the orders with a 5xx, so they are retried), serves the portal's callback
endpoint from a threaded WSGI server in this process, then releases every due installment and
sends the orders through the real path:

- with REDIS_URL set: a Celery worker subprocess (`--concurrency` prefork children) on Redis,
  the release's chunks of 200 orders (`payment_orders_send`) each sent as batch requests of
  100 orders (ADR 0026), the orders to retry queued again by Celery countdown (settings'
  backoff); the office calls back in batches of up to 50 events;
- without it: `--concurrency` threads calling the same send service, retries when due.

It prints the orders per second accepted by the office and the time until all of them are
paid (the office's callbacks applied by the portal), and checks each was paid exactly once. The
database is PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/trocap_bench_pay;
created and migrated if missing; its claims and payments are wiped first). It asserts nothing
about time.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/queue.py would shadow the standard library's `queue` (threads, Django): take this
# script's folder off the path before anything imports it, and put the project root on it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from datetime import timedelta  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/trocap_bench_pay"
ROOT = Path(__file__).resolve().parent.parent


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()


def prepare(count: int) -> list[int]:
    """Wipe the bench database's claims, then create `count` approved claims with schedules."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from claims.core.transitions import Status
    from claims.decisions.models import Decision
    from claims.filing.forms import name_key
    from claims.models import Claim, Proposal
    from claims.payments.models import PaymentInstallment
    from claims.payments.services import schedule_plan
    from identity.models import EmploymentServiceCenter, User

    call_command("ensure_databases", verbosity=0)
    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE claims_paymentcallback, claims_paymentorder, claims_paymentinstallment, "
            "claims_notification, claims_claimevent, claims_proposal, claims_staffaccesslog, "
            "claims_claimdocument, claims_claimflag, claims_claim CASCADE"
        )
    center, _ = EmploymentServiceCenter.objects.get_or_create(
        province_code="24", defaults={"code": "ttdvvl-24", "name": "Trung tâm DVVL Bắc Ninh"}
    )
    signer, _ = User.objects.get_or_create(
        username="bench-signer", defaults={"role": User.Role.SIGNER, "center": center}
    )
    User.objects.filter(username__startswith="bench-worker-").delete()
    now = timezone.now()
    today = timezone.localdate()
    started = time.perf_counter()
    with transaction.atomic():
        citizens = User.objects.bulk_create(
            User(
                username=f"bench-worker-{i:05d}",
                role=User.Role.CITIZEN,
                personal_id=f"9{i:011d}",
                identity_level=2,
                full_name=f"Công nhân {i:05d}",
            )
            for i in range(count)
        )
        claims = Claim.objects.bulk_create(
            Claim(
                citizen=citizen,
                personal_id=citizen.personal_id,
                center=center,
                status=Status.DECISION_ISSUED,
                reference=f"TCTN-2026-{i + 1:06d}",
                monthly_benefit=4_200_000 + (i % 7) * 100_000,
                duration_months=3,
                decided_at=now,
                answers={
                    "payment": {
                        "method": "bank",
                        "bank_code": "VCB",
                        "account_number": f"01{i:010d}",
                        "account_holder": name_key(citizen.full_name),
                    }
                },
            )
            for i, citizen in enumerate(citizens)
        )
        proposals = Proposal.objects.bulk_create(
            Proposal(
                claim=claim,
                kind=Proposal.Kind.APPROVE,
                proposed_by=signer,
                monthly_benefit=claim.monthly_benefit,
                duration_months=3,
                entitlement_start=today,
                entitlement_end=today + timedelta(days=90),
                outcome=Proposal.Outcome.SIGNED,
                decided_by=signer,
                decided_at=now,
            )
            for claim in claims
        )
        # Payments follow the signed decision (ADR 0012): each claim has one, issued.
        Decision.objects.bulk_create(
            Decision(
                claim=claim,
                proposal=proposal,
                kind=Decision.Kind.APPROVAL,
                center=center,
                year=today.year,
                sequence=i + 1,
                number=f"{i + 1}/QĐ-TTDVVL",
                issued_on=today,
                signer=signer,
                signer_name="Bench",
                signer_title="GIÁM ĐỐC",
                verification_code=f"B{i:09d}",
                state=Decision.State.ISSUED,
                signed_at=now,
            )
            for i, (claim, proposal) in enumerate(zip(claims, proposals, strict=True))
        )
        PaymentInstallment.objects.bulk_create(
            PaymentInstallment(claim=claim, **planned.__dict__)
            for claim in claims
            for planned in schedule_plan(
                start=today, months=3, amount=claim.monthly_benefit or 0, decided_on=today
            )
        )
    print(f"prepared {count:,} approved claims in {time.perf_counter() - started:.1f} s")
    return [c.pk for c in claims]


def serve_portal(url: str, workers: int, log: Path) -> tuple[str, subprocess.Popen | None]:
    """The portal as production serves it (gunicorn processes, threads): callbacks land here.

    `workers` 0 serves it from threads of this process instead (no gunicorn needed).
    """
    if workers == 0:
        from django.core.handlers.wsgi import WSGIHandler
        from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

        class Quiet(WSGIRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

        httpd = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
        httpd.daemon_threads = True
        httpd.set_app(WSGIHandler())
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        host, port = httpd.server_address[:2]
        return f"http://{host!s}:{port}", None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gunicorn = Path(sys.executable).parent / "gunicorn"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0"}
    with open(log, "ab") as out:
        process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
            [
                str(gunicorn),
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                f"--workers={workers}",
                "--threads=4",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return base, process
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the portal did not start: {log.read_text(errors='replace')[-2000:]}")


def start_worker(url: str, office_url: str, concurrency: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SETTLEMENT_OFFICE_URL": office_url,
        "DJANGO_DEBUG": "0",
    }
    celery = Path(sys.executable).parent / "celery"
    with open(log, "ab") as out:
        return subprocess.Popen(  # noqa: S603 - our own venv's celery, fixed arguments
            [
                str(celery),
                "-A",
                "portal",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def drive_with_threads(concurrency: int, stop: threading.Event) -> None:
    """No broker: threads send whatever order is due, like workers would (retries when due)."""
    from django.db import close_old_connections
    from django.db.models import Q
    from django.utils import timezone

    from claims.payments.models import PaymentOrder
    from claims.payments.services import payment_order_send

    def send(order_id: int) -> None:
        try:
            payment_order_send(order_id=order_id)
        finally:
            close_old_connections()

    with ThreadPoolExecutor(concurrency) as pool:
        while not stop.is_set():
            due = list(
                PaymentOrder.objects.filter(
                    Q(status="pending", next_attempt_at__isnull=True)
                    | Q(status="pending", next_attempt_at__lte=timezone.now())
                ).values_list("pk", flat=True)[:500]
            )
            if not due:
                time.sleep(0.05)
                continue
            list(pool.map(send, due))


#: The issue's goal: every order of a 2,600-worker closure paid within this many seconds.
GOAL_SECONDS = 60
_TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> tuple[dict[int, int], dict[int, float]]:
    """Every process's parent and user + system CPU seconds (read from /proc)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / _TICKS
    return parents, times


def _tree(root: int, parents: dict[int, int]) -> set[int]:
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return tree


def cpu_seconds_of_tree(root: int) -> float:
    """User + system CPU seconds of `root` and every living descendant (read from /proc): the
    portal's gunicorn, the Celery worker and the simulator are all started from this process."""
    parents, times = _processes()
    return sum(times.get(pid, 0.0) for pid in _tree(root, parents))


def _role(pid: int) -> str:
    try:
        command = (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return "gone"
    for word, role in (
        (b"gunicorn", "portal"),
        (b"celery", "worker"),
        (b"settlement_office", "office"),
    ):
        if word in command:
            return role
    return "other"


def cpu_seconds_by_role(root: int) -> dict[str, float]:
    """CPU seconds of this process ("bench": the release and the polling) and of each child's
    tree by what it is: the portal's gunicorn (callbacks), the Celery worker (sends), the
    simulator ("office")."""
    parents, times = _processes()
    roles = {"bench": times.get(root, 0.0)}
    for child in (pid for pid, ppid in parents.items() if ppid == root):
        role = _role(child)
        roles[role] = roles.get(role, 0.0) + sum(times.get(p, 0.0) for p in _tree(child, parents))
    return roles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=2600)
    parser.add_argument("--fail-5xx", type=float, default=0.1, help="share of 5xx answers")
    parser.add_argument("--pay-delay", type=float, default=0.05, help="office's seconds to pay")
    parser.add_argument("--duplicate-callbacks", type=float, default=0.0)
    parser.add_argument("--reorder-callbacks", type=float, default=0.0)
    parser.add_argument("--concurrency", type=int, default=4, help="worker children / threads")
    parser.add_argument(
        "--portal-workers", type=int, default=2, help="gunicorn processes (0: threads in here)"
    )
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/settlement.py needs PostgreSQL (DATABASE_URL): concurrent writers")
    setup_django(url)
    from django.conf import settings
    from django.db import connection

    from claims.payments import tasks
    from claims.payments.models import PaymentOrder
    from claims.payments.services import payments_release_due
    from tests.settlement_office.support import office_orders, settlement_office_running

    redis_url = os.environ.get("REDIS_URL", "")
    prepare(args.orders)
    connection.close()
    tmp = Path(tempfile.mkdtemp(prefix="trocap-bench-settlement-"))
    portal_url, portal = serve_portal(url, args.portal_workers, tmp / "portal.log")
    settings.SETTLEMENT_CALLBACK_BASE_URL = portal_url
    flags = {
        "fail_5xx": args.fail_5xx,
        "pay_delay": args.pay_delay,
        "duplicate_callbacks": args.duplicate_callbacks,
        "reorder_callbacks": args.reorder_callbacks,
        "seed": 1,
    }
    mode = (
        f"Celery worker on Redis ({args.concurrency} children)"
        if redis_url
        else f"{args.concurrency} threads"
    )
    print(f"office: {flags}; senders: {mode}; portal: {args.portal_workers} gunicorn workers")
    with settlement_office_running(tmp, **flags) as office_url:
        settings.SETTLEMENT_OFFICE_URL = office_url
        worker = None
        stop = threading.Event()
        if redis_url:
            worker = start_worker(url, office_url, args.concurrency, tmp / "worker.log")
            time.sleep(3)  # let it connect before the burst
        else:
            tasks.payment_order_send.delay = lambda *a, **k: None  # type: ignore[method-assign]
            threading.Thread(
                target=drive_with_threads, args=(args.concurrency, stop), daemon=True
            ).start()
        try:
            cpu_before = cpu_seconds_of_tree(os.getpid())
            roles_before = cpu_seconds_by_role(os.getpid())
            started = time.perf_counter()
            released = payments_release_due()
            release_s = time.perf_counter() - started
            if len(released) < args.orders:
                sys.exit(f"only {len(released)} of {args.orders} orders were released")
            acknowledged_at = None
            deadline = started + args.timeout
            while True:
                counts = Counter(PaymentOrder.objects.values_list("status", flat=True))
                accepted = sum(counts[s] for s in ("acknowledged", "processing", "paid", "failed"))
                if acknowledged_at is None and accepted >= len(released):
                    acknowledged_at = time.perf_counter() - started
                if counts["paid"] + counts["failed"] >= len(released):
                    break
                if time.perf_counter() > deadline:
                    sys.exit(f"not all paid after {args.timeout} s: {dict(counts)}")
                time.sleep(0.1)
            all_paid_s = time.perf_counter() - started
            cpu_used = cpu_seconds_of_tree(os.getpid()) - cpu_before
            roles_after = cpu_seconds_by_role(os.getpid())
        except BaseException:
            if portal is not None:  # a bench that stops early leaves no server behind
                os.killpg(portal.pid, signal.SIGTERM)
                portal.wait(30)
            raise
        finally:
            stop.set()
            if worker is not None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(30)
        attempts = list(PaymentOrder.objects.values_list("attempts", flat=True))
        office = office_orders(office_url)
        if portal is not None:
            os.killpg(portal.pid, signal.SIGTERM)
            portal.wait(30)
    paid = counts["paid"]
    times_paid = Counter(o["times_paid"] for o in office)
    print(f"orders released:            {len(released):,} in {release_s:.1f} s")
    print(f"accepted by the office:     {accepted:,} in {acknowledged_at:.1f} s")
    print(f"  orders per second:        {len(released) / (acknowledged_at or 1):.0f}")
    print(f"all paid (callbacks applied): {all_paid_s:.1f} s  ({paid / all_paid_s:.0f} paid/s)")
    print(f"paid {paid:,}, failed {counts['failed']:,}")
    print(f"send attempts: {sum(attempts):,} ({sum(1 for a in attempts if a > 1):,} retried)")
    print(f"office: {len(office):,} orders, times_paid {dict(sorted(times_paid.items()))}")
    once = times_paid.get(1, 0) == paid and set(times_paid) <= {0, 1}
    print(f"each paid order paid exactly once: {once}")
    print(
        f"CPU time per order: {cpu_used * 1000 / max(1, len(released)):.1f} ms "
        "(portal, worker, simulator and this process together)"
    )
    per_role = ", ".join(
        f"{role} {(roles_after[role] - roles_before.get(role, 0.0)) * 1000 / max(1, len(released)):.1f}"
        for role in sorted(roles_after)
    )
    print(f"  of which, ms per order: {per_role}")
    cores = os.cpu_count() or 1
    print(
        f"all paid from CPU time on {cores} cores (every process busy all along): "
        f"{cpu_used / cores:.0f} s; load average at the end: "
        + " ".join(f"{v:.1f}" for v in os.getloadavg())
    )
    print(f"all {len(released):,} orders paid: {all_paid_s:.1f} s (goal <= {GOAL_SECONDS} s)")


if __name__ == "__main__":
    main()
