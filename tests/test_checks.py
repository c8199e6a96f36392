"""Every kind of bad input, as a small real Markdown tree under tests/fixtures, with its exact message."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_check
from policysite.checks import statement_cutoff

FIXTURES = REPO / "tests" / "fixtures"
ROLE_KEYS = ("den-som-anlitar, forvaltningschef, landstingsfullmaktige, medarbetare, narmaste-chef, "
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
    "wrong-enum": (1, ["sv/policy.md:5: 'status' has an invalid value 'godkänd' — use one of: draft, approved, published, retired"]),
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
    # Links to an earlier version's archived PDF, which the build writes from Git (policysite.history): line 19 is
    # accepted; the check refuses the current version, an unknown document and another language's PDF.
    "archived-pdf-link": (1, [
        "sv/policy.md:20: link 'historik/tst-pol-001/TST-POL-001-v2.0-sv.pdf' names version 2.0 of TST-POL-001, which "
        "is not earlier than its current version 2.0 — link an earlier approved version's PDF, or the document's page "
        "for the current version",
        "sv/policy.md:21: link 'historik/tst-pol-009/TST-POL-009-v1.0-sv.pdf' names a PDF of TST-POL-009, which is no "
        "document in sv — link an earlier version of a document of this language: "
        "historik/<id in lower case>/<ID>-v<version>-sv.pdf",
        "sv/policy.md:22: link 'historik/tst-pol-001/TST-POL-001-v1.0-en.pdf' names the en PDF from the sv page — "
        "link the PDF in this page's language: historik/tst-pol-001/TST-POL-001-v1.0-sv.pdf",
        "sv/policy.md:23: link 'historik/tst-pol-001/bilaga.pdf' points to a file that does not exist — "
        "fix the path, or add docs/sv/historik/tst-pol-001/bilaga.pdf"]),
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


# --- Contact points (extra.contacts in mkdocs.yml): a way to reach them, and phone numbers that are numbers -------

CONTACT_BLANKS = '      mailbox: ""\n      phone: ""\n'


def blank_mailbox_line(config: Path) -> int:
    """The line of the first contact's empty `mailbox:`, where the check reports that it has no channel."""
    text = config.read_text(encoding="utf-8")
    assert CONTACT_BLANKS in text
    return text[:text.index(CONTACT_BLANKS)].count("\n") + 1


def no_channel(line: int, page: str, kind: str = "warning: ") -> str:
    return (f"mkdocs.yml:{line}: {kind}extra.contacts[0] ('sakerhetschef') has neither a mailbox nor a phone number, so "
            f"{page} gives readers no way to reach it — add the function mailbox (mailbox: …) or phone number "
            '(phone: "…") once the region has decided it; until then the page says "uppgift saknas"')


def test_a_contact_without_mailbox_or_phone_is_a_warning_where_a_page_shows_it(tmp_path):
    # The fixtures show no contacts (the "valid" case has no findings); the same tree with the marker is told.
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURES / "valid" / "docs", docs)
    for language in ("sv", "en"):
        page = docs / language / "policy.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n<!-- md:contacts -->\n", encoding="utf-8")
    expected = no_channel(blank_mailbox_line(REPO / "mkdocs.yml"), f"{docs.as_posix()}/sv/policy.md")
    result = validate_tree(docs, "2025-06-01")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip().splitlines() == [expected, "0 errors, 1 warnings in 4 documents"]
    # The governance pipeline's --strict makes it an error, as it does an overdue review.
    strict = subprocess.run([sys.executable, "-m", "policysite.validate", "--docs", str(docs), "--today", "2025-06-01",
                             "--strict"], cwd=REPO, capture_output=True, text=True)
    assert strict.returncode == 1
    assert strict.stdout.strip().splitlines() == [expected.replace(": warning: ", ": ", 1), "1 errors, 0 warnings in 4 documents"]


def test_contact_phone_numbers_are_refused_unless_they_are_numbers(project_copy):
    config = project_copy / "mkdocs.yml"
    line = blank_mailbox_line(config)
    entries = ["+46 (0)455-12 34 56", "Ring växeln", 112, "0455-12 34 56 ankn. 3", "12"]
    added = "".join(f"    - role: sakerhetschef\n      phone: {value if isinstance(value, int) else repr(value)}\n"
                    for value in entries).replace("'", '"')
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(CONTACT_BLANKS, CONTACT_BLANKS + added, 1), encoding="utf-8")
    fix = ('write the number in quotes, with digits, spaces, hyphens and parentheses only, e.g. "0455-12 34 56" or '
           '"+46 455 12 34 56", or "" while none is decided')
    result = run_check(project_copy)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    # The second entry is a number as readers dial it; the rest are refused (and, with errors, nothing is warned about).
    assert [out for out in result.stdout.splitlines() if out.startswith("mkdocs.yml:")] == [
        f"mkdocs.yml:{line + 5}: extra.contacts[2].phone 'Ring växeln' is not a phone number — {fix}",
        f"mkdocs.yml:{line + 7}: extra.contacts[3].phone is read as the number 112, not as text — {fix}",
        f"mkdocs.yml:{line + 9}: extra.contacts[4].phone '0455-12 34 56 ankn. 3' is not a phone number — {fix}",
        f"mkdocs.yml:{line + 11}: extra.contacts[5].phone '12' is not a phone number — {fix}",
    ]
