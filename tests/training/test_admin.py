"""Administrators manage institutions, courses and the dated training-support rule in the
admin (with history); applications are read-only there."""

from __future__ import annotations

import pytest

from tests.claims.queue.test_queue import client_for, staff_with_mfa
from tests.training.factories import CourseFactory, InstitutionFactory
from training.catalogue.models import Course

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_course_and_its_history_is_kept():
    admin = client_for(staff_with_mfa(role="admin", center=None, is_staff=True, is_superuser=True))
    institution = InstitutionFactory()
    CourseFactory(institution=institution)
    for url in (
        "/admin/training/institution/",
        "/admin/training/course/",
        "/admin/training/trainingsupportrule/",
        "/admin/training/trainingapplication/",
    ):
        assert admin.get(url).status_code == 200, url
    response = admin.post(
        "/admin/training/course/add/",
        {
            "institution": institution.pk,
            "title": "Tiếng Nhật N4",
            "field": "overseas_languages",
            "level": "short",
            "province_code": "24",
            "address": "Bắc Ninh",
            "start_date": "2026-08-01",
            "duration_months": "6",
            "seats": "30",
            "tuition": "9000000",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    course = Course.objects.get(title="Tiếng Nhật N4")
    assert course.history.count() == 1 and course.search_text.startswith("tieng nhat n4")
    assert admin.get("/admin/training/trainingapplication/add/").status_code == 403
