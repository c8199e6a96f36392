"""Shared fixtures: real builds of the real project (or a copy of it) into temporary folders."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import gitrepo

REPO = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "overrides", "scripts")
# Every build in the tests is told where the site lives, as a publishing build must be (policysite.urls): at the root
# of a host, as hosting/nginx.conf serves it. Tests of hosting under a sub-path build for SUB_PATH_SITE_URL; a test
# about a missing SITE_URL removes it. (Test values: no address of the region's is decided.)
TEST_SITE_URL = "https://sakerhet.regionblekinge.se/"
SUB_PATH_SITE_URL = "https://www.regionblekinge.se/sakerhet/"
os.environ["SITE_URL"] = TEST_SITE_URL


def build(project: Path, site_dir: Path, **env_vars: str) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build` (strict, from mkdocs.yml) and return the finished process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_vars}
    return subprocess.run([*MKDOCS, "build", "--site-dir", str(site_dir)], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def pytest_collection_modifyitems(items):
    """The tests marked slow run first, so that `make test`'s workers (pytest-xdist's worksteal) end together
    instead of one waiting for the other's last long test. Otherwise the order is the files'."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def shared(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder that make(folder) fills once per test session, whichever pytest-xdist worker asks first.

    The other workers wait for it (a lock in the session's own temporary folder, as pytest-xdist's documentation
    does it); if making it failed, they fail with the same message instead of trying again. Without xdist, the
    folder is the session's own. Only for outputs that tests read and never change.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # pytest-<n>/: this session's, shared by its workers (each has its own popen-gw<i>/)
    folder = root / "shared" / name
    folder.parent.mkdir(exist_ok=True)
    done, failed = folder.with_name(f"{name}.done"), folder.with_name(f"{name}.failed")
    with open(folder.with_name(f"{name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(f"{name}, made by another worker, failed:\n{failed.read_text(encoding='utf-8')}")
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                make(folder)
            except Exception as problem:
                failed.write_text(str(problem), encoding="utf-8")
                raise
            done.touch()
    return folder


@pytest.fixture(scope="session")
def pdf_cache(tmp_path_factory) -> Path:
    """A PDF cache for the builds whose PDFs are read but not under test, one per worker (its builds run one at a
    time): each PDF is rendered once per worker. Entries are keyed by everything that shapes the PDF, so a build
    can only take a PDF that it would have rendered byte for byte. Tests about the cache keep a cache of their own."""
    return tmp_path_factory.mktemp("pdf-cache")


def build_site(site_dir: Path, cache: Path) -> None:
    # As `make site` publishes it (policysite.build): an approved document without its decision record fails.
    result = build(REPO, site_dir, POLICYSITE_PUBLISH="1", **pdf_build(cache))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def site(tmp_path_factory, pdf_cache) -> Path:
    """The project's own site with its PDFs, as `make site` builds it, once per test session (for every worker)."""
    return shared(tmp_path_factory, "site", lambda folder: build_site(folder, pdf_cache))


def pdf_build(cache_dir: Path, report: Path | None = None) -> dict[str, str]:
    """Environment for a build with PDFs, using its own cache (and writing the stage's report, if asked)."""
    env = {"POLICYSITE_PDF": "1", "POLICYSITE_PDF_CACHE": str(cache_dir)}
    if report:
        env["POLICYSITE_PDF_REPORT"] = str(report)
    return env


def copy_project(target: Path) -> Path:
    """The project's files (not its Git history) in a new repository with one commit."""
    target.mkdir()
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    gitrepo.init(target)
    gitrepo.commit_all(target, "Copy of the project")
    return target


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A writable copy of the project, for tests that break it on purpose."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def repo(tmp_path) -> Path:
    """An empty Git repository with the tests' fixed identity, for tests that write their own history."""
    repo = tmp_path / "repo"
    repo.mkdir()
    gitrepo.init(repo)
    return repo


HISTORY_FIXTURE = Path(__file__).parent / "history-fixture"
ROUTINE = "besoksrutin.md"


def put_version(project: Path, version: str) -> None:
    """Write the test routine's text of one version (tests/history-fixture/v<version>/) into a project or repo."""
    for language in ("sv", "en"):
        target = project / "docs" / language / ROUTINE
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(HISTORY_FIXTURE / f"v{version}" / language / ROUTINE, target)


def approve_routine(repo: Path, version: str, decision: str, change_type: str = "substantive", tag: bool = True) -> str:
    """Commit the test routine's text of one version with its trailers (the Decision on line 5) and tag it."""
    put_version(repo, version)
    commit = gitrepo.commit_all(repo, f"Besöksrutin {version}\n\nSom beslutat.\n\n{decision}\nChange-type: {change_type}")
    if tag:
        gitrepo.tag(repo, f"SAK-RUT-901/v{version}", f"Besöksrutin {version}")
    return commit


@pytest.fixture
def history_project(tmp_path) -> Path:
    return make_history_project(tmp_path / "project")


def make_history_project(target: Path) -> Path:
    """A project whose Git history records two approved versions of a routine."""
    project = copy_project(target)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - andringslogg.md\n",
                                                                  f"  - andringslogg.md\n  - {ROUTINE}\n"))
    put_version(project, "1.0")
    gitrepo.commit_all(project, "Besöksrutin 1.0\n\nDecision: SAK-RUT-901/v1.0; regiondirektor; 2024-03-12; RS 2024/101\n"
                                "Change-type: substantive")
    gitrepo.tag(project, "SAK-RUT-901/v1.0", "Besöksrutin 1.0")
    put_version(project, "2.0")
    gitrepo.commit_all(project, "Besöksrutin 2.0\n\nDecision: SAK-RUT-901/v2.0; regiondirektor; 2025-01; unknown\n"
                                "Change-type: substantive")
    gitrepo.tag(project, "SAK-RUT-901/v2.0", "Besöksrutin 2.0")
    return project


