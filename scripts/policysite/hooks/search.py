"""MkDocs hook: one search index and one sitemap per language; the search reads queries by this site's rules."""

from pathlib import Path

from mkdocs.plugins import event_priority

from policysite import session
from policysite.model import SOURCE_LANGUAGE, TRANSLATION_LANGUAGES
from policysite.search_assets import write_search_worker
from policysite.search_help import search_help_view
from policysite.search_index import write_language_indexes
from policysite.sitemap import write_language_sitemaps


# After mkdocs-static-i18n (-100), which writes the mixed index last; once, when the outermost build ends and
# every language is written.
@event_priority(-200)
def on_post_build(config):
    if not session.is_outermost(config):
        return
    site_dir = Path(config.site_dir)
    write_language_indexes(site_dir, SOURCE_LANGUAGE, TRANSLATION_LANGUAGES)
    write_language_sitemaps(site_dir, config.site_url or "", TRANSLATION_LANGUAGES)
    write_search_worker(site_dir, config.theme.dirs)


def on_page_context(context, page, config, nav):
    context["search_help"] = search_help_view(config.theme["language"], page.url, config.site_url or "")
    return context


def on_template_context(context, template_name, config):
    page = context.get("page")
    context["search_help"] = search_help_view(config.theme["language"], page.url if page else None,
                                              config.site_url or "")
    return context
