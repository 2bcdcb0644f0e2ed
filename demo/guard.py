"""The demo stack's guard: demo data (staff with known passwords, derived TOTP seeds, made-up
people) never lands in a production database unless the operator says it is a demo stack."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

DEMO_STACK_FLAG = "--demo-stack"


def add_demo_stack_option(parser: CommandParser) -> None:
    parser.add_argument(
        DEMO_STACK_FLAG,
        action="store_true",
        dest="demo_stack",
        help="allow the demo data with DJANGO_ENV=production (a demo stack, never a real one)",
    )


def demo_stack_check(*, demo_stack: bool) -> None:
    """Refuse in production unless --demo-stack was given (docker-compose.demo.yml gives it)."""
    if settings.PRODUCTION and not demo_stack:
        raise CommandError(
            "DJANGO_ENV=production: the demo data creates staff with known passwords and "
            "made-up people, so it is refused. Only a demo stack passes --demo-stack "
            "(docker-compose.demo.yml does)."
        )
