"""The social-security data store (stand-in for Viet Nam Social Security's records).

Lives in its own database alias, "social_security"; the portal reads it only through
eligibility.registry and never writes to it (docs/adr/0003).
"""
