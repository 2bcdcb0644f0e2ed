"""What makes a decision cheap to sign and draw (issue 11) still gives a valid decision: the kept
private key, the signature room worked out once (and pyHanko's dry run when it is too small),
and the PNG QR code that a phone's reader decodes."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the support module

from __future__ import annotations

import base64
import io
import shutil
import subprocess

import pytest
from PIL import Image

from claims.decisions import pdf, signing
from demo.sample_decision import sample_document
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir

URL = "https://trocap.example/verify/?so=12%2FQ%C4%90-TTDVVL&ma=ABCDEFGHJK"


def _sign(data: bytes) -> signing.Signed:
    return signing.pdf_sign(pdf=data, reason="12/QĐ-TTDVVL", location="Bắc Ninh", signer_name="t")


def test_the_signer_parses_its_key_once_and_signs_validly(monkeypatch):
    document = sample_document(number=7)
    unsigned = pdf.pdf_render(document)
    signer = signing.signer_load()
    assert isinstance(signer, signing.KeptKeySigner)
    parsed = []
    real = signing.serialization.load_der_private_key
    monkeypatch.setattr(
        signing.serialization,
        "load_der_private_key",
        lambda *a, **k: parsed.append(1) or real(*a, **k),
    )
    signer.__dict__.pop("_private_key", None)
    first, second = _sign(unsigned), _sign(unsigned)
    assert len(parsed) == 1
    for signed in (first, second):
        assert signing.pdf_validate(signed.data).ok


def test_too_little_room_for_the_signature_falls_back_to_measuring_it(monkeypatch):
    monkeypatch.setattr(signing, "_bytes_reserved", lambda signer: 64)
    signed = _sign(pdf.pdf_render(sample_document(number=8)))
    assert signing.pdf_validate(signed.data).ok


def _modules(data_uri: str) -> list[list[bool]]:
    png = base64.b64decode(data_uri.removeprefix("data:image/png;base64,"))
    image = Image.open(io.BytesIO(png)).convert("1")
    side = image.width // pdf.QR_MODULE_PX
    assert image.width == image.height == side * pdf.QR_MODULE_PX
    small = image.resize((side, side), Image.Resampling.NEAREST)
    return [[small.getpixel((x, y)) == 0 for x in range(side)] for y in range(side)]


def test_the_qr_png_draws_every_module_of_the_code():
    import qrcode

    expected = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=0
    )
    expected.add_data(URL)
    expected.make(fit=True)
    assert _modules(pdf.qr_data_uri(URL)) == expected.get_matrix()


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbarimg (zbar-tools)")
def test_a_qr_reader_reads_the_verification_link(tmp_path):
    png = base64.b64decode(pdf.qr_data_uri(URL).removeprefix("data:image/png;base64,"))
    image = Image.open(io.BytesIO(png))
    framed = Image.new("1", (image.width + 80, image.height + 80), 1)  # the quiet zone
    framed.paste(image, (40, 40))
    framed.save(tmp_path / "qr.png")
    out = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "qr.png")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.stdout.strip() == URL


def test_the_pdf_carries_the_qr_code_as_the_same_gray_pixels():
    """WeasyPrint embeds the grayscale PNG as it is (no RGB copy): /DeviceGray, 8 bits, the
    module matrix scaled by QR_MODULE_PX, pixel for pixel the image the template was given."""
    from pypdf import PdfReader

    document = sample_document(number=9)
    reader = PdfReader(io.BytesIO(pdf.pdf_render(document)))
    # Both pages name the same resources: one image, listed on each.
    images = list({image.name: image for page in reader.pages for image in page.images}.values())
    assert len(images) == 1
    xobject = images[0].indirect_reference.get_object()
    assert xobject["/ColorSpace"] == "/DeviceGray"
    assert xobject["/BitsPerComponent"] == 8
    png = base64.b64decode(
        pdf.qr_data_uri(document.verify_url).removeprefix("data:image/png;base64,")
    )
    given = Image.open(io.BytesIO(png))
    assert given.mode == "L"
    assert images[0].image.convert("L").tobytes() == given.tobytes()


def test_after_its_first_signature_a_process_keeps_the_collector_off_its_heap():
    """gc.freeze() once the first decision is signed (the mean's excess over the median was
    full collections walking the whole heap every dozen decisions)."""
    import gc

    _sign(pdf.pdf_render(sample_document(number=10)))
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # Django, WeasyPrint and pyHanko's objects at least
    _sign(pdf.pdf_render(sample_document(number=11)))
    assert gc.get_freeze_count() == frozen  # once per process, not at every decision


def test_a_render_runs_one_young_collection_at_its_end_and_none_during_it():
    """The box tree's cycles are freed by one youngest-generation collection when the render
    is over, not promoted through the older generations by dozens of collections during it."""
    import gc

    document = sample_document(number=12)
    pdf.pdf_render(document)  # warm: fonts, stylesheet
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        data = pdf.pdf_render(document)
    finally:
        gc.callbacks.remove(seen)
    assert data.startswith(b"%PDF")
    assert collections == [0]
    assert gc.isenabled()
