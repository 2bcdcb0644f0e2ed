"""The decision as a PDF (WeasyPrint, fonts embedded) with a QR code to the verification page."""

from __future__ import annotations

import base64
import contextlib
import functools
import gc
import io
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import qrcode
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from PIL import Image

# WeasyPrint reports each layout step at INFO, and fontTools (the subsetter without HarfBuzz)
# each glyph list it closes: noise in a worker's log, and formatting them costs time too.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.pdf import fonts as weasyprint_fonts  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from claims.decisions.content import DecisionDocument  # noqa: E402

TEMPLATE = "claims/decisions/decision.html"
#: The decision's stylesheet (page, margin boxes, Noto Serif faces): a template for the font URLs.
STYLESHEET = "claims/decisions/decision.css"


#: Pixels per QR module in the PNG (printed 27 mm wide: about 300 dpi for a decision's link).
QR_MODULE_PX = 10


def qr_data_uri(url: str) -> str:
    """A QR code (medium error correction) as an 8-bit grayscale PNG data: URI for the template.

    Drawn from the module matrix with Pillow and scaled without smoothing (the template prints
    it with `image-rendering: pixelated`). An SVG path was WeasyPrint's largest single cost (its
    hundreds of squares parsed and drawn at every render), and qrcode's own image factories draw
    module by module. The mask is fixed rather than chosen by scoring all eight (each is valid;
    a decoder reads which one from the code itself), which was most of qrcode's time.

    Grayscale ("L"), not 1-bit: WeasyPrint turns a 1-bit image into RGB, encodes that as a PNG
    and, writing the PDF, decodes and encodes it again, three times the samples each time; a
    grayscale PNG goes in as it is (/DeviceGray), the same black and white pixels. Nor is it
    optimised here, as WeasyPrint compresses the samples itself. That halves the QR code's cost
    (8.6 -> 4.0 ms per decision) for the same page, pixel for pixel.
    """
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=0)
    qr.add_data(url)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    size = len(matrix)
    image = Image.new("L", (size, size), 255)
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    image = image.resize((size * QR_MODULE_PX, size * QR_MODULE_PX), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def font_subsetter() -> str:
    """Which library cuts the embedded fonts down to the glyphs a decision uses.

    "harfbuzz" when the system has HarfBuzz-Subset >= 4.1 (Debian: libharfbuzz-subset0, in the
    Dockerfile), else "fonttools". Both embed the same glyphs under the same glyph ids (the
    page content is byte for byte the same), but fontTools in pure Python decompiles each
    face's whole GPOS table at every document (about 1 s of CPU for the four Noto Serif faces
    with fontTools 4.68, against about 5 ms with HarfBuzz): without HarfBuzz a worker renders
    a decision about ten times slower (docs/scaling.md, "Decisions and payments").
    """
    harfbuzz = weasyprint_fonts.harfbuzz_subset
    if harfbuzz and weasyprint_fonts.harfbuzz.hb_version_atleast(4, 1, 0):
        return "harfbuzz"
    return "fonttools"


@functools.lru_cache(maxsize=1)
def _font_config() -> FontConfiguration:
    return FontConfiguration()


#: Where italic Noto Serif may be found when static/fonts has none (Debian's fonts-noto-core).
SYSTEM_FONTS = Path("/usr/share/fonts/truetype/noto")


def _font(name: str) -> str:
    for folder in (settings.BASE_DIR / "static" / "fonts", SYSTEM_FONTS):
        if (folder / name).exists():
            return (folder / name).as_uri()
    return ""


@functools.lru_cache(maxsize=1)
def font_urls() -> dict[str, str]:
    """file:// URLs of the Noto Serif faces to embed; italics only where a file exists (the
    decree's italic lines then fall back to upright Noto Serif rather than another family).
    Looked up once per process: the font files do not move while a worker runs."""
    return {
        "regular": _font("NotoSerif-Regular.ttf"),
        "bold": _font("NotoSerif-Bold.ttf"),
        "italic": _font("NotoSerif-Italic.ttf"),
        "bold_italic": _font("NotoSerif-BoldItalic.ttf"),
    }


@functools.lru_cache(maxsize=1)
def _stylesheet() -> CSS:
    """The decision's stylesheet, parsed once per process (with its @font-face rules added to
    the shared FontConfiguration): as a <style> in each decision's HTML, WeasyPrint tokenized
    and parsed it again at every render. The font URLs it names are fixed per process too."""
    css = render_to_string(STYLESHEET, {"fonts": font_urls()})
    return CSS(string=css, base_url=str(settings.BASE_DIR), font_config=_font_config())


def html_render(document: DecisionDocument) -> str:
    context: dict[str, Any] = {
        "d": document,
        "qr": qr_data_uri(document.verify_url),
        "site_url": settings.SITE_URL,
    }
    # The decision is a Vietnamese legal document whatever the reader's language.
    with translation.override("vi"):
        return render_to_string(TEMPLATE, context)


@contextlib.contextmanager
def garbage_collected_after() -> Iterator[None]:
    """No automatic garbage collection while a decision is laid out; one young collection after.

    WeasyPrint's box tree is full of reference cycles and lives for the whole render, so the
    automatic collections run during it (dozens per decision) found nothing to free, promoted
    the tree to the oldest generation, and only a full collection a dozen decisions later freed
    it: about 9 ms of collector per decision. Paused, every object the render made is still in
    the youngest generation when it ends, and one collection of that generation frees the
    document's garbage at once (about 4 ms). The pause is a no-op where the collector was off.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect(0)


def _write(html: str) -> bytes | None:
    # Its own frame, so that the document's objects are unreachable when the caller collects.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[_stylesheet()], font_config=_font_config()
    )


def pdf_render(document: DecisionDocument) -> bytes:
    """The unsigned PDF bytes of `document` (A4, Noto Serif embedded).

    Laid out once: the "page/pages" footer is a counter(pages) in an @page margin box, which
    WeasyPrint fills after pagination without laying the pages out again."""
    return html_to_pdf(html_render(document))


def html_to_pdf(html: str) -> bytes:
    """PDF bytes of a decision's HTML with the decision stylesheet and fonts (parsed once per
    process) and the collector paused during the layout: the benefit decisions and every other
    signed decision (training support) render through here."""
    with garbage_collected_after():
        pdf = _write(html)
    if pdf is None:  # write_pdf without a target always returns the bytes
        raise RuntimeError("WeasyPrint returned no PDF")
    return pdf
