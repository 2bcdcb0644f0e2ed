"""Filing a whole claim in one call (the phone's way): answers and files in, submitted claim out.

The same services as the step-by-step pages (claims.filing.services) do the work, in one transaction, so
every rule of those steps and of the submission applies, and a call that fails changes nothing.
An `Idempotency-Key` makes a retried call return the first call's answer instead of filing again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

import claims.filing.services as filing
from claims.core.documents import DocumentRejected
from claims.core.exceptions import ClaimError
from claims.filing.forms import STEP_KEYS
from claims.models import Claim, ClaimDocument, FilingRequest
from identity.models import User

#: The kinds of file a one-call filing carries, as its multipart field names.
UPLOAD_KINDS = (ClaimDocument.Kind.TERMINATION_PROOF, ClaimDocument.Kind.SUPPORTING)


class FilingInvalid(ClaimError):
    """Answers or files that did not validate: `errors` is {step: {field: [messages]}}."""

    def __init__(self, errors: dict[str, dict[str, list[str]]]) -> None:
        super().__init__(_("Có lỗi cần sửa"))
        self.errors = errors


class IdempotencyKeyReused(ClaimError):
    """The key already filed a claim with other answers or files."""


@dataclass(frozen=True)
class Filed:
    claim: Claim
    status_code: int
    response: dict[str, Any]
    replayed: bool


def filing_fingerprint(
    *, answers: Mapping[str, Any], uploads: Sequence[tuple[str, UploadedFile]]
) -> str:
    """What the request asked for: its answers and the bytes of its files, in order."""
    digest = hashlib.sha256(json.dumps(answers, sort_keys=True, default=str).encode())
    for kind, upload in uploads:
        digest.update(b"\0" + kind.encode() + b"\0")
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(hashlib.sha256(chunk).digest())
        upload.seek(0)
    return digest.hexdigest()


def _replay(record: FilingRequest, fingerprint: str) -> Filed:
    if record.fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            _(
                "Mã Idempotency-Key này đã được dùng để nộp một hồ sơ khác. Hãy dùng một mã "
                "mới cho mỗi hồ sơ, và gửi lại đúng nội dung cũ khi thử lại."
            )
        )
    # Committed together with its claim and answer: never seen without them.
    return Filed(
        claim=cast(Claim, record.claim),
        status_code=record.status_code or 201,
        response=cast(dict[str, Any], record.response),
        replayed=True,
    )


def claim_file(
    *,
    citizen: User,
    idempotency_key: str,
    answers: Mapping[str, Mapping[str, Any]],
    uploads: Sequence[tuple[str, UploadedFile]],
    respond: Callable[[Claim], dict[str, Any]],
) -> Filed:
    """Create (or take the open draft), answer every step, attach the files and submit.

    `answers` maps each step to its form values (as the step-by-step API takes them); `uploads`
    is (kind, file) pairs. Every wrong answer or file is reported at once (FilingInvalid) and
    nothing is kept; domain refusals (a claim about this termination already stands, ...) are
    the submit service's own exceptions. `respond` renders the claim as the answer to store, so
    a retry with the same key gets exactly that answer back.
    """
    fingerprint = filing_fingerprint(answers=answers, uploads=uploads)
    stored: list[ClaimDocument] = []
    try:
        with transaction.atomic():
            try:
                # The key is taken first, as the transaction's first statement (no read before
                # it, no savepoint around it): a second request with this key waits here
                # (unique index) until this one commits, then fails and replays it, or goes
                # ahead if this one rolled back. A retry of a filed claim fails here at once.
                record = FilingRequest.objects.create(
                    citizen=citizen, key=idempotency_key, fingerprint=fingerprint
                )
            except IntegrityError:
                raise _KeyTaken from None
            claim = _file(citizen=citizen, answers=answers, uploads=uploads, stored=stored)
            response = respond(claim)
            record.claim, record.status_code, record.response = claim, 201, response
            record.save(update_fields=["claim", "status_code", "response"])
            return Filed(claim=claim, status_code=201, response=response, replayed=False)
    except _KeyTaken:
        # Rolled back (nothing else was done): the key's committed filing answers again.
        earlier = FilingRequest.objects.select_related("claim").get(
            citizen=citizen, key=idempotency_key
        )
        return _replay(earlier, fingerprint)
    except BaseException:
        # The rows went with the rollback; the stored files must go too.
        for document in stored:
            document.file.delete(save=False)
        raise


class _KeyTaken(Exception):
    """The Idempotency-Key is already a committed filing's (its unique index refused it)."""


def _file(
    *,
    citizen: User,
    answers: Mapping[str, Mapping[str, Any]],
    uploads: Sequence[tuple[str, UploadedFile]],
    stored: list[ClaimDocument],
) -> Claim:
    """The step services' rules on one locked draft: files, every step, one save, the submit."""
    # The draft, then the person, locked once for the whole call, in the order the submit
    # takes them (the step-by-step API locks the draft at each call, its submit the person
    # after it): their standing claims are read once, under the person's lock.
    draft, standing = filing.draft_and_person_locked(citizen=citizen)
    claim = draft.claim
    errors: dict[str, dict[str, list[str]]] = {}
    for kind, upload in uploads:
        try:
            stored.append(
                filing.draft_document_attach(
                    claim=claim,
                    citizen=citizen,
                    upload=upload,
                    kind=kind,
                    # A new draft holds the files this call stored, no other.
                    held=len(stored) if draft.new else None,
                )
            )
        except DocumentRejected as rejected:
            errors.setdefault("documents", {}).setdefault(kind, []).append(
                f"{upload.name}: {rejected}"
            )
    # The proof this call brought needs no query to be known.
    proven = any(
        d.kind == ClaimDocument.Kind.TERMINATION_PROOF for d in stored
    ) or filing.has_termination_proof(claim)
    context = filing.filing_context(claim=claim, citizen=citizen)
    for step in STEP_KEYS:
        try:
            filing.step_apply(
                claim=claim,
                step=step,
                data=answers.get(step) or {},
                context=context,
                proven=proven,
                describe=False,  # an API: only the messages are shown
                standing=standing,
            )
        except filing.StepInvalid as invalid:
            fields = errors.setdefault(step, {})
            for name, messages in invalid.errors.items():
                if step == "documents" and fields.get(name):
                    continue  # the rejected file already says why the proof is missing
                fields.setdefault("non_field_errors" if name == "__all__" else name, []).extend(
                    messages
                )
    if errors:
        raise FilingInvalid(errors)
    # The answers are written by the submission's UPDATE: a call whose submit fails keeps
    # nothing (its transaction rolls back), so they need no UPDATE of their own before it.
    return filing.claim_submit_locked(
        claim=claim,
        citizen=citizen,
        proven=proven,
        record=draft.record,
        standing=standing,
        answers_saved=False,
    )
