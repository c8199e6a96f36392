"""The project a build reads besides the Markdown bodies, and its loader: data files, every page, their checks."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import config, editions, sources
from .checks import check_corpus, today
from .corpus import Corpus, load_corpus
from .data import GlossaryEntry, Role, load_glossary, load_labels, load_roles, localise
from .findings import Finding, FindingsError, Severity
from .markers import pages_with_marker
from .model import Document
from .yamlsource import shown


@dataclass
class Project:
    """Everything a build reads besides the Markdown bodies."""

    root: Path
    docs_dir: Path
    roles: dict[str, Role]
    glossary: list[GlossaryEntry]
    labels: dict
    contacts: list[dict]
    corpus: Corpus = field(default_factory=lambda: Corpus(Path()))
    findings: list[Finding] = field(default_factory=list)  # warnings and notices that do not stop a build
    history: Any = None  # policysite.history.publish.ProjectHistory, once a build has read Git
    # The edition being built (policysite.editions); None for the check, which reads the whole corpus.
    # `corpus` then holds only that edition's documents, and `left_out` the Swedish pages it leaves out.
    edition: str | None = None
    left_out: tuple[Document, ...] = ()
    withheld_files: frozenset[str] = frozenset()  # src_uris of files only left-out pages use (editions.withheld_files)

    def labels_for(self, language: str) -> dict:
        return localise(self.labels, language)

    @property
    def acknowledgements(self) -> dict[tuple[str, str], str]:
        """(id, version) -> acknowledgement code; they come from Git, so none until a build has read it."""
        return self.history.acknowledgements if self.history is not None else {}


def load_project(root: Path, docs_dir: Path, contacts: list[dict] | None = None, *, on: dt.date | None = None,
                 strict: bool = False, edition: str | None = None, config_file: Path | None = None,
                 labels: dict | None = None) -> Project:
    """Read data files and every page and check them; raise FindingsError if any finding is an error.

    Every source is untrusted input (policysite.sources): the tree is checked for links and misplaced
    files before anything is read, and mkdocs.yml's extra is read strictly from config_file (default
    ROOT/mkdocs.yml) unless the caller gives contacts. The check always covers every document, so a
    public page that links to an internal one fails in both editions. With an edition, the project's
    corpus is then that edition's documents only. A build that has read data/labels.yml already gives its labels.
    """
    data_dir = root / "data"
    dates_until = on or latest_date(today())
    on = on or today()
    findings: list[Finding] = sources.tree_findings(root, docs_dir)
    roles: dict[str, Role] = {}
    glossary: list[GlossaryEntry] = []
    loaders = {"roles": lambda: load_roles(data_dir / "roles.yml"),
               "glossary": lambda: load_glossary(data_dir / "glossary.yml"),
               "labels": (lambda: labels) if labels is not None else (lambda: load_labels(data_dir / "labels.yml"))}
    if contacts is None:
        loaders["extra"] = lambda: config.read_extra(config_file or root / config.CONFIG_FILE)
    loaded: dict[str, Any] = {}
    for name, loader in loaders.items():
        try:
            loaded[name] = loader()
        except FindingsError as exc:
            findings += exc.findings
    roles, glossary, labels = loaded.get("roles", {}), loaded.get("glossary", []), loaded.get("labels", {})
    if contacts is None:
        extra, extra_problems = loaded.get("extra", ({}, []))
        findings += extra_problems
        contacts = extra.get("contacts") if isinstance(extra.get("contacts"), list) else []
    if "roles" in loaded:
        findings += check_contacts(contacts or [], roles)
    corpus, corpus_findings = load_corpus(docs_dir, frozenset(roles) if "roles" in loaded else None, root, dates_until)
    findings += corpus_findings
    if not findings:  # every finding so far is an error; the content checks judge a corpus that has none
        findings = sorted(check_corpus(corpus, on, strict) + contact_channel_findings(contacts or [], corpus, strict))
    if any(f.severity is Severity.ERROR for f in findings):
        raise FindingsError(list(set(findings)))  # a linked data file is found by the tree and by its reader
    left_out = editions.left_out(corpus, edition) if edition else ()
    withheld = editions.withheld_files(corpus, edition) if edition else frozenset()
    if edition:
        corpus = editions.edition_corpus(corpus, edition)
    return Project(root, docs_dir, roles, glossary, labels, contacts or [], corpus, findings,
                   edition=edition, left_out=left_out, withheld_files=withheld)


def latest_date(build_date: dt.date) -> dt.date:
    """The day after which a date in the sources is in the future: the build's date, or the clock's if later.

    `make site` takes the build's date from the last commit (SOURCE_DATE_EPOCH), which may be older than the
    review the commit records, so the clock counts too: its date anywhere on Earth (UTC+14), so an editor
    east of UTC is never told that today is in the future. An explicit `--today` is used as given.
    """
    return max(build_date, dt.datetime.now(dt.timezone(dt.timedelta(hours=14))).date())


def check_contacts(contacts: list[dict], roles: dict[str, Role]) -> list[Finding]:
    """Contacts name roles of data/roles.yml (their shape is checked by policysite.config)."""
    findings = []
    lines = contacts if hasattr(contacts, "line_of") else None
    for index, contact in enumerate(contacts):
        role = contact.get("role") if isinstance(contact, dict) else None
        if role not in roles:
            line = contact.line_of("role") if hasattr(contact, "line_of") else (lines.line_of(index) if lines else 1)
            findings.append(Finding("mkdocs.yml", line, f"extra.contacts[{index}] names unknown role {shown(role)}",
                                    f"use a key from data/roles.yml: {', '.join(sorted(roles))}"))
    return findings


def contact_channel_findings(contacts: list[dict], corpus: Corpus, strict: bool = False) -> list[Finding]:
    """A contact point that a page shows (the contacts marker) but readers cannot reach: no mailbox and no phone.

    A warning (an error with --strict, as an overdue review is), so that the region fills it in; the page then
    says "uppgift saknas" to readers and, outside publishing builds, shows editors the same notice
    (overrides/partials/markers/contacts.html). A tree that shows no contacts (a test fixture) is not told.
    """
    pages = pages_with_marker(corpus, "contacts")
    if not pages:
        return []
    lines = contacts if hasattr(contacts, "line_of") else None
    findings = []
    for index, contact in enumerate(contacts):
        if not isinstance(contact, dict) or config.has_channel(contact):
            continue
        key = "mailbox" if "mailbox" in contact else "role"
        line = contact.line_of(key) if hasattr(contact, "line_of") else (lines.line_of(index) if lines else 1)
        findings.append(Finding(
            config.CONFIG_FILE, line,
            f"extra.contacts[{index}] ({shown(contact.get('role'))}) has neither a mailbox nor a phone number, "
            f"so {pages[0]} gives readers no way to reach it",
            'add the function mailbox (mailbox: …) or phone number (phone: "…") once the region has decided it; '
            'until then the page says "uppgift saknas"',
            Severity.ERROR if strict else Severity.WARNING))
    return findings


def publishing() -> bool:
    """Whether this build publishes (policysite.build sets POLICYSITE_PUBLISH=1); `make serve` does not."""
    from .history.publish import PUBLISH_VARIABLE  # imports this module
    return os.environ.get(PUBLISH_VARIABLE) == "1"
