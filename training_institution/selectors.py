"""Read queries of the stand-in: the enrolment list for the page and the JSON API."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Prefetch, QuerySet

from training_institution.models import Enrolment, Report


def enrolments_with_reports() -> QuerySet[Enrolment]:
    return Enrolment.objects.prefetch_related(
        Prefetch("reports", queryset=Report.objects.order_by("pk"))
    )


def report_json(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "report_id": str(report.report_id),
        "kind": report.kind,
        "state": report.state,
        "attempts": report.attempts,
        "deliveries": report.deliveries,
        "last_status_code": report.last_status_code,
        "last_answer": report.last_answer,
        "body": json.loads(report.body),
    }


def enrolment_json(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "id": enrolment.pk,
        "enrolment_id": str(enrolment.enrolment_id),
        "institution_code": enrolment.institution_code,
        "course_title": enrolment.course_title,
        "learner_name": enrolment.learner_name,
        "start_date": enrolment.start_date.isoformat(),
        "months": enrolment.months,
        "state": enrolment.state,
        "times_received": enrolment.times_received,
        "reports": [report_json(r) for r in enrolment.reports.all()],
    }
