"""Factories of the training catalogue and support (tests/training)."""

from __future__ import annotations

from datetime import date

import factory

from training.catalogue.models import Course, Institution


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Trường Cao đẳng Nghề Thử nghiệm {n}")
    code = factory.Sequence(lambda n: f"truong-thu-{n}")
    province_code = "24"
    address = "Số 1 Lý Thái Tổ, phường Kinh Bắc, tỉnh Bắc Ninh"
    license_number = factory.Sequence(lambda n: f"{n}/2024/GCNĐKHĐ-SLĐTBXH")
    phone = "0222 3820 000"
    email = "tuyensinh@truong.edu.vn"


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    institution = factory.SubFactory(InstitutionFactory)
    title = factory.Sequence(lambda n: f"Kỹ năng số cơ bản {n}")
    field = Course.Field.DIGITAL_SKILLS
    level = Course.Level.SHORT
    province_code = "24"
    address = "Số 1 Lý Thái Tổ, Bắc Ninh"
    online = False
    start_date = date(2026, 6, 1)
    duration_months = 3
    seats = 30
    tuition = 4_000_000
    schedule = "Thứ Hai đến thứ Sáu, 8:00–11:30"
    description = "Tin học văn phòng, thư điện tử, dịch vụ công trực tuyến."
