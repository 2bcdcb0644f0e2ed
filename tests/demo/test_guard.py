"""The demo stack's guard and banner (issue 12): demo data never reaches a production database
unless --demo-stack is given, and a demo stack says "demo data" on every page."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from identity.models import User

pytestmark = [pytest.mark.django_db(databases=["default", "social_security"])]


@pytest.mark.parametrize("command", ["demo_data", "demo_claims"])
def test_demo_commands_refuse_production_without_the_demo_stack_flag(settings, command):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="--demo-stack"):
        call_command(command)
    assert not User.objects.exists()  # no staff with a known password


def test_demo_claims_goes_on_in_production_when_told_it_is_a_demo_stack(settings):
    settings.PRODUCTION = True
    # Past the guard: it now needs the demo population, which this empty store lacks.
    with pytest.raises(CommandError, match="No demo population"):
        call_command("demo_claims", "--demo-stack", "--count", "1")


def test_demo_data_passes_the_flag_on_to_demo_claims(settings, monkeypatch):
    from demo.management.commands import demo_data

    seen = []
    monkeypatch.setattr(demo_data, "call_command", lambda *args, **kw: seen.append(args))
    monkeypatch.setattr(demo_data, "stored_closure_date", lambda: None)
    command = demo_data.Command()
    command.file_claims(store_created=True, count=5, demo_stack=True)
    assert seen == []  # no closure stored: nothing to file
    monkeypatch.setattr(
        demo_data, "stored_closure_date", lambda: __import__("datetime").date(2000, 1, 1)
    )
    command.file_claims(store_created=True, count=5, demo_stack=True)
    assert seen == [("demo_claims", "--count", "5", "--demo-stack")]


@pytest.mark.parametrize(("language", "text"), [("vi", "Dữ liệu mẫu"), ("en", "Demo data")])
def test_a_demo_stack_says_so_on_every_page(client, settings, language, text):
    settings.DEMO_STACK = True
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in (reverse("home"), reverse("decision_verify"), reverse("account_login")):
        page = client.get(url).content.decode()
        assert 'class="demo-banner"' in page and text in page, url


def test_a_real_stack_shows_no_demo_banner(client, settings):
    settings.DEMO_STACK = False
    assert 'class="demo-banner"' not in client.get(reverse("home")).content.decode()
