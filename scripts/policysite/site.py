"""What the MkDocs hooks do, as plain functions over the project's model and data."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment

from . import audiences, config, editions, frontmatter, sources
from .acknowledgement import code_for
from .checks import ACCESSIBILITY_STATEMENT, check_corpus, review_state, today
from .corpus import Corpus, load_corpus
from .data import ROLE_LEVELS, ROLE_SOURCES, GlossaryEntry, Role, load_glossary, load_labels, load_roles, localise
from .findings import Finding, FindingsError, Severity
from .markers import MARKER, replace_markers
from .model import LANGUAGES, SOURCE_LANGUAGE, Document, PartialDate
from .register import EXPORTS, REGISTER_PAGE, register_rows, to_csv, to_json
from .present import abbreviation_lines, format_date, glossary_views, metadata_rows, role_groups, role_views
from .urls import CHANGE_LOG_PAGE, CONTACT_PAGE, HOME_PAGE, feed_path, link_from, page_url, relative_url
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
                 strict: bool = False, edition: str | None = None, config_file: Path | None = None) -> Project:
    """Read data files and every page and check them; raise FindingsError if any finding is an error.

    Every source is untrusted input (policysite.sources): the tree is checked for links and misplaced
    files before anything is read, and mkdocs.yml's extra is read strictly from config_file (default
    ROOT/mkdocs.yml) unless the caller gives contacts. The check always covers every document, so a
    public page that links to an internal one fails in both editions. With an edition, the project's
    corpus is then that edition's documents only.
    """
    data_dir = root / "data"
    dates_until = on or latest_date(today())
    on = on or today()
    findings: list[Finding] = sources.tree_findings(root, docs_dir)
    roles: dict[str, Role] = {}
    glossary: list[GlossaryEntry] = []
    labels: dict = {}
    loaders = {"roles": lambda: load_roles(data_dir / "roles.yml"),
               "glossary": lambda: load_glossary(data_dir / "glossary.yml"),
               "labels": lambda: load_labels(data_dir / "labels.yml")}
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


def pages_with_marker(corpus: Corpus, name: str) -> list[str]:
    """The pages (as users name them, Swedish first) whose body has the marker '<!-- md:name -->'."""
    found = []
    for (language, path), source in sorted(corpus.sources.items(), key=lambda item: (item[0][0] != SOURCE_LANGUAGE, item[0])):
        text = sources.read_text(corpus.docs_dir / language / path, source.where, sources.PAGE_LIMIT)
        if any(match.group(1) == name for match in MARKER.finditer(text)):
            found.append(source.where)
    return found


def publishing() -> bool:
    """Whether this build publishes (policysite.build sets POLICYSITE_PUBLISH=1); `make serve` does not."""
    from .history.publish import PUBLISH_VARIABLE  # imports this module
    return os.environ.get(PUBLISH_VARIABLE) == "1"


def page_location(src_uri: str) -> tuple[str, str]:
    """('sv', 'principer/index.md') from the MkDocs src_uri 'sv/principer/index.md'."""
    language, _, path = src_uri.partition("/")
    if language not in LANGUAGES or not path:
        raise FindingsError([Finding(f"docs/{src_uri}", 1, "page is outside the language folders",
                                     f"move it under one of: {', '.join(f'docs/{lang}/' for lang in LANGUAGES)}")])
    return language, path


def render_markers(project: Project, env: Environment, language: str, path: str, markdown: str) -> str:
    """Expand content markers and append the glossary's tooltip definitions."""
    labels = project.labels_for(language)
    other = next(lang for lang in LANGUAGES if lang != language)
    current_roles = role_views(project.roles, language, historical=False)

    def render(template: str, **context) -> str:
        return env.get_template(f"partials/markers/{template}.html").render(
            labels=labels, language=language, other_language=other, **context)

    renderers = {
        "roles-table": lambda: render("roles-table", roles=current_roles, sources=role_source_links(project, language, path),
                                      former=role_views(project.roles, language, historical=True)),
        "roles-diagram": lambda: render("roles-diagram", groups=role_groups(current_roles, ROLE_LEVELS)),
        "contacts": lambda: render("contacts", contacts=contact_views(project, language), editor=not publishing()),
        "glossary": lambda: render("glossary", entries=glossary_views(project.glossary, language, other)),
        "document-register": lambda: render("document-register", rows=register_view(project, language, path, today()),
                                            exports=EXPORTS),
    }
    renderers.update(audiences.marker_renderers(project.corpus, labels, project.acknowledgements, language, path, render))
    if project.history is not None:
        renderers.update(project.history.marker_renderers(project, language, path, render))
    source = project.docs_dir / language / path
    _, body, body_line = frontmatter.split(source.read_text(encoding="utf-8"))
    body_line += len(body) - len(body.lstrip("\n"))  # MkDocs drops the blank lines after the front matter
    markdown = replace_markers(markdown, renderers, f"docs/{language}/{path}", body_line)
    title = project.corpus.get(language, path).title
    # One block per definition: Python-Markdown's abbr takes one definition off the front of a block and runs
    # every block processor's test on the rest again, which is quadratic in the length of a block of them.
    return markdown + "\n\n" + "\n\n".join(abbreviation_lines(project.glossary, language, title)) + "\n"


