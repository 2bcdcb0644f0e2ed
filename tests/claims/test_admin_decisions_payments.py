"""Administrators can read decisions, payment orders and callbacks in the admin; nobody edits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.claims.queue.test_queue import client_for, staff_with_mfa

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["decision", "paymentorder", "paymentcallback"])
def test_admin_lists_open_and_adding_is_refused(model):
    admin = client_for(staff_with_mfa(role="admin", center=None, is_staff=True, is_superuser=True))
    assert admin.get(reverse(f"admin:claims_{model}_changelist")).status_code == 200
    assert admin.get(reverse(f"admin:claims_{model}_add")).status_code == 403
