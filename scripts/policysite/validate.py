"""Check every document against the contract: `python -m policysite.validate`.

Exit codes: 0 clean, 1 errors, 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from . import config, editions, sources
from .data import load_yaml
from .findings import Finding, FindingsError, Severity
from .model import LANGUAGES
from .project import load_project


def contacts_from_config(root: Path) -> list[dict]:
    """extra.contacts from mkdocs.yml, read strictly without MkDocs (policysite.config); FindingsError if defective."""
    extra, findings = config.read_extra(root / config.CONFIG_FILE)
    if findings:
        raise FindingsError(findings)
    return extra.get("contacts", [])


def check(root: Path, docs_dir: Path | None = None, *, on: dt.date | None = None,
          strict: bool = False) -> tuple[list[Finding], int]:
    """All findings for the repository at root (pages from docs_dir), and the number of documents read."""
    docs_dir = docs_dir or root / "docs"
    try:
        project = load_project(root, docs_dir, on=on, strict=strict)
        if docs_dir.resolve() == (root / "docs").resolve():  # the navigation names the repository's own pages
            config_file = root / "mkdocs.yml"
            nav = (load_yaml(config_file, config=True) or {}).get("nav")
            editions.checked_nav(nav, {path for (_, path) in project.corpus.documents}, config_file)
    except FindingsError as exc:
        return exc.findings, sum(len(sources.page_paths(docs_dir, language)) for language in LANGUAGES)
    return project.findings, len(project.corpus.documents)


def summary(findings: list[Finding], documents: int) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    notices = sum(1 for f in findings if f.severity is Severity.NOTICE)
    text = f"{errors} errors, {warnings} warnings in {documents} documents"
    return f"{text} ({notices} notices)" if notices else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policysite.validate", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: current directory)")
    parser.add_argument("--docs", type=Path, help="pages to check (default: ROOT/docs)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help="an overdue review, or a contact without mailbox or phone, is an error (governance pipelines)")
    parser.add_argument("--today", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                        help="the date reviews are judged against (default: SOURCE_DATE_EPOCH or the clock)")
    args = parser.parse_args(argv)
    if not (args.root / "mkdocs.yml").exists():
        parser.error(f"{args.root} has no mkdocs.yml; run from the repository root or pass --root")

    findings, documents = check(args.root, args.docs, on=args.today, strict=args.strict)
    if args.format == "json":
        json.dump({"findings": [{"path": f.path, "line": f.line, "severity": f.severity.name.lower(),
                                 "message": f.message, "fix": f.fix} for f in findings],
                   "summary": summary(findings, documents)}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for finding in findings:
            print(finding)
        print(summary(findings, documents))
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
