"""The decision as a PDF (WeasyPrint, fonts embedded) with a QR code to the verification page."""

from __future__ import annotations

import base64
import functools
import io
import logging
from pathlib import Path
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

# WeasyPrint reports each layout step at INFO: noise in a worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from claims.decisions.content import DecisionDocument  # noqa: E402

TEMPLATE = "claims/decisions/decision.html"


def qr_data_uri(url: str) -> str:
    """An SVG QR code (medium error correction) as a data: URI for the template."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, box_size=10)
    qr.add_data(url)
    qr.make(fit=True)
    image = qr.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


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


def html_render(document: DecisionDocument) -> str:
    context: dict[str, Any] = {
        "d": document,
        "fonts": font_urls(),
        "qr": qr_data_uri(document.verify_url),
        "site_url": settings.SITE_URL,
    }
    # The decision is a Vietnamese legal document whatever the reader's language.
    with translation.override("vi"):
        return render_to_string(TEMPLATE, context)


def pdf_render(document: DecisionDocument) -> bytes:
    """The unsigned PDF bytes of `document` (A4, Noto Serif embedded)."""
    html = html_render(document)
    config = _font_config()
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=config)
    if pdf is None:  # write_pdf without a target always returns the bytes
        raise RuntimeError("WeasyPrint returned no PDF")
    return pdf