def role_source_links(project: Project, language: str, path: str) -> dict[str, str | None]:
    """Each role source's link from the page at path: its document's page or, for a version that is no longer
    the current one, that page's change history, which lists it; None where the document is not published."""
    from .history.views import HISTORY_ANCHOR
    links: dict[str, str | None] = {}
    for source, (document_id, version) in ROLE_SOURCES.items():
        document = next((d for d in project.corpus.in_language(language) if d.id == document_id), None)
        href = relative_url(page_url(language, document.path), page_url(language, path)) if document else None
        links[source] = href if href is None or document.version == version else f"{href}#{HISTORY_ANCHOR}"
    return links


def register_view(project: Project, language: str, path: str, on: dt.date) -> list[dict]:
    """Register rows with localised values and links relative to the register page."""
    labels = project.labels_for(language)
    values = labels["values"]
    here = page_url(language, path)

    def role(key: str | None) -> str | None:
        return project.roles[key].name[language] if key else None

    def date(text: str | None) -> str | None:
        return format_date(PartialDate.parse(text), language) if text else None

    return [
        {
            **asdict(row),
            "url": relative_url(page_url(language, row.path), here),
            "type_label": values["type"][row.type],
            "status_label": values["status"][row.status],
            "owner_label": role(row.owner),
            "approved_by_label": role(row.approved_by),
            "approved_label": date(row.approved),
            "next_review_label": date(row.next_review),
        }
        for row in register_rows(project.corpus, language, on)
    ]


def write_register_exports(project: Project, language: str, site_dir: Path, on: dt.date) -> None:
    """documents.csv and documents.json next to the language's register page."""
    rows = register_rows(project.corpus, language, on)
    folder = site_dir / page_url(language, REGISTER_PAGE)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "documents.csv").write_text(to_csv(rows), encoding="utf-8")
    (folder / "documents.json").write_text(to_json(rows, language), encoding="utf-8")


def contact_views(project: Project, language: str) -> list[dict]:
    return [
        {
            "role": project.roles[c["role"]].name[language],
            "unit": (c.get("unit") or {}).get(language),
            "mailbox": c.get("mailbox") or None,
            "phone": c.get("phone") or None,
        }
        for c in project.contacts
    ]


def theme_files_under(files, custom_dir: Path, folder: str) -> list:
    """Files MkDocs would publish from a folder of overrides/ that only the build reads (templates, print assets)."""
    return [f for f in files
            if f.src_uri.startswith(folder) and f.abs_src_path and custom_dir in Path(f.abs_src_path).parents]


# Theme templates that MkDocs writes to the site root on every language build.
LANGUAGE_TEMPLATES = ("404.html",)


def route_language_template(output: str, template_name: str, site_dir: Path, language: str) -> str:
    """Write a translation's copy of a root template under its language folder.

    Returns what MkDocs should write at the root: nothing for translations, so
    the Swedish 404 page is not overwritten by the English build.
    """
    if template_name not in LANGUAGE_TEMPLATES or language == SOURCE_LANGUAGE:
        return output
    target = site_dir / language / template_name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""


# The pages every footer links to, besides the accessibility statement (DOS-lagen: easy to find).
FOOTER_PAGES = {"contact_url": CONTACT_PAGE, "register_url": REGISTER_PAGE, "changelog_url": CHANGE_LOG_PAGE}


def footer_view(language: str, current_url: str | None, site_url: str) -> dict:
    """Links every page's footer carries (urls.link_from: relative, or from the site's path on the 404 page)."""
    other = next(lang for lang in LANGUAGES if lang != language)
    view = {key: link_from(page_url(language, path), current_url, site_url) for key, path in FOOTER_PAGES.items()}
    view.update(
        accessibility_url=link_from(page_url(language, ACCESSIBILITY_STATEMENT), current_url, site_url),
        home_url=link_from(page_url(language, HOME_PAGE), current_url, site_url),
        feed_url=link_from(feed_path(language), current_url, site_url),
        other_language=other,
        other_language_url=link_from(page_url(other, HOME_PAGE), current_url, site_url),
    )
    return view


def language_root_url(language: str, current_url: str) -> str:
    """Link from a page to its language's root, where that language's search index lives."""
    return relative_url(page_url(language, "index.md"), current_url)


@dataclass(frozen=True)
class PageView:
    """What the page templates need to know about the document on the page."""

    document: Document
    rows: list
    alternate_url: str
    alternate_language: str
    source_url: str | None
    banner: dict | None
    review_overdue_since: str | None  # localised date
    stale_translation: bool
    internal: dict | None  # the "not for distribution" notice an internal document carries (title, text)


def page_view(project: Project, language: str, path: str, current_url: str, on: dt.date) -> PageView:
    document = project.corpus.get(language, path)
    labels = project.labels_for(language)
    other = next(lang for lang in LANGUAGES if lang != language)
    alternate_url = relative_url(page_url(other, path), current_url)
    review = review_state(document, on)
    return PageView(
        document=document,
        rows=metadata_rows(document, project.roles, labels, code_for(project.acknowledgements, document)),
        alternate_url=alternate_url,
        alternate_language=other,
        source_url=alternate_url if language != SOURCE_LANGUAGE else None,
        banner=labels["banner"].get(document.status),
        review_overdue_since=format_date(review.next_review, language) if review.overdue else None,
        stale_translation=not document.translation_is_current,
        internal=internal_notice(document, labels),
    )


def internal_notice(document: Document, labels: dict) -> dict | None:
    """The notice an internal document shows on its page and its PDF; None for a public one.

    Only the internal edition has internal documents, so only it shows the notice.
    """
    return labels["internal"] if document.classification == "internal" else None
