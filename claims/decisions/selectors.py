"""Reading decisions for pages: a claim's decision as its citizen and its staff see it."""

from __future__ import annotations

from dataclasses import dataclass

from claims.decisions.models import Decision
from claims.models import Claim


@dataclass(frozen=True)
class DecisionView:
    decision: Decision | None

    @property
    def exists(self) -> bool:
        return self.decision is not None

    @property
    def issued(self) -> bool:
        return self.decision is not None and self.decision.state == Decision.State.ISSUED

    @property
    def failed(self) -> bool:
        return self.decision is not None and self.decision.state == Decision.State.FAILED


def decision_for_claim(*, claim: Claim) -> DecisionView:
    return DecisionView(Decision.objects.filter(claim=claim).select_related("center").first())
