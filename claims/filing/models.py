"""Filing's rows: one call of the one-call filing API under an Idempotency-Key."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from claims.core.models import Claim


class FilingRequest(models.Model):
    """One successful call of the one-call filing API under an `Idempotency-Key`.

    Written in the same transaction as the claim it filed, so a retry (or a second request at the
    same moment, which waits on the unique key) finds it and gets the same answer replayed.
    """

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=200)
    #: SHA-256 of the request's answers and files: the same key with another body is refused.
    fingerprint = models.CharField(max_length=64)
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "key"], name="one_filing_per_citizen_and_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id}: {self.key}"
