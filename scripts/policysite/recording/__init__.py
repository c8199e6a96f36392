"""What the commands that record decisions in Git share (`policysite.approve`, `policysite.correct`): refusals,
their inputs, the document's pages, the front-matter edit, the commit message and the repository."""
