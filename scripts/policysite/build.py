"""`python -m policysite.build [--site-dir DIR] …`: the publishing build of `make site` and `make offline`.

It is `mkdocs build --strict`, quiet without losing a warning. `mkdocs build --quiet` raises MkDocs'
log level to ERROR, so warnings never reach the counter that strict mode fails on (MkDocs issue #4126):
a broken image path, or a nav entry MkDocs could not resolve, built with exit status 0. Here MkDocs'
logger keeps its normal level, so strict mode counts every warning, and only the console shows less:
warnings and errors, not the INFO lines. Options are those of `mkdocs build`, except the ones that would
change that (`--quiet`, `--verbose`, `--no-strict`).

It is also the build that publishes, so it sets POLICYSITE_PUBLISH=1: an approved governing document
without a decision record in Git then stops it (policysite.history.publish), where `mkdocs serve` warns.
"""

from __future__ import annotations

import logging
import os
import sys

REFUSED = ("-q", "--quiet", "-v", "--verbose", "--no-strict")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    refused = [arg for arg in args if arg in REFUSED]
    if refused:
        print(f"python -m policysite.build: {refused[0]} is not allowed: the publishing build is always strict "
              "and shows warnings and errors only", file=sys.stderr)
        return 2
    from mkdocs.__main__ import State, cli

    from .history.publish import PUBLISH_VARIABLE

    os.environ[PUBLISH_VARIABLE] = "1"

    state = State()  # MkDocs' console handler; the logger stays at INFO, as for a plain `mkdocs build`
    state.stream.setLevel(logging.WARNING)
    try:
        cli.main(["build", "--strict", *args], prog_name="mkdocs", obj=state, standalone_mode=True)
    except SystemExit as exc:  # click ends every run with SystemExit, 0 included
        return exc.code if isinstance(exc.code, int) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
