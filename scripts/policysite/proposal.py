"""A decision basis (beslutsunderlag): a governing document's proposed version, from the working tree, for the
body that decides it. `make proposal ID=…` writes a PDF per language (main below); `make serve` shows the same
comparison as a page (hooks/proposal.py). Neither is ever published.

What the decision needs comes first: the proposed version (the working tree's front matter), the owner, the body
that decides (the front matter's `approved_by`: the owner names it before the decision, as the decision will
record it), and what it replaces (the version in force, as Git's record of decisions holds it). Then the editors'
account of the changes, the changes against the version in force marked by the site's own comparison
(policysite.history.diff, partials/history/blocks.html), and the whole proposed text.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from bs4 import BeautifulSoup
from markupsafe import Markup

from . import frontmatter
from .checks import today
from .corpus import Corpus
from .data import Role
from .findings import Finding, FindingsError
from .history.diff import Comparison, compare
from .history.record import ApprovedVersion, History
from .history.render import text_html, version_html
from .history.views import ShownRun, decided, diff_counts, markdown_literal, shown_runs
from .model import SOURCE_LANGUAGE, Document, PartialDate
from .present import format_date
from .rendered import MarkdownSettings
from .text import fill
from .urls import page_url, proposal_path, proposal_pdf, public_base_url, relative_url
from .views import internal_notice

OUT_DIR = Path("dist") / "proposals"


class Refusal(Exception):
    """Why no decision basis is made: `path:line: problem — fix` or `problem — fix` lines."""

    def __init__(self, *lines: object):
        super().__init__("\n".join(str(line) for line in lines))


def governing_document(corpus: Corpus, document_id: str) -> Document:
    """The Swedish document with this id, if it is one a decision approves."""
    found = next((d for d in corpus.in_language(SOURCE_LANGUAGE) if d.id == document_id), None)
    if found is None:
        ids = ", ".join(sorted(d.id for d in corpus.in_language(SOURCE_LANGUAGE) if d.is_governing))
        raise Refusal(f"{document_id or '(no id)'} is not the id of a document — give the id of a policy, guideline "
                      f"or routine: {ids}")
    if not found.is_governing:
        raise Refusal(f"{document_id} is an information page, and no decision approves one — a decision basis is "
                      "made for a policy, a guideline or a routine")
    return found


def version_in_force(history: History, document_id: str) -> ApprovedVersion | None:
    """The latest version Git's record holds as decided (a withdrawn decision is none), or None."""
    versions = history.of(document_id)
    return versions[-1] if versions else None


