"""hosting/nginx.conf, served by Debian's nginx (the session's `server`): headers, 404 pages, compression, caching.

The browser suite runs on the same server, so its CSP checks are made under the headers nginx really sends.
"""

from __future__ import annotations

import gzip
import http.client
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from browsing import read_headers_file, server_block
from conftest import open_page

BUNDLE = "{bundle}"  # the theme's fingerprinted script, assets/javascripts/bundle.<hash>.min.js
PDF_SV, PDF_EN = "/sakerhetspolicy/SAK-POL-001-sv.pdf", "/en/sakerhetspolicy/SAK-POL-001-en.pdf"
REVALIDATE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def fetch(server: str, path: str, **headers: str) -> Response:
    """One GET without following redirects or decoding the body, as the wire has it."""
    connection = http.client.HTTPConnection(urlsplit(server).netloc, timeout=10)
    try:
        connection.request("GET", path, headers={name.replace("_", "-"): value for name, value in headers.items()})
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def site_path(site: Path, path: str) -> str:
    if path == BUNDLE:
        bundles = sorted(site.glob("assets/javascripts/bundle.*.min.js"))
        assert len(bundles) == 1, bundles
        return "/" + bundles[0].relative_to(site).as_posix()
    return path


def nginx_headers(site: Path) -> list[tuple[str, str]]:
    """The (name, value) pairs of site/_headers.nginx.conf; every line must be one `add_header … always;`."""
    pairs = []
    for line in (site / "_headers.nginx.conf").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            match = re.fullmatch(r'add_header ([A-Za-z-]+) "([^"]*)" always;', line)
            assert match, f"not an `add_header … always;` line: {line}"
            pairs.append((match[1], match[2]))
    return pairs


def test_the_nginx_header_file_and_the_headers_file_send_the_same_headers(site):
    assert nginx_headers(site) == read_headers_file(site / "_headers")[0][1]
    assert {name for name, _ in nginx_headers(site)} >= {
        "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"}


@pytest.mark.parametrize("path, status", [
    ("/", 200), ("/en/sakerhetspolicy/", 200), (PDF_SV, 200), (PDF_EN, 200),
    ("/dokumentoversikt/documents.json", 200), ("/en/search/search_index.json", 200), ("/feed.xml", 200),
    ("/dokumentoversikt/documents.csv", 200), ("/assets/stylesheets/policy.css", 200), (BUNDLE, 200),
    ("/finns-inte/", 404), ("/en/finns-inte/", 404), ("/en/sakerhetspolicy/saknas.pdf", 404),
    ("/assets/javascripts/saknas.0123abcd.min.js", 404), ("/_headers.nginx.conf", 404), ("/sakerhetspolicy", 301),
])
def test_every_response_carries_every_security_header_once(site, server, path, status):
    response = fetch(server, site_path(site, path))
    assert response.status == status
    for name, value in nginx_headers(site):
        assert response.headers.get_all(name) == [value], name
    assert response.headers["Server"] == "nginx"  # server_tokens off: no version


@pytest.mark.parametrize("path, language, page", [
    ("/finns-inte/", "sv", "404.html"),
    ("/finns-inte/djupt/nere.html", "sv", "404.html"),
    ("/sakerhetspolicy/saknas.pdf", "sv", "404.html"),
    ("/en/finns-inte/", "en", "en/404.html"),
    ("/en/finns-inte/djupt/nere.html", "en", "en/404.html"),
    ("/en/sakerhetspolicy/saknas.pdf", "en", "en/404.html"),
])
def test_a_missing_address_gets_the_404_page_of_its_language(site, server, path, language, page):
    response = fetch(server, path)
    assert response.status == 404
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.body == (site / page).read_bytes()
    assert BeautifulSoup(response.body, "html.parser").html["lang"] == language


@pytest.mark.parametrize("path", ["/_headers", "/_headers.nginx.conf", "/.git/config", "/assets/.hidden"])
def test_the_header_files_and_hidden_files_are_not_served(site, server, path):
    response = fetch(server, path)
    assert (response.status, response.body) == (404, (site / "404.html").read_bytes())


