"""Which text each approved version's acknowledgement code is made from, as Git records it.

The code must change when, and only when, the approved version changes, so it is never made from the text a
build sees (that moves with every editorial fix). It is made from:

1. the Swedish text at the version's approval commit, where the history records one (a `Decision:` trailer);
2. otherwise (information pages are approved without a decision record), the Swedish text at the first commit
   of the newest unbroken run of commits in which the page was approved with that version: the text as it
   was when that version was first committed;
3. otherwise (the version is not committed yet) nothing: the page shows that it is not committed yet and the
   build warns. Hashing the working text instead would give a code that changes with every edit before the
   commit, and a contractor could record a code that never existed in Git.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import frontmatter
from ..acknowledgement import acknowledgement_code
from ..corpus import Corpus
from ..findings import Finding, Severity
from ..model import SOURCE_LANGUAGE, Document
from .git import FileReader, Repository, file_commits
from .record import History

FROM_DECISION = "decision"
FROM_FIRST_COMMIT = "first commit"


@dataclass(frozen=True)
class Acknowledgement:
    code: str
    commit: str  # the commit whose Swedish text the code is made from
    basis: str  # FROM_DECISION or FROM_FIRST_COMMIT


def acknowledgements(repository: Repository, docs_folder: str, history: History,
                     corpus: Corpus) -> tuple[dict[tuple[str, str], Acknowledgement], list[Finding]]:
    """(id, version) -> code, for every approved version of a document in the corpus; warnings for those without."""
    current = {document.id: document for document in corpus.in_language(SOURCE_LANGUAGE)}
    found: dict[tuple[str, str], Acknowledgement] = {}
    for document_id, versions in history.versions.items():
        if document_id not in current:
            continue  # not in this build (left out of the edition, or no longer in the framework)
        for version in versions:
            found[(document_id, version.version)] = Acknowledgement(
                acknowledgement_code(document_id, version.version, version.texts[SOURCE_LANGUAGE]), version.commit,
                FROM_DECISION)
    findings = []
    unrecorded = [d for d in current.values() if d.status == "approved" and (d.id, d.version) not in found]
    if unrecorded:
        commits = file_commits(repository, f"{docs_folder}/{SOURCE_LANGUAGE}")
        with FileReader(repository) as reader:
            for document in unrecorded:
                path = f"{docs_folder}/{SOURCE_LANGUAGE}/{document.path}"
                first = first_approved_text(reader, path, commits.get(path, []), document.version)
                if first is None:
                    findings.append(not_committed(corpus, document))
                    continue
                commit, body = first
                found[(document.id, document.version)] = Acknowledgement(
                    acknowledgement_code(document.id, document.version, body), commit, FROM_FIRST_COMMIT)
    return found, findings


def first_approved_text(reader: FileReader, path: str, commits: list[str], version: str) -> tuple[str, str] | None:
    """(commit, Markdown body) where the newest run of commits approving `version` of the page began.

    `commits` are those that changed the page, newest first. The run must reach the newest of them: if the
    last commit says another version or status, this version is not committed (yet, or any more).
    A commit whose front matter does not parse says nothing about the version and is passed over.
    """
    first = None
    for commit in commits:
        text = reader.read(commit, path)
        if text is None:
            break  # the page did not exist there: a run before it is another life of the path
        try:
            matter = frontmatter.parse(text)
        except frontmatter.FrontMatterError:
            continue
        if str(matter.data.get("version")) != version or matter.data.get("status") != "approved":
            break
        first = (commit, matter.body)
    return first


def not_committed(corpus: Corpus, document: Document) -> Finding:
    source = corpus.sources[(document.language, document.path)]
    return Finding(source.where, corpus.line_of(document.language, document.path, "version"),
                   f"version {document.version} has no acknowledgement code yet: Git has no commit of the page "
                   f"approved with this version",
                   "commit the page; the code is made from the text as first committed with this version",
                   Severity.WARNING)
