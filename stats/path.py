"""The path back to work (issue 18): training support and job placement, counted set-based
into the same summary cells as the claims (dimension, value, province, sex), by the same
refresh (stats.refresh.summaries_build adds these rows; docs/adr/0018).

Each source is one GROUP BY per dimension that applies to it. A person's sex, age band and
last sector come from their claim's stats profile when the row leads to a claim (training
applications of contributors without a claim, fair registrations, program interests and
vacancies count in "everyone" only, sex unknown). The province is the center's (for
vacancies, fairs: where they are). Money is that of paid training orders only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.fields import CharField
from django.db.models.functions import TruncMonth

from claims.models import Termination
from jobs.catalogue.models import FairRegistration, ProgramInterest, PublishStatus, Vacancy
from jobs.offers.models import JobOffer
from training.enrolment.models import AttendanceReport, Enrolment, TrainingPaymentOrder
from training.support.models import TrainingApplication

PATH_MEASURES = (
    "tr_submitted",
    "tr_approved",
    "tr_refused",
    "tr_completed",
    "tr_dropped",
    "tr_months",
    "tr_tuition_paid",
    "tr_meal_paid",
    "vac_open",
    "vac_positions",
    "fair_registrations",
    "program_interests",
    "offers_made",
    "offers_accepted",
    "offers_declined_good",
    "offers_refused",
    "ended_ground_d",
    "ended_ground_a",
)

#: The dimensions the path-back-to-work page offers (stats.dimensions has their labels).
PATH_DIMENSIONS = (
    "month",
    "province",
    "age_band",
    "sector",
    "course_field",
    "vacancy_sector",
    "country",
)

_PROFILE = "claim__stats_profile__"


@dataclass(frozen=True)
class _Source:
    """One table counted: its rows, where its province and sex are, its month, and the other
    dimensions' paths (seen from the row); measures are annotations over the group."""

    rows: QuerySet[Any]
    province: str
    sex: str | None
    month: Any
    paths: dict[str, str]
    measures: dict[str, Any]


def _person_paths(to_claim: str) -> dict[str, str]:
    return {
        "age_band": to_claim + _PROFILE + "age_band",
        "sector": to_claim + _PROFILE + "sector",
    }


def _sources(today: date) -> list[_Source]:
    app = "application__"
    enrolment_app = "enrolment__application__"
    state = TrainingApplication.State
    return [
        _Source(
            rows=TrainingApplication.objects.filter(submitted_at__isnull=False),
            province="center__province_code",
            sex=_PROFILE + "sex",
            month=TruncMonth("submitted_at"),
            paths={**_person_paths(""), "course_field": "course__field"},
            measures={
                "tr_submitted": Count("id"),
                "tr_approved": Count("id", filter=Q(state=state.APPROVED)),
                "tr_refused": Count("id", filter=Q(state=state.REFUSED)),
            },
        ),
        _Source(
            rows=Enrolment.objects.filter(
                state__in=(Enrolment.State.COMPLETED, Enrolment.State.DROPPED)
            ),
            province=app + "center__province_code",
            sex=app + _PROFILE + "sex",
            month=TruncMonth("ended_on"),
            paths={**_person_paths(app), "course_field": app + "course__field"},
            measures={
                "tr_completed": Count("id", filter=Q(state=Enrolment.State.COMPLETED)),
                "tr_dropped": Count("id", filter=Q(state=Enrolment.State.DROPPED)),
            },
        ),
        _Source(
            rows=AttendanceReport.objects.all(),
            province="enrolment__" + app + "center__province_code",
            sex=enrolment_app + _PROFILE + "sex",
            month=TruncMonth("period_start"),
            paths={**_person_paths(enrolment_app), "course_field": enrolment_app + "course__field"},
            measures={"tr_months": Count("id")},
        ),
        _Source(
            rows=TrainingPaymentOrder.objects.filter(status=TrainingPaymentOrder.Status.PAID),
            province=enrolment_app + "center__province_code",
            sex=enrolment_app + _PROFILE + "sex",
            month=TruncMonth("finished_at"),
            paths={**_person_paths(enrolment_app), "course_field": enrolment_app + "course__field"},
            measures={
                "tr_tuition_paid": Sum(
                    "amount", filter=Q(payee=TrainingPaymentOrder.Payee.INSTITUTION)
                ),
                "tr_meal_paid": Sum("amount", filter=Q(payee=TrainingPaymentOrder.Payee.WORKER)),
            },
        ),
        _Source(
            rows=Vacancy.objects.filter(status=PublishStatus.OPEN, deadline__gte=today),
            province="province_code",
            sex=None,
            month=None,  # a count of today's open vacancies has no month
            paths={"vacancy_sector": "sector"},
            measures={"vac_open": Count("id"), "vac_positions": Sum("positions")},
        ),
        _Source(
            rows=FairRegistration.objects.filter(status=FairRegistration.Status.REGISTERED),
            province="fair__province_code",
            sex=None,
            month=TruncMonth("fair__date"),
            paths={},
            measures={"fair_registrations": Count("id")},
        ),
        _Source(
            rows=ProgramInterest.objects.filter(status=ProgramInterest.Status.INTERESTED),
            province="program__center__province_code",
            sex=None,
            month=TruncMonth("registered_at"),
            paths={"country": "program__country", "vacancy_sector": "program__sector"},
            measures={"program_interests": Count("id")},
        ),
        _Source(
            rows=JobOffer.objects.exclude(state=JobOffer.State.WITHDRAWN),
            province="center__province_code",
            sex=_PROFILE + "sex",
            month=TruncMonth("created_at"),
            paths={**_person_paths(""), "vacancy_sector": "vacancy__sector"},
            measures={
                "offers_made": Count("id"),
                "offers_accepted": Count("id", filter=Q(state=JobOffer.State.ACCEPTED)),
                "offers_declined_good": Count("id", filter=Q(state=JobOffer.State.DECLINED_GOOD)),
                "offers_refused": Count("id", filter=Q(state=JobOffer.State.DECLINED_UNJUSTIFIED)),
            },
        ),
        _Source(
            rows=Termination.objects.filter(
                state="signed",
                ground__in=(Termination.Ground.D, Termination.Ground.A),
                claim__stats_profile__isnull=False,
            ),
            province="claim__center__province_code",
            sex=_PROFILE + "sex",
            month=TruncMonth("effective_on"),
            paths=_person_paths(""),
            measures={
                "ended_ground_d": Count("id", filter=Q(ground=Termination.Ground.D)),
                "ended_ground_a": Count("id", filter=Q(ground=Termination.Ground.A)),
            },
        ),
    ]


def path_rows(*, today: date) -> Iterator[tuple[str, QuerySet[Any]]]:
    """(dimension, rows of v, p, s and the measures) for every source and dimension that
    applies to it: one GROUP BY query each."""
    unknown = Value("", output_field=CharField())
    for source in _sources(today):
        values: dict[str, Any] = {}
        if source.month is not None:
            values["month"] = source.month
        values["province"] = F(source.province)
        values.update({d: F(path) for d, path in source.paths.items()})
        sex = F(source.sex) if source.sex else unknown
        for dimension, value in values.items():
            yield (
                dimension,
                source.rows.values(v=value, p=F(source.province), s=sex)
                .order_by()
                .annotate(**source.measures),
            )
