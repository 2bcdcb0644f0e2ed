"""The social-security agency's signed extract of a person's record, and its verification.

The seed's hand-off: the portal asks the agency for a person's record and the agency confirms it
with its digital signature. The extract is canonical JSON (employers, spells, months, insured
salaries, whether unemployment insurance was paid, past benefits) with a *detached* JWS
(RFC 7515 appendix F, unencoded payload per RFC 7797: the signature is over the very bytes
kept with the claim), ES256 with the agency's key. The stand-in store signs with a development
key (created like the decision development keys, `manage.py dev_keys`); the portal verifies
against the agency's public keys (SOCIAL_SECURITY_EXTRACT_TRUSTED_KEYS, or the development
public key) and refuses an extract whose bytes, key, algorithm or person do not match.

`SOCIAL_SECURITY_SIGNED_EXTRACTS = False` switches the confirmation off for a deployment whose
agency has no such service: the registry then returns no extract and nothing claims to be
confirmed. See docs/adr/0016-prefilled-claims-and-signed-extracts.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import fcntl
import functools
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

if TYPE_CHECKING:  # the registry imports this module to sign its stand-in's extracts
    from eligibility.registry import PersonRecord

ALGORITHM = "ES256"
#: The JWS "typ" of an extract: a verifier refuses any other signed thing (an ID token, ...).
TYPE = "vn-bhxh-record-extract+json"
FORMAT_VERSION = 1
ISSUER = "BHXH Việt Nam (stand-in)"
#: File names in SOCIAL_SECURITY_EXTRACT_KEYS_DIR (the private key is never committed).
DEV_PRIVATE = "agency-signing-key.pem"
DEV_PUBLIC = "agency-public-key.pem"


class ExtractRefused(Exception):  # noqa: N818 - a verdict, read as "the extract was refused"
    """The extract's signature does not verify (changed bytes, unknown or wrong key, wrong
    person, unreadable): it is not a confirmation and must not be kept as one."""

    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code
        super().__init__(f"{code}: {detail}" if detail else code)


@dataclass(frozen=True)
class SignedExtract:
    """What the agency returned: the exact payload bytes and the detached compact JWS."""

    payload: bytes
    signature: str  # "<protected header>..<signature>", the payload left out

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.payload).hexdigest()


@dataclass(frozen=True)
class VerifiedExtract:
    """An extract whose signature verified with a trusted key of the agency."""

    payload: bytes
    signature: str
    data: dict[str, Any]
    key_id: str
    issued_at: dt.datetime

    @property
    def personal_id(self) -> str:
        return str(self.data["personal_id"])

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.payload).hexdigest()


def enabled() -> bool:
    """Whether this deployment asks for (and shows) the agency's signed confirmation."""
    return bool(getattr(settings, "SOCIAL_SECURITY_SIGNED_EXTRACTS", True))


# --- The extract's content --------------------------------------------------------------------


def extract_content(record: PersonRecord, *, issued_at: dt.datetime) -> dict[str, Any]:
    """The record as the agency certifies it: every employer, month, salary and UI payment."""
    return {
        "v": FORMAT_VERSION,
        "issuer": ISSUER,
        "issued_at": issued_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "personal_id": record.personal_id,
        "social_insurance_code": record.social_insurance_code,
        "full_name": record.full_name,
        "birth_date": record.birth_date.isoformat(),
        "employers": [{"tax_code": e.tax_code, "name": e.name} for e in record.employers],
        "spells": [
            {
                "employer_tax_code": s.employer.tax_code,
                "contract_type": s.contract_type,
                "start_date": s.start_date.isoformat(),
                "end_date": s.end_date.isoformat() if s.end_date else None,
                "termination_reason": s.termination_reason,
            }
            for s in record.spells
        ],
        "contributions": [
            {
                "month": c.month.strftime("%Y-%m"),
                "employer_tax_code": c.employer_tax_code,
                "insured_salary": c.insured_salary,
                "ui_paid": c.ui_paid,
            }
            for c in record.contributions
        ],
        "ui_paid_months": len(record.ui_months),
        "benefits": [
            {
                "decision_number": b.decision_number,
                "start_date": b.start_date.isoformat(),
                "end_date": b.end_date.isoformat(),
                "months_granted": b.months_granted,
            }
            for b in record.benefits
        ],
    }


