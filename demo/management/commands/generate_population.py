"""manage.py generate_population --seed N --people M: fill the mock VNeID and the store.

`--closure-date YYYY-MM-DD` moves the whole demo scenario (the factory closure, every named
case and the store's last reported month) to another day; by default it is
demo.dataset.DEMO_CLOSURE_DATE. See the "Demo data" section of README.md.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo import dataset
from demo.generator import (
    PopulationError,
    clear_population,
    generate_population,
    population_digest,
    store_is_empty,
)

DEFAULT_SEED = 20251226  # the day the factory-closure story was published
DEFAULT_PEOPLE = 200


def closure_date_argument(value: str) -> date:
    """argparse type of --closure-date: an ISO day the demo can be anchored at."""
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc
    try:
        dataset.check_closure_date(day)
    except dataset.DemoDateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    return day


def add_closure_date_option(parser: CommandParser) -> None:
    parser.add_argument(
        "--closure-date",
        type=closure_date_argument,
        default=dataset.DEMO_CLOSURE_DATE,
        help=(
            "the day the demo factory closes, YYYY-MM-DD (default "
            f"{dataset.DEMO_CLOSURE_DATE:%Y-%m-%d}): every named demo case is dated from it and the "
            "store holds data through its month"
        ),
    )


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic population (mock VNeID citizens and their social-security "
        "records), always with the named demo citizens and the 2,600 Hanwoo Vina factory workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--people", type=int, default=DEFAULT_PEOPLE, help="random people besides the scenario"
        )
        add_closure_date_option(parser)
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--replace", action="store_true", help="empty both stand-ins first")
        parser.add_argument(
            "--digest", action="store_true", help="print a SHA-256 of the generated rows"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["people"] < 0 or options["batch_size"] < 1:
            raise CommandError("--people must be 0 or more and --batch-size at least 1")
        if not store_is_empty():
            if not options["replace"]:
                raise CommandError(
                    "The social-security store already has data; use --replace to regenerate it."
                )
            clear_population()
        try:
            stats = generate_population(
                seed=options["seed"],
                people=options["people"],
                closure_date=options["closure_date"],
                batch_size=options["batch_size"],
                progress=lambda message: self.stdout.write(f"  {message}"),
            )
        except PopulationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {stats.people} insured people ({stats.factory_workers} factory workers), "
                f"{stats.population_records} VNeID citizens, {stats.employers} employers, {stats.spells} "
                f"employment spells, {stats.contributions} monthly contributions, {stats.benefits} past "
                f"benefits in {stats.seconds:.1f} s (seed {options['seed']}, factory closed on "
                f"{options['closure_date']:%d/%m/%Y}, data through {options['closure_date']:%m/%Y})."
            )
        )
        if options["digest"]:
            self.stdout.write(population_digest())
