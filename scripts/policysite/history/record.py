"""Approved versions as Git records them: a commit whose `Decision:` trailer and front matter agree, mirrored
by an annotated tag `<id>/v<version>` for Git users (the convention: CONTRIBUTING.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .. import frontmatter
from ..corpus import Corpus
from ..findings import Finding, Severity
from ..model import LANGUAGES, SOURCE_LANGUAGE, Document, PartialDate, build_document, parse_fields
from .git import Commit, FileReader, Repository, Tag, commits, list_files, tags

TAG_PATTERN = re.compile(r"^(?P<id>[A-Z]{3}-[A-Z]{3}-\d{3})/v(?P<version>\d+\.\d+)$")
LOOKS_LIKE_OURS = re.compile(r"^[A-Z]{3}-[A-Z]{3}-\d{3}/")
DECISION_LINE = re.compile(r"^[ \t]*decision[ \t]*:", re.IGNORECASE)  # any line that means to record one
AMEND = "amend the commit before it is shared, or record the decision again in a new commit"
TRAILER_FIX = ("put the `Decision:` and `Change-type:` lines together in the message's last paragraph, with no "
               f"text after them (`git interpret-trailers --parse` shows what Git reads); {AMEND}")
CHANGE_TYPES = ("editorial", "substantive")
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Decision:
    tag: str
    body: str
    date: PartialDate | None
    case_number: str | None
    line: int  # in the commit message


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
        return History(versions, list(self.findings))

    def all_newest_first(self) -> list[ApprovedVersion]:
        every = [v for versions in self.versions.values() for v in versions]
        return sorted(every, key=lambda v: (v.recorded, v.id, _version_key(v.version)), reverse=True)


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
    """(text, line) of `Decision:` lines Git does not read as trailers: approvals that would vanish silently."""
    taken = {line for key, _, line in read if key.lower() == "decision"}
    return [(text.strip(), number) for number, text in enumerate(commit.message.split("\n"), 1)
            if DECISION_LINE.match(text) and number not in taken]


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


def load_history(repository: Repository, docs_folder: str, role_keys: frozenset[str]) -> History:
    """Every approved version recorded in Git, checked against its Decision trailer and its front matter."""
    history = History()
    decisions: dict[str, tuple[Commit, Decision, str | None]] = {}
    unread: list[tuple[Commit, str, int]] = []
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
                history.findings.append(Finding(where, line, f"{decision.tag} was already approved in commit "
                                                f"{decisions[decision.tag][0].short}",
                                                "record a changed text as a new version, e.g. "
                                                f"{_next_version(decision.tag)}"))
                continue
            decisions[decision.tag] = (commit, decision, change_type)
    history.findings += _unread_findings(unread, decisions)

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
            version = _read_version(repository, reader, name, commit, decision, change_type, docs_folder, role_keys,
                                    history)
            if version is None:
                continue  # its error says what to fix; a tag for a record that does not hold would be bad advice
            history.versions.setdefault(version.id, []).append(version)
            if name not in tagged:
                history.findings.append(Finding(f"commit {commit.short}", decision.line,
                                                f"the approval of {name} has no tag in this clone",
                                                f"fetch the tags (`git fetch --tags`), or tag the approval: "
                                                f"`git tag -a {name} {commit.short} -m <summary>`", Severity.WARNING))
    for versions in history.versions.values():
        versions.sort(key=lambda v: _version_key(v.version))
    return history


def _unread_findings(unread: list[tuple[Commit, str, int]],
                     decisions: dict[str, tuple[Commit, Decision, str | None]]) -> list[Finding]:
    """An unread `Decision:` line is an error, until another commit records the same version as a trailer: an
    old commit cannot be changed once shared, and must not lock every build after the approval is recorded."""
    findings = []
    for commit, text, line in unread:
        value = text.split(":", 1)[1].strip()
        tag = value.split(";", 1)[0].strip()
        recorded = decisions.get(tag)
        problem = (f"{named(commit)}: Git does not read `{_clipped(text)}` as a trailer, "
                   "so this approval is not recorded")
        if recorded and recorded[0].hash != commit.hash:
            findings.append(Finding(f"commit {commit.short}", line, problem,
                                    f"nothing to do: commit {recorded[0].short} records {tag}", Severity.WARNING))
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
    documents: dict[str, Document] = {}
    texts: dict[str, str] = {}
    body_lines: dict[str, int] = {}
    values: dict[str, dict] = {}
    for language in LANGUAGES:
        text = reader.read(commit.hash, f"{docs_folder}/{language}/{path}")
        if text is None:
            continue
        source = f"{commit.short}:{docs_folder}/{language}/{path}"
        try:
            matter = frontmatter.parse(text)
        except frontmatter.FrontMatterError as exc:
            history.findings.append(exc.finding(source))
            return None
        parsed, problems = parse_fields(matter.data, matter.key_lines, source,
                                        is_translation=language != SOURCE_LANGUAGE, role_keys=role_keys)
        if problems:
            history.findings += problems
            return None
        values[language] = parsed
        texts[language] = matter.body
        body_lines[language] = matter.body_start_line
    if SOURCE_LANGUAGE not in values:
        return None
    source_values = values[SOURCE_LANGUAGE]
    for language, own in values.items():
        documents[language] = build_document(path, language, source_values, own)
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
    """Approved governing documents whose version no commit records: a squashed or imported history, or an
    approval committed without its trailer. The site would show them with no history at all, so a publishing
    build refuses them (ERROR) and `make check` warns (WARNING)."""
    findings = []
    for document in corpus.in_language(SOURCE_LANGUAGE):
        if not document.in_handbook or any(v.version == document.version for v in history.of(document.id)):
            continue
        source = corpus.sources[(document.language, document.path)]
        tag = f"{document.id}/v{document.version}"
        findings.append(Finding(source.where, corpus.line_of(document.language, document.path, "version"),
                                f"{document.id} version {document.version} is approved, but no commit in Git records "
                                f"the decision, so the site would show no history for it",
                                f"commit the approval with `Decision: {tag}; <body>; <date>; <case number>` and "
                                f"`Change-type: …` as the message's last paragraph and tag it {tag} "
                                f"(CONTRIBUTING.md); a squashed or imported history must keep those commits",
                                severity))
    return findings


def _shown(value) -> str:
    return UNKNOWN if value is None else str(value)
