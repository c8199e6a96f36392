import pytest

from conftest import REPO
from policysite.data import RELATION_KINDS, ROLE_SOURCES, label_paths, load_glossary, load_labels, load_roles, localise
from policysite.findings import FindingsError

ROLE = """
{key}:
  name: {{sv: Chef, en: Manager}}
  level: management
  responsibilities:
    - sv: Leder arbetet.
      en: Leads the work.
      source: county-council-policy
"""
RELATION = """  relations:
    - kind: {kind}
      to: {to}
      source: {source}
"""


def errors(loader, path):
    with pytest.raises(FindingsError) as caught:
        loader(path)
    return [str(f) for f in caught.value.findings]


def test_shipped_roles_draw_only_the_lines_the_policies_state():
    roles = load_roles(REPO / "data" / "roles.yml")
    lines = {(key, relation.kind, relation.to, relation.source) for key, role in roles.items() for relation in role.relations}
    assert lines == {("sakerhetschef", "assists", "regiondirektor", "county-council-policy"),
                     ("medarbetare", "reports-deficiencies-to", "narmaste-chef", "county-council-policy")}
    assert "lokal-sakerhetsansvarig" not in roles  # only Västra Götalandsregionen's page names it
    assert roles["regiondirektor"].name_in_policy_1_0 == {"sv": "landstingsdirektör", "en": "County Council Director"}
    assert roles["den-som-anlitar"].name == {"sv": "Den som anlitar externa medarbetare", "en": "Whoever engages external staff"}
    assert roles["landstingsfullmaktige"].successor == "regionfullmaktige"
    assert all(item.source in ROLE_SOURCES for role in roles.values() for item in role.responsibilities)


def test_every_relation_kind_and_source_has_its_labels():
    paths = label_paths()
    assert [kind for kind in RELATION_KINDS if f"roles.relations.{kind}" not in paths] == []
    assert [source for source in ROLE_SOURCES if f"roles.sources.{source}" not in paths
            or f"roles.source_names.{source}" not in paths] == []


def test_a_relation_no_policy_words_and_an_unknown_source_are_errors(tmp_path):
    path = tmp_path / "roles.yml"
    path.write_text(ROLE.format(key="chef") + RELATION.format(kind="reports-to", to="styrelsen", source="vgr-webb")
                    + ROLE.format(key="styrelsen").replace("county-council-policy", "sakerhetspolicy"), encoding="utf-8")
    assert errors(load_roles, path) == [
        f"{path}:10: role 'chef' relation 1 has kind 'reports-to', which is not how a policy words a relation — "
        "use one of: assists, reports-deficiencies-to; leave out a line no policy states",
        f"{path}:12: role 'chef' relation 1 has source 'vgr-webb', which is not a decided text the site records — "
        "use one of: county-council-policy, policy-2018 (the policy that states it)",
        f"{path}:20: role 'styrelsen' responsibility 1 has source 'sakerhetspolicy', which is not a decided text the site "
        "records — use one of: county-council-policy, policy-2018 (the policy that states it)"]


def test_a_responsibility_without_english_or_source_and_the_old_reports_to_are_errors(tmp_path):
    path = tmp_path / "roles.yml"
    path.write_text("chef:\n  name: {sv: Chef, en: Manager}\n  reports_to: styrelsen\n  level: management\n"
                    "  responsibilities:\n    - sv: Leder arbetet.\n    - Leder arbetet.\n", encoding="utf-8")
    assert errors(load_roles, path) == [
        f"{path}:3: role 'chef' has reports_to, which does not say which policy states the line — "
        "write relations: [{kind: …, to: …, source: …}] for a line a policy states, or remove it",
        f"{path}:6: role 'chef' responsibility 1 has no en text — write it as {{sv: …, en: …, source: …}}",
        f"{path}:6: role 'chef' responsibility 1 has no source — "
        "add source: with one of: county-council-policy, policy-2018 (the policy that states it)",
        f"{path}:7: role 'chef' responsibility 2 is a text — write it as {{sv: …, en: …, source: …}}"]


def test_a_relation_to_an_unknown_role_or_to_itself_is_reported_at_its_line(tmp_path):
    path = tmp_path / "roles.yml"
    path.write_text(ROLE.format(key="chef") + RELATION.format(kind="assists", to="styrelsen", source="policy-2018")
                    + ROLE.format(key="sjalv") + RELATION.format(kind="assists", to="sjalv", source="policy-2018"),
                    encoding="utf-8")
    assert errors(load_roles, path) == [
        f"{path}:11: role 'chef' relation 1 leads to 'styrelsen', which is not a role — use one of the role keys in this file",
        f"{path}:23: role 'sjalv' relation 1 leads to itself — a relation leads from a role to another current role"]


def test_relations_that_loop_are_an_error(tmp_path):
    path = tmp_path / "roles.yml"
    path.write_text(ROLE.format(key="a") + RELATION.format(kind="assists", to="b", source="policy-2018")
                    + ROLE.format(key="b") + RELATION.format(kind="assists", to="a", source="policy-2018"), encoding="utf-8")
    assert errors(load_roles, path) == [
        f"{path}:{line}: role '{key}' leads back to itself through its relations — remove the relation that closes the loop"
        for key, line in (("a", 2), ("b", 14))]


def test_glossary_term_defined_twice(tmp_path):
    path = tmp_path / "glossary.yml"
    entry = "- id: {id}\n  sv: {{term: kris, definition: En händelse.}}\n  en: {{term: crisis{n}, definition: An event.}}\n"
    path.write_text(entry.format(id="kris", n="") + entry.format(id="kris2", n="2"), encoding="utf-8")
    assert errors(load_glossary, path) == [f"{path}:4: the sv term 'kris' is defined twice — merge this entry with 'kris'"]


def test_localise_resolves_bilingual_leaves_only():
    labels = {"a": {"sv": "Ja", "en": "Yes"}, "b": {"c": {"sv": "Nej", "en": "No"}}, "d": 1}
    assert localise(labels, "en") == {"a": "Yes", "b": {"c": "No"}, "d": 1}


def test_a_loaded_labels_tree_is_localised_once_per_language_and_again_when_reloaded():
    labels = load_labels(REPO / "data" / "labels.yml")
    sv = localise(labels, "sv")
    assert localise(labels, "sv") is sv and localise(labels, "en") is not sv
    assert sv == localise(dict(labels), "sv") and localise(labels, "en") == localise(dict(labels), "en")
    reloaded = load_labels(REPO / "data" / "labels.yml")
    assert localise(reloaded, "sv") == sv and localise(reloaded, "sv") is not sv


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
    line = text.splitlines().index("  case_number: {sv: Diarienummer, en: Case number}") + 1
    assert f"{path}:{line}: the label 'metadata.case_number' has no en text — write it as {{sv: …, en: …}} with a non-empty text in each language" in found
    assert any(line.startswith(f"{path}:") and "the label 'pdf.watermark' is missing; the templates and the code use it "
               "— add watermark: {sv: …, en: …} under pdf" in line for line in found)
    assert len(found) == 2


def test_a_duplicate_role_is_an_error(tmp_path):
    path = tmp_path / "roles.yml"
    path.write_text(ROLE.format(key="chef") + ROLE.format(key="chef"), encoding="utf-8")
    assert errors(load_roles, path) == [
        f"{path}:10: the key 'chef' is given twice (also on line 2) — remove one of them; YAML would silently keep only the last"]
