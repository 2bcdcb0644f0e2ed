"""The statistics pages' number filters: one decimal, rounded as the downloads round."""

from __future__ import annotations

import pytest
from django.utils import translation

from stats.templatetags.stats_tags import days, one, percent, points, signed_one


@pytest.mark.parametrize(
    ("lang", "share", "gap", "tenths"),
    [("vi", "66,7%", "−33,3", "2,7"), ("en", "66.7%", "−33.3", "2.7")],
)
def test_shares_and_gaps_are_rounded_not_cut(lang, share, gap, tenths):
    with translation.override(lang):
        assert percent(2 / 3) == share  # not 66.6: two thirds rounds up
        assert points(2 / 3 - 1) == gap
        assert points(1 / 3 - 0.25) == "+" + ("8,3" if lang == "vi" else "8.3")
        assert one(8 / 3) == days(8 / 3) == tenths
        assert signed_one(-8 / 3) == "−" + tenths
        assert percent(None) == points(None) == "—"
