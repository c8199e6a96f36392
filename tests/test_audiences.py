"""Audience entry pages and their PDF bundles, in the site the session builds (with PDFs) and in a changed copy.

The expected lists come from the corpus the build publishes (the public edition), never from a list written here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import gitrepo
from conftest import REPO, build, pdf_build, record_approvals
from helpers import edit, metadata, normalise_space, pdf_info, pdf_text
from policysite.acknowledgement import CROCKFORD
from policysite.audiences import SITE_PAGES
from policysite.corpus import load_corpus
from policysite.data import load_labels, load_roles
from policysite.editions import edition_corpus
from policysite.model import AUDIENCES, DOCUMENT_TYPES, LANGUAGES
from policysite.present import format_size
from policysite.urls import AUDIENCE_PAGES, page_url

LABELS = load_labels(REPO / "data" / "labels.yml")
BUNDLE_FILES = LABELS["audiences"]["files"]
CODE = re.compile(rf"^[A-Z]{{3}}-[A-Z]{{3}}-\d{{3}}-v\d+\.\d+-[{CROCKFORD}]{{6}}$")


@pytest.fixture(scope="module")
def corpus():
    return edition_corpus(load_corpus(REPO / "docs", frozenset(load_roles(REPO / "data" / "roles.yml")), REPO)[0],
                          "public")


def listed_for(corpus, language: str, audience: str):
    """What an entry page must list: every document for the audience that is not retired and not one of the
    site's own pages, policies first, then guidelines, routines and information, by id within a type."""
    documents = [d for d in corpus.in_language(language)
                 if audience in d.audience and d.status != "retired" and d.path not in SITE_PAGES]
    return sorted(documents, key=lambda d: (DOCUMENT_TYPES.index(d.type), d.id))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def entry_page(site: Path, language: str, audience: str) -> Path:
    return site / page_url(language, AUDIENCE_PAGES[audience]) / "index.html"


def bundle(site: Path, language: str, audience: str) -> Path:
    return site / page_url(language, AUDIENCE_PAGES[audience]) / BUNDLE_FILES[audience][language]


def document_page(site: Path, document) -> Path:
    return site / page_url(document.language, document.path) / "index.html"


def page_code(site: Path, document) -> str | None:
    item = metadata(document_page(site, document).read_text(encoding="utf-8")).get("acknowledgement")
    return item[1] if item else None


