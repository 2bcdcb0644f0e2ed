"""`manage.py decision_sample OUT.pdf` writes a valid signed sample approval."""
# ruff: noqa: F401 - pytest fixtures imported from the support module

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from claims.decisions import signing
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir


@pytest.mark.django_db(databases="__all__")
def test_the_sample_is_a_signed_approval(tmp_path, capsys):
    out = tmp_path / "mau.pdf"
    call_command("decision_sample", str(out))
    data = out.read_bytes()
    printed = capsys.readouterr().out
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() in printed
    assert "valid, intact and trusted" in printed
    check = signing.pdf_validate(data)
    assert check.ok and check.cert_fingerprint in printed
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Nguyễn Thị Hoa" in text and "4.200.000 đồng" in text
    assert "Bốn triệu hai trăm nghìn đồng" in text
