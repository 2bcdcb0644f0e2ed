"""Template filters every page may use (`{% load common_tags %}`): common.formatting's functions."""

from __future__ import annotations

from django import template

from common.formatting import day_label, dong, error_for, month_label, public_text, when_label

register = template.Library()

for _filter in (dong, month_label, day_label, when_label, public_text, error_for):
    register.filter(_filter.__name__, _filter)
