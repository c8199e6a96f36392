"""Links from pages to the PDFs the build keeps of earlier approved versions ('historik/<id>/<ID>-v<version>-<lang>.pdf').

The check (policysite.checks) accepts such a link when it names an earlier version of a document of the page's
language. Only Git's record says whether that version was approved; the build knows the record, so it tells MkDocs
which of these PDFs exist (the PDF stage writes them) and warns about a link to one the record does not hold.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..corpus import Corpus
from ..findings import Finding, Severity
from ..structure import resolve
from ..urls import archived_pdf, page_url
from .record import History
from .views import archived_pdf_source, archived_pdf_target, archived_versions


@dataclass(frozen=True)
class StandIn:
    """A file MkDocs resolves links to and never writes: src_uri 'sv/historik/…pdf', dest_uri its site path."""
    src_uri: str
    dest_uri: str


def archive_stand_ins(history: History, corpus: Corpus, language: str) -> tuple[list[StandIn], list[Finding]]:
    """A stand-in for every earlier version's PDF in the record, and for every linked one it lacks (with a warning:
    a copy or a shallow clone has no record, and its build should still show the pages)."""
    current = {document.id: document for document in corpus.in_language(language)}
    recorded = {archived_pdf_source(version, language): archived_pdf(version, language)
                for version in archived_versions(history, current, language)}
    stand_ins = [StandIn(f"{language}/{source}", dest) for source, dest in recorded.items()]
    findings: list[Finding] = []
    missing: dict[str, str] = {}  # linked, but not in the record
    for (source_language, path), source in sorted(corpus.sources.items()):
        if source_language != language:
            continue
        for link in source.structure.links:
            target = resolve(path, link.target) if link.target and not link.image else ""
            named = archived_pdf_target(target)
            if named is None or target in recorded:
                continue
            document_id, version, _ = named
            findings.append(Finding(
                source.where, link.line,
                f"link '{link.target}' names {document_id} version {version}, which this clone's Git record does not "
                "hold as an earlier approved version, so the link leads nowhere in this build",
                "build from a full clone (a copy or a shallow clone has no record), or link a version that the "
                "document's change history lists", Severity.WARNING))
            missing.setdefault(target, page_url(language, posixpath.dirname(target) + "/index.md")
                               + posixpath.basename(target))
    stand_ins += [StandIn(f"{language}/{target}", dest) for target, dest in missing.items()]
    return stand_ins, findings
