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
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from claims.core.models import Claim, ClaimDocument

if TYPE_CHECKING:
    from claims.models import ClaimDocument
    from identity.models import User

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_CLAIM = 10
MAX_IMAGE_PIXELS = 40_000_000  # larger images are refused (decompression bombs)

# Keys that make a PDF do something by itself (scripts, launched programs, attached files,
# rich media, XFA forms, "additional actions" fired on open/close/page view), wherever they are.
_PDF_ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/EF", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA"}
)
# Action types (the /S of an action dictionary) that run code, start programs, send data away
# or open another file. A GoTo inside the document and an https link are all a scan may have.
_PDF_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/ImportData",
        "/SubmitForm",
        "/ResetForm",
        "/GoToR",
        "/GoToE",
        "/Rendition",
        "/RichMediaExecute",
        "/Movie",
        "/Sound",
        "/Hide",
        "/SetOCGState",
        "/GoTo3DView",
    }
)
_PDF_MAX_OBJECTS = 50_000  # more than any scan or printed form; a bigger graph is refused


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


class _ActivePdf(Exception):  # noqa: N818 - internal signal, turned into DocumentRejected
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _pdf_active_message() -> str:
    return _(
        "Tệp PDF có chứa mã chạy tự động hoặc tệp đính kèm nên không được chấp nhận. Hãy in ra PDF lại hoặc chụp ảnh giấy tờ."
    )


def _resolved(obj: Any, key: str) -> Any:
    """The value under key with indirect references followed ("" when absent)."""
    value = obj.get(key)
    return "" if value is None else value.get_object()


def _check_pdf_dictionary(obj: Any) -> None:
    """Refuse one parsed dictionary that is (or carries) an active element.

    Names are compared after pypdf has parsed them, so an escaped name (``/J#61vaScript``)
    is already ``/JavaScript`` here.
    """

    for key in obj:
        if str(key) in _PDF_ACTIVE_KEYS:
            raise _ActivePdf(_pdf_active_message())
    action = str(_resolved(obj, "/S"))
    if action in _PDF_ACTIVE_ACTIONS:
        raise _ActivePdf(_pdf_active_message())
    if action == "/URI":
        uri = _resolved(obj, "/URI")
        text = uri.decode("latin-1") if isinstance(uri, bytes) else str(uri)
        if not text.strip().lower().startswith("https://"):
            raise _ActivePdf(
                _(
                    "Tệp PDF có liên kết không an toàn (không phải https). Hãy in ra PDF lại hoặc chụp ảnh giấy tờ."
                )
            )
    # The document's open action may only show a page: a destination or a GoTo.
    if str(_resolved(obj, "/Type")) == "/Catalog" and "/OpenAction" in obj:
        opened = _resolved(obj, "/OpenAction")
        if isinstance(opened, DictionaryObject) and str(_resolved(opened, "/S")) != "/GoTo":
            raise _ActivePdf(_pdf_active_message())
    # /Names /JavaScript and /Names /EmbeddedFiles are refused by the key check above.


def _walk_pdf(reader: Any) -> None:
    """Visit every object of the parsed document: reachable from the trailer, and every
    object the cross-reference tables and object streams list (an action need not be linked)."""

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    for generation, entries in reader.xref.items():
        stack.extend(IndirectObject(idnum, generation, reader) for idnum in entries)
    stack.extend(IndirectObject(idnum, 0, reader) for idnum in reader.xref_objStm)
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            ref = (item.idnum, item.generation)
            if ref in seen:
                continue
            seen.add(ref)
            if len(seen) > _PDF_MAX_OBJECTS:
                raise DocumentRejected(
                    _("Tệp PDF quá phức tạp. Hãy in ra PDF lại hoặc chụp ảnh giấy tờ.")
                )
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams are dictionaries too
            _check_pdf_dictionary(item)
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _check_pdf(data: bytes) -> None:
    """Parse the PDF and refuse it when it is encrypted, empty, unreadable or active.

    The decision is taken on pypdf's parsed objects, not on raw bytes: names may be escaped
    (``/L#61unch``) and objects may sit inside compressed object streams.
    """

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DocumentRejected(_("Tệp PDF có mật khẩu. Hãy tải lên bản không đặt mật khẩu."))
        if len(reader.pages) == 0:
            raise DocumentRejected(_("Tệp PDF không có trang nào."))
        _walk_pdf(reader)
    except DocumentRejected:
        raise
    except _ActivePdf as active:
        raise DocumentRejected(active.message) from None
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
        IndexError,
        OSError,
    ) as exc:
        raise DocumentRejected(
            _("Không đọc được tệp PDF này. Hãy lưu lại tệp rồi tải lên lần nữa.")
        ) from exc


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
    clean = document_clean(upload)  # before the lock: it keeps the lock short
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        return _document_store(claim, clean, upload=upload, kind=kind, uploaded_by=uploaded_by)


def document_attach_locked(
    *, claim: Claim, upload: UploadedFile, kind: str, uploaded_by: User, held: int | None = None
) -> ClaimDocument:
    """document_attach on a claim the caller holds locked (select_for_update) in its own
    transaction: the one-call filing attaches its files to the draft it answers. `held` is
    how many files the claim holds, when the caller knows it (a draft its transaction
    created holds those it attached): not counted again."""
    clean = document_clean(upload)
    return _document_store(
        claim, clean, upload=upload, kind=kind, uploaded_by=uploaded_by, held=held
    )


def _document_store(
    claim: Claim,
    clean: CleanDocument,
    *,
    upload: UploadedFile,
    kind: str,
    uploaded_by: User,
    held: int | None = None,
) -> ClaimDocument:
    if (claim.documents.count() if held is None else held) >= MAX_FILES_PER_CLAIM:
        raise DocumentRejected(_("Mỗi hồ sơ có tối đa 10 tệp. Hãy xóa bớt tệp không cần thiết."))
    doc = ClaimDocument(
        claim=claim,
        kind=kind,
        original_name=(upload.name or "tep").rsplit("/", 1)[-1][:150],
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
