import datetime as dt

import pytest

from policysite.model import (Document, PartialDate, hide_findings, next_review, parse_fields, status_findings,
                             timeline_findings)

ROLES = frozenset({"sakerhetschef", "regionfullmaktige"})

APPROVED_POLICY = {
    "id": "SAK-POL-001", "title": "Säkerhetspolicy", "type": "policy", "status": "approved",
    "version": "2.0", "owner": "sakerhetschef", "approved_by": "regionfullmaktige", "approved": "2018-11",
    "classification": "public", "audience": ["employees"],
}
LINES = {key: number for number, key in enumerate(APPROVED_POLICY, start=2)}


def fields(meta, *, translation=False):
    return parse_fields(meta, {k: LINES.get(k, 2) for k in meta}, "docs/sv/x.md",
                        is_translation=translation, role_keys=ROLES)


def messages(meta, **kwargs):
    return [str(f) for f in fields(meta, **kwargs)[1]]


def test_month_only_date_keeps_no_day():
    date = PartialDate.parse("2018-11")
    assert (date.year, date.month, date.day) == (2018, 11, None)
    assert str(date) == "2018-11"


def test_full_date_from_yaml_date():
    assert PartialDate.parse(dt.date(2017, 4, 27)) == PartialDate(2017, 4, 27)


@pytest.mark.parametrize("value", ["2018-02-30", "2018-13", "november 2018", "18-11-01"])
def test_impossible_or_malformed_dates_are_rejected(value):
    with pytest.raises(ValueError):
        PartialDate.parse(value)


def test_add_months_clamps_to_the_end_of_the_month():
    assert PartialDate(2019, 1, 31).add_months(1) == PartialDate(2019, 2, 28)
    assert PartialDate(2018, 11).add_months(14) == PartialDate(2020, 1)


def test_valid_policy_front_matter_has_no_findings():
    values, findings = fields(APPROVED_POLICY)
    assert findings == []
    assert values["approved"] == PartialDate(2018, 11)
    assert values["audience"] == ("employees",)


def test_missing_required_field_names_field_and_fix():
    meta = {k: v for k, v in APPROVED_POLICY.items() if k != "owner"}
    assert messages(meta) == [
        "docs/sv/x.md:2: required field 'owner' is missing — add 'owner:' with the role that maintains the document"
    ]


def test_approved_governing_document_needs_decision_facts():
    meta = {k: v for k, v in APPROVED_POLICY.items() if k not in ("approved", "approved_by")}
    assert messages(meta) == [
        "docs/sv/x.md:2: required field 'approved_by' is missing for an approved policy — add 'approved_by:' with the role (decision body) that approved it",
        "docs/sv/x.md:2: required field 'approved' is missing for an approved policy — add 'approved:' with the decision date ('~' if the source does not record it)",
    ]


def test_explicit_null_records_a_missing_fact():
    values, findings = fields({**APPROVED_POLICY, "approved": None})
    assert findings == [] and values["approved"] is None


def test_wrong_enum_and_unknown_role_and_unquoted_version():
    meta = {**APPROVED_POLICY, "type": "policies", "owner": "chef", "version": 2.0}
    assert sorted(messages(meta)) == [
        "docs/sv/x.md:4: 'type' has an invalid value 'policies' — use one of: policy, guideline, routine, information",
        "docs/sv/x.md:6: 'version' has an invalid value 2.0 — quote it so YAML keeps it as text, e.g. version: \"2.0\"",
        "docs/sv/x.md:7: 'owner' names unknown role 'chef' — use a key from data/roles.yml: regionfullmaktige, sakerhetschef",
    ]


def test_translation_may_not_repeat_governance_fields():
    meta = {"id": "SAK-POL-001", "title": "Security policy", "translation_of_version": "2.0", "status": "approved"}
    assert messages(meta, translation=True) == [
        "docs/sv/x.md:5: 'status' is set on a translation — set governance metadata only on the Swedish page; the translation inherits it"
    ]


def test_translation_must_name_the_version_it_translates():
    meta = {"id": "SAK-POL-001", "title": "Security policy"}
    assert messages(meta, translation=True) == [
        "docs/sv/x.md:2: required field 'translation_of_version' is missing — add 'translation_of_version:' with the version of the Swedish page that this page translates"
    ]


