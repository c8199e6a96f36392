"""Acknowledgement codes: one short code per approved document version, to record which version someone read.

A code such as `SAK-POL-001-v2.0-K7M2QX` is the document id and version, readable on their own, and six
characters of Crockford base32 from a SHA-256 of the id, the version and the Swedish text as approved.
The id and version say which document and version a recorded code means, without this site; the hash
makes a code typed by hand checkable and tells two different texts under one version number apart
(a rewritten history, a mistyped version).

The text hashed is the text *as approved*, never the text a build happens to see: an editorial fix
committed later under the same version must not change the code (`policysite.history.acknowledgements`
chooses that text from Git). The Swedish text is authoritative, so a translation shows the same code.
"""

from __future__ import annotations

import hashlib
import unicodedata

from .model import Document

# Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is unambiguous.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
HASH_CHARACTERS = 6  # 30 bits: the id and version already say which document; this only tells texts apart


def normalised_text(body: str) -> str:
    """The Markdown body (front matter already removed) in one canonical form.

    Unicode NFC and every run of whitespace as one space: line endings, re-wrapped lines and trailing
    spaces are not changes to what a reader reads.
    """
    return " ".join(unicodedata.normalize("NFC", body).split())


def acknowledgement_code(document_id: str, version: str, approved_text: str) -> str:
    """The code of one approved version; `approved_text` is its Swedish Markdown body as approved."""
    digest = hashlib.sha256("\n".join((document_id, version, normalised_text(approved_text))).encode("utf-8")).digest()
    number = int.from_bytes(digest, "big") >> (len(digest) * 8 - 5 * HASH_CHARACTERS)
    characters = "".join(CROCKFORD[(number >> (5 * index)) & 31] for index in reversed(range(HASH_CHARACTERS)))
    return f"{document_id}-v{version}-{characters}"


def code_for(codes: dict[tuple[str, str], str], document: Document) -> str | None:
    """The code a document shows: only an approved version has one (a draft or retired document does not apply)."""
    if document.status != "approved":
        return None
    return codes.get((document.id, document.version))
