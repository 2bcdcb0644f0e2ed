"""The only code that changes a benefit period (Law 74/2025 Art. 40-41; RULES.md "After the
decision"; docs/adr/0015-benefit-period.md).

- `period_lay_out`: at approval, one BenefitMonth per benefit month (the pure rules' dates).
- `notification_record`: the worker's monthly notification (online) or staff's (in person);
  refused outside a window with the next window's dates; resumes a suspended benefit.
- `exemption_record`: staff record why a worker need not come in person (the window stays).
- `event_report`: "I found a job" and the other events; an event that ends the benefit is
  proposed for termination at once (by the system), to be signed by a signer.
- `termination_propose` / `termination_sign` / `termination_return`: four eyes.
- `windows_close`: the beat task's work: a window closed without a notification suspends the
  month (and the benefit), the third in a row ends it (ground đ).
- `period_sweep`: finds again what a lost task left (months not laid out, windows not closed,
  installments not linked, periods run to their end).

Money: month k >= 2 is released by claims.payments only once month k is notified
(claims.period.selectors.release_gate); a suspended month's installment and every unpaid
installment after the end are cancelled (removed from the schedule, recorded as an event);
money paid after an unreported end becomes a Recovery.

This module is the period's public face; the code lives by concern in claims.period.layout
(the months), notifying (notifications, exemptions), ending (events, termination), decisions
(the documents), reserve (reserved months, recovery), bulk (bulk state changes) and cycle (the
beat tasks, the sweep), with guards (who may act) and errors beside them.
"""

from __future__ import annotations

from claims.period.bulk import claim_transition_many, transition_hooks_run
from claims.period.cycle import (
    CloseResult,
    months_paid_sync,
    period_sweep,
    periods_complete,
    periods_finish,
    windows_close,
)
from claims.period.decisions import decisions_missing, period_decisions_issue
from claims.period.ending import (
    REPORTABLE,
    end_figures,
    event_report,
    termination_propose,
    termination_return,
    termination_sign,
)
from claims.period.errors import (
    NotificationAlreadyMade,
    NotificationWindowClosed,
    PeriodError,
    PeriodInvalid,
)
from claims.period.layout import installments_link, period_lay_out, period_on_transition
from claims.period.notifying import (
    LOG_ENTRIES,
    LOG_KINDS,
    LOG_TEXT,
    exemption_record,
    notification_record,
)
from claims.period.reserve import recovery_settle
from claims.period.selectors import IN_PERIOD

__all__ = [
    "IN_PERIOD",
    "LOG_ENTRIES",
    "LOG_KINDS",
    "LOG_TEXT",
    "REPORTABLE",
    "CloseResult",
    "NotificationAlreadyMade",
    "NotificationWindowClosed",
    "PeriodError",
    "PeriodInvalid",
    "claim_transition_many",
    "decisions_missing",
    "end_figures",
    "event_report",
    "exemption_record",
    "installments_link",
    "months_paid_sync",
    "notification_record",
    "period_decisions_issue",
    "period_lay_out",
    "period_on_transition",
    "period_sweep",
    "periods_complete",
    "periods_finish",
    "recovery_settle",
    "termination_propose",
    "termination_return",
    "termination_sign",
    "transition_hooks_run",
    "windows_close",
]
