"""Statements you can cite (issue 16, item 4): identifiers in the source, the check, the label, the exports, the PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import gitrepo
from conftest import REPO, build, copy_project
from helpers import language_root, pdf_text
from policysite.validate import check

ON = dt.date(2026, 1, 1)
GOVERNING = {"sakerhetspolicy.md": "SAK-POL-001", "riktlinje-sakerhet-och-krisberedskap.md": "SAK-RIK-001",
             "rutin-rapportera-brister.md": "SAK-RUT-001"}
FIXTURE = REPO / "tests" / "fixtures" / "valid" / "docs"
SV_BODY = """
Policyn ska gälla för alla. {#TST-POL-001:K1}

Målen är

1. Alla ska vara trygga. {#TST-POL-001:M1}
2. Informationen ska vara skyddad.
   Den ska också vara korrekt. {#TST-POL-001:M2}
"""
EN_BODY = """
The policy shall apply to everyone. {#TST-POL-001:K1}

The goals are

1. Everyone shall be safe. {#TST-POL-001:M1}
2. Information shall be protected.
   It shall also be correct. {#TST-POL-001:M2}
"""


def statement_docs(tmp_path: Path, sv: str = SV_BODY, en: str = EN_BODY) -> Path:
    """The valid fixture's two documents with these statements appended to the policy's first section."""
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE, docs)
    for language, body in (("sv", sv), ("en", en)):
        page = docs / language / "policy.md"
        page.write_text(page.read_text(encoding="utf-8") + body, encoding="utf-8")
    return docs


def findings(docs: Path) -> list[str]:
    found, _ = check(REPO, docs, on=ON)
    return [str(f) for f in found]


def test_well_marked_statements_pass_the_check(tmp_path):
    assert findings(statement_docs(tmp_path)) == []


@pytest.mark.parametrize("language, old, new, line, message", [
    ("sv", "Alla ska vara trygga. {#TST-POL-001:M1}", "Alla ska vara trygga. {#TST-POL-001:K1}", 25,
     "statement identifier 'TST-POL-001:K1' is used twice on the page (first on line 21) — give this statement the "
     "next free identifier, {#TST-POL-001:K2}"),
    ("sv", "{#TST-POL-001:K1}", "{#TST-RUT-001:K1}", 21,
     "statement identifier 'TST-RUT-001:K1' names TST-RUT-001, but this page is TST-POL-001 — use this page's id: "
     "TST-POL-001:K1, or the next free one, TST-POL-001:K2"),
    ("sv", "{#TST-POL-001:M2}", "{#TST-POL-001:X2}", 27,
     "malformed statement identifier 'TST-POL-001:X2' — write the page's id, ':', M (goal) or K (requirement) and a "
     "number, e.g. {#TST-POL-001:K2}"),
    ("sv", "Policyn ska gälla för alla. {#TST-POL-001:K1}", "Policyn {#TST-POL-001:K1} ska gälla för alla.", 21,
     "statement identifier 'TST-POL-001:K1' does not end a paragraph or list item — put it after a space at the end "
     "of the statement's last line, e.g. '… text. {#TST-POL-001:K2}'"),
])
def test_the_check_refuses_a_defective_identifier(tmp_path, language, old, new, line, message):
    sv = SV_BODY.replace(old, new) if language == "sv" else SV_BODY
    docs = statement_docs(tmp_path, sv=sv)
    assert f"{docs}/sv/policy.md:{line}: {message}" in findings(docs)


def test_a_requirement_without_an_identifier_names_the_next_free_one(tmp_path):
    docs = statement_docs(tmp_path, sv=SV_BODY + "\nRegionen ska rapportera brister.\n")
    assert findings(docs) == [
        f"{docs}/sv/policy.md:29: a requirement ('ska') without a statement identifier — end the paragraph or list "
        "item with {#TST-POL-001:K2} (the next free identifier), or with {.informative} if it states no requirement"]


def test_an_informative_block_admonition_or_editorial_section_needs_no_identifier(tmp_path):
    sv = SV_BODY + ("\nEnligt lagen ska man göra så. {.informative}\n\n!!! note \"Redaktionens anteckning\"\n"
                    "    Här står vad som ska hända.\n\n## Om policyn {#om}\n\n"
                    "Det här avsnittet är information från redaktionen. Det ingår inte i den beslutade texten.\n\n"
                    "Redaktionen ska uppdatera sidan.\n\n## Mer {#mer}\n\nDet här ska gälla.\n")
    en = EN_BODY + ("\nThe law says one shall do so. {.informative}\n\n## About {#om}\n\n"
                    "This section is information from the editors. It is not part of the approved text.\n\n"
                    "The editors shall update the page.\n\n## More {#mer}\n\nThis shall apply. {#TST-POL-001:K2}\n")
    docs = statement_docs(tmp_path, sv=sv, en=en)
    assert findings(docs) == [  # only the last paragraph, in a section that is not editorial, is a requirement
        f"{docs}/sv/policy.md:40: statement TST-POL-001:K2 is in {docs}/en/policy.md (line 31) but not on this page — "
        "end the same statement here with {#TST-POL-001:K2}; the identifier is the same in every language",
        f"{docs}/sv/policy.md:42: a requirement ('ska') without a statement identifier — end the paragraph or list "
        "item with {#TST-POL-001:K3} (the next free identifier), or with {.informative} if it states no requirement",
    ]


def test_an_identifier_missing_in_english_is_an_error(tmp_path):
    docs = statement_docs(tmp_path, en=EN_BODY.replace("shall be safe. {#TST-POL-001:M1}", "are safe."))
    assert findings(docs) == [
        f"{docs}/en/policy.md:9: statement TST-POL-001:M1 is in {docs}/sv/policy.md (line 25) but not on this page — "
        "end the same statement here with {#TST-POL-001:M1}; the identifier is the same in every language"]


def test_an_identifier_missing_in_swedish_is_an_error(tmp_path):
    docs = statement_docs(tmp_path, sv=SV_BODY.replace(" {#TST-POL-001:K1}", "").replace("ska gälla", "gäller"))
    assert findings(docs) == [
        f"{docs}/sv/policy.md:17: statement TST-POL-001:K1 is in {docs}/en/policy.md (line 13) but not on this page — "
        "end the same statement here with {#TST-POL-001:K1}; the identifier is the same in every language"]


def test_a_lagging_translation_only_warns(tmp_path):
    """The English page says it translates an older version (banner, warning); a newer statement may be missing."""
    docs = statement_docs(tmp_path, sv=SV_BODY + "\nRegionen ska rapportera. {#TST-POL-001:K2}\n")
    page = docs / "en" / "policy.md"
    page.write_text(page.read_text(encoding="utf-8").replace('translation_of_version: "1.0"',
                                                             'translation_of_version: "0.9"'), encoding="utf-8")
    assert f"{docs}/en/policy.md:9: warning: statement TST-POL-001:K2 is in {docs}/sv/policy.md (line 29) but not on " \
           "this page (the translation is of version 0.9) — end the same statement here with {#TST-POL-001:K2}; the " \
           "identifier is the same in every language" in findings(docs)


# --- Reuse after retirement: a scratch Git repository with approved versions ---------------------------------------

def write_policy(repo: Path, version: str, sv_ids: list[str], en_ids: list[str] | None = None) -> None:
    for language, ids in (("sv", sv_ids), ("en", en_ids if en_ids is not None else sv_ids)):
        source = (FIXTURE / language / "policy.md").read_text(encoding="utf-8")
        source = source.replace('version: "1.0"', f'version: "{version}"').replace(
            'translation_of_version: "1.0"', f'translation_of_version: "{version}"')
        word = {"sv": "ska", "en": "shall"}[language]
        body = "".join(f"\nStycke {value} {word} gälla. {{#TST-POL-001:{value}}}\n" for value in ids)
        target = repo / "docs" / language / "policy.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source + body, encoding="utf-8")
        rutin = repo / "docs" / language / "rutin.md"
        shutil.copyfile(FIXTURE / language / "rutin.md", rutin)


def approve(repo: Path, version: str) -> None:
    gitrepo.commit_all(repo, f"Testpolicy {version}\n\nDecision: TST-POL-001/v{version}; regionfullmaktige; "
                             f"2024-03-15; unknown\nChange-type: substantive")
    gitrepo.tag(repo, f"TST-POL-001/v{version}", f"Testpolicy {version}")


def history_check(repo: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policysite.history", "--root", str(repo)], cwd=repo,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def retired(repo) -> Path:
    """Version 1.0 has K1 and K2; version 2.0 drops K2 (retired)."""
    shutil.copytree(REPO / "data", repo / "data")
    write_policy(repo, "1.0", ["K1", "K2"])
    approve(repo, "1.0")
    write_policy(repo, "2.0", ["K1"])
    approve(repo, "2.0")
    return repo


def test_a_retired_identifier_is_not_reported_while_it_stays_retired(retired):
    write_policy(retired, "2.0", ["K1", "K3"])
    result = history_check(retired)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "retired" not in result.stderr


def test_a_retired_identifier_used_again_in_the_working_tree_is_refused(retired):
    write_policy(retired, "2.0", ["K1", "K2"])
    result = history_check(retired)
    assert result.returncode == 1, result.stdout + result.stderr
    for language, line in (("sv", 23), ("en", 15)):
        assert (f"docs/{language}/policy.md:{line}: statement identifier TST-POL-001:K2 was retired in version 2.0 and is "
                "used again in the working tree — an identifier is never reused: give this statement the next free "
                "one, TST-POL-001:K3") in result.stderr.splitlines()


def test_a_retired_identifier_in_a_later_approved_version_is_refused_while_the_text_keeps_it(retired):
    write_policy(retired, "3.0", ["K1", "K2"])
    approve(retired, "3.0")
    commit = gitrepo.git(retired, "rev-parse", "--short=7", "HEAD").strip()
    result = history_check(retired)
    assert result.returncode == 1
    assert result.stderr.count("TST-POL-001:K2 was retired") == 2  # sv and en, at the last place that has it
    assert ("docs/sv/policy.md:23: statement identifier TST-POL-001:K2 was retired in version 2.0 and is used again in "
            "the working tree — an identifier is never reused: give this statement the next free one, "
            "TST-POL-001:K3") in result.stderr.splitlines()
    # Once the text gives it up, the record still shows the reuse: a warning, since an approved version cannot change.
    write_policy(retired, "3.0", ["K1", "K3"])
    result = history_check(retired)
    assert result.returncode == 0, result.stderr
    assert (f"{commit}:docs/sv/policy.md:23: warning: statement identifier TST-POL-001:K2 was retired in version 2.0 and is "
            "used again in version 3.0 — an identifier is never reused: give this statement the next free one, "
            "TST-POL-001:K4") in result.stderr.splitlines()


# --- The real site: every statement has its id and label, the exports equal the pages, the PDF shows the ids ------

def source_ids(language: str, page: str) -> list[str]:
    from policysite.statements import STATEMENT_ID, trailing_token
    ids = []
    for line in (REPO / "docs" / language / page).read_text(encoding="utf-8").splitlines():
        token = trailing_token(line)
        if token and STATEMENT_ID.fullmatch(token[0]):
            ids.append(token[0])
    return ids


def page_statements(site: Path, language: str, page: str) -> dict[str, str]:
    """Identifier -> text of each statement element of a built page (the label and nested lists left out)."""
    html = (language_root(site, language) / page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").find("article")
    found = {}
    for element in article.select(".statement"):
        labels = element.select(".statement-label")
        assert len(labels) == 1 and labels[0]["href"] == f"#{element['id']}", element
        assert labels[0].get_text() in ({"sv": "Krav ", "en": "Requirement "}[language] + element["id"],
                                        {"sv": "Mål ", "en": "Goal "}[language] + element["id"])
        for part in element.select(".statement-label, ul, ol"):
            part.decompose()
        found[element["id"]] = " ".join(element.get_text().split())
    return found


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_statement_has_its_id_and_a_label_that_links_to_it(site, language):
    for page, document_id in GOVERNING.items():
        ids = source_ids(language, page)
        if page == "rutin-rapportera-brister.md":  # internal: not in the public site
            assert not (language_root(site, language) / "rutin-rapportera-brister").exists()
            continue
        assert ids and all(value.startswith(document_id + ":") for value in ids)
        assert list(page_statements(site, language, page)) == ids
    assert source_ids("sv", "sakerhetspolicy.md")[:6] == [f"SAK-POL-001:K{n}" for n in range(1, 7)]
    assert [v for v in source_ids(language, "sakerhetspolicy.md") if ":M" in v] == [f"SAK-POL-001:M{n}" for n in range(1, 6)]


def test_the_statement_exports_equal_what_the_pages_show(site):
    shown = {}
    for page in GOVERNING:
        if (language_root(site, "sv") / page.removesuffix(".md")).exists():
            for value, text in page_statements(site, "sv", page).items():
                shown[value] = {"text_sv": text, "text_en": page_statements(site, "en", page)[value]}
    for language in ("sv", "en"):
        folder = language_root(site, language) / "dokumentoversikt"
        rows = list(csv.DictReader(io.StringIO((folder / "statements.csv").read_text(encoding="utf-8"))))
        assert {row["id"]: {"text_sv": row["text_sv"], "text_en": row["text_en"]} for row in rows} == shown
        assert json.loads((folder / "statements.json").read_text(encoding="utf-8"))["statements"] == rows
        assert {row["document"] for row in rows} == {"SAK-POL-001", "SAK-RIK-001"}  # the routine is internal
        register = (folder / "index.html").read_text(encoding="utf-8")
        assert 'href="statements.csv"' in register and 'href="statements.json"' in register


def test_the_document_pdf_and_the_handbook_show_the_identifiers(site):
    handbooks = {"sv": "sakerhetshandboken-sv.pdf", "en": "security-handbook-en.pdf"}
    for language in ("sv", "en"):
        document = pdf_text(language_root(site, language) / "sakerhetspolicy" / f"SAK-POL-001-{language}.pdf")
        handbook = pdf_text(language_root(site, language) / handbooks[language])
        for value in source_ids(language, "sakerhetspolicy.md"):
            assert value in document and value in handbook, value
        assert {"sv": "Krav SAK-POL", "en": "Requirement SAK-POL"}[language] not in document  # read out, not printed


# --- Hostile text in a statement: escaped in the page, the CSV and the JSON --------------------------------------

HOSTILE_SV = '=HYPERLINK("http://x") &lt;script&gt;alert(1)&lt;/script&gt; "citat" ska gälla. {#SAK-POL-001:K9}'
HOSTILE_EN = '@SUM(1) &lt;img src=x onerror=alert(1)&gt; shall apply. {#SAK-POL-001:K9}'


def test_hostile_text_in_a_statement_is_escaped_everywhere(tmp_path):
    project = copy_project(tmp_path / "project")
    for language, text in (("sv", HOSTILE_SV), ("en", HOSTILE_EN)):
        page = project / "docs" / language / "sakerhetspolicy.md"
        source = page.read_text(encoding="utf-8")
        heading = {"sv": "## Om policyn", "en": "## About this policy"}[language]
        page.write_text(source.replace(heading, f"{text}\n\n{heading}"), encoding="utf-8")
    site = tmp_path / "site"
    result = build(project, site, SITE_URL="https://sakerhet.regionblekinge.se/")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "sakerhetspolicy" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in (site / "en" / "sakerhetspolicy" / "index.html").read_text(encoding="utf-8")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(
        (site / "dokumentoversikt" / "statements.csv").read_text(encoding="utf-8")))}
    assert rows["SAK-POL-001:K9"]["text_sv"] == "'" + '=HYPERLINK("http://x") <script>alert(1)</script> "citat" ska gälla.'
    assert rows["SAK-POL-001:K9"]["text_en"] == "'@SUM(1) <img src=x onerror=alert(1)> shall apply."
    exported = json.loads((site / "en" / "dokumentoversikt" / "statements.json").read_text(encoding="utf-8"))
    row = next(r for r in exported["statements"] if r["id"] == "SAK-POL-001:K9")
    assert row["text_sv"] == '=HYPERLINK("http://x") <script>alert(1)</script> "citat" ska gälla.'


def test_the_build_refuses_a_retired_identifier_used_again(retired):
    """The build reads the history with policysite.history.publish.read_history: the same finding stops it."""
    from policysite.findings import FindingsError
    from policysite.history.publish import read_history
    from policysite.project import load_project
    from policysite.rendered import site_settings

    write_policy(retired, "2.0", ["K1", "K2"])
    project = load_project(retired, retired / "docs", contacts=[], on=ON)
    with pytest.raises(FindingsError) as refused:
        read_history(project, "docs", site_settings())
    assert ("docs/sv/policy.md:23: statement identifier TST-POL-001:K2 was retired in version 2.0 and is used again "
            "in the working tree — an identifier is never reused: give this statement the next free one, "
            "TST-POL-001:K3") in str(refused.value).splitlines()
