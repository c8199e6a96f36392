"""Record a decision with one command: `python -m policysite.approve ID VERSION --body --date --case --type`
(`make approve`). CONTRIBUTING.md, "Approving a version", is the convention it follows; notes/decisions/0012 says
why it works as it does. What it shares with `policysite.correct` is in policysite.recording.

Every input and the repository's state are checked before anything is touched; a refusal says what is wrong and
how to fix it, exits 1 and leaves the repository as it was. Then the Swedish page's front matter is edited in
place, the check runs on the result, the two pages are committed with the trailers and tagged, and the record is
read back with the history's own reader. Nothing is pushed: the push command is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .checks import today
from .data import Role, load_roles
from .findings import FindingsError
from .history.git import Repository
from .history.record import CHANGE_TYPES, TAG_PATTERN, UNKNOWN, ApprovedVersion, History, load_history
from .model import GOVERNING_TYPES, SOURCE_LANGUAGE, TRANSLATION_LANGUAGES, PartialDate
from .recording.frontmatter_edit import REMOVE, edit_front_matter, edit_refusals
from .recording.inputs import (body_refusals, change_type_refusals, future_refusals, id_refusals, parse_case_number,
                               parse_date, version_refusals)
from .recording.message import approval_message, clipped, decision_trailer, message_refusals, one_line
from .recording.pages import DOCS, Pages, find_pages
from .recording.refusals import Refusal, Refused, refuse
from .recording.repository import (GitState, Recorded, commit, git, git_state, open_git, project_path, report,
                                   state_refusals, write_checked)


# --- what the approval asks of the document and the record ------------------------------------------------------


def version_key(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


def surely_before(first: PartialDate, second: PartialDate) -> bool:
    """Whether first is surely earlier than second (a month-only date is not before a day in that month)."""
    if (first.year, first.month) != (second.year, second.month):
        return (first.year, first.month) < (second.year, second.month)
    return first.day is not None and second.day is not None and first.day < second.day


def document_refusals(pages: Pages, version: str) -> list[Refusal]:
    """The document takes decisions, and its pages are prepared for this version."""
    values, where = pages.source.values, pages.paths[SOURCE_LANGUAGE]
    refusals = []
    if values["type"] not in GOVERNING_TYPES:
        return [Refusal(f"{values['id']} is {values['type']}, which no decision adopts (status published)",
                        f"only a {', '.join(GOVERNING_TYPES)} is approved; a text that needs a decision is one of "
                        f"those (type: in {where})")]
    if values["status"] == "retired":
        return [Refusal(f"{values['id']} is retired",
                        f"if the decision brings it back, set 'status: draft' in {where} and run it again")]
    if values["version"] != version:
        return [Refusal(f"{where} says version {values['version']}, not {version}",
                        f"the owner sets 'version: \"{version}\"' when preparing the revision, with the text that "
                        "was decided; give the version the body decided")]
    for language in TRANSLATION_LANGUAGES:
        translated = pages.pages[language].values.get("translation_of_version")
        if translated != version:
            refusals.append(Refusal(f"{pages.paths[language]} translates version {translated}, not {version}",
                                    f"update the translation to the decided text and set "
                                    f"'translation_of_version: \"{version}\"' in it"))
    return refusals


def record_refusals(document_id: str, version: str, date: PartialDate | None, state: GitState,
                    history: History) -> list[Refusal]:
    """The version is new (higher than any ever recorded, withdrawn ones included) and not before the one in force."""
    tag = f"{document_id}/v{version}"
    refusals = []
    if tag in state.tags:
        refusals.append(Refusal(f"the tag {tag} already exists",
                                "a version is recorded once; if this is a new decision, give it a new version"))
    versions = [TAG_PATTERN.match(name)["version"] for name in state.recorded
                if TAG_PATTERN.match(name) and TAG_PATTERN.match(name)["id"] == document_id]
    highest = max(versions, key=version_key, default=None)
    if highest is not None and version_key(version) <= version_key(highest):
        major, minor = version_key(highest)
        refusals.append(Refusal(f"version {version} is not higher than {highest}, the highest version of "
                                f"{document_id} ever recorded (withdrawn ones included)",
                                f"a version number is never used twice; give the revision a new one, e.g. "
                                f"{major}.{minor + 1}, in the page's 'version:' and here"))
    in_force = history.of(document_id)[-1] if history.of(document_id) else None
    decided = in_force.decision.approved if in_force else None
    if date is not None and decided is not None and surely_before(date, decided):
        refusals.append(Refusal(f"the decision date {date} is before {decided}, the date of version "
                                f"{in_force.version} in force",
                                "give the date the body took this decision"))
    return refusals


def summary_refusals(pages: Pages, version: str, in_force: ApprovedVersion | None) -> list[Refusal]:
    """Each page's change_summary says what this version changes: one that is the same as the version in force's
    (read at its approval commit; spacing aside) was left from it."""
    if in_force is None or in_force.version == version or pages.source.values["version"] != version:
        return []
    refusals = []
    for language, page in pages.pages.items():
        summary, before = page.values.get("change_summary"), in_force.documents.get(language)
        if summary and before is not None and before.change_summary and one_line(summary) == one_line(
                before.change_summary):
            refusals.append(Refusal(f"{pages.paths[language]} has the change_summary of version {in_force.version} "
                                    f"in force ({clipped(one_line(summary), 80)!r}), so it does not say what "
                                    f"{version} changes",
                                    f"write in its 'change_summary:' what version {version} changes, on one line "
                                    "in the page's language"))
    return refusals


def approved_values(version: str, body: str, date: PartialDate | None, case_number: str | None) -> dict[str, Any]:
    """The Swedish page's front matter of an approved version; a decision restarts the review cycle, so the
    last review goes (model.next_review counts from the decision)."""
    return {"status": "approved", "version": version, "approved_by": body, "approved": date,
            "case_number": case_number, "last_reviewed": REMOVE}


# --- approve ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Approval:
    document_id: str
    version: str
    body: str
    date: PartialDate | None
    case_number: str | None
    change_type: str

    @property
    def tag(self) -> str:
        return f"{self.document_id}/v{self.version}"


def parse_approval(document_id: str, version: str, body: str, date: str, case_number: str,
                   change_type: str) -> tuple[Approval, list[Refusal]]:
    document_id, version, body, change_type = (value.strip() for value in (document_id, version, body, change_type))
    parsed_date, date_problems = parse_date(date)
    parsed_case, case_problems = parse_case_number(case_number)
    refusals = (id_refusals(document_id) + version_refusals(version) + date_problems + case_problems
                + change_type_refusals(change_type))
    return Approval(document_id, version, body, parsed_date, parsed_case, change_type), refusals


def decision_refusals(approval: Approval, roles: Mapping[str, Role], on: dt.date) -> list[Refusal]:
    """The decision's own facts against the roles and the day: a body that decides, a date not in the future."""
    return future_refusals(approval.date, on) + body_refusals(approval.body, roles, current=True)


