"""`make correct` / `python -m policysite.correct` on scratch Git repositories (conftest.recorded_revision: the test
routine's 2.1 recorded by `approve`): a withdrawal and a correction of facts are new commits with the Correction
trailer that the history reads back; every kind of bad input is refused and changes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import gitrepo
from conftest import ROUTINE, repository_state, run_make, with_make
from policysite import correct
from policysite.data import load_roles
from policysite.history.git import open_repository
from policysite.history.record import WITHDRAWN, load_history
from policysite.model import PartialDate

SV = f"docs/sv/{ROUTINE}"


def history_of(project: Path):
    return load_history(open_repository(project), "docs", frozenset(load_roles(project / "data" / "roles.yml")))


def test_a_withdrawal_is_a_new_commit_and_the_page_becomes_a_draft(recorded_revision):
    project = recorded_revision
    approval = gitrepo.git(project, "rev-parse", "HEAD").strip()
    page = (project / SV).read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "policysite.correct", "SAK-RUT-901", "2.1", "--withdraw",
                             "--reason", "Registrerades av misstag.", "--reason-en", "Recorded in error."],
                            cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    head = gitrepo.git(project, "rev-parse", "HEAD").strip()
    assert result.stdout == (
        "Withdrew the decision SAK-RUT-901/v2.1: Registrerades av misstag.\n"
        f"  commit {head[:7]} Rutin för besök 2.1: beslutet återkallas\n"
        f"  files  {SV}\n"
        "Nothing is pushed. Push the record with:\n"
        "  git push origin main\n"
        f"Note: {SV} is a draft now (status: draft); version 2.0 is the last decision that stands: to show it as in "
        f"force again, restore its text (git show SAK-RUT-901/v2.0:{SV})\n")
    assert gitrepo.git(project, "rev-parse", "HEAD^").strip() == approval
    assert gitrepo.git(project, "log", "-1", "--format=%B").rstrip("\n") == (
        "Rutin för besök 2.1: beslutet återkallas\n\n"
        "Correction: SAK-RUT-901/v2.1; withdrawn; Registrerades av misstag.; en: Recorded in error.")
    assert gitrepo.git(project, "show", "--format=", "--name-only", "HEAD").split() == [SV]
    # The page is a draft, without the facts of a decision that was never taken; nothing else changed.
    assert (project / SV).read_text(encoding="utf-8") == page.replace("status: approved\n", "status: draft\n").replace(
        "approved_by: regionstyrelsen\napproved: 2026-05-12\ncase_number: RS 2026/123\n", "")
    history = history_of(project)
    [withdrawal] = history.withdrawn("SAK-RUT-901")
    assert (withdrawal.version, withdrawal.kind, withdrawal.reasons, withdrawal.commit) == (
        "2.1", WITHDRAWN, {"sv": "Registrerades av misstag.", "en": "Recorded in error."}, head)
    assert [v.version for v in history.of("SAK-RUT-901")] == ["1.0", "2.0"]
    assert history.errors == []

    # A withdrawn number is never used again, and a decision is withdrawn once.
    before = repository_state(project)
    again = subprocess.run([sys.executable, "-m", "policysite.approve", "SAK-RUT-901", "2.1", "--body",
                            "regionstyrelsen", "--date", "2026-05-20", "--case", "unknown", "--type", "substantive"],
                           cwd=project, capture_output=True, text=True, timeout=300)
    assert (again.returncode, again.stderr.splitlines()) == (1, [
        "approve: the tag SAK-RUT-901/v2.1 already exists — a version is recorded once; if this is a new decision, "
        "give it a new version",
        "approve: version 2.1 is not higher than 2.1, the highest version of SAK-RUT-901 ever recorded (withdrawn "
        "ones included) — a version number is never used twice; give the revision a new one, e.g. 2.2, in the "
        "page's 'version:' and here"])
    assert correct.main(["SAK-RUT-901", "2.1", "--withdraw", "--reason", "Igen.", "--root", str(project)]) == 1
    assert repository_state(project) == before


def test_make_correct_corrects_the_facts_of_the_page_and_the_record(recorded_revision):
    project = with_make(recorded_revision)
    with open(project / ".git" / "info" / "exclude", "a", encoding="utf-8") as exclude:
        exclude.write(".venv\n")
    page = (project / SV).read_text(encoding="utf-8")
    result = run_make(project, "correct", "ID=SAK-RUT-901", "VERSION=2.1", "BODY=regionfullmaktige",
                      "DATE=2026-05-11", "CASE=RF 2026/9", "REASON=Fel organ registrerades.",
                      "REASON_EN=The wrong body was recorded.")
    assert result.returncode == 0, result.stdout + result.stderr
    assert gitrepo.git(project, "log", "-1", "--format=%(trailers:only)").strip() == (
        "Correction: SAK-RUT-901/v2.1; regionfullmaktige; 2026-05-11; RF 2026/9; Fel organ registrerades.; "
        "en: The wrong body was recorded.")
    assert (project / SV).read_text(encoding="utf-8") == page.replace(
        "approved_by: regionstyrelsen\napproved: 2026-05-12\ncase_number: RS 2026/123\n",
        "approved_by: regionfullmaktige\napproved: 2026-05-11\ncase_number: RF 2026/9\n")
    decided = history_of(project).of("SAK-RUT-901")[-1]
    assert (decided.version, decided.decision.approved_by, decided.decision.approved, decided.decision.case_number,
            len(decided.corrections)) == ("2.1", "regionfullmaktige", PartialDate(2026, 5, 11), "RF 2026/9", 1)


def test_correcting_an_earlier_version_changes_no_page(recorded_revision, capsys):
    project = recorded_revision
    pages = {path: path.read_bytes() for path in (project / "docs").rglob("*.md")}
    assert correct.main(["SAK-RUT-901", "2.0", "--body", "regiondirektor", "--date", "2025-01-20", "--case",
                         "RS 2025/7", "--reason", "Diarienumret saknades.", "--root", str(project)]) == 0
    assert f"  files  (none changed)\n" in capsys.readouterr().out
    assert gitrepo.git(project, "show", "--format=", "--name-only", "HEAD").strip() == ""
    assert {path: path.read_bytes() for path in (project / "docs").rglob("*.md")} == pages
    history = history_of(project)
    earlier = history.of("SAK-RUT-901")[-2]
    assert (earlier.version, earlier.decision.approved, earlier.decision.case_number) == (
        "2.0", PartialDate(2025, 1, 20), "RS 2025/7")
    assert history.corrections[-1].reasons == {"sv": "Diarienumret saknades."} and history.errors == []


def dirty(project: Path) -> None:
    (project / SV).write_text((project / SV).read_text(encoding="utf-8") + "\nMer text.\n", encoding="utf-8")


REASON = ["--reason", "Fel."]
REFUSALS = {
    "unrecorded version": (None, ["2.2", "--withdraw", *REASON], [
        "no commit records SAK-RUT-901/v2.2 with a Decision trailer — name a recorded decision (`python -m "
        "policysite.history` checks the record; `git log --grep='Decision: SAK-RUT-901/'` lists them)"]),
    "no reason": (None, ["2.1", "--withdraw"], [
        "the reason is missing — give the reason readers and auditors will see, in Swedish (REASON=…) and, if you "
        "can, in English (REASON_EN=…), each on one line"]),
    "English inside the Swedish reason": (None, ["2.1", "--withdraw", "--reason", "Fel; en: Wrong"], [
        "the reason contains '; en:', which the trailer reads as the start of the English reason — give the "
        "English reason on its own (REASON_EN=…, --reason-en)"]),
    "withdrawal with facts": (None, ["2.1", "--withdraw", "--body", "regionstyrelsen", *REASON], [
        "a withdrawal takes no decision body, date or case number — give either WITHDRAW=1 (--withdraw) or the "
        "corrected BODY, DATE and CASE"]),
    "neither": (None, ["2.1", *REASON], [
        "neither a withdrawal nor corrected facts are given — give WITHDRAW=1 (--withdraw) to withdraw the "
        "decision, or BODY, DATE and CASE with the facts as they should have been recorded"]),
    "the same facts": (None, ["2.1", "--body", "regionstyrelsen", "--date", "2026-05-12", "--case", "RS 2026/123",
                              *REASON], [
        "the record of SAK-RUT-901/v2.1 already says regionstyrelsen, 2026-05-12, RS 2026/123 — there is nothing "
        "to correct; give the facts as they should have been recorded"]),
    "unknown body": (None, ["2.1", "--body", "styrelsen", "--date", "2026-05-12", "--case", "unknown", *REASON], [
        "the decision body 'styrelsen' is not a role in data/roles.yml — use the role key of the body that decided: "
        "den-som-anlitar, forvaltningschef, landstingsfullmaktige, medarbetare, narmaste-chef, regiondirektor, "
        "regionfullmaktige, regionstyrelsen, regionstyrelsens-arbetsutskott, sakerhetschef"]),
    "future date": (None, ["2.1", "--body", "regionstyrelsen", "--date", "2026-07", "--case", "unknown", *REASON], [
        "the decision date 2026-07 is after today (2026-06-01) — record a decision once it is taken, with the "
        "date it was taken"]),
    "changes in the tree": (dirty, ["2.1", "--withdraw", *REASON], [
        f"the working tree has changes: {SV} — commit them, or put them aside (git stash --include-untracked), so "
        "that the correction commits only the record and the facts it sets on the page; `git status` lists them"]),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_each_bad_correction_is_refused_and_changes_nothing(case, recorded_revision, capsys):
    setup, args, expected = REFUSALS[case]
    if setup:
        setup(recorded_revision)
    capsys.readouterr()
    before = repository_state(recorded_revision)
    assert correct.main(["SAK-RUT-901", *args, "--root", str(recorded_revision)]) == 1
    output = capsys.readouterr()
    assert (output.out, output.err.splitlines()) == ("", [f"correct: {line}" for line in expected])
    assert repository_state(recorded_revision) == before
