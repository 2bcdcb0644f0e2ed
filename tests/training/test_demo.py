"""demo/training.py: the catalogue's demo institutions and courses, made once."""

from __future__ import annotations

from datetime import date

import pytest

from common.textsearch import text_search
from demo.training import COURSES, INSTITUTIONS, demo_training_ensure
from training.catalogue.models import Course, Institution

pytestmark = pytest.mark.django_db


def test_made_once_with_future_courses_in_the_seed_sectors():
    today = date(2026, 5, 4)
    assert demo_training_ensure(today) == (len(INSTITUTIONS), len(COURSES))
    assert demo_training_ensure(today) == (0, 0)
    assert Institution.objects.count() == len(INSTITUTIONS)
    assert not Course.objects.filter(start_date__lte=today).exists()
    fields = set(Course.objects.values_list("field", flat=True))
    assert {"digital_skills", "electronics_assembly", "tourism_hospitality"} <= fields
    assert {"garment_technology", "overseas_languages"} <= fields
    assert {"24", "01", "31", "19"} <= set(Course.objects.values_list("province_code", flat=True))
    # demo/jobs.py links its programs to these (the languages' field, then the words).
    languages = Course.objects.filter(field=Course.Field.OVERSEAS_LANGUAGES)
    assert text_search(languages, "tieng han").count() == 1
    assert text_search(languages, "tieng nhat").count() == 1
    digital = set(Course.objects.filter(field=Course.Field.DIGITAL_SKILLS))
    assert len(digital) == 3 and digital <= set(text_search(Course.objects.all(), "ky nang so"))
