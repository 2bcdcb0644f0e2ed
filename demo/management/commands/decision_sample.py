"""Render and sign a sample approval decision from the demo data; print its fingerprints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.decisions.services import document_sign
from claims.decisions.signing import pdf_validate
from demo.sample_decision import sample_document


class Command(BaseCommand):
    help = (
        "Render and sign a sample approval decision (the clean demo worker) to OUT.pdf, print "
        "its number, SHA-256, the certificate fingerprint and the signature's validation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="where to write the signed PDF")

    def handle(self, *args: Any, **options: Any) -> None:
        document = sample_document(from_store=True)
        signed = document_sign(document)
        out = Path(options["out"])
        out.write_bytes(signed.data)
        check = pdf_validate(signed.data)
        self.stdout.write(f"Written: {out} ({len(signed.data)} bytes)")
        self.stdout.write(f"Number: {document.number}   verification code: {document.code_display}")
        self.stdout.write(f"SHA-256: {signed.sha256}")
        self.stdout.write(f"Certificate: {signed.cert_subject}")
        self.stdout.write(f"Certificate SHA-256 fingerprint: {signed.cert_fingerprint}")
        verdict = "valid, intact and trusted" if check.ok else f"NOT valid ({check})"
        self.stdout.write(f"Signature: {verdict}; signed at {check.signing_time}")