def rows(page: Path) -> list:
    return soup(page).select(".policy-audience tbody tr")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_entry_page_lists_exactly_the_documents_for_its_audience(site, corpus, language, audience):
    expected = listed_for(corpus, language, audience)
    assert expected, f"no document is for {audience}"
    found = rows(entry_page(site, language, audience))
    assert [row["data-document"] for row in found] == [d.id for d in expected]
    # Captions read as text: "Policyer för leverantörer och konsulter", "Policies for suppliers and consultants".
    group = LABELS["audiences"]["groups"]["policy"][language]
    audience_name = LABELS["values"]["audience"][audience][language].lower()
    captions = [normalise_space(c.get_text()) for c in soup(entry_page(site, language, audience)).select(
        ".policy-audience caption")]
    assert f"{group} {'för' if language == 'sv' else 'for'} {audience_name}" in captions, captions
    for row, document in zip(found, expected):
        cells = [normalise_space(cell.get_text(" ")) for cell in row.find_all("td")]
        assert cells[:4] == [document.title, document.id, document.version,
                             LABELS["values"]["status"][document.status][language]]
        link = (entry_page(site, language, audience).parent / row.a["href"]).resolve() / "index.html"
        assert link == document_page(site, document).resolve()
        # The code beside each document is the one its own page shows (or, like the page, that the version is
        # not committed yet); drafts have none.
        if document.status == "approved":
            assert cells[4] == page_code(site, document)
        else:
            assert row.code is None and page_code(site, document) is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contractor_page_gives_every_code_ready_to_copy_and_says_who_records_them(site, corpus, language):
    page = entry_page(site, language, "contractors")
    box = soup(page).select_one(".policy-audience__codes")
    # Every approved document's code, as its own page shows it (one not committed yet has none to copy).
    approved = [d for d in listed_for(corpus, language, "contractors")
                if d.status == "approved" and CODE.match(page_code(site, d))]
    assert approved
    assert box.pre.get_text().splitlines() == [page_code(site, d) for d in approved]
    assert all(code.startswith(f"{d.id}-v{d.version}-") for code, d in zip(box.pre.get_text().splitlines(), approved))
    assert LABELS["audiences"]["codes_record"][language] in normalise_space(box.get_text(" "))
    # Only the contractors' page puts the codes first; the others explain them beside their lists.
    for audience in ("employees", "governance"):
        assert soup(entry_page(site, language, audience)).select_one(".policy-audience__codes") is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_documents_show_their_code_on_the_page_and_on_the_pdf_cover(site, corpus, language):
    policy = next(d for d in corpus.in_language(language) if d.id == "SAK-POL-001")
    code = page_code(site, policy)
    assert code and code.startswith("SAK-POL-001-v2.0-")
    label = LABELS["metadata"]["acknowledgement"][language]
    cover = normalise_space(pdf_text(site / page_url(language, policy.path) / f"SAK-POL-001-{language}.pdf", 1, 1))
    assert f"{label} {code}" in cover
    # Every approved document in the build has one, the same in both languages (the Swedish text is approved),
    # unless its page is not committed yet (work in progress in this clone), which the page then says.
    for document in corpus.in_language(language):
        if document.status != "approved" or document.path == "index.md":  # the start page hides its panel
            continue
        code, swedish = page_code(site, document), page_code(site, corpus.get("sv", document.path))
        if CODE.match(swedish):
            assert code == swedish
        else:
            assert (swedish, code) == (LABELS["history"]["not_committed"]["sv"],
                                       LABELS["history"]["not_committed"][language])
            assert gitrepo.git(REPO, "status", "--porcelain", "--", f"docs/sv/{document.path}").strip()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_audience_has_a_bundle_with_its_title_documents_and_codes(site, corpus, language, audience):
    path = bundle(site, language, audience)
    entry = corpus.get(language, AUDIENCE_PAGES[audience])
    included = [d for d in listed_for(corpus, language, audience) if d.status == "approved"]
    text = normalise_space(pdf_text(path))
    cover = normalise_space(pdf_text(path, 1, 1))
    assert entry.title in cover
    audience_name = LABELS["values"]["audience"][audience][language].lower()
    assert f"{'för' if language == 'sv' else 'for'} {audience_name}" in cover and "målgruppen" not in cover \
        and "the audience" not in cover
    assert pdf_info(path)["Title"] == entry.title
    contents = normalise_space(pdf_text(path, 1, 1))  # the contents is on the cover
    positions = [contents.find(f"{d.id} {d.title}") for d in included]
    assert -1 not in positions and positions == sorted(positions), contents
    for document in included:
        assert page_code(site, document) in contents
        assert document.title in text.replace(f"{document.id} {document.title}", "")  # its chapter, not only the list
    # The entry page offers it, with its size, in the metadata panel.
    panel = soup(entry_page(site, language, audience)).select_one("aside.policy-meta")
    link = panel.select_one("a[href$='.pdf']")
    assert link["href"] == path.name and link["hreflang"] == language
    assert format_size(path.stat().st_size, language) in normalise_space(panel.get_text(" "))


def test_the_contractor_bundle_says_who_records_the_codes(site):
    for language in LANGUAGES:
        cover = normalise_space(pdf_text(bundle(site, language, "contractors"), 1, 1))
        assert normalise_space(LABELS["audiences"]["codes_record"][language]) in cover
        other = normalise_space(pdf_text(bundle(site, language, "employees"), 1, 1))
        assert normalise_space(LABELS["audiences"]["codes_record"][language]) not in other


