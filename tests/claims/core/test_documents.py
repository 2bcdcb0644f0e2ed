"""Uploads: type by content, size, metadata stripped, active or broken PDFs refused."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from claims.core.documents import (
    MAX_FILES_PER_CLAIM,
    DocumentRejected,
    document_attach,
    document_clean,
)
from tests.claims.decisions.pdf_helpers import Ref, assemble, dictionary, name, page_objects, text
from tests.factories import ClaimFactory


def pdf_bytes(*, javascript: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(javascript),
            }
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0)}  # GPS IFD
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_a_real_pdf_is_accepted_as_is():
    data = pdf_bytes()
    clean = document_clean(upload("quyet-dinh.pdf", data))
    assert clean.content_type == "application/pdf"
    assert clean.content == data


def test_pdf_with_javascript_is_refused():
    with pytest.raises(DocumentRejected, match="mã chạy tự động"):
        document_clean(upload("x.pdf", pdf_bytes(javascript="app.alert('hi')")))


ESCAPES = {"/JavaScript": "/J#61vaScript", "/JS": "/J#53", "/Launch": "/L#61unch"}


def _open_action(action) -> dict:
    objects = page_objects()
    objects[1][NameObject("/OpenAction")] = Ref(5)
    objects[5] = action
    return objects


def _link(action) -> dict:
    annotation = dictionary(
        Type=name("/Annot"),
        Subtype=name("/Link"),
        Rect=ArrayObject([NumberObject(0), NumberObject(0), NumberObject(100), NumberObject(20)]),
        A=Ref(6),
    )
    objects = page_objects(annotations=[Ref(5)])
    objects[5] = annotation
    objects[6] = action
    return objects


ACTIVE_PDFS = {
    "escaped-javascript-open-action": lambda: assemble(
        _open_action(dictionary(S=name("/JavaScript"), JS=text("app.alert(1)"))), escape=ESCAPES
    ),
    "escaped-launch-in-a-link": lambda: assemble(
        _link(dictionary(S=name("/Launch"), F=text("cmd.exe"))), escape=ESCAPES
    ),
    "javascript-in-a-compressed-object-stream": lambda: assemble(
        _open_action(dictionary(S=name("/JavaScript"), JS=text("app.alert(1)"))),
        object_stream=True,
    ),
    "launch-in-a-compressed-object-stream": lambda: assemble(
        _link(dictionary(S=name("/Launch"), F=text("cmd.exe"))), object_stream=True
    ),
    "names-javascript-tree": lambda: assemble(
        {
            **page_objects(),
            1: dictionary(Type=name("/Catalog"), Pages=Ref(2), Names=Ref(5)),
            5: dictionary(JavaScript=Ref(6)),
            6: dictionary(
                Names=ArrayObject([text("a"), dictionary(S=name("/JavaScript"), JS=text("x"))])
            ),
        },
        escape=ESCAPES,
        object_stream=True,
    ),
    "page-additional-actions": lambda: assemble(
        {**page_objects(AA=dictionary(O=Ref(5))), 5: dictionary(S=name("/GoToR"), F=text("a.pdf"))},
        object_stream=True,
    ),
    "submit-form-open-action": lambda: assemble(
        _open_action(dictionary(S=name("/SubmitForm"), F=text("http://evil.example/"))),
        object_stream=True,
    ),
}


@pytest.mark.parametrize("kind", sorted(ACTIVE_PDFS))
def test_an_active_pdf_is_refused_whatever_the_names_or_the_compression(kind):
    data = ACTIVE_PDFS[kind]()
    # The hiding works: none of the plain names an old byte scan looked for is in the file.
    assert not any(key in data for key in (b"/JavaScript", b"/JS ", b"/Launch", b"/GoToR"))
    with pytest.raises(DocumentRejected, match="mã chạy tự động"):
        document_clean(upload("x.pdf", data))


def test_embedded_files_are_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("virus.exe", b"MZ")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DocumentRejected, match="tệp đính kèm"):
        document_clean(upload("x.pdf", out.getvalue()))


@pytest.mark.parametrize(
    "uri", ["http://example.vn/", "javascript:alert(1)", "file:///etc/passwd", "  "]
)
def test_a_link_that_is_not_https_is_refused(uri):
    data = assemble(_link(dictionary(S=name("/URI"), URI=text(uri))), object_stream=True)
    with pytest.raises(DocumentRejected, match="https"):
        document_clean(upload("x.pdf", data))


def test_a_plain_scan_with_an_https_link_and_a_page_open_action_is_accepted():
    objects = _link(dictionary(S=name("/URI"), URI=text("https://dichvucong.gov.vn/")))
    objects[1][NameObject("/OpenAction")] = ArrayObject([Ref(3), name("/Fit")])
    for compressed in (False, True):
        data = assemble(objects, object_stream=compressed)
        assert document_clean(upload("scan.pdf", data)).content == data


def test_an_english_reader_gets_the_refusal_in_english():
    data = ACTIVE_PDFS["escaped-javascript-open-action"]()
    with translation.override("en"), pytest.raises(DocumentRejected, match="scripts"):
        document_clean(upload("x.pdf", data))
    data = assemble(_link(dictionary(S=name("/URI"), URI=text("http://a.vn/"))))
    with translation.override("en"), pytest.raises(DocumentRejected, match="unsafe link"):
        document_clean(upload("x.pdf", data))


def test_pdf_that_cannot_be_parsed_is_refused():
    with pytest.raises(DocumentRejected):
        document_clean(upload("x.pdf", b"%PDF-1.7\n this is not really a pdf"))


def test_type_comes_from_content_not_name():
    with pytest.raises(DocumentRejected, match="PDF, JPG hoặc PNG"):
        document_clean(upload("looks-like.pdf", b"MZ\x90\x00 an executable"))
    png = io.BytesIO()
    Image.new("RGB", (10, 10)).save(png, format="PNG")
    assert document_clean(upload("named.pdf", png.getvalue())).content_type == "image/png"


def test_jpeg_metadata_is_stripped():
    data = jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif()  # the fixture really carries EXIF
    clean = document_clean(upload("anh.jpg", data))
    with Image.open(io.BytesIO(clean.content)) as img:
        assert not img.getexif()
        assert img.size == (40, 30)


def test_file_over_10_mb_is_refused():
    with pytest.raises(DocumentRejected, match="10 MB"):
        document_clean(upload("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)))


def test_empty_file_is_refused():
    with pytest.raises(DocumentRejected):
        document_clean(upload("empty.pdf", b""))


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=2048),
    st.sampled_from([b"", b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"]),
)
def test_any_bytes_are_either_accepted_or_refused_with_a_message(data, prefix):
    try:
        clean = document_clean(upload("f", prefix + data))
    except DocumentRejected as exc:
        assert str(exc)
    else:
        assert clean.content_type in {"application/pdf", "image/jpeg", "image/png"}


@pytest.mark.django_db
def test_attach_stores_under_an_unguessable_name_and_caps_the_count():
    claim = ClaimFactory()
    doc = document_attach(
        claim_id=claim.pk,
        upload=upload("Nguyen Van A - CCCD.pdf", pdf_bytes()),
        kind="supporting",
        uploaded_by=claim.citizen,
    )
    assert "Nguyen" not in doc.file.name and doc.file.name.endswith(".pdf")
    assert doc.original_name == "Nguyen Van A - CCCD.pdf"
    for _ in range(MAX_FILES_PER_CLAIM - 1):
        document_attach(
            claim_id=claim.pk,
            upload=upload("a.pdf", pdf_bytes()),
            kind="supporting",
            uploaded_by=claim.citizen,
        )
    with pytest.raises(DocumentRejected, match="tối đa 10"):
        document_attach(
            claim_id=claim.pk,
            upload=upload("a.pdf", pdf_bytes()),
            kind="supporting",
            uploaded_by=claim.citizen,
        )
    assert claim.documents.count() == MAX_FILES_PER_CLAIM
