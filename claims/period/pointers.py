"""What the benefit period points to beyond claims (issue 18): the month's job fairs, the
worker's open job offers, the page of matching vacancies and courses.

claims may not import jobs (the layers), so an upper app registers providers in its
AppConfig.ready (jobs.apps.JobsConfig): a *link* provider costs no query (the "this month"
card keeps its pinned query count); a *pointer* provider may read (the notification's receipt
page shows the month's fairs and open offers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from claims.core.models import Claim


@dataclass(frozen=True)
class Pointer:
    """A line on the page: a heading text, its link, and the items under it (text, url)."""

    text: str
    url: str
    items: tuple[tuple[str, str], ...] = field(default=())


Provider = Callable[[Claim, date], list[Pointer]]
_links: list[Provider] = []
_pointers: list[Provider] = []


def register_link_provider(provider: Provider) -> None:
    """Links for the "this month" card; the provider must not query the database."""
    if provider not in _links:
        _links.append(provider)


def register_pointer_provider(provider: Provider) -> None:
    """Pointers for the monthly notification's receipt page (may read)."""
    if provider not in _pointers:
        _pointers.append(provider)


def links_for(claim: Claim, on: date) -> list[Pointer]:
    return [p for provider in _links for p in provider(claim, on)]


def pointers_for(claim: Claim, on: date) -> list[Pointer]:
    return [p for provider in _pointers for p in provider(claim, on)]
