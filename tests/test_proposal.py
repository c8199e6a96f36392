"""The decision basis of a proposed version (policysite.proposal, hooks/proposal.py): the PDFs of `make proposal`
read back as text, page by page; each refusal; no build ever has a proposal; `make serve` shows one."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import gitrepo
from browsing import free_port
from conftest import MKDOCS, ROUTINE, approve_routine, build, copy_project, put_version, record_approvals
from helpers import edit, pdf_info, pdf_text

PROPOSAL = [sys.executable, "-m", "policysite.proposal"]
# The working tree's version 1.1 of the test routine against the approved 1.0 (tests/history-fixture/v1.0): a
# sentence changed, a paragraph inserted and one deleted. A draft names the body that will decide it.
PROPOSED = {
    "sv": """---
id: SAK-RUT-901
title: Rutin för besök
description: Så registreras besökare i receptionen.
type: routine
status: draft
version: "1.1"
owner: sakerhetschef
approved_by: regiondirektor
change_summary: Besökare registreras digitalt och möts av sin värd.
changes:
  - Besökare registreras digitalt.
  - Värden möter besökaren i receptionen.
  - Besöksbrickan lämnas inte längre tillbaka vid utgången.
classification: public
audience: [employees, contractors]
---

# Rutin för besök

## Syfte {#syfte}

Rutinen beskriver hur besökare registreras digitalt i receptionen.

Värden möter besökaren i receptionen. {#SAK-RUT-901:K1}

## Steg {#steg}

- Besökaren visar legitimation.
- Receptionen skriver ut en besöksbricka.
""",
    "en": """---
id: SAK-RUT-901
title: Visitor routine
description: How visitors are registered at reception.
change_summary: Visitors are registered digitally and met by their host.
translation_of_version: "1.1"
---

# Visitor routine

## Purpose {#syfte}

This routine describes how visitors are registered digitally at reception.

The host meets the visitor at reception. {#SAK-RUT-901:K1}

## Steps {#steg}

- The visitor shows identification.
- Reception prints a visitor badge.
""",
}
MARK = {"sv": "Förslag – inte beslutat", "en": "Proposal – not decided"}


def make_proposal_project(target: Path) -> Path:
    """The project with its decision records, the routine's approved version 1.0, and version 1.1 proposed in the
    working tree (not committed)."""
    project = copy_project(target)
    record_approvals(project)  # a publishing build refuses approved documents without their record
    edit(project / "mkdocs.yml", "  - andringslogg.md\n", f"  - andringslogg.md\n  - {ROUTINE}\n")
    approve_routine(project, "1.0", "Decision: SAK-RUT-901/v1.0; regiondirektor; 2024-03-12; RS 2024/101")
    propose(project)
    return project


def propose(project: Path, texts: dict[str, str] = PROPOSED) -> None:
    for language, text in texts.items():
        (project / "docs" / language / ROUTINE).write_text(text, encoding="utf-8")


def run_proposal(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*PROPOSAL, *args], cwd=project, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def proposal_project(tmp_path_factory) -> Path:
    return make_proposal_project(tmp_path_factory.mktemp("proposal") / "project")


@pytest.fixture(scope="module")
def proposal_pdfs(proposal_project, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("proposals")
    result = run_proposal(proposal_project, "SAK-RUT-901", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    pdfs = {"sv": out / "SAK-RUT-901-v1.1-forslag-sv.pdf", "en": out / "SAK-RUT-901-v1.1-proposal-en.pdf"}
    assert result.stdout == "".join(f"{language}: {path}\n" for language, path in pdfs.items())
    assert sorted(out.iterdir()) == sorted(pdfs.values())
    return pdfs


def pages(pdf: Path) -> list[str]:
    """Each page's text, with whitespace made single spaces."""
    count = int(pdf_info(pdf)["Pages"])
    return [" ".join(pdf_text(pdf, number, number).split()) for number in range(1, count + 1)]


@pytest.fixture
def clone(proposal_project, tmp_path) -> Path:
    """A clone of the proposal project (its record and tags) with the committed tree: version 1.0 approved."""
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(proposal_project), str(target)], check=True)
    for tag in gitrepo.git(proposal_project, "tag").split():  # a clone has them already; say so if not
        assert gitrepo.git(target, "rev-parse", "--verify", "-q", f"{tag}^{{commit}}")
    return target


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_proposal_mark_is_on_every_page(proposal_pdfs, language):
    texts = pages(proposal_pdfs[language])
    assert len(texts) >= 3  # the cover, the summary, the changes and the text
    for number, text in enumerate(texts, 1):
        assert MARK[language] in text, f"page {number} of {proposal_pdfs[language].name} lacks the mark: {text[:200]}"


