"""MkDocs hook, under `make serve` only: the decision basis of each governing document whose working text differs
from the version in force, as a page (/forslag/<id>/, /en/forslag/<id>/), linked from the document's page.

A build never makes these pages: MkDocs tells a hook which command runs only in on_startup, and only `mkdocs serve`
says "serve" (`mkdocs build`, `python -m policysite.build` and `mkdocs serve --clean` say "build"). A build that
does not run through MkDocs' command line calls no on_startup, so it makes none either. The logic is in
policysite.proposal; the HTML in overrides/partials/proposal/.
"""

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from policysite import session
from policysite.proposal import document_link, editor_notice, serve_pages, serve_view

# What on_startup was told, "serve", "build" or "gh-deploy": it comes once per process, before any build session.
_command: str | None = None


def on_startup(command, dirty):
    global _command
    _command = command


def on_shutdown():
    global _command
    _command = None


def serving() -> bool:
    return _command == "serve"


# After hooks/history.py (-110) has read Git's record into the project.
@event_priority(-120)
def on_files(files, config):
    if not serving():
        return files
    language = config.theme["language"]
    build = session.current()
    project, made = build.project, build.language(language)
    for page in serve_pages(project, project.history.history, language, project.history.markdown):
        file = File.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV)
        file.dest_uri = page.dest_uri
        files.append(file)
        made.proposal_pages[page.src_uri] = page
        made.proposal_notices[f"{language}/{page.document.path}"] = editor_notice(page)
    return files


def on_page_content(html, page, config, files):
    src_uri = page.file.src_uri
    language = config.theme["language"]
    build = session.current()
    made = build.language(language)
    if src_uri not in made.proposal_pages and src_uri not in made.proposal_notices:
        return html
    project = build.project
    env = build.env(language, config)
    labels = project.labels_for(language)
    if src_uri in made.proposal_pages:
        proposal = made.proposal_pages[src_uri]
        view = serve_view(project, proposal)
        return html + env.get_template("partials/proposal/page.html").render(view=view, labels=labels,
                                                                             document_url=document_link(proposal))
    # The document's page: the notice goes right under its heading (the metadata panel comes before it).
    head, h1_end, body = html.partition("</h1>")
    notice = env.get_template("partials/proposal/notice.html").render(notice=made.proposal_notices[src_uri],
                                                                       labels=labels)
    return head + h1_end + notice + body if h1_end else notice + html
