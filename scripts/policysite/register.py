"""The document register: every document with its governance facts, as a table, CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict, dataclass

from .checks import review_state
from .corpus import Corpus
from .model import TRANSLATION_LANGUAGES

REGISTER_PAGE = "dokumentoversikt.md"
EXPORTS = ("documents.csv", "documents.json")


@dataclass(frozen=True)
class RegisterRow:
    id: str
    title: str
    path: str
    type: str
    status: str
    version: str
    owner: str
    approved_by: str | None
    approved: str | None
    next_review: str | None
    review_overdue: bool
    translation_stale: bool
    classification: str  # the internal edition lists internal documents too, and says so


def register_rows(corpus: Corpus, language: str, on: dt.date) -> list[RegisterRow]:
    """One row per document of a language, by id; the flags say what governance must act on.

    The corpus is the edition's (policysite.editions): the public register never lists an internal document.
    """
    rows = []
    for doc in corpus.in_language(language):
        review = review_state(doc, on)
        translations = [corpus.get(lang, doc.path) for lang in TRANSLATION_LANGUAGES]
        rows.append(RegisterRow(
            id=doc.id, title=doc.title, path=doc.path, type=doc.type, status=doc.status, version=doc.version,
            owner=doc.owner, approved_by=doc.approved_by,
            approved=doc.approved.isoformat() if doc.approved else None,
            next_review=review.next_review.isoformat() if review.next_review else None,
            review_overdue=review.overdue,
            translation_stale=any(t is not None and not t.translation_is_current for t in translations),
            classification=doc.classification,
        ))
    return sorted(rows, key=lambda row: row.id)


def to_json(rows: list[RegisterRow], language: str) -> str:
    return json.dumps({"language": language, "documents": [asdict(r) for r in rows]}, ensure_ascii=False, indent=2) + "\n"


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A value as a CSV cell a spreadsheet shows as text: a leading formula character gets a "'" in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows: list[RegisterRow]) -> str:
    """Every cell quoted, and no cell a spreadsheet would run as a formula."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(RegisterRow.__dataclass_fields__), lineterminator="\n",
                            quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in asdict(row).items()})
    return buffer.getvalue()