def test_the_swedish_pdf_marks_what_was_inserted_deleted_and_changed(proposal_pdfs):
    pdf = proposal_pdfs["sv"]
    text = " ".join(pages(pdf))
    changes, proposed = text.split("Föreslagen text, version 1.1", 1)
    assert "[tillagd text: Värden möter besökaren i receptionen. slut på ändring]" in changes
    assert "[borttagen text: Besöksbrickan lämnas tillbaka vid utgången. slut på ändring]" in changes
    # A marked word's trailing space follows the end marker (partials/history/blocks.html), as on the comparison page.
    assert re.search(r"registreras \[tillagd text: digitalt slut på ändring\] i receptionen\.", changes)
    for label in ("TILLAGT", "BORTTAGET", "ÄNDRAT"):  # each changed block's label, in words
        assert label in changes
    assert "1 ändrade stycken (varav 0 flyttade), 0 flyttade men oförändrade, 1 tillagda och 1 borttagna" in changes
    # The whole proposed text, without marks and without what was deleted.
    # Each statement with the identifier it would carry (overrides/pdf/proposal.css); the comparison has none.
    assert "Rutinen beskriver hur besökare registreras digitalt i receptionen. Värden möter besökaren i receptionen. " \
        "SAK-RUT-901:K1" in proposed
    assert "SAK-RUT-901:K1" not in changes
    assert "Besöksbrickan" not in proposed and "[tillagd" not in proposed
    assert pdf_info(pdf)["Title"] == "Förslag till Rutin för besök, version 1.1"


def test_the_swedish_pdf_gives_what_the_decision_needs(proposal_pdfs):
    cover = pages(proposal_pdfs["sv"])[0]
    for fact in ("BESLUTSUNDERLAG", "Förslag till Rutin för besök, version 1.1",
                 "Det här är ett förslag till en ny version. Den gäller inte förrän den har fastställts genom ett beslut.",
                 "Dokument Rutin för besök (SAK-RUT-901)", "Föreslagen version 1.1", "Dokumentägare Säkerhetschef",
                 "Beslutande organ Regiondirektör",
                 "Ersätter Version 1.0: Regiondirektör, 12 mars 2024, diarienummer RS 2024/101",
                 "med ändringar som inte är incheckade"):
        assert fact in cover, fact
    summary = pages(proposal_pdfs["sv"])[1]
    assert "Redaktionens sammanfattning. Den är inte en del av texten som ska beslutas." in summary
    assert "Besökare registreras digitalt och möts av sin värd." in summary
    assert "Besöksbrickan lämnas inte längre tillbaka vid utgången." in summary


def test_the_english_pdf_says_which_swedish_version_it_translates(proposal_pdfs):
    texts = pages(proposal_pdfs["en"])
    text = " ".join(texts)
    assert "Translation of Swedish version 1.1. The Swedish text is authoritative." in texts[0]
    assert "Decision body Regional Director" in texts[0]
    assert "Replaces Version 1.0:" in texts[0] and "case number RS 2024/101" in texts[0]
    changes = text.split("Proposed text, version 1.1", 1)[0]
    assert "[added text: The host meets the visitor at reception. end of change]" in changes
    assert "[removed text: The visitor badge is returned at the exit. end of change]" in changes


# --- Refusals: the reason and the fix, exit 1, no traceback, no PDF ------------------------------------------------

def refused(project: Path, document_id: str, tmp_path: Path) -> str:
    out = tmp_path / "out"
    result = run_proposal(project, document_id, "--out", str(out))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not out.exists()
    return result.stderr


def test_an_unknown_id_is_refused(clone, tmp_path):
    propose(clone)
    message = refused(clone, "SAK-RUT-999", tmp_path)
    assert message.startswith("SAK-RUT-999 is not the id of a document — give the id of a policy, guideline or "
                              "routine: SAK-POL-001, ")
    assert "SAK-RUT-901" in message and message.count("\n") == 1


def test_an_information_page_is_refused(clone, tmp_path):
    assert refused(clone, "SAK-INF-000", tmp_path) == (
        "SAK-INF-000 is an information page, and no decision approves one — a decision basis is made for a policy, a "
        "guideline or a routine\n")


def test_a_text_without_a_change_is_refused(clone, tmp_path):
    put_version(clone, "1.0")  # the approved text, only the version raised
    for language in ("sv", "en"):
        page = clone / "docs" / language / ROUTINE
        edit(page, '"1.0"', '"1.1"')
    edit(clone / "docs" / "sv" / ROUTINE, "status: approved", "status: draft")
    assert refused(clone, "SAK-RUT-901", tmp_path) == (
        "docs/sv/besoksrutin.md:16: the text of SAK-RUT-901 is the same as in version 1.0, the version in force, so "
        "there is no change to decide — change the text first; a change of the front matter alone needs no decision\n")


