"""The public and the internal edition (policysite.editions), built for real from one source.

The leak test: a copy of the project gets an internal routine that carries a canary string and an id
found nowhere else, approved twice in its Git history (so it has a comparison page, an archived PDF,
change-log and feed entries and a handbook chapter). Its nav entry is written './rutin-kanarie.md' (the
filter must compare normalised paths) and it shows an image that no other page uses, through a
reference-style link (the file must stay out too). The public edition must not carry a trace of it in
any file it writes; the internal edition must carry it in each of those places, read back the same way,
so the scan is shown to find what it looks for.
"""

from __future__ import annotations

import csv
import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import gitrepo
from browsing import read_headers_file
from conftest import REPO, build, copy_project, pdf_build, run_make, shared, with_make
from helpers import article_text, edit, language_root, metadata, normalise_space, pdf_objects, pdf_text, pdf_xmp
from policysite.corpus import load_corpus
from policysite.data import load_roles
from policysite.editions import edition_corpus, prune_nav
from policysite.model import LANGUAGES

CANARY = "KANARIE-7f3c9e"
CANARY_ID = "SAK-RUT-977"
CANARY_PAGE = "rutin-kanarie.md"
CANARY_IMAGE = "kanarie-7f3c9e.svg"  # only the canary shows it (v1.1), through a reference-style image link
FIXTURE = Path(__file__).parent / "edition-fixture"
ARTIFACTS = Path(__file__).parent / "artifacts"  # screenshots for people to look at (ignored by Git)
# Every form in which the canary document could show: its text, its id (also lower-case, as in history
# folder names) and its page's slug (links, the sitemap, file names).
NEEDLES = (CANARY, CANARY_ID, "rutin-kanarie")
# The real internal routine of the project.
ROUTINE = ("rutin-rapportera-brister", "SAK-RUT-001")
NOTICE = {"sv": "Intern – får inte spridas utanför Region Blekinge",
          "en": "Internal – not for distribution outside Region Blekinge"}


def put_canary(project: Path, version: str) -> None:
    for language in LANGUAGES:
        for name in (CANARY_PAGE, CANARY_IMAGE):
            if (FIXTURE / f"v{version}" / language / name).exists():
                shutil.copy2(FIXTURE / f"v{version}" / language / name, project / "docs" / language / name)


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    """The project with the canary routine in its navigation (written './…'), approved as 1.0 and then 1.1."""
    return shared(tmp_path_factory, "editions", lambda folder: make_project(folder / "project")) / "project"


def make_project(target: Path) -> None:
    project = copy_project(target)
    edit(project / "mkdocs.yml", "  - andringslogg.md\n", f"  - andringslogg.md\n  - ./{CANARY_PAGE}\n")
    put_canary(project, "1.0")
    gitrepo.commit_all(project, f"Kanarierutin 1.0\n\nDecision: {CANARY_ID}/v1.0; regiondirektor; 2025-02-03; unknown\n"
                                "Change-type: substantive")
    gitrepo.tag(project, f"{CANARY_ID}/v1.0", "Kanarierutin 1.0")
    put_canary(project, "1.1")
    gitrepo.commit_all(project, f"Kanarierutin 1.1\n\nDecision: {CANARY_ID}/v1.1; regiondirektor; 2025-03-04; unknown\n"
                                "Change-type: substantive")
    gitrepo.tag(project, f"{CANARY_ID}/v1.1", "Kanarierutin 1.1")


def build_edition(project: Path, site: Path, edition: str, cache: Path) -> None:
    result = build(project, site, POLICYSITE_EDITION=edition, **pdf_build(cache))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def public_site(project, pdf_cache, tmp_path_factory) -> Path:
    return shared(tmp_path_factory, "public-edition", lambda site: build_edition(project, site, "public", pdf_cache))


@pytest.fixture(scope="session")
def internal_site(project, pdf_cache, tmp_path_factory) -> Path:
    return shared(tmp_path_factory, "internal-edition",
                  lambda site: build_edition(project, site, "internal", pdf_cache))


def artefact_text(path: Path) -> str:
    """Everything a reader or a program can get out of one output file, as text.

    Compressed files are read decompressed; a PDF as its extracted text, its XMP metadata and its
    inflated objects (the document information and link targets).
    """
    if path.suffix == ".pdf":
        return pdf_text(path) + pdf_xmp(path) + pdf_objects(path).decode("latin-1")
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def traces(site: Path, needles: tuple[str, ...]) -> dict[str, list[str]]:
    """Output file (relative path) -> the needles found in its name or its content, ignoring case."""
    found = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        text = (relative + "\n" + artefact_text(path)).casefold()
        hits = [needle for needle in needles if needle.casefold() in text]
        if hits:
            found[relative] = hits
    return found


