"""The offline copy (`make offline`): the site read from disk through file://, search included, and its zip."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO, build, copy_project, pdf_build, run_make, shared, with_make
from helpers import language_root, tags
from policysite.data import load_labels
from policysite.hosting import HOSTING_FILES
from policysite.model import LANGUAGES, SOURCE_LANGUAGE
from policysite.offline import README, file_url, offline_page, readme_text, with_policy, write_zip

ZIP = Path("dist/sakerhet-region-blekinge-offline.zip")


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory, pdf_cache) -> Path:
    """The project's offline build with its PDFs, as `make offline` builds it before zipping."""
    return shared(tmp_path_factory, "offline", lambda folder: build_offline_site(folder / "site", pdf_cache)) / "site"


def build_offline_site(site_dir: Path, cache: Path) -> None:
    result = build(REPO, site_dir, POLICYSITE_OFFLINE="1", **pdf_build(cache))
    assert result.returncode == 0, result.stdout + result.stderr


# --- Links name files -------------------------------------------------------------------------

def local_links(site: Path):
    """(page, attribute value, path) for every href and src that stays in the copy."""
    for page in sorted(site.rglob("*.html")):
        for _, attrs in tags(page.read_text(encoding="utf-8")):
            for name in ("href", "src"):
                value = attrs.get(name)
                if value is None:
                    continue
                parts = urlsplit(value)
                if parts.scheme or parts.netloc or not parts.path:
                    continue  # canonical links to the published site, mailto:, and "#id" on the same page
                yield page, value, parts.path


def test_every_link_in_every_offline_page_names_a_file(offline_site):
    links = list(local_links(offline_site))
    broken = sorted({(page.relative_to(offline_site).as_posix(), value) for page, value, path in links
                     if path.startswith("/") or not (page.parent / unquote(path)).is_file()})
    assert broken == []
    # The check saw what a reader follows: pages, the PDFs and the assets.
    assert len(links) > 1000
    targets = {path.rsplit(".", 1)[-1] for _, _, path in links}
    assert {"html", "pdf", "css", "js", "csv", "json", "xml"} <= targets


def test_every_search_result_names_a_page_of_its_own_language(offline_site):
    for language in LANGUAGES:
        root = language_root(offline_site, language)
        script = (root / "search" / "search_index.js").read_text(encoding="utf-8")
        index = json.loads(re.fullmatch(r"var __index = (.*);\n", script, re.DOTALL).group(1))
        assert index["config"]["lang"] == [language]
        locations = [entry["location"] for entry in index["docs"]]
        assert len(locations) > 20
        assert [loc for loc in locations if not (root / urlsplit(loc).path).is_file()] == []
        if language == SOURCE_LANGUAGE:
            assert not [loc for loc in locations if loc.startswith(tuple(f"{other}/" for other in LANGUAGES))]


def test_the_offline_copy_carries_its_own_worker_shim_and_no_server_pages(offline_site):
    shim = offline_site / "assets" / "javascripts" / "vendor" / "iframe-worker"
    assert (shim / "LICENSE").read_text(encoding="utf-8").startswith("Copyright (c) 2020-2022 Martin Donath")
    for language in LANGUAGES:
        root = language_root(offline_site, language)
        home = (root / "index.html").read_text(encoding="utf-8")
        scripts = [attrs["src"] for tag, attrs in tags(home) if tag == "script" and "src" in attrs]
        assert [(root / src).resolve() for src in scripts if "iframe-worker" in src] == [(shim / "shim.js").resolve()]
        # It must replace Worker before the theme's bundle starts the search worker.
        assert scripts.index(next(src for src in scripts if "iframe-worker" in src)) < \
            scripts.index(next(src for src in scripts if "/bundle." in src))
        # rel="alternate" makes the theme fetch sitemap.xml, which file:// refuses.
        assert [attrs for tag, attrs in tags(home) if tag == "link" and attrs.get("rel") == "alternate"] == []
    assert list(offline_site.rglob("404.html")) == []
    assert [name for name in HOSTING_FILES if (offline_site / name).exists()] == []


