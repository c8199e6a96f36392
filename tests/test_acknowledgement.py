"""Acknowledgement codes: made from the text as approved, so they change with the version and only with it.

The Git repositories here are made by the tests (tests/gitrepo.py); the last test builds a real site from one.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import gitrepo
from conftest import ROUTINE, build, make_history_project
from helpers import edit, metadata
from policysite import frontmatter
from policysite.acknowledgement import CROCKFORD, acknowledgement_code, code_for
from policysite.corpus import load_corpus
from policysite.history.acknowledgements import acknowledgements
from policysite.history.git import open_repository
from policysite.history.record import load_history

FIXTURE = Path(__file__).parent / "history-fixture"
ROLES = frozenset({"regiondirektor", "sakerhetschef"})
ROUTINE_ID = "SAK-RUT-901"
V1_DECISION = "Decision: SAK-RUT-901/v1.0; regiondirektor; 2024-03-12; RS 2024/101\nChange-type: substantive"
V2_DECISION = "Decision: SAK-RUT-901/v2.0; regiondirektor; 2025-01; unknown\nChange-type: substantive"
CODE = re.compile(rf"^(?P<id>[A-Z]{{3}}-[A-Z]{{3}}-\d{{3}})-v(?P<version>\d+\.\d+)-[{CROCKFORD}]{{6}}$")

INFORMATION = """---
id: SAK-INF-901
title: Besöksinformation
type: information
status: {status}
version: "{version}"
owner: sakerhetschef
classification: public
audience: [contractors]
---

# Besöksinformation

{text}
"""
INFORMATION_EN = """---
id: SAK-INF-901
title: Visitor information
translation_of_version: "{version}"
---

# Visitor information

Visitors sign in at reception.
"""


# --- the code itself -----------------------------------------------------------------------------


def test_a_code_is_the_id_the_version_and_six_unambiguous_characters():
    code = acknowledgement_code("SAK-POL-001", "2.0", "# Säkerhetspolicy\n\nText.\n")
    match = CODE.match(code)
    assert match and (match["id"], match["version"]) == ("SAK-POL-001", "2.0"), code
    assert not set(code.rsplit("-", 1)[1]) & set("ILOU")


def test_the_algorithm_is_pinned_because_recorded_codes_must_keep_their_meaning():
    # A code is written into other systems as proof of what was read; a changed algorithm would void them all.
    assert acknowledgement_code("SAK-POL-001", "2.0", "# Säkerhetspolicy\n\nText.\n") == "SAK-POL-001-v2.0-MP07TS"


def test_line_endings_wrapping_and_trailing_space_are_not_changes():
    text = "# Rutin\n\nBesökaren visar legitimation och\nfår en bricka.\n"
    same = ["# Rutin\r\n\r\nBesökaren visar legitimation och\r\nfår en bricka.\r\n",
            "# Rutin\n\n\nBesökaren visar legitimation och får en bricka.   \n"]
    assert {acknowledgement_code("SAK-RUT-901", "1.0", t) for t in [text, *same]} == {
        acknowledgement_code("SAK-RUT-901", "1.0", text)}


def test_a_changed_word_another_version_or_another_id_gives_another_code():
    text = "# Rutin\n\nBesökaren visar legitimation.\n"
    codes = {acknowledgement_code("SAK-RUT-901", "1.0", text),
             acknowledgement_code("SAK-RUT-901", "1.0", text.replace("visar", "uppvisar")),
             acknowledgement_code("SAK-RUT-901", "1.1", text).replace("v1.1", "v1.0"),
             acknowledgement_code("SAK-RUT-902", "1.0", text).replace("902", "901")}
    assert len(codes) == 4


# --- which text a code is made from, read from Git ----------------------------------------------


def write_routine(repo: Path, version: str) -> None:
    for language in ("sv", "en"):
        target = repo / "docs" / language / ROUTINE
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(FIXTURE / f"v{version}" / language / ROUTINE, target)


def write_information(repo: Path, version: str, text: str, status: str = "published") -> None:
    for language, template in (("sv", INFORMATION), ("en", INFORMATION_EN)):
        target = repo / "docs" / language / "besoksinformation.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.format(version=version, text=text, status=status), encoding="utf-8")


def read_codes(repo: Path):
    """What a build computes: every approved version's code, and the warnings, from the repository and its pages."""
    repository = open_repository(repo)
    history = load_history(repository, "docs", ROLES)
    assert history.errors == []
    corpus, findings = load_corpus(repo / "docs", ROLES, repo)
    assert findings == []
    return acknowledgements(repository, "docs", history, corpus)


def body_at(repo: Path, revision: str, path: str) -> str:
    return frontmatter.parse(gitrepo.git(repo, "show", f"{revision}:{path}")).body


