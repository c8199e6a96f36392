"""Print-ready PDFs (issue 14): the cover's date, the running footer, no near-empty pages, the handbook's subtitle,
no loopback address, and the acknowledgement form that ends the contractors' PDF.

The site's own PDFs are read from the session's real build (`site`); what the real content cannot show (a handbook
of several chapters, a build with no public address) is rendered here from the real documents with WeasyPrint.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest
from mkdocs.theme import Theme

from conftest import REPO
from helpers import language_root, normalise_space, pdf_info, pdf_objects, pdf_text
from policysite.checks import today
from policysite.data import localise
from policysite.model import LANGUAGES, PartialDate
from policysite.pdf.content import print_body
from policysite.pdf.export import Exporter, form_row, handbook_subtitle
from policysite.pdf.render import render
from policysite.present import format_date
from policysite.project import load_project
from policysite.templates import environment

PUBLIC = "https://sakerhet.regionblekinge.se/"
LOOPBACK = "http://127.0.0.1:8000/"
COMPILED = {"sv": "Sammanställd {date}", "en": "Compiled {date}"}
FOOTER = {"sv": "Region Blekinge · {classification} · Sida {page} av {pages}",
          "en": "Region Blekinge · {classification} · Page {page} of {pages}"}
PUBLIC_LABEL = {"sv": "Öppen", "en": "Public"}
HANDBOOKS = {"sv": "sakerhetshandboken-sv.pdf", "en": "security-handbook-en.pdf"}
CONTRACTORS = {"sv": "malgrupper/leverantorer/galler-dig-som-leverantor-sv.pdf",
               "en": "malgrupper/leverantorer/applies-to-contractors-en.pdf"}
OTHER_BUNDLES = {"sv": ["malgrupper/medarbetare/galler-dig-som-medarbetare-sv.pdf",
                        "malgrupper/styrning/galler-styrning-och-granskning-sv.pdf"],
                 "en": ["malgrupper/medarbetare/applies-to-employees-en.pdf",
                        "malgrupper/styrning/applies-to-governance-en.pdf"]}
FORM = {
    "sv": ["Kvittens: jag har läst dokumenten", "Praktiskt råd",
           "Den här sidan är webbplatsens eget formulär, inget krav i regionens styrdokument.",
           "Med min underskrift bekräftar jag att jag har läst dokumenten i tabellen nedan, i de versioner som står där.",
           "Dokument som kvittensen gäller", "Dokument Version Kvittenskod"],
    "en": ["Acknowledgement: I have read the documents", "Practical advice",
           "This page is the site's own form, not a requirement of the region's governing documents.",
           "By signing, I confirm that I have read the documents in the table below, in the versions stated there.",
           "Documents this acknowledgement covers", "Document Version Acknowledgement code"],
}
FIELDS = {"sv": ["Namn", "Företag", "Uppdrag", "Lämnas till (den som anlitar dig)", "Datum", "Underskrift"],
          "en": ["Name", "Company", "Assignment", "Given to (whoever engages you)", "Date", "Signature"]}
MIN_LINES = 5  # fewer lines of text on a page that is not the last is a near-empty page


def page_lines(path: Path, page: int) -> list[str]:
    """The page's lines of text, as laid out (pdftotext -layout), without empty lines."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          check=True, capture_output=True, text=True).stdout
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def body_lines(path: Path, page: int) -> list[str]:
    """The page's text without its running header (the first line, except on the cover) and footer (the last)."""
    lines = page_lines(path, page)
    return lines[(0 if page == 1 else 1):-1]


def near_empty_pages(path: Path) -> list[tuple[int, list[str]]]:
    pages = int(pdf_info(path)["Pages"])
    return [(page, lines) for page in range(1, pages) if len(lines := body_lines(path, page)) < MIN_LINES]


def site_pdfs(site: Path) -> list[Path]:
    return sorted(site.rglob("*.pdf"))


def uris(path: Path) -> set[bytes]:
    return set(re.findall(rb"/URI \(([^)]*)\)", pdf_objects(path)))


# --- the real site's PDFs -----------------------------------------------------------------------------------

def test_every_pdf_has_the_compilation_date_on_its_cover_and_the_footer_on_every_page(site):
    checked = 0
    for path in site_pdfs(site):
        language = "en" if "en" in path.relative_to(site).parts[:1] else "sv"
        date = format_date(PartialDate(today().year, today().month, today().day), language)
        cover = normalise_space(pdf_text(path, 1, 1))
        assert COMPILED[language].format(date=date) in cover, (path, cover)
        pages = int(pdf_info(path)["Pages"])
        for page in range(1, pages + 1):
            footer = FOOTER[language].format(classification=PUBLIC_LABEL[language], page=page, pages=pages)
            assert page_lines(path, page)[-1] == footer, (path, page)
        checked += 1
    assert checked >= 14  # 2 documents, a handbook, 3 bundles and the archived policy 1.0, in each language


