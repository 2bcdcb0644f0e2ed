"""Changing the catalogue (the center's pages; the admin goes through the model admin): every
change is a history row naming who made it (simple_history)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from identity.models import User
from training.catalogue.forms import CourseForm, InstitutionForm
from training.catalogue.models import Course, Institution


class CatalogueRefused(Exception):
    """A staff member may not change this row (another province's institution)."""


def _check_province(staff: User, province_code: str) -> None:
    center = staff.center
    if center is None or center.province_code != province_code:
        raise CatalogueRefused(
            _("Trung tâm chỉ quản lý cơ sở đào tạo và khóa học trong tỉnh, thành phố của mình.")
        )


def institution_save(*, form: InstitutionForm, staff: User) -> Institution:
    """Create or change an institution from a valid form, for the staff member's province."""
    institution: Institution = form.instance
    if institution.pk is not None:
        _check_province(staff, Institution.objects.get(pk=institution.pk).province_code)
    _check_province(staff, form.cleaned_data["province_code"])
    with transaction.atomic():
        institution._history_user = staff  # type: ignore[attr-defined]
        return form.save()


def course_save(*, form: CourseForm, staff: User) -> Course:
    """Create or change a course of one of the staff member's province's institutions."""
    course: Course = form.instance
    if course.pk is not None:
        _check_province(staff, Course.objects.get(pk=course.pk).institution.province_code)
    _check_province(staff, form.cleaned_data["institution"].province_code)
    with transaction.atomic():
        course._history_user = staff  # type: ignore[attr-defined]
        return form.save()
