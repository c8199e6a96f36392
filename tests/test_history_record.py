"""Approved versions read from a Git repository that each test makes itself."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import gitrepo
from conftest import approve_routine, put_version
from policysite.history.git import GitError, open_repository
from policysite.history.git import commits
from policysite.history.record import load_history, trailer_lines

ROLES = frozenset({"regiondirektor", "sakerhetschef"})
V1_DECISION = "Decision: SAK-RUT-901/v1.0; regiondirektor; 2024-03-12; RS 2024/101"
V2_DECISION = "Decision: SAK-RUT-901/v2.0; regiondirektor; 2025-01; unknown"


def history_of(repo: Path):
    return load_history(open_repository(repo), "docs", ROLES)


def test_trailers_are_what_git_reads_in_the_last_paragraph(repo):
    gitrepo.commit_all(repo, "Subject\n\nBody text.\n\nDecision: A/v1.0; b; unknown; unknown\nChange-type: editorial\n")
    gitrepo.commit_all(repo, "Subject only: no trailers")
    newest, oldest = commits(open_repository(repo))
    assert trailer_lines(oldest) == [("Decision", "A/v1.0; b; unknown; unknown", 5), ("Change-type", "editorial", 6)]
    assert trailer_lines(newest) == []


def test_two_approved_versions_with_their_decisions_and_texts(repo):
    first = approve_routine(repo, "1.0", V1_DECISION)
    second = approve_routine(repo, "2.0", V2_DECISION)
    history = history_of(repo)
    assert history.findings == []
    versions = history.of("SAK-RUT-901")
    assert [(v.version, v.commit, v.change_type) for v in versions] == [
        ("1.0", first, "substantive"), ("2.0", second, "substantive")]
    old = versions[0].decision
    assert (old.approved_by, str(old.approved), old.case_number) == ("regiondirektor", "2024-03-12", "RS 2024/101")
    assert versions[1].decision.case_number is None
    assert versions[0].documents["en"].change_summary == "The first version of the routine."
    assert "Besöksbrickan lämnas tillbaka vid utgången." in versions[0].texts["sv"]


def test_a_decision_without_its_tag_still_counts_and_warns_with_the_fix(repo):
    commit = approve_routine(repo, "1.0", V1_DECISION, tag=False)
    history = history_of(repo)
    assert history.errors == []
    assert [str(f) for f in history.warnings] == [
        f"commit {commit[:7]}:5: warning: the approval of SAK-RUT-901/v1.0 has no tag in this clone — fetch the tags "
        f"(`git fetch --tags`), or tag the approval: `git tag -a SAK-RUT-901/v1.0 {commit[:7]} -m <summary>`"]
    assert [v.version for v in history.of("SAK-RUT-901")] == ["1.0"]


def test_a_lightweight_tag_is_refused(repo):
    commit = approve_routine(repo, "1.0", V1_DECISION, tag=False)
    gitrepo.tag(repo, "SAK-RUT-901/v1.0", "", annotated=False)
    assert [str(f) for f in history_of(repo).errors] == [
        f"tag SAK-RUT-901/v1.0:1: approval tags must be annotated — recreate it with "
        f"`git tag -a -f SAK-RUT-901/v1.0 {commit[:7]} -m <summary>`"]


def test_a_version_approved_twice_is_refused_at_the_later_commit(repo):
    first = approve_routine(repo, "1.0", V1_DECISION)
    (repo / "docs" / "sv" / "besoksrutin.md").write_text(
        (repo / "docs" / "sv" / "besoksrutin.md").read_text(encoding="utf-8") + "\nEn mening till.\n", encoding="utf-8")
    second = gitrepo.commit_all(repo, f"Besöksrutin 1.0 igen\n\n{V1_DECISION}\nChange-type: editorial")
    assert [str(f) for f in history_of(repo).errors] == [
        f"commit {second[:7]}:3: SAK-RUT-901/v1.0 was already approved in commit {first[:7]} — record a changed "
        f"text as a new version, e.g. SAK-RUT-901/v1.1"]


def test_a_tag_on_a_commit_without_a_decision_is_refused(repo):
    put_version(repo, "1.0")
    commit = gitrepo.commit_all(repo, "Besöksrutin 1.0")
    gitrepo.tag(repo, "SAK-RUT-901/v1.0", "Besöksrutin 1.0")
    assert [str(f) for f in history_of(repo).findings] == [
        f"tag SAK-RUT-901/v1.0:1: the tagged commit {commit[:7]} has no `Decision: SAK-RUT-901/v1.0; …` trailer "
        f"— tag the commit whose message records the decision"]


def test_a_decision_that_contradicts_the_front_matter_is_refused(repo):
    commit = approve_routine(repo, "1.0", "Decision: SAK-RUT-901/v1.0; regiondirektor; 2024-03-13; RS 2024/101")
    assert [str(f) for f in history_of(repo).findings] == [
        f"commit {commit[:7]}:5: SAK-RUT-901/v1.0: the page says approved 2024-03-12, the Decision trailer says "
        f"2024-03-13 — make the front matter and the Decision trailer record the same decision"]


def test_a_malformed_decision_and_a_missing_change_type_are_reported(repo):
    put_version(repo, "1.0")
    commit = gitrepo.commit_all(repo, "Besöksrutin 1.0\n\nDecision: SAK-RUT-901/v1.0 by regiondirektor")
    assert [str(f) for f in history_of(repo).findings] == [
        f"commit {commit[:7]}:3: the Decision trailer 'SAK-RUT-901/v1.0 by regiondirektor' is malformed — write "
        f"`Decision: <id>/v<version>; <decision body role key>; <YYYY-MM-DD, YYYY-MM or unknown>; "
        f"<case number or unknown>`"]
    second = gitrepo.commit_all(repo, "Igen\n\nDecision: SAK-RUT-901/v1.0; regiondirektor; 2024-03-12; RS 2024/101")
    assert f"commit {second[:7]}:3: an approval commit needs `Change-type: editorial | substantive`" in \
        [str(f).split(" — ")[0] for f in history_of(repo).findings]


def test_a_folder_that_is_not_a_repository_is_an_error(tmp_path):
    with pytest.raises(GitError) as error:
        open_repository(tmp_path)
    assert str(error.value) == (f"mkdocs.yml:1: the change history is read from Git, but {tmp_path} is not in a Git "
                                f"repository — build from a clone of the project (git clone <url>), not from a copy "
                                f"of its files")


def shallow_clone(repo: Path, target: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{repo}", str(target)], check=True)
    return target


def test_a_shallow_clone_is_an_error_unless_fetching_is_allowed(repo, tmp_path):
    approve_routine(repo, "1.0", V1_DECISION)
    approve_routine(repo, "2.0", V2_DECISION)
    clone = shallow_clone(repo, tmp_path / "shallow")
    with pytest.raises(GitError) as error:
        open_repository(clone, fetch=False)
    assert str(error.value) == (
        "mkdocs.yml:1: this is a shallow clone, so the history of approved versions is incomplete — run "
        "`git fetch --unshallow --tags` (or clone without --depth), or set POLICYSITE_GIT_FETCH=1 to let the build "
        "fetch it")
    history = load_history(open_repository(clone, fetch=True), "docs", ROLES)
    assert [v.version for v in history.of("SAK-RUT-901")] == ["1.0", "2.0"]


def test_the_command_line_check_reports_each_defect_and_fails(repo, capsys):
    from policysite.history.__main__ import main

    (repo / "data").mkdir()
    shutil.copy2(Path(__file__).parent.parent / "data" / "roles.yml", repo / "data" / "roles.yml")
    approve_routine(repo, "1.0", V1_DECISION)
    assert main(["--root", str(repo)]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings in the record of 1 approved versions of 1 documents\n"
    commit = approve_routine(repo, "2.0", V2_DECISION, tag=False)
    assert main(["--root", str(repo)]) == 0
    output = capsys.readouterr()
    assert output.err.startswith(f"commit {commit[:7]}:5: warning: the approval of SAK-RUT-901/v2.0 has no tag ")
    assert output.out == "0 errors, 1 warnings in the record of 2 approved versions of 1 documents\n"
    gitrepo.tag(repo, "SAK-RUT-901/v2.1", "Besöksrutin 2.1")
    assert main(["--root", str(repo)]) == 1
    output = capsys.readouterr()
    assert f"tag SAK-RUT-901/v2.1:1: the tagged commit {commit[:7]} has no `Decision: SAK-RUT-901/v2.1; …` trailer" in output.err
    assert output.out == "1 errors, 1 warnings in the record of 2 approved versions of 1 documents\n"


@pytest.mark.parametrize("english, problem", [
    ("id: SAK-RUT-901\n", "2: id SAK-RUT-999 differs from the Swedish page's id SAK-RUT-901 — use id: SAK-RUT-901 "
                          "in both languages"),
    (None, "1: the page has no front matter — start the file with '---', the document metadata, and '---'"),
])
def test_a_past_version_is_read_and_checked_as_the_working_tree_is(repo, english, problem):
    """policysite.corpus reads the approval commit's pages: the same steps and checks as a build's."""
    put_version(repo, "1.0")
    page = repo / "docs" / "en" / "besoksrutin.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(english, "id: SAK-RUT-999\n") if english else text.split("---\n", 2)[2],
                    encoding="utf-8")
    commit = gitrepo.commit_all(repo, f"Besöksrutin 1.0\n\nSom beslutat.\n\n{V1_DECISION}\nChange-type: substantive")
    history = history_of(repo)
    assert [str(f) for f in history.errors] == [f"{commit[:7]}:docs/en/besoksrutin.md:{problem}"]
    assert history.of("SAK-RUT-901") == []
