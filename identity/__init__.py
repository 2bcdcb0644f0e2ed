"""Citizen and staff accounts, VNeID login, staff MFA, employment service centers."""