# --- The leak test ----------------------------------------------------------------------------------

def test_the_public_edition_carries_no_trace_of_the_internal_document(public_site):
    kinds = {path.suffix for path in public_site.rglob("*") if path.is_file()}
    assert {".html", ".json", ".xml", ".gz", ".pdf", ".csv", ".ics"} <= kinds  # the scan reads every kind of output
    assert traces(public_site, NEEDLES) == {}


def test_the_internal_edition_carries_it_in_every_artefact(internal_site):
    """Read by the same artefact_text as the leak test, so that test would see a leak in any of these."""
    for language in LANGUAGES:
        root = "" if language == "sv" else f"{language}/"
        handbook = {"sv": "sakerhetshandboken-sv.pdf", "en": "security-handbook-en.pdf"}[language]
        with_text = ("rutin-kanarie/index.html",  # the page
                     f"rutin-kanarie/{CANARY_ID}-{language}.pdf",  # its PDF
                     "historik/sak-rut-977/v1.0-v1.1/index.html",  # the comparison
                     f"historik/sak-rut-977/{CANARY_ID}-v1.0-{language}.pdf",  # the archived version
                     "search/search_index.json", "dokumentoversikt/index.html", "dokumentoversikt/documents.csv",
                     "dokumentoversikt/documents.json", "andringslogg/index.html", "feed.xml", handbook,
                     {"sv": "granskningar.ics", "en": "reviews.ics"}[language],  # the calendar of reviews
                     CANARY_IMAGE)  # the image only the canary shows
        with_link = ("sitemap.xml", "sitemap.xml.gz", "index.html")  # the sitemap and the navigation on every page
        assert f'src="../{CANARY_IMAGE}"' in artefact_text(internal_site / root / "rutin-kanarie/index.html")
        for artefact in with_text:
            assert CANARY.casefold() in artefact_text(internal_site / root / artefact).casefold(), root + artefact
        for artefact in with_link:
            assert "rutin-kanarie/" in artefact_text(internal_site / root / artefact), root + artefact


def test_a_public_page_that_links_to_the_internal_document_fails_the_check(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs)
    for language in LANGUAGES:
        shutil.copy2(FIXTURE / "v1.0" / language / CANARY_PAGE, docs / language / CANARY_PAGE)
    lines = {}
    for language, text in (("sv", "Se också [kanarierutinen](rutin-kanarie.md)."),
                           ("en", "See also [the canary routine](rutin-kanarie.md).")):
        page = docs / language / "kontakt.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
        lines[language] = len(page.read_text(encoding="utf-8").splitlines())
    result = subprocess.run([sys.executable, "-m", "policysite.validate", "--docs", str(docs)], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if "internal document" in line]
    assert errors == [f"{docs.as_posix()}/{language}/kontakt.md:{lines[language]}: public document links to internal "
                      f"document {CANARY_ID} — remove the link, or classify this document as internal too"
                      for language in ("en", "sv")]


# --- What the internal edition shows ------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_an_internal_page_is_marked_and_a_public_one_is_not(internal_site, language):
    root = language_root(internal_site, language)
    html = (root / "rutin-kanarie" / "index.html").read_text(encoding="utf-8")
    notice = BeautifulSoup(html, "html.parser").select_one("article .policy-banner--internal")
    assert notice is not None and normalise_space(notice.get_text(" ")).startswith(NOTICE[language])
    assert metadata(html)["classification"][1] == {"sv": "Intern", "en": "Internal"}[language]
    comparison = (root / "historik" / "sak-rut-977" / "v1.0-v1.1" / "index.html").read_text(encoding="utf-8")
    assert NOTICE[language] in article_text(comparison)
    public = (root / "sakerhetspolicy" / "index.html").read_text(encoding="utf-8")
    assert "policy-banner--internal" not in public and NOTICE[language] not in public


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_internal_pdf_is_marked_on_its_cover_and_every_page(internal_site, language):
    pdf = language_root(internal_site, language) / "rutin-kanarie" / f"{CANARY_ID}-{language}.pdf"
    cover = normalise_space(pdf_text(pdf, 1, 1))
    assert NOTICE[language] in cover
    mark = {"sv": "Intern", "en": "Internal"}[language]
    body = pdf_text(pdf, 2).split("\f")
    pages = [page for page in body if page.strip()]
    assert pages and all(f"{CANARY_ID} · version 1.1 · {mark}" in normalise_space(page) for page in pages)
    handbook = {"sv": "sakerhetshandboken-sv.pdf", "en": "security-handbook-en.pdf"}[language]
    cover = normalise_space(pdf_text(language_root(internal_site, language) / handbook, 1, 1))
    assert {"sv": "Handboken innehåller interna dokument", "en": "The handbook contains internal documents"}[language] in cover
    public_pdf = language_root(internal_site, language) / "sakerhetspolicy" / f"SAK-POL-001-{language}.pdf"
    assert NOTICE[language] not in normalise_space(pdf_text(public_pdf))


