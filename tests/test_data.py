import pytest

from conftest import REPO
from policysite.data import label_paths, load_glossary, load_labels, load_roles, localise
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


def test_glossary_forms_written_as_text_are_an_error(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text("- id: i\n  sv: {term: i, definition: En bokstav., forms: i}\n"
                    "  en: {term: i, definition: A letter., forms: []}\n", encoding="utf-8")
    assert errors(load_glossary, path) == [
        f"{path}:2: glossary entry 'i' has sv forms 'i', not a list of words — "
        "write forms as a list, e.g. forms: [riktlinjen, riktlinjer], or forms: []"]


def test_the_shipped_labels_are_exactly_the_labels_the_site_uses():
    labels = load_labels(REPO / "data" / "labels.yml")

    def leaves(tree, prefix=()):
        for key, value in tree.items():
            if set(value) == {"sv", "en"}:
                yield ".".join((*prefix, key))
            else:
                yield from leaves(value, (*prefix, key))

    assert sorted(leaves(labels)) == sorted(label_paths())


def test_a_label_without_english_and_a_deleted_label_are_errors(tmp_path):
    path = tmp_path / "labels.yml"
    text = (REPO / "data" / "labels.yml").read_text(encoding="utf-8")
    path.write_text(text.replace("  case_number: {sv: Diarienummer, en: Case number}\n", "  case_number: {sv: Diarienummer}\n", 1)
                    .replace("  watermark: {sv: UTKAST, en: DRAFT}\n", ""), encoding="utf-8")
    found = errors(load_labels, path)
    assert f"{path}:12: the label 'metadata.case_number' has no en text — write it as {{sv: …, en: …}} with a non-empty text in each language" in found
    assert any(line.startswith(f"{path}:") and "the label 'pdf.watermark' is missing; the templates and the code use it "
               "— add watermark: {sv: …, en: …} under pdf" in line for line in found)
    assert len(found) == 2


def test_a_duplicate_role_is_an_error(tmp_path):
    path = tmp_path / "roles.yml"
    path.write_text(ROLE.format(key="chef", reports_to="~") + ROLE.format(key="chef", reports_to="~"), encoding="utf-8")
    assert errors(load_roles, path) == [
        f"{path}:10: the key 'chef' is given twice (also on line 2) — remove one of them; YAML would silently keep only the last"]
