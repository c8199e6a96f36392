"""The repository the commands record in: its state, checked before anything is touched; the pages written and
checked (put back exactly on failure); the commit; and what was recorded, with the push command it prints."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import FindingsError, Severity
from ..history.git import Repository, commits, open_repository, tags
from .refusals import Refusal, Refused

REMOTE = "origin"
PUBLISHED_BRANCH = "main"  # the branch the site is published from


@dataclass(frozen=True)
class GitState:
    """What the commands ask of Git before they touch anything."""

    repository: Repository
    branch: str | None  # None: HEAD is detached
    identity_problem: str | None
    changed: tuple[str, ...]  # paths with changes (staged, unstaged, untracked), relative to the top of the work tree
    tags: frozenset[str]
    recorded: tuple[str, ...]  # every `<id>/v<version>` a Decision trailer names, in any commit


def git(repository: Repository, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repository.top), *args], capture_output=True, text=True, input=input,
                          env={**os.environ, "LC_ALL": "C"})


def open_git(root: Path) -> tuple[Repository | None, list[Refusal]]:
    """The project's repository, or why it cannot record (not a repository, a shallow clone)."""
    try:
        return open_repository(root.resolve(), fetch=False), []
    except FindingsError as exc:
        return None, [Refusal(f.message, f.fix) for f in exc.findings]


def git_state(repository: Repository) -> GitState:
    head = git(repository, "symbolic-ref", "--quiet", "--short", "HEAD")
    identity = None
    for variable in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        result = git(repository, "-c", "user.useConfigOnly=true", "var", variable)
        if result.returncode != 0:
            identity = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "no identity"
    status = repository.git_bytes("status", "--porcelain=v1", "-z", "--untracked-files=all")
    changed, entries = [], status.split(b"\0")
    index = 0
    while index < len(entries):
        entry = entries[index].decode("utf-8", "replace")
        index += 1
        if len(entry) < 4:
            continue
        changed.append(entry[3:])
        if entry[0] in "RC":  # a rename or copy: the original path follows
            changed.append(entries[index].decode("utf-8", "replace"))
            index += 1
    recorded = []
    for commit in commits(repository):
        recorded += [value.split(";", 1)[0].strip() for key, value in commit.trailers if key.lower() == "decision"]
    return GitState(repository, head.stdout.strip() if head.returncode == 0 else None, identity, tuple(changed),
                    frozenset(t.name for t in tags(repository)), tuple(recorded))


def state_refusals(state: GitState, allowed: set[str], *, besides: str = " besides the document's pages",
                   purpose: str = "the record commits only the document") -> list[Refusal]:
    """A branch to commit on, an identity to commit as, and no change but in the allowed paths."""
    refusals = []
    if state.branch is None:
        refusals.append(Refusal("HEAD is detached, so the record would be on no branch",
                                "check out the branch the decision belongs on (git switch main), then run it again"))
    if state.identity_problem:
        refusals.append(Refusal(f"Git does not know who records the decision ({state.identity_problem})",
                                'set your name and e-mail address: git config user.name "…" and '
                                'git config user.email "…"'))
    others = sorted({path for path in state.changed if path not in allowed})
    if others:
        shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        refusals.append(Refusal(f"the working tree has changes{besides}: {shown}",
                                f"commit them, or put them aside (git stash --include-untracked), so that {purpose}; "
                                "`git status` lists them"))
    return refusals


def project_path(repository: Repository, path: str) -> str:
    """A path relative to the project as Git names it (relative to the top of the work tree)."""
    return f"{repository.prefix}{path}"


@dataclass
class Saved:
    """Files as they were, to put back exactly (bytes and modification time) when a step fails."""

    files: dict[Path, tuple[bytes, int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, paths: list[Path]) -> "Saved":
        saved = cls()
        for path in paths:
            info = path.stat()
            saved.files[path] = (path.read_bytes(), info.st_atime_ns, info.st_mtime_ns)
        return saved

    def restore(self) -> None:
        for path, (data, atime, mtime) in self.files.items():
            if path.read_bytes() != data:
                path.write_bytes(data)
            os.utime(path, ns=(atime, mtime))


def write_checked(root: Path, texts: dict[str, str]) -> Saved:
    """Write the new page texts and run the check on the result, as `make check` does; on any error put the pages
    back and refuse."""
    from ..validate import check  # validate imports much of the package; only the commands that write need it

    saved = Saved.of([root / path for path in texts])
    try:
        for path, text in texts.items():
            if (root / path).read_bytes() != text.encode("utf-8"):
                (root / path).write_bytes(text.encode("utf-8"))
        findings, _ = check(root)
    except BaseException:
        saved.restore()
        raise
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        saved.restore()
        raise Refused([Refusal(f"the check finds {len(errors)} error{'s' * (len(errors) != 1)} in the result, so "
                               "nothing was recorded and the pages are as they were",
                               "fix what is listed above (`make check`), then run it again")], errors)
    return saved


def commit(repository: Repository, root: Path, paths: list[str], message: str, saved: Saved) -> str:
    """Commit only these paths, or nothing but the message (the index keeps whatever else it holds); the pages are
    put back on failure."""
    result = git(repository, "commit", "--quiet", "--allow-empty", "--only", "--file=-", "--",
                 *[str((root / path).resolve()) for path in paths], input=message)
    if result.returncode != 0:
        saved.restore()
        raise Refused([Refusal(f"git commit failed: {' '.join(result.stderr.split())[:300]}",
                               "fix what Git says (a commit hook that refused, for example), then run it again")])
    return git(repository, "rev-parse", "HEAD").stdout.strip()


def push_command(*refs: str | None) -> str:
    return " ".join(["git push", REMOTE, *filter(None, refs)])


@dataclass(frozen=True)
class Recorded:
    commit: str
    tag: str | None
    files: tuple[str, ...]
    branch: str
    message: str


def report(recorded: Recorded, what: str) -> str:
    lines = [what, f"  commit {recorded.commit[:7]} {recorded.message.splitlines()[0]}"]
    if recorded.tag:
        lines.append(f"  tag    {recorded.tag} (annotated)")
    lines.append(f"  files  {', '.join(recorded.files) if recorded.files else '(none changed)'}")
    return "\n".join(lines + push_steps(recorded.branch, recorded.tag))


def push_steps(branch: str, tag: str | None) -> list[str]:
    """How the record reaches the published branch. On a revision branch the tag is pushed only after the merge: a
    tag whose commit is not yet in the published branch's history fails every build of it (notes/decisions/0012)."""
    if branch == PUBLISHED_BRANCH:
        return ["Nothing is pushed. Push the record with:", f"  {push_command(branch, tag)}"]
    steps = ["Nothing is pushed. Push the branch, merge it into "
             f"{PUBLISHED_BRANCH} with a merge commit (never a squash or a rebase){', then push the tag' if tag else ''}:",
             f"  {push_command(branch)}",
             f"  git switch {PUBLISHED_BRANCH} && git merge --no-ff {branch} && {push_command(PUBLISHED_BRANCH)}"]
    return steps + ([f"  {push_command(tag)}"] if tag else [])