def test_a_version_that_is_not_higher_is_refused(clone, tmp_path):
    propose(clone, {language: text.replace('"1.1"', '"1.0"') for language, text in PROPOSED.items()})
    assert refused(clone, "SAK-RUT-901", tmp_path) == (
        'docs/sv/besoksrutin.md:7: the proposed version 1.0 is not higher than 1.0, the version in force — raise '
        '`version` in the front matter of both languages\' pages, e.g. "1.1" for a minor change or "2.0"\n')


def test_a_tree_the_check_fails_on_is_refused(clone, tmp_path):
    propose(clone, {**PROPOSED, "sv": PROPOSED["sv"].replace("owner: sakerhetschef", "owner: nobody")})
    message = refused(clone, "SAK-RUT-901", tmp_path)
    lines = message.splitlines()
    assert lines[0].startswith("docs/sv/besoksrutin.md:8: ") and "nobody" in lines[0]
    assert lines[-1] == ("the check found 1 error(s) — fix them (`make check` lists them), then make the decision "
                         "basis again")


# --- Never in a build; under `make serve`, a page for review ----------------------------------------------------------

PROPOSAL_TRACES = ("forslag/sak-rut-901", "Förslag till Rutin för besök", "Proposal for Visitor routine",
                   MARK["sv"], MARK["en"], "policy-proposal__")


@pytest.mark.slow
@pytest.mark.parametrize("publishing", [True, False], ids=["publishing build", "plain mkdocs build"])
def test_no_build_has_a_proposal(proposal_project, tmp_path, publishing):
    """A build with the routine's proposal in the working tree: no page, link, sitemap or search entry of it."""
    site = tmp_path / "site"
    env = {"NO_MKDOCS_2_WARNING": "1", **os.environ}
    if publishing:
        result = subprocess.run([sys.executable, "-m", "policysite.build", "--site-dir", str(site)],
                                cwd=proposal_project, env=env, capture_output=True, text=True, timeout=300)
    else:
        result = build(proposal_project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "besoksrutin" / "index.html").is_file()  # the draft's page is built
    assert not (site / "forslag").exists() and not (site / "en" / "forslag").exists()
    for path in site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".csv", ".txt", ".js", ".ics") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            found = [trace for trace in PROPOSAL_TRACES if trace in text]
            assert not found, f"{path.relative_to(site)} has {found}"


@contextlib.contextmanager
def mkdocs_serve(project: Path):
    """`mkdocs serve` as `make serve` runs it, on a free port; yields the base URL."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}", "--no-livereload"],
                               cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stdout.read()
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base, timeout=2).close()
                break
            time.sleep(0.5)
        else:
            pytest.fail("mkdocs serve did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


@pytest.mark.slow
def test_serve_shows_the_proposal_and_links_it(proposal_project):
    with mkdocs_serve(proposal_project) as base:
        sv = fetch(base + "forslag/sak-rut-901/")
        en = fetch(base + "en/forslag/sak-rut-901/")
        document = fetch(base + "besoksrutin/")
        policy = fetch(base + "sakerhetspolicy/")
        with pytest.raises(urllib.error.HTTPError):  # a document without a change has no proposal page
            fetch(base + "forslag/sak-pol-001/")
    assert "<h1" in sv and "Förslag till Rutin för besök, version 1.1" in sv and MARK["sv"] in sv
    assert "Besöksbrickan lämnas tillbaka vid utgången." in sv and "policy-diff__block--deleted" in sv
    assert "Värden möter besökaren i receptionen." in sv and "policy-diff__block--inserted" in sv
    assert "make proposal ID=SAK-RUT-901" in sv
    assert MARK["en"] in en and "The host meets the visitor at reception." in en
    assert "Translation of" in en
    assert 'href="../forslag/sak-rut-901/"' in document and "Se förslaget med ändringarna markerade" in document
    assert "policy-proposal__notice" not in policy


def test_a_first_version_replaces_nothing(tmp_path):
    """No version in force: the decision basis says it replaces nothing and shows no comparison."""
    project = copy_project(tmp_path / "project")
    propose(project)
    out = tmp_path / "out"
    result = run_proposal(project, "SAK-RUT-901", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    texts = pages(out / "SAK-RUT-901-v1.1-forslag-sv.pdf")
    assert "Ersätter Inget. Det här är den första versionen." in texts[0]
    text = " ".join(texts)
    assert "Det finns ingen fastställd version att jämföra med. Hela texten är ny." in text
    assert "[tillagd" not in text and all(MARK["sv"] in page for page in texts)
