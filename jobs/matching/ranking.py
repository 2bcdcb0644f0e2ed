"""The ranking of vacancies and courses for one worker: pure code on pre-bucketed candidates.

Score (whole points, higher first; ties by the lower id, so a ranking is reproducible):

| part | vacancy | course |
|---|---|---|
| trade | same sector as the last job 40, as an earlier job 25 | a field of the last job's sector 40, of an earlier one 25, for everyone (digital skills, languages for work abroad) 20 |
| place | 30 x (1 - km / 150); farther than 150 km: not a match | online 30; otherwise as a vacancy |
| money | the top of the wage range at least the last insured salary: 20 | starts within 60 days: 10 |

Fast by design (docs/adr/0023): an Index holds, for each province a worker can live in, the
candidates within reach, one list per sector (or course field), sorted by their place points.
Ranking walks the lists best first and stops a list as soon as nothing further down can beat
the k-th best found so far (its upper bound is trade + place + the money bonus), so a worker
costs a few dozen comparisons, not one per vacancy in the country.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from jobs.catalogue.places import PROVINCE_SEATS, distance_km, province_point

RADIUS_KM = 150.0
#: Candidates are read from provinces whose seat is within RADIUS_KM + this of the worker's:
#: a province's farthest point from its seat is under 150 km (Gia Lai, Lâm Đồng after 2025).
PROVINCE_MARGIN_KM = 150.0
SAME_SECTOR, EARLIER_SECTOR, FOR_EVERYONE = 40, 25, 20
PLACE, ONLINE = 30, 30
WAGE_ABOVE, STARTS_SOON = 20, 10
SOON_DAYS = 60


@dataclass(frozen=True)
class Candidate:
    """A vacancy or a course as ranking needs it."""

    id: int
    group: str  # a vacancy's sector, a course's field
    point: tuple[float, float] | None  # None: online
    money: int = 0  # a vacancy's top wage (dong/month); unused for courses
    starts_on: date | None = None  # a course's start


@dataclass(frozen=True)
class Profile:
    """What ranking knows of a worker."""

    province_code: str
    last_group: str  # the last job's sector
    earlier_groups: frozenset[str] = frozenset()
    salary: int = 0  # the last insured salary (dong/month); 0: unknown
    today: date | None = None


@dataclass(frozen=True)
class Match:
    id: int
    score: int
    km: int | None  # None: online
    reasons: tuple[tuple[str, int], ...]  # (code, number) for the reason's text


def place_points(km: float | None) -> int:
    if km is None:
        return ONLINE
    return int(round(PLACE * (1 - km / RADIUS_KM)))


def nearby_provinces(province_code: str) -> list[str]:
    """The provinces whose candidates can be within reach of a worker of this province."""
    here = PROVINCE_SEATS.get(province_code)
    if here is None:
        return [province_code]
    return sorted(
        code
        for code, seat in PROVINCE_SEATS.items()
        if distance_km(here, seat) <= RADIUS_KM + PROVINCE_MARGIN_KM
    )


@dataclass
class _Entry:
    place: int
    id: int
    km: int | None
    candidate: Candidate


@dataclass
class Index:
    """Candidates within reach of each province, by group, best place first."""

    kind: str  # "vacancy" | "course"
    lists: dict[str, dict[str, list[_Entry]]] = field(default_factory=dict)

    @classmethod
    def build(cls, kind: str, candidates: Iterable[Candidate], provinces: Iterable[str]) -> Index:
        index = cls(kind=kind)
        pool = list(candidates)
        for code in provinces:
            here = province_point(code)
            by_group: dict[str, list[_Entry]] = defaultdict(list)
            for c in pool:
                if c.point is None:
                    km = None
                elif here is None:
                    continue
                else:
                    km_exact = distance_km(here, c.point)
                    if km_exact > RADIUS_KM:
                        continue
                    km = int(math.floor(km_exact + 0.5))
                by_group[c.group].append(
                    _Entry(place_points(None if km is None else km), c.id, km, c)
                )
            for entries in by_group.values():
                entries.sort(key=lambda e: (-e.place, e.id))
            index.lists[code] = dict(by_group)
        return index


def _trade(
    kind: str,
    profile: Profile,
    group: str,
    retrain: dict[str, frozenset[str]],
    everyone: frozenset[str],
) -> tuple[int, str]:
    if kind == "vacancy":
        if group == profile.last_group:
            return SAME_SECTOR, "same_sector"
        if group in profile.earlier_groups:
            return EARLIER_SECTOR, "earlier_sector"
        return 0, ""
    if group in retrain.get(profile.last_group, frozenset()):
        return SAME_SECTOR, "same_trade_course"
    if any(group in retrain.get(g, frozenset()) for g in profile.earlier_groups):
        return EARLIER_SECTOR, "earlier_trade_course"
    if group in everyone:
        return FOR_EVERYONE, "for_everyone"
    return 0, ""


def _money(kind: str, profile: Profile, c: Candidate) -> tuple[int, str, int]:
    if kind == "vacancy":
        if profile.salary and c.money >= profile.salary:
            return WAGE_ABOVE, "wage_above", 0
        return 0, "", 0
    if profile.today is not None and c.starts_on is not None:
        days = (c.starts_on - profile.today).days
        if 0 <= days <= SOON_DAYS:
            return STARTS_SOON, "starts_soon", days
    return 0, "", 0


def rank(
    index: Index,
    profile: Profile,
    *,
    k: int = 10,
    retrain: dict[str, frozenset[str]] | None = None,
    everyone: frozenset[str] = frozenset(),
) -> list[Match]:
    """The k best candidates of `index` for `profile`, best first, each with its reasons."""
    lists = index.lists.get(profile.province_code, {})
    retrain = retrain or {}
    bonus_max = WAGE_ABOVE if index.kind == "vacancy" else STARTS_SOON
    plans = []
    for group, entries in lists.items():
        trade, code = _trade(index.kind, profile, group, retrain, everyone)
        if entries:
            plans.append((trade + entries[0].place + bonus_max, trade, code, entries))
    plans.sort(key=lambda p: -p[0])
    heap: list[
        tuple[int, int, _Entry, str, str, int]
    ] = []  # (score, -id, ...): the k-th best on top
    for bound, trade, code, entries in plans:
        if len(heap) == k and bound < heap[0][0]:
            break
        for e in entries:
            if len(heap) == k and trade + e.place + bonus_max < heap[0][0]:
                break
            money, money_code, days = _money(index.kind, profile, e.candidate)
            item = (trade + e.place + money, -e.id, e, code, money_code, days)
            if len(heap) < k:
                heapq.heappush(heap, item)
            elif item[:2] > heap[0][:2]:
                heapq.heapreplace(heap, item)
    best = sorted(heap, key=lambda i: (-i[0], -i[1]))
    return [
        _match(score, e, code, money_code, days) for score, _, e, code, money_code, days in best
    ]


def _match(score: int, e: _Entry, code: str, money_code: str, days: int) -> Match:
    reasons: list[tuple[str, int]] = []
    if code:
        reasons.append((code, 0))
    reasons.append(("online", 0) if e.km is None else ("distance", e.km))
    if money_code:
        reasons.append((money_code, days))
    return Match(id=e.id, score=score, km=e.km, reasons=tuple(reasons))


def rank_brute_force(
    candidates: Iterable[Candidate],
    profile: Profile,
    *,
    kind: str,
    k: int = 10,
    retrain: dict[str, frozenset[str]] | None = None,
    everyone: frozenset[str] = frozenset(),
) -> list[tuple[int, int]]:
    """(id, score) of the k best by scoring every candidate: the definition `rank` must equal."""
    here = province_point(profile.province_code)
    scored = []
    for c in candidates:
        if c.point is None:
            km = None
        elif here is None:
            continue
        else:
            exact = distance_km(here, c.point)
            if exact > RADIUS_KM:
                continue
            km = int(math.floor(exact + 0.5))
        trade, _ = _trade(kind, profile, c.group, retrain or {}, everyone)
        money, _, _ = _money(kind, profile, c)
        scored.append((trade + place_points(km) + money, c.id))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [(i, s) for s, i in scored[:k]]
