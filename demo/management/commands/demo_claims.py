"""manage.py demo_claims [--count N | --all]: the Hanwoo Vina workers' claims, filed overnight.

The seed's story is "2,600 claims in one center's queue overnight": this files them, for the
factory's workers in the store (all but the named demo citizens, whom a person files in the
browser), through the citizen's own services in claims.filing.services: the draft, every step answered
(the record's prefill accepted, the Bắc Ninh center, a bank account in the worker's name, a
one-page PDF as termination proof, the declaration), then claim_submit. Every claim therefore
has its events, assessment, flags, is_clean and decision_due exactly as a real one. The
citizens' portal accounts are made as a VNeID login makes them (the mock VNeID's claims read
by identity.vneid, applied by identity.services.citizen_apply_identity).

The filing date is today: claim_submit reads timezone.localdate() and takes no date, so there
is no --filing-date (the command refuses to run before the closure day, when the job has not
ended yet; after the three-month deadline the claims are filed, and flagged, late).

Idempotent: --count (default DEFAULT_COUNT, 600) is how many factory workers should have a
claim in the end, --all makes it all 2,599; workers who already have one are skipped, a draft
left by an interrupted run is completed. All 2,599 take about 3 to 4 minutes on SQLite. No e-mail is
sent: the demo citizens have no e-mail address and the notifications run inline (not queued
for the worker) with the in-memory e-mail backend.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from celery import current_app as app
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from pypdf import PdfWriter

import claims.filing.services as filing
from claims.core.banks import BANKS
from claims.core.exceptions import ClaimError
from claims.core.transitions import Status
from claims.models import Claim, ClaimDocument
from demo import dataset
from demo.generator import STORE, stored_closure_date
from demo.guard import add_demo_stack_option, demo_stack_check
from eligibility.records.models import EmploymentSpell
from identity.mock_vneid.models import PopulationRecord
from identity.mock_vneid.validator import MockVneidValidator
from identity.models import User
from identity.services import citizen_apply_identity
from identity.vneid import identity_from_claims

#: A progress line every so many claims.
PROGRESS_EVERY = 200
#: How many workers file by default: all 2,599 take about 3 to 4 minutes on SQLite (60 to 90 ms
#: a claim), too long for the first `make run`; 600 take under a minute. --all files them all.
DEFAULT_COUNT = 600
#: Claims filed per database transaction.
BATCH = 100
FACTORY = dataset.DEMO_EMPLOYERS_BY_KEY[dataset.FACTORY_KEY]


@dataclass
class FilingStats:
    filed: int = 0
    clean: int = 0
    already: int = 0
    skipped: int = 0
    seconds: float = 0.0


def named_personal_ids() -> set[str]:
    """The named demo citizens (whoever tries the demo files these themselves)."""
    ids = {c.personal_id for c in dataset.DEMO_CITIZENS}
    closure = stored_closure_date()
    if closure is not None:
        try:
            ids |= {c.personal_id for c in dataset.demo_citizens(closure)}
        except dataset.DemoDateError:
            pass
    return ids


def factory_worker_ids(closure: Any) -> list[str]:
    """Personal IDs of everyone whose job ended with the factory's closure, in order."""
    named = named_personal_ids()
    ids = (
        EmploymentSpell.objects.using(STORE)
        .filter(
            employer__tax_code=FACTORY.tax_code,
            termination_reason="business_closure",
            end_date=closure,
        )
        .order_by("person__personal_id")
        .values_list("person__personal_id", flat=True)
        .distinct()
    )
    return [pid for pid in ids if pid not in named]


def citizen_from_vneid(person: PopulationRecord) -> User:
    """The portal account a VNeID login would create (or refresh) for this person."""
    request = SimpleNamespace(user=person)
    claims = {
        name: claim(request) for name, claim in MockVneidValidator().get_additional_claims().items()
    }
    identity = identity_from_claims(claims)
    user = User.objects.filter(personal_id=identity.personal_id).first() or User()
    return citizen_apply_identity(user=user, identity=identity)


def termination_proof() -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # A4, in points
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(
        "quyet-dinh-thoi-viec.pdf", out.getvalue(), content_type="application/pdf"
    )


def demo_account_number(personal_id: str) -> str:
    """A made-up account number: stable for a person, digits only (6 to 19)."""
    return f"9704{personal_id[-10:]}"