def test_the_normal_build_has_none_of_the_offline_parts(site):
    assert not (site / "assets" / "javascripts" / "vendor").exists()
    assert list(site.rglob("search_index.js")) == []
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "iframe-worker" not in home
    assert 'href="sakerhetspolicy/"' in home  # directory URLs, as published
    assert (site / "404.html").exists()


# --- The pieces, without a build ---------------------------------------------------------------

@pytest.fixture
def folders(tmp_path) -> Path:
    (tmp_path / "principer" / "ansvarsprincipen").mkdir(parents=True)
    (tmp_path / "principer" / "index.html").write_text("", encoding="utf-8")
    (tmp_path / "index.html").write_text("", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("base, url, expected", [
    ("", "principer/", "principer/index.html"),
    ("", "principer", "principer/index.html"),
    ("", "principer/#mal", "principer/index.html#mal"),
    ("", "principer/?h=ansvar#mal", "principer/index.html?h=ansvar#mal"),
    ("", "./", "./index.html"),
    ("principer/ansvarsprincipen", "..", "../index.html"),
    ("principer/ansvarsprincipen", "../../", "../../index.html"),
    ("", "principer/index.html", "principer/index.html"),
    ("", "feed.xml", "feed.xml"),
    ("", "#mal", "#mal"),
    ("", "http://127.0.0.1:8000/principer/", "http://127.0.0.1:8000/principer/"),
    ("", "mailto:sakerhet@example.org", "mailto:sakerhet@example.org"),
])
def test_a_link_to_a_folder_names_its_index_file(folders, base, url, expected):
    assert file_url(url, folders / base) == expected


def test_only_link_attributes_change_and_alternate_links_go(folders):
    page = (
        '<head>\n'
        '  <link rel="alternate" href="./" hreflang="sv">\n'
        '  <link rel="stylesheet" href="principer/">\n'
        '</head>\n'
        '<body><a title=\'href="principer/"\' href=principer class="x">P</a>'
        '<a href="principer/#mal&amp;x">M</a>\n'
        '<code>&lt;a href="principer/"&gt;</code>\n'
        '<script>var s = \'<a href="principer/">\';</script>\n'
        '<img src="principer/" alt="">\n'
        '</body>\n'
    )
    assert offline_page(page, folders) == (
        '<head>\n'
        '  <link rel="stylesheet" href="principer/index.html">\n'
        '</head>\n'
        '<body><a title=\'href="principer/"\' href="principer/index.html" class="x">P</a>'
        '<a href="principer/index.html#mal&amp;x">M</a>\n'
        '<code>&lt;a href="principer/"&gt;</code>\n'
        '<script>var s = \'<a href="principer/">\';</script>\n'
        '<img src="principer/index.html" alt="">\n'
        '</body>\n'
    )
    assert offline_page(offline_page(page, folders), folders) == offline_page(page, folders)


def small_site(root: Path) -> Path:
    (root / "en" / "search").mkdir(parents=True)
    (root / "index.html").write_text("<h1>Hem</h1>", encoding="utf-8")
    (root / "en" / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    (root / "en" / "search" / "search_index.js").write_text("var __index = {};\n", encoding="utf-8")
    return root


def test_the_zip_is_the_same_bytes_for_the_same_site_with_readme_first_and_entries_sorted(tmp_path):
    site = small_site(tmp_path / "site")
    write_zip(site, tmp_path / "a.zip", "Öppna index.html\n", 1_700_000_000)
    write_zip(site, tmp_path / "b.zip", "Öppna index.html\n", 1_700_000_000)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.namelist() == [README, "en/index.html", "en/search/search_index.js", "index.html"]
        assert archive.read(README).decode("utf-8") == "Öppna index.html\n"
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    write_zip(site, tmp_path / "c.zip", "Öppna index.html\n", 1_600_000_000)
    assert (tmp_path / "c.zip").read_bytes() != (tmp_path / "a.zip").read_bytes()


def test_a_zip_that_cannot_be_written_leaves_the_last_one(tmp_path):
    site = small_site(tmp_path / "site")
    target = tmp_path / "dist" / "copy.zip"
    write_zip(site, target, "first\n", 1_700_000_000)
    good = target.read_bytes()
    (site / README).write_text("a page of the site with the README's name", encoding="utf-8")
    with pytest.raises(ValueError):
        write_zip(site, target, "second\n", 1_700_000_000)
    assert target.read_bytes() == good
    assert [p.name for p in target.parent.iterdir()] == ["copy.zip"]


@pytest.fixture(scope="module")
def labels():
    return load_labels(REPO / "data" / "labels.yml")


def test_the_readme_says_how_to_open_the_copy_and_what_it_is_a_copy_of(labels):
    text = readme_text(labels, dt.date(2026, 5, 4), "65a7841", False, "https://intranet.example/sakerhet/")
    assert "Öppna index.html" in text and "Open index.html" in text
    assert text.count("2026-05-04 (version 65a7841)") == 2
    assert "gällande versionen är den publicerade webbplatsen på https://intranet.example/sakerhet/" in text
    assert "authoritative version is the published site at https://intranet.example/sakerhet/" in text
    modified = readme_text(labels, dt.date(2026, 5, 4), "65a7841", True, None)
    assert "med ändringar som inte var incheckade" in modified and "with uncommitted changes" in modified
    assert "http" not in modified  # no address is better than the build's local default


# --- `make offline` ------------------------------------------------------------------------------

def make_offline(project: Path, cache: Path) -> subprocess.CompletedProcess:
    return run_make(project, "offline", POLICYSITE_PDF_CACHE=str(cache))


@pytest.mark.slow
def test_make_offline_writes_the_zip_and_a_failed_run_keeps_the_last_one(tmp_path, pdf_cache):
    project = copy_project(tmp_path / "project")
    with_make(project)

    result = make_offline(project, pdf_cache)
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(project / ZIP) as archive:
        names = archive.namelist()
        readme = archive.read(README).decode("utf-8")
    assert names[0] == README and names[1:] == sorted(names[1:])
    assert {"index.html", "en/index.html", "search/search_index.js", "en/search/search_index.js",
            "sakerhetspolicy/index.html", "sakerhetspolicy/SAK-POL-001-sv.pdf", "en/security-handbook-en.pdf",
            "assets/javascripts/vendor/iframe-worker/shim.js"} <= set(names)
    assert not [name for name in names if name.endswith("404.html")]
    commit = subprocess.run(["git", "log", "-1", "--format=%h %ct"], cwd=project, capture_output=True, text=True,
                            check=True).stdout.split()
    assert f"version {commit[0][:7]})" in readme  # the copy's build inputs are committed

    good = (project / ZIP).read_bytes()
    page = project / "docs" / "sv" / "sakerhetspolicy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![Karta](https://maps.example.org/karta.png)\n",
                    encoding="utf-8")
    result = make_offline(project, pdf_cache)
    assert result.returncode != 0
    assert "docs/sv/sakerhetspolicy.md:" in result.stdout + result.stderr
    assert (project / ZIP).read_bytes() == good
    assert sorted(p.name for p in (project / ZIP).parent.iterdir()) == [ZIP.name]


# --- In a browser, from disk ----------------------------------------------------------------------

@pytest.fixture
def disk_page(browser):
    """A page in a fresh context of the session's Chromium (conftest.py), recording console errors and requests."""
    context = browser.new_context()
    page = context.new_page()
    page.problems = []
    page.requests = []
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(msg.text))
    page.on("pageerror", lambda exc: page.problems.append(str(exc)))
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def not_from_disk(page) -> list[str]:
    return [url for url in page.requests if not url.startswith("file:")]