def _document(**changes):
    base = dict(id="SAK-POL-001", language="sv", path="p.md", title="T", description=None, type="policy",
                status="approved", version="2.0", owner="sakerhetschef", approved_by="regionfullmaktige",
                approved=PartialDate(2018, 11), case_number=None, valid_from=None, review_interval_months=None,
                last_reviewed=None, classification="public", audience=("employees",))
    return Document(**{**base, **changes})


def test_next_review_is_unknown_without_an_interval():
    assert next_review(_document()) is None


def test_next_review_counts_from_last_review_when_there_is_one():
    assert next_review(_document(review_interval_months=24)) == PartialDate(2020, 11)
    assert next_review(_document(review_interval_months=12, last_reviewed=PartialDate(2021, 3, 15))) == PartialDate(2022, 3, 15)


def test_assessment_date_is_a_checked_source_only_date():
    values, findings = fields({**APPROVED_POLICY, "assessed": "2026-11-23"})
    assert findings == [] and values["assessed"] == PartialDate(2026, 11, 23)
    assert messages({**APPROVED_POLICY, "assessed": "2026-11-31"}) == [
        "docs/sv/x.md:2: 'assessed' has an invalid value '2026-11-31' — "
        "write a real date as YYYY-MM-DD, or YYYY-MM when the source gives only the month"
    ]
    assert messages({"id": "SAK-POL-001", "title": "Security policy", "translation_of_version": "2.0",
                     "assessed": "2026-11-23"}, translation=True) == [
        "docs/sv/x.md:2: 'assessed' is set on a translation — "
        "set governance metadata only on the Swedish page; the translation inherits it"
    ]


@pytest.mark.parametrize("value, fix", [
    (0, "write a whole number of months from 1 to 120, e.g. 12"),
    (1200, "write a whole number of months from 1 to 120, e.g. 12"),
    ("12", "write a whole number of months from 1 to 120, e.g. 12"),
])
def test_review_interval_is_bounded(value, fix):
    assert messages({**APPROVED_POLICY, "review_interval_months": value}) == [
        f"docs/sv/x.md:2: 'review_interval_months' has an invalid value {value!r} — {fix}"]


@pytest.mark.parametrize("value", ["1899-12-31", "2101-01", "9999-12-01"])
def test_years_are_bounded(value):
    assert messages({**APPROVED_POLICY, "approved": value}) == [
        f"docs/sv/x.md:9: 'approved' has an invalid value '{value}' — write a date with a year between 1900 and 2100"]


def test_a_long_value_is_cut_short_in_the_message():
    assert messages({**APPROVED_POLICY, "title": {"sv": "x" * 500}}) == [
        "docs/sv/x.md:3: 'title' has an invalid value {'sv': '" + "x" * 51 + "… — "
        "write it as non-empty text"]


def test_only_published_information_pages_may_hide_their_metadata():
    information = {**APPROVED_POLICY, "type": "information", "status": "published", "hide": ["metadata"]}
    assert hide_findings(fields(information)[0], information, 9, "docs/sv/x.md") == []
    draft = {**information, "status": "draft"}
    assert [str(f) for f in hide_findings(fields(draft)[0], draft, 9, "docs/sv/x.md")] == [
        "docs/sv/x.md:9: 'hide: [metadata]' would hide the metadata and banner of this information, which is draft — "
        "remove 'metadata' from hide; only published information pages may leave out the metadata panel"]
    assert messages({**APPROVED_POLICY, "template": "main.html"}) == [
        "docs/sv/x.md:2: the theme key 'template' is not allowed: a page cannot choose the template it is rendered with "
        "— remove it"]


def test_dates_after_the_check_or_before_the_decision_are_errors():
    values = fields({**APPROVED_POLICY, "last_reviewed": "2018-11"})[0]
    assert timeline_findings(values, LINES, "docs/sv/x.md", dt.date(2026, 1, 1)) == []  # same month: not before
    values = fields({**APPROVED_POLICY, "approved": "2026-02", "last_reviewed": "2026-01-31"})[0]
    assert [str(f) for f in timeline_findings(values, {**LINES, "last_reviewed": 13}, "docs/sv/x.md", dt.date(2026, 1, 31))] == [
        "docs/sv/x.md:9: 'approved' is 2026-02, after the check's date 2026-01-31 — set the date of the decision that "
        "was taken; approve the document when the decision is made",
        "docs/sv/x.md:13: 'last_reviewed' (2026-01-31) is before 'approved' (2026-02) — the next review counts from the "
        "later date; set the date of the review that took place after the decision, or remove last_reviewed"]


