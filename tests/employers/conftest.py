"""Fixtures of the employers' tests (the data is built by tests/employers/support.py)."""
