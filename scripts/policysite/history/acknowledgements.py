"""Which text each decided version's acknowledgement code is made from, as Git records it.

A code records that someone read a version that applies, so only a decided version has one: the code is made
from the Swedish text at the version's approval commit (its `Decision:` trailer), never from the text a build
sees (that moves with every editorial fix). Information pages are not decided and have no codes
(notes/decisions/0007-document-landscape.md). An approved document whose decision is not recorded yet has no
code either: the page says so and the build warns, because a code made from working text could change before
the decision is committed, and a contractor could record a code that never existed in Git.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..acknowledgement import acknowledgement_code
from ..corpus import Corpus
from ..findings import Finding, Severity
from ..model import SOURCE_LANGUAGE, Document
from .git import Repository
from .record import History


@dataclass(frozen=True)
class Acknowledgement:
    code: str
    commit: str  # the approval commit, whose Swedish text the code is made from


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
                acknowledgement_code(document_id, version.version, version.texts[SOURCE_LANGUAGE]), version.commit)
    findings = [not_committed(corpus, d) for d in current.values()
                if d.status == "approved" and (d.id, d.version) not in found]
    return found, findings


def not_committed(corpus: Corpus, document: Document) -> Finding:
    source = corpus.sources[(document.language, document.path)]
    return Finding(source.where, corpus.line_of(document.language, document.path, "version"),
                   f"version {document.version} has no acknowledgement code yet: no commit records its decision",
                   "record the decision with `make approve` (CONTRIBUTING.md); the code is made from the text at "
                   "the commit it makes",
                   Severity.WARNING)
