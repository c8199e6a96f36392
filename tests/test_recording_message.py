"""policysite.recording.message: the record's commit subject."""

from __future__ import annotations

import pytest

from policysite.recording.message import SUBJECT_LIMIT, subject


@pytest.mark.parametrize("summary, expected", [
    (None, "Rutin för besök 2.1"),
    ("Kort.", "Rutin för besök 2.1: Kort."),
    ("Besökare   bär\nbrickan " + "synligt och " * 8 + "alltid.",
     "Rutin för besök 2.1: Besökare bär brickan synligt och synligt och…"),
])
def test_the_subject_is_one_line_clipped_at_a_word(summary, expected):
    assert subject("Rutin för besök", "2.1", summary) == expected
    assert len(expected) <= SUBJECT_LIMIT
