"""`{% period_card claim %}`: the benefit period's "this month" card on the worker's claim page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from claims.models import Claim
from claims.period.pointers import links_for
from claims.period.presenters import card_context
from claims.period.selectors import this_month

register = template.Library()


@register.inclusion_tag("claims/period/_card.html")
def period_card(claim: Claim) -> dict[str, Any]:
    """Nothing before the benefit period (no months laid out yet); the card after it."""
    today = timezone.localdate()
    card = this_month(claim, on=today)
    if card is None:
        return {"card": None}
    return {
        "claim": claim,
        **card_context(claim=claim, card=card, today=today),
        # Links of upper apps (jobs: the matching page), without a query (issue 18).
        "pointer_links": links_for(claim, today),
    }
