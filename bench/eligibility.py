"""Time the benefit calculator: `python bench/eligibility.py [--histories 10000] [--months 360]`.

Builds the RULES.md rule book in memory (tests/eligibility/rulebooks.py: no database, no Django
setup), generates deterministic random histories (a seeded random.Random) of `--months` months
each ending with the termination month, and prints calculations per second. It asserts nothing
about time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REASONS = (
    "contract_expired",
    "mutual_agreement",
    "employer_dismissal",
    "business_closure",
    "employee_lawful_resignation",
    "employee_unlawful_resignation",
    "disciplinary_dismissal",
    "retirement_pension",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--histories", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=360)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over all histories")
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from eligibility.calculator.dates import month_index, month_of_index
    from eligibility.calculator.engine import calculate
    from eligibility.calculator.types import ClaimFacts, Contribution
    from tests.eligibility.rulebooks import rulebook_for

    rng = random.Random(args.seed)
    started = time.perf_counter()
    cases = []
    for _ in range(args.histories):
        termination = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
        last_index = month_index(termination)
        salary = rng.randrange(3_000_000, 40_000_000, 10_000)
        contributions = []
        for back in range(args.months - 1, -1, -1):
            if rng.random() < 0.01:
                salary = min(106_200_000, int(salary * rng.uniform(1.0, 1.15)))
            contributions.append(
                Contribution(
                    month=month_of_index(last_index - back),
                    insured_salary=salary,
                    ui_paid=rng.random() > 0.15,
                )
            )
        facts = ClaimFacts(
            termination_date=termination,
            filing_date=termination + timedelta(days=rng.randrange(0, 100)),
            contract_type=rng.choice(("indefinite", "fixed_term", "seasonal")),
            termination_reason=rng.choice(REASONS),
            wage_regime=rng.choice(("enterprise", "enterprise", "state")),
            region=rng.choice(("I", "II", "III", "IV")),
            receiving_pension=rng.random() < 0.05,
        )
        cases.append((rulebook_for(termination), facts, contributions))
    generated = time.perf_counter() - started
    print(f"generated {len(cases):,} histories of {args.months} months in {generated:.2f} s")

    rates = []
    eligible = 0
    for round_number in range(1, args.rounds + 1):
        started = time.perf_counter()
        eligible = sum(1 for book, facts, rows in cases if calculate(book, facts, rows).eligible)
        elapsed = time.perf_counter() - started
        rates.append(len(cases) / elapsed)
        print(
            f"round {round_number}: {len(cases):,} calculations in {elapsed:.3f} s "
            f"= {rates[-1]:,.0f} calculations/s ({elapsed / len(cases) * 1e6:.0f} µs each)"
        )
    print(f"eligible: {eligible:,} of {len(cases):,}")
    print(f"median: {statistics.median(rates):,.0f} calculations/s")


if __name__ == "__main__":
    main()
