"""Check the Git record of approved versions: trailers, tags and front matter agree, and every approved
governing document has a record (a warning here; `make site` refuses it). See CONTRIBUTING.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..corpus import load_corpus
from ..data import load_roles
from ..findings import FindingsError, Severity
from ..statements import reuse_findings
from .git import open_repository
from .record import CORRECTED, WITHDRAWN, load_history, unrecorded_approvals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policysite.history", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: current directory)")
    args = parser.parse_args(argv)
    try:
        roles = load_roles(args.root / "data" / "roles.yml")
        history = load_history(open_repository(args.root.resolve()), "docs", frozenset(roles))
        # The check (policysite.validate) reports the pages' own defects; here only what Git lacks.
        corpus, _ = load_corpus(args.root / "docs", frozenset(roles), args.root)
    except FindingsError as exc:
        print(exc, file=sys.stderr)
        return 1
    history.findings += unrecorded_approvals(corpus, history, Severity.WARNING)
    history.findings += reuse_findings(history, corpus)  # a retired statement identifier used again
    for finding in history.findings:
        print(finding, file=sys.stderr)
    count = sum(len(versions) for versions in history.versions.values())
    kinds = [c.kind for c in history.corrections]
    corrections = (f"; of the decisions, {kinds.count(WITHDRAWN)} withdrawn and {kinds.count(CORRECTED)} corrected"
                   if kinds else "")
    print(f"{len(history.errors)} errors, {len(history.warnings)} warnings in the record of {count} approved versions "
          f"of {len(history.versions)} documents{corrections}")
    return 1 if history.errors else 0


if __name__ == "__main__":
    sys.exit(main())
