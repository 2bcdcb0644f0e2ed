"""Job offers from the center (Law 74/2025 Art. 36, 41.4.d): an officer offers a vacancy to a
benefit recipient, the worker accepts or declines with a reason; the second refusal without a
good reason goes to the benefit period's termination (claims.period.services.event_report)."""
