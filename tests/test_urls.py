import pytest

from policysite.urls import page_url, relative_url


@pytest.mark.parametrize("language, path, url", [
    ("sv", "index.md", ""),
    ("sv", "sakerhetspolicy.md", "sakerhetspolicy/"),
    ("sv", "principer/index.md", "principer/"),
    ("en", "index.md", "en/"),
    ("en", "principer/ansvarsprincipen.md", "en/principer/ansvarsprincipen/"),
])
def test_page_url(language, path, url):
    assert page_url(language, path) == url


@pytest.mark.parametrize("target, current, link", [
    ("en/sakerhetspolicy/", "sakerhetspolicy/", "../en/sakerhetspolicy/"),
    ("sakerhetspolicy/", "en/sakerhetspolicy/", "../../sakerhetspolicy/"),
    ("en/", "", "en/"),
    ("", "en/", "../"),
    ("", "", "./"),
    ("en/", "en/principer/", "../"),
])
def test_relative_url(target, current, link):
    assert relative_url(target, current) == link
