"""The few Git questions the history asks, each one `git` call, with errors a person can act on."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, FindingsError

FIELD = "\x1f"
RECORD = "\x1e"
# Set to 1 to let a build turn a shallow clone into a full one (needs the network).
FETCH_VARIABLE = "POLICYSITE_GIT_FETCH"


class GitError(FindingsError):
    pass


def _error(where: str, message: str, fix: str) -> GitError:
    return GitError([Finding(where, 1, message, fix)])


@dataclass(frozen=True)
class Repository:
    """A work tree whose full history is present; `prefix` is the project's folder inside it."""

    top: Path
    prefix: str  # '' or 'some/folder/'

    def git(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(["git", "-C", str(self.top), *args], capture_output=True, text=True,
                                env={**os.environ, "LC_ALL": "C"})
        if check and result.returncode != 0:
            raise _error(str(self.top), f"git {' '.join(args[:2])} failed: {result.stderr.strip()}",
                         "check that the repository is intact (git fsck)")
        return result.stdout

    def show(self, revision: str, path: str) -> str | None:
        """A file's text at a revision; None when it does not exist there."""
        result = subprocess.run(["git", "-C", str(self.top), "show", f"{revision}:{self.prefix}{path}"],
                                capture_output=True)
        return result.stdout.decode("utf-8") if result.returncode == 0 else None


def open_repository(project: Path, *, fetch: bool | None = None) -> Repository:
    """The project's repository with its whole history, or a GitError that says how to get it.

    A shallow clone is completed with `git fetch --unshallow --tags` only when allowed
    (POLICYSITE_GIT_FETCH=1), because that needs the network.
    """
    where = "mkdocs.yml"
    if shutil.which("git") is None:
        raise _error(where, "the change history is read from Git, but the git command is not installed",
                     "install Git (apt-get install git) and build again")
    result = subprocess.run(["git", "-C", str(project), "rev-parse", "--show-toplevel", "--show-prefix",
                             "--is-shallow-repository"], capture_output=True, text=True)
    if result.returncode != 0:
        raise _error(where, f"the change history is read from Git, but {project} is not in a Git repository",
                     "build from a clone of the project (git clone <url>), not from a copy of its files")
    top, prefix, shallow = (result.stdout.splitlines() + ["", ""])[:3]
    repository = Repository(Path(top), prefix)
    if shallow == "true":
        allowed = fetch if fetch is not None else os.environ.get(FETCH_VARIABLE) == "1"
        if not allowed:
            raise _error(where, "this is a shallow clone, so the history of approved versions is incomplete",
                         f"run `git fetch --unshallow --tags` (or clone without --depth), "
                         f"or set {FETCH_VARIABLE}=1 to let the build fetch it")
        fetched = subprocess.run(["git", "-C", top, "fetch", "--quiet", "--unshallow", "--tags"],
                                 capture_output=True, text=True)
        if fetched.returncode != 0:
            raise _error(where, f"the shallow clone could not be completed: {fetched.stderr.strip()}",
                         "check the remote and the network, or clone the project in full")
    return repository


@dataclass(frozen=True)
class Commit:
    hash: str
    timestamp: int  # committer time, seconds since the epoch
    message: str


@dataclass(frozen=True)
class Tag:
    name: str
    annotated: bool
    commit: str
    message: str


def commits(repository: Repository) -> list[Commit]:
    """Every commit reachable from HEAD, newest first."""
    output = repository.git("log", f"--format=%H{FIELD}%ct{FIELD}%B{RECORD}", "HEAD", check=False)
    found = []
    for record in output.split(RECORD):
        record = record.strip("\n")
        if record:
            hash_, timestamp, message = record.split(FIELD, 2)
            found.append(Commit(hash_, int(timestamp), message))
    return found


def tags(repository: Repository) -> list[Tag]:
    output = repository.git("for-each-ref", "refs/tags",
                            f"--format=%(refname:strip=2){FIELD}%(objecttype){FIELD}%(*objectname){FIELD}"
                            f"%(objectname){FIELD}%(contents){RECORD}")
    found = []
    for record in output.split(RECORD):
        record = record.strip("\n")
        if record:
            name, kind, peeled, target, message = record.split(FIELD, 4)
            annotated = kind == "tag"
            found.append(Tag(name, annotated, peeled if annotated else target, message.strip()))
    return found


def last_changes(repository: Repository, folder: str) -> dict[str, Commit]:
    """Path under `folder` (relative to the project) -> the last commit that changed it, in one `git log`."""
    output = repository.git("log", f"--format={RECORD}%H{FIELD}%ct", "--name-only", "--no-renames", "HEAD",
                            "--", f"{repository.prefix}{folder}", check=False)
    found: dict[str, Commit] = {}
    for record in output.split(RECORD):
        lines = [line for line in record.splitlines() if line]
        if not lines:
            continue
        hash_, timestamp = lines[0].split(FIELD)
        for name in lines[1:]:
            path = name[len(repository.prefix):]
            found.setdefault(path, Commit(hash_, int(timestamp), ""))
    return found


def find_file(repository: Repository, revision: str, folder: str, pattern: str) -> list[str]:
    """Paths (relative to the project) under `folder` at `revision` with a line matching the regex `pattern`."""
    output = repository.git("grep", "-l", "-E", pattern, revision, "--", f"{repository.prefix}{folder}", check=False)
    return sorted(line.split(":", 1)[1][len(repository.prefix):] for line in output.splitlines() if ":" in line)


def file_commits(repository: Repository, folder: str) -> dict[str, list[str]]:
    """Path under `folder` (relative to the project) -> every commit that changed it, newest first, in one `git log`."""
    output = repository.git("log", f"--format={RECORD}%H", "--name-only", "--no-renames", "HEAD",
                            "--", f"{repository.prefix}{folder}", check=False)
    found: dict[str, list[str]] = {}
    for record in output.split(RECORD):
        lines = [line for line in record.splitlines() if line]
        for name in lines[1:]:
            found.setdefault(name[len(repository.prefix):], []).append(lines[0])
    return found


class FileReader:
    """Files at revisions through one `git cat-file --batch`, so reading many versions costs one process.

    Use as a context manager; `read` answers one question at a time, so a caller can stop as soon as it knows.
    """

    def __init__(self, repository: Repository):
        self._repository = repository
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> "FileReader":
        self._process = subprocess.Popen(["git", "-C", str(self._repository.top), "cat-file", "--batch"],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         env={**os.environ, "LC_ALL": "C"})
        return self

    def __exit__(self, *exc) -> None:
        self._process.stdin.close()
        self._process.wait()

    def read(self, revision: str, path: str) -> str | None:
        """A file's text at a revision (path relative to the project); None when it does not exist there."""
        self._process.stdin.write(f"{revision}:{self._repository.prefix}{path}\n".encode("utf-8"))
        self._process.stdin.flush()
        header = self._process.stdout.readline().decode("utf-8").split()
        if len(header) != 3 or header[1] != "blob":  # '<name> missing', or a folder
            if len(header) == 3:
                self._process.stdout.read(int(header[2]) + 1)
            return None
        data = self._process.stdout.read(int(header[2]) + 1)  # the content and a newline
        return data[:-1].decode("utf-8")
