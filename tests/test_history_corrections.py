"""The append-only record: a `Correction:` trailer withdraws or corrects an earlier decision, and every view of
the history shows it with its date and reason (policysite.history.record, .views)."""

from __future__ import annotations

from pathlib import Path

import pytest

import gitrepo
from conftest import approve_routine
from policysite.corpus import load_corpus
from policysite.data import load_labels, load_roles, localise
from policysite.findings import Severity
from policysite.history.git import open_repository
from policysite.history.record import CORRECTED, WITHDRAWN, load_history, unrecorded_approvals
from policysite.history.views import change_entries, history_view

ROOT = Path(__file__).resolve().parents[1]
ROLES = frozenset({"regiondirektor", "sakerhetschef", "regionstyrelsen"})
V1 = "Decision: SAK-RUT-901/v1.0; regiondirektor; 2024-03-12; RS 2024/101"
V2 = "Decision: SAK-RUT-901/v2.0; regiondirektor; 2025-01; unknown"
WITHDRAW_V1 = "Correction: SAK-RUT-901/v1.0; withdrawn; Beslutet gällde en annan rutin.; en: The decision was on another routine."


def correct(repo: Path, *trailers: str, subject: str = "Rättelse av registret") -> str:
    return gitrepo.commit_all(repo, subject + "\n\nVarför, i klartext.\n\n" + "\n".join(trailers))


def history_of(repo: Path):
    return load_history(open_repository(repo), "docs", ROLES)


def messages(history) -> list[str]:
    return [str(finding) for finding in history.findings]


def test_a_withdrawn_decision_is_no_version_but_stays_in_the_record(repo):
    first = approve_routine(repo, "1.0", V1)
    approve_routine(repo, "2.0", V2)
    fix = correct(repo, WITHDRAW_V1)
    history = history_of(repo)
    assert messages(history) == []
    assert [v.version for v in history.of("SAK-RUT-901")] == ["2.0"]
    (withdrawal,) = history.withdrawn("SAK-RUT-901")
    assert (withdrawal.tag, withdrawal.kind, withdrawal.commit) == ("SAK-RUT-901/v1.0", WITHDRAWN, fix)
    assert withdrawal.reason("sv") == ("Beslutet gällde en annan rutin.", "sv")
    assert withdrawal.reason("en") == ("The decision was on another routine.", "en")
    assert withdrawal.original.body == "regiondirektor" and first != fix


def test_a_correction_of_facts_is_what_every_view_reads(repo):
    approve_routine(repo, "1.0", V1)
    approve_routine(repo, "2.0", V2)
    correct(repo, "Correction: SAK-RUT-901/v2.0; regionstyrelsen; 2025-01-21; RS 2025/7; Fel organ och datum.")
    history = history_of(repo)
    assert messages(history) == []
    newest = history.of("SAK-RUT-901")[-1]
    assert newest.corrections[0].kind == CORRECTED
    for document in newest.documents.values():
        assert (document.approved_by, str(document.approved), document.case_number) == (
            "regionstyrelsen", "2025-01-21", "RS 2025/7")
    # English has no reason of its own: the Swedish one is shown, marked as Swedish.
    assert newest.corrections[0].reason("en") == ("Fel organ och datum.", "sv")


@pytest.mark.parametrize("trailer, message", [
    ("Correction: SAK-RUT-901/v3.0; withdrawn; Fel.",
     "the Correction names SAK-RUT-901/v3.0, which no earlier commit records with a Decision trailer — name a "
     "recorded decision (`python -m policysite.history` lists them); a decision is recorded before it can be corrected"),
    ("Correction: SAK-RUT-901/v1.0; withdrawn;  ; en: Wrong.",
     "the Correction of SAK-RUT-901/v1.0 gives no reason — end the trailer with the reason in Swedish and, after "
     "`; en:`, in English, e.g. `…; Registrerades av misstag.; en: Recorded in error.`; readers and auditors see it"),
    ("Correction: SAK-RUT-901/v1.0; styrelsen; 2024-03-12; unknown; Fel organ.",
     "the Correction names unknown decision body 'styrelsen' — use a role key from data/roles.yml: "
     "regiondirektor, regionstyrelsen, sakerhetschef"),
    ("Correction: SAK-RUT-901/v1.0; regiondirektor; 2024-13; unknown; Fel datum.",
     "the Correction trailer's date '2024-13' is not a date — write `Correction: <id>/v<version>; withdrawn; "
     "<reason>` to withdraw a recorded decision, or `Correction: <id>/v<version>; <decision body role key>; "
     "<YYYY-MM-DD, YYYY-MM or unknown>; <case number or unknown>; <reason>` to correct its facts, in a new commit "
     "(CONTRIBUTING.md)"),
    ("Correction: SAK-RUT-901/v1.0",
     "the Correction trailer 'SAK-RUT-901/v1.0' is malformed — write `Correction: <id>/v<version>; withdrawn; "
     "<reason>` to withdraw a recorded decision, or `Correction: <id>/v<version>; <decision body role key>; "
     "<YYYY-MM-DD, YYYY-MM or unknown>; <case number or unknown>; <reason>` to correct its facts, in a new commit "
     "(CONTRIBUTING.md)"),
])
def test_a_bad_correction_is_refused_at_its_commit_and_line(repo, trailer, message):
    approve_routine(repo, "1.0", V1)
    fix = correct(repo, trailer)
    history = history_of(repo)
    assert messages(history) == [f"commit {fix[:7]}:5: {message}"]
    assert [v.version for v in history.of("SAK-RUT-901")] == ["1.0"]  # nothing changed