def test_an_editorial_fix_keeps_the_code_and_a_new_version_changes_it(repo):
    first = gitrepo.commit_all(repo, "empty start")
    write_routine(repo, "1.0")
    approval = gitrepo.commit_all(repo, f"Besöksrutin 1.0\n\n{V1_DECISION}")
    codes, findings = read_codes(repo)
    c1 = codes[(ROUTINE_ID, "1.0")]
    assert findings == [] and first != approval
    assert c1.commit == approval
    assert c1.code == acknowledgement_code(ROUTINE_ID, "1.0", body_at(repo, approval, f"docs/sv/{ROUTINE}"))

    # An editorial fix within 1.0, committed without a decision: the page's text changes, its code does not.
    edit(repo / "docs" / "sv" / ROUTINE, "Besöksbrickan lämnas tillbaka", "Besöksbrickan lämnas alltid tillbaka")
    gitrepo.commit_all(repo, "Besöksrutin: språklig rättelse")
    codes, _ = read_codes(repo)
    assert codes[(ROUTINE_ID, "1.0")] == c1
    fixed = body_at(repo, "HEAD", f"docs/sv/{ROUTINE}")
    assert "alltid" in fixed and acknowledgement_code(ROUTINE_ID, "1.0", fixed) != c1.code

    # A new approved version: a new code; the old version keeps its own (its archived PDF shows it).
    write_routine(repo, "2.0")
    gitrepo.commit_all(repo, f"Besöksrutin 2.0\n\n{V2_DECISION}")
    codes, _ = read_codes(repo)
    c2 = codes[(ROUTINE_ID, "2.0")]
    assert CODE.match(c2.code)["version"] == "2.0" and c2.code != c1.code
    assert codes[(ROUTINE_ID, "1.0")] == c1


def test_only_a_decided_version_has_a_code_never_an_information_page(repo):
    """notes/decisions/0007: a code records that someone read a version that applies; an information page is
    not decided, and its text moves with every fix, so it has none, however long it has been committed."""
    write_information(repo, "1.0", "Besökare skriver in sig i receptionen.")
    gitrepo.commit_all(repo, "Besöksinformation publicerad")
    write_information(repo, "1.1", "Besökare skriver in sig i entrén.")
    gitrepo.commit_all(repo, "Besöksinformation 1.1")
    codes, findings = read_codes(repo)
    assert codes == {} and findings == []


def test_an_approved_version_without_its_decision_record_has_no_code_and_the_build_is_told(repo):
    write_routine(repo, "1.0")
    gitrepo.commit_all(repo, "Besöksrutin 1.0, utan beslutsuppgift")  # committed, but no Decision trailer
    codes, findings = read_codes(repo)
    assert codes == {}
    assert [str(f) for f in findings] == [
        f"docs/sv/{ROUTINE}:7: warning: version 1.0 has no acknowledgement code yet: no commit records its decision "
        "— record the decision with `make approve` (CONTRIBUTING.md); the code is made from the text at the commit it "
        "makes"]


def test_drafts_and_retired_documents_show_no_code(repo):
    write_routine(repo, "1.0")
    gitrepo.commit_all(repo, f"Besöksrutin 1.0\n\n{V1_DECISION}")
    codes, _ = read_codes(repo)
    table = {key: found.code for key, found in codes.items()}
    corpus, _ = load_corpus(repo / "docs", ROLES, repo)
    document = corpus.get("sv", ROUTINE)
    assert code_for(table, document) == table[(ROUTINE_ID, "1.0")]
    for status in ("draft", "retired", "published"):
        assert code_for(table, dataclasses.replace(document, status=status)) is None


# --- in a real build -----------------------------------------------------------------------------


def page_code(site: Path, folder: str, language: str = "sv") -> str:
    root = site if language == "sv" else site / language
    return metadata((root / folder / "index.html").read_text(encoding="utf-8"))["acknowledgement"][1]


@pytest.mark.slow
def test_a_real_build_shows_the_same_code_after_an_editorial_fix_and_a_new_one_after_approval(tmp_path):
    project = make_history_project(tmp_path / "project")
    before = build(project, tmp_path / "before")
    assert before.returncode == 0, before.stdout + before.stderr
    c1 = page_code(tmp_path / "before", "besoksrutin")
    assert c1 == acknowledgement_code(ROUTINE_ID, "2.0", body_at(project, "SAK-RUT-901/v2.0", f"docs/sv/{ROUTINE}"))
    assert page_code(tmp_path / "before", "besoksrutin", "en") == c1  # the Swedish text is the one approved

    edit(project / "docs" / "sv" / ROUTINE, "under hela besöket", "under hela sitt besök")
    gitrepo.commit_all(project, "Besöksrutin: språklig rättelse")
    after = build(project, tmp_path / "after")
    assert after.returncode == 0, after.stdout + after.stderr
    page = (tmp_path / "after" / "besoksrutin" / "index.html").read_text(encoding="utf-8")
    assert "under hela sitt besök" in page  # the build shows the fixed text ...
    assert page_code(tmp_path / "after", "besoksrutin") == c1  # ... under the same code

    for language, replacements in (("sv", [('version: "2.0"', 'version: "2.1"'), ("approved: 2025-01", "approved: 2025-06")]),
                                   ("en", [('translation_of_version: "2.0"', 'translation_of_version: "2.1"')])):
        for old, new in replacements:
            edit(project / "docs" / language / ROUTINE, old, new)
    gitrepo.commit_all(project, "Besöksrutin 2.1\n\nDecision: SAK-RUT-901/v2.1; regiondirektor; 2025-06; unknown\n"
                                "Change-type: editorial")
    approved = build(project, tmp_path / "approved")
    assert approved.returncode == 0, approved.stdout + approved.stderr
    c2 = page_code(tmp_path / "approved", "besoksrutin")
    assert CODE.match(c2)["version"] == "2.1" and c2 != c1
    listed = BeautifulSoup((tmp_path / "approved" / "malgrupper" / "leverantorer" / "index.html")
                           .read_text(encoding="utf-8"), "html.parser").select_one(f"tr[data-document='{ROUTINE_ID}']")
    assert listed.code.get_text() == c2
