"""API: whatever JSON is sent to a draft step, the answer is 200 or a 400 with a message."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.filing.forms import STEP_KEYS, STEPS_BY_KEY

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
    pytest.mark.usefixtures("filing_day", "center"),
]

FIELD_NAMES = sorted(
    {name for step in STEPS_BY_KEY.values() for name in step.form_class.base_fields}
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=60)
    | st.sampled_from(
        ["2026-02-27", "27/02/2026", "31/02/2026", "0912345678", "24", "bank", "cash", "VCB"]
    )
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
bodies = (
    st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=12), json_values, max_size=8)
    | json_values
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(step=st.sampled_from(STEP_KEYS), method=st.sampled_from(["put", "patch"]), body=bodies)
def test_random_json_on_a_step_never_gets_a_500(citizen_api, step, method, body):
    citizen_api.get("/api/v1/draft/")
    response = getattr(citizen_api, method)(
        f"/api/v1/draft/steps/{step}/",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code in {200, 400}, response.content
    if response.status_code == 400:
        assert response.json()["detail"]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=st.binary(max_size=80))
def test_random_bytes_as_json_never_get_a_500(citizen_api, raw):
    citizen_api.get("/api/v1/draft/")
    response = citizen_api.generic(
        "PUT", "/api/v1/draft/steps/job/", raw, content_type="application/json"
    )
    assert response.status_code in {200, 400}, response.content