def canonical_bytes(content: dict[str, Any]) -> bytes:
    """One byte string per content: sorted keys, no spaces, UTF-8 (what is signed and kept)."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# --- Keys ---------------------------------------------------------------------------------------


def _keys_dir() -> Path:
    default = Path(settings.VAR_DIR) / "keys" / "social_security"
    return Path(getattr(settings, "SOCIAL_SECURITY_EXTRACT_KEYS_DIR", "") or default)


def _write(path: Path, data: bytes, *, private: bool) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def dev_key_ensure(*, directory: Path | None = None) -> tuple[Path, Path, bool]:
    """The stand-in agency's development key pair in `directory`, created if missing.

    Returns (private key path, public key path, created). Only the stand-in reads the private
    key; the portal reads the public one. Like the decision development CA, never for real use.
    """
    directory = directory or _keys_dir()
    private, public = directory / DEV_PRIVATE, directory / DEV_PUBLIC
    if private.exists() and public.exists():
        return private, public, False
    directory.mkdir(parents=True, exist_ok=True)
    # Two processes at once (web and worker): the lock makes exactly one key pair.
    with open(directory / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if private.exists() and public.exists():
                return private, public, False
            key = ec.generate_private_key(ec.SECP256R1())
            pem = serialization.Encoding.PEM
            _write(
                private,
                key.private_bytes(
                    pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                ),
                private=True,
            )
            _write(
                public,
                key.public_key().public_bytes(pem, serialization.PublicFormat.SubjectPublicKeyInfo),
                private=False,
            )
            return private, public, True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def key_id(public_key: ec.EllipticCurvePublicKey) -> str:
    """RFC 7638 JWK thumbprint of a P-256 public key (the JWS "kid")."""
    numbers = public_key.public_numbers()

    def b64(value: int) -> str:
        return base64.urlsafe_b64encode(value.to_bytes(32, "big")).rstrip(b"=").decode()

    jwk = json.dumps(
        {"crv": "P-256", "kty": "EC", "x": b64(numbers.x), "y": b64(numbers.y)},
        separators=(",", ":"),
        sort_keys=True,
    )
    return base64.urlsafe_b64encode(hashlib.sha256(jwk.encode()).digest()).rstrip(b"=").decode()


@functools.lru_cache(maxsize=8)
def _load_private(path: str, mtime: float) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ImproperlyConfigured(f"{path} is not an EC (P-256) private key")
    return key


@functools.lru_cache(maxsize=16)
def _load_public(path: str, mtime: float) -> ec.EllipticCurvePublicKey:
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"The agency's public key {path} cannot be read: {exc}") from exc
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ImproperlyConfigured(f"{path} is not an EC (P-256) public key")
    return key


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError as exc:
        raise ImproperlyConfigured(f"{path} cannot be read: {exc}") from exc


def stand_in_signing_key() -> ec.EllipticCurvePrivateKey:
    """The stand-in agency's private key: SOCIAL_SECURITY_EXTRACT_SIGNING_KEY or the dev key."""
    configured = getattr(settings, "SOCIAL_SECURITY_EXTRACT_SIGNING_KEY", "")
    if configured:
        path = Path(configured)
    elif settings.PRODUCTION:
        raise ImproperlyConfigured(
            "The social-security stand-in has no signing key in production: set "
            "SOCIAL_SECURITY_EXTRACT_SIGNING_KEY, or SOCIAL_SECURITY_SIGNED_EXTRACTS=false"
        )
    else:
        path = dev_key_ensure()[0]
    return _load_private(str(path), _mtime(path))


def trusted_keys() -> dict[str, ec.EllipticCurvePublicKey]:
    """The agency's public keys the portal accepts, by key id (several during a rotation)."""
    configured = list(getattr(settings, "SOCIAL_SECURITY_EXTRACT_TRUSTED_KEYS", []) or [])
    if configured:
        paths = [Path(p) for p in configured]
    elif settings.PRODUCTION:
        raise ImproperlyConfigured(
            "SOCIAL_SECURITY_EXTRACT_TRUSTED_KEYS must name the agency's public key(s), or set "
            "SOCIAL_SECURITY_SIGNED_EXTRACTS=false"
        )
    else:
        paths = [dev_key_ensure()[1]]
    keys = [_load_public(str(p), _mtime(p)) for p in paths]
    return {key_id(k): k for k in keys}


# --- Signing (the stand-in agency's side) -------------------------------------------------------


def extract_sign(
    content: dict[str, Any], *, key: ec.EllipticCurvePrivateKey | None = None
) -> SignedExtract:
    """Sign `content` as the agency: canonical bytes and a detached, unencoded-payload JWS."""
    key = key or stand_in_signing_key()
    payload = canonical_bytes(content)
    token = jwt.api_jws.PyJWS().encode(
        payload,
        key,
        algorithm=ALGORITHM,
        headers={"kid": key_id(key.public_key()), "typ": TYPE},
        is_payload_detached=True,
    )
    return SignedExtract(payload=payload, signature=token)


def record_extract_sign(
    record: PersonRecord, *, issued_at: dt.datetime | None = None
) -> SignedExtract:
    """The stand-in's answer to "confirm this person's record": the signed extract."""
    return extract_sign(extract_content(record, issued_at=issued_at or timezone.now()))


