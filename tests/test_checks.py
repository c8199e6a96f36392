"""Every kind of bad input, as a small real Markdown tree under tests/fixtures, with its exact message."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from policysite.checks import statement_cutoff

FIXTURES = REPO / "tests" / "fixtures"
ROLE_KEYS = ("anlitande-chef, forvaltningschef, landstingsfullmaktige, linjechef, lokal-sakerhetsansvarig, medarbetare, "
             "regiondirektor, regionfullmaktige, regionstyrelsen, regionstyrelsens-arbetsutskott, sakerhetschef")

# The statement in stale-accessibility-statement was last updated on 2024-05-31; the tests judge it on 2025-06-01.
STALE_STATEMENT = ("sv/tillganglighetsredogorelse.md:11: warning: the accessibility statement was last updated on 2024-05-31, "
                   "more than 12 months ago — review the statement against the site, then set last_reviewed to the date "
                   "of that review (and assessed, if you assessed the site again)")

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
    "stale-accessibility-statement": (0, [STALE_STATEMENT]),
    "undated-accessibility-statement": (1, [
        "sv/tillganglighetsredogorelse.md:2: the accessibility statement does not record 'last_reviewed' — "
        "add 'last_reviewed: YYYY-MM-DD' with the date it was last reviewed and updated"]),
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


def validate_on(fixture: str, day: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policysite.validate", "--docs", str(FIXTURES / fixture / "docs"),
                           "--today", day], cwd=REPO, capture_output=True, text=True)


@pytest.mark.parametrize("day, stale", [
    ("2025-01-10", False),  # fresh: updated less than a year ago
    ("2025-05-31", False),  # exactly twelve months after 2024-05-31: not yet stale
    ("2025-06-01", True),   # twelve months and a day: stale
])
def test_accessibility_statement_is_stale_only_after_twelve_months(day, stale):
    result = validate_on("stale-accessibility-statement", day)
    assert result.returncode == 0
    lines = result.stdout.strip().splitlines()
    expected = [f"tests/fixtures/stale-accessibility-statement/docs/{STALE_STATEMENT}"] if stale else []
    assert lines[:-1] == expected
    assert lines[-1] == f"0 errors, {int(stale)} warnings in 6 documents"


@pytest.mark.parametrize("day, cutoff", [
    ("2025-06-01", "2024-06-01"),
    ("2024-02-29", "2023-02-28"),  # no 29 February a year earlier
    ("2025-01-31", "2024-01-31"),
])
def test_statement_cutoff_is_the_same_day_twelve_months_earlier(day, cutoff):
    assert statement_cutoff(dt.date.fromisoformat(day)) == dt.date.fromisoformat(cutoff)


def validate_tree(docs: Path, today: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policysite.validate", "--docs", str(docs), "--today", today],
                          cwd=REPO, capture_output=True, text=True)


def test_accessibility_statement_without_assessment_date_is_an_error(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURES / "stale-accessibility-statement" / "docs", docs)
    page = docs / "sv" / "tillganglighetsredogorelse.md"
    page.write_text(page.read_text(encoding="utf-8").replace("assessed: 2024-05-31\n", ""), encoding="utf-8")
    result = validate_tree(docs, "2025-01-10")
    assert result.returncode == 1
    assert result.stdout.strip().splitlines()[0] == (
        f"{docs.as_posix()}/sv/tillganglighetsredogorelse.md:2: the accessibility statement does not record 'assessed' — "
        "add 'assessed: YYYY-MM-DD' with the date of the last accessibility assessment")


def test_the_english_statement_inherits_its_dates_from_the_swedish_page(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURES / "stale-accessibility-statement" / "docs", docs)
    page = docs / "en" / "tillganglighetsredogorelse.md"
    page.write_text(page.read_text(encoding="utf-8").replace('translation_of_version: "1.0"\n',
                                                             'translation_of_version: "1.0"\nlast_reviewed: 2025-01-01\n'),
                    encoding="utf-8")
    result = validate_tree(docs, "2025-01-10")
    assert result.returncode == 1
    assert result.stdout.strip().splitlines()[0] == (
        f"{docs.as_posix()}/en/tillganglighetsredogorelse.md:5: 'last_reviewed' is set on a translation — "
        "set governance metadata only on the Swedish page; the translation inherits it")