def search(page, query: str) -> list[str]:
    """Open the theme's search, type a query and return the result links."""
    page.keyboard.press("s")  # the theme's shortcut; from file:// it loads the index only now
    field = page.locator("input.md-search__input")
    field.wait_for(state="visible")
    field.fill(query)
    # The theme searches on key events, and holds the query until its index is ready.
    field.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    return page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")


def path_in(site: Path, url: str) -> str:
    parts = urlsplit(url)
    assert parts.scheme == "file"
    return Path(unquote(parts.path)).relative_to(site).as_posix()


@pytest.mark.browser
def test_swedish_search_works_from_disk_and_opens_the_guideline(disk_page, offline_site):
    disk_page.goto((offline_site / "index.html").as_uri())
    results = search(disk_page, "riktlinjerna")
    assert path_in(offline_site, results[0]) == "riktlinje-sakerhet-och-krisberedskap/index.html"
    assert not [url for url in results if path_in(offline_site, url).startswith("en/")]
    disk_page.locator(".md-search-result__item > a").first.click()
    disk_page.wait_for_load_state()
    assert path_in(offline_site, disk_page.url) == "riktlinje-sakerhet-och-krisberedskap/index.html"
    assert disk_page.locator('meta[name="dcterms.identifier"]').get_attribute("content") == "SAK-RIK-001"
    assert disk_page.problems == []
    assert not_from_disk(disk_page) == []


