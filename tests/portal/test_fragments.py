"""{% fixed %}: the layout's fixed texts rendered once per language, the page byte for byte the same."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from identity.models import User
from portal.templatetags import fragments
from tests.factories import CitizenFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _template(body: str) -> Template:
    return Engine.get_default().from_string("{% load i18n static fragments %}" + body)


def _kept_render(node: fragments.FixedNode, context: Context) -> str:
    return node.nodelist.render(context)


@pytest.mark.parametrize(
    "body",
    [
        "{{ user.display_name }}",
        "{% translate name %}",
        '{% translate "Trang chủ" as title %}',
        '{% translate "Trang chủ"|upper %}',
        "{% blocktranslate %}Xin chào {{ name }}.{% endblocktranslate %}",
        "{% blocktranslate with name=user.display_name %}Xin chào {{ name }}.{% endblocktranslate %}",
        "{% url 'claims:detail' claim.pk %}",
        "{% url 'home' as home %}",
        "{% static path %}",
        "{% csrf_token %}",
        "{% if user.is_authenticated %}x{% endif %}",
        '{% include "components/account_links.html" %}',
    ],
)
def test_anything_that_depends_on_the_context_is_refused(body):
    with pytest.raises(TemplateSyntaxError, match="fixed"):
        _template("{% fixed %}<p>" + body + "</p>{% endfixed %}")


def test_fixed_texts_are_rendered_once_per_language():
    template = _template(
        '{% fixed %}<a href="{% url \'home\' %}">{% translate "Trang chủ" %}</a> '
        "{% blocktranslate %}Trợ cấp thất nghiệp{% endblocktranslate %} "
        "<img src=\"{% static 'img/logo.svg' %}\">{% endfixed %}"
    )
    (node,) = (n for n in template.nodelist if isinstance(n, fragments.FixedNode))
    with translation.override("vi"):
        vietnamese = template.render(Context({}))
    with translation.override("en"):
        english = template.render(Context({}))
    with translation.override("vi"):
        assert template.render(Context({"user": "someone else"})) == vietnamese
    assert (
        vietnamese
        == '<a href="/">Trang chủ</a> Trợ cấp thất nghiệp <img src="/static/img/logo.svg">'
    )
    assert english.startswith('<a href="/">Home</a> ')
    assert len(node.rendered) == 2  # one text per language, kept


def test_a_changed_setting_renders_again(settings):
    template = _template("{% fixed %}{% static 'img/logo.svg' %}{% endfixed %}")
    assert template.render(Context({})) == "/static/img/logo.svg"
    settings.STATIC_URL = "/tai-nguyen/"
    assert template.render(Context({})) == "/tai-nguyen/img/logo.svg"


def _page(client: Client, path: str) -> str:
    body = client.get(path).content.decode()
    # The CSRF token is masked afresh at every request; the session's seconds left tick.
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", body)
    return re.sub(r'data-seconds-left="\d+"', "seconds", body)


def _user(kind: str) -> User | None:
    if kind in ("officer", "signer", "analyst"):
        staff = StaffFactory(role=kind)
        TOTP.activate(staff, generate_totp_secret())  # past the MFA middleware
        return staff
    return {
        "anonymous": lambda: None,
        "citizen": lambda: CitizenFactory(),
        "level 1": lambda: CitizenFactory(identity_level=1),
        "employer": lambda: CitizenFactory(role=User.Role.EMPLOYER, personal_id=None),
    }[kind]()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "kind", ["anonymous", "citizen", "level 1", "employer", "officer", "signer", "analyst"]
)
def test_pages_are_byte_for_byte_those_rendered_without_kept_texts(
    kind, language, settings, monkeypatch
):
    settings.DEMO_STACK = True
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    user = _user(kind)
    if user is not None:
        client.force_login(user)
    paths = [reverse("home"), reverse("claims:help"), "/khong-co-trang-nay/"]
    kept = [_page(client, path) for path in paths]
    kept_again = [_page(client, path) for path in paths]  # from the kept texts this time
    monkeypatch.setattr(fragments.FixedNode, "render", _kept_render)
    rendered = [_page(client, path) for path in paths]
    assert kept == kept_again == rendered
    assert f'<html lang="{language}">' in rendered[1]