def test_a_correction_before_its_decision_and_a_second_withdrawal_are_refused(repo):
    early = correct(repo, WITHDRAW_V1)
    approve_routine(repo, "1.0", V1)
    first = correct(repo, WITHDRAW_V1)
    again = correct(repo, WITHDRAW_V1)
    assert messages(history_of(repo)) == [
        f"commit {early[:7]}:5: the Correction names SAK-RUT-901/v1.0, which no earlier commit records with a "
        "Decision trailer — name a recorded decision (`python -m policysite.history` lists them); a decision is "
        "recorded before it can be corrected",
        f"commit {again[:7]}:5: SAK-RUT-901/v1.0 was already withdrawn — a withdrawn decision stays withdrawn; "
        "record a new decision as a new version",
    ]
    assert first


def test_a_withdrawn_version_number_is_never_recorded_again(repo):
    first = approve_routine(repo, "1.0", V1)
    correct(repo, WITHDRAW_V1)
    again = gitrepo.commit_all(repo, f"Besöksrutin 1.0 igen\n\n{V1}\nChange-type: substantive")
    assert messages(history_of(repo)) == [
        f"commit {again[:7]}:3: SAK-RUT-901/v1.0 was already recorded and withdrawn in commit {first[:7]} — "
        "a withdrawn version number is never reused; record a changed text as a new version, e.g. SAK-RUT-901/v1.1"]


def test_a_correction_git_does_not_read_as_a_trailer_is_an_error(repo):
    approve_routine(repo, "1.0", V1)
    prose = gitrepo.commit_all(repo, f"Rättelse\n\n{WITHDRAW_V1}\n\nMen sedan kom mer text.")
    history = history_of(repo)
    assert messages(history) == [
        f'commit {prose[:7]}:3: "Rättelse": Git does not read `{WITHDRAW_V1[:89]}…` as a trailer, so this '
        "correction is not recorded — put the `Decision:`/`Correction:` and `Change-type:` lines together in the "
        "message's last paragraph, with no text after them (`git interpret-trailers --parse` shows what Git reads); "
        "amend the commit before it is shared, or record the decision again in a new commit"]
    assert [v.version for v in history.of("SAK-RUT-901")] == ["1.0"]


# --- the project's own pages against a corrected record -------------------------------------------------

def test_a_page_still_approved_after_its_withdrawal_or_with_uncorrected_facts_is_refused(history_project):
    project = history_project
    withdraw = correct(project, WITHDRAW_V1.replace("v1.0", "v2.0"))
    roles = load_roles(project / "data" / "roles.yml")
    history = load_history(open_repository(project), "docs", frozenset(roles))
    corpus, _ = load_corpus(project / "docs", frozenset(roles), project)
    found = [str(f) for f in unrecorded_approvals(corpus, history, Severity.ERROR) if "SAK-RUT-901" in str(f)]
    assert found == [
        f"docs/sv/besoksrutin.md:6: SAK-RUT-901/v2.0 is shown as approved, but commit {withdraw[:7]} withdrew "
        "that decision (Beslutet gällde en annan rutin.) — set 'status: draft' until a decision is taken, then record "
        "it as a new version, e.g. SAK-RUT-901/v2.1 (CONTRIBUTING.md)"]

    gitrepo.commit_all(project, "Rättelse 1.0\n\nCorrection: SAK-RUT-901/v1.0; regiondirektor; 2024-03-13; RS 2024/101; "
                                "Fel dag.")
    history = load_history(open_repository(project), "docs", frozenset(roles))
    # The page shows 2.0, withdrawn; 1.0 is not on a page, so its corrected facts do not concern the page.
    assert [v.decision.approved.isoformat() for v in history.of("SAK-RUT-901")] == ["2024-03-13"]


def test_the_change_log_orders_by_decision_date_and_shows_the_withdrawal(repo):
    approve_routine(repo, "1.0", V1)
    approve_routine(repo, "2.0", V2)
    correct(repo, WITHDRAW_V1)
    history = history_of(repo)
    corpus, _ = load_corpus(repo / "docs", ROLES, repo)
    roles = load_roles(ROOT / "data" / "roles.yml")
    sv = localise(load_labels(ROOT / "data" / "labels.yml"), "sv")
    current = {d.id: d for d in corpus.in_language("sv")}
    entries = change_entries(history, current, roles, sv, "sv")
    assert [(e.kind, e.version, e.updated_iso[:10]) for e in entries] == [
        (WITHDRAWN, "1.0", "2025-01-15"), ("decision", "2.0", "2025-01-01")]
    assert entries[0].note.text == ("Registrerades som ett beslut av regiondirektör. Den uppgiften återkallades "
                                    "15 januari 2025.")
    view = history_view(history, current["SAK-RUT-901"], None, roles, sv, set(), None)
    assert [(row.version, row.withdrawn, row.decided.body) for row in view.rows] == [
        ("2.0", False, "Regiondirektör"), ("1.0", True, None)]
