"""One question per page (GOV.UK): the answers so far kept in the session under one key until
the check-your-answers page sends them; a page shows its form, or saves it and goes on."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def draft_get(request: HttpRequest, key: str) -> dict[str, Any]:
    """The answers so far (a copy: change it, then save it with draft_save)."""
    return dict(request.session.get(key) or {})


def draft_save(request: HttpRequest, key: str, draft: dict[str, Any]) -> None:
    request.session[key] = draft


def draft_drop(request: HttpRequest, key: str) -> None:
    request.session.pop(key, None)


def question_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    key: str,
    template: str,
    context: dict[str, Any],
    next_url: str,
) -> HttpResponse:
    """A valid POST adds the form's answers to the draft and goes to `next_url`; otherwise the
    page with the form (400 when it was sent with errors, so nothing was kept)."""
    if request.method == "POST" and form.is_valid():
        draft = draft_get(request, key)
        draft.update(form.cleaned_data)
        draft_save(request, key, draft)
        return redirect(next_url)
    return render(
        request, template, {**context, "form": form}, status=400 if form.is_bound else 200
    )
