"""MkDocs hook: one search index and one sitemap per language, with Swedish stemming that works."""

from pathlib import Path

from mkdocs.plugins import event_priority

from policysite.model import SOURCE_LANGUAGE, TRANSLATION_LANGUAGES
from policysite.search_assets import write_stemmed_swedish_lunr
from policysite.search_index import write_language_indexes
from policysite.sitemap import write_language_sitemaps


# After mkdocs-static-i18n (-100), which writes the mixed index last.
@event_priority(-200)
def on_post_build(config):
    site_dir = Path(config.site_dir)
    write_language_indexes(site_dir, SOURCE_LANGUAGE, TRANSLATION_LANGUAGES)
    write_language_sitemaps(site_dir, config.site_url or "", TRANSLATION_LANGUAGES)
    write_stemmed_swedish_lunr(site_dir, config.theme.dirs)
