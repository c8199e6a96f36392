"""The document register page and its CSV/JSON exports agree with the front matter, in both languages."""

import csv
import json

import pytest

from conftest import REPO
from helpers import language_root
from policysite.corpus import load_corpus
from policysite.data import load_roles
from policysite.editions import edition_corpus
from policysite.model import LANGUAGES


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
