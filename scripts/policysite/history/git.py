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
GIT_ENV = {"LC_ALL": "C"}
# Paths as they are (not "\303\266"-quoted), so the names git prints are the names on disk.
GIT_OPTIONS = ("-c", "core.quotepath=off")
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

    def git_bytes(self, *args: str, check: bool = True) -> bytes:
        """Git's output as it is: commit messages and file names may be in any encoding."""
        result = subprocess.run(["git", *GIT_OPTIONS, "-C", str(self.top), *args], capture_output=True,
                                env={**os.environ, **GIT_ENV})
        if check and result.returncode != 0:
            raise _error(str(self.top), f"git {' '.join(args[:2])} failed: "
                                        f"{result.stderr.decode('utf-8', 'replace').strip()}",
                         "check that the repository is intact (git fsck)")
        return result.stdout

    def git(self, *args: str, check: bool = True) -> str:
        """Git's output as text; bytes that are not UTF-8 become U+FFFD instead of stopping the build."""
        return self.git_bytes(*args, check=check).decode("utf-8", "replace")

    def show(self, revision: str, path: str) -> str | None:
        """A file's text at a revision (see `file_text`); None when it does not exist there."""
        result = subprocess.run(["git", "-C", str(self.top), "show", f"{revision}:{self.prefix}{path}"],
                                capture_output=True)
        return file_text(result.stdout) if result.returncode == 0 else None


def file_text(data: bytes) -> str:
    """A file from Git as the check reads files: UTF-8 (a BOM is dropped), LF line endings.

    An old commit cannot be fixed, so bytes that are not UTF-8 become U+FFFD rather than stopping every build.
    """
    return data.decode("utf-8-sig", "replace").replace("\r\n", "\n")


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
    # (key, value) as Git's own trailer parser reads the message (git interpret-trailers), unfolded
    trailers: tuple[tuple[str, str], ...] = ()
    utf8: bool = True  # False when the message had bytes that are not UTF-8 (read as U+FFFD)

    @property
    def short(self) -> str:
        return self.hash[:7]

    @property
    def subject(self) -> str:
        """The first line, printable, for messages that name the commit."""
        first = self.message.strip().split("\n", 1)[0] if self.message.strip() else ""
        shown = "".join(c if c.isprintable() else "\ufffd" for c in first)
        return shown if len(shown) <= 72 else shown[:71] + "…"


@dataclass(frozen=True)
class Tag:
    name: str
    annotated: bool
    commit: str
    message: str


def commits(repository: Repository) -> list[Commit]:
    """Every commit reachable from HEAD, newest first, with the trailers Git's own parser finds in it.

    Messages are asked for in UTF-8 (Git re-encodes a message recorded in another encoding); a message
    with bytes that are still not UTF-8 is read with U+FFFD for them and marked. Records are separated
    by NUL, the one byte a commit message cannot hold.
    """
    messages = repository.git_bytes("log", "-z", "--encoding=UTF-8", "--format=%H %ct%n%B", "HEAD", check=False)
    found_trailers = _trailers_by_commit(repository)
    found = []
    for record in messages.split(b"\0"):
        if not record.strip():
            continue
        header, _, raw = record.partition(b"\n")
        hash_, timestamp = header.decode("ascii").split()
        try:
            message, utf8 = raw.decode("utf-8"), True
        except UnicodeDecodeError:
            message, utf8 = raw.decode("utf-8", "replace"), False
        found.append(Commit(hash_, int(timestamp), message, found_trailers.get(hash_, ()), utf8))
    return found


# Our keys, configured, are what Git calls recognised: a last paragraph that has one is a trailer block when a
# quarter of its lines are trailers, so prose in it (what a squash merge writes) does not hide the decision.
OUR_TRAILERS = ("-c", "trailer.decision.key=Decision", "-c", "trailer.change-type.key=Change-type",
                "-c", "trailer.correction.key=Correction")


def _trailers_by_commit(repository: Repository) -> dict[str, tuple[tuple[str, str], ...]]:
    """Commit -> its trailers, unfolded, as `git interpret-trailers --parse` reads them (one `git log`)."""
    output = repository.git_bytes(*OUR_TRAILERS, "log", "-z", "--encoding=UTF-8",
                                  "--format=%H%n%(trailers:only,unfold,key_value_separator=%x1f)", "HEAD", check=False)
    found = {}
    for record in output.split(b"\0"):
        lines = record.decode("utf-8", "replace").split("\n")
        if not lines[0].strip():
            continue
        pairs = [line.split(FIELD, 1) for line in lines[1:] if FIELD in line]
        found[lines[0].strip()] = tuple((key.strip(), value.strip()) for key, value in pairs)
    return found


def tags(repository: Repository) -> list[Tag]:
    """Every tag; fields end in NUL, the one byte a tag message cannot hold."""
    output = repository.git_bytes("for-each-ref", "refs/tags", "--format=%(refname:strip=2)%00%(objecttype)%00"
                                  "%(*objectname)%00%(objectname)%00%(contents)%00")
    fields = output.split(b"\0")
    found = []
    for start in range(0, len(fields) - 4, 5):
        name, kind, peeled, target, message = (part.decode("utf-8", "replace") for part in fields[start:start + 5])
        annotated = kind == "tag"
        found.append(Tag(name.lstrip("\n"), annotated, peeled if annotated else target, message.strip()))
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


def list_files(repository: Repository, revision: str, folder: str, suffix: str = ".md") -> list[str]:
    """Paths (relative to the project) of the files under `folder` at `revision` whose name ends in `suffix`."""
    output = repository.git_bytes("ls-tree", "-r", "-z", "--name-only", revision, "--",
                                  f"{repository.prefix}{folder}/", check=False)
    names = (name.decode("utf-8", "replace") for name in output.split(b"\0") if name)
    return sorted(name[len(repository.prefix):] for name in names if name.endswith(suffix))


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
                                         env={**os.environ, **GIT_ENV})
        return self

    def __exit__(self, *exc) -> None:
        self._process.stdin.close()
        self._process.wait()

    def read(self, revision: str, path: str) -> str | None:
        """A file's text at a revision (path relative to the project, read as `file_text`); None when it
        does not exist there."""
        self._process.stdin.write(f"{revision}:{self._repository.prefix}{path}\n".encode("utf-8"))
        self._process.stdin.flush()
        header = self._process.stdout.readline().decode("utf-8", "replace").split()
        if len(header) != 3 or header[1] != "blob":  # '<name> missing', or a folder
            if len(header) == 3:
                self._process.stdout.read(int(header[2]) + 1)
            return None
        data = self._process.stdout.read(int(header[2]) + 1)  # the content and a newline
        return file_text(data[:-1])
