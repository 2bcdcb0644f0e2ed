"""The benefit calculator: pure functions, no database access (see types.py for its inputs)."""