def version_key(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


def version_not_higher(document: Document, in_force: ApprovedVersion | None) -> bool:
    return in_force is not None and version_key(document.version) <= version_key(in_force.version)


def working_body(docs_dir: Path, document: Document) -> tuple[str, int]:
    """The Markdown body of the document's working-tree file and the line it starts on."""
    matter = frontmatter.read(docs_dir / document.language / document.path)
    return matter.body, matter.body_start_line


def proposed_html(docs_dir: Path, document: Document, settings: MarkdownSettings) -> str:
    """The proposed text as the site would show it, rendered as the comparison renders approved versions."""
    body, first_line = working_body(docs_dir, document)
    return text_html(body, document.language, document.path, settings, f"docs/{document.language}/{document.path}",
                     first_line, "the proposed text")


def comparison(in_force: ApprovedVersion | None, language: str, new_html: str,
               settings: MarkdownSettings) -> Comparison | None:
    """The proposed text against the version in force in `language`; None when that version has no text in it."""
    if in_force is None or language not in in_force.texts:
        return None
    return compare(version_html(in_force, language, settings), new_html)


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    missing: bool = False


@dataclass(frozen=True)
class ProposalView:
    """A decision basis in one language, for overrides/pdf/proposal.html and overrides/partials/proposal/page.html."""

    language: str
    id: str
    title: str  # "Förslag till Säkerhetspolicy, version 2.1"
    document_title: str
    version: str
    rows: tuple[Row, ...]
    translation_of: str | None  # English: the Swedish version it translates
    summary: str | None  # change_summary
    items: tuple[str, ...]  # changes
    changes_heading: str | None  # None: the first version, nothing to compare with
    changes_intro: str | None
    counts: str | None
    runs: tuple[ShownRun, ...]
    text_heading: str
    internal: dict | None  # the handling notice of an internal document (views.internal_notice)
    basis: str | None = None  # which commit the text comes from (the PDF only)
    problems: tuple[str, ...] = ()  # what `make proposal` would refuse (the serve page only)


def proposal_view(document: Document, source: Document, in_force: ApprovedVersion | None,
                  compared: Comparison | None, roles: dict[str, Role], labels: dict) -> ProposalView:
    """`document` in the view's language, `source` the Swedish one (the governance facts), `labels` localised."""
    language = document.language
    text = labels["proposal"]
    if source.approved_by in roles:
        decides = Row(text["decides"], roles[source.approved_by].name[language])
    else:
        decides = Row(text["decides"], text["decides_missing"], missing=True)
    rows = (
        Row(text["document"], f"{document.title} ({document.id})"),
        Row(labels["metadata"]["type"], labels["values"]["type"][document.type]),
        Row(text["proposed_version"], document.version),
        Row(labels["metadata"]["owner"], roles[document.owner].name[language]),
        decides,
        Row(text["replaces"], replaces(in_force, roles, labels, language)),
        Row(labels["metadata"]["classification"], labels["values"]["classification"][document.classification]),
    )
    translation_of = None
    if document.is_translation:
        translation_of = (f"{fill(labels['metadata']['translation_of'], version=document.translation_of_version)}. "
                          f"{labels['metadata']['source_text']}")
    problems = ()
    if version_not_higher(source, in_force):
        problems = (fill(text["version_not_higher"], version=source.version, current=in_force.version),)
    return ProposalView(
        language=language,
        id=document.id,
        title=fill(text["title"], title=document.title, version=document.version),
        document_title=document.title,
        version=document.version,
        rows=rows,
        translation_of=translation_of,
        summary=document.change_summary,
        items=tuple(document.changes or ()),
        changes_heading=fill(text["changes_heading"], version=in_force.version) if compared else None,
        changes_intro=fill(text["changes_intro"], old=in_force.version) if compared else None,
        counts=diff_counts(compared, labels) if compared else None,
        runs=shown_runs(compared, labels) if compared else (),
        text_heading=fill(text["text_heading"], version=document.version),
        internal=internal_notice(document, labels),
        problems=problems,
    )


def replaces(in_force: ApprovedVersion | None, roles: dict[str, Role], labels: dict, language: str) -> str:
    if in_force is None:
        return labels["proposal"]["replaces_none"]
    facts = decided(in_force, roles, language)
    missing = labels["not_recorded"]
    return fill(labels["proposal"]["replaces_version"], version=in_force.version, body=facts.body or missing,
                date=facts.date or missing, case_number=facts.case_number or missing)


# --- The page under `make serve` (hooks/proposal.py): the same comparison, for review before the meeting ----------

@dataclass(frozen=True)
class ServePage:
    src_uri: str  # 'sv/forslag/sak-pol-001.md'
    dest_uri: str
    markdown: str  # only the title: partials/proposal/page.html shows the rest
    document: Document  # in the page's language
    in_force: ApprovedVersion
    comparison: Comparison


def serve_pages(project, history: History, language: str, settings: MarkdownSettings) -> list[ServePage]:
    """A page for each governing document whose working text in `language` differs from the version in force, as
    the comparison sees it (a change of markup alone, such as an id, is none)."""

    pages = []
    for document in project.corpus.in_language(language):
        in_force = version_in_force(history, document.id) if document.is_governing else None
        if in_force is None or language not in in_force.texts:
            continue
        if working_body(project.docs_dir, document)[0] == in_force.texts[language]:
            continue
        compared = compare(version_html(in_force, language, settings),
                           proposed_html(project.docs_dir, document, settings))
        if compared.identical:
            continue
        path = proposal_path(document.id)
        title = fill(project.labels_for(language)["proposal"]["title"], title=document.title, version=document.version)
        pages.append(ServePage(f"{language}/{path}", page_url(language, path) + "index.html",
                               f"---\nsearch:\n  exclude: true\n---\n\n# {markdown_literal(title)}\n",
                               document, in_force, compared))
    return pages


def serve_view(project, page: ServePage) -> ProposalView:
    document = page.document
    source = project.corpus.get(SOURCE_LANGUAGE, document.path)
    return proposal_view(document, source, page.in_force, page.comparison, project.roles,
                         project.labels_for(document.language))


@dataclass(frozen=True)
class EditorNotice:
    """On a document's page under `make serve`: its text differs from the version in force; a link to the proposal."""

    version: str  # the version in force
    url: str  # relative to the document's page


def document_link(page: ServePage) -> str:
    """From the proposal page back to the document's page."""
    document = page.document
    return relative_url(page_url(document.language, document.path),
                        page_url(document.language, proposal_path(document.id)))


def editor_notice(page: ServePage) -> EditorNotice:
    document = page.document
    here = page_url(document.language, document.path)
    return EditorNotice(page.in_force.version, relative_url(page_url(document.language, proposal_path(document.id)),
                                                            here))


# --- The command: python -m policysite.proposal ID [--out DIR] -------------------------------------------------

@dataclass(frozen=True)
class Made:
    language: str
    path: Path


def make_proposal(root: Path, document_id: str, out_dir: Path) -> tuple[list[Made], list[str]]:
    """Write the decision basis of `document_id` per language into out_dir; (files written, notes). Refusal when
    no decision basis can be made. Reads the project as the check does, and Git's record as a build does."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from .history.git import open_repository
    from .history.record import load_history
    from .project import load_project

    try:
        project = load_project(root, root / "docs")
    except FindingsError as exc:
        errors = [f for f in exc.findings if f.severity.name == "ERROR"]
        raise Refusal(*sorted(errors), f"the check found {len(errors)} error(s) — fix them (`make check` lists "
                                       "them), then make the decision basis again") from None
    source = governing_document(project.corpus, document_id)
    try:
        history = load_history(open_repository(root), "docs", frozenset(project.roles))
    except FindingsError as exc:
        raise Refusal(exc) from None
    if history.errors:
        raise Refusal(*history.errors, f"Git's record of decisions has {len(history.errors)} error(s) — fix them "
                                       "(`make check` lists them), then make the decision basis again")
    in_force = version_in_force(history, source.id)
    where = f"docs/{SOURCE_LANGUAGE}/{source.path}"
    if version_not_higher(source, in_force):
        line = project.corpus.line_of(SOURCE_LANGUAGE, source.path, "version")
        raise Refusal(Finding(where, line, f"the proposed version {source.version} is not higher than "
                                           f"{in_force.version}, the version in force",
                              f"raise `version` in the front matter of both languages' pages, e.g. "
                              f"\"{next_versions(in_force.version)}\""))
    try:
        config = load_config(str(root / "mkdocs.yml"))
    except ConfigurationError as exc:
        raise Refusal(f"mkdocs.yml: {exc} — fix mkdocs.yml; the site's build reads it too") from None
    settings = MarkdownSettings(list(config.markdown_extensions), dict(config.mdx_configs))
    new_html = {SOURCE_LANGUAGE: proposed_html(project.docs_dir, source, settings)}
    compared = comparison(in_force, SOURCE_LANGUAGE, new_html[SOURCE_LANGUAGE], settings)
    if compared is not None and compared.identical:
        raise Refusal(Finding(where, working_body(project.docs_dir, source)[1],
                              f"the text of {source.id} is the same as in version {in_force.version}, "
                                        "the version in force, so there is no change to decide",
                              "change the text first; a change of the front matter alone needs no decision"))
    notes: list[str] = []
    views = {SOURCE_LANGUAGE: proposal_view(source, source, in_force, compared, project.roles,
                                            project.labels_for(SOURCE_LANGUAGE))}
    for document in project.corpus.documents.values():
        if document.id != source.id or document.language == SOURCE_LANGUAGE:
            continue
        language = document.language
        page = f"docs/{language}/{document.path}"
        if not document.translation_is_current:
            notes.append(str(Finding(page, project.corpus.line_of(language, document.path, "translation_of_version"),
                                     f"no decision basis in this language: the translation is of version "
                                     f"{document.translation_of_version}, the proposal is version {source.version}",
                                     f"translate the changes and set translation_of_version: \"{source.version}\"")))
            continue
        new_html[language] = proposed_html(project.docs_dir, document, settings)
        translated = comparison(in_force, language, new_html[language], settings)
        if in_force is not None and translated is None:
            notes.append(str(Finding(page, 1, f"no decision basis in this language: Git's record of version "
                                              f"{in_force.version} holds no current translation to compare with",
                                     "the Swedish decision basis is the one the decision is taken on")))
            continue
        views[language] = proposal_view(document, source, in_force, translated, project.roles,
                                        project.labels_for(language))
    basis = working_basis(root, source)
    made = render_proposals(config, project, views, new_html, basis, out_dir)
    return made, notes


def next_versions(version: str) -> str:
    major, minor = version_key(version)
    return f"{major}.{minor + 1}\" for a minor change or \"{major + 1}.0"


def working_basis(root: Path, document: Document) -> tuple[str, bool] | None:
    """(short commit of HEAD, whether the document's pages have changes not committed), or None without a commit."""
    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)

    head = git("rev-parse", "--short=7", "HEAD")
    if head.returncode != 0:
        return None
    pages = [f"docs/{language}/{document.path}" for language in ("sv", "en")]
    changed = git("status", "--porcelain", "--", *pages).stdout.strip()
    return head.stdout.strip(), bool(changed)


def render_proposals(config, project, views: dict[str, ProposalView], new_html: dict[str, str],
                     basis: tuple[str, bool] | None, out_dir: Path) -> list[Made]:
    """Render each view through the site's PDF path (overrides/pdf/proposal.html, pdf.render) into out_dir."""
    from .pdf.content import print_body
    from .pdf.export import PrintView, footer_parts
    from .pdf.jobs import RenderError, RenderJob
    from .pdf.render import render
    from .templates import environment

    env = environment(config.theme)
    site_url = (config.site_url or "").rstrip("/") + "/"
    public = public_base_url(config.site_url)
    organisation = config.site_author or ""
    made = []
    for language, view in views.items():
        labels = project.labels_for(language)
        document = next(d for d in project.corpus.in_language(language) if d.id == view.id)
        url = site_url + page_url(language, document.path)
        body = demoted(print_body(new_html[language], url, unlink=None if public else site_url))
        if basis is not None:
            view = replace(view, basis=fill(labels["proposal"]["basis_uncommitted" if basis[1] else "basis"],
                                            commit=basis[0]))
        before, middle, after = footer_parts(labels["pdf"]["page_footer"])
        lead = [organisation, labels["values"]["classification"][document.classification], before]
        day = today()
        pdf = PrintView(
            language=language, title=view.title, author=project.roles[document.owner].name[language],
            description=document.description or "", keywords=(document.id, labels["proposal"]["kind"]),
            organisation=organisation, footer=(" · ".join(part for part in lead if part), middle, after),
            watermark=None, notice=None, internal=None, body_class="proposal-pdf", url=url, online=None,
            compiled=fill(labels["print"]["compiled"],
                          date=format_date(PartialDate(day.year, day.month, day.day), language)),
            chapters=(),
        )
        html = env.get_template("pdf/proposal.html").render(pdf=pdf, labels=labels, proposal=view, body=Markup(body))
        target = proposal_pdf(view.id, view.version, language)
        job = RenderJob(name=f"docs/{language}/{document.path}", html=html, page_url=url, target=target,
                        assets=Path(config.theme.custom_dir) / "pdf",
                        resources=image_resources(project.docs_dir, language, site_url, body))
        try:
            data = render(job)
        except RenderError as exc:
            raise Refusal(exc) from None
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / target).write_bytes(data)
        made.append(Made(language, out_dir / target))
    return made


