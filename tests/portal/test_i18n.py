"""The English catalogue: complete, compiled, in step with the source, and used by the pages."""

from __future__ import annotations

import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
PO_FILE = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
#: The project's catalogue and the apps' own (training/locale, jobs/locale...): Django merges
#: them, so every check below holds for each, and a source string may be in any of them.
PO_FILES = [
    PO_FILE,
    *sorted(Path(settings.BASE_DIR).glob("*/locale/en/LC_MESSAGES/django.po")),
]

# Letters that only Vietnamese uses: an English msgstr holding one was left untranslated.
VIETNAMESE_LETTERS = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
    re.IGNORECASE,
)
# Strings that are the same in both languages on purpose: the language switch names
# each language in that language.
SAME_IN_BOTH = {"Tiếng Việt", "English"}
PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sdif]|%[sdif]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def _unquote(text: str) -> str:
    body = text.strip()
    assert body.startswith('"') and body.endswith('"'), body
    return body[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader: enough for Django's makemessages output (no obsolete entries kept)."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None

    def flush() -> None:
        nonlocal current
        if target is not None:
            entries.append(current)
        current = Entry()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if target is not None and target[0] == "msgstr":
                flush()
                target = None
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            if target is not None and target[0] == "msgstr":
                flush()
                target = None
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert target is not None, raw
            value = _unquote(line)
        elif keyword in {"msgctxt", "msgid"} and target is not None and target[0] == "msgstr":
            flush()
            target = None
            value = _unquote(rest)
        else:
            value = _unquote(rest)
        if line.startswith('"'):
            name, index = target  # type: ignore[misc]
        elif keyword.startswith("msgstr["):
            name, index = "msgstr", int(keyword[7:-1])
        else:
            name, index = keyword, 0
        target = (name, index)
        if name == "msgid":
            current.msgid += value
        elif name == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + value
        elif name == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + value
        elif name == "msgstr":
            current.msgstr[index] = current.msgstr.get(index, "") + value
        else:
            raise AssertionError(f"unexpected line in {path.name}: {raw}")
    if target is not None:
        entries.append(current)
    return entries


def _entries(path: Path) -> list[Entry]:
    entries = parse_po(path)
    header = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(header) == 1, "the .po file has one header entry"
    assert "Language: en" in header[0].msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header[0].msgstr[0]
    assert "fuzzy" not in header[0].flags, "a fuzzy header is left out of the .mo"
    return [e for e in entries if e.msgid != ""]


@pytest.fixture(
    scope="module",
    params=PO_FILES,
    ids=[str(p.relative_to(settings.BASE_DIR)) for p in PO_FILES],
)
def po_file(request) -> Path:
    return request.param


@pytest.fixture(scope="module")
def catalogue(po_file: Path) -> list[Entry]:
    return _entries(po_file)


def _described(entry: Entry) -> str:
    return repr(entry.msgid[:80])


def test_the_catalogues_are_found():
    assert len(PO_FILES) >= 3  # locale/, training/locale/, jobs/locale/


def test_the_catalogue_is_not_empty(catalogue, po_file):
    assert len(catalogue) > (100 if po_file == PO_FILE else 10)


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    fuzzy = [_described(e) for e in catalogue if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries are ignored by Django; check and unflag: {fuzzy}"
    untranslated = []
    for entry in catalogue:
        forms = 2 if entry.msgid_plural is not None else 1
        if any(not entry.msgstr.get(i, "").strip() for i in range(forms)):
            untranslated.append(_described(entry))
    assert not untranslated, f"untranslated entries: {untranslated}"


def test_translations_are_english_not_copied_vietnamese(catalogue):
    left_in_vietnamese = [
        _described(e)
        for e in catalogue
        if e.msgid not in SAME_IN_BOTH
        and any(VIETNAMESE_LETTERS.search(s) for s in e.msgstr.values())
    ]
    assert not left_in_vietnamese, (
        f"English text still has Vietnamese letters: {left_in_vietnamese}"
    )


def test_translations_keep_every_placeholder(catalogue):
    def found(text: str) -> set[str]:
        return set(PLACEHOLDER.findall(text))

    broken = []
    for entry in catalogue:
        if entry.msgid_plural is None:
            ok = found(entry.msgstr[0]) == found(entry.msgid)
        else:
            # The singular may say "one" where the source repeats the count.
            ok = found(entry.msgstr[1]) == found(entry.msgid_plural) and found(
                entry.msgstr[0]
            ) <= found(entry.msgid_plural)
        if not ok:
            broken.append(_described(entry))
    assert not broken, f"placeholders lost or invented: {broken}"


def test_the_compiled_catalogue_matches_the_po_file(catalogue, po_file):
    """The .mo files are committed (CI may lack gettext): they must be compiled from the current .po."""
    with po_file.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in catalogue:
        if entry.msgid_plural is not None:
            got = [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
            if entry.msgctxt is not None:
                got = [
                    compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                    for n in (1, 2)
                ]
            ok = got == [entry.msgstr[0], entry.msgstr[1]]
        elif entry.msgctxt is not None:
            ok = compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr[0]
        else:
            ok = compiled.gettext(entry.msgid) == entry.msgstr[0]
        if not ok:
            stale.append(_described(entry))
    assert not stale, f"run `manage.py compilemessages -l en`; stale in django.mo: {stale}"


SOURCE_DIRS_SKIPPED = {".venv", "var", "staticfiles", "tests", "bench", "locale", "node_modules"}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_string_in_the_source_is_in_the_catalogue(settings, tmp_path, monkeypatch):
    """makemessages over the code finds no msgid the English catalogue lacks.

    It runs over a copy of the source: makemessages run in the project itself would merge
    into the real locale/ directory.
    """
    source = tmp_path / "src"
    base = Path(settings.BASE_DIR)
    for path in base.rglob("*"):
        relative = path.relative_to(base)
        if relative.parts[0].startswith(".") or relative.parts[0] in SOURCE_DIRS_SKIPPED:
            continue
        if path.is_file() and path.suffix in {".py", ".html", ".txt", ".js"}:
            (source / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, source / relative)
    out = tmp_path / "out"
    settings.LOCALE_PATHS = [out]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    fresh = parse_po(out / "en" / "LC_MESSAGES" / "django.po")
    known = {(e.msgctxt, e.msgid, e.msgid_plural) for path in PO_FILES for e in _entries(path)}
    missing = sorted(
        e.msgid[:80] for e in fresh if e.msgid and (e.msgctxt, e.msgid, e.msgid_plural) not in known
    )
    assert not missing, (
        f"strings missing from every catalogue (run makemessages and translate): {missing}"
    )


def test_status_labels_and_form_messages_translate():
    with translation.override("en"):
        assert translation.gettext("Bản nháp") == "Draft"
        assert translation.gettext("Số định danh cá nhân") == "Personal identification number"
        assert translation.ngettext(
            "%(n)s tháng đóng bảo hiểm thất nghiệp", "%(n)s tháng đóng bảo hiểm thất nghiệp", 1
        ) == ("%(n)s month of unemployment insurance contributions")
    with translation.override("vi"):
        assert translation.gettext("Bản nháp") == "Bản nháp"


@pytest.mark.django_db
def test_the_home_page_is_in_vietnamese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert "Trợ cấp thất nghiệp" in html
    assert "Unemployment benefit portal" not in html


@pytest.mark.django_db
def test_the_home_page_is_in_english_with_the_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Unemployment benefit" in html
    assert "Skip to main content" in html
    assert "Chuyển đến nội dung chính" not in html


@pytest.mark.django_db
def test_choosing_english_in_the_header_switches_the_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/").content.decode()
    assert "Skip to main content" in html


@pytest.mark.django_db
def test_the_not_found_page_is_in_english_with_the_language_cookie(client, settings):
    settings.DEBUG = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Không tìm thấy trang" not in html
