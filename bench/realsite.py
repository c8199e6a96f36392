"""The real site's figures: our HTML build against the plain stack, save-to-rebuilt under `make serve`, and
the ProperDocs build, all on a copy of the project as it is now (uncommitted changes included)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .engine import EngineResult, properdocs_build
from .measure import Run, measure, without_pdf_settings
from .plain import PLAIN_FILE, plain_config
from .serve import save_to_rebuilt, serve_environment

SITE_URL = "https://sakerhet.regionblekinge.se/"  # a real address: the build refuses loopback and example ones
EDITED_PAGE = Path("docs") / "sv" / "sakerhetsprocessen.md"  # an information page: no decision, no PDF
EDITED_URL = "/sakerhetsprocessen/"


@dataclass
class RealSiteResult:
    pages: int = 0  # built HTML pages, ours
    plain_pages: int = 0
    build: list[Run] = field(default_factory=list)
    plain: list[Run] = field(default_factory=list)
    serve_seconds: list[float] = field(default_factory=list)
    engine: EngineResult | None = None


def copy_project(repo: Path, target: Path) -> Path:
    """The project as it is in `repo` now, with its Git history (the build reads it): a clone of HEAD with the
    working tree laid over it (changed, new and deleted files that Git does not ignore)."""
    subprocess.run(["git", "clone", "--quiet", "--no-local", str(repo), str(target)], check=True, capture_output=True)
    listed = subprocess.run(["git", "-C", str(repo), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source, copy = repo / name, target / name
        if source.is_file() and not source.is_symlink():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)
        elif not source.exists() and copy.is_file():
            copy.unlink()  # deleted in the working tree
    return target


def build_environment(base: dict[str, str]) -> dict[str, str]:
    """The public edition's HTML build for the published address, as the team measures it."""
    env = {key: value for key, value in without_pdf_settings(base).items() if key != "POLICYSITE_EDITION"}
    return {**env, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}


def _html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def bench_real_site(repo: Path, workdir: Path, runs: int, serve_edits: int, engine: bool,
                    progress: Callable[[str], None]) -> RealSiteResult:
    project = copy_project(repo, workdir / "real-site")
    (project / PLAIN_FILE).write_text(plain_config((project / "mkdocs.yml").read_text(encoding="utf-8")),
                                      encoding="utf-8")
    env = build_environment(dict(os.environ))
    result = RealSiteResult()
    site, plain_site = workdir / "real-site-html", workdir / "real-site-plain"
    for run in range(runs):  # alternately, so a change in the machine's load touches both alike
        for runs_of, argv, target in ((result.build, [], site), (result.plain, ["-f", PLAIN_FILE], plain_site)):
            shutil.rmtree(target, ignore_errors=True)
            measured, _ = measure([sys.executable, "-m", "mkdocs", "build", *argv, "--site-dir", str(target)],
                                  project, env)
            runs_of.append(measured)
            progress(f"real site: {'plain stack' if argv else 'our build'}, run {run + 1}/{runs}: "
                     f"{measured.seconds:.2f} s")
    result.pages, result.plain_pages = _html_pages(site), _html_pages(plain_site)
    if serve_edits:
        result.serve_seconds = save_to_rebuilt(project, project / EDITED_PAGE, EDITED_URL, serve_edits,
                                               serve_environment(dict(os.environ)))
        progress("real site: save to rebuilt under mkdocs serve: "
                 + ", ".join(f"{seconds:.2f} s" for seconds in result.serve_seconds))
    if engine:
        result.engine = properdocs_build(repo, project, workdir / "real-site-properdocs", env)
        progress(f"real site: ProperDocs: {'built' if result.engine.succeeded else 'FAILED'} "
                 f"in {result.engine.seconds:.2f} s {result.engine.detail}")
    return result