# --- One copy of the project with several independent edits, built once (HTML, as `make serve` builds) ------

VARIANT_EPOCH = "1767225600"  # the build's today: 2026-01-01


@dataclass(frozen=True)
class Variant:
    project: Path
    site: Path
    output: str  # what the build wrote (stdout and stderr)


def make_variant(folder: Path) -> None:
    """Each edit is on a page (or setting) of its own, and each test reads only its own page, so no edit can
    hide or cause what another test looks for. The copy is one commit without decision records, as every copy
    (tests/test_archive_links.py reads the build's warnings about links to archived PDFs; no edit touches a link)."""
    from helpers import edit

    project = copy_project(folder / "project")
    # tests/test_corpus.py: a draft shows a banner in each language.
    edit(project / "docs" / "sv" / "sakerhetsprocessen.md", "status: published", "status: draft")
    # tests/test_corpus.py: an overdue review and a stale translation of the policy (on VARIANT_EPOCH).
    edit(project / "docs" / "sv" / "sakerhetspolicy.md", "approved: 2018-11\n",
         "approved: 2018-11\nreview_interval_months: 12\n")
    edit(project / "docs" / "en" / "sakerhetspolicy.md", 'translation_of_version: "2.0"', 'translation_of_version: "1.0"')
    # tests/test_content.py: a second contact point, with a phone number (the contact page).
    edit(project / "mkdocs.yml", '      mailbox: ""\n      phone: ""\n',
         '      mailbox: ""\n      phone: ""\n    - role: regiondirektor\n      phone: "0455-12 34 56"\n')
    # POLICYSITE_PUBLISH is not set, as `make serve` builds.
    result = build(project, folder / "site", SOURCE_DATE_EPOCH=VARIANT_EPOCH)
    (folder / "output.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def variant(tmp_path_factory) -> Variant:
    """The shared variant project (make_variant) and its site, built once per test session."""
    folder = shared(tmp_path_factory, "variant", make_variant)
    return Variant(folder / "project", folder / "site", (folder / "output.txt").read_text(encoding="utf-8"))


# --- The site in a real browser (tests/browsing.py) ----------------------------------------------------

@pytest.fixture(scope="session")
def server(site):
    """The project's site on 127.0.0.1, served by Debian's nginx with hosting/nginx.conf and the headers it ships."""
    from browsing import serve
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (which cannot download browsers here)."""
    from browsing import CHROMIUM, CHROMIUM_ARGS
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, server: str, **context_options):
    """A new page in a fresh context that records console errors, foreign requests and CSP violations."""
    from browsing import CSP_LISTENER, Problems
    context = browser.new_context(**context_options)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.problems = Problems()
    page.problems.watch(page, server)
    return page


@pytest.fixture
def page(browser, server):
    page = open_page(browser, server)
    yield page
    page.context.close()


# --- Hostile and mistaken input (tests/hostile/, tests/test_hostile_*.py) --------------------------------

HOSTILE = Path(__file__).parent / "hostile"
CHECK = [sys.executable, "-m", "policysite.validate"]


def overlay(project: Path, case: Path) -> Path:
    """Copy one hostile case's file tree (tests/hostile/<class>/<case>/) over a project copy; return the project.

    The case's files are laid out as in the repository (docs/sv/…, data/…, mkdocs.yml); they replace or add files.
    """
    assert case.is_dir(), f"{case} is not a hostile case folder"
    for source in sorted(case.rglob("*")):
        if source.is_file():
            target = project / source.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return project


def run_check(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m policysite.validate` on a project, as `make check` runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*CHECK, "--root", str(project), *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=120)


# --- `make` on a project copy ---------------------------------------------------------------------------

MAKE_FILES = ("Makefile", "requirements.txt", "requirements.in", "pyproject.toml")


def record_approvals(project: Path) -> str:
    """Commit the decision record of every approved governing document, as its Swedish front matter states it.

    The real repository carries these records in its history; a project copy is one commit without them, and
    a publishing build (`make site`, `make offline`) refuses an approved document that Git has no record of.
    """
    from policysite.frontmatter import read
    from policysite.model import GOVERNING_TYPES

    lines = []
    for page in sorted((project / "docs" / "sv").rglob("*.md")):
        meta = read(page).data
        if meta.get("status") == "approved" and meta.get("type") in GOVERNING_TYPES:
            date, case = meta.get("approved"), meta.get("case_number")
            lines.append(f"Decision: {meta['id']}/v{meta['version']}; {meta['approved_by']}; "
                         f"{date or 'unknown'}; {case or 'unknown'}")
    assert lines, f"{project} has no approved governing document"
    return gitrepo.commit_all(project, "Beslut registreras\n\n" + "\n".join(lines) + "\nChange-type: substantive")


def with_make(project: Path) -> Path:
    """A project copy that `make` can run in: the Makefile and pins, the decision records, the installed venv."""
    for name in MAKE_FILES:
        shutil.copyfile(REPO / name, project / name)
    record_approvals(project)
    (project / ".venv").symlink_to(REPO / ".venv")  # reuse the installed environment (not committed)
    return project


def run_make(project: Path, *arguments: str, timeout: int = 600, **env_vars: str) -> subprocess.CompletedProcess:
    """`make <arguments>` in a project copy; -o: treat the linked environment as installed."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_vars}
    return subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", *arguments], cwd=project,
                          env=env, capture_output=True, text=True, timeout=timeout)


