"""The built site in a real headless Chromium: search per language, language links, keyboard use."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browsing import search, url_for
from helpers import page_files
from policysite.model import LANGUAGES

pytestmark = pytest.mark.browser


def test_swedish_search_stems_and_stays_swedish(page, server):
    page.goto(f"{server}/")
    results = search(page, "riktlinjerna")
    assert results, "no results"
    assert urlsplit(results[0]).path == "/riktlinje-sakerhet-och-krisberedskap/"
    # The inflected word matched through its stem, so the result does not call it missing ("Saknas: …").
    assert page.locator(".md-search-result__item").first.locator(".md-search-result__terms del").count() == 0
    assert not any(urlsplit(url).path.startswith("/en/") for url in results)


def test_english_search_stays_english(page, server):
    page.goto(f"{server}/en/")
    results = search(page, "responsibilities")
    assert results
    assert all(urlsplit(url).path.startswith("/en/") for url in results)


def test_search_result_opens_the_page(page, server):
    page.goto(f"{server}/en/")
    search(page, "proximity")
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.startswith("/en/")
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_link_of_every_document_opens_the_same_document(page, site, server, language):
    other = next(lang for lang in LANGUAGES if lang != language)
    checked = 0
    for path in page_files(site, language):
        page.goto(url_for(site, server, path))
        identifier = page.locator('meta[name="dcterms.identifier"]')
        if not identifier.count():
            continue  # the register and other pages that are not documents still have the link, checked below
        expected = identifier.get_attribute("content")
        page.locator("a.policy-language__link").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == other, page.url
        assert page.locator('meta[name="dcterms.identifier"]').get_attribute("content") == expected, page.url
        checked += 1
    assert checked >= 12
    assert page.problems.console == []


def test_the_skip_link_is_the_first_stop_and_moves_to_the_content(page, server):
    page.goto(f"{server}/sakerhetspolicy/")
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    assert skip.is_visible()
    target = skip.get_attribute("href")
    page.keyboard.press("Enter")
    assert urlsplit(page.url).fragment == target.lstrip("#")
    assert page.evaluate("(id) => { const r = document.getElementById(id).getBoundingClientRect();"
                         " return r.top >= 0 && r.top < window.innerHeight; }", target.lstrip("#"))


def focus_indicator(page) -> dict:
    return page.evaluate("""() => {
      // A visually hidden control (the theme's palette radios) shows its focus on the label after it.
      const active = document.activeElement;
      const box = active.getBoundingClientRect();
      const shown = box.width <= 1 && box.height <= 1 && active.nextElementSibling ? active.nextElementSibling : active;
      const s = getComputedStyle(shown);
      return {element: active.outerHTML.slice(0, 80), outline: s.outlineStyle,
              width: parseFloat(s.outlineWidth), shadow: s.boxShadow};
    }""")


def test_every_focus_stop_on_the_policy_is_visibly_marked(page, server):
    page.goto(f"{server}/sakerhetspolicy/")
    page.wait_for_load_state("networkidle")
    unmarked, seen = [], set()
    for _ in range(60):
        page.keyboard.press("Tab")
        focus = focus_indicator(page)
        if focus["element"] in seen or focus["element"].startswith("<body"):
            break  # round the whole page once
        seen.add(focus["element"])
        if not ((focus["outline"] != "none" and focus["width"] > 0) or focus["shadow"] != "none"):
            unmarked.append(focus["element"])
    assert len(seen) > 20
    assert unmarked == []


def test_search_is_reachable_and_usable_by_keyboard_alone(page, server):
    page.goto(f"{server}/")
    page.wait_for_load_state("networkidle")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('input.md-search__input')"):
            break
    else:
        pytest.fail("Tab never reached the search field")
    page.keyboard.type("närhetsprincipen")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/principer/narhetsprincipen/**")
    assert page.problems.console == []