# --- Verification (the portal's side) -----------------------------------------------------------


def extract_verify(
    extract: SignedExtract,
    *,
    personal_id: str | None = None,
    keys: dict[str, ec.EllipticCurvePublicKey] | None = None,
) -> VerifiedExtract:
    """Verify the agency's signature over exactly these bytes; ExtractRefused says why not.

    Refused: a payload changed by one byte, a signature by another key (or a key the portal
    does not trust), another algorithm or type, a token carrying its own payload, content that
    is not an extract, and (given `personal_id`) an extract about someone else.
    """
    keys = trusted_keys() if keys is None else keys
    try:
        header = jwt.get_unverified_header(extract.signature)
    except jwt.PyJWTError as exc:
        raise ExtractRefused("unreadable", str(exc)) from exc
    if header.get("alg") != ALGORITHM or header.get("typ") != TYPE:
        raise ExtractRefused("wrong_type", f"{header.get('alg')} {header.get('typ')}")
    if header.get("b64", True) is not False:
        raise ExtractRefused("not_detached")
    key = keys.get(str(header.get("kid", "")))
    if key is None:
        raise ExtractRefused("unknown_key", str(header.get("kid", ""))[:60])
    try:
        jwt.api_jws.PyJWS().decode_complete(
            extract.signature, key, algorithms=[ALGORITHM], detached_payload=extract.payload
        )
    except jwt.InvalidSignatureError as exc:
        raise ExtractRefused("bad_signature") from exc
    except jwt.PyJWTError as exc:
        raise ExtractRefused("unreadable", str(exc)) from exc
    try:
        data = json.loads(extract.payload.decode())
        issued_at = dt.datetime.fromisoformat(data["issued_at"])
        subject = str(data["personal_id"])
        version = data["v"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise ExtractRefused("not_an_extract", str(exc)[:100]) from exc
    if version != FORMAT_VERSION:
        raise ExtractRefused("not_an_extract", f"version {version}")
    if issued_at.tzinfo is None:
        raise ExtractRefused("not_an_extract", "issued_at without a time zone")
    if personal_id is not None and subject != personal_id:
        raise ExtractRefused("other_person")
    return VerifiedExtract(
        payload=extract.payload,
        signature=extract.signature,
        data=data,
        key_id=str(header["kid"]),
        issued_at=issued_at,
    )


def records_extracts_sign(records: Iterable[PersonRecord]) -> dict[str, SignedExtract]:
    """Signed extracts of several records at once (one key load, one timestamp)."""
    key = stand_in_signing_key()
    now = timezone.now()
    return {
        r.personal_id: extract_sign(extract_content(r, issued_at=now), key=key) for r in records
    }


# --- Asking the registry (the one way in) ------------------------------------------------------


@runtime_checkable
class SignsExtracts(Protocol):
    """A registry (eligibility.registry) that also returns the agency's signed extracts.

    Optional: a registry without it (an agency with no such service) confirms nothing, as does
    SOCIAL_SECURITY_SIGNED_EXTRACTS=False.
    """

    def signed_extracts(self, personal_ids: Iterable[str]) -> dict[str, SignedExtract]:
        """The signed extract of each known person's record (unknown ids are left out)."""
        ...


@dataclass(frozen=True)
class ConfirmedExtracts:
    verified: dict[str, VerifiedExtract]
    refused: dict[str, str]  # personal_id -> why (ExtractRefused.code)


def confirmed_extracts(
    personal_ids: Iterable[str], *, registry: object, records: dict[str, Any] | None = None
) -> ConfirmedExtracts:
    """Ask the agency, through the registry, for signed extracts and verify each one here.

    An extract that does not verify (a changed byte, another key, someone else's record) is
    left out of `verified` and named in `refused`: it is never kept as a confirmation.
    """
    ids = sorted({str(p) for p in personal_ids})
    if not ids or not enabled() or not isinstance(registry, SignsExtracts):
        return ConfirmedExtracts(verified={}, refused={})
    keys = trusted_keys()
    verified: dict[str, VerifiedExtract] = {}
    refused: dict[str, str] = {}
    if records is not None and getattr(registry, "signs_given_records", False):
        # The stand-in signs the records just read (half the cost of a 2,600-worker notice).
        signed = registry.signed_extracts(ids, records=records)  # type: ignore[call-arg]
    else:
        signed = registry.signed_extracts(ids)
    for personal_id, extract in signed.items():
        try:
            verified[personal_id] = extract_verify(extract, personal_id=personal_id, keys=keys)
        except ExtractRefused as refusal:
            refused[personal_id] = refusal.code
    return ConfirmedExtracts(verified=verified, refused=refused)