def test_only_the_internal_edition_asks_search_engines_to_stay_away(public_site, internal_site):
    def robots(site: Path) -> list[str]:
        html = (site / "kontakt" / "index.html").read_text(encoding="utf-8")
        return [tag.get("content") for tag in BeautifulSoup(html, "html.parser").select('meta[name="robots"]')]

    assert robots(internal_site) == ["noindex, nofollow"] and robots(public_site) == []
    assert dict(read_headers_file(internal_site / "_headers")[0][1])["X-Robots-Tag"] == "noindex, nofollow"
    assert "X-Robots-Tag" not in dict(read_headers_file(public_site / "_headers")[0][1])


def register_ids(site: Path, language: str) -> list[str]:
    with (language_root(site, language) / "dokumentoversikt" / "documents.csv").open(encoding="utf-8") as handle:
        return [row["id"] for row in csv.DictReader(handle)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_register_lists_what_each_edition_publishes(project, public_site, internal_site, language):
    corpus = load_corpus(project / "docs", frozenset(load_roles(project / "data" / "roles.yml")), project)[0]
    everything = sorted(doc.id for doc in corpus.in_language(language))
    public = sorted(doc.id for doc in edition_corpus(corpus, "public").in_language(language))
    assert {CANARY_ID, ROUTINE[1]} <= set(everything) and {CANARY_ID, ROUTINE[1]}.isdisjoint(public)
    assert register_ids(internal_site, language) == everything
    assert register_ids(public_site, language) == public
    row = BeautifulSoup((language_root(internal_site, language) / "dokumentoversikt" / "index.html")
                        .read_text(encoding="utf-8"), "html.parser").select_one(f'tr[data-document="{CANARY_ID}"]')
    assert row.select_one(".policy-flag--internal").get_text() == {"sv": "Intern", "en": "Internal"}[language]


# --- The project's own internal routine --------------------------------------------------------------

def test_the_projects_internal_routine_is_not_in_the_public_site(site):
    assert traces(site, ROUTINE) == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_projects_internal_routine_is_in_the_internal_edition(internal_site, language):
    folder, document_id = ROUTINE
    root = language_root(internal_site, language)
    html = (root / folder / "index.html").read_text(encoding="utf-8")
    assert metadata(html)["id"][1] == document_id
    assert NOTICE[language] in article_text(html)
    nav = BeautifulSoup((root / "index.html").read_text(encoding="utf-8"), "html.parser").select("nav.md-nav--primary a")
    assert any(a.get("href", "").rstrip("/").endswith(folder) for a in nav)
    cover = normalise_space(pdf_text(root / folder / f"{document_id}-{language}.pdf", 1, 1))
    assert NOTICE[language] in cover  # and, as a draft, the draft notice
    assert {"sv": "Dokumentet är ett utkast", "en": "This document is a draft"}[language] in cover
    assert document_id in register_ids(internal_site, language)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_internal_pages_pass_axe_under_their_headers(browser, internal_site, scheme):
    """The pages only the internal edition has are not in the session's (public) browser suite."""
    from browsing import axe_violations, csp_violations, serve
    from conftest import open_page

    pages = [f"{root}{path}" for root in ("/", "/en/")
             for path in (f"{ROUTINE[0]}/", "rutin-kanarie/", "historik/sak-rut-977/v1.0-v1.1/")]
    with serve(internal_site) as server:
        page = open_page(browser, server, color_scheme=scheme)
        try:
            violations, blocked = [], []
            for path in pages:
                page.goto(server + path)
                page.wait_for_load_state("networkidle")
                assert page.locator(".policy-banner--internal").is_visible(), path
                violations += axe_violations(page)
                blocked += csp_violations(page)
                if path == f"/{ROUTINE[0]}/":
                    ARTIFACTS.mkdir(exist_ok=True)
                    page.screenshot(path=str(ARTIFACTS / f"internal-routine-sv-{scheme}.png"))
            assert violations == [] and blocked == []
            assert page.problems.console == [] and page.problems.foreign_requests == []
        finally:
            page.context.close()


# --- Settings and pure functions --------------------------------------------------------------------

def test_make_site_builds_the_internal_edition_beside_the_public_site(project_copy, pdf_cache):
    with_make(project_copy)
    public = project_copy / "site"
    public.mkdir()
    (public / "index.html").write_text("the published site", encoding="utf-8")
    result = run_make(project_copy, "site", "EDITION=internal", POLICYSITE_PDF_CACHE=str(pdf_cache))
    assert result.returncode == 0, result.stdout + result.stderr
    internal = project_copy / "site-internal"
    assert (internal / ROUTINE[0] / f"{ROUTINE[1]}-sv.pdf").is_file()
    assert 'name="robots" content="noindex, nofollow"' in (internal / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in public.iterdir()] == ["index.html"]  # never the folder the public site is published from
    assert (public / "index.html").read_text(encoding="utf-8") == "the published site"


def test_the_offline_copy_of_the_internal_edition_says_it_is_internal():
    import datetime as dt

    from policysite.data import load_labels
    from policysite.offline import readme_text

    labels = load_labels(REPO / "data" / "labels.yml")
    internal = readme_text(labels, dt.date(2026, 5, 4), "65a7841", False, None, internal=True)
    assert "INTERN UTGÅVA. Kopian innehåller interna dokument och får inte spridas utanför Region Blekinge." in internal
    assert "INTERNAL EDITION. This copy contains internal documents" in internal
    assert "INTERN" not in readme_text(labels, dt.date(2026, 5, 4), "65a7841", False, None)

def test_an_unknown_edition_stops_the_build_at_the_setting(tmp_path):
    line = next(number for number, text in enumerate((REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("  edition: "))
    result = build(REPO, tmp_path / "site", POLICYSITE_EDITION="intranet")
    assert result.returncode != 0
    assert (f"mkdocs.yml:{line}: extra.edition is 'intranet' (set through POLICYSITE_EDITION) — use public or internal"
            in result.stdout + result.stderr)
    assert not (tmp_path / "site" / "index.html").exists()


def approved(document_id: str, version: str, classification: str):
    from policysite.history.record import ApprovedVersion
    from policysite.model import build_document

    values = {"id": document_id, "title": "T", "type": "routine", "status": "approved", "version": version,
              "owner": "sakerhetschef", "classification": classification, "audience": ("employees",)}
    document = build_document("rutin.md", "sv", values, values)
    return ApprovedVersion(document_id, version, f"{document_id}/v{version}", "0" * 40, 0, "substantive",
                           {"sv": document}, {"sv": ""}, {"sv": 1})


def test_the_history_shows_only_versions_that_the_edition_may_show():
    from types import SimpleNamespace

    from policysite.history.publish import edition_history
    from policysite.history.record import History

    history = History({"TST-RUT-001": [approved("TST-RUT-001", "1.0", "internal"), approved("TST-RUT-001", "2.0", "public")],
                       "TST-RUT-002": [approved("TST-RUT-002", "1.0", "public")],
                       "TST-RUT-003": [approved("TST-RUT-003", "1.0", "internal")]})
    internal_now = (approved("TST-RUT-003", "1.0", "internal").decision,)

    def shown(edition: str) -> dict[str, list[str]]:
        project = SimpleNamespace(edition=edition, left_out=internal_now if edition == "public" else ())
        return {key: [v.version for v in versions] for key, versions in edition_history(history, project).versions.items()}

    # Internal when approved, public now: the public edition shows only the public version.
    assert shown("public") == {"TST-RUT-001": ["2.0"], "TST-RUT-002": ["1.0"]}
    assert shown("internal") == {"TST-RUT-001": ["1.0", "2.0"], "TST-RUT-002": ["1.0"], "TST-RUT-003": ["1.0"]}
    assert edition_history(history, SimpleNamespace(edition=None, left_out=())) is history  # the check: everything


def test_the_navigation_loses_the_pages_left_out_and_sections_left_empty():
    nav = ["index.md", "rutin.md", {"Rutiner": ["intern/a.md", {"Titel": "intern/b.md"}]},
           {"Principer": ["principer/index.md", "intern/c.md"]}, {"Kontakt": "kontakt.md"}]
    left_out = {"rutin.md", "intern/a.md", "intern/b.md", "intern/c.md"}
    assert prune_nav(nav, left_out) == ["index.md", {"Principer": ["principer/index.md"]}, {"Kontakt": "kontakt.md"}]
    assert prune_nav(nav, set()) == nav
    assert prune_nav(None, left_out) is None  # no nav: MkDocs builds it from the folders
