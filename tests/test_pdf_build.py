"""The PDF exports of the real site (built with PDFs once per session), read back with poppler-utils."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import (article_text, language_root, normalise_space, pdf_fonts, pdf_info, pdf_objects, pdf_text,
                     pdf_xmp, tags)
from policysite.urls import HISTORY_FOLDER
from policysite.model import LANGUAGES
from policysite.present import format_size

# (page folder, id, title per language): the governing documents, in navigation order.
GOVERNING = [
    ("sakerhetspolicy", "SAK-POL-001", {"sv": "Säkerhetspolicy", "en": "Security policy"}),
    ("riktlinje-sakerhet-och-krisberedskap", "SAK-RIK-001",
     {"sv": "Riktlinje för säkerhets- och krisberedskapsarbetet",
      "en": "Guideline for security and crisis-preparedness work"}),
]
APPROVED = GOVERNING[:1]  # SAK-RIK-001 is a proposal (notes/decisions/0007)
HANDBOOKS = {"sv": "sakerhetshandboken-sv.pdf", "en": "security-handbook-en.pdf"}
# What applies to each audience, next to its entry page (tests/test_audiences.py reads them).
BUNDLES = {"sv": ["malgrupper/medarbetare/galler-dig-som-medarbetare-sv.pdf",
                  "malgrupper/leverantorer/galler-dig-som-leverantor-sv.pdf",
                  "malgrupper/styrning/galler-styrning-och-granskning-sv.pdf"],
           "en": ["malgrupper/medarbetare/applies-to-employees-en.pdf",
                  "malgrupper/leverantorer/applies-to-contractors-en.pdf",
                  "malgrupper/styrning/applies-to-governance-en.pdf"]}
FOOTER = {"sv": "Sida {page} av {pages}", "en": "Page {page} of {pages}"}
RUNNING_HEADER = {"sv": "version", "en": "version"}


def document_pdf(site: Path, language: str, folder: str, doc_id: str) -> Path:
    return language_root(site, language) / folder / f"{doc_id}-{language}.pdf"


def without_line_breaks(text: str) -> str:
    """pdftotext joins a word hyphenated at a line end ('crisis-' + 'preparedness'), so compare without both."""
    return re.sub(r"[\s\-­]", "", text)


def all_pdfs(site: Path) -> list[Path]:
    return [document_pdf(site, language, folder, doc_id) for folder, doc_id, _ in GOVERNING for language in LANGUAGES] + [
        language_root(site, language) / name for language, name in HANDBOOKS.items()] + [
        language_root(site, language) / name for language, names in BUNDLES.items() for name in names]


def test_every_governing_document_handbook_and_bundle_has_a_pdf_and_nothing_else_does(site):
    expected = {path.relative_to(site) for path in all_pdfs(site)}
    published = {path.relative_to(site) for path in site.rglob("*.pdf")}
    assert {path for path in published if HISTORY_FOLDER not in path.parts} == expected
    archived = [path for path in published if HISTORY_FOLDER in path.parts]  # earlier approved versions
    assert all(re.fullmatch(r"[A-Z]{3}-[A-Z]{3}-\d{3}-v\d+\.\d+-(sv|en)\.pdf", path.name) for path in archived)
    assert not list(site.rglob("*.partial")), "a half-written PDF was left behind"


def test_print_assets_are_not_published(site):
    assert not (site / "pdf").exists()
    assert not list(site.rglob("*.ttf"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("folder, doc_id, titles", GOVERNING)
def test_pdf_text_is_the_pages_text_in_its_language(site, language, folder, doc_id, titles):
    pdf = normalise_space(pdf_text(document_pdf(site, language, folder, doc_id)))
    page = (language_root(site, language) / folder / "index.html").read_text(encoding="utf-8")
    assert titles[language] in pdf
    # Every paragraph of the page's own text is in the PDF, with å, ä and ö intact (the editors' account of the
    # version and the history after the text are the site's, not the document's).
    text = page.split('class="policy-meta"')[-1].split('class="policy-changes"')[0]
    paragraphs = [article_text(f"<article>{p}</article>") for p in re.findall(r"<p>(.*?)</p>", text, flags=re.S)]
    assert paragraphs
    for paragraph in paragraphs:
        assert without_line_breaks(paragraph) in without_line_breaks(pdf)
    if language == "sv":
        assert re.search(r"[åäö]", pdf) and "Ã" not in pdf
    other = next(lang for lang in LANGUAGES if lang != language)
    assert titles[other] not in pdf


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_site_chrome_in_the_pdf(site, language):
    text = normalise_space(pdf_text(document_pdf(site, language, "sakerhetspolicy", "SAK-POL-001")))
    chrome = {"sv": ["Hoppa till innehåll", "Sök", "Dokumentöversikt", "Innehållsförteckning", "Länk till det här avsnittet"],
              "en": ["Skip to content", "Search", "Document register", "Table of contents", "Link to this section"]}
    for words in chrome[language]:
        assert words not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_cover_has_the_localised_metadata_and_the_footer_counts_pages(site, language):
    path = document_pdf(site, language, "sakerhetspolicy", "SAK-POL-001")
    cover = normalise_space(pdf_text(path, 1, 1))
    expected = {
        "sv": ["Dokument-id SAK-POL-001", "Dokumenttyp Policy", "Version 2.0", "Status Fastställd",
               "Fastställd av Regionfullmäktige", "Beslutsdatum november 2018", "Diarienummer uppgift saknas",
               "Dokumentägare Säkerhetschef", "Gäller från uppgift saknas", "Nästa granskning uppgift saknas"],
        "en": ["Document ID SAK-POL-001", "Document type Policy", "Version 2.0", "Status Approved",
               "Approved by Regional Council", "Decision date November 2018", "Case number not recorded",
               "Document owner Head of Security", "Valid from not recorded", "Next review not recorded",
               "Translation of Swedish version 2.0"],
    }[language]
    for row in expected:
        assert row in cover
    pages = int(pdf_info(path)["Pages"])
    assert pages > 1
    assert FOOTER[language].format(page=1, pages=pages) in cover
    second = normalise_space(pdf_text(path, 2, 2))
    assert FOOTER[language].format(page=2, pages=pages) in second
    title = GOVERNING[0][2][language]
    assert f"{title} · SAK-POL-001 · version 2.0" in second
    assert f"{title} · SAK-POL-001" not in cover  # the cover has no running header


@pytest.mark.parametrize("language", LANGUAGES)
def test_handbook_lists_every_document_in_navigation_order_with_page_numbers(site, language):
    path = language_root(site, language) / HANDBOOKS[language]
    contents = normalise_space(pdf_text(path, 1, 1))  # on the cover, so that no page holds only a short list
    # The handbook holds what applies: the approved documents, never the proposed guideline.
    assert GOVERNING[1][2][language] not in contents and "SAK-RIK-001" not in contents
    positions = [contents.find(titles[language]) for _, _, titles in APPROVED]
    assert -1 not in positions and positions == sorted(positions), contents
    for _, doc_id, titles in APPROVED:
        number = re.search(rf"{re.escape(titles[language])}[ .]*?(\d+)", contents)
        assert number, f"no page number after {titles[language]!r}"
        chapter_start = normalise_space(pdf_text(path, int(number.group(1)), int(number.group(1))))
        assert titles[language] in chapter_start and f"{doc_id}" in chapter_start  # the chapter's metadata


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_metadata_tags_fonts_and_archival_variant(site, language):
    for path in all_pdfs(site):
        if language_root(site, language) not in path.parents or (language == "sv" and "/en/" in path.as_posix()):
            continue
        info = pdf_info(path)
        assert info["Tagged"] == "yes"
        assert info["Title"]
        assert re.search(rb"/Lang \(" + language.encode() + rb"\)", pdf_objects(path))
        xmp = pdf_xmp(path)
        assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="A"' in xmp
        fonts = pdf_fonts(path)
        assert fonts and all(embedded == "yes" for _, embedded in fonts)
        assert all("Source-Sans-3" in name or "Source-Code-Pro" in name for name, _ in fonts), fonts


def test_document_pdf_metadata_names_title_and_owner(site):
    info = pdf_info(document_pdf(site, "en", "sakerhetspolicy", "SAK-POL-001"))
    assert info["Title"] == "Security policy (SAK-POL-001, version 2.0)"
    assert info["Author"] == "Head of Security"


def test_links_to_other_documents_are_absolute_site_urls(site):
    objects = pdf_objects(document_pdf(site, "sv", "sakerhetspolicy", "SAK-POL-001"))
    uris = set(re.findall(rb"/URI \(([^)]*)\)", objects))
    assert b"https://sakerhet.regionblekinge.se/riktlinje-sakerhet-och-krisberedskap/" in uris
    assert all(uri.startswith(b"https://sakerhet.regionblekinge.se/") for uri in uris), uris


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("folder, doc_id, titles", GOVERNING)
def test_metadata_panel_offers_the_pdf_with_size_and_language(site, language, folder, doc_id, titles):
    page = (language_root(site, language) / folder / "index.html").read_text(encoding="utf-8")
    panel = BeautifulSoup(page, "html.parser").select_one("aside.policy-meta")
    links = [link.attrs for link in panel.find_all("a") if link.get("href", "").endswith(".pdf")]
    assert [link["href"] for link in links] == [f"{doc_id}-{language}.pdf"]
    assert links[0]["hreflang"] == language and links[0]["type"] == "application/pdf"
    size = format_size(document_pdf(site, language, folder, doc_id).stat().st_size, language)
    detail = {"sv": f"(PDF, {size}, på svenska)", "en": f"(PDF, {size}, in English)"}[language]
    assert detail in normalise_space(article_text(page))


@pytest.mark.parametrize("language", LANGUAGES)
def test_start_page_links_the_handbook(site, language):
    page = (language_root(site, language) / "index.html").read_text(encoding="utf-8")
    hrefs = [attrs["href"] for tag, attrs in tags(page) if tag == "a" and attrs.get("href", "").endswith(".pdf")]
    assert hrefs == [HANDBOOKS[language]]
