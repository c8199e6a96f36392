"""Hostile and mistaken Git records (issue 12, item 7): the approval record cannot vanish or lock the build.

Each case is a folder under tests/hostile/history/<class>/<case>/: `message.txt` (or `message.<encoding>.txt`, a
message the commit declares in that encoding) holds the commit message's bytes as committed, and `tree/` the files
the commit changes besides the test routine's pages (tests/history-fixture), laid out like the repository. The
record is checked as `make check` checks it, `python -m policysite.history`, in a fresh process.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import gitrepo
from conftest import HOSTILE, HISTORY_FIXTURE, REPO, build, overlay
from policysite.data import load_roles
from policysite.history.git import FileReader, commits, open_repository
from policysite.history.record import load_history

CASES = HOSTILE / "history"
ROUTINE = "besoksrutin.md"
V1 = "SAK-RUT-901/v1.0"
SUMMARY = ("{errors} errors, {warnings} warnings in the record of {versions} approved versions of {documents} "
           "documents\n")


def put_version(repo: Path, version: str) -> None:
    for language in ("sv", "en"):
        target = repo / "docs" / language / ROUTINE
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(HISTORY_FIXTURE / f"v{version}" / language / ROUTINE, target)


@pytest.fixture
def record(repo):
    """The scratch repository with the project's roles, and a way to commit one hostile case into it."""
    (repo / "data").mkdir()
    shutil.copy2(REPO / "data" / "roles.yml", repo / "data" / "roles.yml")

    def commit(case: str, version: str | None = "1.0", tag: str | None = None) -> str:
        folder = CASES / case
        if version:
            put_version(repo, version)
        if (folder / "tree").is_dir():
            overlay(repo, folder / "tree")
        message = next(folder.glob("message*.txt"))
        encoding = message.suffixes[0][1:] if len(message.suffixes) == 2 else None
        commit = gitrepo.commit_message_file(repo, message, encoding)
        if tag:
            gitrepo.tag(repo, tag, "Besöksrutin")
        return commit

    commit.repo = repo
    return commit


def check(repo: Path) -> subprocess.CompletedProcess:
    """`python -m policysite.history`, the history step of `make check`."""
    result = subprocess.run([sys.executable, "-m", "policysite.history", "--root", str(repo)], cwd=repo,
                            capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stdout + result.stderr
    return result


ROLES = frozenset(load_roles(REPO / "data" / "roles.yml"))


def versions(repo: Path) -> list[tuple[str, str, str, str | None]]:
    history = load_history(open_repository(repo), "docs", ROLES)
    return [(v.tag, v.commit, v.decision.approved_by, v.decision.case_number)
            for every in history.versions.values() for v in every]


# --- Trailers are read by Git's own parser: prose in the trailer paragraph does not hide the decision -------------

@pytest.mark.parametrize("case", ["trailers/squash-prose", "trailers/squash-folded", "trailers/cherry-picked"])
def test_a_decision_among_prose_and_other_trailers_is_read(record, case):
    commit = record(case, tag=V1)
    result = check(record.repo)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == SUMMARY.format(errors=0, warnings=0, versions=1, documents=1)
    assert versions(record.repo) == [(V1, commit, "regiondirektor", "RS 2024/101")]


# --- A `Decision:` line Git does not read as a trailer is an error naming the commit, never silence --------------

@pytest.mark.parametrize("case, line", [
    ("unread/decision-in-body", 3),  # a paragraph follows the trailers
    ("unread/prose-majority", 10),  # under 25 % of the last paragraph are trailers
    ("unread/subject-only", 1),  # `git commit -m "Decision: …"`: a subject is never a trailer
])
def test_a_decision_line_git_does_not_read_is_an_error_naming_the_commit(record, case, line):
    commit = record(case)
    subject = (CASES / case / "message.txt").read_text(encoding="utf-8").split("\n", 1)[0]
    result = check(record.repo)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f'commit {commit[:7]}:{line}: "{subject}": Git does not read `Decision: {V1}; regiondirektor; 2024-03-12; '
        f"RS 2024/101` as a trailer, so this approval is not recorded — put the `Decision:`/`Correction:` and `Change-type:` lines "
        f"together in the message's last paragraph, with no text after them (`git interpret-trailers --parse` shows "
        f"what Git reads); amend the commit before it is shared, or record the decision again in a new commit",
        unrecorded("docs/sv/besoksrutin.md", 7, "SAK-RUT-901", "1.0")]
    assert result.stdout == SUMMARY.format(errors=1, warnings=1, versions=0, documents=0)


