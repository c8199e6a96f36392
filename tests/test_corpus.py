from conftest import REPO, build
from helpers import article_text
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
    page = project_copy / "docs" / "sv" / "sakerhetsprocessen.md"
    page.write_text(page.read_text(encoding="utf-8").replace("status: approved", "status: draft", 1), encoding="utf-8")
    result = build(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    swedish = article_text((tmp_path / "out" / "sakerhetsprocessen" / "index.html").read_text(encoding="utf-8"))
    english = article_text((tmp_path / "out" / "en" / "sakerhetsprocessen" / "index.html").read_text(encoding="utf-8"))
    assert "Utkast Dokumentet är ett utkast och är inte fastställt." in swedish
    assert "Draft This document is a draft and has not been approved." in english
