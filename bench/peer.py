"""The peer the PDF stage is compared with: mkdocs-pdf-export-plugin, one PDF per page.

The plugin is never a project dependency. It lives in a benchmark-only virtual
environment (bench/.peer-venv, ignored by git) made on first use from the
project's pinned requirements, the same WeasyPrint, and the plugin; every
package the project's own environment also has is held to the same version,
so the two PDF stages differ only in the code around WeasyPrint.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PLUGIN = "mkdocs-pdf-export-plugin==0.5.10"
WEASYPRINT = "weasyprint==70.0"
PLUGIN_ENTRY = "pdf-export"
STAMP = ".policysite-peer"  # inside the venv: what it was installed from


class PeerSetupError(Exception):
    """The peer's environment could not be made (no registry, a pin that does not resolve, …)."""


def peer_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_venv(venv: Path, repo: Path, progress=print) -> Path:
    """The peer environment's python, creating or updating the environment if its inputs changed."""
    requirements = (repo / "requirements.txt").read_text(encoding="utf-8")
    constraints = same_versions(_freeze(Path(sys.executable)))
    wanted = "\n".join([PLUGIN, WEASYPRINT, "## requirements.txt", requirements, "## constraints", *constraints])
    stamp = venv / STAMP
    python = peer_python(venv)
    if python.exists() and stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return python
    progress(f"peer: installing {PLUGIN} and {WEASYPRINT} into {venv} (once; needs the package registry)")
    if not python.exists():
        _run([sys.executable, "-m", "venv", str(venv)])
    constraints_file = venv / "constraints.txt"
    constraints_file.write_text("\n".join(constraints) + "\n", encoding="utf-8")
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # The project's hash-locked packages first (pip refuses to mix hashed and unhashed requirements in one run),
    # then the peer plugin, which only this benchmark-only environment gets, at the versions installed here.
    _run([*pip, "--require-hashes", "-r", str(repo / "requirements.txt")])
    _run([*pip, WEASYPRINT, PLUGIN, "-c", str(constraints_file)])
    # policysite is the project's own code (hooks, templates); as in the Makefile, no build isolation.
    _run([*pip, "--no-deps", "--no-build-isolation", "-e", str(repo)])
    stamp.write_text(wanted, encoding="utf-8")
    return python


def same_versions(freeze: str) -> list[str]:
    """Constraints `name==version` from `pip freeze` output; editable and URL installs are left out."""
    return [line.strip() for line in freeze.splitlines()
            if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[^\s;@]+", line.strip())]


def _freeze(python: Path) -> str:
    return _run([str(python), "-m", "pip", "freeze", "--disable-pip-version-check"])


def _run(argv: list[str]) -> str:
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + result.stderr)[-4000:]
        raise PeerSetupError(f"{' '.join(argv)} exited with {result.returncode}:\n{output}")
    return result.stdout


_PLUGINS = re.compile(r"^plugins:\s*(#.*)?$")
_ITEM = re.compile(r"^(\s*)-\s")


def peer_config(text: str) -> str:
    """The corpus's mkdocs.yml with the peer plugin last in `plugins:`, in its default per-page mode.

    Last, so it converts each page's final HTML (after search and i18n have done their part).
    """
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _PLUGINS.match(line)), None)
    if start is None:
        raise ValueError("mkdocs.yml has no top-level 'plugins:' list to add the peer to")
    indent, end = None, start + 1
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line.strip() and not line.startswith((" ", "\t", "#")):
            break  # the next top-level key
        if indent is None and (item := _ITEM.match(line)):
            indent = item.group(1)
        if line.strip() and not line.lstrip().startswith("#"):
            end = index + 1
    entry = f"{indent if indent is not None else '  '}- {PLUGIN_ENTRY}  # added by the benchmark (peer)"
    return "\n".join([*lines[:end], entry, *lines[end:]]) + "\n"
