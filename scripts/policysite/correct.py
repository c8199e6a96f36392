"""Correct the record with one command (`make correct`): a new commit whose `Correction:` trailer withdraws a
recorded decision or corrects its facts (CONTRIBUTING.md, "Correcting the record"); the record stays append-only.

    python -m policysite.correct ID VERSION --withdraw --reason R [--reason-en E]
    python -m policysite.correct ID VERSION --body B --date D --case C --reason R [--reason-en E]

The same discipline as policysite.approve (what they share is in policysite.recording): every problem is refused
before anything is touched, the page that still shows the version is brought in line (a withdrawn version: `status:
draft`; corrected facts: the new facts), the check runs on the result, and the record is read back with the
history's own reader.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from .checks import today
from .data import load_roles
from .findings import FindingsError
from .history.record import ENGLISH_REASON, UNKNOWN, WITHDRAWN, load_history
from .model import CONTROL_CHARACTERS, SOURCE_LANGUAGE, PartialDate
from .recording.frontmatter_edit import REMOVE, edit_front_matter, edit_refusals
from .recording.inputs import (body_refusals, future_refusals, id_refusals, parse_case_number, parse_date,
                               version_refusals)
from .recording.message import SUBJECT_LIMIT, clipped, message_refusals, one_line
from .recording.pages import DOCS, find_pages
from .recording.refusals import Refusal, Refused, refuse
from .recording.repository import (Recorded, commit, git_state, open_git, project_path, report, state_refusals,
                                   write_checked)


@dataclass(frozen=True)
class CorrectionRequest:
    document_id: str
    version: str
    withdraw: bool
    body: str | None  # the corrected facts (None when withdrawing)
    date: PartialDate | None
    case_number: str | None
    reason: str
    reason_en: str | None

    @property
    def tag(self) -> str:
        return f"{self.document_id}/v{self.version}"

    @property
    def trailer(self) -> str:
        """The `Correction:` value, in the form policysite.history.record.parse_correction reads."""
        facts = (WITHDRAWN if self.withdraw else
                 f"{self.body}; {self.date.isoformat() if self.date else UNKNOWN}; {self.case_number or UNKNOWN}")
        english = f"; en: {self.reason_en}" if self.reason_en else ""
        return f"{self.tag}; {facts}; {self.reason}{english}"


def reason_refusals(reason: str, english: str) -> list[Refusal]:
    fix = ("give the reason readers and auditors will see, in Swedish (REASON=…) and, if you can, in English "
           "(REASON_EN=…), each on one line")
    if not reason:
        return [Refusal("the reason is missing", fix)]
    refusals = []
    for name, text in (("reason", reason), ("English reason", english)):
        if "\n" in text or "\r" in text or CONTROL_CHARACTERS.search(text):
            refusals.append(Refusal(f"the {name} has a line break or a control character", fix))
    if ENGLISH_REASON.search(reason):
        refusals.append(Refusal("the reason contains '; en:', which the trailer reads as the start of the English "
                                "reason", "give the English reason on its own (REASON_EN=…, --reason-en)"))
    return refusals


def parse_correction_request(document_id: str, version: str, withdraw: bool, body: str, date: str, case_number: str,
                             reason: str, reason_en: str) -> tuple[CorrectionRequest, list[Refusal]]:
    document_id, version, body = document_id.strip(), version.strip(), body.strip()
    reason, reason_en = reason.strip(), reason_en.strip()
    refusals = id_refusals(document_id) + version_refusals(version) + reason_refusals(reason, reason_en)
    parsed_date, parsed_case = None, None
    if withdraw:
        if body or date.strip() or case_number.strip():
            refusals.append(Refusal("a withdrawal takes no decision body, date or case number",
                                    "give either WITHDRAW=1 (--withdraw) or the corrected BODY, DATE and CASE"))
    elif not (body or date.strip() or case_number.strip()):
        refusals.append(Refusal("neither a withdrawal nor corrected facts are given",
                                "give WITHDRAW=1 (--withdraw) to withdraw the decision, or BODY, DATE and CASE "
                                "with the facts as they should have been recorded"))
    else:
        parsed_date, problems = parse_date(date)
        parsed_case, case_problems = parse_case_number(case_number)
        refusals += problems + case_problems
    return CorrectionRequest(document_id, version, withdraw, body or None, parsed_date, parsed_case, reason,
                             reason_en or None), refusals


def correction_message(title: str, request: CorrectionRequest) -> str:
    what = "beslutet återkallas" if request.withdraw else "beslutsuppgifterna rättas"
    return (f"{clipped(f'{one_line(title)} {request.version}: {what}', SUBJECT_LIMIT)}\n\n"
            f"Correction: {request.trailer}\n")


def corrected_page_values(request: CorrectionRequest, page_values: dict) -> dict:
    """What the Swedish page must say once the record is corrected, if it still shows that version."""
    if page_values.get("version") != request.version or page_values.get("status") != "approved":
        return {}
    if request.withdraw:  # never decided: the page is a draft again, without the facts of a decision not taken
        return {"status": "draft", "approved_by": REMOVE, "approved": REMOVE, "case_number": REMOVE}
    return {"approved_by": request.body, "approved": request.date, "case_number": request.case_number}


def correct(root: Path, request: CorrectionRequest, *, on: dt.date | None = None) -> tuple[Recorded, list[str]]:
    """Record the correction; (what was recorded, notes for the registrar)."""
    on = on or today()
    refusals = list(future_refusals(request.date, on))
    try:
        roles = load_roles(root / "data" / "roles.yml")
    except FindingsError as exc:
        raise Refused([Refusal("data/roles.yml cannot be read", "fix it (`make check`)")], exc.findings) from None
    if not request.withdraw:
        refusals += body_refusals(request.body or "", roles, current=False)
    repository, problems = open_git(root)
    if repository is None:
        raise Refused(refusals + problems)
    pages, problems, findings = find_pages(root, request.document_id, frozenset(roles))
    if problems and findings:
        raise Refused(refusals + problems, findings)
    state = git_state(repository)
    refusals += state_refusals(state, set(), besides="",
                               purpose="the correction commits only the record and the facts it sets on the page")
    history = load_history(repository, DOCS, frozenset(roles))
    if request.tag not in state.recorded:
        refusals.append(Refusal(f"no commit records {request.tag} with a Decision trailer",
                                "name a recorded decision (`python -m policysite.history` checks the record; "
                                f"`git log --grep='Decision: {request.document_id}/'` lists them)"))
    elif any(c.version == request.version for c in history.withdrawn(request.document_id)):
        refusals.append(Refusal(f"{request.tag} was already withdrawn",
                                "a withdrawn decision stays withdrawn; record a new decision as a new version"))
    else:
        recorded = next((v for v in history.of(request.document_id) if v.version == request.version), None)
        if (not request.withdraw and recorded is not None
                and (recorded.decision.approved_by, recorded.decision.approved, recorded.decision.case_number)
                == (request.body, request.date, request.case_number)):
            refusals.append(Refusal(f"the record of {request.tag} already says {request.body}, "
                                    f"{request.date or UNKNOWN}, {request.case_number or UNKNOWN}",
                                    "there is nothing to correct; give the facts as they should have been recorded"))
    if refusals:
        raise Refused(refusals)
    title = pages.source.values["title"] if pages else request.document_id
    message = correction_message(title, request)
    problems = message_refusals(repository, message, [("Correction", request.trailer)])
    if problems:
        raise Refused(problems)
    texts = {}
    values = corrected_page_values(request, pages.source.values) if pages else {}
    if values:
        texts[pages.paths[SOURCE_LANGUAGE]] = edit_front_matter(pages.texts[SOURCE_LANGUAGE], values)
        problems = edit_refusals(texts[pages.paths[SOURCE_LANGUAGE]], values)
        if problems:
            raise Refused(problems)
    saved = write_checked(root, texts)
    changed = list(texts)
    hash_ = commit(repository, root, changed, message, saved)
    problems = correction_readback(repository, frozenset(roles), request, hash_)
    if problems:
        raise Refused(problems)
    notes = []
    if request.withdraw and changed:
        earlier = [v for v in history.of(request.document_id) if v.version != request.version]
        notes.append(f"{changed[0]} is a draft now (status: draft)"
                     + (f"; version {earlier[-1].version} is the last decision that stands: to show it as in force "
                        f"again, restore its text (git show {earlier[-1].tag}:{project_path(repository, changed[0])})"
                        if earlier else ""))
    return Recorded(hash_, None, tuple(changed), state.branch, message), notes


def correction_readback(repository, role_keys: frozenset[str], request: CorrectionRequest, hash_: str) -> list[Refusal]:
    """The history's own reader finds the correction just recorded, as it was given."""
    history = load_history(repository, DOCS, role_keys)
    found = next((c for c in history.corrections if c.commit == hash_ and c.tag == request.tag), None)
    reasons = {"sv": request.reason, **({"en": request.reason_en} if request.reason_en else {})}
    expected = (WITHDRAWN if request.withdraw else "corrected", reasons,
                None if request.withdraw else (request.body, request.date, request.case_number))
    read = None if found is None else (found.kind, found.reasons, None if found.decision is None else
                                       (found.decision.body, found.decision.date, found.decision.case_number))
    if read == expected:
        return []
    related = [str(f) for f in history.errors if hash_[:7] in str(f)]
    return [Refusal(f"BUG: commit {hash_[:7]} was made, but the history reads back {read!r} instead of "
                    f"{expected!r}{'; ' + '; '.join(related) if related else ''}",
                    "this is a bug in policysite.correct: report it; the commit is not pushed, so it can be undone "
                    "with `git reset --keep HEAD^`")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policysite.correct", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("id", help="the document's id, e.g. SAK-POL-001")
    parser.add_argument("version", help="the recorded version to correct, MAJOR.MINOR")
    parser.add_argument("--withdraw", action="store_true", help="the decision was never taken: withdraw it")
    parser.add_argument("--body", default="", help="corrected decision body: a role key of data/roles.yml")
    parser.add_argument("--date", default="", help="corrected decision date: YYYY-MM-DD, YYYY-MM or unknown")
    parser.add_argument("--case", default="", help="corrected case number, or unknown")
    parser.add_argument("--reason", default="", help="why, in Swedish (shown to readers and auditors)")
    parser.add_argument("--reason-en", default="", help="why, in English")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: current directory)")
    args = parser.parse_args(argv)
    request, refusals = parse_correction_request(args.id, args.version, args.withdraw, args.body, args.date,
                                                 args.case, args.reason, args.reason_en)
    try:
        if refusals:
            raise Refused(refusals)
        recorded, notes = correct(args.root, request)
    except Refused as refused:
        return refuse("correct", refused)
    what = ("Withdrew the decision" if request.withdraw else "Corrected the facts of the decision")
    print(report(recorded, f"{what} {request.tag}: {request.reason}"))
    for note in notes:
        print(f"Note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
