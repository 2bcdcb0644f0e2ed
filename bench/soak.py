"""Soak: `make run` stays up for N minutes while claims are filed, decided, signed and paid.

    python bench/soak.py                      # 20 minutes, 20 claims a minute
    python bench/soak.py --minutes 2 --claims-per-minute 6 --light    # the test suite's run

Starts `make run` (setup, demo data without demo claims, then `make serve` under supervisord:
gunicorn portal and mock VNeID, interactive and bulk Celery workers, beat, the simulator, the
embedded Redis) on free ports of 127.0.0.1 in a temporary TROCAP_VAR_DIR. Then, every minute,
it files claims for the factory's workers through the citizen's filing services (in this
process, on the stack's own SQLite databases and broker), and an officer and a signer propose
and sign each one: the stack's workers render and sign the decisions, beat and the payments
code send the orders to the simulator, which pays and calls the portal back.

It prints what happened per minute, then waits for the work to settle and checks: every
process of the stack is alive and was never restarted, every claim it filed is in a final or
expected state (decision issued and signed, paying), and every payment order was paid exactly
once (the simulator's own count). CPU per claim is read from /proc for the stack's processes.
The last line counts the problems found (goal 0). Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The project's root instead of bench/ first on the path (a bench module must not shadow the
# standard library's).
ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

import psutil  # noqa: E402

from portal.stack import SHARED_SERVER_VARIABLES, Stack, free_port_base  # noqa: E402

#: Claims that are done for this soak: decided and signed; paying once the first order is out.
EXPECTED_STATES = {"decision_issued", "paying", "completed", "rejected"}
#: A refusal's reason when the engine has no figures to grant (claims.review.services.REFUSAL_REASONS).
REFUSAL_CODE = "not_enough_months"
LIGHT = {
    "WEB_CONCURRENCY": "2",
    "GUNICORN_THREADS": "4",
    "MOCK_VNEID_WORKERS": "1",
    "CELERY_BULK_CONCURRENCY": "1",
    "CELERY_INTERACTIVE_CONCURRENCY": "4",
}


@dataclass
class Minute:
    filed: int = 0
    approved: int = 0
    refused: int = 0
    signed: int = 0
    errors: Counter[str] = field(default_factory=Counter)


def stack_cpu_seconds(stack: Stack) -> float:
    """User + system CPU of supervisord's programs and their children, now alive."""
    total = 0.0
    for info in stack.processes().values():
        if not info["pid"]:
            continue
        try:
            parent = psutil.Process(info["pid"])
            for proc in [parent, *parent.children(recursive=True)]:
                times = proc.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            continue
    return total


