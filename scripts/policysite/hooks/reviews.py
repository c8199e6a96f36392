"""MkDocs hook: each language's calendar of upcoming reviews (policysite.reviews), next to its Atom feed."""

from pathlib import Path

from policysite import editions, session
from policysite.checks import today
from policysite.reviews import write_calendar
from policysite.theme_files import theme_files_under


def on_files(files, config):
    for file in theme_files_under(files, Path(config.theme.custom_dir or ""), "calendar/"):
        files.remove(file)  # the calendar template is read by the build, not published
    return files


def on_post_build(config):
    build = session.current()
    project = build.project
    language = config.theme["language"]
    write_calendar(build.env(language, config), project.corpus.in_language(language), project.roles,
                   project.labels_for(language), language, project.edition or editions.DEFAULT_EDITION,
                   Path(config.site_dir), config.site_url or "", config.site_name, today())
