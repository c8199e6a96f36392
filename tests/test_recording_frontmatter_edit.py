"""policysite.recording.frontmatter_edit: keys set or taken out in place, every other byte kept, and the check that
the edited text says what it should."""

from __future__ import annotations

from policysite.model import PartialDate
from policysite.recording.frontmatter_edit import REMOVE, edit_front_matter, edit_refusals


def approved(date: PartialDate | None, case_number: str | None) -> dict:
    """The values `approve` sets (tests/test_approve.py checks approve.approved_values gives exactly these)."""
    return {"status": "approved", "version": "2.1", "approved_by": "regionstyrelsen", "approved": date,
            "case_number": case_number, "last_reviewed": REMOVE}


def test_the_front_matter_is_edited_in_place():
    text = ('---\nid: SAK-RUT-901\r\nstatus: draft   # until decided\nversion: "2.1"\nowner: sakerhetschef\n'
            "approved_by:\n  regiondirektor\nlast_reviewed: 2025-03  # the review before\nchange_summary: >\n"
            "  Två rader\n  text.\n---\n\nstatus: draft\n")
    values = approved(None, "RS 1:2")
    assert edit_front_matter(text, values) == (
        '---\nid: SAK-RUT-901\r\nstatus: approved   # until decided\nversion: "2.1"\nowner: sakerhetschef\n'
        'approved_by: regionstyrelsen\napproved: ~\ncase_number: RS 1:2\nchange_summary: >\n'
        "  Två rader\n  text.\n---\n\nstatus: draft\n")


def test_an_edit_that_would_not_say_the_decision_is_caught_before_it_is_written():
    values = approved(PartialDate(2026, 5, 12), None)
    text = '---\nid: SAK-RUT-901\nstatus: approved\nversion: "2.1"\napproved_by: regionstyrelsen\n---\n'
    assert edit_refusals(edit_front_matter(text, values), values) == []
    [refusal] = edit_refusals(text, values)  # approved and case_number are not set
    assert refusal.problem == "BUG: the edited page would not say what it should (approved, case_number)"
