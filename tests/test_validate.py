"""The command-line check: exit codes and output format."""

import json
import subprocess
import sys

from conftest import REPO

CLI = [sys.executable, "-m", "policysite.validate"]
# Every page in both languages is a document, and the check reads them all (both editions).
PAGES = len(list((REPO / "docs").rglob("*.md")))


def run(*args, cwd=REPO):
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True)


def last_commit_date() -> str:
    return subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=REPO, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_shipped_content_has_no_errors_and_only_true_warnings():
    # Judged on the day of the last commit, as `make site` builds it, so that the result belongs to the commit.
    result = run("--today", last_commit_date())
    assert result.returncode == 0, result.stdout
    lines = result.stdout.strip().splitlines()
    # The sources give no review interval for the two governing documents: a true fact, shown, not hidden.
    assert lines == [
        "docs/sv/riktlinje-sakerhet-och-krisberedskap.md:6: warning: no review interval is set, so the next review "
        "cannot be computed — add review_interval_months once the document owner has decided it",
        "docs/sv/sakerhetspolicy.md:6: warning: no review interval is set, so the next review cannot be computed — "
        "add review_interval_months once the document owner has decided it",
        f"0 errors, 2 warnings in {PAGES} documents",
    ]


def test_defects_exit_1_with_path_line_messages(project_copy):
    page = project_copy / "docs" / "sv" / "kontakt.md"
    page.write_text(page.read_text(encoding="utf-8").replace("status: approved", "status: godkänd"), encoding="utf-8")
    result = run("--root", str(project_copy))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("docs/sv/kontakt.md:")
    assert lines[0].endswith(": 'status' has an invalid value 'godkänd' — use one of: draft, approved, retired")
    assert lines[-1] == f"1 errors, 0 warnings in {PAGES} documents"
    assert len(lines) == 2


def test_json_output(project_copy):
    (project_copy / "docs" / "en" / "kontakt.md").unlink()
    result = run("--root", str(project_copy), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["findings"][0]["path"] == "docs/sv/kontakt.md"
    assert report["findings"][0]["severity"] == "error"


def test_usage_error_exits_2(tmp_path):
    assert run("--root", str(tmp_path)).returncode == 2
    assert run("--format", "xml").returncode == 2
