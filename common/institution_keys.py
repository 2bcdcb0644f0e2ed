"""Per-institution HMAC keys of the training-institution API (docs/adr/0022).

Each institution signs with its own key, so one institution cannot speak for another. A key is
either issued and stored by the portal (training.institution_api's InstitutionLink.secret) or,
where none is stored (development, the stand-in), derived from one master secret and the
institution's code, so the portal and the stand-in (training_institution/) agree on every
institution's key without sharing a table. Pure standard library: both processes import it.
"""

from __future__ import annotations

import hashlib
import hmac

#: The header naming the institution whose key signed the request (its code in the catalogue).
INSTITUTION_HEADER = "X-Trocap-Institution"


def derived_key(*, master: str, code: str) -> str:
    """The institution's key derived from the master secret: HMAC-SHA256(master, code), hex."""
    return hmac.new(master.encode(), b"institution:" + code.encode(), hashlib.sha256).hexdigest()
