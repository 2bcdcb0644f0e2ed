"""Benefit rules (dated data), the pure benefit calculator, and the social-security registry."""