def test_only_a_decision_approves_and_information_is_published():
    """notes/decisions/0007: a governing document is approved by a decision; an information page never is."""
    lines = {"type": 4, "status": 5}
    assert status_findings({"type": "policy", "status": "approved"}, lines, "docs/sv/x.md") == []
    assert status_findings({"type": "information", "status": "published"}, lines, "docs/sv/x.md") == []
    assert [str(f) for f in status_findings({"type": "information", "status": "approved"}, lines, "docs/sv/x.md")] == [
        "docs/sv/x.md:5: an information page cannot be 'approved': no decision adopts it — write 'status: published' "
        "(shown as information, not a decision); a text that needs a decision is a policy, guideline or routine"]
    assert [str(f) for f in status_findings({"type": "guideline", "status": "published"}, lines, "docs/sv/x.md")] == [
        "docs/sv/x.md:5: a guideline cannot be 'published': that status is for information pages — write "
        "'status: draft' until the decision is taken, then 'approved' with its Decision trailer"]


# --- The one definition: Document, build_document, the YAML a generator writes --------------------------------

def test_the_document_has_one_typed_attribute_per_field():
    from dataclasses import fields as dataclass_fields

    from policysite.model import FIELDS

    attributes = {f.name: f.type for f in dataclass_fields(Document)}
    assert list(attributes) == ["language", "path", *(spec.name for spec in FIELDS)]
    assert attributes["approved"] == PartialDate | None and attributes["audience"] == tuple[str, ...]
    assert attributes["id"] is str and attributes["review_interval_months"] == int | None
    with pytest.raises(TypeError):
        Document(language="sv", path="p.md", title="T")  # a required fact cannot be left out


def test_a_translation_takes_the_shared_facts_from_the_swedish_page_and_its_own_text_from_itself():
    from policysite.model import build_document

    swedish, _ = fields({**APPROVED_POLICY, "changes": ["Ny struktur."]})
    english, _ = fields({"id": "SAK-POL-001", "title": "Security policy", "translation_of_version": "2.0",
                         "description": "One sentence."}, translation=True)
    document = build_document("p.md", "en", swedish, english)
    assert (document.title, document.description, document.translation_of_version) == (
        "Security policy", "One sentence.", "2.0")
    assert (document.type, document.approved, document.audience) == ("policy", PartialDate(2018, 11), ("employees",))
    assert document.changes == () and document.is_translation and document.translation_is_current


@pytest.mark.parametrize("translation", [False, True])
def test_every_example_value_passes_the_checks_and_reads_back_from_the_front_matter_written_for_it(translation):
    from policysite import frontmatter
    from policysite.model import front_matter, front_matter_fields

    examples = {spec.name: spec.example for spec in front_matter_fields(translation=translation)}
    text = front_matter(examples) + "# Rubrik\n"
    matter = frontmatter.parse(text)
    values, problems = parse_fields(matter.data, matter.key_lines, "docs/sv/x.md", is_translation=translation,
                                    role_keys=frozenset({"sakerhetschef", "regiondirektor"}))
    assert problems == [] and values == examples
    assert matter.body.strip() == "# Rubrik"


@pytest.mark.parametrize("value", ["2.0", "12", "yes", "Off", "~", "null", "a: b", "#1", "- x", "RB 2024/0123",
                                   "Ja, nej", "'citat'", " kant ", "Rutin för besök", PartialDate(2018, 11),
                                   PartialDate(2024, 3, 12), 24, None, ("employees", "contractors")])
def test_a_value_written_as_yaml_reads_back_as_the_same_value(value):
    from policysite import frontmatter
    from policysite.model import yaml_value

    read = frontmatter.parse(f"---\nkey: {yaml_value(value)}\n---\n").data["key"]
    if isinstance(value, PartialDate):
        read = PartialDate.parse(read)
    assert (tuple(read) if isinstance(value, tuple) else read) == value


def test_every_label_a_field_names_is_a_label_in_both_languages():
    from conftest import REPO
    from policysite.data import label_paths, load_labels
    from policysite.model import FIELDS, THEME_FIELDS

    labels = load_labels(REPO / "data" / "labels.yml")
    named = [spec.label for spec in FIELDS + THEME_FIELDS if spec.label]
    assert named and set(named) <= set(label_paths())
    for key in named:
        group, name = key.split(".")
        assert labels[group][name]["sv"] and labels[group][name]["en"]
