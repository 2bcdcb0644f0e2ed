"""common.textsearch: the folding (Hypothesis) and the search rule, the same on PostgreSQL (with
its GIN index) as in Python and in SQLite's regular expression."""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.db import connection, models
from hypothesis import given
from hypothesis import strategies as st

from common import textsearch
from common.textsearch import Searchable, fold, matches, query_words, search_document, text_search

# The Vietnamese alphabet's vowels with each tone mark, and the rest of its letters.
_BASES = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
_PLAIN = {"ă": "a", "â": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u"}
_CONSONANTS = "bcdđghklmnpqrstvx"


@st.composite
def vietnamese_word(draw: st.DrawFn) -> tuple[str, str]:
    """A word with random marks and capitals, and what it must fold to."""
    letters = draw(st.lists(st.sampled_from(_BASES + _CONSONANTS), min_size=1, max_size=7))
    word, plain = "", ""
    for letter in letters:
        tone = draw(st.sampled_from(_TONES)) if letter in _BASES else ""
        composed = unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), letter + tone)
        word += composed.upper() if draw(st.booleans()) else composed
        plain += "d" if letter == "đ" else _PLAIN.get(letter, letter)
    return word, plain


@given(
    st.lists(vietnamese_word(), min_size=1, max_size=6),
    st.sampled_from([" ", "  ", " - ", ", ", "\t"]),
)
def test_fold_takes_off_marks_case_and_d_stroke(words: list[tuple[str, str]], sep: str) -> None:
    text = sep.join(w for w, _ in words)
    assert fold(text) == " ".join(p for _, p in words)


@given(st.text(max_size=60))
def test_fold_is_ascii_words_and_idempotent(text: str) -> None:
    folded = fold(text)
    assert re.fullmatch(r"([a-z0-9]+( [a-z0-9]+)*)?", folded)
    assert fold(folded) == folded
    assert fold(text.upper()) == fold(text.lower()) or not text.isascii()


def test_fold_examples() -> None:
    assert fold("Công nhân MAY – Đồng Nai") == "cong nhan may dong nai"
    assert fold("Lắp ráp điện tử (Samsung)") == "lap rap dien tu samsung"
    assert fold("") == fold(None) == ""
    assert search_document("Thợ may", None, "Bắc Ninh") == "tho may bac ninh"
    assert query_words("may  MAY may") == ["may"]


def test_the_rule_in_python() -> None:
    assert matches("Công nhân may công nghiệp", "cong nhan may")
    assert matches("Công nhân may công nghiệp", "nhan cong")  # any order
    assert matches("Lắp ráp điện tử", "dien t")  # half-typed on a phone
    assert not matches("Lắp ráp điện tử", "ien")  # inside a word is not a prefix
    assert not matches("Công nhân may", "cong nhan may xuat")
    assert matches("anything", "   ")  # nothing typed: everything


@given(
    st.lists(
        st.sampled_from(["cong", "nhan", "may", "mac", "dien", "tu", "lap", "co", "c", "m", "12"]),
        max_size=4,
    )
)
def test_sqlite_pattern_agrees_with_the_rule(query: list[str]) -> None:
    # Django's SQLite REGEXP is re.search(pattern, value).
    doc = "cong nhan may mac 12 lap rap"
    words = query_words(" ".join(query))
    if words:
        assert bool(re.search(textsearch.regexp_pattern(words), doc)) == matches(
            doc, " ".join(query)
        )


class Note(Searchable):
    """A table that exists only in these tests."""

    body = models.CharField(max_length=300)

    class Meta:
        app_label = "common"

    def search_parts(self) -> list[str]:
        return [self.body]


@pytest.fixture
def notes(db):
    with connection.schema_editor() as editor:
        editor.create_model(Note)
        if connection.vendor == "postgresql":
            editor.execute(
                "CREATE INDEX common_note_fts ON common_note "
                "USING gin (to_tsvector('simple'::regconfig, search_text))"
            )
    yield Note
    with connection.schema_editor() as editor:
        editor.delete_model(Note)


_WORDS = [
    "Công",
    "nhân",
    "may",
    "mặc",
    "Điện",
    "tử",
    "lắp",
    "ráp",
    "kỹ",
    "thuật",
    "Hà",
    "Nội",
    "12",
    "ca-đêm",
]


@given(
    st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5), min_size=1, max_size=5),
    st.lists(
        st.sampled_from([*(fold(w)[:k] for w in _WORDS for k in (1, 2, 4)), "ca dem", "nhân"]),
        max_size=3,
    ),
)
def test_database_finds_what_the_rule_finds(
    notes, bodies: list[list[str]], query: list[str]
) -> None:
    notes.objects.all().delete()
    for body in bodies:
        notes.objects.create(body=" ".join(body))
    typed = " ".join(query)
    found = set(text_search(notes.objects.all(), typed).values_list("body", flat=True))
    assert found == {" ".join(b) for b in bodies if matches(" ".join(b), typed)}


def test_save_keeps_the_folded_column(notes) -> None:
    note = notes.objects.create(body="Công nhân may")
    assert note.search_text == "cong nhan may"
    note.body = "Thợ điện"
    note.save(update_fields=["body"])
    note.refresh_from_db()
    assert note.search_text == "tho dien"
    assert list(notes.objects.filter(search_text__matches="tho d")) == [note]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgresql_uses_the_gin_index(notes) -> None:
    notes.objects.bulk_create(notes(body=f"việc {i}", search_text=f"viec {i}") for i in range(2000))
    notes.objects.create(body="Công nhân may")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE common_note")
    plan = text_search(notes.objects.all(), "cong nhan").explain()
    assert "common_note_fts" in plan
