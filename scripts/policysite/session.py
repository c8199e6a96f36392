"""The build session: what the MkDocs hooks share during one build of the site.

mkdocs-static-i18n builds the other languages inside the default language's build (in its on_post_build), on
the same config; MkDocs 1.6 keeps the imported hook modules between the rebuilds of `make serve`. So a session
begins with every outermost build (hooks/documents.py, the first hook, in on_config) and holds:
the project, read and checked once and reused by the inner builds (same config, same edition); the labels; the
inline-script audit of every page written (policysite.hosting); and, per language, what one hook hands to another
(the theme environment, navigation order, PDF targets and downloads, generated diff and proposal pages). Site-wide work runs
once, when the outermost build ends (is_outermost).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment

from .hosting import ScriptAudit
from .project import Project, load_project
from .template_cache import share
from .templates import environment

if TYPE_CHECKING:
    from .history.publish import ProjectHistory
    from .history.views import DiffPage
    from .proposal import EditorNotice, ServePage


@dataclass
class LanguageBuild:
    """What the hooks of one language's build hand to each other."""

    env: Environment | None = None  # the theme's environment: markers render with it, then the pages (hooks/documents)
    nav_order: list[str] = field(default_factory=list)  # src_uris in navigation order (the PDF handbook's chapters)
    pdf_targets: set[str] = field(default_factory=set)  # site paths of the PDFs this build wrote
    downloads: dict[tuple[str, str], list] = field(default_factory=dict)  # (language, path) -> a page's PDF links
    diff_pages: dict[str, DiffPage] = field(default_factory=dict)  # src_uri of a generated comparison -> its diff
    # `make serve` only (hooks/proposal.py): src_uri of a proposal page -> its ServePage, and src_uri of a document
    # page -> the editor notice that links its proposal page.
    proposal_pages: dict[str, ServePage] = field(default_factory=dict)
    proposal_notices: dict[str, EditorNotice] = field(default_factory=dict)


@dataclass
class BuildSession:
    site_root: Path
    labels: dict | None = None
    project: Project | None = None
    project_key: tuple | None = None  # what the project was loaded from (load_project's arguments)
    history: ProjectHistory | None = None  # read from Git once; each language's copy renders with its settings
    scripts: ScriptAudit = field(default_factory=ScriptAudit)
    expected_scripts: dict[str, frozenset[str]] = field(default_factory=dict)  # output file -> allowed inline scripts
    languages: dict[str, LanguageBuild] = field(default_factory=dict)

    def language(self, language: str) -> LanguageBuild:
        return self.languages.setdefault(language, LanguageBuild())

    def load_project(self, root: Path, docs_dir: Path, edition: str, config_file: Path) -> bool:
        """Read and check the project unless this session has it already; True when it was read now.

        FindingsError as policysite.project.load_project gives it.
        """
        key = (root, docs_dir, edition, config_file)
        if self.project is not None and self.project_key == key:
            return False
        self.project = load_project(root, docs_dir, edition=edition, config_file=config_file, labels=self.labels)
        self.project_key = key
        return True

    def env(self, language: str, config: Any) -> Environment:
        """The theme's environment for a language (policysite.templates), made once, with the shared bytecode cache
        (kept in .cache/jinja next to mkdocs.yml)."""
        build = self.language(language)
        if build.env is None:
            build.env = share(environment(config.theme), Path(config.config_file_path).parent / TEMPLATE_CACHE)
        return build.env


TEMPLATE_CACHE = Path(".cache") / "jinja"  # compiled templates, next to mkdocs.yml (policysite.template_cache)

_current: BuildSession | None = None


def is_outermost(config: Any) -> bool:
    """Whether this is the outermost build, not one mkdocs-static-i18n runs inside it for another language."""
    i18n = config.plugins.get("i18n")
    return i18n is None or not i18n.building


def begin(config: Any) -> BuildSession:
    """The session of this build: a new one for every outermost build (every rebuild of `make serve`)."""
    global _current
    if _current is None or is_outermost(config):
        _current = BuildSession(Path(config.site_dir))
    return _current


def current() -> BuildSession:
    if _current is None:
        raise RuntimeError("no build session: hooks/documents.py must be the first hook in mkdocs.yml")
    return _current
