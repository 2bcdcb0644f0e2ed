"""Amounts in Vietnamese words, as the decision prints them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.decisions.words import amount_words, number_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (105, "một trăm lẻ năm"),
        (110, "một trăm mười"),
        (1_005_000, "một triệu không trăm lẻ năm nghìn"),
        (4_200_000, "bốn triệu hai trăm nghìn"),
        (3_960_000, "ba triệu chín trăm sáu mươi nghìn"),
        (1_000_000_005, "một tỷ không trăm lẻ năm"),
        (2_000_000_000_000, "hai nghìn tỷ"),
    ],
)
def test_numbers_read_as_a_vietnamese_reads_them(n, words):
    assert number_words(n) == words


def test_an_amount_is_capitalised_and_in_dong():
    assert amount_words(4_200_000) == "Bốn triệu hai trăm nghìn đồng"


@given(st.integers(min_value=0, max_value=10**15))
def test_every_amount_has_words_without_gaps(n):
    words = number_words(n)
    assert words and "  " not in words and words == words.strip()
