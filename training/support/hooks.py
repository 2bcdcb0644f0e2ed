"""What training support plugs into the lower layers (called from TrainingConfig.ready): its
notification kinds into claims.notifications, its decisions into /verify/."""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from claims.decisions.lookups import register_verifiable
from claims.notifications.services import MESSAGES, Message

TRAINING_MESSAGES = {
    "training_submitted": Message(
        _("Đã nhận đơn hỗ trợ học nghề %(reference)s"),
        _(
            "Trung tâm đã nhận đơn đề nghị hỗ trợ học nghề số %(reference)s của bạn cho khóa "
            "học %(course)s. Cán bộ trung tâm sẽ xem xét và trả lời trên cổng."
        ),
    ),
    "training_proposed": Message(
        _("Đơn hỗ trợ học nghề %(reference)s đang chờ ký quyết định"),
        _(
            "Cán bộ trung tâm đã xem xét đơn hỗ trợ học nghề %(reference)s (khóa học "
            "%(course)s) và trình lãnh đạo trung tâm ký quyết định."
        ),
    ),
    "training_approved": Message(
        _("Bạn được hỗ trợ học nghề (đơn %(reference)s)"),
        _(
            "Trung tâm đã ký quyết định hỗ trợ học nghề cho khóa học %(course)s (đơn "
            "%(reference)s). Xem quyết định, số tháng, học phí và tiền ăn được hỗ trợ trên cổng."
        ),
    ),
    "training_refused": Message(
        _("Đơn hỗ trợ học nghề %(reference)s không được chấp nhận"),
        _(
            "Trung tâm đã ký quyết định không hỗ trợ học nghề cho khóa học %(course)s (đơn "
            "%(reference)s). Xem lý do và quyết định trên cổng."
        ),
    ),
}


def rule_seed_after_flush(*, using: str = "default", apps: Any = None, **kwargs: Any) -> None:
    """A flush (transactional tests) empties the rules table and sends post_migrate: put the
    seeded rule back then (never next to rules an administrator entered)."""
    # The seed module sits with the migrations that also use it.
    from training.migrations._rule_seed import seed  # noqa: PLC0415

    apps = apps or global_apps  # migrate passes the migrated state; flush passes none
    try:
        rule = apps.get_model("training", "TrainingSupportRule")
    except LookupError:  # migrated backwards, before the table
        return
    if rule._meta.db_table not in connections[using].introspection.table_names():
        return
    if not rule.objects.using(using).exists():
        seed(apps)


def register() -> None:
    # The decisions module loads the PDF and signing helpers: only once the apps are ready.
    from training.support.decisions import verifiable  # noqa: PLC0415

    for kind, message in TRAINING_MESSAGES.items():
        MESSAGES.setdefault(kind, message)
    register_verifiable(verifiable)
    post_migrate.connect(
        rule_seed_after_flush,
        sender=global_apps.get_app_config("training"),
        dispatch_uid="training-rule-seed-after-flush",
    )
