"""Temporary Git repositories made by the tests themselves: commits, trailers and tags with fixed dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# 2025-01-15 10:00 UTC; every commit made here is an hour after the one before.
START = 1736935200
IDENTITY = {"GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.invalid",
            "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "author@example.invalid"}


def git(repo: Path, *args: str, when: int | None = None) -> str:
    env = {**os.environ, **IDENTITY, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo.parent)}
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{when} +0000"
    result = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def init(repo: Path) -> None:
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "config", "tag.gpgsign", "false")


def commit_all(repo: Path, message: str) -> str:
    """Commit every change with a fixed date; return the commit hash."""
    count = int(git(repo, "rev-list", "--all", "--count").strip() or 0) if _has_commits(repo) else 0
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message, when=START + 3600 * count)
    return git(repo, "rev-parse", "HEAD").strip()


def commit_message_file(repo: Path, message: Path, encoding: str | None = None) -> str:
    """Commit every change with the message file's bytes as they are (any encoding; `encoding` is what the
    commit declares, as `git -c i18n.commitEncoding=…` does); return the hash. Fixed dates, as commit_all."""
    count = int(git(repo, "rev-list", "--all", "--count").strip() or 0) if _has_commits(repo) else 0
    git(repo, "add", "--all")
    options = ["-c", f"i18n.commitEncoding={encoding}"] if encoding else []
    git(repo, *options, "commit", "--quiet", "--allow-empty", "--cleanup=verbatim", "-F", str(message),
        when=START + 3600 * count)
    return git(repo, "rev-parse", "HEAD").strip()


def tag(repo: Path, name: str, message: str, target: str = "HEAD", annotated: bool = True) -> None:
    if annotated:
        git(repo, "tag", "-a", name, target, "-m", message, when=START)
    else:
        git(repo, "tag", name, target)


def _has_commits(repo: Path) -> bool:
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "-q", "HEAD"],
                          capture_output=True).returncode == 0
