"""The training decision's text (templates/training/decision.html), as the PDF prints it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string

from training.support.decisions import TEMPLATE


def _refusal(reason: str) -> str:
    return render_to_string(
        TEMPLATE, {"d": SimpleNamespace(kind="refusal"), "facts": {"reason": reason}}
    )


@pytest.mark.parametrize(
    ("reason", "printed"),
    [
        ("Khóa học không phù hợp", "Lý do: Khóa học không phù hợp.</li>"),
        ("Đã hết 6 tháng hỗ trợ.", "Lý do: Đã hết 6 tháng hỗ trợ.</li>"),
        ("Chưa đủ điều kiện!", "Lý do: Chưa đủ điều kiện!</li>"),
    ],
)
def test_a_refusal_s_reason_ends_its_line_with_one_full_stop(reason, printed):
    assert printed in _refusal(reason)
