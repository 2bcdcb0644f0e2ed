"""Reads for matching: who is a benefit recipient, what the store says of their last job, and
their ranked vacancies and courses (jobs.matching.ranking; docs/adr/0023)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import Claim
from claims.period.selectors import IN_PERIOD
from eligibility.registry import PersonRecord, get_registry
from jobs.catalogue.models import PublishStatus, Vacancy
from jobs.catalogue.places import province_point
from jobs.matching import ranking, sectors
from jobs.matching.ranking import Candidate, Index, Match, Profile
from training.catalogue.models import Course

TOP = 10


def recipients() -> QuerySet[Claim]:
    """Claims in their benefit period (claims.period.selectors.IN_PERIOD)."""
    return Claim.objects.filter(status__in=IN_PERIOD)


def profile_of(claim: Claim, record: PersonRecord | None, *, today: date) -> Profile:
    """The worker as ranking sees them: the center's province, the last job's sector (the
    claim's employer, else the latest contract that ended), earlier sectors, the last insured
    salary at that employer (the latest month the store has)."""
    province = claim.center.province_code if claim.center is not None else ""
    if record is None:
        return Profile(province_code=province, last_group=sectors.Sector.OTHER, today=today)
    employers = {e.tax_code: e for e in record.employers}
    last = employers.get(claim.employer_tax_code)
    if last is None and (ended := record.latest_termination) is not None:
        last = ended.employer
    last_tax = last.tax_code if last else ""
    last_group = sectors.store_sector(last.sector) if last else sectors.Sector.OTHER
    earlier = frozenset(
        sectors.store_sector(e.sector) for e in record.employers if e.tax_code != last_tax
    ) - {last_group}
    at_last = [c for c in record.contributions if c.employer_tax_code == last_tax] or list(
        record.contributions
    )
    salary = 0
    if at_last:
        latest = max(c.month for c in at_last)
        salary = sum(c.insured_salary for c in at_last if c.month == latest)
    return Profile(
        province_code=province,
        last_group=last_group,
        earlier_groups=earlier,
        salary=salary,
        today=today,
    )


def open_vacancies(today: date) -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(status=PublishStatus.OPEN, deadline__gte=today)


def open_courses(today: date) -> QuerySet[Course]:
    return Course.objects.filter(active=True, start_date__gte=today, seats__gt=0)


def vacancy_candidates(today: date, provinces: Iterable[str] | None = None) -> Iterator[Candidate]:
    """Open vacancies as ranking needs them (in these provinces, or all)."""
    qs = open_vacancies(today)
    if provinces is not None:
        qs = qs.filter(province_code__in=list(provinces))
    rows = qs.values_list(
        "id", "sector", "latitude", "longitude", "province_code", "wage_min", "wage_max"
    )
    for pk, sector, lat, lon, province, wage_min, wage_max in rows.iterator(chunk_size=5000):
        point = (lat, lon) if lat is not None and lon is not None else province_point(province)
        yield Candidate(id=pk, group=sector, point=point, money=wage_max or wage_min)


def course_candidates(today: date, provinces: Iterable[str] | None = None) -> Iterator[Candidate]:
    """Open courses (not started, seats left): online ones wherever the worker is."""
    qs = open_courses(today)
    if provinces is not None:
        qs = qs.filter(Q(province_code__in=list(provinces)) | Q(online=True))
    rows = qs.values_list("id", "field", "online", "province_code", "start_date")
    for pk, field, online, province, start in rows.iterator(chunk_size=5000):
        yield Candidate(
            id=pk, group=field, point=None if online else province_point(province), starts_on=start
        )


@dataclass(frozen=True)
class Indexes:
    vacancies: Index
    courses: Index


def indexes_for(provinces: Iterable[str], *, today: date) -> Indexes:
    """The ranking indexes for workers of these provinces (candidates read once)."""
    wanted = sorted(set(provinces))
    reach = sorted({p for code in wanted for p in ranking.nearby_provinces(code)})
    return Indexes(
        vacancies=Index.build("vacancy", vacancy_candidates(today, reach), wanted),
        courses=Index.build("course", course_candidates(today, reach), wanted),
    )


def rank_profile(
    indexes: Indexes, profile: Profile, *, k: int = TOP
) -> tuple[list[Match], list[Match]]:
    vacancies = ranking.rank(indexes.vacancies, profile, k=k)
    courses = ranking.rank(
        indexes.courses, profile, k=k, retrain=sectors.COURSE_FIELDS, everyone=sectors.FOR_EVERYONE
    )
    return vacancies, courses


def reason_text(code: str, number: int) -> str:
    texts = {
        "same_sector": _("cùng ngành"),
        "earlier_sector": _("ngành bạn từng làm"),
        "same_trade_course": _("đúng ngành nghề của bạn"),
        "earlier_trade_course": _("ngành nghề bạn từng làm"),
        "for_everyone": _("hữu ích cho mọi ngành nghề"),
        "online": _("học trực tuyến"),
        "wage_above": _("lương cao hơn lương đóng BHXH gần nhất"),
    }
    if code == "distance":
        if number < 1:  # rounded to the km: "0 km away" reads as a mistake
            return _("cách dưới 1 km")
        return _("cách %(km)s km") % {"km": number}
    if code == "starts_soon":
        return _("khai giảng sau %(days)s ngày") % {"days": number}
    return texts[code]


@dataclass(frozen=True)
class Shown:
    """A ranked vacancy or course with its reason, ready for a page or the API."""

    item: Any
    score: int
    km: int | None
    reasons: list[str]

    @property
    def reason(self) -> str:
        return ", ".join(self.reasons)


@dataclass(frozen=True)
class Matches:
    profile: Profile
    vacancies: list[Shown]
    courses: list[Shown]


def _shown(matches: list[Match], objects: dict[int, Any]) -> list[Shown]:
    return [
        Shown(
            item=objects[m.id],
            score=m.score,
            km=m.km,
            reasons=[reason_text(c, n) for c, n in m.reasons],
        )
        for m in matches
        if m.id in objects
    ]


def matches_for(claim: Claim, *, today: date | None = None, k: int = TOP) -> Matches:
    """One recipient's ranked vacancies and courses, with the objects to show (5 queries and
    the store's read)."""
    today = today or timezone.localdate()
    record = get_registry().person_record(claim.personal_id)
    profile = profile_of(claim, record, today=today)
    vacancy_ids: list[Match] = []
    course_ids: list[Match] = []
    if profile.province_code:
        vacancy_ids, course_ids = rank_profile(
            indexes_for([profile.province_code], today=today), profile, k=k
        )
    vacancies = Vacancy.objects.in_bulk([m.id for m in vacancy_ids])
    courses = Course.objects.select_related("institution").in_bulk([m.id for m in course_ids])
    return Matches(
        profile=profile,
        vacancies=_shown(vacancy_ids, vacancies),
        courses=_shown(course_ids, courses),
    )


def rank_all(
    claims: QuerySet[Claim] | None = None,
    *,
    today: date | None = None,
    k: int = TOP,
    chunk: int = 2000,
) -> Iterator[tuple[int, list[Match], list[Match]]]:
    """(claim id, vacancies, courses) for every recipient: the candidates read once, the
    store read in chunks, each worker ranked on the pre-bucketed index (bench/matching.py)."""
    today = today or timezone.localdate()
    claims = (
        (claims if claims is not None else recipients()).select_related("center").order_by("pk")
    )
    provinces = set(
        claims.exclude(center__isnull=True)
        .values_list("center__province_code", flat=True)
        .distinct()
    )
    indexes = indexes_for(provinces, today=today)
    registry = get_registry()
    batch: list[Claim] = []
    for claim in claims.iterator(chunk_size=chunk):
        batch.append(claim)
        if len(batch) == chunk:
            yield from _rank_batch(batch, registry, indexes, today=today, k=k)
            batch = []
    if batch:
        yield from _rank_batch(batch, registry, indexes, today=today, k=k)


def _rank_batch(
    batch: list[Claim], registry: Any, indexes: Indexes, *, today: date, k: int
) -> Iterator[tuple[int, list[Match], list[Match]]]:
    records = registry.person_records([c.personal_id for c in batch])
    for claim in batch:
        profile = profile_of(claim, records.get(claim.personal_id), today=today)
        vacancies, courses = rank_profile(indexes, profile, k=k)
        yield claim.pk, vacancies, courses
