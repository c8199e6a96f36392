"""`make approve` / `python -m policysite.approve` on scratch Git repositories (conftest.registrar): a decision is
recorded as one commit and an annotated tag that the history reads back and the built site shows, and every
kind of bad input is refused with its message, leaving the repository exactly as it was."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import gitrepo
from conftest import ROUTINE, build, repository_state, run_make, with_make
from helpers import edit, normalise_space
from policysite import approve
from policysite.data import load_roles
from policysite.history.git import open_repository
from policysite.history.record import load_history
from policysite.model import PartialDate
from policysite.recording.frontmatter_edit import REMOVE

GOOD = ["SAK-RUT-901", "2.1", "--body", "regionstyrelsen", "--date", "2026-05-12", "--case", "RS 2026/123",
        "--type", "substantive"]
SV, EN = f"docs/sv/{ROUTINE}", f"docs/en/{ROUTINE}"


def run_approve(project: Path, *args: str) -> subprocess.CompletedProcess:
    """The command as a registrar runs it, from the project's folder."""
    return subprocess.run([sys.executable, "-m", "policysite.approve", *args], cwd=project, capture_output=True,
                          text=True, timeout=300)


def history_of(project: Path):
    roles = frozenset(load_roles(project / "data" / "roles.yml"))
    return load_history(open_repository(project), "docs", roles)


def test_a_decision_is_one_commit_and_an_annotated_tag_that_the_history_reads_back(registrar):
    before = gitrepo.git(registrar, "rev-parse", "HEAD").strip()
    prepared = {path: (registrar / path).read_text(encoding="utf-8") for path in (SV, EN)}
    result = run_approve(registrar, *GOOD)
    assert result.returncode == 0, result.stderr
    head = gitrepo.git(registrar, "rev-parse", "HEAD").strip()
    assert result.stdout == (
        "Recorded the decision SAK-RUT-901/v2.1: regionstyrelsen, 2026-05-12, RS 2026/123, substantive.\n"
        f"  commit {head[:7]} Rutin för besök 2.1: Besökare bär besöksbrickan synligt.\n"
        "  tag    SAK-RUT-901/v2.1 (annotated)\n"
        f"  files  {SV}, {EN}\n"
        "Nothing is pushed. Push the record with:\n"
        "  git push origin main SAK-RUT-901/v2.1\n")
    # One commit on the branch, with only the two pages and the message the convention asks for.
    assert gitrepo.git(registrar, "rev-parse", "HEAD^").strip() == before
    assert gitrepo.git(registrar, "show", "--format=", "--name-only", "HEAD").split() == [EN, SV]
    assert gitrepo.git(registrar, "log", "-1", "--format=%B").rstrip("\n") == (
        "Rutin för besök 2.1: Besökare bär besöksbrickan synligt.\n\n"
        "Decision: SAK-RUT-901/v2.1; regionstyrelsen; 2026-05-12; RS 2026/123\n"
        "Change-type: substantive")
    assert gitrepo.git(registrar, "status", "--porcelain").strip() == ""
    # The annotated tag, on that commit.
    assert gitrepo.git(registrar, "cat-file", "-t", "SAK-RUT-901/v2.1").strip() == "tag"
    assert gitrepo.git(registrar, "rev-parse", "SAK-RUT-901/v2.1^{commit}").strip() == head
    tag_message = gitrepo.git(registrar, "tag", "-l", "--format=%(contents)", "SAK-RUT-901/v2.1")
    assert tag_message.strip() == "Rutin för besök 2.1"
    # The Swedish front matter says the decision; comment, order and body are kept; the English page is as prepared.
    assert (registrar / SV).read_text(encoding="utf-8") == prepared[SV].replace(
        "status: draft\n", "status: approved\n").replace(
        "approved_by: regiondirektor\napproved: 2025-01\ncase_number: ~\n",
        "approved_by: regionstyrelsen\napproved: 2026-05-12\ncase_number: RS 2026/123\n")
    assert (registrar / EN).read_text(encoding="utf-8") == prepared[EN]
    # The history's own reader finds the same decision, and nothing wrong with the record.
    history = history_of(registrar)
    recorded = history.of("SAK-RUT-901")[-1]
    decision = recorded.decision
    assert (recorded.id, recorded.version, decision.approved_by, decision.approved, decision.case_number,
            recorded.change_type, recorded.commit) == ("SAK-RUT-901", "2.1", "regionstyrelsen",
                                                       PartialDate(2026, 5, 12), "RS 2026/123", "substantive", head)
    assert history.errors == [] and history.warnings == []


