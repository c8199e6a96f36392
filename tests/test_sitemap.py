from policysite.sitemap import filter_sitemap

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
<url><loc>https://h/</loc><xhtml:link rel="alternate" hreflang="en" href="https://h/en/"/></url>
<url><loc>https://h/en/</loc></url>
<url><loc>https://h/en/kontakt/</loc></url>
</urlset>"""


def test_filter_keeps_only_the_language_prefix():
    result = filter_sitemap(SITEMAP, "https://h/en/", ()).decode()
    assert result.count("<url>") == 2
    assert "<loc>https://h/</loc>" not in result
    assert result.startswith("<?xml")
