"""Nothing is shown as decided unless a decision record says so (issue [2/5], notes/decisions/0007).

The decided versions are read from the project's own Git record (`Decision:` trailers not withdrawn by a
`Correction:`); every place the built site shows a decision (pages, register and its exports, change log,
feeds, audience lists, acknowledgement codes, PDFs) is checked against them, in both languages.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from policysite.data import load_labels, load_roles, localise
from policysite.history.git import open_repository
from policysite.history.record import WITHDRAWN, load_history

REPO = Path(__file__).resolve().parents[1]
LANGUAGES = {"sv": "", "en": "en/"}
CODE = re.compile(r"\b([A-Z]{3}-[A-Z]{3}-\d{3})-v(\d+\.\d+)-[0-9A-Z]{6}\b")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def record():
    roles = load_roles(REPO / "data" / "roles.yml")
    history = load_history(open_repository(REPO), "docs", frozenset(roles))
    assert history.errors == []
    decided = {(v.id, v.version) for versions in history.versions.values() for v in versions}
    return history, decided


@pytest.fixture(scope="module")
def labels():
    every = load_labels(REPO / "data" / "labels.yml")
    return {language: localise(every, language) for language in LANGUAGES}


def pages(site: Path, language: str):
    root = site / LANGUAGES[language]
    for path in sorted(root.rglob("index.html")):
        relative = path.relative_to(site).as_posix()
        if language == "sv" and relative.startswith("en/"):
            continue
        yield relative, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def panel(soup) -> dict[str, str]:
    aside = soup.select_one("aside.policy-meta")
    if aside is None:
        return {}
    return {item["data-field"]: item.dd.get_text(" ", strip=True) for item in aside.select("[data-field]")}


def test_the_record_withdraws_the_false_guideline_approval(record):
    history, decided = record
    assert ("SAK-RIK-001", "1.0") not in decided
    assert [(c.tag, c.kind) for c in history.corrections] == [("SAK-RIK-001/v1.0", WITHDRAWN)]
    assert decided == {("SAK-POL-001", "1.0"), ("SAK-POL-001", "2.0")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_shows_a_decision_only_when_the_record_holds_it(site, record, labels, language):
    _, decided = record
    approved = labels[language]["values"]["status"]["approved"]
    not_recorded = labels[language]["not_recorded"]
    checked = 0
    for relative, soup in pages(site, language):
        facts = panel(soup)
        if not facts:
            continue
        checked += 1
        key = (facts["id"], facts["version"])
        shown_decided = facts["status"] == approved or "acknowledgement" in facts or \
            facts.get("approved_by", not_recorded) != not_recorded
        assert shown_decided == (key in decided and facts["status"] == approved), (relative, facts)
    assert checked >= 15


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_register_and_its_exports_show_only_recorded_decisions(site, record, language):
    _, decided = record
    folder = site / LANGUAGES[language] / "dokumentoversikt"
    rows = json.loads((folder / "documents.json").read_text(encoding="utf-8"))["documents"]
    with (folder / "documents.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == [r["id"] for r in table]
    for row in rows + table:
        is_decided = row["status"] == "approved"
        assert is_decided == ((row["id"], row["version"]) in decided), row
        assert bool(row["approved_by"]) <= is_decided, row  # no decision body on what was not decided
    information = [r for r in rows if r["type"] == "information"]
    assert information and {r["status"] for r in information} == {"published"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_change_log_and_feed_list_every_decision_and_the_withdrawal(site, record, language):
    history, decided = record
    soup = BeautifulSoup((site / LANGUAGES[language] / "andringslogg" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    rows = soup.select(".policy-changelog tbody tr")
    assert {(r["data-document"], r["data-version"]) for r in rows if r["data-kind"] == "decision"} == decided
    withdrawn = [r for r in rows if r["data-kind"] == WITHDRAWN]
    assert [(r["data-document"], r["data-version"]) for r in withdrawn] == [("SAK-RIK-001", "1.0")]
    reason = history.corrections[0].reason(language)[0]
    assert reason in withdrawn[0].get_text(" ", strip=True)

    feed = ET.parse(site / LANGUAGES[language] / "feed.xml").getroot()
    ids = {entry.findtext(f"{ATOM}id") for entry in feed.iter(f"{ATOM}entry")}
    expected = {f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'policysite:{i}/v{v}:{language}')}" for i, v in decided}
    correction = history.corrections[0]
    expected.add("urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL,
                                              f"policysite:{correction.tag}:{correction.commit}:{language}")))
    assert ids == expected
    updated = {entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}updated") for entry in feed.iter(f"{ATOM}entry")}
    # The 2018 policy is dated by its decision (a month: its first day), not by when it was recorded here.
    assert [value for title, value in updated.items() if title.endswith(" 2.0")] == ["2018-11-01T00:00:00Z"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_acknowledgement_code_on_the_site_belongs_to_a_recorded_decision(site, record, language):
    _, decided = record
    found = set()
    for relative, soup in pages(site, language):
        for match in CODE.finditer(soup.get_text(" ")):
            found.add((match[1], match[2]))
    assert found and found <= decided


def test_every_pdf_shows_a_decision_only_when_the_record_holds_it(site, record, labels):
    _, decided = record
    pdfs = sorted(site.rglob("*.pdf"))
    assert pdfs
    covers = 0
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert {(m[1], m[2]) for m in CODE.finditer(text)} <= decided, pdf
        language = "en" if pdf.stem.endswith("-en") or "/en/" in pdf.as_posix() else "sv"
        cover = text.split("\f", 1)[0]
        facts = COVER.search(cover)
        if facts is None:
            continue  # a bundle or the handbook: its chapters carry their own metadata, checked by the codes
        covers += 1
        key = (facts["id"], facts["version"])
        status = labels[language]["values"]["status"]
        if key in decided:
            assert status["approved"] in cover or status["retired"] in cover or "ERSATT" in cover \
                or "SUPERSEDED" in cover, pdf
        else:
            assert status["approved"] not in cover and status["draft"] in cover, pdf
            assert labels[language]["metadata"]["not_decided"].split(".")[0] in " ".join(cover.split()), pdf
    assert covers >= 4


COVER = re.compile(r"(?P<id>[A-Z]{3}-[A-Z]{3}-\d{3})[\s\S]*?Version\s+(?P<version>\d+\.\d+)")
