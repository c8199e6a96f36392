from conftest import REPO, build
from helpers import article_texts, edit
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


def test_a_draft_shows_a_banner_in_each_language(project_copy, tmp_path):
    edit(project_copy / "docs" / "sv" / "sakerhetsprocessen.md", "status: published", "status: draft")
    result = build(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    text = article_texts(tmp_path / "out", "sakerhetsprocessen")
    assert "Utkast Dokumentet är ett utkast och är inte fastställt." in text["sv"]
    assert "Draft This document is a draft and has not been approved." in text["en"]


def test_overdue_review_and_stale_translation_are_visible_on_the_pages(project_copy, tmp_path, monkeypatch):
    edit(project_copy / "docs" / "sv" / "sakerhetspolicy.md", "approved: 2018-11\n", "approved: 2018-11\nreview_interval_months: 12\n")
    edit(project_copy / "docs" / "en" / "sakerhetspolicy.md", 'translation_of_version: "2.0"', 'translation_of_version: "1.0"')
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    result = build(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    text = article_texts(tmp_path / "out", "sakerhetspolicy")
    assert "Granskning försenad sedan november 2019." in text["sv"]
    assert "Review overdue since November 2019." in text["en"]
    assert "This page translates an older Swedish version (1.0). The Swedish text, version 2.0, applies." in text["en"]
