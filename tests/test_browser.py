"""The built site in a real headless Chromium: search per language, language links, console, network."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from helpers import page_files
from policysite.model import LANGUAGES

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.problems = []
    page.foreign_requests = []
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(msg.text))
    page.on("pageerror", lambda exc: page.problems.append(str(exc)))
    page.on("request", lambda request: urlsplit(request.url).netloc != urlsplit(server).netloc
            and not request.url.startswith(("data:", "blob:")) and page.foreign_requests.append(request.url))
    yield page
    context.close()


def url_for(site: Path, server: str, path: Path) -> str:
    relative = path.parent.relative_to(site).as_posix()
    return f"{server}/" if relative == "." else f"{server}/{relative}/"


def search(page, query: str) -> list[str]:
    """Type a query into the theme's search and return the result links."""
    page.wait_for_load_state("networkidle")  # the index and the language scripts are in
    page.keyboard.press("s")  # the theme's keyboard shortcut opens the search
    field = page.locator("input.md-search__input")
    field.wait_for(state="visible")
    field.fill(query)
    results = page.locator(".md-search-result__item")
    try:
        results.first.wait_for(timeout=5000)
    except PlaywrightTimeout:
        # The worker may still have been building the index when the query arrived; ask again.
        field.press("End")
        field.press("Space")
        field.press("Backspace")
        results.first.wait_for(timeout=10000)
    return page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")


def test_every_page_loads_without_console_errors_or_foreign_requests(page, site, server):
    for language in LANGUAGES:
        for path in page_files(site, language):
            page.goto(url_for(site, server, path))
            page.wait_for_load_state("networkidle")
    assert page.problems == []
    assert page.foreign_requests == []


def test_swedish_search_stems_and_stays_swedish(page, server):
    page.goto(f"{server}/")
    results = search(page, "riktlinjerna")
    assert results, "no results"
    assert urlsplit(results[0]).path == "/riktlinje-sakerhet-och-krisberedskap/"
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


def test_language_link_opens_the_same_document(page, server):
    page.goto(f"{server}/principer/narhetsprincipen/")
    identifier = page.locator('meta[name="dcterms.identifier"]').get_attribute("content")
    page.locator("a.policy-language__link").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/en/principer/narhetsprincipen/"
    assert page.locator('meta[name="dcterms.identifier"]').get_attribute("content") == identifier
    assert page.problems == []
