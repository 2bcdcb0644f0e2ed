"""Checking an uploaded file before it is kept: type by content, size, metadata, active PDFs.

A file is accepted only if it is really a PDF, JPEG or PNG (sniffed from its bytes, never
from its name), at most MAX_BYTES; images are re-encoded from pixels so EXIF/GPS and other
metadata are dropped; a PDF that cannot be parsed or that carries JavaScript, launch actions
or embedded files is refused.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from claims.models import ClaimDocument
    from identity.models import User

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_CLAIM = 10
MAX_IMAGE_PIXELS = 40_000_000  # larger images are refused (decompression bombs)

_PDF_ACTIVE_KEYS = (
    "/JavaScript",
    "/JS",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
)


class DocumentRejected(Exception):  # noqa: N818 - a domain outcome, read as "document rejected"
    """The message is shown to the person who uploaded the file."""


@dataclass(frozen=True)
class CleanDocument:
    content: bytes
    content_type: str
    extension: str
    sha256: str


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def _clean_image(data: bytes, content_type: str) -> bytes:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > MAX_IMAGE_PIXELS:
                raise DocumentRejected(
                    _("Ảnh quá lớn (quá nhiều điểm ảnh). Hãy chụp lại với độ phân giải thấp hơn.")
                )
            img.load()
            # Keep what the camera meant (its EXIF orientation) before the EXIF is dropped.
            upright = ImageOps.exif_transpose(img) or img
            if content_type == "image/jpeg":
                base = upright.convert("RGB")
            else:
                base = (
                    upright
                    if upright.mode in {"RGB", "RGBA", "L", "LA"}
                    else upright.convert("RGBA")
                )
            # Rebuild from the pixels alone: no EXIF, GPS, XMP, ICC, comments or text chunks survive.
            clean = Image.frombytes(base.mode, base.size, base.tobytes())
            out = io.BytesIO()
            if content_type == "image/jpeg":
                clean.save(out, format="JPEG", quality=90)
            else:
                clean.save(out, format="PNG", optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise DocumentRejected(
            _("Không đọc được ảnh này. Hãy chụp hoặc lưu lại ảnh rồi tải lên lần nữa.")
        ) from exc


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DocumentRejected(_("Tệp PDF có mật khẩu. Hãy tải lên bản không đặt mật khẩu."))
        if len(reader.pages) == 0:
            raise DocumentRejected(_("Tệp PDF không có trang nào."))
        for page in reader.pages:
            page.get("/Contents")
    except DocumentRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise DocumentRejected(
            _("Không đọc được tệp PDF này. Hãy lưu lại tệp rồi tải lên lần nữa.")
        ) from exc
    # Scan the raw objects too: an action can hide in any dictionary, not just the catalogue.
    if any(key.encode() in data for key in _PDF_ACTIVE_KEYS):
        raise DocumentRejected(
            _(
                "Tệp PDF có chứa mã chạy tự động hoặc tệp đính kèm nên không được chấp nhận. Hãy in ra PDF lại hoặc chụp ảnh giấy tờ."
            )
        )


def document_clean(upload: UploadedFile) -> CleanDocument:
    """Validate and sanitise one upload, or raise DocumentRejected with a message for the user."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise DocumentRejected(_("Tệp lớn hơn 10 MB. Hãy chọn tệp nhỏ hơn."))
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DocumentRejected(_("Tệp lớn hơn 10 MB. Hãy chọn tệp nhỏ hơn."))
    if not data:
        raise DocumentRejected(_("Tệp trống. Hãy chọn lại tệp."))
    content_type = sniff(data[:16])
    if content_type is None:
        raise DocumentRejected(_("Chỉ nhận tệp PDF, JPG hoặc PNG."))
    if content_type == "application/pdf":
        _check_pdf(data)
        extension = "pdf"
    else:
        data = _clean_image(data, content_type)
        extension = "jpg" if content_type == "image/jpeg" else "png"
    return CleanDocument(
        content=data,
        content_type=content_type,
        extension=extension,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def document_attach(
    *, claim_id: int, upload: UploadedFile, kind: str, uploaded_by: User
) -> ClaimDocument:
    """Check, sanitise and store one upload on a claim (at most MAX_FILES_PER_CLAIM)."""
    from claims.models import Claim, ClaimDocument

    clean = document_clean(upload)
    original = (upload.name or "tep").rsplit("/", 1)[-1][:150]
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        if claim.documents.count() >= MAX_FILES_PER_CLAIM:
            raise DocumentRejected(
                _("Mỗi hồ sơ có tối đa 10 tệp. Hãy xóa bớt tệp không cần thiết.")
            )
        doc = ClaimDocument(
            claim=claim,
            kind=kind,
            original_name=original,
            content_type=clean.content_type,
            size=len(clean.content),
            sha256=clean.sha256,
            uploaded_by=uploaded_by,
        )
        doc.file.save(f"upload.{clean.extension}", ContentFile(clean.content), save=False)
        try:
            doc.save()
        except Exception:
            doc.file.delete(save=False)  # the row failed: leave no orphan file behind
            raise
    return doc
