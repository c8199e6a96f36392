"""Where the site lives: a publishing build knows its real address and names no other (policysite.urls)."""

import gzip
import re

import pytest

from conftest import TEST_SITE_URL, run_make, with_make
from helpers import pdf_objects, pdf_text
from policysite.urls import public_base_url, site_url_problem

# A loopback or unspecified address, as a URL or a bare host[:port].
LOOPBACK = re.compile(r"(?i)\b(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0)\b|\[::1?\]")
TEXT_SUFFIXES = {".html", ".xml", ".json", ".csv", ".txt", ".js", ".css", ".conf", ".webmanifest", ".svg"}


@pytest.mark.parametrize(("site_url", "problem"), [
    (None, "is not set"),
    ("", "is not set"),
    ("http://127.0.0.1:8000/", "'http://127.0.0.1:8000/' is a loopback address"),
    ("http://127.1.2.3/", "'http://127.1.2.3/' is a loopback address"),
    ("http://localhost:8000", "'http://localhost:8000' is a loopback address"),
    ("http://[::1]:8000/", "'http://[::1]:8000/' is a loopback address"),
    ("http://0.0.0.0:8000/", "'http://0.0.0.0:8000/' is a loopback address"),
    ("https://intranet.example/sakerhet/", "'https://intranet.example/sakerhet/' is an example address"),
    ("https://sakerhet.example.org/", "'https://sakerhet.example.org/' is an example address"),
    ("https://sakerhet.test/", "'https://sakerhet.test/' is an example address"),
    ("sakerhet.regionblekinge.se", "'sakerhet.regionblekinge.se' is not an http(s) address"),
    ("ftp://regionblekinge.se/", "'ftp://regionblekinge.se/' is not an http(s) address"),
])
def test_an_address_that_is_not_a_published_site_is_named_with_its_reason(site_url, problem):
    assert site_url_problem(site_url) == problem
    assert public_base_url(site_url) is None


def test_a_real_address_is_the_base_of_every_absolute_link():
    assert site_url_problem("https://www.regionblekinge.se/sakerhet") is None
    assert public_base_url("https://www.regionblekinge.se/sakerhet") == "https://www.regionblekinge.se/sakerhet/"
    assert public_base_url("https://intranat.regionblekinge.se/") == "https://intranat.regionblekinge.se/"


def published_texts(site):
    """(file, text) of every file of the built site a reader or a machine reads: pages, feeds, sitemaps,
    exports, scripts, header files; for PDFs their text and their link targets."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        if path.suffix in TEXT_SUFFIXES or path.name.startswith("_headers"):
            yield name, path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".gz":
            yield name, gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        elif path.suffix == ".pdf":
            yield f"{name} (text)", pdf_text(path)
            yield f"{name} (links)", b"\n".join(re.findall(rb"/URI \(([^)]*)\)", pdf_objects(path))).decode("latin-1")


def test_a_published_site_names_its_address_and_never_a_loopback_one(site):
    texts = dict(published_texts(site))
    assert any(name.endswith(".pdf (links)") for name in texts)  # the PDFs were read
    found = {name: sorted(set(LOOPBACK.findall(text))) for name, text in texts.items() if LOOPBACK.search(text)}
    assert found == {}
    # Where an artefact names the site, it names the address the build was given.
    assert f"<loc>{TEST_SITE_URL}</loc>" in texts["sitemap.xml"]
    assert f"<loc>{TEST_SITE_URL}en/</loc>" in texts["en/sitemap.xml"]
    assert f'<link rel="canonical" href="{TEST_SITE_URL}kontakt/">' in texts["kontakt/index.html"]
    assert f'href="{TEST_SITE_URL}en/andringslogg/"' in texts["en/feed.xml"]
    assert f"{TEST_SITE_URL}sakerhetspolicy/" in texts["sakerhetspolicy/SAK-POL-001-sv.pdf (text)"]


@pytest.mark.parametrize(("site_url", "problem"), [
    ("", "is not set"),
    ("http://127.0.0.1:8000/", "'http://127.0.0.1:8000/' is a loopback address"),
    ("https://intranet.example/sakerhet/", "'https://intranet.example/sakerhet/' is an example address"),
])
def test_make_site_refuses_to_publish_without_the_sites_real_address(project_copy, site_url, problem):
    with_make(project_copy)
    result = run_make(project_copy, "site", SITE_URL=site_url)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (f"SITE_URL: {problem} — a published site names its address in its PDFs, feeds, sitemaps and canonical "
            "links: set SITE_URL to the address the site is published at, e.g. `SITE_URL=https://<host>/<path>/ make "
            "site`") in output
    assert "Traceback" not in output
    assert not (project_copy / "site").exists()
    assert not list(project_copy.glob("site.new*"))