# --- Recording decisions with the commands (tests/test_approve.py, tests/test_correct.py) --------------------

RECORDING_TODAY = "1780272000"  # the commands' today (SOURCE_DATE_EPOCH): 2026-06-01
RECORDED_AT = "@1778666400 +0000"  # when the registrar's commits are made: 2026-05-13 10:00 UTC


def prepare_revision(project: Path, version: str = "2.1") -> None:
    """The owner's revision of the test routine, not committed: a draft of the new version in both languages, with
    a comment in the front matter and a changed body (the commands must keep both byte for byte)."""
    from helpers import edit

    sv, en = (project / "docs" / language / ROUTINE for language in ("sv", "en"))
    edit(sv, 'status: approved\nversion: "2.0"\nowner: sakerhetschef\n',
         f'status: draft\nversion: "{version}"\nowner: sakerhetschef  # säkerhetschefen förvaltar rutinen\n')
    edit(sv, "change_summary: Besökare registreras digitalt och hämtas av sin värd.",
         "change_summary: Besökare bär besöksbrickan synligt.")
    edit(sv, "- Värden hämtar besökaren i receptionen.\n",
         "- Värden hämtar besökaren i receptionen.\n- Besökaren bär brickan synligt.\n")
    edit(en, 'translation_of_version: "2.0"', f'translation_of_version: "{version}"')
    edit(en, "change_summary: Visitors are registered digitally and collected by their host.",
         "change_summary: Visitors wear their badge visibly.")
    edit(en, "- The host collects the visitor at reception.\n",
         "- The host collects the visitor at reception.\n- The visitor wears the badge visibly.\n")


@pytest.fixture
def registrar(tmp_path, monkeypatch) -> Path:
    """The history project (1.0 and 2.0 of the test routine recorded) with 2.1 prepared and not committed; the
    environment of a registrar: a Git identity and no other Git configuration, and today pinned (RECORDING_TODAY)."""
    home = tmp_path / "home"
    home.mkdir()
    for name, value in {**gitrepo.IDENTITY, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
                        "GIT_AUTHOR_DATE": RECORDED_AT, "GIT_COMMITTER_DATE": RECORDED_AT,
                        "SOURCE_DATE_EPOCH": RECORDING_TODAY}.items():
        monkeypatch.setenv(name, value)
    project = make_history_project(tmp_path / "project")
    prepare_revision(project)
    return project


def repository_state(repo: Path) -> dict:
    """Everything a refused command must leave as it was: files, index, HEAD and its branch, refs and tags."""
    def run(*args: str) -> str:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True).stdout

    files = {path.relative_to(repo).as_posix(): path.read_bytes() for path in sorted(repo.rglob("*"))
             if path.is_file() and ".git" not in path.relative_to(repo).parts}
    return {"status": run("status", "--porcelain=v1", "--untracked-files=all"), "index": run("ls-files", "--stage"),
            "head": run("rev-parse", "HEAD"), "branch": run("symbolic-ref", "-q", "HEAD"),
            "refs": run("for-each-ref", "--format=%(refname) %(objectname) %(objecttype)"), "files": files}


@pytest.fixture
def recorded_revision(registrar) -> Path:
    """The registrar's project after `approve` recorded 2.1 (regionstyrelsen, 2026-05-12, RS 2026/123)."""
    from policysite import approve
    assert approve.main(["SAK-RUT-901", "2.1", "--body", "regionstyrelsen", "--date", "2026-05-12", "--case",
                         "RS 2026/123", "--type", "substantive", "--root", str(registrar)]) == 0
    return registrar
