"""Search in a real Chromium on the built site: short words, stop words, highlighting, "no results", the dialog.

The rules are in overrides/search/query-rules.js (run inside the theme's search worker); the "no results" links
and the dialog's name in overrides/partials/search.html.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browsing import axe_violations, search

pytestmark = pytest.mark.browser

NO_RESULTS = {"sv": "Inga sökresultat", "en": "No matching documents"}  # the theme's own texts
DIALOG_NAME = {"sv": "Sök på webbplatsen", "en": "Search this site"}


def highlight_terms(url: str) -> list[str]:
    """The words a result link asks the opened page to highlight (?h=)."""
    return " ".join(parse_qs(urlsplit(url).query).get("h", [])).split()


def open_search(page, query: str) -> None:
    """Type a query into the theme's search and wait until the theme has answered it (a count or none)."""
    page.wait_for_load_state("networkidle")
    page.keyboard.press("s")
    field = page.locator("input.md-search__input")
    field.wait_for(state="visible")
    field.fill(query)
    answered = ("none => { const text = document.querySelector('.md-search-result__meta').textContent.trim();"
                " return /\\d/.test(text) || text === none; }")
    none = NO_RESULTS[page.locator("html").get_attribute("lang")]
    try:
        page.wait_for_function(answered, arg=none, timeout=5000)
    except PlaywrightTimeout:
        # The worker may still have been building the index when the query arrived; ask again.
        field.press("End")
        field.press("Space")
        field.press("Backspace")
        page.wait_for_function(answered, arg=none, timeout=10000)


def highlighted(page) -> list[str]:
    """The words the opened page highlights, lower-cased, once the theme has marked them (it joins two marks
    with only a space between them into one)."""
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for(timeout=10000)
    return [word.lower() for text in marks.all_inner_texts() for word in text.split()]


@pytest.mark.parametrize(("start", "query", "first", "section", "words"), [
    # The routine for reporting a deficiency is internal; the public edition's contact page has the section.
    ("/", "rapportera en brist", "/kontakt/", "#rapportera-en-brist", {"rapporter", "brist"}),
    ("/", "vem är ansvarig i en kris", "/principer/ansvarsprincipen/", "", {"ansvar", "kris"}),
    ("/en/", "report a deficiency", "/en/kontakt/", "#rapportera-en-brist", {"report", "deficiency"}),
])
def test_stop_words_neither_find_nor_highlight(page, server, start, query, first, section, words):
    page.goto(f"{server}{start}")
    results = search(page, query)
    assert urlsplit(results[0]).path == first
    # No link carries a stop word or a word shorter than three characters to highlight.
    assert {term for url in results for term in highlight_terms(url)} <= words, results
    target = next(url for url in results if urlsplit(url).path == first and urlsplit(url).fragment == section[1:]
                  and highlight_terms(url))
    assert set(highlight_terms(target)) == words
    page.goto(target)
    marks = highlighted(page)
    assert set(marks) == words, marks
    assert page.problems.console == []


def test_a_prefix_needs_three_characters(page, server):
    page.goto(f"{server}/")
    open_search(page, "kr")  # no word is "kr"; as a prefix it found every "kris…" and "krav…"
    assert page.locator(".md-search-result__meta").inner_text() == NO_RESULTS["sv"]
    results = search(page, "kri")
    assert any(urlsplit(url).path == "/sakerhetspolicy/" for url in results)
    assert {term for url in results for term in highlight_terms(url)} == {"kri"}


def test_a_short_word_is_found_but_never_highlighted(page, server):
    page.goto(f"{server}/en/")
    results = search(page, "hr")  # "the region's HR or procurement systems"
    assert results
    assert [url for url in results if highlight_terms(url)] == []


@pytest.mark.parametrize(("start", "language", "query", "expected"), [
    # Stop words only ("och"), and a word no page has.
    ("/principer/ansvarsprincipen/", "sv", "och", [
        ("Kontakt och att rapportera en brist", "/kontakt/"),
        ("Startsidan", "/"),
        ("Det här gäller medarbetare", "/malgrupper/medarbetare/"),
        ("Det här gäller leverantörer och konsulter", "/malgrupper/leverantorer/"),
        ("Det här gäller styrning och granskning", "/malgrupper/styrning/"),
    ]),
    ("/en/", "en", "xyzzyq", [
        ("Contact and reporting a deficiency", "/en/kontakt/"),
        ("The start page", "/en/"),
        ("What applies to employees", "/en/malgrupper/medarbetare/"),
        ("What applies to suppliers and consultants", "/en/malgrupper/leverantorer/"),
        ("What applies to governance and audit", "/en/malgrupper/styrning/"),
    ]),
])
def test_no_results_offers_a_way_on(page, server, start, language, query, expected):
    page.goto(f"{server}{start}")
    help_links = page.locator(".policy-search-help a")
    open_search(page, query)
    assert page.locator(".md-search-result__meta").inner_text() == NO_RESULTS[language]
    assert page.locator(".md-search-result__item").count() == 0
    page.locator(".policy-search-help").wait_for(state="visible")
    found = help_links.evaluate_all("links => links.map(a => [a.textContent, a.href])")
    assert [(text, urlsplit(url).path) for text, url in found] == expected
    for _text, url in found:
        response = page.request.get(url)
        assert response.status == 200, url
        assert f'<html lang="{language}"' in response.text(), url
    assert axe_violations(page, ".md-search") == []
    # A query with results, or none typed, shows the results or the prompt, not the way on.
    search(page, "kris" if language == "sv" else "crisis")
    assert not page.locator(".policy-search-help").is_visible()
    page.locator("input.md-search__input").fill("")
    assert not page.locator(".policy-search-help").is_visible()


@pytest.mark.parametrize(("start", "language"), [("/", "sv"), ("/en/kontakt/", "en")])
def test_the_search_dialog_has_a_name(page, server, start, language):
    page.goto(f"{server}{start}")
    open_search(page, "kris" if language == "sv" else "crisis")
    assert page.get_by_role("dialog", name=DIALOG_NAME[language]).count() == 1
