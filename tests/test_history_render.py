"""An approved version's text turned into HTML as the site showed it."""

from __future__ import annotations

from pathlib import Path

import pytest

import gitrepo
from policysite.findings import FindingsError
from policysite.history.git import open_repository
from policysite.history.record import load_history
from policysite.history.render import MarkdownSettings, version_html
from conftest import put_version

ROLES = frozenset({"regiondirektor", "sakerhetschef"})
V1_DECISION = "Decision: SAK-RUT-901/v1.0; regiondirektor; 2024-03-12; RS 2024/101"


def only_version(repo: Path):
    (version,) = load_history(open_repository(repo), "docs", ROLES).of("SAK-RUT-901")
    return version


def test_links_to_other_pages_become_page_urls(repo):
    put_version(repo, "1.0")
    page = repo / "docs" / "sv" / "besoksrutin.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSe [policyn](sakerhetspolicy.md#mal).\n", encoding="utf-8")
    commit = gitrepo.commit_all(repo, f"Besöksrutin 1.0\n\n{V1_DECISION}\nChange-type: substantive")
    gitrepo.tag(repo, "SAK-RUT-901/v1.0", "Besöksrutin 1.0", target=commit)
    html = version_html(only_version(repo), "sv", MarkdownSettings())
    assert '<a href="../sakerhetspolicy/#mal">policyn</a>' in html


def test_a_marker_in_approved_text_is_reported_at_its_file_line(repo):
    put_version(repo, "1.0")
    page = repo / "docs" / "sv" / "besoksrutin.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    marker_line = len(lines) + 1
    page.write_text("\n".join(lines) + "\n<!-- md:document-register -->\n", encoding="utf-8")
    commit = gitrepo.commit_all(repo, f"Besöksrutin 1.0\n\n{V1_DECISION}\nChange-type: substantive")
    with pytest.raises(FindingsError) as raised:
        version_html(only_version(repo), "sv", MarkdownSettings())
    assert str(raised.value) == (
        f"{commit[:7]}:docs/sv/besoksrutin.md:{marker_line}: the approved text uses the marker 'document-register', "
        f"which only the live site fills in — keep markers out of governing documents; write the content into the text")