def read_roles(root: Path) -> dict[str, Role]:
    try:
        return load_roles(root / "data" / "roles.yml")
    except FindingsError as exc:
        raise Refused([Refusal("data/roles.yml cannot be read", "fix it (`make check`)")], exc.findings) from None


def plan_approval(root: Path, approval: Approval, on: dt.date) -> tuple[Pages, GitState, frozenset[str]]:
    """Every check before anything is touched; Refused with every problem found."""
    roles = read_roles(root)
    refusals = decision_refusals(approval, roles, on)
    repository, problems = open_git(root)
    if repository is None:
        raise Refused(refusals + problems)
    pages, problems, findings = find_pages(root, approval.document_id, frozenset(roles))
    if pages is None:
        raise Refused(refusals + problems, findings)
    state = git_state(repository)
    refusals += state_refusals(state, {project_path(repository, path) for path in pages.paths.values()})
    refusals += document_refusals(pages, approval.version)
    history = load_history(repository, DOCS, frozenset(roles))
    refusals += record_refusals(approval.document_id, approval.version, approval.date, state, history)
    in_force = history.of(approval.document_id)[-1] if history.of(approval.document_id) else None
    refusals += summary_refusals(pages, approval.version, in_force)
    if refusals:
        raise Refused(refusals)
    return pages, state, frozenset(roles)


