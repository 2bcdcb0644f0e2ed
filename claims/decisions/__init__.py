"""Signed decisions on claims: the numbered row, the PDF, its PAdES signature, verification."""
