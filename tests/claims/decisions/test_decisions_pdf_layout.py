"""What makes a decision cheap to lay out (issue 11) leaves the page as it was: HarfBuzz-Subset
and fontTools embed the same glyphs under the same ids, and the fixed table layout of the
heading and signature tables draws the same page as the automatic one. Compared on the page
content streams (every glyph id and position) and the extracted text."""

from __future__ import annotations

import dataclasses
import io

import pytest
from django.conf import settings
from pypdf import PdfReader
from weasyprint import CSS, HTML

from claims.decisions import pdf
from claims.decisions.models import Decision
from demo.sample_decision import sample_document


def _documents():
    approval = dataclasses.replace(sample_document(number=4567), verification_code="ABCDE23456")
    refusal = dataclasses.replace(
        sample_document(number=12),
        verification_code="ZZZZZ99999",
        kind=Decision.Kind.REFUSAL,
        reasons=("Chưa đủ 12 tháng đóng bảo hiểm thất nghiệp",),
        explanation="Hồ sơ nộp quá thời hạn ba tháng.",
    )
    return [approval, refusal]


def _pages(data: bytes) -> list[tuple[bytes, str]]:
    reader = PdfReader(io.BytesIO(data))
    return [(page.get_contents().get_data(), page.extract_text()) for page in reader.pages]


def _render(document, *extra: CSS) -> bytes:
    html = HTML(string=pdf.html_render(document), base_url=str(settings.BASE_DIR))
    data = html.write_pdf(stylesheets=[pdf._stylesheet(), *extra], font_config=pdf._font_config())
    assert data
    return data


@pytest.mark.parametrize("index", [0, 1], ids=["approval", "refusal"])
def test_fixed_table_layout_draws_the_page_automatic_layout_draws(index):
    document = _documents()[index]
    automatic = CSS(string="table.head, table.sign { table-layout: auto; }")
    fixed_pages, auto_pages = _pages(_render(document)), _pages(_render(document, automatic))
    assert len(fixed_pages) == 2
    assert fixed_pages == auto_pages


@pytest.mark.skipif(pdf.font_subsetter() != "harfbuzz", reason="HarfBuzz-Subset not installed")
@pytest.mark.parametrize("index", [0, 1], ids=["approval", "refusal"])
def test_harfbuzz_and_fonttools_subsets_give_the_same_page(index, monkeypatch):
    document = _documents()[index]
    with_harfbuzz = _pages(pdf.pdf_render(document))
    monkeypatch.setattr(pdf.weasyprint_fonts, "harfbuzz_subset", None)
    assert pdf.font_subsetter() == "fonttools"
    with_fonttools = _pages(pdf.pdf_render(document))
    assert with_harfbuzz == with_fonttools
    assert "QUYẾT ĐỊNH" in with_harfbuzz[0][1]


def test_the_code_under_the_qr_code_stays_on_one_line_however_wide_its_letters():
    document = dataclasses.replace(sample_document(number=4567), verification_code="WMWMWMWMWM")
    lines = [
        line.strip() for _, text in _pages(pdf.pdf_render(document)) for line in text.split("\n")
    ]
    assert document.code_display == "WMWMW-MWMWM"
    assert "WMWMW-MWMWM" in lines
