"""Hostile PDFs for the upload tests, built from pypdf objects.

pypdf's writer neither escapes names nor writes object streams, so `assemble` serialises the
objects itself: classic cross-reference table, or (``object_stream=True``) every non-stream
object packed in one Flate-compressed /ObjStm with a cross-reference stream, as PDF 1.5 writers
do. ``escape`` maps a name to the way it is written (``{"/JavaScript": "/J#61vaScript"}``).
"""

from __future__ import annotations

import io
import re
import zlib

from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)


class Ref(IndirectObject):
    """An indirect reference to object number n of the document being assembled."""

    def __init__(self, n: int) -> None:
        super().__init__(n, 0, None)  # type: ignore[arg-type]


def name(value: str) -> NameObject:
    return NameObject(value)


def text(value: str) -> TextStringObject:
    return TextStringObject(value)


def dictionary(**entries: PdfObject) -> DictionaryObject:
    return DictionaryObject({NameObject("/" + key): value for key, value in entries.items()})


def _serialise(obj: PdfObject, escape: dict[str, str]) -> bytes:
    out = io.BytesIO()
    obj.write_to_stream(out)
    data = out.getvalue()
    for plain, escaped in escape.items():
        # A whole name only: followed by a delimiter, so "/JS" does not touch "/JSON".
        pattern = re.escape(plain.encode()) + rb"(?=[\s/<>\[\]()])"
        data = re.sub(pattern, escaped.encode(), data)
    return data


def page_objects(*, annotations: list[PdfObject] | None = None, **page_extra: PdfObject):
    """Objects 1-4 of a one-page document: catalogue, pages, page, empty content stream."""
    content = StreamObject()
    content.set_data(b"BT ET")
    page = dictionary(
        Type=name("/Page"),
        Parent=Ref(2),
        MediaBox=ArrayObject(
            [NumberObject(0), NumberObject(0), NumberObject(595), NumberObject(842)]
        ),
        Contents=Ref(4),
        Resources=DictionaryObject(),
        **page_extra,
    )
    if annotations:
        page[NameObject("/Annots")] = ArrayObject(annotations)
    return {
        1: dictionary(Type=name("/Catalog"), Pages=Ref(2)),
        2: dictionary(Type=name("/Pages"), Kids=ArrayObject([Ref(3)]), Count=NumberObject(1)),
        3: page,
        4: content,
    }


def assemble(
    objects: dict[int, PdfObject],
    *,
    escape: dict[str, str] | None = None,
    object_stream: bool = False,
) -> bytes:
    escape = escape or {}
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    size = max(objects) + 1
    if not object_stream:
        offsets: dict[int, int] = {}
        for n in sorted(objects):
            offsets[n] = out.tell()
            out.write(b"%d 0 obj\n" % n + _serialise(objects[n], escape) + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        for n in range(1, size):
            out.write(
                b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
            )
        out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
        return out.getvalue()

    packed = [n for n in sorted(objects) if not isinstance(objects[n], StreamObject)]
    plain = [n for n in sorted(objects) if isinstance(objects[n], StreamObject)]
    objstm_n, xref_n = size, size + 1
    bodies = [_serialise(objects[n], escape) for n in packed]
    header, body, position = [], b"", 0
    for n, data in zip(packed, bodies, strict=True):
        header.append(b"%d %d" % (n, position))
        body += data + b"\n"
        position = len(body)
    head = b" ".join(header) + b"\n"
    entries: dict[int, tuple[int, int, int]] = {}
    for n in plain:
        entries[n] = (1, out.tell(), 0)
        out.write(b"%d 0 obj\n" % n + _serialise(objects[n], escape) + b"\nendobj\n")
    compressed = zlib.compress(head + body)
    entries[objstm_n] = (1, out.tell(), 0)
    out.write(
        b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (objstm_n, len(packed), len(head), len(compressed))
        + compressed
        + b"\nendstream\nendobj\n"
    )
    for index, n in enumerate(packed):
        entries[n] = (2, objstm_n, index)
    entries[xref_n] = (1, out.tell(), 0)
    rows = b"".join(
        bytes([kind]) + value.to_bytes(4, "big") + extra.to_bytes(2, "big")
        for kind, value, extra in (entries.get(n, (0, 0, 0xFFFF)) for n in range(xref_n + 1))
    )
    xref_offset = out.tell()
    out.write(
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % (xref_n, xref_n + 1, len(rows))
        + rows
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    )
    return out.getvalue()
