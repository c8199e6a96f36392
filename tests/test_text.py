"""Filling `{placeholder}` labels (policysite.text): one way from Python and Jinja, and the labels' check."""

import re

import pytest

from conftest import REPO
from policysite.data import label_paths, load_labels
from policysite.findings import FindingsError
from policysite.text import PLACEHOLDERS, FillError, fill, placeholders

LABELS = REPO / "data" / "labels.yml"


def test_fill_puts_every_value_in_its_place():
    assert fill("Ändringar från version {old} till {new}", old="1.0", new="2.0") == "Ändringar från version 1.0 till 2.0"
    assert fill("{count} oförändrade stycken", count=3) == "3 oförändrade stycken"
    assert fill("incheckning {commit}", commit="") == "incheckning "
    assert fill("{date}, again {date}", date="1 maj 2026") == "1 maj 2026, again 1 maj 2026"
    assert fill("Sidan du sökte finns inte här.") == "Sidan du sökte finns inte här."


def test_a_value_is_put_in_as_it_is_never_read_for_placeholders():
    assert fill("Ändringar i {title}: version {old} till {new}", title="Om {old} och <b>", old="1.0", new="2.0") == (
        "Ändringar i Om {old} och <b>: version 1.0 till 2.0")


def test_a_placeholder_without_a_value_and_a_value_without_a_placeholder_are_refused():
    with pytest.raises(FillError, match=r"has \{date\} but no value was given for it"):
        fill("Granskning försenad sedan {date}.")
    with pytest.raises(FillError, match=r"has no \{body\} for the value given"):
        fill("Uppgifterna om beslutet rättades {date}.", date="1 maj 2026", body="Regionfullmäktige")
    with pytest.raises(FillError, match=r"has \{ date\} but no value"):
        fill("sedan { date}", date="1 maj 2026")  # anything in braces is a placeholder, never shown as it is


def test_placeholders_in_order_each_once():
    assert placeholders("{changed} ändrade (varav {changed_moved} flyttade), {changed} igen") == [
        "changed", "changed_moved"]
    assert placeholders("Sida {page} av {pages}") == ["page", "pages"]


def test_every_label_with_placeholders_is_a_label_the_site_uses():
    assert sorted(set(PLACEHOLDERS) - set(label_paths())) == []


def test_the_shipped_labels_have_exactly_their_placeholders():
    labels = load_labels(LABELS)  # the check runs in the loader
    assert labels["print"]["running"] == {"sv": "{title} · {id} · version {version}",
                                          "en": "{title} · {id} · version {version}"}


def label_errors(tmp_path, old: str, new: str) -> tuple[list[str], str]:
    text = LABELS.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "labels.yml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(FindingsError) as caught:
        load_labels(path)
    line = text[:text.index(old)].count("\n") + 1
    return [str(f) for f in caught.value.findings], f"{path}:{line}"


def test_a_label_whose_languages_differ_in_placeholders_is_an_error(tmp_path):
    found, where = label_errors(tmp_path, 'en: "Review overdue since {date}.', 'en: "Review overdue since {datum}.')
    assert found == [f"{where}: the en text of the label 'review_overdue.text' has the unknown placeholder {{datum}} "
                     "— write exactly {date} in each language"]
    found, where = label_errors(tmp_path, 'en: "Compiled {date}"', 'en: "Compiled"')
    assert found == [f"{where}: the en text of the label 'print.compiled' lacks the placeholder {{date}} "
                     "— write exactly {date} in each language"]


def test_a_placeholder_a_label_does_not_take_is_an_error(tmp_path):
    found, where = label_errors(tmp_path, 'home: {sv: "Gå till startsidan"', 'home: {sv: "Gå till {page}"')
    assert found == [f"{where}: the sv text of the label 'not_found.home' has the unknown placeholder {{page}} "
                     "— write the text without braces; this label takes no values"]
    found, where = label_errors(tmp_path, '{sv: "{title} ({id}, version {version})"',
                                '{sv: "{title} ({id}, version {version}, {status})"')
    assert found == [f"{where}: the sv text of the label 'print.document_title' has the unknown placeholder "
                     "{status} — write exactly {title}, {id}, {version} in each language"]


def test_no_template_or_module_fills_a_placeholder_its_own_way():
    """`| fill(…)` and text.fill are the one way: a `replace("{…}", …)` would leave a misspelt `{x}` to readers."""
    own_way = re.compile(r"""replace\(\s*["']\{|\.format\(""")
    files = [*(REPO / "overrides").rglob("*.html"), *(REPO / "overrides").rglob("*.xml"),
             *(REPO / "scripts" / "policysite").rglob("*.py")]
    assert [f"{path.relative_to(REPO)}:{number}" for path in files
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if own_way.search(line)] == []
