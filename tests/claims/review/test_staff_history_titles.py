"""The staff claim history names decision and payment events in words, not internal codes."""

from __future__ import annotations

from django.utils import translation

from claims.models import ClaimEvent
from claims.review.views import OTHER_EVENT_TITLES, _other_event_title


def test_decision_and_payment_events_have_titles_with_their_numbers():
    with translation.override("vi"):
        signed = ClaimEvent(kind="decision_signed", data={"number": "12/QĐ-TTDVVL"})
        ordered = ClaimEvent(kind="payment:ordered", data={"reference": "TCTN-2026-000001-01"})
        assert _other_event_title(signed) == "Quyết định 12/QĐ-TTDVVL đã được ký số"
        assert _other_event_title(ordered) == "Tạo lệnh chi TCTN-2026-000001-01"


def test_every_payment_event_kind_the_services_write_has_a_title():
    import re
    from pathlib import Path

    source = Path("claims/payments/services.py").read_text(encoding="utf-8")
    kinds = set(re.findall(r'_event\(\s*[^,]+,\s*"([a-z_]+)"', source))
    assert kinds, "the payments service writes events through _event"
    for kind in kinds:
        full = kind if kind.startswith("payment") else f"payment:{kind}"
        assert full in OTHER_EVENT_TITLES, full


def test_an_unknown_kind_is_shown_as_is():
    assert _other_event_title(ClaimEvent(kind="something_new", data={})) == "something_new"