def setup_django(var: Path, port: int) -> None:
    for name in SHARED_SERVER_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(
        TROCAP_VAR_DIR=str(var),
        SITE_URL=f"http://127.0.0.1:{port}",
        VNEID_ISSUER=f"http://127.0.0.1:{port + 1}/mock-vneid",
        SETTLEMENT_OFFICE_URL=f"http://127.0.0.1:{port + 10}",
        DJANGO_SETTINGS_MODULE="portal.settings",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()


def staff_for(center: Any) -> tuple[Any, Any]:
    from identity.models import User

    officer, _ = User.objects.get_or_create(
        username="soak-officer",
        defaults={"role": User.Role.OFFICER, "center": center, "full_name": "Soak Officer"},
    )
    signer, _ = User.objects.get_or_create(
        username="soak-signer",
        defaults={"role": User.Role.SIGNER, "center": center, "full_name": "Soak Signer"},
    )
    return officer, signer


def file_decide_sign(person: Any, staff: dict[str, Any], minute: Minute) -> int | None:
    """One worker's claim filed, proposed and signed; returns the claim's id."""
    import claims.review.services as review
    from demo.management.commands.demo_claims import citizen_from_vneid, file_claim

    claim = file_claim(citizen_from_vneid(person))
    minute.filed += 1
    if "officer" not in staff:
        staff["officer"], staff["signer"] = staff_for(claim.center)
    officer, signer = staff["officer"], staff["signer"]
    claim = review.claim_assign(
        claim_id=claim.pk, actor=officer, assignee=officer, expected_version=claim.version
    )
    try:
        review.claim_propose_approval(
            claim_id=claim.pk, officer=officer, expected_version=claim.version
        )
        approved = True
    except review.ReviewInvalid:
        # No figures to grant (the worker is not eligible): the officer proposes a refusal,
        # which the signer signs like any decision (no payment follows).
        review.claim_propose_refusal(
            claim_id=claim.pk,
            officer=officer,
            reason_codes=[REFUSAL_CODE],
            explanation="Chưa đủ thời gian đóng bảo hiểm thất nghiệp theo quy định.",
            expected_version=claim.version,
        )
        approved = False
    claim.refresh_from_db()
    review.proposal_sign(claim_id=claim.pk, signer=signer, expected_version=claim.version)
    minute.signed += 1
    # Counted once signed: the orders the settling waits for are those of signed approvals.
    if approved:
        minute.approved += 1
    else:
        minute.refused += 1
    return claim.pk


def progress(claim_ids: list[int]) -> dict[str, int]:
    from claims.decisions.models import Decision
    from claims.payments.models import PaymentOrder

    return {
        "decisions_signed": Decision.objects.filter(claim_id__in=claim_ids)
        .exclude(sha256="")
        .count(),
        "orders": PaymentOrder.objects.filter(claim_id__in=claim_ids).count(),
        "orders_paid": PaymentOrder.objects.filter(claim_id__in=claim_ids, status="paid").count(),
    }


def office_orders(base_url: str) -> list[dict[str, Any]]:
    import requests

    orders: list[dict[str, Any]] = []
    since = 0
    while True:
        response = requests.get(f"{base_url}/api/orders", params={"since_id": since}, timeout=30)
        response.raise_for_status()
        page = response.json()["orders"]
        if not page:
            return orders
        orders.extend(page)
        since = max(o["id"] for o in page)


def check(stack: Stack, start_pids: dict[str, int], claim_ids: list[int], port: int) -> list[str]:
    from claims.decisions.models import Decision
    from claims.models import Claim
    from claims.payments.models import PaymentOrder

    problems = []
    for name, info in stack.processes().items():
        if info["statename"] != "RUNNING":
            problems.append(f"process {name} is {info['statename']}")
        elif info["pid"] != start_pids.get(name):
            problems.append(
                f"process {name} was restarted (pid {start_pids.get(name)} -> {info['pid']})"
            )
    states = Counter(Claim.objects.filter(pk__in=claim_ids).values_list("status", flat=True))
    for state, count in states.items():
        if state not in EXPECTED_STATES:
            problems.append(f"{count} claims {state}")
    unsigned = Decision.objects.filter(claim_id__in=claim_ids, sha256="").count()
    missing = len(claim_ids) - Decision.objects.filter(claim_id__in=claim_ids).count()
    if unsigned or missing:
        problems.append(f"{unsigned} decisions not signed, {missing} missing")
    orders = list(
        PaymentOrder.objects.filter(claim_id__in=claim_ids).values("idempotency_key", "status")
    )
    not_paid = Counter(o["status"] for o in orders if o["status"] != "paid")
    if not_paid:
        problems.append(f"orders not paid: {dict(not_paid)}")
    office = {o["idempotency_key"]: o for o in office_orders(f"http://127.0.0.1:{port + 10}")}
    for order in orders:
        held = office.get(str(order["idempotency_key"]))
        times = held["times_paid"] if held else 0
        if times != 1:
            problems.append(f"order {order['idempotency_key']} paid {times} times at the office")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--claims-per-minute", type=int, default=20)
    parser.add_argument("--port", type=int, default=0, help="PORT of the stack (default: free)")
    parser.add_argument("--var-dir", default="", help="TROCAP_VAR_DIR (default: temporary)")
    parser.add_argument("--settle", type=float, default=360.0, help="seconds to let work finish")
    parser.add_argument("--light", action="store_true", help="fewer processes (a busy machine)")
    parser.add_argument("--keep", action="store_true", help="keep the var dir afterwards")
    args = parser.parse_args()

    port = args.port or free_port_base(9300)
    var = Path(args.var_dir or tempfile.mkdtemp(prefix="trocap-soak-"))
    var.mkdir(parents=True, exist_ok=True)
    env = {"DEMO_DATA_ARGS": "--claims 0", "GUNICORN_ACCESS_LOG": ""}
    if args.light:
        env.update(LIGHT)
    log = open(var / "stack.log", "wb")  # noqa: SIM115 - closed in finally
    stack = Stack(port=port, var_dir=var, target="run", env=env, log=log)
    print(f"make run on PORT={port} (mock {port + 1}, simulator {port + 10}), var {var}")
    started = time.monotonic()
    stack.start()
    problems: list[str] = []
    claim_ids: list[int] = []
    try:
        start_view = stack.wait_running(timeout=1200)
        start_pids = {name: info["pid"] for name, info in start_view.items()}
        print(f"stack up in {time.monotonic() - started:.0f} s: {', '.join(sorted(start_pids))}")
        setup_django(var, port)
        from demo.generator import stored_closure_date
        from demo.management.commands.demo_claims import factory_worker_ids
        from identity.mock_vneid.models import PopulationRecord

        pending = iter(
            PopulationRecord.objects.filter(
                personal_id__in=factory_worker_ids(stored_closure_date()), identity_level__gte=2
            ).order_by("personal_id")
        )
        cpu_start = stack_cpu_seconds(stack)
        staff: dict[str, Any] = {}
        interval = 60.0 / args.claims_per_minute
        totals = Minute()
        soak_start = time.monotonic()
        for number in range(1, math.ceil(args.minutes) + 1):
            minute = Minute()
            minute_end = soak_start + min(number * 60.0, args.minutes * 60)
            next_claim = time.monotonic()
            while time.monotonic() < minute_end:
                if time.monotonic() >= next_claim:
                    next_claim += interval
                    person = next(pending, None)
                    if person is None:
                        minute.errors["no worker left to file for"] += 1
                        break
                    try:
                        claim_id = file_decide_sign(person, staff, minute)
                        if claim_id:
                            claim_ids.append(claim_id)
                    except Exception as exc:  # counted and shown, the soak goes on
                        minute.errors[f"{type(exc).__name__}: {exc}"[:120]] += 1
                        if len(minute.errors) == 1:
                            traceback.print_exc()
                time.sleep(0.05)
            done = progress(claim_ids)
            view = stack.processes()
            restarts = sum(1 for n, p in view.items() if p["pid"] != start_pids.get(n))
            running = sum(1 for p in view.values() if p["statename"] == "RUNNING")
            print(
                f"minute {number:2d}: filed {minute.filed}, approved {minute.approved}, "
                f"refused {minute.refused}, signed {minute.signed}; "
                f"so far {done['decisions_signed']}/{len(claim_ids)} decisions signed, "
                f"{done['orders_paid']}/{done['orders']} orders paid; processes running "
                f"{running}/{len(view)}, restarted {restarts}; errors {sum(minute.errors.values())}"
                + (f" {dict(minute.errors)}" if minute.errors else "")
            )
            totals.filed += minute.filed
            totals.approved += minute.approved
            totals.refused += minute.refused
            totals.signed += minute.signed
            totals.errors.update(minute.errors)
        # Let the last decisions be signed and the last orders paid.
        settle_deadline = time.monotonic() + args.settle
        while time.monotonic() < settle_deadline:
            done = progress(claim_ids)
            if (
                done["decisions_signed"] == len(claim_ids)
                and done["orders"] >= totals.approved
                and done["orders_paid"] == done["orders"]
            ):
                break
            time.sleep(5)
        settled = time.monotonic() - settle_deadline + args.settle
        cpu = stack_cpu_seconds(stack) - cpu_start
        problems = check(stack, start_pids, claim_ids, port)
        if totals.errors:
            problems.append(
                f"{sum(totals.errors.values())} errors while filing: {dict(totals.errors)}"
            )
        done = progress(claim_ids)
        print(
            f"filed {totals.filed} (approved {totals.approved}, refused {totals.refused}), "
            f"signed {totals.signed}, decisions signed "
            f"{done['decisions_signed']}, orders paid {done['orders_paid']}/{done['orders']} "
            f"(settled {settled:.0f} s after the last claim)"
        )
        print(
            f"stack CPU: {cpu:.1f} s, {cpu * 1000 / max(len(claim_ids), 1):.0f} ms per claim "
            "(filed here; decided, rendered, signed and paid by the stack)"
        )
        for problem in problems[:20]:
            print(f"problem: {problem}")
    except Exception as exc:
        traceback.print_exc()
        problems.append(f"the soak itself failed: {exc}")
    finally:
        stack.stop()
        log.close()
        if not args.keep and not args.var_dir and not problems:
            shutil.rmtree(var, ignore_errors=True)
        elif problems:
            print(f"stack log: {var / 'stack.log'}")
    print(
        "soak problems (dead or restarted processes, claims not final, orders not paid "
        f"exactly once): {len(problems)} problems (goal <= 0 problems)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
