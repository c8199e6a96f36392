"""MkDocs hook: begin the build session, read and check every document, then give each page its metadata."""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from policysite import editions, session
from policysite.accessibility import label_task_list_checkboxes
from policysite.checks import today
from policysite.data import load_labels, localise
from policysite.findings import FindingsError
from policysite.markers import render_markers
from policysite.project import publishing
from policysite.register import write_register_exports
from policysite.statements import render_label, write_statement_exports
from policysite.theme_files import route_language_template
from policysite.urls import page_location, site_url_problem
from policysite.views import footer_view, language_root_url, page_view

TABLE_LABELS = "policysite.tables"  # data-label on every Markdown table cell, for stacked rows on phones
STATEMENTS = "policysite.statements"  # statement identifiers: the block's id and its label

log = get_plugin_logger("policysite")


# After mkdocs-static-i18n (-100) has switched the theme to this build's language.
@event_priority(-150)
def on_config(config):
    # Called once per language build; the outermost one (the default language's) begins a new session.
    build = session.begin(config)
    if build.labels is None:
        try:
            build.labels = load_labels(Path(config.config_file_path).parent / "data" / "labels.yml")
        except FindingsError as exc:
            raise PluginError(str(exc)) from None
    language = config.theme["language"]
    # Heading permalinks get this language's title.
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = localise(build.labels["permalink"], language)
    if TABLE_LABELS not in config.markdown_extensions:  # Markdown tables name each cell's column
        config.markdown_extensions.append(TABLE_LABELS)
    # Each statement (policysite.statements, in mkdocs.yml) shows its identifier as a label rendered by the theme.
    config.mdx_configs.setdefault(STATEMENTS, {})["label"] = statement_label(config)
    # The theme marks nav items by front-matter status; name the states worth noticing.
    states = localise(build.labels["values"]["status"], language)
    config.extra["status"] = {state: text for state, text in states.items() if state not in ("approved", "published")}
    problem = site_url_problem(config.site_url) if publishing() else None
    if problem:
        raise PluginError(f"SITE_URL: {problem} — a published site names its address in its PDFs, feeds, sitemaps and "
                          "canonical links: set SITE_URL to the address the site is published at, "
                          "e.g. `SITE_URL=https://<host>/<path>/ make site`")
    try:
        config.extra[editions.SETTING] = editions.checked_edition(config.extra.get(editions.SETTING),
                                                                  Path(config.config_file_path))
    except FindingsError as exc:
        raise PluginError(str(exc)) from None
    return config


def statement_label(config):
    """The label of a statement in this language build, rendered when Markdown meets one (after on_files)."""
    def label(statement_id: str) -> str:
        build = session.current()
        language = config.theme["language"]
        return render_label(build.env(language, config), build.project.labels_for(language), statement_id)
    return label


# Before mkdocs-static-i18n's on_files (-100): the pages an edition leaves out never reach it, nor search,
# the sitemap, the PDF stage or the history, which all work from the files and the project left here.
def on_files(files, config):
    build = session.current()
    try:
        loaded = build.load_project(Path(config.config_file_path).parent, Path(config.docs_dir),
                                    config.extra[editions.SETTING], Path(config.config_file_path))
    except FindingsError as exc:
        raise PluginError(f"the documents have {len(exc.findings)} defect(s):\n{exc}") from None
    project = build.project
    if loaded:
        for finding in project.findings:
            log.info(str(finding))  # warnings of the content, not of the build: `strict` must not fail on them
    left_out = {document.path for document in project.left_out}
    # The pages the edition leaves out, and the files (images, attachments) only those pages use.
    for file in [f for f in files if f.src_uri in editions.source_uris(left_out) | project.withheld_files]:
        files.remove(file)
    # MkDocs reads `nav` after on_files: checked and normalised, without the entries of the pages left out.
    try:
        config["nav"] = editions.edition_nav(config.nav, {path for (_, path) in project.corpus.documents} | left_out,
                                             left_out, Path(config.config_file_path))
    except FindingsError as exc:
        raise PluginError(str(exc)) from None
    build.env(config.theme["language"], config)  # markers render before MkDocs' own on_env
    return files


def on_page_markdown(markdown, page, config, files):
    build = session.current()
    language, path = page_location(page.file.src_uri)
    if build.project.corpus.get(language, path) is None:
        return markdown  # a page the build generated (hooks/history.py), not a document
    try:
        return render_markers(build.project, build.env(language, config), language, path, markdown, on=today(),
                              editor=not publishing())
    except FindingsError as exc:
        raise PluginError(str(exc)) from None


def on_page_content(html, page, config, files):
    return label_task_list_checkboxes(html)


# Before the other plugins' and hooks' on_env: the pages render with the environment the markers used (the same
# theme, language and config), so each template is compiled once per language.
@event_priority(100)
def on_env(env, config, files):
    return session.current().env(config.theme["language"], config)


def on_page_context(context, page, config, nav):
    project = session.current().project
    language, path = page_location(page.file.src_uri)
    document = project.corpus.get(language, path)
    context["policy"] = page_view(project, language, path, page.url, today()) if document else None
    # The theme loads the search index and resolves results against base_url.
    context["base_url"] = language_root_url(language, page.url)
    return on_template_context(context, None, config)


def on_template_context(context, template_name, config):
    project = session.current().project
    language = config.theme["language"]
    context["labels"] = project.labels_for(language)
    page = context.get("page")
    context["footer"] = footer_view(language, page.url if page else None, config.site_url or "")
    context["edition"] = project.edition  # the internal edition asks search engines not to index it
    return context


def on_post_template(output_content, template_name, config):
    return route_language_template(output_content, template_name, Path(config.site_dir), config.theme["language"])


def on_post_build(config):
    write_register_exports(session.current().project, config.theme["language"], Path(config.site_dir), today())
    write_statement_exports(session.current().project, config.theme["language"], Path(config.site_dir))
