"""Bad input stops the build with `path:line: what — fix`, never a silently wrong site."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build
from helpers import edit


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def failed_build(project: Path, tmp_path: Path) -> str:
    result = build(project, tmp_path / "out")
    assert result.returncode != 0
    return result.stdout + result.stderr


def test_missing_required_metadata_fails_the_build(project_copy, tmp_path):
    page = project_copy / "docs" / "sv" / "sakerhetspolicy.md"
    edit(page, "owner: sakerhetschef\n", "")
    output = failed_build(project_copy, tmp_path)
    assert ("docs/sv/sakerhetspolicy.md:2: required field 'owner' is missing — "
            "add 'owner:' with the role that maintains the document") in output


def test_malformed_front_matter_fails_instead_of_being_ignored(project_copy, tmp_path):
    page = project_copy / "docs" / "en" / "kontakt.md"
    edit(page, "title: Contact\n", "title: [Contact\n")
    output = failed_build(project_copy, tmp_path)
    assert "docs/en/kontakt.md:" in output and ": front matter is not valid YAML: " in output


def test_missing_translation_fails_instead_of_falling_back(project_copy, tmp_path):
    (project_copy / "docs" / "en" / "kontakt.md").unlink()
    output = failed_build(project_copy, tmp_path)
    assert ("docs/sv/kontakt.md:1: this page has no en counterpart docs/en/kontakt.md — "
            "create docs/en/kontakt.md with the same id; pages are never filled in from another language") in output


def test_ids_must_match_across_languages(project_copy, tmp_path):
    page = project_copy / "docs" / "en" / "kontakt.md"
    edit(page, "id: SAK-INF-060", "id: SAK-INF-061")
    output = failed_build(project_copy, tmp_path)
    assert "docs/en/kontakt.md:2: id SAK-INF-061 differs from the Swedish page's id SAK-INF-060 — use id: SAK-INF-060 in both languages" in output


@pytest.mark.parametrize("page, old, new, expected", [
    ("sv/sakerhetspolicy.md", "approved_by: regionfullmaktige", "approved_by: regionfullmäktige",
     "'approved_by' names unknown role 'regionfullmäktige' — use a key from data/roles.yml:"),
    ("sv/kontakt.md", "<!-- md:contacts -->", "<!-- md:contact -->",
     "unknown marker 'contact' — use one of: audience-contractors, audience-employees, audience-governance, "
     "audience-pdf-contractors, audience-pdf-employees, audience-pdf-governance, change-log, "
     "contacts, document-register, glossary, roles-diagram, roles-table"),
], ids=["unknown-role", "unknown-marker"])
def test_defect_is_reported_at_its_line(project_copy, tmp_path, page, old, new, expected):
    path = project_copy / "docs" / page
    edit(path, old, new)
    output = failed_build(project_copy, tmp_path)
    assert f"docs/{page}:{line_of(path, new)}: {expected}" in output


def test_broken_link_fails_the_strict_build(project_copy, tmp_path):
    page = project_copy / "docs" / "sv" / "kontakt.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Saknas](finns-inte.md)\n", encoding="utf-8")
    output = failed_build(project_copy, tmp_path)
    assert "finns-inte.md" in output
