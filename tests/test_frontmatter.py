import pytest

from policysite import frontmatter


def test_key_lines_count_the_opening_fence_as_line_one():
    matter = frontmatter.parse("---\nid: SAK-POL-001\ntitle: Säkerhetspolicy\n---\n# Säkerhetspolicy\n")
    assert matter.data == {"id": "SAK-POL-001", "title": "Säkerhetspolicy"}
    assert matter.key_lines == {"id": 2, "title": 3}
    assert matter.body == "# Säkerhetspolicy\n"
    assert matter.body_start_line == 5


def test_malformed_yaml_is_an_error_at_its_line():
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.parse("---\nid: SAK-POL-001\ntitle: [Säkerhetspolicy\nstatus: approved\n---\n")
    finding = caught.value.finding("docs/sv/x.md")
    assert str(finding).startswith("docs/sv/x.md:4: front matter is not valid YAML: ")
    assert str(finding).endswith(" — fix the YAML syntax (quote values that contain ':' , '[' or '#')")


def test_unclosed_front_matter_is_an_error():
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.parse("---\nid: SAK-POL-001\n# Rubrik\n")
    assert str(caught.value.finding("a.md")) == (
        "a.md:1: front matter opened with '---' is never closed — add a line containing only '---' after the last metadata line"
    )


def test_a_list_is_not_front_matter():
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.parse("---\n- id\n---\n")
    assert caught.value.line == 2


def test_page_without_front_matter_has_empty_data():
    assert frontmatter.parse("# Rubrik\n").data == {}


def test_a_duplicate_key_is_an_error_at_its_second_line():
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.parse("---\nclassification: internal\nid: SAK-POL-001\nclassification: public\n---\n")
    assert str(caught.value.finding("a.md")) == (
        "a.md:4: front matter: the key 'classification' is given twice (also on line 2) — remove one of them; "
        "YAML would silently keep only the last")


def test_aliases_anchors_and_merge_keys_are_refused():
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.parse("---\nid: SAK-POL-001\ntitle: *t\n---\n")
    assert caught.value.line == 3 and caught.value.message == "front matter: the alias '*t' repeats another value"
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.parse("---\nid: SAK-POL-001\n<<: {title: X}\n---\n")
    assert caught.value.line == 3 and caught.value.message == "front matter: the merge key '<<' is not allowed here"


def test_dates_stay_text_and_nested_values_remember_their_lines():
    matter = frontmatter.parse("---\napproved: 2018-11-05\naudience:\n  - employees\n  - contractors\n---\n")
    assert matter.data == {"approved": "2018-11-05", "audience": ["employees", "contractors"]}
    assert matter.data["audience"].line_of(1) == 5
