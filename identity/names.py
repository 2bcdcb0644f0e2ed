"""People's names folded for search: no diacritics, no case ("Nguyễn Thị Hoa" -> "nguyen thi hoa")."""

from __future__ import annotations

import unicodedata

# Đ/đ is a letter of its own, not D with a combining mark: NFD leaves it whole.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})


def fold_name(text: str) -> str:
    """The search form of a name: lower case, without diacritics, single spaces.

    The same folding is applied to the stored column (User.search_name) and to what an officer
    types, on SQLite as on PostgreSQL, so a search finds the same people on both.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())
