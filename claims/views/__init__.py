"""Claim pages (thin: parse, call one service or selector, render)."""
