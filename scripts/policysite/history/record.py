"""Approved versions as Git records them: a commit whose `Decision:` trailer and front matter agree, mirrored
by an annotated tag `<id>/v<version>` for Git users (the convention: CONTRIBUTING.md).

The record is append-only: a wrong `Decision:` is never rewritten away. A later commit's `Correction:` trailer
withdraws it (`Correction: <tag>; withdrawn; <reason>`) or corrects its facts (`Correction: <tag>; <body>; <date>;
<case number>; <reason>`), and the site shows the correction with its date and reason."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from .. import frontmatter
from ..corpus import Corpus, Page, pairing_findings, read_page
from ..findings import Finding, Severity
from ..model import LANGUAGES, SOURCE_LANGUAGE, Document, PartialDate, build_document
from .git import Commit, FileReader, Repository, Tag, commits, list_files, tags

TAG_PATTERN = re.compile(r"^(?P<id>[A-Z]{3}-[A-Z]{3}-\d{3})/v(?P<version>\d+\.\d+)$")
LOOKS_LIKE_OURS = re.compile(r"^[A-Z]{3}-[A-Z]{3}-\d{3}/")
DECISION_LINE = re.compile(r"^[ \t]*decision[ \t]*:", re.IGNORECASE)  # any line that means to record one
AMEND = "amend the commit before it is shared, or record the decision again in a new commit"
TRAILER_FIX = ("put the `Decision:`/`Correction:` and `Change-type:` lines together in the message's last paragraph, with no "
               f"text after them (`git interpret-trailers --parse` shows what Git reads); {AMEND}")
CHANGE_TYPES = ("editorial", "substantive")
UNKNOWN = "unknown"
WITHDRAWN = "withdrawn"
CORRECTED = "corrected"
ENGLISH_REASON = re.compile(r";\s*en\s*:", re.IGNORECASE)  # `<Swedish reason>; en: <English reason>`
CORRECTION_LINE = re.compile(r"^[ \t]*correction[ \t]*:", re.IGNORECASE)
CORRECTION_FIX = ("write `Correction: <id>/v<version>; withdrawn; <reason>` to withdraw a recorded decision, or "
                  "`Correction: <id>/v<version>; <decision body role key>; <YYYY-MM-DD, YYYY-MM or unknown>; "
                  "<case number or unknown>; <reason>` to correct its facts, in a new commit (CONTRIBUTING.md)")


@dataclass(frozen=True)
class Decision:
    tag: str
    body: str
    date: PartialDate | None
    case_number: str | None
    line: int  # in the commit message


@dataclass(frozen=True)
class Correction:
    """A later commit's withdrawal or correction of a recorded decision."""

    tag: str
    kind: str  # WITHDRAWN or CORRECTED
    reasons: dict[str, str]  # language -> reason; Swedish always, English when the trailer gives `; en: …`
    commit: str
    recorded: int  # commit time of the correction, seconds since the epoch
    line: int
    decision: Decision | None = None  # the corrected facts (CORRECTED only)
    original: Decision | None = None  # the decision as first recorded

    def reason(self, language: str) -> tuple[str, str]:
        """(reason, its language): the reason in `language`, else the Swedish one."""
        return (self.reasons[language], language) if language in self.reasons else (self.reasons["sv"], "sv")

    @property
    def id(self) -> str:
        return self.tag.split("/", 1)[0]

    @property
    def version(self) -> str:
        return self.tag.split("/v", 1)[1]

    @property
    def short_commit(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class ApprovedVersion:
    """One approved version of one document, as recorded by its approval commit."""

    id: str
    version: str
    tag: str  # <id>/v<version>, whether or not this clone has the tag
    commit: str
    recorded: int  # commit time, seconds since the epoch
    change_type: str
    documents: dict[str, Document]  # language -> the document at the approval commit
    texts: dict[str, str]  # language -> the Markdown body at the approval commit
    body_lines: dict[str, int]  # language -> the file line where that body starts
    corrections: tuple[Correction, ...] = ()  # corrections of its facts, oldest first (the documents carry them)

    @property
    def short_commit(self) -> str:
        return self.commit[:7]

    @property
    def decision(self) -> Document:
        return self.documents[SOURCE_LANGUAGE]


@dataclass
class History:
    versions: dict[str, list[ApprovedVersion]] = field(default_factory=dict)  # id -> oldest first
    findings: list[Finding] = field(default_factory=list)
    # Every correction, oldest first; a withdrawn version is in no list of `versions` (it was never decided).
    corrections: list[Correction] = field(default_factory=list)

    def withdrawn(self, document_id: str) -> list[Correction]:
        return [c for c in self.corrections if c.kind == WITHDRAWN and c.id == document_id]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is not Severity.ERROR]

    def of(self, document_id: str) -> list[ApprovedVersion]:
        return self.versions.get(document_id, [])

    def restricted(self, keep: Callable[[ApprovedVersion], bool]) -> "History":
        """The same record with only the versions `keep` accepts (an edition's view); findings are kept."""
        versions = {document_id: kept for document_id, versions in self.versions.items()
                    if (kept := [version for version in versions if keep(version)])}
        return History(versions, list(self.findings), list(self.corrections))



