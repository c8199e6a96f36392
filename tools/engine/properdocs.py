"""Build a site with ProperDocs, the fork of MkDocs 1.6 the project falls back to (notes/decisions/0009).

    python tools/engine/properdocs.py --root ROOT --site-dir DIR [--pdf] [--setup-only]

Sets up, once, its own environment tools/engine/.venv from requirements-properdocs.txt (hash-checked: the pins of
requirements.txt plus ProperDocs; the network is needed only then), and builds ROOT's mkdocs.yml there into DIR as
`make site` does, without PDFs unless --pdf: the publishing build (policysite.build: strict, warnings shown, the
decision records required), NO_MKDOCS_2_WARNING=1, POLICYSITE_EDITION (default public) and SOURCE_DATE_EPOCH (default
ROOT's last commit) as set, SITE_URL from the environment. The `policysite` package is ROOT's own (ROOT/scripts) or,
for a project without one (a bench corpus), this repository's; it is put on PYTHONPATH, not installed.

Inside the environment `import properdocs.replacement` comes first, so every `mkdocs` import (the hooks', Material's,
mkdocs-static-i18n's, policysite.build's) is ProperDocs. MkDocs itself is installed there too, as a dependency
Material declares, but never loaded: the build fails if a module of it was imported. Exits non-zero with one line
on stderr saying what failed.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
VENV = HERE / ".venv"
REQUIREMENTS = HERE / "requirements-properdocs.txt"
STAMP = VENV / ".installed"  # holds the fingerprint of the requirements and the Python the venv was made with
PROG = "tools/engine/properdocs.py"

# Run by the environment's Python with -P (nothing prepended to sys.path, so this file never shadows the package).
DRIVER = """\
import sys
import properdocs.replacement  # from here on every `mkdocs` import is ProperDocs
from policysite.build import main
code = main(sys.argv[1:])
mkdocs_modules = sorted(name for name, module in list(sys.modules.items())
                        if "/site-packages/mkdocs/" in (getattr(module, "__file__", None) or ""))
if mkdocs_modules:
    print("properdocs: MkDocs itself was imported, not ProperDocs: " + ", ".join(mkdocs_modules), file=sys.stderr)
    code = code or 1
if code == 0:
    import properdocs
    print(f"properdocs: built with ProperDocs {properdocs.__version__}", file=sys.stderr)
sys.exit(code)
"""


class EngineError(Exception):
    """A failure to report in one line."""


def fingerprint() -> str:
    """What the environment was made from: the requirements file and the Python that made it."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def venv_python() -> Path:
    return VENV / "bin" / "python"


def setup() -> Path:
    """The environment's Python, after making the environment if it is missing or out of date (under a lock)."""
    with REQUIREMENTS.open("rb") as lock:  # two runs at once: the second waits, then finds it made
        fcntl.flock(lock, fcntl.LOCK_EX)
        if STAMP.is_file() and STAMP.read_text(encoding="utf-8") == fingerprint():
            return venv_python()
        shutil.rmtree(VENV, ignore_errors=True)
        steps = [
            [sys.executable, "-m", "venv", str(VENV)],
            [str(venv_python()), "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(REQUIREMENTS)],
        ]
        for step in steps:
            if subprocess.run(step).returncode != 0:
                shutil.rmtree(VENV, ignore_errors=True)
                raise EngineError(f"could not set up {VENV} from {REQUIREMENTS.name} ({step[2]} {step[3]} failed; "
                                  "the first setup needs the network)")
        STAMP.write_text(fingerprint(), encoding="utf-8")
        return venv_python()


def package_path(root: Path) -> Path:
    """The folder holding the `policysite` package the build uses: ROOT's own, else this repository's."""
    own = root / "scripts"
    return own if (own / "policysite" / "__init__.py").is_file() else REPO / "scripts"


def last_commit_time(root: Path) -> str | None:
    """SOURCE_DATE_EPOCH as the Makefile sets it: the time of ROOT's last commit, if ROOT is in Git."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True)
    except OSError:  # no git
        return None
    return (result.stdout.strip() or None) if result.returncode == 0 else None


def build_environment(root: Path, pdf: bool, base: dict[str, str]) -> dict[str, str]:
    """The environment of `make site`'s build, for ROOT, with or without PDFs."""
    env = {key: value for key, value in base.items() if key not in ("PYTHONHOME", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("POLICYSITE_EDITION", "public")
    if "SOURCE_DATE_EPOCH" not in env and (epoch := last_commit_time(root)):
        env["SOURCE_DATE_EPOCH"] = epoch
    if pdf:
        env["POLICYSITE_PDF"] = "1"
    else:
        env.pop("POLICYSITE_PDF", None)
    env["PYTHONPATH"] = os.pathsep.join([str(package_path(root)), *filter(None, [base.get("PYTHONPATH")])])
    return env


def build(python: Path, root: Path, site_dir: Path, pdf: bool) -> None:
    config = root / "mkdocs.yml"
    if not config.is_file():
        raise EngineError(f"{config} does not exist")
    command = [str(python), "-P", "-c", DRIVER, "--config-file", str(config), "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=root, env=build_environment(root, pdf, dict(os.environ)))
    if result.returncode != 0:
        raise EngineError(f"the ProperDocs build of {config} failed (exit status {result.returncode}; "
                          "its messages are above)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description="Build a site with ProperDocs, as `make site` does.")
    parser.add_argument("--root", type=Path, required=True, help="the project: the folder holding mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, help="where to build the site (required unless --setup-only)")
    parser.add_argument("--pdf", action="store_true", help="build the PDFs too (POLICYSITE_PDF=1)")
    parser.add_argument("--setup-only", action="store_true", help="only make the environment, if needed")
    args = parser.parse_args(argv)
    if not args.setup_only and args.site_dir is None:
        parser.error("--site-dir is required unless --setup-only")
    try:
        python = setup()
        if not args.setup_only:
            build(python, args.root.resolve(), args.site_dir.resolve(), args.pdf)
    except EngineError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
