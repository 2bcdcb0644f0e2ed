# The monthly cycle at scale (docs/adr/0015, bench/benefit_month.py): fewer index writes per
# update of the cycle, the same guarantees.
# - ADR 0012's guard moves (PostgreSQL) from PaymentInstallment to InstallmentGuard, written only
#   by triggers: an installment's status change no longer inserts into the GiST index nor
#   re-checks the exclusion constraint; inserting an installment, or moving its person or
#   dates, still does, in the same statement. SQLite keeps its triggers on the installments.
# - Indexes nothing needs (a foreign key's index that a unique (claim, ...) index covers; the
#   sweep's indexes on every order whatever its state) become partial or go.
# - Benefit months keep 20% of each page free (fillfactor 80): closing a kept window (only
#   closed_at, not indexed) is then a HOT update that writes no index at all.

from django.db import migrations

GUARD = "one_installment_per_person_and_time"

PG_FORWARD = [
    # No installment may be added or moved while its rows are copied.
    "LOCK TABLE claims_paymentinstallment IN SHARE ROW EXCLUSIVE MODE",
    f"ALTER TABLE claims_paymentinstallment DROP CONSTRAINT IF EXISTS {GUARD}",
    # The guard row goes with its installment, whoever deletes it (Django's DO_NOTHING).
    """DO $$ DECLARE c text; BEGIN
        SELECT conname INTO c FROM pg_constraint
        WHERE conrelid = 'claims_installmentguard'::regclass AND contype = 'f';
        EXECUTE format('ALTER TABLE claims_installmentguard DROP CONSTRAINT %I', c);
    END $$""",
    "ALTER TABLE claims_installmentguard ADD CONSTRAINT installment_guard_installment_fk "
    "FOREIGN KEY (installment_id) REFERENCES claims_paymentinstallment (id) ON DELETE CASCADE",
    f"ALTER TABLE claims_installmentguard ADD CONSTRAINT {GUARD} EXCLUDE USING gist "
    "(personal_id WITH =, daterange(period_start, period_end, '[]') WITH &&)",
    "INSERT INTO claims_installmentguard (installment_id, personal_id, period_start, period_end) "
    "SELECT id, personal_id, period_start, period_end FROM claims_paymentinstallment "
    "WHERE personal_id IS NOT NULL",
    """CREATE FUNCTION claims_installment_guard_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO claims_installmentguard (installment_id, personal_id, period_start, period_end)
        SELECT id, personal_id, period_start, period_end FROM added WHERE personal_id IS NOT NULL;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER installment_guard_insert AFTER INSERT ON claims_paymentinstallment "
    "REFERENCING NEW TABLE AS added FOR EACH STATEMENT "
    "EXECUTE FUNCTION claims_installment_guard_insert()",
    """CREATE FUNCTION claims_installment_guard_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM claims_installmentguard WHERE installment_id = OLD.id;
        IF NEW.personal_id IS NOT NULL THEN
            INSERT INTO claims_installmentguard
                (installment_id, personal_id, period_start, period_end)
            VALUES (NEW.id, NEW.personal_id, NEW.period_start, NEW.period_end);
        END IF;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER installment_guard_update "
    "AFTER UPDATE OF id, personal_id, period_start, period_end ON claims_paymentinstallment "
    "FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id "
    "OR OLD.personal_id IS DISTINCT FROM NEW.personal_id "
    "OR OLD.period_start IS DISTINCT FROM NEW.period_start "
    "OR OLD.period_end IS DISTINCT FROM NEW.period_end) "
    "EXECUTE FUNCTION claims_installment_guard_update()",
    "ALTER TABLE claims_benefitmonth SET (fillfactor = 80)",
]
PG_BACKWARD = [
    "ALTER TABLE claims_benefitmonth RESET (fillfactor)",
    "DROP TRIGGER IF EXISTS installment_guard_update ON claims_paymentinstallment",
    "DROP TRIGGER IF EXISTS installment_guard_insert ON claims_paymentinstallment",
    "DROP FUNCTION IF EXISTS claims_installment_guard_update()",
    "DROP FUNCTION IF EXISTS claims_installment_guard_insert()",
    f"ALTER TABLE claims_installmentguard DROP CONSTRAINT IF EXISTS {GUARD}",
    f"ALTER TABLE claims_paymentinstallment ADD CONSTRAINT {GUARD} EXCLUDE USING gist "
    "(personal_id WITH =, daterange(period_start, period_end, '[]') WITH &&)",
]


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_FORWARD:
            schema_editor.execute(sql, params=None)


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_BACKWARD:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_cycle_guard_and_indexes")]

    operations = [migrations.RunPython(_forward, _backward)]
