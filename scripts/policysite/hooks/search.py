"""MkDocs hook: one search index and one sitemap per language."""

from pathlib import Path

from mkdocs.plugins import event_priority

from policysite.model import SOURCE_LANGUAGE, TRANSLATION_LANGUAGES
from policysite.search_index import write_language_indexes
from policysite.sitemap import write_language_sitemaps


# After mkdocs-static-i18n (-100), which writes the mixed index last.
@event_priority(-200)
def on_post_build(config):
    site_dir = Path(config.site_dir)
    write_language_indexes(site_dir, SOURCE_LANGUAGE, TRANSLATION_LANGUAGES)
    write_language_sitemaps(site_dir, config.site_url or "", TRANSLATION_LANGUAGES)
