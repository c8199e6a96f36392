"""What Markdown rendered from a page's text, checked against an allow-list of elements, attributes and URLs.

Line regexes over Markdown cannot tell what a page will become (a fence mismatch, a tag split over two lines,
a line starting '*[' all slipped past them). So each page body is rendered with the site's own Markdown
extensions, and the HTML that came out is walked with a real parser: anything outside the allow-list, an
event-handler or style attribute (attr_list), a link with a scheme other than http(s), mailto: or tel:, an image
from anywhere but the site, and a
duplicate or theme-reserved id is reported at the first source line that contains it.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
import material

from .data import load_yaml
from .findings import Finding

# Elements the site's Markdown extensions produce (mkdocs.yml); raw HTML may not add others.
ELEMENTS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "ul", "ol", "li", "em", "strong", "code", "pre",
    "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "div", "span", "abbr", "dl", "dt", "dd",
    "sup", "details", "summary", "input", "label",
})
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang"})
ATTRIBUTES = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start"}),
    "details": frozenset({"open"}),
    "input": frozenset({"type", "checked", "disabled", "name"}),  # pymdownx.tasklist and pymdownx.tabbed
    "label": frozenset({"for"}),
    "div": frozenset({"data-tabs"}),  # pymdownx.tabbed
    "td": frozenset({"data-label"}),  # policysite.tables: the column a stacked cell belongs to
}
URL_ATTRIBUTES = frozenset({"href", "src"})
INPUT_TYPES = frozenset({"checkbox", "radio"})  # task lists and tabs; never a field that takes text
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Images come only from the site itself: nothing on the site loads from another host.
IMAGE_SCHEMES = frozenset()
# Characters a browser ignores in a URL's scheme ("java\tscript:", " javascript:").
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# Ids pymdownx.tabbed generates for its radio buttons; every other id starting with '__' is the theme's.
_TABBED_ID = re.compile(r"__tabbed_\d+_\d+")
# Ids written literally in the theme's and our templates (id="__search"), and prefixes of generated ones
# (id="term-{{ entry.id }}").
_TEMPLATE_ID = re.compile(r"""\bid=["']([A-Za-z0-9_:.-]*)(\{\{|["'])""")
# The repository's own configuration, for checking a tree that has none (a fixture, --docs elsewhere).
DEFAULT_CONFIG = Path(__file__).resolve().parents[2] / "mkdocs.yml"
# Python's html.parser (which Markdown's md_in_html uses) rescans from every '<' that could start a tag up to the
# next '>': a page of '<a<a<a…' costs quadratic time (minutes for 200 KB, in the check and the build alike). A
# page whose openers would rescan more than this many characters in total is refused before it is rendered.
RESCAN_BUDGET = 2_000_000
_TAG_OPENER_OR_END = re.compile(r"<[A-Za-z/!?]|>")
# Python-Markdown's inline processing copies a paragraph's remaining text for every element in it: time grows
# with the square of a block's length (lines between blank lines). The longest block of the site is about 1,100
# characters; a page whose blocks' squared lengths add up to more than one block of 30,000 characters (about two
# seconds, whatever it holds) is refused before it is rendered.
BLOCK_LIMIT = 30_000
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
# MkDocs' own Markdown extensions, which mkdocs.yml's markdown_extensions add to.
MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")
# One render of a page body serves the allow-list here and the links of policysite.links. In that render toc's
# permalinks carry this class, so the links tell them from links an author wrote; it is new in every process, so
# no page can put it on a link of its own to hide that link from the check. toc's `[TOC]` marker is off there: the
# table it would insert links only the page's own headings, and nothing in it is checked.
GENERATED_LINK_CLASS = f"policysite-generated-{secrets.token_hex(8)}"
# Rendered bodies kept per process: every page of a build (N=400 is 800 pages), and under `make serve` the pages
# that did not change since the last rebuild.
RENDER_CACHE_SIZE = 4096
_RENDERED: dict[tuple[str, str], str] = {}  # (settings, body) -> HTML, least recently used first
_CONVERTERS: dict[str, markdown.Markdown] = {}  # settings -> the converter that renders with them


def markdown_settings(config_file: Path) -> MarkdownSettings:
    """The Markdown extensions mkdocs.yml configures, read without MkDocs (its !ENV tags do not matter here)."""
    config = load_yaml(config_file, config=True) or {}
    extensions, configs = list(MKDOCS_EXTENSIONS), {}
    for entry in config.get("markdown_extensions") or []:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in extensions:
            extensions.append(name)
        if options:
            configs[name] = options
    return MarkdownSettings(extensions, configs)


def site_settings() -> MarkdownSettings:
    """The repository's Markdown settings (DEFAULT_CONFIG), read again only when mkdocs.yml changes."""
    stat = DEFAULT_CONFIG.stat()
    return _settings_of(DEFAULT_CONFIG, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _settings_of(config_file: Path, mtime_ns: int, size: int) -> MarkdownSettings:
    return markdown_settings(config_file)


def render(body: str, settings: MarkdownSettings) -> str:
    """The HTML of a page body with these settings: rendered once per text and settings, then kept (LRU)."""
    key = (_settings_key(settings), body)
    html = _RENDERED.pop(key, None)
    if html is None:
        html = _converter(key[0], settings).reset().convert(body)
        if len(_RENDERED) >= RENDER_CACHE_SIZE:
            del _RENDERED[next(iter(_RENDERED))]
    _RENDERED[key] = html
    return html


def _settings_key(settings: MarkdownSettings) -> str:
    return repr((settings.extensions, settings.configs))


def _converter(key: str, settings: MarkdownSettings) -> markdown.Markdown:
    if key not in _CONVERTERS:
        toc = {**(settings.configs.get("toc") or {}), "marker": "", "permalink_class": f"headerlink {GENERATED_LINK_CLASS}",
               "anchorlink_class": f"toclink {GENERATED_LINK_CLASS}"}
        _CONVERTERS[key] = markdown.Markdown(extensions=settings.extensions,
                                             extension_configs={**settings.configs, "toc": toc})
    return _CONVERTERS[key]


def reserved_ids(template_dirs: list[Path]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Ids the templates write on every page (exact) and the prefixes of the ids they generate."""
    exact, prefixes = set(), set()
    for folder in template_dirs:
        for template in sorted(folder.rglob("*.html")):
            for match in _TEMPLATE_ID.finditer(template.read_text(encoding="utf-8")):
                if match.group(2) == "{{":
                    if match.group(1):
                        prefixes.add(match.group(1))
                elif match.group(1):
                    exact.add(match.group(1))
    return frozenset(exact), tuple(sorted(prefixes))


def theme_template_dirs(root: Path) -> list[Path]:
    """Material's templates and ours (overrides/)."""
    return [Path(material.__file__).parent / "templates", root / "overrides"]


@dataclass(frozen=True)
class MarkdownSettings:
    """The site's Markdown extensions and their options (from mkdocs.yml, or MkDocs' config in a build)."""

    extensions: list = field(default_factory=list)
    configs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """Something the allow-list refuses, with the source texts that most likely wrote it (tried in order)."""

    needles: tuple[str, ...]
    message: str
    fix: str
    occurrence: int = 1  # the n-th line containing the needle (a duplicate id is reported where it repeats)


class _Walk(HTMLParser):
    def __init__(self, reserved: frozenset[str], reserved_prefixes: tuple[str, ...]):
        super().__init__(convert_charrefs=True)
        self.reserved = reserved
        self.reserved_prefixes = reserved_prefixes
        self.problems: list[Problem] = []
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        if tag not in ELEMENTS:
            self.problems.append(Problem((f"<{tag}",), f"raw HTML <{tag}> in the text",
                                         "write it in Markdown; raw HTML bypasses the theme's accessible markup"))
            return
        kind = (dict(attrs).get("type") or "").strip().lower()
        if tag == "input" and kind not in INPUT_TYPES:
            self.problems.append(Problem(("<input",), f"an <input type=\"{kind or 'text'}\"> in the text",
                                         "remove it; the site has no forms"))
        allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(Problem((name,), f"the event-handler attribute {name}= on <{tag}>",
                                             "remove it; scripts run only from the site's own script files"))
            elif name == "style":
                self.problems.append(Problem(("style",), f"the style attribute on <{tag}>",
                                             "remove it; the look comes from the site's style sheet"))
            elif name not in allowed:
                self.problems.append(Problem((name,), f"the attribute {name}= on <{tag}>",
                                             f"remove it; <{tag}> may carry only {', '.join(sorted(allowed))}"))
            elif name in URL_ATTRIBUTES:
                self._check_url(tag, name, value)
            elif name == "id":
                self._check_id(tag, value)


    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def _check_url(self, tag: str, name: str, value: str) -> None:
        scheme = _url_scheme(value)
        if scheme is None:
            return
        needles = (value.strip()[:40], f"{scheme}:")
        if tag == "img" and scheme not in IMAGE_SCHEMES:
            self.problems.append(Problem(needles, f"the image source '{_shown(value)}' is a {scheme}: URL",
                                         "put the image in docs/ and refer to it by its relative path; "
                                         "the site loads nothing from other hosts"))
        elif scheme not in LINK_SCHEMES:
            self.problems.append(Problem(needles, f"the link target '{_shown(value)}' is a {scheme}: URL",
                                         "link to a page of this site or to an http(s), mailto: or tel: address"))

    def _check_id(self, tag: str, value: str) -> None:
        self.ids[value] += 1
        needles = (f"#{value}", f'id="{value}"', value)
        if self.ids[value] == 2:
            self.problems.append(Problem(needles, f"the id '{value}' is used twice on the page",
                                         "give every heading its own id", occurrence=2))
        generated = tag == "input" and _TABBED_ID.fullmatch(value)
        if not generated and (value.startswith("__") or value in self.reserved
                              or value.startswith(self.reserved_prefixes)):
            self.problems.append(Problem(needles, f"the id '{value}' is reserved by the site's templates",
                                         "choose another id; ids starting with '__' and the templates' ids "
                                         "(overrides/, the theme) would break the page's search, menus or links"))

    def handle_decl(self, decl):
        self._markup(f"<!{decl.split()[0] if decl.split() else ''}")

    def unknown_decl(self, data):
        self._markup("<![")

    def handle_pi(self, data):
        self._markup("<?")

    def _markup(self, needle: str) -> None:
        self.problems.append(Problem((needle,), f"raw markup '{needle}' in the text",
                                     "write it in Markdown, or as code between backticks"))


def _url_scheme(value: str) -> str | None:
    """The URL's scheme, lower-case, as a browser reads it; None for a relative URL."""
    url = _IGNORED_IN_URL.sub("", value)
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def _shown(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:57] + "…"


def html_problems(html: str, reserved: frozenset[str] = frozenset(),
                  reserved_prefixes: tuple[str, ...] = ()) -> list[Problem]:
    """What the allow-list refuses in rendered HTML, in document order."""
    walk = _Walk(reserved, reserved_prefixes)
    walk.feed(html)
    walk.close()
    return walk.problems


def source_line(body: str, first_line: int, needles: tuple[str, ...], occurrence: int = 1) -> int:
    """The body line with the n-th occurrence of the first needle found, else the body's first line.

    Exact case first (two links that differ only in case are told apart), then ignoring case (<SCRIPT>).
    """
    lines = body.splitlines()
    for needle in needles:
        for fold in (lambda text: text, str.lower):
            hits = [offset for offset, line in enumerate(lines) if fold(needle) in fold(line)]
            if hits:
                return first_line + hits[min(occurrence, len(hits)) - 1]
    return first_line


def rescan_cost(body: str) -> tuple[int, int | None]:
    """How many characters html.parser would rescan for the page's unclosed tag openers, and the offset of the
    first opener that is not closed on its own line (None if there is none). Linear in the page's length."""
    cost, pending, pending_sum, pending_first, first_open = 0, 0, 0, 0, None
    for match in _TAG_OPENER_OR_END.finditer(body):
        if match.group() != ">":
            pending_first = pending_first if pending else match.start()
            pending += 1
            pending_sum += match.start()
        elif pending:
            cost += pending * match.start() - pending_sum
            if first_open is None and body.find("\n", pending_first, match.start()) != -1:
                first_open = pending_first
            pending = pending_sum = 0
    if pending:
        cost += pending * len(body) - pending_sum
        first_open = pending_first if first_open is None else first_open
    return cost, first_open


def block_cost(body: str) -> tuple[int, int, int]:
    """The sum of the squared lengths of the body's blocks (lines between blank lines), and the length and offset
    of the longest one."""
    cost, longest, longest_start, start = 0, 0, 0, 0
    ends = [(match.start(), match.end() + 1) for match in _BLANK_LINE.finditer(body)] + [(len(body), len(body))]
    for end, next_start in ends:
        length = max(end - start, 0)
        cost += length * length
        if length > longest:
            longest, longest_start = length, start
        start = next_start
    return cost, longest, longest_start


def too_costly(body: str) -> tuple[int, str, str] | None:
    """(offset, problem, fix) when rendering the body would take minutes; checked in linear time."""
    cost, first_open = rescan_cost(body)
    if cost > RESCAN_BUDGET:
        return (first_open or 0, "the text has so many '<' that are never closed with '>' that rendering it would "
                                 "take minutes", "write '&lt;' for a '<' that is not a tag, or put the text between "
                                                 "backticks")
    cost, longest, start = block_cost(body)
    if cost > BLOCK_LIMIT * BLOCK_LIMIT:
        return (start, f"the text's blocks are too long to render in reasonable time (the longest has {longest} "
                       "characters without a blank line)", "split long blocks with blank lines; keep pages to a "
                                                           "reasonable length")
    return None


class PageRenderer:
    """Renders page bodies with the site's Markdown extensions (render: once per body) and checks what came out."""

    def __init__(self, settings: MarkdownSettings, reserved: frozenset[str] = frozenset(),
                 reserved_prefixes: tuple[str, ...] = ()):
        self.settings = settings
        self.reserved = reserved
        self.reserved_prefixes = reserved_prefixes

    def findings(self, body: str, first_line: int, where: str) -> list[Finding]:
        costly = too_costly(body)
        if costly:
            offset, problem, fix = costly
            return [Finding(where, first_line + body.count("\n", 0, offset), problem, fix)]
        html = render(body, self.settings)
        found = []
        for problem in html_problems(html, self.reserved, self.reserved_prefixes):
            found.append(Finding(where, source_line(body, first_line, problem.needles, problem.occurrence), problem.message, problem.fix))
        return found
