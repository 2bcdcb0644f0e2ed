"""The claim and its lifecycle: filing, review, decisions, payment."""
