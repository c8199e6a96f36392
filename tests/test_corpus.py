from conftest import REPO
from helpers import article_texts
from policysite.corpus import load_corpus
from policysite.data import load_roles


def test_every_role_a_document_names_exists_in_the_roles_file():
    roles = load_roles(REPO / "data" / "roles.yml")
    corpus, findings = load_corpus(REPO / "docs", frozenset(roles), REPO)
    assert findings == []
    named = {doc.owner for doc in corpus.documents.values()} | {
        doc.approved_by for doc in corpus.documents.values() if doc.approved_by}
    assert named and named <= set(roles)


def test_shipped_documents_pair_up_across_languages():
    roles = load_roles(REPO / "data" / "roles.yml")
    corpus, _ = load_corpus(REPO / "docs", frozenset(roles), REPO)
    assert corpus.ids("sv") == corpus.ids("en")
    for doc in corpus.in_language("en"):
        assert doc.translation_of_version == corpus.get("sv", doc.path).version


def test_a_draft_shows_a_banner_in_each_language(variant):
    # The variant project (conftest.make_variant) has sakerhetsprocessen.md as a draft.
    text = article_texts(variant.site, "sakerhetsprocessen")
    assert "Utkast Dokumentet är ett utkast och är inte fastställt." in text["sv"]
    assert "Draft This document is a draft and has not been approved." in text["en"]


def test_overdue_review_and_stale_translation_are_visible_on_the_pages(variant):
    # The variant project (conftest.make_variant), built on 2026-01-01, reviews the policy every 12 months (approved
    # 2018-11) and its English page translates version 1.0.
    text = article_texts(variant.site, "sakerhetspolicy")
    assert "Granskning försenad sedan november 2019." in text["sv"]
    assert "Review overdue since November 2019." in text["en"]
    assert "This page translates an older Swedish version (1.0). The Swedish text, version 2.0, applies." in text["en"]


def test_a_page_is_read_in_one_place_and_paired_with_its_swedish_page():
    from policysite.corpus import pairing_findings, read_page

    page, problems = read_page("# Bara en rubrik\n", "docs/en/x.md", "en", frozenset({"sakerhetschef"}))
    assert page is None and [str(f) for f in problems] == [
        "docs/en/x.md:1: the page has no front matter — start the file with '---', the document metadata, and '---'"]
    swedish, problems = read_page("---\nid: SAK-INF-901\ntitle: Om\ntype: information\nstatus: approved\n"
                                  "version: \"1.0\"\nowner: sakerhetschef\nclassification: public\n"
                                  "audience: [employees]\n---\n# Om\n", "docs/sv/x.md", "sv",
                                  frozenset({"sakerhetschef"}))
    assert problems == [] and swedish.values["status"] == "approved"
    english, problems = read_page("---\nid: SAK-INF-902\ntitle: About\ntranslation_of_version: \"1.0\"\n---\n",
                                  "docs/en/x.md", "en", frozenset({"sakerhetschef"}))
    assert problems == []
    assert [str(f) for f in pairing_findings("en", english, swedish, "docs/en/x.md", None)] == [
        "docs/en/x.md:2: id SAK-INF-902 differs from the Swedish page's id SAK-INF-901 — "
        "use id: SAK-INF-901 in both languages"]
    assert [f.message for f in pairing_findings("sv", swedish, swedish, "docs/sv/x.md", None)] == [
        "an information page cannot be 'approved': no decision adopts it"]
