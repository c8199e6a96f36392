"""The change history in built sites: tables, comparisons, archived PDFs, the change log and feeds.

Every assertion here is about a repository the tests made (conftest.make_history_project):
a routine approved as 1.0 and 2.0, and the guideline's 1.0 recorded between them.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import gitrepo
from conftest import build, make_history_project, pdf_build, shared
from helpers import normalise_space, pdf_text

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="session")
def history_repo(tmp_path_factory) -> Path:
    return shared(tmp_path_factory, "history", lambda folder: make_history_project(folder / "project")) / "project"


def build_history_site(history_repo: Path, site: Path, cache: Path) -> None:
    result = build(history_repo, site, **pdf_build(cache))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def history_site(history_repo, tmp_path_factory, pdf_cache) -> Path:
    return shared(tmp_path_factory, "history-site", lambda site: build_history_site(history_repo, site, pdf_cache))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def history_rows(page: Path) -> list[list[str]]:
    table = soup(page).select_one("section.policy-history table")
    return [[normalise_space(cell.get_text(" ")) for cell in row.find_all(["th", "td"])]
            for row in table.select("tbody tr")]


def test_the_history_table_lists_approved_versions_newest_first(history_site):
    # Dates, not commits: the commits are in the technical details (below).
    assert history_rows(history_site / "besoksrutin" / "index.html") == [
        ["2.0 gällande Saklig ändring",
         "Beslutsdatum: januari 2025 Beslutande organ: Regiondirektör Diarienummer: uppgift saknas "
         "registrerad här 15 januari 2025",
         "Besökare registreras digitalt och hämtas av sin värd.", "Ändringar · PDF"],
        ["1.0 Saklig ändring",
         "Beslutsdatum: 12 mars 2024 Beslutande organ: Regiondirektör Diarienummer: RS 2024/101 "
         "registrerad här 15 januari 2025",
         "Första versionen av rutinen.", "PDF"],
    ]
    assert history_rows(history_site / "en" / "besoksrutin" / "index.html") == [
        ["2.0 in force Substantive change",
         "Decision date: January 2025 Decision body: Regional Director Case number: not recorded "
         "recorded here 15 January 2025",
         "Visitors are registered digitally and collected by their host.", "Changes · PDF"],
        ["1.0 Substantive change",
         "Decision date: 12 March 2024 Decision body: Regional Director Case number: RS 2024/101 "
         "recorded here 15 January 2025",
         "The first version of the routine.", "PDF"],
    ]


def test_the_commits_are_only_in_the_technical_details(history_site, history_repo):
    def full(revision):
        return gitrepo.git(history_repo, "rev-parse", f"{revision}^{{commit}}").strip()
    v1, v2, head = full("SAK-RUT-901/v1.0"), full("SAK-RUT-901/v2.0"), full("HEAD")
    section = soup(history_site / "besoksrutin" / "index.html").select_one("section.policy-history")
    details = section.select_one("details.policy-history__technical")
    assert details is not None and not details.has_attr("open")
    assert normalise_space(details.summary.get_text()) == "Tekniska uppgifter"
    assert [normalise_space(item.get_text(" ")) for item in details.select("li")] == [
        f"Version 2.0: Incheckning {v2}", f"Version 1.0: Incheckning {v1}",
        f"Texten senast ändrad: incheckning {head[:7]}"]
    details.decompose()
    shown = section.get_text(" ")
    assert not any(commit[:7] in shown for commit in (v1, v2, head))


def test_the_history_links_lead_to_the_comparison_and_the_pdfs(history_site):
    page = history_site / "besoksrutin" / "index.html"
    links = {a.get_text(): a["href"] for a in soup(page).select("section.policy-history tbody a")}
    rows = soup(page).select("section.policy-history tbody tr")
    newest, oldest = ({a.get_text(): a["href"] for a in row.select("a")} for row in rows)
    assert newest == {"Ändringar": "../historik/sak-rut-901/v1.0-v2.0/", "PDF": "SAK-RUT-901-sv.pdf"}
    assert oldest == {"PDF": "../historik/sak-rut-901/SAK-RUT-901-v1.0-sv.pdf"}
    for href in links.values():
        target = (page.parent / href).resolve()
        assert (target / "index.html" if href.endswith("/") else target).is_file(), href


def test_the_table_of_contents_leads_to_the_history(history_site):
    toc = soup(history_site / "besoksrutin" / "index.html").select_one("nav.md-nav--secondary")
    assert [a.get_text(strip=True) for a in toc.select("a")][-1] == "Ändringshistorik"
    assert toc.select("a")[-1]["href"] == "#andringshistorik"


def test_the_last_change_comes_from_git(history_site):
    text = normalise_space(soup(history_site / "besoksrutin" / "index.html")
                           .select_one(".policy-history__last-changed").get_text(" "))
    assert text == "Texten senast ändrad: 15 januari 2025"


def diff_blocks(page: Path) -> list[tuple[str, str]]:
    return [(block["class"][1].removeprefix("policy-diff__block--"), normalise_space(block.get_text(" ")))
            for block in soup(page).select(".policy-diff .policy-diff__block")]


def test_the_comparison_shows_changed_words_in_both_languages(history_site):
    sv = history_site / "historik" / "sak-rut-901" / "v1.0-v2.0" / "index.html"
    assert soup(sv).h1.get_text(strip=True).rstrip("¶") == "Ändringar i Rutin för besök: version 1.0 till 2.0"
    assert diff_blocks(sv) == [
        ("equal", "Rutin för besök"),
        ("equal", "Syfte"),
        ("changed", "Ändrat Rutinen beskriver hur besökare registreras [tillagd text: digitalt slut på ändring] "
                    "i receptionen."),
        ("equal", "Steg"),
        ("equal", "Besökaren visar legitimation."),
        ("changed", "Ändrat Receptionen skriver ut en besöksbricka [tillagd text: med foto slut på ändring] ."),
        ("deleted", "Borttaget [borttagen text: Besöksbrickan lämnas tillbaka vid utgången. slut på ändring]"),
        ("inserted", "Tillagt [tillagd text: Värden hämtar besökaren i receptionen. slut på ändring]"),
        ("inserted", "Tillagt [tillagd text: Ansvar slut på ändring]"),
        ("inserted", "Tillagt [tillagd text: Värden ansvarar för besökaren under hela besöket. slut på ändring]"),
    ]
    page = soup(sv)
    assert [e.get_text() for e in page.select(".policy-diff ins .policy-visually-hidden")][:2] == [
        "[tillagd text: ", " slut på ändring]"]
    assert page.select_one(".policy-diff del").get_text() == \
        "[borttagen text: Besöksbrickan lämnas tillbaka vid utgången. slut på ändring]"
    en = history_site / "en" / "historik" / "sak-rut-901" / "v1.0-v2.0" / "index.html"
    assert ("changed", "Changed Reception prints a visitor badge [added text: with a photo end of change] .") \
        in diff_blocks(en)
    assert soup(en).html["lang"] == "en"
    assert soup(sv).select_one("a.policy-language__link")["href"] == "../../../en/historik/sak-rut-901/v1.0-v2.0/"


def test_comparisons_stay_out_of_search_and_navigation(history_site):
    for index in (history_site / "search" / "search_index.json", history_site / "en" / "search" / "search_index.json"):
        assert "historik/" not in index.read_text(encoding="utf-8")
    nav = soup(history_site / "index.html").select_one("nav.md-nav--primary")
    assert "historik/" not in str(nav)


def test_the_archived_pdf_is_the_old_text_and_never_the_current_one(history_site):
    archived = normalise_space(pdf_text(history_site / "historik" / "sak-rut-901" / "SAK-RUT-901-v1.0-sv.pdf"))
    assert "Besöksbrickan lämnas tillbaka vid utgången." in archived
    assert "Den här versionen är ersatt av version 2.0 och gäller inte längre." in archived
    assert "RS 2024/101" in archived and "Värden hämtar" not in archived
    current = normalise_space(pdf_text(history_site / "besoksrutin" / "SAK-RUT-901-sv.pdf"))
    assert "Värden hämtar besökaren i receptionen." in current and "lämnas tillbaka" not in current
    english = normalise_space(pdf_text(history_site / "en" / "historik" / "sak-rut-901" / "SAK-RUT-901-v1.0-en.pdf"))
    assert "The visitor badge is returned at the exit." in english
    assert "This version has been superseded by version 2.0 and no longer applies." in english


def test_the_change_log_lists_every_approval_newest_first(history_site):
    page = soup(history_site / "andringslogg" / "index.html")
    rows = page.select(".policy-changelog tbody tr")
    assert [(r["data-document"], r["data-version"], r["data-type"]) for r in rows] == [
        ("SAK-RUT-901", "2.0", "routine"), ("SAK-RUT-901", "1.0", "routine")]
    assert [normalise_space(label.get_text()) for label in page.select(".policy-changelog__filter label")] == [
        "Rutin"]
    assert rows[0].a["href"] == "../besoksrutin/#andringshistorik"
    assert page.select_one(".policy-changelog__feed a")["href"] == "../feed.xml"


def test_the_feeds_are_atom_with_one_entry_per_approval(history_site, history_repo):
    for feed, language, home in ((history_site / "feed.xml", "sv", "https://sakerhet.regionblekinge.se/"),
                                 (history_site / "en" / "feed.xml", "en", "https://sakerhet.regionblekinge.se/en/")):
        root = ET.parse(feed).getroot()
        assert root.tag == f"{ATOM}feed"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{home}feed.xml"
        entries = root.findall(f"{ATOM}entry")
        assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
            f"{home}besoksrutin/#andringshistorik", f"{home}besoksrutin/#andringshistorik"]
        # An entry is dated by its decision (a month: its first day); the feed by its newest record.
        assert [e.find(f"{ATOM}updated").text for e in entries] == ["2025-01-01T00:00:00Z", "2024-03-12T00:00:00Z"]
        assert root.find(f"{ATOM}updated").text == "2025-01-15T12:00:00Z"
        ids = [e.find(f"{ATOM}id").text for e in entries]
        assert len(set(ids)) == 2 and all(i.startswith("urn:uuid:") for i in ids)
    english = ET.parse(history_site / "en" / "feed.xml").getroot().find(f"{ATOM}entry")
    assert english.find(f"{ATOM}title").text == "Visitor routine 2.0"
    assert english.find(f"{ATOM}summary").text.startswith("Visitors are registered digitally and collected by their host.")
    page = soup(history_site / "index.html")
    assert page.find("link", rel="alternate", type="application/atom+xml")["href"] == "feed.xml"


def test_a_copy_without_git_is_refused(project_copy, tmp_path):
    subprocess.run(["rm", "-rf", str(project_copy / ".git")], check=True)
    result = build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert (f"mkdocs.yml:1: the change history is read from Git, but {project_copy} is not in a Git repository — "
            f"build from a clone of the project (git clone <url>), not from a copy of its files") in result.stderr


@pytest.mark.slow
def test_a_shallow_clone_fails_with_the_fix_or_fetches_when_allowed(history_repo, tmp_path):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{history_repo}", str(clone)], check=True)
    result = build(clone, tmp_path / "site")
    assert result.returncode != 0
    assert ("mkdocs.yml:1: this is a shallow clone, so the history of approved versions is incomplete — run "
            "`git fetch --unshallow --tags` (or clone without --depth), or set POLICYSITE_GIT_FETCH=1 to let the "
            "build fetch it") in result.stderr
    assert not (tmp_path / "site" / "besoksrutin").exists()
    fetched = build(clone, tmp_path / "fetched", POLICYSITE_GIT_FETCH="1")
    assert fetched.returncode == 0, fetched.stderr
    assert [row[0] for row in history_rows(tmp_path / "fetched" / "besoksrutin" / "index.html")] == [
        "2.0 gällande Saklig ändring", "1.0 Saklig ändring"]


def test_a_clone_without_tags_shows_the_history_from_the_trailers(history_repo, tmp_path):
    clone = tmp_path / "no-tags"
    subprocess.run(["git", "clone", "--quiet", "--no-tags", f"file://{history_repo}", str(clone)], check=True)
    assert gitrepo.git(clone, "tag", "--list") == ""
    result = build(clone, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert [row[0] for row in history_rows(tmp_path / "site" / "besoksrutin" / "index.html")] == [
        "2.0 gällande Saklig ändring", "1.0 Saklig ändring"]
    assert "warning: the approval of SAK-RUT-901/v2.0 has no tag in this clone" in result.stderr


@pytest.mark.slow
def test_two_builds_of_one_commit_in_different_folders_are_identical(history_repo, tmp_path):
    """The second build also runs in another time zone and locale, with another umask."""
    sites = []
    for name, env, umask in (("first", {"TZ": "UTC", "LC_ALL": "C.UTF-8"}, 0o022),
                             ("second", {"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C"}, 0o077)):
        clone = tmp_path / name / "clone"
        subprocess.run(["git", "clone", "--quiet", str(history_repo), str(clone)], check=True)
        epoch = gitrepo.git(clone, "log", "-1", "--format=%ct").strip()
        previous = os.umask(umask)
        try:
            result = build(clone, tmp_path / name / "site", SOURCE_DATE_EPOCH=epoch, **env)
        finally:
            os.umask(previous)
        assert result.returncode == 0, result.stderr
        sites.append(tmp_path / name / "site")
    first, second = sites
    pages = sorted(p.relative_to(first) for p in first.rglob("*") if p.suffix in (".html", ".xml"))
    assert len(pages) > 30 and Path("historik/sak-rut-901/v1.0-v2.0/index.html") in pages
    assert pages == sorted(p.relative_to(second) for p in second.rglob("*") if p.suffix in (".html", ".xml"))
    _, mismatch, errors = filecmp.cmpfiles(first, second, [str(p) for p in pages], shallow=False)
    assert mismatch == [] and errors == []


def test_the_project_shows_the_policy_history_from_its_own_git_record(site):
    """Smoke test on the project itself: its history is its own, so only its shape and decisions are checked."""
    rows = history_rows(site / "sakerhetspolicy" / "index.html")
    assert len(rows) >= 2
    by_version = {row[0].split()[0]: row for row in rows}
    assert by_version["2.0"][1] == ("Beslutsdatum: november 2018 Beslutande organ: Regionfullmäktige "
                                    "Diarienummer: uppgift saknas registrerad här 23 november 2026")
    assert by_version["1.0"][1] == ("Beslutsdatum: uppgift saknas Beslutande organ: Landstingsfullmäktige "
                                    "Diarienummer: uppgift saknas registrerad här 23 november 2026")
    assert "2017-04-27" in by_version["1.0"][2]
    for language in ("", "en/"):
        comparison = site / language / "historik" / "sak-pol-001" / "v1.0-v2.0" / "index.html"
        assert soup(comparison).select(".policy-diff__block--inserted")
        assert soup(comparison).select(".policy-diff__block--deleted")
        assert list((site / language / "historik" / "sak-pol-001").glob("SAK-POL-001-v1.0-*.pdf"))
        logged = {(r["data-document"], r["data-version"])
                  for r in soup(site / language / "andringslogg" / "index.html").select(".policy-changelog tbody tr")}
        assert {("SAK-POL-001", "1.0"), ("SAK-POL-001", "2.0")} <= logged
        feed = ET.parse(site / language / "feed.xml").getroot()
        titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
        assert any(t.endswith(" 2.0") for t in titles) and any(t.endswith(" 1.0") for t in titles)