def approve(root: Path, approval: Approval, *, on: dt.date | None = None) -> Recorded:
    """Record the decision: check, edit the Swedish page, check the result, commit, tag, read it back."""
    on = on or today()
    pages, state, role_keys = plan_approval(root, approval, on)
    repository = state.repository
    title = pages.source.values["title"]
    message = approval_message(title, approval.version, pages.source.values.get("change_summary"), approval.tag,
                               approval.body, approval.date, approval.case_number, approval.change_type)
    problems = message_refusals(repository, message, [
        ("Decision", decision_trailer(approval.tag, approval.body, approval.date, approval.case_number)),
        ("Change-type", approval.change_type)])
    if problems:
        raise Refused(problems)
    source = pages.paths[SOURCE_LANGUAGE]
    texts = {path: pages.texts[language] for language, path in pages.paths.items()}
    values = approved_values(approval.version, approval.body, approval.date, approval.case_number)
    texts[source] = edit_front_matter(pages.texts[SOURCE_LANGUAGE], values)
    problems = edit_refusals(texts[source], values)
    if problems:
        raise Refused(problems)
    saved = write_checked(root, texts)
    files = list(pages.paths.values())
    hash_ = commit(repository, root, files, message, saved)
    tagged = git(repository, "tag", "-a", approval.tag, hash_, "--file=-",
                 input=f"{one_line(title)} {approval.version}\n")
    if tagged.returncode != 0:
        raise Refused([Refusal(f"commit {hash_[:7]} records the decision, but git tag failed: "
                               f"{one_line(tagged.stderr)[:300]}",
                               f"tag it yourself: git tag -a {approval.tag} {hash_[:7]} -m "
                               f"\"{one_line(title)} {approval.version}\"")])
    readback_problems = approval_readback(repository, role_keys, approval, hash_)
    if readback_problems:
        raise Refused(readback_problems)
    return Recorded(hash_, approval.tag, tuple(files), state.branch, message)


def approval_readback(repository: Repository, role_keys: frozenset[str], approval: Approval,
                      hash_: str) -> list[Refusal]:
    """The history's own reader finds the decision just recorded, as it was given."""
    history = load_history(repository, DOCS, role_keys)
    found = next((v for v in history.of(approval.document_id) if v.version == approval.version), None)
    read = None if found is None else (found.id, found.version, found.decision.approved_by, found.decision.approved,
                                       found.decision.case_number, found.change_type, found.commit)
    given = (approval.document_id, approval.version, approval.body, approval.date, approval.case_number,
             approval.change_type, hash_)
    if read == given:
        return []
    related = [str(f) for f in history.errors if approval.tag in str(f) or hash_[:7] in str(f)]
    return [Refusal(f"BUG: commit {hash_[:7]} and tag {approval.tag} were made, but the history reads back "
                    f"{read!r} instead of {given!r}{'; ' + '; '.join(related) if related else ''}",
                    "this is a bug in policysite.approve: report it; the commit is not pushed, so it can be "
                    "undone with `git tag -d " + approval.tag + " && git reset --keep HEAD^`")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policysite.approve", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("id", help="the document's id, e.g. SAK-POL-001")
    parser.add_argument("version", help="the version decided, MAJOR.MINOR; the page's 'version:' says the same")
    parser.add_argument("--body", default="", help="the decision body: a role key of data/roles.yml")
    parser.add_argument("--date", default="", help="the decision date: YYYY-MM-DD, YYYY-MM or unknown")
    parser.add_argument("--case", default="", help="the case number (diarienummer), or unknown")
    parser.add_argument("--type", default="", help=f"the change type: {' or '.join(CHANGE_TYPES)}")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: current directory)")
    args = parser.parse_args(argv)
    approval, refusals = parse_approval(args.id, args.version, args.body, args.date, args.case, args.type)
    try:
        if refusals:  # malformed input: with what else the inputs alone show, so one run names every mistake
            raise Refused(refusals + decision_refusals(approval, read_roles(args.root), today()))
        recorded = approve(args.root, approval)
    except Refused as refused:
        return refuse("approve", refused)
    date = approval.date.isoformat() if approval.date else UNKNOWN
    print(report(recorded, f"Recorded the decision {approval.tag}: {approval.body}, {date}, "
                           f"{approval.case_number or UNKNOWN}, {approval.change_type}."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
