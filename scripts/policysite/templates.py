"""The one kind of Jinja environment the build renders in: the theme's, with the site's filters.

Every template of ours (overrides/: the page partials, the markers, the feed, the hosting headers and the PDFs'
overrides/pdf/) renders in an environment MkDocs' theme makes (`Theme.get_env`: the theme's folders with
overrides/ first, no autoescape, Jinja's default Undefined), with FILTERS added: one per language build
(policysite.session makes it with `environment`, and hooks/documents.py hands it to MkDocs in `on_env`, so the
pages, the markers, the feed and the PDFs share it). The theme's templates are not written for autoescape, so it
has none: every template of ours escapes every value with `| e`, after `| fill`.
"""

from __future__ import annotations

from jinja2 import Environment

from .reviews import ics_text
from .text import fill

FILTERS = {"fill": fill, "ics": ics_text}  # ics: iCalendar TEXT (the calendar of reviews)


def install(env: Environment) -> Environment:
    """`env` with the site's filters (`| fill(name=value)`: policysite.text.fill)."""
    env.filters.update(FILTERS)
    return env


def environment(theme) -> Environment:
    """A new environment of the theme (mkdocs.theme.Theme), as MkDocs makes it, with the site's filters."""
    return install(theme.get_env())