def test_the_built_site_shows_the_recorded_decision(registrar, tmp_path):
    assert run_approve(registrar, *GOOD).returncode == 0
    result = build(registrar, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = BeautifulSoup((tmp_path / "site" / "besoksrutin" / "index.html").read_text(encoding="utf-8"), "html.parser")
    first = [normalise_space(cell.get_text(" ")) for cell in page.select("section.policy-history tbody tr")[0]
             .find_all(["th", "td"])]
    assert first[:3] == ["2.1 gällande Saklig ändring",
                         "Beslutsdatum: 12 maj 2026 Beslutande organ: Regionstyrelsen Diarienummer: RS 2026/123 "
                         "registrerad här 13 maj 2026",
                         "Besökare bär besöksbrickan synligt."]
    metadata = normalise_space(page.select_one("aside.policy-meta").get_text(" "))
    assert "Fastställd av Regionstyrelsen Beslutsdatum 12 maj 2026" in metadata


def test_make_approve_records_the_decision(registrar):
    with_make(registrar)
    with open(registrar / ".git" / "info" / "exclude", "a", encoding="utf-8") as exclude:
        exclude.write(".venv\n")  # the linked environment is no change of the registrar's
    # record_approvals committed the prepared draft too: approve then changes only the Swedish front matter.
    assert gitrepo.git(registrar, "status", "--porcelain") == ""
    result = run_make(registrar, "approve", "ID=SAK-RUT-901", "VERSION=2.1", "BODY=regionstyrelsen",
                      "DATE=2026-05", "CASE=unknown", "TYPE=editorial")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "git push origin main SAK-RUT-901/v2.1" in result.stdout
    assert gitrepo.git(registrar, "log", "-1", "--format=%(trailers:only)").strip() == (
        "Decision: SAK-RUT-901/v2.1; regionstyrelsen; 2026-05; unknown\nChange-type: editorial")
    recorded = history_of(registrar).of("SAK-RUT-901")[-1]
    assert (recorded.version, recorded.decision.approved, recorded.decision.case_number, recorded.change_type) == (
        "2.1", PartialDate(2026, 5), None, "editorial")


# --- Refusals: each bad input, its message (stderr), exit status 1, and the repository as it was ------------

HOW_TO_CHECK = "fix what is listed above (`make check`), then run it again"


def args_with(**changes: str) -> list[str]:
    args = list(GOOD)
    for name, value in changes.items():
        if name in ("id", "version"):
            args[0 if name == "id" else 1] = value
        else:
            args[args.index(f"--{name}") + 1] = value
    return args


def lagging_translation(project: Path) -> None:
    edit(project / EN, 'translation_of_version: "2.1"', 'translation_of_version: "2.0"')


def other_change(project: Path) -> None:
    (project / "data" / "roles.yml").write_text((project / "data" / "roles.yml").read_text(encoding="utf-8") + "\n",
                                                encoding="utf-8")
    (project / "docs" / "sv" / "ny.md").write_text("utkast\n", encoding="utf-8")


def staged_change(project: Path) -> None:
    (project / "notes.txt").write_text("x\n", encoding="utf-8")
    gitrepo.git(project, "add", "notes.txt")


def detached(project: Path) -> None:
    gitrepo.git(project, "checkout", "--quiet", "--detach")


def no_identity(project: Path, monkeypatch) -> None:
    for name in gitrepo.IDENTITY:
        monkeypatch.delenv(name)


def existing_tag(project: Path) -> None:
    gitrepo.git(project, "tag", "SAK-RUT-901/v2.1")


def lower_version(project: Path) -> None:
    edit(project / SV, 'version: "2.1"', 'version: "1.5"')
    edit(project / EN, 'translation_of_version: "2.1"', 'translation_of_version: "1.5"')


def retired(project: Path) -> None:
    edit(project / SV, "status: draft", "status: retired")


def summary_in_force(project: Path) -> None:
    """The owner forgot to write what 2.1 changes: the Swedish page keeps 2.0's summary (at 2.0's approval commit)."""
    edit(project / SV, "change_summary: Besökare bär besöksbrickan synligt.",
         "change_summary: Besökare registreras digitalt och hämtas av sin värd.")


def english_summary_in_force(project: Path) -> None:
    """The English page keeps 2.0's summary, wrapped differently (spacing is no change)."""
    edit(project / EN, "change_summary: Visitors wear their badge visibly.",
         "change_summary: >\n  Visitors are registered digitally\n  and collected by their host.")


def heading_differs(project: Path) -> None:
    edit(project / SV, "\n# Rutin för besök\n", "\n# Rutin för besökare\n")


REFUSALS = {
    "unknown id": (None, args_with(id="SAK-RUT-999"), [
        "no page in docs/sv has the id SAK-RUT-999 — give the id of an existing document "
        "(docs/sv/dokumentoversikt.md lists them)"]),
    "malformed id": (None, args_with(id="sak-rut-901"), [
        "the document id 'sak-rut-901' is not an id — give the id of the document's front matter, e.g. "
        "ID=SAK-POL-001"]),
    "information page": (None, args_with(id="SAK-INF-030", version="1.0"), [
        "the working tree has changes besides the document's pages: docs/en/besoksrutin.md, docs/sv/besoksrutin.md "
        "— commit them, or put them aside (git stash --include-untracked), so that the record commits only the "
        "document; `git status` lists them",
        "SAK-INF-030 is information, which no decision adopts (status published) — only a policy, guideline, "
        "routine is approved; a text that needs a decision is one of those (type: in docs/sv/sakerhetsprocessen.md)"]),
    "retired document": (retired, GOOD, [
        "SAK-RUT-901 is retired — if the decision brings it back, set 'status: draft' in docs/sv/besoksrutin.md and "
        "run it again"]),
    "unknown body": (None, args_with(body="styrelsen"), [
        "the decision body 'styrelsen' is not a role in data/roles.yml — use the role key of the body that decided: "
        "den-som-anlitar, forvaltningschef, medarbetare, narmaste-chef, regiondirektor, regionfullmaktige, "
        "regionstyrelsen, regionstyrelsens-arbetsutskott, sakerhetschef"]),
    "former body": (None, args_with(body="landstingsfullmaktige"), [
        "the decision body 'landstingsfullmaktige' no longer exists (historical in data/roles.yml) — a new decision "
        "is taken by its successor regionfullmaktige; a past decision's facts are corrected with `make correct`"]),
    "malformed date": (None, args_with(date="12 maj 2026"), [
        "the decision date '12 maj 2026' is not a date — give it as YYYY-MM-DD (YYYY-MM if the record gives only "
        "the month, or unknown if it gives none), e.g. DATE=2026-05-12"]),
    "impossible date": (None, args_with(date="2026-02-30"), [
        "the decision date '2026-02-30' is not a date — give it as YYYY-MM-DD (YYYY-MM if the record gives only "
        "the month, or unknown if it gives none), e.g. DATE=2026-05-12"]),
    "future date": (None, args_with(date="2026-06-02"), [
        "the decision date 2026-06-02 is after today (2026-06-01) — record a decision once it is taken, with the "
        "date it was taken"]),
    "date before the version in force": (None, args_with(date="2024-12-20"), [
        "the decision date 2024-12-20 is before 2025-01, the date of version 2.0 in force — give the date the body "
        "took this decision"]),
    # One run names every mistake in the inputs: the malformed ones and what the roles and the day show.
    "several mistakes at once": (None, args_with(case=" ", body="styrelsen", date="2026-06-02"), [
        "the case number is missing — give the decision's case number (diarienummer), e.g. CASE=\"RS 2026/123\", "
        "or CASE=unknown if the record gives none",
        "the decision date 2026-06-02 is after today (2026-06-01) — record a decision once it is taken, with the "
        "date it was taken",
        "the decision body 'styrelsen' is not a role in data/roles.yml — use the role key of the body that decided: "
        "den-som-anlitar, forvaltningschef, medarbetare, narmaste-chef, regiondirektor, regionfullmaktige, "
        "regionstyrelsen, regionstyrelsens-arbetsutskott, sakerhetschef"]),
    "empty case number": (None, args_with(case=" "), [
        "the case number is missing — give the decision's case number (diarienummer), e.g. CASE=\"RS 2026/123\", "
        "or CASE=unknown if the record gives none"]),
    "case number with a semicolon": (None, args_with(case="RS 2026/1; RS 2026/2"), [
        "the case number 'RS 2026/1; RS 2026/2' has a ';', a line break or a control character, which the Decision "
        "trailer cannot hold — give the decision's case number (diarienummer), e.g. CASE=\"RS 2026/123\", or "
        "CASE=unknown if the record gives none"]),
    "malformed version": (None, args_with(version="2.1.0"), [
        "the version '2.1.0' is not MAJOR.MINOR — give the version decided, e.g. VERSION=2.1"]),
    "version not higher": (lower_version, args_with(version="1.5"), [
        "version 1.5 is not higher than 2.0, the highest version of SAK-RUT-901 ever recorded (withdrawn ones "
        "included) — a version number is never used twice; give the revision a new one, e.g. 2.1, in the page's "
        "'version:' and here"]),
    "version not the page's": (None, args_with(version="2.2"), [
        "docs/sv/besoksrutin.md says version 2.1, not 2.2 — the owner sets 'version: \"2.2\"' when preparing the "
        "revision, with the text that was decided; give the version the body decided"]),
    "change type": (None, args_with(type="major"), [
        "the change type 'major' is not one of editorial, substantive — TYPE=substantive if the version changes "
        "what the document requires or states, TYPE=editorial for language, structure or references"]),
    "tag exists": (existing_tag, GOOD, [
        "the tag SAK-RUT-901/v2.1 already exists — a version is recorded once; if this is a new decision, give it "
        "a new version"]),
    "other changes": (other_change, GOOD, [
        "the working tree has changes besides the document's pages: data/roles.yml, docs/sv/ny.md — commit them, "
        "or put them aside (git stash --include-untracked), so that the record commits only the document; "
        "`git status` lists them"]),
    "staged change": (staged_change, GOOD, [
        "the working tree has changes besides the document's pages: notes.txt — commit them, or put them aside "
        "(git stash --include-untracked), so that the record commits only the document; `git status` lists them"]),
    "lagging translation": (lagging_translation, GOOD, [
        "docs/en/besoksrutin.md translates version 2.0, not 2.1 — update the translation to the decided text and "
        "set 'translation_of_version: \"2.1\"' in it"]),
    "detached HEAD": (detached, GOOD, [
        "HEAD is detached, so the record would be on no branch — check out the branch the decision belongs on "
        "(git switch main), then run it again"]),
    "no identity": (no_identity, GOOD, [
        "Git does not know who records the decision (fatal: no email was given and auto-detection is disabled) — "
        "set your name and e-mail address: git config user.name \"…\" and git config user.email \"…\""]),
    "Swedish summary of the version in force": (summary_in_force, GOOD, [
        "docs/sv/besoksrutin.md has the change_summary of version 2.0 in force ('Besökare registreras digitalt och "
        "hämtas av sin värd.'), so it does not say what 2.1 changes — write in its 'change_summary:' what version "
        "2.1 changes, on one line in the page's language"]),
    "English summary of the version in force": (english_summary_in_force, GOOD, [
        "docs/en/besoksrutin.md has the change_summary of version 2.0 in force ('Visitors are registered "
        "digitally and collected by their host.'), so it does not say what 2.1 changes — write in its "
        "'change_summary:' what version 2.1 changes, on one line in the page's language"]),
    "check fails on the result": (heading_differs, GOOD, [
        "docs/sv/besoksrutin.md:17: the H1 'Rutin för besökare' differs from the title 'Rutin för besök' — make "
        "the H1 and the front-matter title identical",
        f"approve: the check finds 1 error in the result, so nothing was recorded and the pages are as they were — "
        f"{HOW_TO_CHECK}"]),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_each_bad_input_is_refused_and_changes_nothing(case, registrar, capsys, monkeypatch):
    setup, args, expected = REFUSALS[case]
    if setup is no_identity:
        setup(registrar, monkeypatch)
    elif setup:
        setup(registrar)
    before = repository_state(registrar)
    assert approve.main([*args, "--root", str(registrar)]) == 1
    output = capsys.readouterr()
    assert output.out == ""
    assert output.err.splitlines() == [line if re.match(r"approve: |docs/\S+:\d+: ", line) else f"approve: {line}"
                                       for line in expected]
    assert repository_state(registrar) == before


def test_a_shallow_clone_is_refused_through_the_command(registrar, tmp_path):
    gitrepo.commit_all(registrar, "Utkast 2.1")
    clone = tmp_path / "clone"
    gitrepo.git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{registrar}", str(clone))
    before = repository_state(clone)
    result = run_approve(clone, *GOOD)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "approve: this is a shallow clone, so the history of approved versions is incomplete — run `git fetch "
        "--unshallow --tags` (or clone without --depth), or set POLICYSITE_GIT_FETCH=1 to let the build fetch it"]
    assert repository_state(clone) == before


def test_an_approval_sets_the_decision_and_takes_out_the_last_review():
    """What the Swedish page says once approved (tests/test_recording_frontmatter_edit.py edits with these)."""
    assert approve.approved_values("2.1", "regionstyrelsen", PartialDate(2026, 5, 12), None) == {
        "status": "approved", "version": "2.1", "approved_by": "regionstyrelsen", "approved": PartialDate(2026, 5, 12),
        "case_number": None, "last_reviewed": REMOVE}