@pytest.mark.browser
def test_english_search_works_from_disk_and_finds_only_english_pages(disk_page, offline_site):
    disk_page.goto((offline_site / "en" / "index.html").as_uri())
    results = search(disk_page, "proximity")
    assert all(path_in(offline_site, url).startswith("en/") for url in results)
    assert path_in(offline_site, results[0]) == "en/principer/narhetsprincipen/index.html"
    disk_page.locator(".md-search-result__item > a").first.click()
    disk_page.wait_for_load_state()
    assert path_in(offline_site, disk_page.url) == "en/principer/narhetsprincipen/index.html"
    assert disk_page.locator("html").get_attribute("lang") == "en"
    assert disk_page.problems == []
    assert not_from_disk(disk_page) == []


@pytest.mark.browser
def test_every_page_opens_from_disk_without_console_errors_or_network(disk_page, offline_site):
    pages = sorted(offline_site.rglob("*.html"))
    assert len(pages) > 30  # both languages, with the comparison pages
    for path in pages:
        disk_page.goto(path.as_uri())
        disk_page.wait_for_load_state("load")
    assert disk_page.problems == []
    assert not_from_disk(disk_page) == []


@pytest.mark.browser
def test_the_language_link_opens_the_same_document_from_disk(disk_page, offline_site):
    disk_page.goto((offline_site / "principer" / "narhetsprincipen" / "index.html").as_uri())
    disk_page.locator("a.policy-language__link").click()
    disk_page.wait_for_load_state()
    assert path_in(offline_site, disk_page.url) == "en/principer/narhetsprincipen/index.html"
    assert disk_page.problems == []


# --- The site's Content-Security-Policy, from disk -----------------------------------------------------------

def test_every_offline_page_carries_the_sites_policy_without_frame_ancestors(offline_site):
    pages = sorted(offline_site.rglob("*.html"))
    policies = {re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">',
                          page.read_text(encoding="utf-8")).group(1) for page in pages}
    assert len(policies) <= 2  # the Swedish and the English run of the build, each over its own pages
    for policy in policies:
        directives = dict(directive.split(" ", 1) for directive in policy.split("; "))
        assert directives["script-src"].startswith("'self' 'sha256-")
        assert "frame-ancestors" not in directives and "unsafe-inline" not in policy
        assert directives["object-src"] == "'none'"


def test_the_policy_is_written_once_and_replaced_on_a_second_run():
    page = "<html><head>\n<meta charset=\"utf-8\"></head><body></body></html>"
    once = with_policy(page, "script-src 'self'")
    assert once == ("<html><head>\n    <meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'\">\n"
                    "<meta charset=\"utf-8\"></head><body></body></html>")
    assert with_policy(with_policy(page, "default-src 'none'"), "script-src 'self'") == once


@pytest.mark.browser
def test_an_offline_page_runs_no_inline_script_it_does_not_ship(disk_page, offline_site):
    disk_page.goto((offline_site / "index.html").as_uri())
    disk_page.evaluate("""() => { const script = document.createElement("script");
                                  script.textContent = "window.__pwned = 1"; document.head.appendChild(script); }""")
    assert disk_page.evaluate("typeof window.__pwned") == "undefined"
    assert [problem for problem in disk_page.problems if "Content Security Policy" in problem]
