"""The document register: every document with its governance facts, as a table, CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import fields, make_dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .checks import review_state
from .corpus import Corpus
from .model import REGISTER_FIELDS, TRANSLATION_LANGUAGES, PartialDate
from .present import format_date
from .urls import page_url, register_exports, relative_url

if TYPE_CHECKING:
    from .project import Project


# The columns the register adds to the model's register fields (model.Field.register), each group after the field
# it follows: where the document is, and what governance must act on. The exported order is what readers rely on.
ADDED_COLUMNS: dict[str, tuple[tuple[str, type], ...]] = {
    "title": (("path", str),),
    "approved": (("next_review", PartialDate | None), ("review_overdue", bool), ("translation_stale", bool)),
}


def _columns() -> list[tuple[str, object]]:
    columns: list[tuple[str, object]] = []
    for spec in REGISTER_FIELDS:
        columns += [(spec.name, spec.value_type), *ADDED_COLUMNS.get(spec.name, ())]
    return columns


# One row of the register, typed (dates are PartialDates); serialised only by to_json and to_csv.
# The internal edition lists internal documents too, and says so (the classification column).
RegisterRow = make_dataclass("RegisterRow", _columns(), frozen=True,
                             namespace={"__module__": __name__, "__qualname__": "RegisterRow"})
COLUMNS = tuple(f.name for f in fields(RegisterRow))


def register_rows(corpus: Corpus, language: str, on: dt.date) -> list[RegisterRow]:
    """One row per document of a language, by id; the flags say what governance must act on.

    The corpus is the edition's (policysite.editions): the public register never lists an internal document.
    """
    rows = []
    for doc in corpus.in_language(language):
        review = review_state(doc, on)
        translations = [corpus.get(lang, doc.path) for lang in TRANSLATION_LANGUAGES]
        rows.append(RegisterRow(
            **{spec.name: getattr(doc, spec.name) for spec in REGISTER_FIELDS},
            path=doc.path,
            next_review=review.next_review,
            review_overdue=review.overdue,
            translation_stale=any(t is not None and not t.translation_is_current for t in translations),
        ))
    return sorted(rows, key=lambda row: row.id)


def row_values(row: RegisterRow) -> dict[str, object]:
    """The row's typed values by column, in the exported order."""
    return {name: getattr(row, name) for name in COLUMNS}


def _plain(value: object) -> object:
    """A typed value as JSON holds it: a date as ISO text, a tuple as a list."""
    if isinstance(value, PartialDate):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def to_json(rows: list[RegisterRow], language: str) -> str:
    documents = [{name: _plain(value) for name, value in row_values(row).items()} for row in rows]
    return json.dumps({"language": language, "documents": documents}, ensure_ascii=False, indent=2) + "\n"


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A value as a CSV cell a spreadsheet shows as text: a leading formula character gets a "'" in front."""
    if isinstance(value, tuple):
        value = ", ".join(str(item) for item in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows: list[RegisterRow]) -> str:
    """Every cell quoted, and no cell a spreadsheet would run as a formula."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for row in rows:
        writer.writerow({name: csv_cell(value) for name, value in row_values(row).items()})
    return buffer.getvalue()


def register_view(project: Project, language: str, path: str, on: dt.date) -> list[dict]:
    """Register rows with localised values and links relative to the register page."""
    labels = project.labels_for(language)
    values = labels["values"]
    here = page_url(language, path)

    def role(key: str | None) -> str | None:
        return project.roles[key].name[language] if key else None

    def date(value: PartialDate | None) -> str | None:
        return format_date(value, language) if value else None

    return [
        {
            **row_values(row),
            "url": relative_url(page_url(language, row.path), here),
            "type_label": values["type"][row.type],
            "status_label": values["status"][row.status],
            "owner_label": role(row.owner),
            "approved_by_label": role(row.approved_by),
            "approved_label": date(row.approved),
            "next_review_label": date(row.next_review),
        }
        for row in register_rows(project.corpus, language, on)
    ]


def write_register_exports(project: Project, language: str, site_dir: Path, on: dt.date) -> None:
    """documents.csv and documents.json next to the language's register page."""
    rows = register_rows(project.corpus, language, on)
    csv_path, json_path = (site_dir / path for path in register_exports(language))
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    csv_path.write_text(to_csv(rows), encoding="utf-8")
    json_path.write_text(to_json(rows, language), encoding="utf-8")