def file_claim(citizen: User) -> Claim:
    """File one claim as the citizen would, step by step; raises ClaimError if refused."""
    claim = filing.draft_get_or_create(citizen=citizen)
    bank_code = BANKS[int(citizen.personal_id or "0") % len(BANKS)][0]

    def save(step: str, data: dict[str, Any]) -> None:
        nonlocal claim
        claim = filing.draft_save_step(claim_id=claim.pk, citizen=citizen, step=step, data=data)

    if "job" not in claim.answers:
        save("job", filing.step_initial(claim=claim, citizen=citizen, step="job"))
    if "center" not in claim.answers:
        save("center", filing.step_initial(claim=claim, citizen=citizen, step="center"))
    if "payment" not in claim.answers:
        holder = filing.step_initial(claim=claim, citizen=citizen, step="payment")
        save(
            "payment",
            {
                "method": "bank",
                "bank_code": bank_code,
                "account_number": demo_account_number(citizen.personal_id or ""),
                **holder,
            },
        )
    if "contact" not in claim.answers:
        # No e-mail address: the demo sends no mail (the in-app notification is kept).
        save("contact", {"phone": citizen.phone, "email": ""})
    if not filing.has_termination_proof(claim):
        filing.draft_document_add(
            claim_id=claim.pk,
            citizen=citizen,
            upload=termination_proof(),
            kind=ClaimDocument.Kind.TERMINATION_PROOF,
        )
    if "documents" not in claim.answers:
        save("documents", {})
    if "declaration" not in claim.answers:
        save("declaration", {"truthful": "on", "consent": "on"})
    return filing.claim_submit(claim_id=claim.pk, citizen=citizen)


@contextmanager
def quiet_notifications() -> Iterator[None]:
    """Notifications handled inline with no mail going anywhere, for the command's duration."""
    previous = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, False
    trace = logging.getLogger("celery.app.trace")  # "Task ... succeeded" for every claim
    level = trace.level
    trace.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = previous
        trace.setLevel(level)


def demo_claims_file(
    *, count: int | None = None, progress: Any = None, stats: FilingStats | None = None
) -> FilingStats:
    """Make `count` (default: all) of the factory's workers have a submitted claim."""
    stats = stats or FilingStats()
    started = time.perf_counter()
    closure = stored_closure_date()
    if closure is None:
        raise CommandError("No demo population: run `python manage.py demo_data` first.")
    today = timezone.localdate()
    if today < closure:
        raise CommandError(
            f"The factory closes on {closure:%d/%m/%Y}: its workers cannot file before then "
            f"(today is {today:%d/%m/%Y})."
        )
    workers = factory_worker_ids(closure)
    filed_ids = set(
        Claim.objects.exclude(status=Status.DRAFT)
        .filter(personal_id__in=workers)
        .values_list("personal_id", flat=True)
    )
    stats.already = len(filed_ids)
    target = len(workers) if count is None else min(count, len(workers))
    wanted = max(0, target - stats.already)
    pending = [pid for pid in workers if pid not in filed_ids]
    people = PopulationRecord.objects.in_bulk(pending, field_name="personal_id")
    with quiet_notifications(), ExitStack() as batch:
        for index, pid in enumerate(pending):
            if index % BATCH == 0:
                # A transaction per batch of workers: SQLite syncs the file once per batch,
                # not at every step's commit (each service still runs its own atomic block).
                batch.close()
                batch.enter_context(transaction.atomic())
            if stats.filed >= wanted:
                break
            person = people.get(pid)
            if person is None or person.identity_level < 2:
                stats.skipped += 1  # no VNeID account, or one that cannot file (level 1)
                continue
            try:
                claim = file_claim(citizen_from_vneid(person))
            except ClaimError as exc:
                stats.skipped += 1
                if progress:
                    progress(f"  {pid}: not filed ({exc})")
                continue
            stats.filed += 1
            stats.clean += claim.is_clean
            if progress and stats.filed % PROGRESS_EVERY == 0:
                progress(
                    f"  {stats.filed}/{wanted} claims filed ({time.perf_counter() - started:.0f} s)"
                )
    stats.seconds = time.perf_counter() - started
    return stats


def demo_claims_summary(stats: FilingStats) -> str:
    line = (
        f"{stats.filed} demo claims filed for Hanwoo Vina "
        f"({stats.clean} clean, ready for the fast track)"
    )
    extra = [f"{stats.seconds:.1f} s"]
    if stats.already:
        extra.append(f"{stats.already} filed before")
    if stats.skipped:
        extra.append(f"{stats.skipped} workers could not file")
    return f"{line} [{'; '.join(extra)}]."


class Command(BaseCommand):
    help = (
        "File the Hanwoo Vina workers' claims through the citizen's filing services "
        "(all but the named demo citizens; idempotent), so the center's queue is full."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--count",
            type=int,
            default=DEFAULT_COUNT,
            help=f"how many of the factory's workers should have a claim (default {DEFAULT_COUNT})",
        )
        parser.add_argument(
            "--all", action="store_true", help="every worker but the named demo citizens files"
        )
        add_demo_stack_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        demo_stack_check(demo_stack=options["demo_stack"])
        count = None if options["all"] else options["count"]
        if count is not None and count < 0:
            raise CommandError("--count must be 0 or more.")
        stats = demo_claims_file(count=count, progress=self.stdout.write)
        self.stdout.write(demo_claims_summary(stats))
