"""The admin as an administrator meets it: in Vietnamese, money as 5.310.000 ₫, the landing page
after login, the TOTP field for phones, and the rule set page's breadcrumbs (issue 13)."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client
from django.urls import reverse

from claims.payments import services
from claims.payments.models import PaymentOrder
from tests.claims.payments.helpers import FakeOffice, make_approved_claim
from tests.e2e.helpers import totp_code
from tests.eligibility.rules_factories import RuleSetFactory, StaffUserFactory
from tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db


def admin_client(lang: str = "vi") -> Client:
    c = Client()
    c.force_login(StaffUserFactory())
    if lang:
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def test_the_admin_speaks_vietnamese_by_default_djangos_words_and_ours():
    c = Client(headers={"accept-language": "en-US,en;q=0.9"})  # an English phone or browser
    c.force_login(StaffUserFactory())
    html = c.get(reverse("admin:index")).content.decode()
    assert '<html lang="vi"' in html
    assert "Chào mừng bạn," in html  # Django's own vi catalogue
    assert "Quản trị hệ thống" in html  # ours
    assert "Welcome," not in html and "Log out" not in html
    changelist = c.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert "Chọn" in changelist and "Select claim" not in changelist


def test_the_admin_follows_the_language_switch_to_english():
    html = admin_client("en").get(reverse("admin:index")).content.decode()
    assert '<html lang="en"' in html and "Welcome," in html


def test_money_in_the_admin_reads_as_dong(monkeypatch):
    from claims.payments import client as office_client

    monkeypatch.setattr(office_client, "_session", FakeOffice())
    claim = make_approved_claim(months=2, amount=5_310_000)
    services.payment_schedule_create(claim_id=claim.pk)
    services.payments_release_due(claim_id=claim.pk)
    order = PaymentOrder.objects.filter(claim=claim).first()
    assert order is not None
    c = admin_client()
    for url in (
        reverse("admin:claims_paymentorder_changelist"),
        reverse("admin:claims_paymentorder_change", args=[order.pk]),
        reverse("admin:claims_claim_changelist"),
        reverse("admin:claims_claim_change", args=[claim.pk]),
    ):
        html = c.get(url).content.decode()
        assert "5.310.000\u00a0₫" in html, url
        assert "5310000" not in html, url


def _log_in(c: Client, username: str, secret: str):
    c.post("/accounts/login/", {"login": username, "password": PASSWORD})
    return c.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})


def test_an_administrator_lands_on_the_admin_after_login_and_an_officer_does_not():
    admin = StaffFactory(username="quantri", role="admin", is_staff=True, center=None)
    officer = StaffFactory(username="canbo")
    secrets = {}
    for user in (admin, officer):
        secrets[user.pk] = generate_totp_secret()
        TOTP.activate(user, secrets[user.pk])
    landed = _log_in(Client(), "quantri", secrets[admin.pk])
    assert landed.status_code == 302 and landed["Location"] == reverse("admin:index")
    landed = _log_in(Client(), "canbo", secrets[officer.pk])
    assert landed.status_code == 302 and landed["Location"] != reverse("admin:index")


def test_the_totp_fields_open_the_number_keyboard():
    staff = StaffFactory(username="canbo")
    TOTP.activate(staff, generate_totp_secret())
    c = Client()
    c.post("/accounts/login/", {"login": "canbo", "password": PASSWORD})
    html = c.get("/accounts/2fa/authenticate/").content.decode()
    field = re.search(r'<input[^>]*name="code"[^>]*>', html)
    assert field, html
    assert 'inputmode="numeric"' in field.group(0)
    assert 'autocomplete="one-time-code"' in field.group(0)
    # Setting it up: the same keyboard.
    StaffFactory(username="moi")
    fresh = Client()
    fresh.post("/accounts/login/", {"login": "moi", "password": PASSWORD})
    fresh.post("/accounts/reauthenticate/", {"password": PASSWORD})
    html = fresh.get("/accounts/2fa/totp/activate/").content.decode()
    field = re.search(r'<input[^>]*name="code"[^>]*>', html)
    assert field and 'inputmode="numeric"' in field.group(0)


def test_the_rule_set_breadcrumbs_are_underlined_links():
    rule_set = RuleSetFactory()
    html = (
        admin_client()
        .get(reverse("admin:eligibility_ruleset_change", args=[rule_set.pk]))
        .content.decode()
    )
    assert 'class="breadcrumbs' in html and "css/admin_trocap.css" in html
    css = open(settings.BASE_DIR / "static/css/admin_trocap.css", encoding="utf-8").read()
    assert re.search(r"\.breadcrumbs a[^{]*\{[^}]*text-decoration:\s*underline", css)
