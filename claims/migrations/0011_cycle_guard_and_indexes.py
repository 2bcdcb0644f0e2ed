# The monthly cycle at scale (docs/adr/0015): indexes nothing needs become partial or go, and
# the table of ADR 0012's guard (its constraint and triggers: 0012, PostgreSQL).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_decision_kinds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="InstallmentGuard",
            fields=[
                (
                    "installment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="claims.paymentinstallment",
                    ),
                ),
                ("personal_id", models.CharField(max_length=12)),
                ("period_start", models.DateField()),
                ("period_end", models.DateField()),
            ],
            options={
                "verbose_name": "thời gian của kỳ chi trả",
                "verbose_name_plural": "thời gian của kỳ chi trả",
            },
        ),
        migrations.RemoveIndex(
            model_name="paymentinstallment",
            name="installment_due_idx",
        ),
        migrations.RemoveIndex(
            model_name="paymentorder",
            name="payment_order_lease_idx",
        ),
        migrations.RemoveIndex(
            model_name="paymentorder",
            name="payment_order_ack_idx",
        ),
        migrations.AlterField(
            model_name="benefitmonth",
            name="claim",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="benefit_months",
                to="claims.claim",
            ),
        ),
        migrations.AlterField(
            model_name="paymentinstallment",
            name="claim",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="installments",
                to="claims.claim",
            ),
        ),
        migrations.AlterField(
            model_name="paymentorder",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="paymentorder",
            name="reissue_of",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="claims.paymentorder",
            ),
        ),
        migrations.AddIndex(
            model_name="paymentinstallment",
            index=models.Index(
                condition=models.Q(("status", "scheduled")),
                fields=["due_on"],
                name="installment_due_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="paymentorder",
            index=models.Index(
                condition=models.Q(("status", "sending")),
                fields=["lease_until"],
                name="payment_order_lease_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="paymentorder",
            index=models.Index(
                condition=models.Q(("status__in", ["acknowledged", "processing"])),
                fields=["acknowledged_at"],
                name="payment_order_ack_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="paymentorder",
            index=models.Index(
                condition=models.Q(("reissue_of__isnull", False)),
                fields=["reissue_of"],
                name="payment_order_reissue_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="paymentorder",
            index=models.Index(
                condition=models.Q(("created_by__isnull", False)),
                fields=["created_by"],
                name="payment_order_creator_idx",
            ),
        ),
    ]
