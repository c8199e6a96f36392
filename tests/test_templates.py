"""The theme's Jinja environment with the site's filters (policysite.templates): pages, markers and PDFs."""

from mkdocs.theme import Theme

from conftest import REPO
from policysite.templates import environment

FILLED = '{{ "Granskning försenad sedan {date}." | fill(date=when) | e }}'


def theme_env():
    return environment(Theme(name="material", custom_dir=str(REPO / "overrides"), language="sv"))


def test_fill_is_a_filter_and_the_template_escapes_after_it():
    text = theme_env().from_string(FILLED).render(when="<1 maj & 2 maj>")
    assert text == "Granskning försenad sedan &lt;1 maj &amp; 2 maj&gt;."


def test_it_is_the_themes_environment_overrides_first_without_autoescape():
    env = theme_env()
    plain = Theme(name="material", custom_dir=str(REPO / "overrides"), language="sv").get_env()
    assert (env.autoescape, env.undefined, set(plain.filters) - set(env.filters)) == (
        plain.autoescape, plain.undefined, set())
    assert env.autoescape is False  # Material's templates are not written for it; ours escape with | e
    assert env.get_template("main.html").filename == str(REPO / "overrides" / "main.html")
    assert env.get_template("pdf/document.html").filename == str(REPO / "overrides" / "pdf" / "document.html")
