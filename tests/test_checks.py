"""Every kind of bad input, as a small real Markdown tree under tests/fixtures, with its exact message."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures"
ROLE_KEYS = ("anlitande-chef, forvaltningschef, landstingsfullmaktige, linjechef, lokal-sakerhetsansvarig, medarbetare, "
             "regiondirektor, regionfullmaktige, regionstyrelsen, regionstyrelsens-arbetsutskott, sakerhetschef")

# fixture: (exit code, the exact finding lines, paths relative to the fixture's docs/)
CASES = {
    "valid": (0, []),
    "malformed-yaml": (1, ["sv/policy.md:4: front matter is not valid YAML: expected ',' or ']', but got ':' — "
                           "fix the YAML syntax (quote values that contain ':' , '[' or '#')"]),
    "missing-field": (1, ["sv/policy.md:2: required field 'owner' is missing — add 'owner:' with the role that maintains the document"]),
    "wrong-enum": (1, ["sv/policy.md:5: 'status' has an invalid value 'godkänd' — use one of: draft, approved, retired"]),
    "impossible-date": (1, ["sv/policy.md:9: 'approved' has an invalid value '2024-02-30' — "
                            "write a real date as YYYY-MM-DD, or YYYY-MM when the source gives only the month"]),
    "unknown-role": (1, [f"sv/rutin.md:8: 'approved_by' names unknown role 'vd' — use a key from data/roles.yml: {ROLE_KEYS}"]),
    "duplicate-id": (1, ["en/rutin.md:2: id TST-POL-001 is also used by {docs}/en/policy.md — give every document its own id",
                         "sv/rutin.md:2: id TST-POL-001 is also used by {docs}/sv/policy.md — give every document its own id"]),
    "missing-translation": (1, ["sv/rutin.md:1: this page has no en counterpart docs/en/rutin.md — "
                                "create docs/en/rutin.md with the same id; pages are never filled in from another language"]),
    "stale-translation": (0, ["en/policy.md:4: warning: translation of version 1.0, but the Swedish page is version 1.1 — "
                              "update the translation and set translation_of_version: \"1.1\""]),
    "overdue-review": (0, ["sv/policy.md:10: warning: review overdue since 2022-01-10 — "
                           "review the document, then set last_reviewed (or approve a new version)"]),
    "broken-link": (1, ["sv/policy.md:19: link 'rutiner.md#steg' points to a page that does not exist — "
                        "fix the path, or create docs/sv/rutiner.md"]),
    "broken-anchor": (1, ["sv/policy.md:19: link 'rutin.md#stegen' points to a heading that does not exist — "
                          "use one of the heading ids of docs/sv/rutin.md: steg, testrutin"]),
    "public-internal-link": (1, [
        "en/policy.md:11: public document links to internal document TST-RUT-001 — remove the link, or classify this document as internal too",
        "sv/policy.md:19: public document links to internal document TST-RUT-001 — remove the link, or classify this document as internal too"]),
    "two-h1": (1, ["sv/policy.md:17: the page has 2 H1 headings — keep one '# …' heading (the title) and make the others '##'"]),
    "title-h1-mismatch": (1, ["en/policy.md:7: the H1 'Test Policy' differs from the title 'Test policy' — "
                              "make the H1 and the front-matter title identical"]),
}


def validate(fixture: str, *args: str) -> subprocess.CompletedProcess:
    docs = FIXTURES / fixture / "docs"
    return subprocess.run([sys.executable, "-m", "policysite.validate", "--docs", str(docs), "--today", "2025-06-01", *args],
                          cwd=REPO, capture_output=True, text=True)


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_fixture_reports_its_defect_exactly(fixture):
    code, expected = CASES[fixture]
    docs = f"tests/fixtures/{fixture}/docs"
    result = validate(fixture)
    assert result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert lines[:-1] == [f"{docs}/{line.format(docs=docs)}" for line in expected]
    assert result.returncode == code


def test_overdue_review_is_an_error_under_strict():
    result = validate("overdue-review", "--strict")
    assert result.returncode == 1
    assert ": review overdue since 2022-01-10 — " in result.stdout
    assert "warning:" not in result.stdout


def test_review_due_within_sixty_days_is_a_notice():
    result = subprocess.run([sys.executable, "-m", "policysite.validate", "--docs", str(FIXTURES / "valid" / "docs"),
                             "--today", "2026-02-01"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0
    assert "tests/fixtures/valid/docs/sv/policy.md:10: notice: review due on 2026-03-15 — plan the review with the document owner" in result.stdout
    assert result.stdout.strip().endswith("0 errors, 0 warnings in 4 documents (2 notices)")


def test_every_fixture_is_a_complete_tree():
    for fixture in CASES:
        assert (FIXTURES / fixture / "docs" / "sv" / "policy.md").exists()
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(CASES)
