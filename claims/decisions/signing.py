"""The center's PAdES signature on a decision (pyHanko), its validation, and the development CA.

Keys come from settings: DECISION_SIGNING_PKCS12 (+ _PASSWORD), or DECISION_SIGNING_KEY +
DECISION_SIGNING_CERT (+ DECISION_SIGNING_CHAIN). With neither, a development or test run uses
(and on first use creates) a development CA and signing certificate in DECISION_KEYS_DIR, as
`manage.py dev_keys` does; production refuses with ImproperlyConfigured. See docs/adr/0007.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import fcntl
import functools
import gc
import hashlib
import io
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

FIELD_NAME = "QuyetDinh"
DEV_CA_NAME = "TroCap Development CA"
DEV_SIGNER_NAME = "Trung tâm Dịch vụ việc làm (development)"
#: File names inside DECISION_KEYS_DIR.
DEV_FILES = {
    "ca_cert": "dev-ca.pem",
    "ca_key": "dev-ca-key.pem",
    "cert": "signing-cert.pem",
    "key": "signing-key.pem",
}


# --- Configuration --------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningConfig:
    pkcs12: str = ""
    pkcs12_password: str = ""
    key: str = ""
    cert: str = ""
    chain: tuple[str, ...] = ()
    key_password: str = ""


def production_configured() -> bool:
    """True when settings name a real signing key (PKCS#12, or key + certificate)."""
    return bool(settings.DECISION_SIGNING_PKCS12 or settings.DECISION_SIGNING_KEY)


def signing_config() -> SigningConfig:
    """The configured key material; the development keys when none is set (not in production)."""
    if settings.DECISION_SIGNING_PKCS12:
        return SigningConfig(
            pkcs12=str(settings.DECISION_SIGNING_PKCS12),
            pkcs12_password=settings.DECISION_SIGNING_PKCS12_PASSWORD,
        )
    if settings.DECISION_SIGNING_KEY or settings.DECISION_SIGNING_CERT:
        if not (settings.DECISION_SIGNING_KEY and settings.DECISION_SIGNING_CERT):
            raise ImproperlyConfigured(
                "DECISION_SIGNING_KEY and DECISION_SIGNING_CERT must be set together"
            )
        return SigningConfig(
            key=str(settings.DECISION_SIGNING_KEY),
            cert=str(settings.DECISION_SIGNING_CERT),
            chain=tuple(str(p) for p in settings.DECISION_SIGNING_CHAIN),
            key_password=settings.DECISION_SIGNING_KEY_PASSWORD,
        )
    if settings.PRODUCTION:
        raise ImproperlyConfigured(
            "Decisions cannot be signed: set DECISION_SIGNING_PKCS12 (+ _PASSWORD) or "
            "DECISION_SIGNING_KEY + DECISION_SIGNING_CERT (+ DECISION_SIGNING_CHAIN)"
        )
    paths = dev_keys_ensure(directory=Path(settings.DECISION_KEYS_DIR))[0]
    return SigningConfig(
        key=str(paths["key"]), cert=str(paths["cert"]), chain=(str(paths["ca_cert"]),)
    )


def trust_root_paths() -> list[str]:
    """PEM files of the certificates a valid decision must chain to."""
    if settings.DECISION_TRUST_ROOTS:
        return [str(p) for p in settings.DECISION_TRUST_ROOTS]
    if settings.PRODUCTION:
        raise ImproperlyConfigured("DECISION_TRUST_ROOTS must name the signing CA's certificate")
    return [str(dev_keys_ensure(directory=Path(settings.DECISION_KEYS_DIR))[0]["ca_cert"])]


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ImproperlyConfigured(f"{what} {path} cannot be read: {exc}") from exc


class KeptKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner with the private key parsed once, not at every signature.

    SimpleSigner.sign_raw turns its PKCS#8 bytes back into a key object for each signature
    (twice per decision: the size estimate and the real one), and that parse, with OpenSSL's
    RSA consistency check, cost about 100-200 ms each, far more than the RSA signature itself.
    RSA (PKCS#1 v1.5 or PSS) and ECDSA use the kept key; any other mechanism the parent's way.
    """

    @classmethod
    def from_signer(cls, signer: signers.SimpleSigner) -> KeptKeySigner:
        return cls(
            signing_cert=signer.signing_cert,
            signing_key=signer.signing_key,
            cert_registry=signer.cert_registry,
            signature_mechanism=signer.signature_mechanism,
            prefer_pss=signer.prefer_pss,
            embed_roots=signer.embed_roots,
        )

    @functools.cached_property
    def _private_key(self) -> PrivateKeyTypes:
        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism_spec = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:  # as SimpleSigner.sign_raw reads it: "sha256_rsa" is "rsassa_pkcs1v15"
            mechanism = mechanism_spec.signature_algo
        except ValueError:
            mechanism = mechanism_spec["algorithm"].native
        key = self._private_key
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        if mechanism == "rsassa_pss" and isinstance(key, rsa.RSAPrivateKey):
            pss, hash_algo = process_pss_params(mechanism_spec["parameters"])
            return key.sign(data, pss, hash_algo)
        if mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        return super().sign_raw(data, digest_algorithm)


@functools.lru_cache(maxsize=4)
def _signer(config: SigningConfig) -> signers.SimpleSigner:
    if config.pkcs12:
        _read(config.pkcs12, "DECISION_SIGNING_PKCS12")
        signer = signers.SimpleSigner.load_pkcs12(
            config.pkcs12, passphrase=config.pkcs12_password.encode() or None
        )
    else:
        _read(config.key, "DECISION_SIGNING_KEY")
        _read(config.cert, "DECISION_SIGNING_CERT")
        for path in config.chain:
            _read(path, "DECISION_SIGNING_CHAIN")
        signer = signers.SimpleSigner.load(
            config.key,
            config.cert,
            ca_chain_files=config.chain or None,
            key_passphrase=config.key_password.encode() or None,
        )
    if signer is None:
        raise ImproperlyConfigured("The decision signing key or certificate cannot be loaded")
    return KeptKeySigner.from_signer(signer)


def signer_load() -> signers.SimpleSigner:
    return _signer(signing_config())


def _load_pem_certs(path: str) -> list[asn1_x509.Certificate]:
    data = _read(path, "DECISION_TRUST_ROOTS")
    return [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
        for c in x509.load_pem_x509_certificates(data)
    ]


@functools.lru_cache(maxsize=4)
def _roots(paths: tuple[str, ...]) -> tuple[asn1_x509.Certificate, ...]:
    return tuple(cert for path in paths for cert in _load_pem_certs(path))


def certificate_fingerprint(cert: asn1_x509.Certificate) -> str:
    return hashlib.sha256(cert.dump()).hexdigest()


# --- Signing and validation -----------------------------------------------------------------

T = TypeVar("T")


def _sync(fn: Callable[[], T]) -> T:
    """Run `fn` here, or in a helper thread when this thread runs an event loop: pyHanko's
    synchronous API calls asyncio.run(), which refuses to nest (ASGI code, browser tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


@dataclass(frozen=True)
class Signed:
    data: bytes
    sha256: str
    cert_fingerprint: str
    cert_subject: str


@functools.lru_cache(maxsize=4)
def _bytes_reserved(signer: signers.SimpleSigner) -> int:
    """Room for the signature container, in hex digits, worked out once per key.

    Without it pyHanko signs every document twice (a dry run to measure the container, then the
    real one). The container holds the certificates, the signature and the signed attributes;
    half as much again is left free, as pyHanko's own estimate does.
    """
    certs = [signer.signing_cert, *signer.cert_registry]
    der = sum(len(cert.dump()) for cert in certs if cert is not None)
    key_bytes = len(signer.signing_key.dump())
    return 2 * (3 * (der + key_bytes + 2048) // 2)


@functools.cache
def heap_settle() -> None:
    """Once per process, after its first signed decision: keep the collector off the heap
    that outlives every decision (Django, WeasyPrint's fonts and stylesheet, the key).

    Each decision leaves cyclic garbage (WeasyPrint's box trees), so a full collection runs
    every dozen or so decisions, and it traversed the whole heap of ~200,000 objects each time:
    100-135 ms in one decision, about 12 ms per decision on average, the mean's excess over the
    median. gc.freeze() moves what is alive now to the permanent generation (after a collection,
    so no garbage is kept); later collections look only at what the documents left, which
    still frees it as before (about 4 ms per decision; docs/scaling.md, "Signed decisions").
    """
    gc.collect()
    gc.freeze()


def pdf_sign(*, pdf: bytes, reason: str, location: str, signer_name: str) -> Signed:
    """Sign `pdf` (PAdES B-B, SHA-256) with the configured key, as an invisible signature."""
    signer = signer_load()
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        name=signer_name,
    )
    reserved = _bytes_reserved(signer)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        out = _sync(
            lambda: signers.PdfSigner(meta, signer=signer).sign_pdf(writer, bytes_reserved=reserved)
        )
    except SigningError:  # a chain larger than foreseen: let pyHanko measure it with a dry run
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        out = _sync(lambda: signers.PdfSigner(meta, signer=signer).sign_pdf(writer))
    data = out.getvalue() if isinstance(out, io.BytesIO) else out.read()
    cert = signer.signing_cert
    if cert is None:
        raise ImproperlyConfigured("The decision signing key has no certificate")
    heap_settle()
    return Signed(
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        cert_fingerprint=certificate_fingerprint(cert),
        cert_subject=cert.subject.human_friendly,
    )


@dataclass(frozen=True)
class Validation:
    signed: bool  # a signature was found and could be read at all
    intact: bool  # the signed bytes were not changed
    valid: bool  # the cryptographic signature is correct
    trusted: bool  # the certificate chains to a configured trust root
    covers_whole_file: bool  # nothing was appended after the signature
    signer_subject: str = ""
    cert_fingerprint: str = ""
    signing_time: dt.datetime | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return (
            self.signed and self.intact and self.valid and self.trusted and self.covers_whole_file
        )


def pdf_validate(data: bytes) -> Validation:
    """Validate the decision's signature against DECISION_TRUST_ROOTS (no network fetching)."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # a broken or hostile file is "not validly signed", never a crash
        return Validation(False, False, False, False, False, problem=f"unreadable: {exc}"[:200])
    if not signatures:
        return Validation(False, False, False, False, False, problem="no signature")
    signature = signatures[-1]
    context = ValidationContext(
        trust_roots=list(_roots(tuple(trust_root_paths()))), allow_fetching=False
    )
    try:
        status = _sync(lambda: validate_pdf_signature(signature, context))
    except Exception as exc:
        return Validation(True, False, False, False, False, problem=f"invalid: {exc}"[:200])
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    cert = status.signing_cert
    return Validation(
        signed=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=whole,
        signer_subject=cert.subject.human_friendly if cert is not None else "",
        cert_fingerprint=certificate_fingerprint(cert) if cert is not None else "",
        signing_time=status.signer_reported_dt,
    )


# --- Development CA -------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    # Two processes starting at once (web and worker) must not create two different CAs.
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "TroCap (development, not for real use)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _write(path: Path, data: bytes, *, private: bool = False) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def dev_keys_create(*, directory: Path, now: dt.datetime | None = None) -> dict[str, Path]:
    """Write a fresh development root CA and a signing certificate it issued (PEM files)."""
    now = now or dt.datetime.now(dt.UTC)
    # Valid from long before today: demo and test scenarios are dated in the past (frozen
    # clocks), and a development certificate proves nothing about time anyway.
    start = min(now - dt.timedelta(days=1), dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name(DEV_CA_NAME)
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(DEV_SIGNER_NAME))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(now + dt.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation: a decision, not a login
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    paths = {name: directory / file for name, file in DEV_FILES.items()}
    pem = serialization.Encoding.PEM
    no_password = serialization.NoEncryption()
    pkcs8 = serialization.PrivateFormat.PKCS8
    _write(paths["ca_key"], ca_key.private_bytes(pem, pkcs8, no_password), private=True)
    _write(paths["key"], key.private_bytes(pem, pkcs8, no_password), private=True)
    _write(paths["ca_cert"], ca_cert.public_bytes(pem))
    _write(paths["cert"], cert.public_bytes(pem))  # written last: its presence means "complete"
    return paths


def dev_keys_ensure(*, directory: Path) -> tuple[dict[str, Path], bool]:
    """The development CA and signing certificate in `directory`, created if missing."""
    paths = {name: directory / file for name, file in DEV_FILES.items()}
    if all(p.exists() for p in paths.values()):
        return paths, False
    with _locked(directory):
        if all(p.exists() for p in paths.values()):
            return paths, False
        return dev_keys_create(directory=directory), True
