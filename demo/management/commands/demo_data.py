"""manage.py demo_data: the demo population, the 34 centers and demo staff; prints the logins.

Idempotent: what already exists is left as it is, so `make run` can call it every time.
The demo is anchored at demo.dataset.DEMO_CLOSURE_DATE (or --closure-date when the data is
generated); the printed cases describe the scenario actually in the store, and a warning says
how to regenerate it when today is past that scenario's filing deadline.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from claims.models import Claim
from common.provinces import PROVINCES
from demo import dataset
from demo.generator import (
    generate_population,
    same_day_months_later,
    store_is_empty,
    stored_closure_date,
)
from demo.guard import DEMO_STACK_FLAG, add_demo_stack_option, demo_stack_check
from demo.jobs import demo_jobs_ensure
from demo.layoff_notice import FACTORY_TAX_CODE, HR_NAME, HR_PERSONAL_ID, demo_notice_ensure
from demo.management.commands.generate_population import (
    DEFAULT_PEOPLE,
    DEFAULT_SEED,
    add_closure_date_option,
)
from demo.training import demo_training_ensure
from employers.models import LayoffNotice
from identity.mock_vneid.models import PopulationRecord
from identity.models import EmploymentServiceCenter, User


def ensure_centers() -> int:
    created = 0
    for code, label in PROVINCES:
        _, was_created = EmploymentServiceCenter.objects.get_or_create(
            province_code=code,
            defaults={"code": f"ttdvvl-{code}", "name": dataset.center_name(label)},
        )
        created += was_created
    return created


def ensure_staff() -> int:
    created = 0
    for staff in dataset.DEMO_STAFF:
        with transaction.atomic():
            user = User.objects.filter(username=staff.username).first()
            if user is None:
                user = User(username=staff.username, role=staff.role, first_name=staff.full_name)
                user.full_name = staff.full_name
                if staff.province_code:
                    user.center = EmploymentServiceCenter.objects.get(
                        province_code=staff.province_code
                    )
                if staff.role == User.Role.ADMIN:
                    user.is_staff = True
                    user.is_superuser = True
                user.set_password(staff.password)
                user.save()
                created += 1
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, staff.totp_secret)
    return created


class Command(BaseCommand):
    help = "Load the demo data (once) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--people", type=int, default=DEFAULT_PEOPLE)
        add_closure_date_option(parser)
        parser.add_argument("--quiet", action="store_true", help="do not print the logins")
        add_demo_stack_option(parser)
        parser.add_argument(
            "--claims",
            type=int,
            default=None,
            help="how many factory workers' claims demo_claims files (default its 600; 0: none, "
            "and no layoff notice either)",
        )
        parser.add_argument(
            "--no-layoff-notice",
            action="store_true",
            help="skip the factory's layoff notice and the prefilled claims of its other workers",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        demo_stack_check(demo_stack=options["demo_stack"])
        already = (
            not store_is_empty()
            or PopulationRecord.objects.filter(
                personal_id=dataset.demo_citizen("clean").personal_id
            ).exists()
        )
        if already:
            self.stdout.write("Demo population already present: left as it is.")
        else:
            stats = generate_population(
                seed=options["seed"], people=options["people"], closure_date=options["closure_date"]
            )
            self.stdout.write(
                f"Generated {stats.people} insured people ({stats.factory_workers} workers of "
                f"{dataset.FACTORY_NAME}), {stats.contributions} monthly contributions in {stats.seconds:.1f} s."
            )
        centers = ensure_centers()
        staff = ensure_staff()
        if centers or staff:
            self.stdout.write(
                f"Created {centers} employment service centers and {staff} staff accounts."
            )
        closure = stored_closure_date() or options["closure_date"]
        try:
            dataset.check_closure_date(closure)
        except dataset.DemoDateError:
            closure = options["closure_date"]  # a store not made by the generator
        self.warn_if_stale(closure)
        self.file_claims(
            store_created=not already, count=options["claims"], demo_stack=options["demo_stack"]
        )
        if not options["no_layoff_notice"] and options["claims"] != 0:
            self.layoff_notice()
        demo_training_ensure()  # the training catalogue (issue 18), before jobs links its courses
        demo_jobs_ensure()  # the jobs catalogue (issue 18): vacancies, fairs, EPS and IM Japan
        if not options["quiet"]:
            self.print_logins(closure)

    def file_claims(self, *, store_created: bool, count: int | None, demo_stack: bool) -> None:
        """The factory's claims in the queue (claims' demo_claims), once: when the store was
        just made or no claim exists yet, and only from the closure day (jobs must have ended)."""
        if count == 0 or (not store_created and Claim.objects.exists()):
            return
        closure = stored_closure_date()
        if closure is None or timezone.localdate() < closure:
            return
        args = [] if count is None else ["--count", str(count)]
        if demo_stack:
            args.append(DEMO_STACK_FLAG)
        call_command("demo_claims", *args, stdout=self.stdout)

    def layoff_notice(self) -> None:
        """The factory's layoff notice, filed by its HR on the closure day (issue 17): every
        worker without a claim finds one prefilled, confirmed by the agency's signature."""
        closure = stored_closure_date()
        if closure is None or timezone.localdate() < closure:
            return
        made = demo_notice_ensure(closure=closure)
        if made.created and made.prefill is not None:
            self.stdout.write(
                f"Layoff notice {made.notice.reference} of {dataset.FACTORY_NAME}: "
                f"{made.notice.workers.count()} workers listed, {made.prefill.drafts} prefilled "
                f"claims ({made.prefill.confirmed} confirmed by the agency's signed extract)."
            )

    def warn_if_stale(self, closure: date) -> None:
        """Today past the scenario's filing deadline: every demo claim would be filed late."""
        last_day = same_day_months_later(closure, 3)
        if timezone.localdate() > last_day:
            self.stdout.write(
                self.style.WARNING(
                    f"The demo data are anchored at {closure:%d/%m/%Y}: claims filed after "
                    f"{last_day:%d/%m/%Y} are late. Regenerate them for a recent day with "
                    "`python manage.py generate_population --replace --closure-date YYYY-MM-DD` "
                    "(see README.md, Demo data)."
                )
            )

    def print_logins(self, closure: date) -> None:
        out = self.stdout.write
        out("")
        out(self.style.SUCCESS(f"TroCap is at {settings.SITE_URL}/"))
        out("")
        out(f"Citizens (log in with VNeID; password {dataset.DEMO_PASSWORD} for everyone):")
        out(f"  {'personal ID':<14}{'level':<7}{'name':<20}case")
        for c in dataset.demo_citizens(closure):
            out(
                f"  {c.personal_id:<14}{c.identity_level:<7}{c.full_name:<20}{c.case}: {c.description}"
            )
        out(
            f"  (and {dataset.FACTORY_WORKERS - 1} more workers of {dataset.FACTORY_NAME}, closed on "
            f"{closure:%d/%m/%Y}, plus the random population)"
        )
        out(
            f"  Data through {dataset.data_through_for(closure):%m/%Y}; claims about the closure "
            f"can be filed until {same_day_months_later(closure, 3):%d/%m/%Y}."
        )
        if LayoffNotice.objects.filter(employer_tax_code=FACTORY_TAX_CODE).exists():
            out(
                f"  Workers of {dataset.FACTORY_NAME} without a claim find theirs prefilled from "
                "the factory's layoff notice (Hồ sơ của tôi)."
            )
        out("")
        out(f"Employer ({dataset.FACTORY_NAME}, MST {FACTORY_TAX_CODE}):")
        out(
            f"  {HR_PERSONAL_ID:<14}{HR_NAME}, HR manager: log in with VNeID (password "
            f"{dataset.DEMO_PASSWORD}); the factory's layoff notice and its workers"
        )
        out(
            f"  or as the organisation at {settings.SITE_URL}/doanh-nghiep/dang-nhap/ "
            f"(VNeID organisation account: tax code {FACTORY_TAX_CODE}, password "
            f"{dataset.DEMO_PASSWORD})"
        )
        out("")
        out(
            f"Staff (log in at {settings.SITE_URL}/accounts/login/; password {dataset.DEMO_STAFF_PASSWORD}):"
        )
        out(f"  {'username':<17}{'TOTP secret (base32)':<35}role")
        for s in dataset.DEMO_STAFF:
            out(f"  {s.username:<17}{s.totp_secret:<35}{s.description}")
        out("  A TOTP code: add the secret to any authenticator app, or run")
        out(
            '  python manage.py shell -c "import time; from allauth.mfa.totp.internal.auth import '
            "format_hotp_value as f, hotp_value as h; print(f(h('<secret>', int(time.time()) // 30)))\""
        )
