"""The portal's own table: the shared cache when there is no Redis (docs/scaling.md)."""

from __future__ import annotations

from django.db import models


class CacheEntry(models.Model):
    """Django's DatabaseCache table (the columns `createcachetable` would make), created by a
    migration so that every `migrate` has it: without REDIS_URL the cache, the sessions' rate
    limits and the login counters must be shared by every web process, not kept in one
    process's memory or on one machine's disk."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "portal_cache"
        verbose_name = "cache entry"
        verbose_name_plural = "cache entries"

    def __str__(self) -> str:
        return self.cache_key
