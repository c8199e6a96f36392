"""Build-time content markers: '<!-- md:name -->' lines replaced by rendered templates.

The registry of markers is render_markers: each name and the template and view it renders.
"""

from __future__ import annotations

import datetime as dt
import re
from textwrap import indent
from typing import TYPE_CHECKING, Callable

from jinja2 import Environment

from . import audiences, frontmatter, sources
from .corpus import Corpus
from .data import ROLE_LEVELS, ROLE_SOURCES
from .findings import Finding, FindingsError
from .history.views import HISTORY_ANCHOR
from .model import LANGUAGES, SOURCE_LANGUAGE
from .present import abbreviation_lines, glossary_views, role_groups, role_views
from .register import register_view
from .urls import REGISTER_EXPORTS, STATEMENT_EXPORTS, page_url, relative_url
from .views import contact_views

if TYPE_CHECKING:
    from .project import Project

MARKER = re.compile(r"^[ \t]*<!--\s*md:([\w-]+)\s*-->[ \t]*$", re.MULTILINE)


def replace_markers(markdown: str, renderers: dict[str, Callable[[], str]], path: str, first_line: int) -> str:
    """Replace every marker; an unknown marker is an error, never silently left in the page."""
    unknown = [
        Finding(path, first_line + markdown.count("\n", 0, m.start()), f"unknown marker '{m.group(1)}'",
                f"use one of: {', '.join(sorted(renderers))}")
        for m in MARKER.finditer(markdown)
        if m.group(1) not in renderers
    ]
    if unknown:
        raise FindingsError(unknown)
    return MARKER.sub(lambda m: "\n" + indent(renderers[m.group(1)]().strip(), _indentation(m.group(0))) + "\n",
                      markdown)


def _indentation(line: str) -> str:
    """The marker's own indentation, which the rendered text keeps: a marker indented in a list item stays in it."""
    return line[:len(line) - len(line.lstrip(" \t"))]


def pages_with_marker(corpus: Corpus, name: str) -> list[str]:
    """The pages (as users name them, Swedish first) whose body has the marker '<!-- md:name -->'."""
    found = []
    for (language, path), source in sorted(corpus.sources.items(), key=lambda item: (item[0][0] != SOURCE_LANGUAGE, item[0])):
        text = sources.read_text(corpus.docs_dir / language / path, source.where, sources.PAGE_LIMIT)
        if any(match.group(1) == name for match in MARKER.finditer(text)):
            found.append(source.where)
    return found


def render_markers(project: Project, env: Environment, language: str, path: str, markdown: str, *, on: dt.date,
                   editor: bool) -> str:
    """Expand content markers and append the glossary's tooltip definitions.

    `on` is the build's date (the register's review flags); `editor` says the build does not publish (`make serve`), so
    the contacts marker shows editors what is missing.
    """
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
        "contacts": lambda: render("contacts", contacts=contact_views(project, language), editor=editor),
        "glossary": lambda: render("glossary", entries=glossary_views(project.glossary, language, other)),
        "document-register": lambda: render("document-register", rows=register_view(project, language, path, on),
                                            exports=REGISTER_EXPORTS, statement_exports=STATEMENT_EXPORTS),
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
    links: dict[str, str | None] = {}
    for source, (document_id, version) in ROLE_SOURCES.items():
        document = next((d for d in project.corpus.in_language(language) if d.id == document_id), None)
        href = relative_url(page_url(language, document.path), page_url(language, path)) if document else None
        links[source] = href if href is None or document.version == version else f"{href}#{HISTORY_ANCHOR}"
    return links
