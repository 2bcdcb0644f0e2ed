"""What jobs adds to claims, registered in JobsConfig.ready: the words of the job-offer and
cancelled-fair notifications, the matching page's link on the "this month" card, and the
month's job fairs and open offers on the monthly notification's receipt
(claims.period.pointers)."""

from __future__ import annotations

import calendar
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.models import Claim
from claims.notifications.services import MESSAGES, Message
from claims.period.pointers import Pointer
from claims.period.selectors import IN_PERIOD
from jobs.catalogue.models import JobFair
from jobs.offers.models import JobOffer

JOB_OFFER_MADE = Message(
    gettext_lazy("Trung tâm giới thiệu việc làm: %(title)s"),
    gettext_lazy(
        "Trung tâm dịch vụ việc làm giới thiệu cho bạn việc làm “%(title)s” tại %(employer)s. "
        "Hãy trả lời trên cổng: nhận lời, hoặc từ chối và nêu lý do. Hai lần từ chối việc làm "
        "do trung tâm giới thiệu mà không có lý do chính đáng thì trợ cấp thất nghiệp chấm dứt "
        "(Luật Việc làm 2025, Điều 41.4.d)."
    ),
)


JOB_FAIR_CANCELLED = Message(
    gettext_lazy("Hội chợ việc làm đã hủy: %(title)s"),
    gettext_lazy(
        "Hội chợ việc làm “%(title)s” ngày %(date)s tại %(place)s mà bạn đã đăng ký đã bị hủy. "
        "Bạn không cần đến. Xem các hội chợ việc làm khác trên cổng."
    ),
)


def messages_register() -> None:
    MESSAGES.setdefault("job_offer_made", JOB_OFFER_MADE)
    MESSAGES.setdefault("job_fair_cancelled", JOB_FAIR_CANCELLED)


def matching_link(claim: Claim, on: date) -> list[Pointer]:
    """The card's link to the matching page (no query)."""
    if claim.status not in IN_PERIOD:
        return []
    return [
        Pointer(
            text=_("Việc làm và khóa học phù hợp"),
            url=reverse("jobs:matches", args=[claim.public_id]),
        )
    ]


def month_pointers(claim: Claim, on: date) -> list[Pointer]:
    """The month's job fairs in the worker's province and their open offers (2 queries)."""
    if claim.status not in IN_PERIOD:
        return []
    first, last = on.replace(day=1), on.replace(day=calendar.monthrange(on.year, on.month)[1])
    province = claim.center.province_code if claim.center is not None else ""
    fairs = JobFair.objects.filter(
        status=JobFair.Status.OPEN, date__gte=on, date__lte=last, province_code=province
    ).order_by("date", "id")[:5]
    offers = (
        JobOffer.objects.filter(claim=claim, state=JobOffer.State.OFFERED)
        .select_related("vacancy")
        .order_by("-created_at", "-id")
    )
    pointers = [
        Pointer(
            text=_("Lời giới thiệu việc làm đang chờ bạn trả lời"),
            url=reverse("jobs:offers_mine"),
            items=tuple(
                (
                    f"{o.vacancy.title} — {o.vacancy.employer_name}",
                    reverse("jobs:offer", args=[o.pk]),
                )
                for o in offers
            ),
        )
    ]
    if not pointers[0].items:
        pointers = []
    fair_items = tuple(
        (f"{f.date.strftime('%d/%m')} — {f.title}, {f.place}", reverse("jobs:fair", args=[f.pk]))
        for f in fairs
    )
    if fair_items:
        pointers.append(
            Pointer(
                text=_("Hội chợ việc làm tháng %(month)s")
                % {"month": f"{first.month}/{first.year}"},
                url=reverse("jobs:fairs"),
                items=fair_items,
            )
        )
    pointers.append(
        Pointer(
            text=_("Việc làm và khóa học phù hợp"),
            url=reverse("jobs:matches", args=[claim.public_id]),
        )
    )
    return pointers
