"""Vietnamese full-text search that finds "công nhân may" from "cong nhan may" (issue #18, ADR 0023).

The design (docs/adr/0023-matching-offers-and-vietnamese-search.md): the text is folded in Python
(`fold`: lower case, no diacritics, đ = d, anything but letters and digits a space) into a
stored column (`SearchTextField`, filled by `Searchable.save` or `search_document` in bulk
code). A query matches when every word of the folded query begins a word of the folded text
(prefix matching, so a phone's half-typed "dien t" already finds "Điện tử"):

- PostgreSQL: `to_tsvector('simple', search_text) @@ to_tsquery('simple', 'dien:* & t:*')`,
  served by a GIN index on that very expression (`search_index`, a migration operation). The
  'simple' configuration neither stems nor drops stop words, so the folded words are the
  lexemes as they are, and the unaccent extension (a superuser's CREATE EXTENSION, and its own
  idea of đ) is not needed.
- SQLite (`make run` without PostgreSQL): the same rule as a regular expression on the same
  column (Django's REGEXP function), no index. The results are the same on both; only the
  speed differs.

Models:

    class Vacancy(Searchable):
        title = models.CharField(...)
        def search_parts(self): return [self.title, self.employer_name, self.occupation]

    Vacancy.objects.filter(search_text__matches="cong nhan may")   # or text_search(qs, q)

and in the model's migration, after CreateModel: `search_index("jobs", "vacancy")`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.db import migrations, models

# Đ/đ is a letter of its own, not D with a combining mark: NFD leaves it whole.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# PostgreSQL's tsvector keeps words up to 2,047 bytes; a longer "word" is not a word.
MAX_WORD = 200


def fold(text: str | None) -> str:
    """The search form of a text: lower case ASCII letters and digits, single spaces.

    "Công nhân MAY – Đồng Nai" -> "cong nhan may dong nai". Punctuation splits words (so the
    PostgreSQL parser and the Python rule see the same words).
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    # casefold may bring back an đ-like letter from compatibility forms; fold once more.
    bare = bare.translate(_LETTERS)
    return " ".join(w[:MAX_WORD] for w in _NOT_WORD.split(bare) if w)


def search_document(*parts: str | None) -> str:
    """The folded text stored in a SearchTextField for these parts (bulk code calls it)."""
    return " ".join(f for f in (fold(p) for p in parts) if f)


def query_words(query: str | None) -> list[str]:
    """The words of a typed query, folded, each once, in order."""
    return list(dict.fromkeys(fold(query).split()))


def matches(document: str, query: str) -> bool:
    """The rule in Python (what both databases compute): every query word begins a word."""
    words = fold(document).split()
    return all(any(w.startswith(q) for w in words) for q in query_words(query))


def tsquery(words: list[str]) -> str:
    """PostgreSQL's form of the rule: 'cong:* & nhan:*' (folded words need no quoting)."""
    return " & ".join(f"{w}:*" for w in words)


def regexp_pattern(words: list[str]) -> str:
    """SQLite's form of the rule, for Django's REGEXP (re.search): one look-ahead a word."""
    return "^" + "".join(f"(?=.*(?:^| ){re.escape(w)})" for w in words)


class SearchTextField(models.TextField):
    """The folded text of a row, with the `matches` lookup (see the module's doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


@SearchTextField.register_lookup
class Matches(models.Lookup):
    """`search_text__matches=<typed query>`: every folded query word is a word prefix."""

    lookup_name = "matches"
    prepare_rhs = False

    def _words(self) -> list[str]:
        return query_words(self.rhs if isinstance(self.rhs, str) else "")

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        words = self._words()
        if not words:
            return "1 = 1", []
        if connection.vendor == "postgresql":
            # The same expression as search_index's, so the GIN index serves it.
            sql = f"to_tsvector('simple'::regconfig, {lhs}) @@ to_tsquery('simple'::regconfig, %s)"
            return sql, [*lhs_params, tsquery(words)]
        return f"{lhs} REGEXP %s", [*lhs_params, regexp_pattern(words)]


class Searchable(models.Model):
    """A model whose folded `search_text` is kept from `search_parts()` at every save."""

    search_text = SearchTextField()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search_document(*self.search_parts())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def search_parts(self) -> Iterable[str | None]:
        raise NotImplementedError(f"{type(self).__name__} must say what its search text is made of")


def text_search(
    queryset: models.QuerySet[Any], query: str | None, *, field: str = "search_text"
) -> Any:
    """The rows of `queryset` that match a typed query (all of them for an empty query)."""
    if not query_words(query):
        return queryset
    return queryset.filter(**{f"{field}__matches": query})


def _index_name(table: str, field: str) -> str:
    return f"{table}_{field}_fts"[:63]


def search_index(
    app_label: str, model_name: str, field: str = "search_text"
) -> migrations.RunPython:
    """A migration operation: the GIN index of `matches` on PostgreSQL, nothing on SQLite."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        table = model._meta.db_table
        column = model._meta.get_field(field).column
        q = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {q(_index_name(table, column))} ON {q(table)} "
            f"USING gin (to_tsvector('simple'::regconfig, {q(column)}))"
        )

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        name = _index_name(model._meta.db_table, model._meta.get_field(field).column)
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    return migrations.RunPython(forwards, backwards, elidable=False)