@pytest.mark.slow
def test_drafts_are_listed_without_a_code_and_left_out_of_the_bundle_and_retired_ones_are_not_listed(
        project_copy, tmp_path, pdf_cache):
    # SAK-RIK-001 is a draft in the real content: a proposed guideline, not decided.
    edit(project_copy / "docs" / "sv" / "begreppslista.md", "status: published", "status: retired")
    record_approvals(project_copy)  # the approved policy's decision, so that it has its code, as in the real record
    site = tmp_path / "site"
    result = build(project_copy, site, **pdf_build(pdf_cache))
    assert result.returncode == 0, result.stdout + result.stderr
    for language in LANGUAGES:
        page = entry_page(site, language, "contractors")
        listed = {row["data-document"]: row for row in rows(page)}
        assert "SAK-INF-070" not in listed  # retired: no longer applies
        draft = listed["SAK-RIK-001"]
        assert draft["data-status"] == "draft" and draft.code is None
        assert LABELS["audiences"]["no_code"][language] in normalise_space(draft.get_text(" "))
        assert LABELS["audiences"]["drafts"][language] in normalise_space(soup(page).get_text(" "))
        assert "SAK-RIK-001" not in soup(page).select_one(".policy-audience__codes pre").get_text()
        text = normalise_space(pdf_text(bundle(site, language, "contractors")))
        assert "SAK-POL-001" in text and "SAK-RIK-001" not in text and "SAK-INF-070" not in text


def test_a_page_that_breaks_a_bundle_is_named_once_at_its_line(project_copy, tmp_path):
    # The policy is in its own PDF, the handbook and all three bundles; a defect in it is said once.
    # The check accepts the image (a file of the site that the page shows); WeasyPrint cannot read it.
    (project_copy / "docs" / "sv" / "karta.png").write_bytes(b"not a PNG image")
    page = project_copy / "docs" / "sv" / "sakerhetspolicy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![Karta](karta.png)\n", encoding="utf-8")
    line = page.read_text(encoding="utf-8").splitlines().index("![Karta](karta.png)") + 1
    result = build(project_copy, tmp_path / "site", **pdf_build(tmp_path / "cache"))
    assert result.returncode != 0
    message = (f"docs/sv/sakerhetspolicy.md:{line}: the PDF cannot be rendered: Failed to load image at "
               "'https://sakerhet.regionblekinge.se/karta.png'")
    assert result.stderr.count(message) == 1, result.stderr  # five PDFs hold the page; said once
    assert "galler-dig-som" not in result.stderr


def test_a_marker_indented_in_a_step_of_a_list_stays_in_that_step():
    import markdown

    from policysite.markers import replace_markers
    source = "1. **Read.** The PDF:\n\n    <!-- md:audience-pdf-contractors -->\n\n    Then sign.\n\n2. **Give.**\n"
    link = '<a class="policy-audience__pdf" href="x.pdf">All</a>'
    expanded = replace_markers(source, {"audience-pdf-contractors": lambda: f"\n{link}\n"}, "docs/sv/x.md", 1)
    assert expanded == f"1. **Read.** The PDF:\n\n\n    {link}\n\n\n    Then sign.\n\n2. **Give.**\n"
    html = markdown.markdown(expanded)
    assert html == (f"<ol>\n<li>\n<p><strong>Read.</strong> The PDF:</p>\n<p>{link}</p>\n<p>Then sign.</p>\n</li>\n"
                    "<li>\n<p><strong>Give.</strong></p>\n</li>\n</ol>")
    # A marker at the start of its line is expanded as before, without indentation.
    assert replace_markers("<!-- md:x -->\n", {"x": lambda: "<div>\n<p>y</p>\n</div>\n"}, "docs/sv/x.md", 1) == (
        "\n<div>\n<p>y</p>\n</div>\n\n")