def demoted(html: str) -> str:
    """The proposed text's headings one level down, under the PDF's own heading of it (h2 -> h3 ...)."""
    soup = BeautifulSoup(html, "html.parser")
    for heading in soup.find_all(["h2", "h3", "h4", "h5"]):
        heading.name = f"h{int(heading.name[1]) + 1}"
    return str(soup)


def image_resources(docs_dir: Path, language: str, site_url: str, body: str) -> tuple[tuple[str, str], ...]:
    """(URL, local file) of the site's own files the body shows: the renderer loads nothing else."""
    prefix = site_url + ("" if language == SOURCE_LANGUAGE else f"{language}/")
    found = []
    for image in BeautifulSoup(body, "html.parser").find_all("img", src=True):
        src = image["src"].split("#")[0]
        local = docs_dir / language / src[len(prefix):] if src.startswith(prefix) else None
        if local is not None and local.resolve().is_relative_to((docs_dir / language).resolve()) and local.is_file():
            found.append((src, str(local)))
    return tuple(dict.fromkeys(found))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policysite.proposal",
                                     description="Make the decision basis (beslutsunderlag) of a proposed version "
                                                 "from the working tree: one PDF per language, never published.")
    parser.add_argument("id", help="the document's id, e.g. SAK-POL-001")
    parser.add_argument("--out", type=Path, default=None, help=f"folder for the PDFs (default: {OUT_DIR})")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: current directory)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out_dir = args.out or root / OUT_DIR
    try:
        made, notes = make_proposal(root, args.id.strip(), out_dir)
    except Refusal as exc:
        print(exc, file=sys.stderr)
        return 1
    except FindingsError as exc:  # the proposed text itself cannot be shown (a marker in it)
        print(exc, file=sys.stderr)
        return 1
    for note in notes:
        print(note, file=sys.stderr)
    for item in made:
        print(f"{item.language}: {item.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
