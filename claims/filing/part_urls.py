"""Where the one-question pages of a filing step live (claims.filing.parts): their URLs.

The page view itself is claims.filing.views.filing_part, next to the step pages it shares its
context and rules with.
"""

from __future__ import annotations

from django.urls import reverse

import claims.filing.parts as filing_parts
from claims.filing.forms import CHECK
from claims.models import Claim
from identity.models import User

#: ?doi=1 on a step: the worker came from "check your answers" and goes back there after.
CHANGE_PARAM = "doi"


def step_url(step: str, *, change: bool = False) -> str:
    if step == CHECK:
        return reverse("claims:filing_check")
    url = reverse("claims:filing_step", kwargs={"step": step})
    return f"{url}?{CHANGE_PARAM}=1" if change else url


def part_url(step: str, slug: str, *, change: bool = False) -> str:
    url = reverse("claims:filing_part", kwargs={"step": step, "part": slug})
    return f"{url}?{CHANGE_PARAM}=1" if change else url


def first_part_url(step: str, *, change: bool = False) -> str:
    return part_url(step, filing_parts.PARTS[step][0].slug, change=change)


def last_part_url(claim: Claim, citizen: User, step: str) -> str:
    """The step's last page that applies to the answers (the next step's "back")."""
    answers = filing_parts.part_answers(claim=claim, citizen=citizen, step=step)
    parts = filing_parts.applicable(step, answers, filing_parts.record_of(claim))
    return part_url(step, parts[-1].slug)
