"""`make due` / `python -m policysite.due`: the reviews that fall due, for the owners' planning (policysite.due).

A copy of the project gets reviews on four pages: one overdue since a month (the policy, month-only), one overdue
by a month, one due soon and one far off; and its internal routine a review, so that it is listed and marked.
Today is pinned with SOURCE_DATE_EPOCH, as the check pins it (checks.today).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from conftest import REPO
from helpers import edit
from policysite import due

TODAY = dt.datetime(2027, 1, 15, 8, tzinfo=dt.timezone.utc)  # SOURCE_DATE_EPOCH's day: 2027-01-15


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """The project's pages and data (no Git: the list reads the working tree) with reviews set."""
    import shutil
    for part in ("docs", "data"):
        shutil.copytree(REPO / part, tmp_path / part)
    docs = tmp_path / "docs" / "sv"
    edit(docs / "sakerhetspolicy.md", "approved: 2018-11\n", "approved: 2018-11\nreview_interval_months: 12\n")
    edit(docs / "begreppslista.md", "classification: public\n",
         "classification: public\nlast_reviewed: 2026-06-15\nreview_interval_months: 6\n")
    edit(docs / "kontakt.md", "classification: public\n",
         "classification: public\nlast_reviewed: 2026-11-02\nreview_interval_months: 3\n")
    edit(docs / "tillganglighetsredogorelse.md", "last_reviewed: 2026-11-23\n",
         "last_reviewed: 2026-11-23\nreview_interval_months: 12\n")
    edit(docs / "rutin-rapportera-brister.md", "classification: internal\n",
         "classification: internal\nlast_reviewed: 2026-12-01\nreview_interval_months: 2\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(TODAY.timestamp())))
    return tmp_path


HEADER = "Reviews overdue or due by {end} ({days} days from 2027-01-15); a month-only date counts from its first day:"
POLICY = ("2019-11     overdue by 2632 days    SAK-POL-001  Säkerhetspolicy — owner: Säkerhetschef — "
          "docs/sv/sakerhetspolicy.md")
GLOSSARY = ("2026-12-15  overdue by 31 days      SAK-INF-070  Begreppslista — owner: Säkerhetschef — "
            "docs/sv/begreppslista.md")
ROUTINE = ("2027-02-01  due in 17 days          SAK-RUT-001  Rutin för att rapportera brister i säkerhet och "
           "krisberedskap [internal] [draft] — owner: Säkerhetschef — docs/sv/rutin-rapportera-brister.md")
CONTACT = "2027-02-02  due in 18 days          SAK-INF-060  Kontakt — owner: Säkerhetschef — docs/sv/kontakt.md"
STATEMENT = ("2027-11-23  due in 312 days         SAK-INF-100  Tillgänglighetsredogörelse — owner: Säkerhetschef — "
             "docs/sv/tillganglighetsredogorelse.md")


def run(tree, capsys, *args: str) -> tuple[int, list[str]]:
    code = due.main(["--root", str(tree), *args])
    return code, capsys.readouterr().out.splitlines()


def test_overdue_first_most_overdue_first_then_by_date_internal_marked(tree, capsys):
    assert run(tree, capsys) == (0, [HEADER.format(end="2027-04-15", days=90), POLICY, GLOSSARY, ROUTINE, CONTACT])


def test_days_widens_the_list_and_an_edition_leaves_internal_documents_out(tree, capsys):
    assert run(tree, capsys, "--days", "400", "--edition", "public") == (
        0, [HEADER.format(end="2028-02-19", days=400), POLICY, GLOSSARY, CONTACT, STATEMENT])


def test_overdue_reviews_are_listed_even_with_no_days_ahead(tree, capsys):
    assert run(tree, capsys, "--days", "0") == (0, [HEADER.format(end="2027-01-15", days=0), POLICY, GLOSSARY])


def test_a_clear_line_when_nothing_falls_due(tree, capsys):
    assert run(tree, capsys, "--today", "2018-01-01", "--days", "30") == (
        0, ["No review is overdue or falls due by 2018-01-31 (30 days from 2018-01-01)."])


@pytest.mark.parametrize("days", ["abc", "-5", "1.5", "", "3651", "٣"])
def test_a_bad_days_is_refused_with_the_problem_and_the_fix(tree, capsys, days):
    assert run(tree, capsys, "--days", days) == (1, [
        f"DAYS={days!r} is not a whole number of days from 0 to 3650 — give the days ahead to list, "
        "e.g. `make due DAYS=90`"])


def test_the_command_runs_as_make_due_runs_it(tree):
    result = subprocess.run([sys.executable, "-m", "policysite.due", "--days", "x"], cwd=tree, capture_output=True,
                            text=True, timeout=60)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.startswith("DAYS='x' is not a whole number")
    result = subprocess.run([sys.executable, "-m", "policysite.due"], cwd=tree, capture_output=True, text=True,
                            timeout=60)
    assert (result.returncode, result.stdout.splitlines()[1:]) == (0, [POLICY, GLOSSARY, ROUTINE, CONTACT])


def test_make_due_passes_days_and_only_an_edition_given_on_the_command_line():
    def dry_run(*args: str) -> str:
        result = subprocess.run(["make", "--no-print-directory", "-n", "-o", "install", "due", *args], cwd=REPO,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert dry_run() == '.venv/bin/python -m policysite.due --days "90"'
    assert dry_run("DAYS=30", "EDITION=public") == '.venv/bin/python -m policysite.due --days "30" --edition "public"'
