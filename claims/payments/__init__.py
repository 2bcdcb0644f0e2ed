"""Benefit payments: the monthly schedule, orders to the settlement office, its callbacks (ADR 0008)."""