@pytest.mark.parametrize("language", LANGUAGES)
def test_running_header_names_the_document_after_the_cover(site, language):
    path = language_root(site, language) / HANDBOOKS[language]
    title = {"sv": "Säkerhetspolicy", "en": "Security policy"}[language]
    assert page_lines(path, 2)[0] == f"{title} · SAK-POL-001 · version 2.0"
    assert not page_lines(path, 1)[0].startswith(title)  # the cover has no running header


def test_no_page_but_the_last_is_near_empty(site):
    problems = {str(path.relative_to(site)): found for path in site_pdfs(site) if (found := near_empty_pages(path))}
    assert problems == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_handbook_subtitle_says_what_it_holds(site, language):
    cover = normalise_space(pdf_text(language_root(site, language) / HANDBOOKS[language], 1, 1))
    # The real handbook holds one approved document, the 2018 policy (SAK-RIK-001 is a proposal).
    subtitle = {"sv": "Fastställd policy i Region Blekinges säkerhetsregelverk",
                "en": "The approved policy of Region Blekinge's security framework"}[language]
    assert subtitle in cover
    assert "riktlinjer" not in cover.lower() and "routines" not in cover.lower() and "rutiner" not in cover.lower()
    assert pdf_info(language_root(site, language) / HANDBOOKS[language])["Subject"] == subtitle


def test_no_loopback_address_in_text_or_links_and_the_public_address_on_every_cover(site):
    for path in site_pdfs(site):
        text = pdf_text(path)
        assert "127.0.0.1" not in text and "localhost" not in text, path
        links = uris(path)
        assert PUBLIC.encode() in {uri[:len(PUBLIC)] for uri in links}, (path, links)
        assert not [uri for uri in links if re.match(rb"https?://(127\.|localhost|\[::1\])", uri)], (path, links)
        assert b"127.0.0.1" not in pdf_objects(path), path
        cover = normalise_space(pdf_text(path, 1, 1))
        assert re.search(r"(Gällande version finns alltid på|The version in force is always at) "
                         + re.escape(PUBLIC), cover), path


