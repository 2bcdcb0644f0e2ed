"""What a draft rule set would change for a period's claims (the admin's impact analysis):
the loop over claims, the runs, their tasks and pages; the rules side is eligibility.whatif_rules."""