def _version_key(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


def _next_version(tag: str) -> str:
    match = TAG_PATTERN.match(tag)
    major, minor = _version_key(match["version"])
    return f"{match['id']}/v{major}.{minor + 1}"


def trailer_lines(commit: Commit) -> list[tuple[str, str, int]]:
    """(key, value, line in the message) of each trailer Git's own parser found in the commit."""
    lines = commit.message.split("\n")
    found = []
    index = len(lines)
    for key, value in reversed(commit.trailers):  # the block is at the end, in order: match from the end
        index -= 1
        while index >= 0 and not _starts_trailer(lines[index], key):
            index -= 1
        found.append((key, value, index + 1 if index >= 0 else 1))
    return found[::-1]


def _starts_trailer(line: str, key: str) -> bool:
    head, separator, _ = line.partition(":")
    return bool(separator) and head.strip().lower() == key.lower()


def unread_decisions(commit: Commit, read: list[tuple[str, str, int]]) -> list[tuple[str, int]]:
    """(text, line) of `Decision:` and `Correction:` lines Git does not read as trailers: records that would
    vanish silently."""
    taken = {line for key, _, line in read if key.lower() in ("decision", "correction")}
    return [(text.strip(), number) for number, text in enumerate(commit.message.split("\n"), 1)
            if (DECISION_LINE.match(text) or CORRECTION_LINE.match(text)) and number not in taken]


def named(commit: Commit) -> str:
    """How messages name a commit besides its hash: its subject."""
    return f'"{commit.subject}"'


def parse_decision(value: str, line: int, where: str) -> tuple[Decision | None, list[Finding]]:
    parts = [part.strip() for part in value.split(";")]
    fix = "write `Decision: <id>/v<version>; <decision body role key>; <YYYY-MM-DD, YYYY-MM or unknown>; <case number or unknown>`"
    if len(parts) != 4 or not TAG_PATTERN.match(parts[0]):
        return None, [Finding(where, line, f"the Decision trailer {value!r} is malformed", fix)]
    tag, body, date_text, case = parts
    try:
        date = None if date_text == UNKNOWN else PartialDate.parse(date_text)
    except ValueError:
        return None, [Finding(where, line, f"the Decision trailer's date {date_text!r} is not a date", fix)]
    return Decision(tag, body, date, None if case == UNKNOWN else case, line), []


def parse_correction(value: str, line: int, where: str, commit: Commit) -> tuple[Correction | None, list[Finding]]:
    parts = [part.strip() for part in value.split(";")]
    if len(parts) < 3 or not TAG_PATTERN.match(parts[0]):
        return None, [Finding(where, line, f"the Correction trailer {_clipped(value)!r} is malformed", CORRECTION_FIX)]
    tag = parts[0]
    if parts[1].lower() == WITHDRAWN:
        kind, reason, decision = WITHDRAWN, value.split(";", 2)[2], None
    else:
        if len(parts) < 5:
            return None, [Finding(where, line, f"the Correction trailer {_clipped(value)!r} is malformed",
                                  CORRECTION_FIX)]
        decision, problems = parse_decision(";".join(parts[:4]), line, where)
        if decision is None:
            return None, [replace(problem, message=problem.message.replace("Decision", "Correction"),
                                  fix=CORRECTION_FIX) for problem in problems]
        kind, reason = CORRECTED, value.split(";", 4)[4]
    swedish, english = (ENGLISH_REASON.split(reason, maxsplit=1) + [""])[:2]
    swedish, english = swedish.strip(), english.strip()
    if not swedish:
        return None, [Finding(where, line, f"the Correction of {tag} gives no reason",
                              "end the trailer with the reason in Swedish and, after `; en:`, in English, e.g. "
                              "`…; Registrerades av misstag.; en: Recorded in error.`; readers and auditors see it")]
    reasons = {"sv": swedish, **({"en": english} if english else {})}
    return Correction(tag, kind, reasons, commit.hash, commit.timestamp, line, decision), []


def _apply_correction(correction: Correction, decisions: dict[str, tuple[Commit, Decision, str | None]],
                      corrections: list[Correction], role_keys: frozenset[str], where: str) -> list[Finding]:
    """Check one correction against the record so far (oldest commit first); [] when it is recorded."""
    if correction.tag not in decisions:
        return [Finding(where, correction.line, f"the Correction names {correction.tag}, which no earlier commit "
                        "records with a Decision trailer", "name a recorded decision (`python -m policysite.history` "
                        "lists them); a decision is recorded before it can be corrected")]
    if any(c.tag == correction.tag and c.kind == WITHDRAWN for c in corrections):
        return [Finding(where, correction.line, f"{correction.tag} was already withdrawn",
                        "a withdrawn decision stays withdrawn; record a new decision as a new version")]
    if correction.decision is not None and correction.decision.body not in role_keys:
        return [Finding(where, correction.line, f"the Correction names unknown decision body "
                        f"'{_clipped(correction.decision.body, 40)}'",
                        f"use a role key from data/roles.yml: {', '.join(sorted(role_keys))}")]
    return []


def load_history(repository: Repository, docs_folder: str, role_keys: frozenset[str]) -> History:
    """Every approved version recorded in Git, checked against its Decision trailer and its front matter."""
    history = History()
    decisions: dict[str, tuple[Commit, Decision, str | None]] = {}
    unread: list[tuple[Commit, str, int]] = []
    corrections: list[Correction] = []
    for commit in reversed(commits(repository)):  # oldest first: a repeated approval is the later one
        where = f"commit {commit.short}"
        found = trailer_lines(commit)
        missed = unread_decisions(commit, found)
        unread += [(commit, text, line) for text, line in missed]
        if not commit.utf8 and (found or missed):
            history.findings.append(Finding(where, 1, f"{named(commit)}: Git cannot give this commit message as "
                                            "UTF-8, so the bytes that are not UTF-8 are read as \ufffd",
                                            "check that the Decision trailer reads as intended; write commit "
                                            "messages in UTF-8 (git's default)", Severity.WARNING))
        change_types = [(value, line) for key, value, line in found if key.lower() == "change-type"]
        for key, value, line in found:
            if key.lower() == "correction":
                correction, problems = parse_correction(value, line, where, commit)
                if correction is not None:
                    problems = _apply_correction(correction, decisions, corrections, role_keys, where)
                history.findings += problems
                if correction is not None and not problems:
                    corrections.append(replace(correction, original=decisions[correction.tag][1]))
                continue
            if key.lower() != "decision":
                continue
            decision, problems = parse_decision(value, line, where)
            history.findings += problems
            if decision is None:
                continue
            change_type = change_types[0][0] if change_types else None
            if change_type not in CHANGE_TYPES:
                history.findings.append(Finding(where, change_types[0][1] if change_types else line,
                                                f"an approval commit needs `Change-type: {' | '.join(CHANGE_TYPES)}`",
                                                "amend the commit message before it is shared, or record the "
                                                "approval again in a new commit with both trailers"))
            if decision.tag in decisions:
                withdrawn = any(c.tag == decision.tag and c.kind == WITHDRAWN for c in corrections)
                history.findings.append(Finding(where, line, f"{decision.tag} was already "
                                                f"{'recorded and withdrawn' if withdrawn else 'approved'} in commit "
                                                f"{decisions[decision.tag][0].short}",
                                                ("a withdrawn version number is never reused; " if withdrawn else "")
                                                + "record a changed text as a new version, e.g. "
                                                f"{_next_version(decision.tag)}"))
                continue
            decisions[decision.tag] = (commit, decision, change_type)
    history.findings += _unread_findings(unread, decisions, corrections)
    history.corrections = corrections
    withdrawn = {c.tag for c in corrections if c.kind == WITHDRAWN}

    tagged: dict[str, Tag] = {}
    for tag in tags(repository):
        where = f"tag {tag.name}"
        if not TAG_PATTERN.match(tag.name):
            if LOOKS_LIKE_OURS.match(tag.name):
                history.findings.append(Finding(where, 1, "the tag name is not <id>/v<MAJOR.MINOR>",
                                                "rename it, e.g. SAK-POL-001/v2.0"))
            continue
        if not tag.annotated:
            history.findings.append(Finding(where, 1, "approval tags must be annotated",
                                            f"recreate it with `git tag -a -f {tag.name} {tag.commit[:7]} -m <summary>`"))
            continue
        tagged[tag.name] = tag

    for name, tag in sorted(tagged.items()):
        recorded = decisions.get(name)
        if recorded is None or recorded[0].hash != tag.commit:
            history.findings.append(Finding(f"tag {name}", 1,
                                            f"the tagged commit {tag.commit[:7]} has no `Decision: {name}; …` trailer",
                                            "tag the commit whose message records the decision"))

    with FileReader(repository) as reader:
        for name, (commit, decision, change_type) in decisions.items():
            if name in withdrawn:
                continue  # never decided: no version, history row, code, PDF or feed entry of its own
            version = _read_version(repository, reader, name, commit, decision, change_type, docs_folder, role_keys,
                                    history)
            if version is None:
                continue  # its error says what to fix; a tag for a record that does not hold would be bad advice
            version = corrected(version, [c for c in corrections if c.tag == name])
            history.versions.setdefault(version.id, []).append(version)
            if name not in tagged:
                history.findings.append(Finding(f"commit {commit.short}", decision.line,
                                                f"the approval of {name} has no tag in this clone",
                                                f"fetch the tags (`git fetch --tags`), or tag the approval: "
                                                f"`git tag -a {name} {commit.short} -m <summary>`", Severity.WARNING))
    for versions in history.versions.values():
        versions.sort(key=lambda v: _version_key(v.version))
    return history


def corrected(version: ApprovedVersion, corrections: list[Correction]) -> ApprovedVersion:
    """The version with the facts of its latest correction (the documents carry them, so every view agrees)."""
    if not corrections:
        return version
    facts = corrections[-1].decision
    documents = {language: replace(document, approved_by=facts.body, approved=facts.date,
                                   case_number=facts.case_number)
                 for language, document in version.documents.items()}
    return replace(version, documents=documents, corrections=tuple(corrections))


def _unread_findings(unread: list[tuple[Commit, str, int]], decisions: dict[str, tuple[Commit, Decision, str | None]],
                     corrections: list[Correction]) -> list[Finding]:
    """An unread `Decision:` or `Correction:` line is an error, until another commit records the same thing as a
    trailer: an old commit cannot be changed once shared, and must not lock every build after the record is made."""
    findings = []
    for commit, text, line in unread:
        key, value = (part.strip() for part in text.split(":", 1))
        tag = value.split(";", 1)[0].strip()
        if key.lower() == "correction":
            others = [c.commit for c in corrections if c.tag == tag and c.commit != commit.hash]
            what = "correction"
        else:
            others = [decisions[tag][0].hash] if tag in decisions and decisions[tag][0].hash != commit.hash else []
            what = "approval"
        problem = (f"{named(commit)}: Git does not read `{_clipped(text)}` as a trailer, "
                   f"so this {what} is not recorded")
        if others:
            findings.append(Finding(f"commit {commit.short}", line, problem,
                                    f"nothing to do: commit {others[0][:7]} records {tag}", Severity.WARNING))
        else:
            findings.append(Finding(f"commit {commit.short}", line, problem, TRAILER_FIX))
    return findings


def _clipped(text: str, limit: int = 90) -> str:
    text = "".join(c if c.isprintable() else "\ufffd" for c in text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def pages_with_id(reader: FileReader, repository: Repository, revision: str, folder: str,
                  document_id: str) -> list[str]:
    """Paths under `folder` at `revision` whose front matter has this id, read by the check's own parser
    (so a quoted id or CRLF line endings are the same id); pages whose front matter does not parse are skipped."""
    found = []
    for path in list_files(repository, revision, folder):
        text = reader.read(revision, path)
        if text is None:
            continue
        try:
            matter = frontmatter.parse(text)
        except frontmatter.FrontMatterError:
            continue
        if str(matter.data.get("id", "")).strip() == document_id:
            found.append(path)
    return found


def _read_version(repository: Repository, reader: FileReader, name: str, commit: Commit, decision: Decision,
                  change_type: str | None, docs_folder: str, role_keys: frozenset[str],
                  history: History) -> ApprovedVersion | None:
    match = TAG_PATTERN.match(name)
    document_id, version = match["id"], match["version"]
    where = f"commit {commit.short}"
    folder = f"{docs_folder}/{SOURCE_LANGUAGE}"
    paths = pages_with_id(reader, repository, commit.hash, folder, document_id)
    if len(paths) != 1:
        found = "no page" if not paths else f"{len(paths)} pages ({', '.join(paths)})"
        history.findings.append(Finding(where, decision.line,
                                        f"{named(commit)} approves {name}, but {found} in {folder} "
                                        f"{'has' if len(paths) < 2 else 'have'} id {document_id} at this commit",
                                        "write the id of the approved document in the Decision trailer, with the "
                                        f"page that has that id in the same commit; {AMEND}"))
        return None
    path = paths[0][len(f"{folder}/"):]
    pages: dict[str, Page] = {}
    for language in LANGUAGES:  # read as the corpus reads the working tree: the same steps, the same checks
        text = reader.read(commit.hash, f"{docs_folder}/{language}/{path}")
        if text is None:
            continue
        source = f"{commit.short}:{docs_folder}/{language}/{path}"
        page, problems = read_page(text, source, language, role_keys)
        if page is None:
            history.findings += problems
            return None
        pages[language] = page
    if SOURCE_LANGUAGE not in pages:
        return None
    source_page = pages[SOURCE_LANGUAGE]
    for language, page in pages.items():
        problems = pairing_findings(language, page, source_page, f"{commit.short}:{docs_folder}/{language}/{path}",
                                    None)
        if problems:
            history.findings += problems
            return None
    documents = {language: build_document(path, language, source_page.values, page.values)
                 for language, page in pages.items()}
    texts = {language: page.matter.body for language, page in pages.items()}
    body_lines = {language: page.matter.body_start_line for language, page in pages.items()}
    document = documents[SOURCE_LANGUAGE]
    expected = {
        "version": (document.version, version),
        "status": (document.status, "approved"),
        "approved_by": (document.approved_by, decision.body),
        "approved": (document.approved, decision.date),
        "case_number": (document.case_number, decision.case_number),
    }
    for key, (in_text, in_decision) in expected.items():
        if in_text != in_decision:
            history.findings.append(Finding(where, decision.line,
                                            f"{name}: the page says {key} {_shown(in_text)}, the Decision trailer "
                                            f"says {_shown(in_decision)}",
                                            "make the front matter and the Decision trailer record the same decision"))
            return None
    if change_type is None:
        return None
    # A translation that lags behind is not this version's text.
    documents = {lang: doc for lang, doc in documents.items() if doc.translation_is_current}
    texts = {lang: text for lang, text in texts.items() if lang in documents}
    return ApprovedVersion(document_id, version, name, commit.hash, commit.timestamp, change_type, documents, texts,
                           body_lines)


def unrecorded_approvals(corpus: Corpus, history: History, severity: Severity) -> list[Finding]:
    """Approved governing documents whose decision the record does not hold as it is shown: a version no commit
    records (a squashed or imported history, an approval committed without its trailer, or a withdrawn decision),
    or a page whose decision facts differ from the record. The site would show a decision no one recorded, so a
    publishing build refuses them (ERROR) and `make check` warns (WARNING)."""
    findings = []
    for document in corpus.in_language(SOURCE_LANGUAGE):
        if not document.in_handbook:
            continue
        source = corpus.sources[(document.language, document.path)]
        tag = f"{document.id}/v{document.version}"
        recorded = next((v for v in history.of(document.id) if v.version == document.version), None)
        withdrawn = next((c for c in history.withdrawn(document.id) if c.version == document.version), None)
        line = corpus.line_of(document.language, document.path, "version")
        if withdrawn is not None:
            findings.append(Finding(source.where, corpus.line_of(document.language, document.path, "status"),
                                    f"{tag} is shown as approved, but commit {withdrawn.short_commit} withdrew that "
                                    f"decision ({_clipped(withdrawn.reason('sv')[0], 60)})",
                                    "set 'status: draft' until a decision is taken, then record it as a new version, "
                                    f"e.g. {_next_version(tag)} (CONTRIBUTING.md)", severity))
        elif recorded is None:
            findings.append(Finding(source.where, line,
                                    f"{document.id} version {document.version} is approved, but no commit in Git "
                                    f"records the decision, so the site would show no history for it",
                                    f"record it with `make approve ID={document.id} VERSION={document.version} BODY=… "
                                    f"DATE=… CASE=… TYPE=…`, which commits the `Decision: {tag}` trailer and tags "
                                    f"it (CONTRIBUTING.md); a squashed or imported history must keep those commits",
                                    severity))
        else:
            findings += _fact_mismatches(corpus, document, recorded, severity)
    return findings


def _fact_mismatches(corpus: Corpus, document: Document, recorded: ApprovedVersion,
                     severity: Severity) -> list[Finding]:
    """The page's decision facts against the record (a corrected record included): one decision, told once."""
    findings = []
    decision = recorded.decision
    for key in ("approved_by", "approved", "case_number"):
        on_page, in_record = getattr(document, key), getattr(decision, key)
        if on_page != in_record:
            findings.append(Finding(corpus.sources[(document.language, document.path)].where,
                                    corpus.line_of(document.language, document.path, key),
                                    f"the page says {key} {_shown(on_page)}, but the record of {recorded.tag} "
                                    f"says {_shown(in_record)}",
                                    "make the front matter say what the record says; if the record is wrong, "
                                    "correct it with `make correct` (a `Correction:` trailer in a new commit; "
                                    "CONTRIBUTING.md)",
                                    severity))
    return findings


def _shown(value) -> str:
    return UNKNOWN if value is None else str(value)
