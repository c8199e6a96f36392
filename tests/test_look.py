"""The page frame: the header's name, the first screen on a phone, type and palette, the footer on every page,
and the 404 pages when the site lives under a sub-path (/sakerhet/, as SUB_PATH_SITE_URL says)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from browsing import DESKTOP, PHONE, every_page, search
from conftest import REPO, SUB_PATH_SITE_URL, TEST_SITE_URL, build, open_page, shared
from helpers import language_root, page_files
from policysite.data import load_labels
from policysite.model import LANGUAGES
from policysite.urls import review_calendar_path

LABELS = load_labels(REPO / "data" / "labels.yml")
SITE_NAMES = {"sv": "Säkerhet i Region Blekinge", "en": "Security at Region Blekinge"}
SUB_PATH = urlsplit(SUB_PATH_SITE_URL).path  # /sakerhet/
HEADER_BLUE = "rgb(28, 58, 87)"  # --md-primary-fg-color in policy.css
KEY_FIELDS = {"status", "version", "decision", "approved_by", "approved"}
EVERY_PANEL_FIELD = {"id", "type", "status", "version", "owner", "classification", "audience"}


@pytest.fixture(scope="session")
def sub_path_site(tmp_path_factory) -> Path:
    """The site (HTML only) built for a host that serves it under /sakerhet/."""
    return shared(tmp_path_factory, "sub-path-site", build_sub_path_site)


def build_sub_path_site(site_dir: Path) -> None:
    result = build(REPO, site_dir, SITE_URL=SUB_PATH_SITE_URL)
    assert result.returncode == 0, result.stdout + result.stderr


def label(key: str, language: str) -> str:
    group, _, name = key.partition(".")
    return LABELS[group][name][language]


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def target_file(site: Path, page: Path, href: str, site_path: str = urlsplit(TEST_SITE_URL).path) -> Path:
    """The built file a link on `page` leads to: relative links from the page's folder, root-absolute ones from
    the site's path (the 404 pages)."""
    path = unquote(urlsplit(href).path)
    if path.startswith("/"):
        assert path.startswith(site_path), f"{page}: {href} is not under the site's path {site_path}"
        target = site / path.removeprefix(site_path)
    else:
        target = (page.parent / path).resolve()
    return target / "index.html" if target.is_dir() else target


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_names_the_site_in_text_in_two_lengths_and_has_no_logo(site, language):
    for path in every_page(site, language):
        header = soup_of(path).select_one("header.md-header")
        name = header.select_one("a.policy-site-name")
        assert text(name.select_one(".policy-site-name__full")) == SITE_NAMES[language], path
        assert text(name.select_one(".policy-site-name__short")) == label("layout.short_title", language), path
        assert target_file(site, path, name["href"]) == language_root(site, language) / "index.html", path
        assert header.select(".md-logo, svg[viewBox] path[d^='M12 8a3']") == [], f"{path}: the theme's logo"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_metadata_panel_folds_on_information_pages_and_stays_compact_on_governing_documents(site, language):
    kinds = set()
    for path in page_files(site, language):
        panel = soup_of(path).select_one("aside.policy-meta")
        if panel is None:
            continue
        fields = [item["data-field"] for item in panel.select("[data-field]")]
        assert EVERY_PANEL_FIELD <= set(fields) and len(fields) == len(set(fields)), f"{path}: {fields}"
        heading = panel.select_one("h2#policy-meta-heading")
        assert text(heading) == label("metadata.heading", language) and panel["aria-labelledby"] == heading["id"]
        value = {item["data-field"]: text(item.dd) for item in panel.select("[data-field]")}
        if "policy-meta--information" in panel["class"]:
            kinds.add("information")
            fold = panel.select_one(":scope > details.policy-meta__details")
            assert fold is not None and not fold.has_attr("open"), path
            summary = fold.select_one(":scope > summary")
            assert heading in summary.descendants, path
            brief = label("layout.metadata_brief", language).format(id=value["id"], version=value["version"])
            assert text(summary.select_one(".policy-meta__brief")) == brief, path
            assert len(fold.select("[data-field]")) == len(fields), f"{path}: a row outside the fold"
        else:
            kinds.add("governing")
            assert "policy-meta--governing" in panel["class"], path
            shown = [item["data-field"] for item in panel.select(":scope > dl.policy-meta__list--key > [data-field]")]
            assert shown[:2] == ["status", "version"] and set(shown) - {"translation_of_version"} <= KEY_FIELDS, path
            assert "decision" in shown or {"approved_by", "approved"} <= set(shown), f"{path}: {shown}"
            more = panel.select_one(":scope > details.policy-meta__more")
            assert not more.has_attr("open") and text(more.summary) == label("layout.metadata_more", language)
            assert [item["data-field"] for item in more.select("[data-field]")] == [f for f in fields if f not in shown]
    assert kinds == {"information", "governing"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_the_full_footer_and_its_links_lead_to_built_files(site, language):
    other = next(lang for lang in LANGUAGES if lang != language)
    names = [label(key, language) for key in ("layout.contact", "footer.accessibility", "layout.register",
                                              "layout.changelog", "layout.feed", "calendar.footer",
                                              "language.switch")]
    root = language_root(site, language)
    expected = [root / "kontakt/index.html", root / "tillganglighetsredogorelse/index.html",
                root / "dokumentoversikt/index.html", root / "andringslogg/index.html", root / "feed.xml",
                site / review_calendar_path(language)]
    pages = every_page(site, language)
    assert len(pages) >= 15
    for path in pages:
        footer = soup_of(path).select_one("footer.md-footer .policy-footer")
        assert footer is not None, path
        assert "Region Blekinge" in text(footer.select_one(".policy-footer__organisation")), path
        nav = footer.select_one("nav.policy-footer__nav")
        assert nav["aria-label"] == label("layout.footer_nav", language)
        links = nav.select("a")
        assert [text(a) for a in links] == names, path
        targets = [target_file(site, path, a["href"]) for a in links]
        assert targets[:6] == expected, path
        assert all(target.is_file() for target in targets), f"{path}: {[a['href'] for a in links]}"
        switch = links[-1]
        assert switch["lang"] == switch["hreflang"] == other, path
        assert (targets[-1].relative_to(site).parts[0] == "en") == (other == "en"), f"{path}: {switch['href']}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_404_page_links_everything_under_the_site_path(sub_path_site, language):
    site = sub_path_site
    page = language_root(site, language) / "404.html"
    soup = soup_of(page)
    assert soup.html["lang"] == language
    assert text(soup.select_one("article h1")) == label("not_found.title", language)
    urls = [el.get("href") or el.get("src") for el in soup.select("[href], [src]")]
    assert len(urls) > 20
    for url in urls:
        if url.startswith("#"):
            continue
        assert url.startswith(SUB_PATH), f"{page}: {url} is not root-absolute under {SUB_PATH}"
        assert target_file(site, page, url, SUB_PATH).is_file(), f"{page}: {url} leads nowhere"
    # The theme's scripts search from the language's own root, where its index is.
    config = soup.select_one("script#__config").string
    assert f'"base": "{SUB_PATH}{"en/" if language == "en" else ""}"' in config


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """The built site under /sakerhet/; a missing path gets its language's 404 page, as hosting/nginx.conf does."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        english = self.path.startswith(f"{SUB_PATH}en/")
        body = (Path(self.directory) / SUB_PATH.strip("/") / ("en/404.html" if english else "404.html")).read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_under_sub_path(site: Path, folder: Path):
    (folder / SUB_PATH.strip("/")).symlink_to(site, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_404_pages_work_at_any_depth_under_a_sub_path_in_the_readers_language(browser, sub_path_site, tmp_path):
    with serve_under_sub_path(sub_path_site, tmp_path) as host:
        for path, language in (("no/such/page/", "sv"), ("en/x/y/", "en"), ("a/b/c/d/e.html", "sv")):
            page = open_page(browser, host, viewport=PHONE)
            try:
                response = page.goto(f"{host}{SUB_PATH}{path}")
                page.wait_for_load_state("networkidle")
                assert response.status == 404
                assert page.locator("html").get_attribute("lang") == language
                assert page.locator("article h1").inner_text() == label("not_found.title", language)
                # The theme's style sheets and ours are in: the header is the site's blue, the H1 bold.
                header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
                assert header == HEADER_BLUE
                assert int(page.evaluate("getComputedStyle(document.querySelector('article h1')).fontWeight")) >= 600
                assert page.evaluate("document.styleSheets.length") >= 4
                hrefs = set(page.locator("a[href]").evaluate_all("links => links.map(a => a.href)"))
                broken = [href for href in sorted(hrefs) if urlsplit(href).netloc == urlsplit(host).netloc
                          and page.request.get(href).status != 200]
                assert broken == [], f"{path}: {broken}"
                assert all(urlsplit(href).path.startswith(SUB_PATH) for href in hrefs), sorted(hrefs)
                if language == "en":  # the English index, not the Swedish one at the site's root
                    results = search(page, "responsibilities")
                    assert results and all(urlsplit(url).path.startswith(f"{SUB_PATH}en/") for url in results), results
                # The only failed load is the missing page itself.
                assert [line for line in page.problems.console if "404" not in line] == []
                assert len(page.problems.console) <= 1 and page.problems.foreign_requests == []
            finally:
                page.context.close()


FIRST_SCREEN = """() => {
  const box = el => el.getBoundingClientRect();
  const h1 = document.querySelector("article h1");
  const panel = document.querySelector("article aside.policy-meta");
  let lead = panel.nextElementSibling;
  while (lead && !(lead.matches("p") && lead.textContent.trim())) lead = lead.nextElementSibling;
  const name = document.querySelector(".policy-site-name");
  return {h1: box(h1).top, leadTop: box(lead).top, leadText: lead.textContent.trim().slice(0, 40),
          name: name.innerText.trim(), nameClipped: name.scrollWidth > name.clientWidth,
          idShown: panel.querySelector("[data-field=id]").checkVisibility()};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_title_and_the_lead_text_come_first(browser, server, language):
    prefix = "" if language == "sv" else f"{language}/"
    page = open_page(browser, server, viewport=PHONE)
    try:
        for path in ("principer/ansvarsprincipen/", "sakerhetspolicy/", "kontakt/"):
            page.goto(f"{server}/{prefix}{path}")
            page.wait_for_load_state("networkidle")
            seen = page.evaluate(FIRST_SCREEN)
            assert seen["h1"] < 120, (path, seen)
            assert seen["leadTop"] < PHONE["height"], (path, seen)
            assert seen["name"] == label("layout.short_title", language) and not seen["nameClipped"], seen
            assert not seen["idShown"], f"{path}: the document ID is in the first screen, not behind the fold"
    finally:
        page.context.close()


TYPE = """() => {
  const style = sel => { const el = document.querySelector(sel); return el && getComputedStyle(el); };
  const px = sel => style(sel) ? parseFloat(style(sel).fontSize) : null;
  const smallest = sel => Math.min(...[...document.querySelectorAll(sel)]
                                       .map(el => parseFloat(getComputedStyle(el).fontSize)));
  return {body: px("article > p"), table: smallest("article td"), code: smallest("article code"),
          codes: document.querySelectorAll("article code").length,
          admonition: px("article .admonition p"), h1Weight: parseInt(style("article h1").fontWeight),
          h1Colour: style("article h1").color, textColour: style("article").color,
          name: document.querySelector(".policy-site-name").innerText.trim(),
          idShown: document.querySelector("article [data-field=id]").checkVisibility(),
          header: style(".md-header").backgroundColor};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_at_desktop_width_text_is_large_headings_are_strong_and_the_name_is_whole(browser, server, language, scheme):
    prefix = "" if language == "sv" else f"{language}/"
    page = open_page(browser, server, viewport=DESKTOP, color_scheme=scheme)
    try:
        page.goto(f"{server}/{prefix}principer/ansvarsprincipen/")  # an information page, with an admonition
        page.wait_for_load_state("networkidle")
        information = page.evaluate(TYPE)
        page.goto(f"{server}/{prefix}malgrupper/leverantorer/")  # tables and acknowledgement codes
        page.wait_for_load_state("networkidle")
        codes = page.evaluate(TYPE)
        page.goto(f"{server}/{prefix}sakerhetspolicy/")  # a governing document
        page.wait_for_load_state("networkidle")
        seen = page.evaluate(TYPE)
        assert seen["body"] >= 16 and information["admonition"] >= 16, seen
        assert codes["codes"] and codes["code"] >= 15 and codes["table"] >= 15 and seen["table"] >= 15, (codes, seen)
        assert seen["h1Weight"] >= 600 and seen["h1Colour"] == seen["textColour"], seen
        assert seen["name"] == SITE_NAMES[language] and seen["header"] == HEADER_BLUE
        assert seen["idShown"] and not information["idShown"], (seen, information)
        assert page.problems.console == []
    finally:
        page.context.close()
