"""The supply chain: requirements.txt pins every Python package exactly, with hashes, and agrees with its sources."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO

HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def entries(path: Path) -> list[str]:
    """The logical lines of a requirements file: continuations joined, comments and blank lines dropped."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    return [line.split(" #")[0].strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def pins(path: Path) -> dict[str, str]:
    """{canonical name: version} of a file of `name==version` lines."""
    found = {}
    for line in entries(path):
        requirement = Requirement(line.split(" --hash")[0].strip())
        (specifier,) = requirement.specifier
        found[canonicalize_name(requirement.name)] = specifier.version
    return found


def test_every_package_is_pinned_to_one_version_with_sha256_hashes_and_no_index_is_named():
    lines = entries(REPO / "requirements.txt")
    assert len(lines) >= 60
    for line in lines:
        requirement, _, hashes = line.partition(" --hash")
        assert re.fullmatch(r"[A-Za-z0-9._-]+==[0-9][0-9A-Za-z.+!-]*", requirement.strip()), line
        assert HASH.findall(line) and HASH.sub("", "--hash" + hashes).strip() == "", line
    # An option line (--index-url, -e, …) fails the pattern above; no address may hide in a comment either.
    assert not re.search(r"[a-z+]+:/", (REPO / "requirements.txt").read_text(encoding="utf-8"))


def test_the_direct_dependencies_are_pinned_at_the_versions_requirements_in_names():
    locked, direct = pins(REPO / "requirements.txt"), pins(REPO / "requirements.in")
    assert {name: locked.get(name) for name in direct} == direct
    assert {"nh3", "pip", "setuptools", "weasyprint", "mkdocs-material", "playwright"} <= direct.keys()


def test_every_dependency_in_pyproject_is_locked_at_a_version_it_allows():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = [*project["project"]["dependencies"], *project["project"]["optional-dependencies"]["test"],
                *project["build-system"]["requires"]]
    locked = pins(REPO / "requirements.txt")
    for line in declared:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked and requirement.specifier.contains(locked[name]), f"{line}: locked {locked.get(name)}"


def test_the_environment_the_tests_run_in_has_exactly_the_locked_versions():
    wrong = {}
    for name, pinned in pins(REPO / "requirements.txt").items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = None
        if installed != pinned:
            wrong[name] = (pinned, installed)
    assert wrong == {}, "(pinned, installed): run `make install`"
