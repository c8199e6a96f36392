"""MkDocs hook: the change history from Git on document pages, diff pages between approved versions, and feeds."""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import AnchorLink

from policysite import session
from policysite.findings import FindingsError
from policysite.history.archive_links import archive_stand_ins
from policysite.history.publish import (generated_pages, language_history, page_changes_view, page_diff_view,
                                        page_history_view, read_history, write_feed)
from policysite.history.render import MarkdownSettings
from policysite.history.views import HISTORY_ANCHOR
from policysite.project import publishing
from policysite.theme_files import theme_files_under
from policysite.urls import document_pdf, feed_path, page_location, relative_url

log = get_plugin_logger("policysite.history")


# After mkdocs-static-i18n (-100) has chosen this language's files: it would warn about pages outside docs/.
@event_priority(-110)
def on_files(files, config):
    for file in theme_files_under(files, Path(config.theme.custom_dir or ""), "history/"):
        files.remove(file)  # the feed template is read by the build, not published
    build = session.current()
    project = build.project
    language = config.theme["language"]
    settings = MarkdownSettings(list(config.markdown_extensions), dict(config.mdx_configs))
    if build.history is None:  # Git is read once per build; each language renders versions with its own settings
        docs_folder = Path(config.docs_dir).relative_to(project.root).as_posix()
        try:
            build.history = read_history(project, docs_folder, settings, publishing=publishing())
        except FindingsError as exc:
            raise PluginError(f"the change history in Git has {len(exc.findings)} defect(s):\n{exc}") from None
        for finding in build.history.findings:
            log.info(str(finding))  # a fact of the content, like the other content warnings
    # The project is shared by both language builds, its history is not: each language build sets its own copy here,
    # first thing, and everything that reads project.history runs inside that language's build (the Swedish build's
    # site-wide finalisers, which run after the English build, read no history).
    project.history = language_history(build.history, settings)
    diff_pages = build.language(language).diff_pages
    diff_pages.clear()
    for page in generated_pages(project.history, project, language):
        file = File.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV)
        file.dest_uri = page.dest_uri
        files.append(file)
        diff_pages[page.src_uri] = page.diff
    # A page may link an earlier version's PDF. The PDF stage writes it; MkDocs resolves the link to a stand-in,
    # which is excluded and so never written (in a build without PDFs the link leads nowhere).
    stand_ins, findings = archive_stand_ins(project.history.history, project.corpus, language)
    for finding in findings:
        log.info(str(finding))
    for stand_in in stand_ins:
        file = File.generated(config, stand_in.src_uri, content=b"", inclusion=InclusionLevel.EXCLUDED)
        file.dest_uri = stand_in.dest_uri
        files.append(file)
    return files


def on_page_content(html, page, config, files):
    project = session.current().project
    language, path = page_location(page.file.src_uri)
    document = project.corpus.get(language, path)
    if document is not None:
        title = project.labels_for(language)["history"]["heading"]
        items = page.toc.items
        # Under the H1 when there is one: the theme's table of contents lists the H1's children.
        siblings = items[0].children if len(items) == 1 and items[0].level == 1 else items
        siblings.append(AnchorLink(title, HISTORY_ANCHOR, 2))
    return html


def on_page_context(context, page, config, nav):
    build = session.current()
    project = build.project
    language, path = page_location(page.file.src_uri)
    context["feed_url"] = relative_url(feed_path(language), page.url)
    diff_pages = build.language(language).diff_pages
    try:
        if page.file.src_uri in diff_pages:
            context["history_diff"] = page_diff_view(project.history, project, diff_pages[page.file.src_uri])
            return context
    except FindingsError as exc:
        raise PluginError(str(exc)) from None
    document = project.corpus.get(language, path)
    if document is None:  # a page another hook generated (hooks/proposal.py, under `make serve` only)
        return context
    targets = build.language(language).pdf_targets
    context["history"] = page_history_view(project.history, project, document, targets, document_pdf(document))
    context["version_changes"] = page_changes_view(project.history, project, document)
    return context


def on_post_build(config):
    build = session.current()
    write_feed(build.project.history, build.project, build.env(config.theme["language"], config),
               config.theme["language"], Path(config.site_dir), config.site_url or "", config.site_author or "")
