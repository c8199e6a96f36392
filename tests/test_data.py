import pytest

from conftest import REPO
from policysite.data import load_glossary, load_roles, localise
from policysite.findings import FindingsError

ROLE = """
{key}:
  name: {{sv: Chef, en: Manager}}
  reports_to: {reports_to}
  level: management
  responsibilities:
    sv: [Leder arbetet.]
    en: [Leads the work.]
"""


def errors(loader, path):
    with pytest.raises(FindingsError) as caught:
        loader(path)
    return [str(f) for f in caught.value.findings]


def test_shipped_roles_form_one_chain_under_the_regional_council():
    roles = load_roles(REPO / "data" / "roles.yml")
    current = [r for r in roles.values() if not r.historical]
    assert [r.key for r in current if r.reports_to is None] == ["regionfullmaktige"]
    assert roles["landstingsfullmaktige"].successor == "regionfullmaktige"


def test_unknown_reports_to_is_reported_at_the_role(tmp_path):
    path = tmp_path / "roles.yml"
    path.write_text(ROLE.format(key="chef", reports_to="styrelsen"), encoding="utf-8")
    assert errors(load_roles, path) == [
        f"{path}:2: role 'chef' has reports_to 'styrelsen', which is not a role — use one of the role keys in this file, or ~"
    ]


def test_reporting_loop_is_an_error(tmp_path):
    path = tmp_path / "roles.yml"
    path.write_text(ROLE.format(key="a", reports_to="b") + ROLE.format(key="b", reports_to="a"), encoding="utf-8")
    assert f"{path}:2: role 'a' reports to itself through a loop — make the reports_to chain end at a role with reports_to: ~" in errors(load_roles, path)


def test_glossary_term_defined_twice(tmp_path):
    path = tmp_path / "glossary.yml"
    entry = "- id: {id}\n  sv: {{term: kris, definition: En händelse.}}\n  en: {{term: crisis{n}, definition: An event.}}\n"
    path.write_text(entry.format(id="kris", n="") + entry.format(id="kris2", n="2"), encoding="utf-8")
    assert errors(load_glossary, path) == [f"{path}:4: the sv term 'kris' is defined twice — merge this entry with 'kris'"]


def test_localise_resolves_bilingual_leaves_only():
    labels = {"a": {"sv": "Ja", "en": "Yes"}, "b": {"c": {"sv": "Nej", "en": "No"}}, "d": 1}
    assert localise(labels, "en") == {"a": "Yes", "b": {"c": "No"}, "d": 1}
