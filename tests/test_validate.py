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
    # True facts, shown, not hidden: the sources give no review interval for the one approved governing document,
    # and no function mailbox or phone number for the contact page.
    assert lines == [
        "docs/sv/sakerhetspolicy.md:6: warning: no review interval is set, so the next review cannot be computed — "
        "add review_interval_months once the document owner has decided it",
        f"mkdocs.yml:{contact_line()}: warning: extra.contacts[0] ('sakerhetschef') has neither a mailbox nor a phone "
        "number, so docs/sv/kontakt.md gives readers no way to reach it — add the function mailbox (mailbox: …) or "
        'phone number (phone: "…") once the region has decided it; until then the page says "uppgift saknas"',
        f"0 errors, 2 warnings in {PAGES} documents",
    ]


def contact_line() -> int:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    return text[:text.index('      mailbox: ""\n')].count("\n") + 1


def test_defects_exit_1_with_path_line_messages(project_copy):
    page = project_copy / "docs" / "sv" / "kontakt.md"
    page.write_text(page.read_text(encoding="utf-8").replace("status: published", "status: godkänd"), encoding="utf-8")
    result = run("--root", str(project_copy))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("docs/sv/kontakt.md:")
    assert lines[0].endswith(": 'status' has an invalid value 'godkänd' — use one of: draft, approved, published, retired")
    assert lines[-1] == f"1 errors, 0 warnings in {PAGES} documents"  # with an error, the content is not judged further
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