def test_an_unread_decision_recorded_again_later_no_longer_locks_the_build(record):
    unread = record("unread/decision-in-body")
    fixed = record("trailers/squash-prose", tag=V1)
    result = check(record.repo)
    assert result.returncode == 0
    assert result.stderr == (
        f'commit {unread[:7]}:3: warning: "Besöksrutin 1.0": Git does not read `Decision: {V1}; regiondirektor; '
        f"2024-03-12; RS 2024/101` as a trailer, so this approval is not recorded — nothing to do: commit "
        f"{fixed[:7]} records {V1}\n")
    assert versions(record.repo) == [(V1, fixed, "regiondirektor", "RS 2024/101")]


# --- Commit messages in any encoding ------------------------------------------------------------------------------

def test_a_message_declared_in_latin1_is_read_as_what_it_says(record):
    commit = record("encoding/latin1-declared", tag=V1)
    result = check(record.repo)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == SUMMARY.format(errors=0, warnings=0, versions=1, documents=1)
    assert commits(open_repository(record.repo))[0].subject == "Besöksrutin 1.0: åtgärder"
    assert versions(record.repo) == [(V1, commit, "regiondirektor", "RS 2024/101")]


def test_bytes_in_a_message_that_names_no_encoding_are_read_as_git_reads_them(record):
    """Git reads a message that is not UTF-8 and names no encoding as Latin-1; so do we, silently like Git."""
    commit = record("encoding/undeclared-bytes", tag=V1)
    result = check(record.repo)
    assert (result.returncode, result.stderr) == (0, "")
    assert commits(open_repository(record.repo))[0].subject == "Besöksrutin 1.0 ÿþ"
    assert versions(record.repo) == [(V1, commit, "regiondirektor", "RS 2024/101")]


def test_a_decision_in_a_message_git_cannot_re_encode_is_read_with_a_warning_naming_the_commit(record):
    """A message that names an encoding Git does not know (here "klingon") comes out as its raw bytes."""
    commit = record("encoding/unknown-encoding", tag=V1)
    result = check(record.repo)
    assert result.returncode == 0
    assert result.stderr == (
        f'commit {commit[:7]}:1: warning: "Bes\ufffdksrutin 1.0 \ufffd\ufffd": Git cannot give this commit message '
        f"as UTF-8, so the bytes that are not UTF-8 are read as \ufffd — check that the Decision trailer reads as "
        f"intended; write commit messages in UTF-8 (git's default)\n")
    assert versions(record.repo) == [(V1, commit, "regiondirektor", "RS 2024/101")]


def test_a_later_message_that_is_not_utf8_breaks_nothing(record, tmp_path):
    approval = record("trailers/squash-prose", tag=V1)
    record("encoding/invalid-bytes-later", version=None)
    result = check(record.repo)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == SUMMARY.format(errors=0, warnings=0, versions=1, documents=1)
    assert versions(record.repo) == [(V1, approval, "regiondirektor", "RS 2024/101")]


# --- Old versions are read with the check's own parser: CRLF, quoted values, comments ------------------------------

@pytest.mark.parametrize("case", ["pages/crlf", "pages/quoted-id", "pages/quoted-crlf-comment"])
def test_an_approved_page_the_check_accepts_is_read_from_git_the_same_way(record, case):
    commit = record(case, tag=V1)
    result = check(record.repo)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == SUMMARY.format(errors=0, warnings=0, versions=1, documents=1)
    history = load_history(open_repository(record.repo), "docs", ROLES)
    [version] = history.of("SAK-RUT-901")
    assert (version.commit, version.version, str(version.decision.approved)) == (commit, "1.0", "2024-03-12")
    assert "\r" not in version.texts["sv"] and "Besöksbrickan lämnas tillbaka vid utgången." in version.texts["sv"]


def test_an_old_file_in_another_encoding_with_a_bom_and_crlf_is_read_without_a_crash(record):
    commit = record("files/bom-crlf-latin1-page", version=None)
    repository = open_repository(record.repo)
    expected = "---\nid: SAK-INF-901\ntitle: Bes\ufffdk\n---\n\n# Bes\ufffdk\n"
    with FileReader(repository) as reader:
        assert reader.read(commit, "docs/sv/besok.md") == expected
    assert repository.show(commit, "docs/sv/besok.md") == expected


