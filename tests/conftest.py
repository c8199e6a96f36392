"""Shared fixtures: real builds of the real project (or a copy of it) into temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "overrides", "scripts")


def build(project: Path, site_dir: Path, **env_vars: str) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build` (strict, from mkdocs.yml) and return the finished process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_vars}
    return subprocess.run([*MKDOCS, "build", "--site-dir", str(site_dir)], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The project's own site with its PDFs, as `make site` builds it, once per test session."""
    site_dir = tmp_path_factory.mktemp("site")
    result = build(REPO, site_dir, **pdf_build(tmp_path_factory.mktemp("pdf-cache")))
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


def pdf_build(cache_dir: Path, report: Path | None = None) -> dict[str, str]:
    """Environment for a build with PDFs, using its own cache (and writing the stage's report, if asked)."""
    env = {"POLICYSITE_PDF": "1", "POLICYSITE_PDF_CACHE": str(cache_dir)}
    if report:
        env["POLICYSITE_PDF_REPORT"] = str(report)
    return env


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A writable copy of the project, for tests that break it on purpose."""
    copy = tmp_path / "project"
    copy.mkdir()
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / part)
    return copy
