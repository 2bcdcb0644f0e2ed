# The guards against paying one person twice (docs/adr/0012): one claim per person and
# termination, and no two installments of one person for the same time.

from django.db import migrations, models

GUARD = "one_installment_per_person_and_time"

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"ALTER TABLE claims_paymentinstallment ADD CONSTRAINT {GUARD} EXCLUDE USING gist "
    "(personal_id WITH =, daterange(period_start, period_end, '[]') WITH &&)",
]
PG_BACKWARD = [f"ALTER TABLE claims_paymentinstallment DROP CONSTRAINT IF EXISTS {GUARD}"]

# SQLite has no exclusion constraints: triggers refuse the same rows (RAISE(ABORT) is reported
# as an IntegrityError, like a constraint).
_OVERLAP = (
    "EXISTS (SELECT 1 FROM claims_paymentinstallment i WHERE i.personal_id = NEW.personal_id "
    "AND i.period_start <= NEW.period_end AND NEW.period_start <= i.period_end{other})"
)
SQLITE_FORWARD = [
    f"CREATE TRIGGER {GUARD}_insert BEFORE INSERT ON claims_paymentinstallment "
    f"WHEN NEW.personal_id IS NOT NULL AND {_OVERLAP.format(other='')} "
    f"BEGIN SELECT RAISE(ABORT, '{GUARD}'); END",
    f"CREATE TRIGGER {GUARD}_update BEFORE UPDATE OF personal_id, period_start, period_end "
    "ON claims_paymentinstallment "
    f"WHEN NEW.personal_id IS NOT NULL AND {_OVERLAP.format(other=' AND i.id <> NEW.id')} "
    f"BEGIN SELECT RAISE(ABORT, '{GUARD}'); END",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {GUARD}_insert",
    f"DROP TRIGGER IF EXISTS {GUARD}_update",
]


def _refuse_duplicate_claims(apps, schema_editor):
    """Claims that already repeat a termination must be resolved by staff before the guard."""
    Claim = apps.get_model("claims", "Claim")
    seen: dict[tuple, str] = {}
    clashes = []
    for claim in (
        Claim.objects.exclude(status__in=["draft", "withdrawn"])
        .order_by("submitted_at", "pk")
        .only("reference", "personal_id", "employer_tax_code", "termination_date")
    ):
        key = (claim.personal_id, claim.employer_tax_code, claim.termination_date)
        if key in seen:
            clashes.append(f"{claim.reference} repeats {seen[key]}")
        else:
            seen[key] = claim.reference or str(claim.pk)
    if clashes:
        raise RuntimeError(
            "Claims about a termination already claimed must be withdrawn or resolved before "
            "this migration (docs/adr/0012): " + "; ".join(clashes[:50])
        )


def _fill_installment_persons(apps, schema_editor):
    """Copy each installment's person; a row overlapping an earlier one keeps NULL and its claim
    is flagged for staff (it was created before the guard existed)."""
    Installment = apps.get_model("claims", "PaymentInstallment")
    ClaimFlag = apps.get_model("claims", "ClaimFlag")
    Claim = apps.get_model("claims", "Claim")
    kept: dict[str, list[tuple]] = {}
    flagged = set()
    for row in Installment.objects.select_related("claim").order_by("created_at", "pk"):
        person = row.claim.personal_id
        periods = kept.setdefault(person, [])
        if any(s <= row.period_end and row.period_start <= e for s, e in periods):
            flagged.add(row.claim_id)
            continue
        periods.append((row.period_start, row.period_end))
        Installment.objects.filter(pk=row.pk).update(personal_id=person)
    for claim_id in flagged:
        ClaimFlag.objects.get_or_create(
            claim_id=claim_id, code="installment_overlap", defaults={"severity": "blocking"}
        )
    Claim.objects.filter(pk__in=flagged).update(is_clean=False)


def _guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def _unguard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0005_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="paymentinstallment",
            name="personal_id",
            field=models.CharField(blank=True, editable=False, max_length=12, null=True),
        ),
        migrations.RunPython(_refuse_duplicate_claims, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["draft", "withdrawn"]), _negated=True),
                fields=("personal_id", "employer_tax_code", "termination_date"),
                name="one_claim_per_termination",
            ),
        ),
        migrations.RunPython(_fill_installment_persons, migrations.RunPython.noop),
        migrations.RunPython(_guard, _unguard),
    ]