# --- A decision on an id no page has names the commit, and what is really there -------------------------------------

FIX_ID = ("write the id of the approved document in the Decision trailer, with the page that has that id in the "
          "same commit; amend the commit before it is shared, or record the decision again in a new commit")


@pytest.mark.parametrize("case, document_id", [("unknown-id/no-such-page", "SAK-RUT-999"),
                                               ("unknown-id/typo", "SAK-RUT-091")])
def test_a_decision_on_an_id_no_page_has_names_the_commit(record, case, document_id):
    commit = record(case)
    result = check(record.repo)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f'commit {commit[:7]}:3: "Besöksrutin 1.0" approves {document_id}/v1.0, but no page in docs/sv has id '
        f"{document_id} at this commit — {FIX_ID}",
        # The routine the commit did approve is reported too: approved, but with no record.
        "docs/sv/besoksrutin.md:7: warning: SAK-RUT-901 version 1.0 is approved, but no commit in Git records the "
        "decision, so the site would show no history for it — record it with `make approve ID=SAK-RUT-901 "
        "VERSION=1.0 BODY=… DATE=… CASE=… TYPE=…`, which commits the `Decision: SAK-RUT-901/v1.0` trailer and tags "
        "it (CONTRIBUTING.md); a squashed or imported history must keep those commits"]
    assert f"tag {document_id}" not in result.stderr  # no tag exists: the message names none


def test_a_decision_on_an_id_two_pages_have_names_both(record):
    commit = record("unknown-id/two-pages")
    result = check(record.repo)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f'commit {commit[:7]}:3: "Besöksrutin 1.0 och en kopia" approves {V1}, but 2 pages '
        f"(docs/sv/besoksrutin-kopia.md, docs/sv/besoksrutin.md) in docs/sv have id SAK-RUT-901 at this commit — "
        f"{FIX_ID}")


# --- An approved governing document without a record: a warning in `make check`, an error when publishing ----------

def unrecorded(path: str, line: int, document_id: str, version: str, kind: str = "warning: ") -> str:
    tag = f"{document_id}/v{version}"
    return (f"{path}:{line}: {kind}{document_id} version {version} is approved, but no commit in Git records the "
            f"decision, so the site would show no history for it — record it with `make approve ID={document_id} "
            f"VERSION={version} BODY=… DATE=… CASE=… TYPE=…`, which commits the `Decision: {tag}` trailer and tags "
            f"it (CONTRIBUTING.md); a squashed or imported history must keep those commits")


def test_a_squashed_history_warns_for_each_approved_document_in_the_check(record):
    record("unrecorded/squashed")
    result = check(record.repo)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [unrecorded("docs/sv/besoksrutin.md", 7, "SAK-RUT-901", "1.0")]
    assert result.stdout == SUMMARY.format(errors=0, warnings=1, versions=0, documents=0)


def test_an_imported_version_without_its_decision_warns_though_older_ones_are_recorded(record):
    record("trailers/squash-prose", tag=V1)
    record("unrecorded/imported-version", version="2.0")
    result = check(record.repo)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [unrecorded("docs/sv/besoksrutin.md", 7, "SAK-RUT-901", "2.0")]
    assert result.stdout == SUMMARY.format(errors=0, warnings=1, versions=1, documents=1)


def test_the_project_squashed_into_one_commit_warns_in_the_check_and_cannot_be_published(project_copy, tmp_path):
    """project_copy is the project in one commit without trailers: a squashed or imported history."""
    expected = [unrecorded("docs/sv/sakerhetspolicy.md", 7, "SAK-POL-001", "2.0")]
    assert [line.split(":", 2)[1] for line in expected] == [
        str(next(n for n, text in enumerate((project_copy / path).read_text(encoding="utf-8").splitlines(), 1)
                 if text.startswith("version:")))
        for path in ("docs/sv/sakerhetspolicy.md",)]
    result = check(project_copy)
    assert result.returncode == 0
    assert result.stderr.splitlines() == expected

    published = build(project_copy, tmp_path / "site", POLICYSITE_PUBLISH="1")
    assert published.returncode == 1
    assert "Traceback" not in published.stdout + published.stderr
    for line in expected:
        assert line.replace(": warning: ", ": ") in published.stderr
    assert not (tmp_path / "site" / "index.html").exists()