@pytest.mark.parametrize("language", LANGUAGES)
def test_contractors_pdf_ends_with_the_acknowledgement_form(site, language):
    path = language_root(site, language) / CONTRACTORS[language]
    pages = int(pdf_info(path)["Pages"])
    last = normalise_space(pdf_text(path, pages, pages))
    for text in FORM[language] + FIELDS[language]:
        assert text in last, text
    fields = [line for line in page_lines(path, pages) if line in FIELDS[language]]
    assert fields == FIELDS[language]  # each on a line of its own, with the line to write on beside it
    title = {"sv": "Säkerhetspolicy", "en": "Security policy"}[language]
    row = re.search(rf"SAK-POL-001 {title} 2\.0 (SAK-POL-001-v2\.0-[0-9A-Z]{{6}})", last)
    assert row, last
    # The same code as in the contents on the cover, and it is the only document the PDF holds.
    assert row.group(1) in normalise_space(pdf_text(path, 1, 1))
    assert len(re.findall(r"SAK-[A-Z]{3}-\d{3} ", last)) == 1
    # The contents on the cover lists the form with its page.
    form_heading = FORM[language][0]
    assert re.search(rf"{re.escape(form_heading)} {pages}\b", normalise_space(pdf_text(path, 1, 1)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_only_the_contractors_pdf_has_the_form(site, language):
    for name in OTHER_BUNDLES[language] + [HANDBOOKS[language]]:
        text = normalise_space(pdf_text(language_root(site, language) / name))
        assert FORM[language][0] not in text and FIELDS[language][-1] not in text.split(), name


# --- rendered here: what the real content does not show --------------------------------------------------------

@pytest.fixture(scope="module")
def project():
    return load_project(REPO, REPO / "docs")


def exporter(project, public_url: str | None, **fields) -> Exporter:
    env = environment(Theme(name="material", custom_dir=str(REPO / "overrides")))  # as the build's (hooks/pdf.py)
    return Exporter(project.labels, project.roles, "Region Blekinge", LOOPBACK if public_url is None else public_url,
                    REPO / "overrides", {}, {("SAK-POL-001", "2.0"): "SAK-POL-001-v2.0-ABC123"}, public_url,
                    env=env, **fields)


def approved(project, language: str, path: str):
    return dataclasses.replace(project.corpus.get(language, path), status="approved")


def test_handbook_subtitle_from_the_types_it_holds(project):
    sv, en = (localise(project.labels, language) for language in LANGUAGES)
    policy = approved(project, "sv", "sakerhetspolicy.md")
    guideline = approved(project, "sv", "riktlinje-sakerhet-och-krisberedskap.md")
    routine = approved(project, "sv", "rutin-rapportera-brister.md")
    assert handbook_subtitle([policy], sv) == "Fastställd policy i Region Blekinges säkerhetsregelverk"
    assert handbook_subtitle([policy, guideline, guideline], sv) == (
        "Fastställda policy och riktlinjer i Region Blekinges säkerhetsregelverk")
    assert handbook_subtitle([routine, guideline, policy], en) == (
        "The approved policy, guideline and routine of Region Blekinge's security framework")
    assert handbook_subtitle([], sv) == "Inget dokument i Region Blekinges säkerhetsregelverk är fastställt ännu"


def test_form_rows_say_why_a_document_has_no_code(project):
    sv = localise(project.labels, "sv")
    policy = project.corpus.get("sv", "sakerhetspolicy.md")
    information = project.corpus.get("sv", "leverantorer-och-konsulter.md")
    draft = project.corpus.get("sv", "riktlinje-sakerhet-och-krisberedskap.md")
    assert form_row(policy, "SAK-POL-001-v2.0-ABC123", sv).code == "SAK-POL-001-v2.0-ABC123"
    assert form_row(policy, None, sv).code == sv["history"]["not_committed"]
    assert (form_row(information, None, sv).code, form_row(information, None, sv).has_code) == (
        "ingen, information och inget beslut", False)
    assert form_row(draft, None, sv).code == "ingen, gäller inte ännu"


def test_the_cover_date_is_the_builds_date_from_source_date_epoch(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796040000")  # 30 November 2026, 12:00 UTC
    policy = project.corpus.get("en", "sakerhetspolicy.md")
    job = exporter(project, PUBLIC).document_job(policy, "<p>Text.</p>")
    assert "Compiled 30 November 2026" in job.html
    handbook = exporter(project, PUBLIC).handbook_job("sv", [(policy, "<p>Text.</p>")])
    assert "Sammanställd 30 november 2026" in handbook.html


def test_links_to_the_site_become_plain_text_without_a_public_address():
    html = print_body('<p><a href="../riktlinje/">Riktlinjen</a>, <a href="#mal">målen</a> och '
                      '<a href="https://www.msb.se/">MSB</a>.</p>', LOOPBACK + "sakerhetspolicy/", unlink=LOOPBACK)
    assert html == '<p>Riktlinjen, <a href="#mal">målen</a> och <a href="https://www.msb.se/">MSB</a>.</p>'


BODY = '<p><a href="../kontakt/">Kontakt</a> och <a href="https://www.msb.se/">MSB</a>.</p>'


def one_line_paragraphs(count: int) -> str:
    """A chapter of `count` one-line paragraphs: with one page break forced before every chapter, 41 to 45 of them
    leave 0 to 4 lines on the chapter's last page, so some chapter of five always ends on a near-empty page."""
    return "".join(f"<p>Rad {n} i kapitlet.</p>" for n in range(count)) + BODY


def glossary(rows: int) -> str:
    return ("<table><thead><tr><th>Begrepp</th><th>Förklaring</th></tr></thead><tbody>"
            + "".join(f"<tr><td>Begrepp {n}</td><td>Förklaring {n}.</td></tr>" for n in range(rows))
            + "</tbody></table>")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_handbook_of_several_chapters_has_no_near_empty_page_and_no_loopback_address(project, tmp_path):
    """Chapters whose last lines would spill onto a page of their own if every chapter began a new page, and a
    glossary-like table; built as under `make serve`, with no public address."""
    policy = approved(project, "sv", "sakerhetspolicy.md")
    guideline = approved(project, "sv", "riktlinje-sakerhet-och-krisberedskap.md")
    routine = approved(project, "sv", "rutin-rapportera-brister.md")
    chapters = [(dataclasses.replace(policy, id=f"SAK-POL-00{n}", path=f"policy-{n}.md"), one_line_paragraphs(count))
                for n, count in enumerate(range(41, 46), start=1)]
    chapters += [(guideline, glossary(29) + BODY), (routine, glossary(3) + BODY)]
    job = exporter(project, None).handbook_job("sv", chapters)
    assert "127.0.0.1" not in job.html.replace(job.page_url, "")  # only the base the renderer resolves against
    path = write(tmp_path, "handbook.pdf", render(job))
    pages = int(pdf_info(path)["Pages"])
    assert pages >= 8
    assert near_empty_pages(path) == []
    text = normalise_space(pdf_text(path))
    assert "Fastställda policyer, riktlinje och rutin i Region Blekinges säkerhetsregelverk" in text
    assert "Handboken innehåller interna dokument och får inte spridas utanför Region Blekinge." in text
    assert "Gällande version finns alltid på" not in text and "127.0.0.1" not in text
    assert "Kontakt och MSB." in text  # the link to the site's page is plain text; the other host stays a link
    assert uris(path) == {b"https://www.msb.se/"}
    assert b"127.0.0.1" not in pdf_objects(path)
    # The routine is internal, so the whole handbook is marked internal on every page.
    assert routine.classification == "internal"
    for page in range(1, pages + 1):
        assert page_lines(path, page)[-1] == f"Region Blekinge · Intern · Sida {page} av {pages}"


def test_a_document_without_a_public_address_names_none(project, tmp_path):
    policy = project.corpus.get("en", "sakerhetspolicy.md")
    path = write(tmp_path, "policy.pdf", render(exporter(project, None).document_job(policy, BODY)))
    text = normalise_space(pdf_text(path))
    assert "The version in force is always at" not in text and "127.0.0.1" not in text
    assert uris(path) == {b"https://www.msb.se/"}
    assert b"127.0.0.1" not in pdf_objects(path)
