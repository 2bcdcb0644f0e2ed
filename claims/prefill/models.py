"""claims.prefill models (imported by claims/models.py)."""

from __future__ import annotations