@pytest.mark.parametrize("path, content_type", [
    ("/", "text/html; charset=utf-8"),
    ("/en/sakerhetspolicy/", "text/html; charset=utf-8"),
    ("/assets/stylesheets/policy.css", "text/css; charset=utf-8"),
    (BUNDLE, "application/javascript; charset=utf-8"),
    ("/search/search_index.json", "application/json; charset=utf-8"),
    ("/en/dokumentoversikt/documents.json", "application/json; charset=utf-8"),
    ("/en/feed.xml", "text/xml; charset=utf-8"),
    ("/sitemap.xml", "text/xml; charset=utf-8"),
    ("/dokumentoversikt/documents.csv", "text/csv; charset=utf-8"),
    ("/dokumentoversikt/statements.csv", "text/csv; charset=utf-8"),
    ("/en/reviews.ics", "text/calendar; charset=utf-8"),
])
def test_text_is_sent_compressed_to_clients_that_accept_gzip(site, server, path, content_type):
    path = site_path(site, path)
    response = fetch(server, path, Accept_Encoding="gzip")
    assert response.status == 200
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    source = site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
    assert gzip.decompress(response.body) == source.read_bytes()


def test_pdfs_and_clients_without_gzip_get_the_files_as_they_are(site, server):
    pdf = fetch(server, PDF_SV, Accept_Encoding="gzip")
    assert (pdf.status, pdf.headers["Content-Type"], pdf.headers["Content-Encoding"]) == (200, "application/pdf", None)
    assert pdf.body == (site / PDF_SV.lstrip("/")).read_bytes()
    page = fetch(server, "/")
    assert page.headers["Content-Encoding"] is None and page.body == (site / "index.html").read_bytes()


@pytest.mark.parametrize("path, cache_control", [
    ("/", REVALIDATE), ("/en/sakerhetspolicy/", REVALIDATE), (PDF_SV, REVALIDATE),
    ("/dokumentoversikt/documents.json", REVALIDATE), ("/dokumentoversikt/documents.csv", REVALIDATE),
    ("/search/search_index.json", REVALIDATE), ("/feed.xml", REVALIDATE),
    (BUNDLE, IMMUTABLE), ("/assets/stylesheets/main.{hash}.min.css", IMMUTABLE),
    ("/assets/stylesheets/policy.css", "max-age=3600"), ("/assets/images/favicon.png", "max-age=3600"),
])
def test_pages_are_revalidated_and_fingerprinted_assets_cached_for_a_year(site, server, path, cache_control):
    if "{hash}" in path:
        path = "/" + next(site.glob("assets/stylesheets/main.*.min.css")).relative_to(site).as_posix()
    response = fetch(server, site_path(site, path))
    assert response.status == 200
    assert response.headers.get_all("Cache-Control") == [cache_control]


def test_an_unchanged_page_costs_a_304_that_still_carries_the_headers(site, server):
    etag = fetch(server, "/sakerhetspolicy/").headers["ETag"]
    response = fetch(server, "/sakerhetspolicy/", If_None_Match=etag)
    assert (response.status, response.body) == (304, b"")
    assert response.headers["Content-Security-Policy"] == dict(nginx_headers(site))["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/sakerhetspolicy", "/en/sakerhetspolicy", "/en"])
def test_a_folder_without_its_slash_is_redirected_relative_to_the_host_the_reader_used(server, path):
    response = fetch(server, path)
    assert (response.status, response.headers["Location"]) == (301, path + "/")


@pytest.mark.browser
@pytest.mark.parametrize("path, language, heading", [
    ("/finns-inte/", "sv", "Sidan finns inte"), ("/en/finns-inte/djupt/", "en", "Page not found"),
])
def test_the_404_pages_work_in_chromium_at_any_depth(browser, server, path, language, heading):
    """Styled (the style sheets load from the absolute /assets/), no script blocked, nothing else failing."""
    page = open_page(browser, server)
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and r.url != server + path and failed.append(f"{r.status} {r.url}"))
    try:
        response = page.goto(server + path)
        page.wait_for_load_state("networkidle")
        assert response.status == 404
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("article h1").inner_text() == heading
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        assert page.evaluate("window.__cspViolations") == []
        assert failed == [] and page.problems.foreign_requests == []
        # Chromium reports the document's own 404 status as a console error; there must be nothing else.
        assert len(page.problems.console) <= 1 and all("status of 404" in line for line in page.problems.console)
    finally:
        page.context.close()


def test_the_server_block_is_adapted_only_in_its_address_and_paths(tmp_path):
    site = tmp_path / "site"
    adapted = server_block(site, 8123)
    original = (Path(__file__).resolve().parent.parent / "hosting" / "nginx.conf").read_text(encoding="utf-8")
    assert adapted == original.replace("listen 80;", "listen 127.0.0.1:8123;").replace("/srv/sakerhet/site", str(site))
    assert f"include {site}/_headers.nginx.conf;" in adapted
    with pytest.raises(ValueError, match="cannot name this folder unquoted"):
        server_block(tmp_path / "a site; evil", 8123)
