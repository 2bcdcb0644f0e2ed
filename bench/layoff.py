"""Time the employer's layoff notice: `python bench/layoff.py [--workers 2600] [--use-env]`.

The seed's closure: the Hanwoo Vina factory's 2,600 workers as one XLSX file, the way the
employer uploads it. The store is generated first (the demo population: its named citizens and
the factory's workers; not timed), on fresh SQLite files in a temporary directory, or on the
databases DATABASE_URL names with --use-env (emptied and filled again). Then, timed:
reading the file, checking every row against the store (the registry's bulk reads), confirming
the list (the notice's workers written), and, where the prefilled claims exist
(employers.prefill), making the prefilled claims with their signed extracts. Prints each step's
wall and CPU time, the per-row figures, and last the headline against the issue's goal.
Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

GOAL_SECONDS = 30


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Step:
    def __init__(self, name: str, rows: int) -> None:
        self.name, self.rows = name, rows

    def __enter__(self) -> Step:
        self.wall0, self.cpu0 = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = _cpu() - self.cpu0
        per_row = 1000 * self.wall / max(self.rows, 1)
        cpu_row = 1000 * self.cpu / max(self.rows, 1)
        print(
            f"{self.name:<34} {self.wall:8.2f} s wall {self.cpu:8.2f} s CPU   "
            f"{per_row:6.2f} ms/row wall {cpu_row:6.2f} ms/row CPU",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2600, help="rows of the file (<= 2600)")
    parser.add_argument("--use-env", action="store_true", help="use (and empty) the databases")
    parser.add_argument("--no-prefill", action="store_true", help="skip the prefilled claims")
    args = parser.parse_args()

    tmp = None
    if not args.use_env:
        tmp = tempfile.TemporaryDirectory(prefix="trocap-bench-layoff-")
        os.environ["TROCAP_VAR_DIR"] = tmp.name
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("SOCIAL_SECURITY_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from openpyxl import Workbook

    from demo import dataset
    from demo.generator import clear_population, generate_population
    from demo.management.commands.demo_data import ensure_centers
    from eligibility.records.models import EmploymentSpell
    from eligibility.services import rules_seed
    from employers import services
    from employers.models import EmployerColleague
    from employers.rows import FIELDS, HEADERS_VI, rows_from_file
    from identity.models import EmploymentServiceCenter, User

    call_command("migrate", verbosity=0)
    call_command("migrate", database="social_security", verbosity=0)
    if args.use_env:
        call_command("flush", interactive=False, verbosity=0)  # the portal's side, emptied too
    rules_seed()
    ensure_centers()  # the notice goes to the province's center, which the prefill needs
    print("generating the store (not timed)…", flush=True)
    clear_population()
    generate_population(seed=1, people=0)
    factory = dataset.DEMO_EMPLOYERS_BY_KEY[dataset.FACTORY_KEY]
    closure = dataset.FACTORY_CLOSURE_DATE

    spells = list(
        EmploymentSpell.objects.using("social_security")
        .filter(employer__tax_code=factory.tax_code, end_date=closure)
        .select_related("person")
        .order_by("person__personal_id")[: args.workers]
    )
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101
    sheet.append([HEADERS_VI[f] for f in FIELDS])
    for spell in spells:
        salary = 6_500_000 + (int(spell.person.personal_id[-4:]) % 40) * 100_000
        sheet.append(
            [
                spell.person.personal_id,
                spell.person.full_name,
                closure.strftime("%d/%m/%Y"),
                "business_closure",
                str(salary),
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    data = out.getvalue()
    rows = len(spells)
    print(f"file: {rows} rows, {len(data) / 1024:.0f} KiB XLSX", flush=True)

    rep, _created = User.objects.get_or_create(
        username="bench-layoff-rep",
        defaults={"role": User.Role.CITIZEN, "personal_id": "001085999001", "identity_level": 2},
    )
    EmployerColleague.objects.get_or_create(
        employer_tax_code=factory.tax_code,
        personal_id=rep.personal_id or "",
        removed_at=None,
        defaults={"full_name": "Bench", "added_by": rep},
    )
    # The center that will decide the claims (the prefilled drafts are made for it).
    EmploymentServiceCenter.objects.get_or_create(
        province_code=factory.province_code,
        defaults={
            "code": f"ttdvvl-{factory.province_code}",
            "name": dataset.center_name("Tỉnh Bắc Ninh"),
        },
    )
    # The prefilled claims are timed on their own below, not inside the confirmation.
    services.task_after_commit = lambda *a, **k: None  # type: ignore[assignment]
    notice = services.notice_create(
        actor=rep,
        tax_code=factory.tax_code,
        reason="closure",
        planned_termination_date=closure,
        notified_on=closure,
    )

    with Step("read the XLSX", rows) as read:
        parsed = rows_from_file(name="hanwoo.xlsx", data=data)
    with Step("check every row against the store", rows) as check:
        draft = services.draft_create(
            actor=rep, notice=notice, rows=parsed, source="upload", check_now=True
        )
    if draft.errors:
        print(f"rows refused: {len(draft.errors)} (first: {next(iter(draft.errors.items()))})")
        raise SystemExit(1)
    with Step("confirm the list", rows) as confirm:
        services.draft_confirm(actor=rep, draft_id=draft.pk)
    total = read.wall + check.wall + confirm.wall
    cpu = read.cpu + check.cpu + confirm.cpu
    print(f"workers on the notice: {notice.workers.count()}")
    print(f"file read, checked and confirmed: {total:.2f} s wall, {cpu:.2f} s CPU")

    if not args.no_prefill and importlib.util.find_spec("employers.prefill") is not None:
        prefill = importlib.import_module("employers.prefill")
        with Step("prefilled claims + signed extracts", rows) as made:
            summary = prefill.notice_prefill(notice_id=notice.pk)
        print(
            f"prefill: {summary.reported} workers, {summary.drafts} drafts, {summary.confirmed} "
            f"signed extracts verified, {len(summary.refused)} refused, {summary.notified} notified"
        )
        total += made.wall
        cpu += made.cpu
    else:
        print("prefilled claims: not timed (employers.prefill not installed or --no-prefill)")

    print(f"CPU time per row: {1000 * cpu / max(rows, 1):.2f} ms")
    if tmp is not None:
        tmp.cleanup()
    print(f"layoff notice of {rows} rows: {total:.2f} s (goal <= {GOAL_SECONDS} s)")


if __name__ == "__main__":
    main()
