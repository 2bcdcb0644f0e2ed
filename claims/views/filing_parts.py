"""The pages of a filing step asked one thing at a time (claims.filing_parts), without JavaScript."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from claims import filing, filing_parts
from claims.exceptions import ClaimStateError
from claims.forms import CHECK, STEP_KEYS, STEPS, STEPS_BY_KEY, StepForm
from claims.models import Claim
from claims.transitions import Status
from identity.decorators import citizen_level2_required
from identity.models import User
from portal.http import AuthedRequest

CHANGE_PARAM = "doi"


def part_url(step: str, slug: str, *, change: bool = False) -> str:
    url = reverse("claims:filing_part", kwargs={"step": step, "part": slug})
    return f"{url}?{CHANGE_PARAM}=1" if change else url


def first_part_url(step: str, *, change: bool = False) -> str:
    return part_url(step, filing_parts.PARTS[step][0].slug, change=change)


def last_part_url(claim: Claim, citizen: User, step: str) -> str:
    """The step's last page that applies to the answers (the next step's "back")."""
    answers = filing_parts.part_answers(claim=claim, citizen=citizen, step=step)
    parts = filing_parts.applicable(step, answers, filing_parts.record_of(claim))
    return part_url(step, parts[-1].slug)


def _step_url(step: str, *, change: bool = False) -> str:
    if step == CHECK:
        return reverse("claims:filing_check")
    url = reverse("claims:filing_step", kwargs={"step": step})
    return f"{url}?{CHANGE_PARAM}=1" if change else url


def _context(
    request: AuthedRequest,
    claim: Claim,
    step: str,
    part: filing_parts.Part,
    form: StepForm,
    change: bool,
) -> dict[str, object]:
    # claims.views.filing imports this module for its redirects: read it when the page renders.
    from claims.views.filing import _step_context

    context = _step_context(request, claim, step, form, change)
    answers = filing_parts.part_answers(claim=claim, citizen=request.user, step=step)
    parts = filing_parts.applicable(step, answers, filing_parts.record_of(claim))
    slugs = [p.slug for p in parts]
    index = slugs.index(part.slug) if part.slug in slugs else 0
    if not change and index > 0:
        context["back_url"] = part_url(step, slugs[index - 1])
    context.update(
        part=part,
        first_part=index == 0,
        number=STEP_KEYS.index(step) + 1,
        total=len(STEPS),
        step=STEPS_BY_KEY[step],
    )
    return context


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def filing_part(request: AuthedRequest, step: str, part: str) -> HttpResponse:
    page = filing_parts.part_get(step, part)
    if page is None:
        return redirect("claims:filing_start")
    claim = Claim.objects.filter(citizen=request.user, status=Status.DRAFT).first()
    if claim is None:
        from claims.views.filing import _no_draft  # see _context

        return _no_draft(request)
    reachable = filing.next_step(claim)
    if reachable != CHECK and STEP_KEYS.index(step) > STEP_KEYS.index(reachable):
        return redirect(_step_url(reachable))
    change = request.GET.get(CHANGE_PARAM) == "1"
    if request.method == "GET":
        form = filing_parts.page_form(step, page, claim=claim, citizen=request.user)
        return render(
            request,
            "claims/filing/step.html",
            _context(request, claim, step, page, form, change),
        )
    try:
        saved = filing_parts.draft_save_part(
            claim_id=claim.pk,
            citizen=request.user,
            step=step,
            part=page,
            data=request.POST,
            change=change,
        )
    except filing.StepInvalid as invalid:
        return render(
            request,
            "claims/filing/step.html",
            _context(request, claim, step, page, invalid.form, change),
            status=400,
        )
    except ClaimStateError:
        from claims.views.filing import _no_draft  # see _context

        return _no_draft(request)
    if saved.next_part is not None:
        return redirect(part_url(step, saved.next_part.slug, change=change))
    if change:
        return redirect(_step_url(filing.next_step(saved.claim)))
    index = STEP_KEYS.index(step)
    following = STEP_KEYS[index + 1] if index + 1 < len(STEP_KEYS) else CHECK
    return redirect(_step_url(following))
