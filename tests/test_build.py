"""The real site, built once: languages, metadata, language links, search, sitemaps, assets."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from helpers import language_root, metadata, page_files, search_index, tags
from policysite.model import LANGUAGES


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def meta_content(html: str, name: str) -> str | None:
    for tag, attrs in tags(html):
        if tag == "meta" and attrs.get("name") == name:
            return attrs.get("content")
    return None


def document_ids(site: Path, language: str) -> dict[str, Path]:
    return {meta_content(read(p), "dcterms.identifier"): p for p in page_files(site, language)}


def url_of(site: Path, page: Path) -> str:
    return "/" + page.parent.relative_to(site).as_posix().removeprefix(".") + "/" if page.parent != site else "/"


def resolve(site: Path, page: Path, href: str) -> Path:
    """The index.html a relative link on page points to."""
    target = urljoin("http://x" + url_of(site, page).replace("//", "/"), href)
    path = urlsplit(target).path
    return site / path.lstrip("/") / "index.html" if path.endswith("/") else site / path.lstrip("/")


def test_both_languages_have_the_same_document_ids(site):
    sv, en = document_ids(site, "sv"), document_ids(site, "en")
    assert None not in sv and None not in en
    assert len(sv) == len(page_files(site, "sv")) == 19  # with the three audience entry pages (malgrupper/)
    assert set(sv) == set(en)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_declares_its_language(site, language):
    pages = page_files(site, language) + [language_root(site, language) / "404.html"]
    for page in pages:
        html = read(page)
        assert f'<html lang="{language}"' in html, page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_tab_title_names_the_page_then_the_site_and_the_site_once(site, language):
    site_name = {"sv": "Säkerhet i Region Blekinge", "en": "Security at Region Blekinge"}[language]
    titles = {page: unescape(re.search(r"<title>(.*?)</title>", read(page), re.S)[1]) for page in page_files(site, language)}
    assert titles[language_root(site, language) / "index.html"] == site_name
    policy = language_root(site, language) / "sakerhetspolicy" / "index.html"
    assert titles[policy] == {"sv": "Säkerhetspolicy", "en": "Security policy"}[language] + " - " + site_name
    assert all(title.count(site_name) == 1 for title in titles.values()), titles


def test_each_language_has_its_own_404_page(site):
    assert "Sidan finns inte" in read(site / "404.html")
    assert "Page not found" in read(site / "en" / "404.html")


def test_policy_metadata_panel_in_swedish(site):
    panel = metadata(read(site / "sakerhetspolicy" / "index.html"))
    assert panel["id"] == ("Dokument-id", "SAK-POL-001")
    assert panel["type"] == ("Dokumenttyp", "Policy")
    assert panel["status"] == ("Status", "Fastställd")
    assert panel["version"] == ("Version", "2.0")
    assert panel["approved_by"] == ("Fastställd av", "Regionfullmäktige")
    assert panel["approved"] == ("Beslutsdatum", "november 2018")
    assert panel["case_number"] == ("Diarienummer", "uppgift saknas")
    assert panel["owner"] == ("Dokumentägare", "Säkerhetschef")
    assert panel["classification"] == ("Informationsklass", "Öppen")
    assert "translation_of_version" not in panel


def test_policy_metadata_panel_in_english_names_the_swedish_version(site):
    panel = metadata(read(site / "en" / "sakerhetspolicy" / "index.html"))
    assert panel["approved"] == ("Decision date", "November 2018")
    assert panel["approved_by"] == ("Approved by", "Regional Council")
    assert panel["case_number"] == ("Case number", "not recorded")
    assert panel["next_review"] == ("Next review", "not recorded")
    label, value = panel["translation_of_version"]
    assert label == "Translation of"
    assert value.startswith("Swedish version 2.0. The Swedish text is authoritative.")


def test_the_proposed_guideline_shows_that_no_decision_has_been_taken(site):
    panel = metadata(read(site / "riktlinje-sakerhet-och-krisberedskap" / "index.html"))
    assert panel["status"] == ("Status", "Utkast")
    assert panel["decision"] == ("Beslut", "Inget beslut är fattat. Dokumentet är ett förslag.")
    assert "approved_by" not in panel and "approved" not in panel


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_link_leads_to_the_same_document(site, language):
    other = next(lang for lang in LANGUAGES if lang != language)
    for page in page_files(site, language):
        html = read(page)
        links = [attrs for tag, attrs in tags(html) if tag == "a" and "policy-language__link" in attrs.get("class", "")]
        assert len(links) == 1, page
        assert links[0]["hreflang"] == other
        target = resolve(site, page, links[0]["href"])
        target_html = read(target)
        assert meta_content(target_html, "dcterms.identifier") == meta_content(html, "dcterms.identifier"), page
        assert f'<html lang="{other}"' in target_html


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_index_holds_only_its_own_language(site, language):
    index = search_index(site, language)
    assert index["config"]["lang"] == [language]
    assert ("stemmer" in index["config"]["pipeline"]) == (language == "sv")
    root = language_root(site, language)
    documents = {entry["location"].split("#")[0] for entry in index["docs"]}
    assert len(documents) == 19
    for location in documents:
        page = root / location / "index.html"
        assert f'<html lang="{language}"' in read(page), location


def test_pages_load_the_search_index_of_their_language(site):
    def config_base(page: Path) -> str:
        match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', read(page), re.S)
        return json.loads(match.group(1))["base"]

    for language in LANGUAGES:
        for page in page_files(site, language):
            root = resolve(site, page, config_base(page)).parent
            assert root == language_root(site, language), page


def test_each_language_has_a_sitemap_of_its_own_pages(site):
    english = read(site / "en" / "sitemap.xml")
    locations = re.findall(r"<loc>(.*?)</loc>", english)
    assert len(locations) == 19
    assert all("/en/" in loc for loc in locations)
    assert (site / "en" / "sitemap.xml.gz").exists()


ASSET_ATTRIBUTES = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
                    "video": "src", "embed": "src", "object": "data"}


def test_no_asset_loads_from_another_host(site):
    offenders = []
    for page in site.rglob("*.html"):
        for tag, attrs in tags(read(page)):
            attribute = ASSET_ATTRIBUTES.get(tag)
            if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "icon", "modulepreload", "preconnect", "dns-prefetch"):
                attribute = "href"
            value = attrs.get(attribute or "", "")
            if value.startswith(("http:", "https:", "//")):
                offenders.append(f"{page}: <{tag} {attribute}={value}>")
    for stylesheet in site.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)['\"]?((?:https?:)?//[^'\")\s]+)", read(stylesheet)):
            offenders.append(f"{stylesheet}: {url}")
    assert offenders == []


def test_theme_fonts_are_not_fetched_from_google(site):
    for page in site.rglob("*.html"):
        assert "fonts.googleapis.com" not in read(page)
        assert "fonts.gstatic.com" not in read(page)


def test_roles_table_and_chart_are_rendered_from_the_roles_file(site):
    from policysite.data import load_roles
    from conftest import REPO

    roles = load_roles(REPO / "data" / "roles.yml")
    for language in LANGUAGES:
        html = unescape(read(language_root(site, language) / "ansvar-och-roller" / "index.html"))
        for role in roles.values():
            if not role.historical:
                assert f'id="roll-{role.key}"' in html
                assert role.name[language] in html
        assert 'class="policy-chart"' in html
        assert "<script" not in html.split('class="policy-chart"')[1].split("</figure>")[0]


def test_glossary_terms_become_tooltips(site):
    html = read(site / "sakerhetspolicy" / "index.html")
    assert re.search(r'<abbr title="[^"]+">höjd beredskap</abbr>', html)
    english = read(site / "en" / "sakerhetspolicy" / "index.html")
    assert re.search(r'<abbr title="[^"]+">heightened alert</abbr>', english)
