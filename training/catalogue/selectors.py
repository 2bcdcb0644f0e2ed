"""Reading the catalogue: the courses a worker can find, and one course's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from common.textsearch import text_search
from training.catalogue.models import Course, Institution

#: Applications that hold a seat (an approved one, or one still being decided).
SEAT_STATES = ("submitted", "proposed", "returned", "approved")


@dataclass(frozen=True)
class CourseFilters:
    q: str = ""
    field: str = ""
    province: str = ""
    mode: str = ""  # "" | "online" | "in_person"
    start_from: date | None = None


def _with_seats(queryset: QuerySet[Course]) -> QuerySet[Course]:
    return queryset.annotate(
        seats_taken=Count("applications", filter=Q(applications__state__in=SEAT_STATES))
    )


def courses_search(filters: CourseFilters, *, today: date) -> QuerySet[Course]:
    """Active courses of active institutions starting on or after `start_from` (today when not
    given), filtered and searched, soonest first."""
    found = Course.objects.filter(
        active=True, institution__active=True, start_date__gte=filters.start_from or today
    )
    if filters.field:
        found = found.filter(field=filters.field)
    if filters.province:
        # An online course is open to every province.
        found = found.filter(Q(province_code=filters.province) | Q(online=True))
    if filters.mode == "online":
        found = found.filter(online=True)
    elif filters.mode == "in_person":
        found = found.filter(online=False)
    found = text_search(found, filters.q)
    return _with_seats(found.select_related("institution")).order_by("start_date", "id")


def course_public(course_id: int) -> Course:
    """An active course of an active institution (Course.DoesNotExist otherwise)."""
    return _with_seats(
        Course.objects.filter(active=True, institution__active=True).select_related("institution")
    ).get(pk=course_id)


def seats_left(course: Course) -> int:
    taken = getattr(course, "seats_taken", None)
    if taken is None:
        taken = course.applications.filter(state__in=SEAT_STATES).count()
    return max(0, course.seats - taken)


def institutions_for_staff(province_code: str) -> QuerySet[Institution]:
    return Institution.objects.filter(province_code=province_code).order_by("name", "id")


def courses_for_staff(province_code: str) -> QuerySet[Course]:
    return _with_seats(
        Course.objects.filter(institution__province_code=province_code).select_related(
            "institution"
        )
    ).order_by("-start_date", "id")
