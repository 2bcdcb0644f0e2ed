"""The decision PDF carries its fonts (readable anywhere, Vietnamese included); the QR code
is tested in test_decisions_qr.py."""

from __future__ import annotations

import io

from pypdf import PdfReader

from claims.decisions.pdf import pdf_render
from demo.sample_decision import sample_document


def _fonts(reader: PdfReader) -> list[dict]:
    fonts = []
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts") or [font]:
                fonts.append(descendant.get_object())
    return fonts


def test_every_font_of_the_decision_is_embedded_and_the_text_is_vietnamese():
    document = sample_document()
    reader = PdfReader(io.BytesIO(pdf_render(document)))
    fonts = _fonts(reader)
    assert fonts, "the decision uses fonts"
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
        assert "+" in str(font["/BaseFont"])  # a subset tag: only the glyphs used, embedded
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert document.code_display in text  # printed under the QR code
