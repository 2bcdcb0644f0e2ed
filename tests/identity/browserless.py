"""A citizen's VNeID login driven with `requests` (real HTTP, real redirects, real cookies)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    submits: list[tuple[str, str]] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._current: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = Form(action=a.get("action", ""))
            self.forms.append(self._current)
        elif self._current is not None and tag == "input" and a.get("name"):
            self._current.fields[a["name"]] = a.get("value", "")
        elif self._current is not None and tag == "button" and a.get("type", "submit") == "submit":
            self._current.submits.append((a.get("name", ""), a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def forms_of(response: requests.Response) -> list[Form]:
    parser = _FormParser()
    parser.feed(response.text)
    for form in parser.forms:
        form.action = urljoin(response.url, form.action or response.url)
    return parser.forms


def form_to(response: requests.Response, path_part: str) -> Form:
    for form in forms_of(response):
        if path_part in form.action:
            return form
    raise AssertionError(f"no form posting to {path_part} on {response.url}: {response.text[:500]}")


def submit(session: requests.Session, form: Form, **values: str) -> requests.Response:
    data = {**form.fields, **values}
    return session.post(form.action, data=data, timeout=20)


def start_login(session: requests.Session, base_url: str) -> requests.Response:
    """Home page -> "Đăng nhập bằng VNeID" -> the mock's sign-in page."""
    home = session.get(f"{base_url}/", timeout=20)
    return submit(session, form_to(home, "/accounts/oidc/vneid/login/"))


def sign_in_at_mock(
    session: requests.Session, page: requests.Response, personal_id: str, password: str
) -> requests.Response:
    return submit(
        session, form_to(page, "/mock-vneid/dang-nhap/"), personal_id=personal_id, password=password
    )


def consent(
    session: requests.Session, page: requests.Response, *, allow: bool = True, follow: bool = True
) -> requests.Response:
    form = form_to(page, "/mock-vneid/authorize/")
    data = {**form.fields}
    if allow:
        data["allow"] = "Authorize"
    return session.post(form.action, data=data, timeout=20, allow_redirects=follow)


def full_login(
    session: requests.Session, base_url: str, personal_id: str, password: str
) -> requests.Response:
    page = start_login(session, base_url)
    page = sign_in_at_mock(session, page, personal_id, password)
    return consent(session, page)
