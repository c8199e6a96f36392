"""What the recording commands tell the registrar to push (policysite.recording.repository)."""

from policysite.recording.repository import push_steps


def test_on_the_published_branch_the_record_is_pushed_with_its_tag():
    assert push_steps("main", "SAK-POL-001/v2.1") == [
        "Nothing is pushed. Push the record with:",
        "  git push origin main SAK-POL-001/v2.1",
    ]


def test_on_a_revision_branch_the_tag_is_pushed_only_after_the_merge():
    # A tag whose commit is not in main's history fails every build of main (notes/decisions/0012).
    assert push_steps("revision/SAK-POL-001-2.1", "SAK-POL-001/v2.1") == [
        "Nothing is pushed. Push the branch, merge it into main with a merge commit (never a squash or a rebase), "
        "then push the tag:",
        "  git push origin revision/SAK-POL-001-2.1",
        "  git switch main && git merge --no-ff revision/SAK-POL-001-2.1 && git push origin main",
        "  git push origin SAK-POL-001/v2.1",
    ]


def test_a_correction_on_a_revision_branch_has_no_tag_to_push():
    assert push_steps("fix", None)[-1] == "  git switch main && git merge --no-ff fix && git push origin main"
