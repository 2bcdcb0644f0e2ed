"""The in-app inbox: every message the portal sent the person, newest first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from claims.models import Notification
from claims.notifications.services import notifications_mark_read
from claims.notifications.services import render as render_message
from identity.decorators import login_required_by_kind
from identity.http import AuthedRequest


@never_cache
@login_required_by_kind
def inbox(request: AuthedRequest) -> HttpResponse:
    qs = Notification.objects.filter(user=request.user).select_related("claim")
    page = Paginator(qs, 20).get_page(request.GET.get("trang"))
    items = []
    for note in page.object_list:
        subject, body = render_message(note.kind, note.params)
        items.append(
            {"note": note, "subject": subject, "body": body, "path": note.params.get("path")}
        )
    response = render(request, "claims/inbox.html", {"page": page, "items": items})
    # Opening the inbox reads what it shows (the unread count is rendered before this).
    notifications_mark_read(user=request.user, ids=[n.pk for n in page.object_list])
    return response


@require_POST
@login_required_by_kind
def inbox_mark_all_read(request: AuthedRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return redirect("claims:inbox")
