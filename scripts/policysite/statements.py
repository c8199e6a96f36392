"""Statements you can cite: the identifiers on the goals and requirements of governing documents.

The author ends a paragraph or list item with ` {#SAK-POL-001:M3}` (notes/decisions/0011). This module reads those
tokens from the source (with their lines, for the check), renders them (a Python-Markdown extension that sets the
block's id and, in the site's build, adds the label from overrides/partials/statements/label.html), checks them,
and exports the statements of an edition (statements.csv / statements.json next to the register).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable
from xml.etree import ElementTree as etree

from bs4 import BeautifulSoup
from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import frontmatter, rendered
from .corpus import Corpus
from .findings import Finding, Severity
from .model import LANGUAGES, SOURCE_LANGUAGE, Document
from .structure import FENCE, HEADING, lines_outside_fences
from .urls import statement_exports

if TYPE_CHECKING:
    from .history.record import History
    from .project import Project

# <document id>:<M for a goal (mål), K for another requirement (krav)><number from 1>.
STATEMENT_ID = re.compile(r"(?P<document>[A-Z]{3}-[A-Z]{3}-\d{3}):(?P<kind>[MK])(?P<number>[1-9]\d*)")
KINDS = {"M": "goal", "K": "requirement"}
# A block that says "ska"/"shall" but states no requirement (it reports what another text says, or asks a question).
INFORMATIVE = "{.informative}"
# Anything that looks like a statement token, wherever it is (a heading, the middle of a line).
ANY_TOKEN = re.compile(r"\{#([^{}\s:]*:[^{}\s]*)\}")  # the first part stops at ":": linear
# The words that make a sentence a requirement, per language (whole words, any case).
OBLIGATION = {"sv": re.compile(r"\bska\b", re.IGNORECASE), "en": re.compile(r"\bshall\b", re.IGNORECASE)}
# How the site marks a section as the editors' own information, not decided text: its first paragraph says so
# (sakerhetspolicy.md, "Om policyn"). Admonitions (!!! note, !!! tip) are the editors' notes too.
EDITORIAL_OPENING = {"sv": "Det här avsnittet är information från redaktionen",
                     "en": "This section is information from the editors"}
ADMONITION = re.compile(r"^(?P<indent>[ \t]*)(!!!|\?\?\?\+?)\s")
LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d+[.)])[ \t]+(?P<text>.*)$")
LABEL_TEMPLATE = "partials/statements/label.html"


def trailing_token(text: str) -> tuple[str, int] | None:
    """What a `{#…}` at the end of the text (after a space or tab) says, and where the space before it starts.

    Read with rstrip and rfind, not a regular expression that would retry every run of spaces: linear in any text.
    """
    end = text.rstrip()
    start = end.rfind("{#")
    value = end[start + 2:-1] if start > 0 and end.endswith("}") else ""
    if not value or end[start - 1] not in " \t" or any(c in value for c in "{} \t\n"):
        return None
    return value, len(end[:start].rstrip(" \t"))


def ends_informative(text: str) -> int | None:
    """Where the space before a closing `{.informative}` starts, or None."""
    end = text.rstrip()
    start = len(end) - len(INFORMATIVE)
    if start > 0 and end.endswith(INFORMATIVE) and end[start - 1] in " \t":
        return len(end[:start].rstrip(" \t"))
    return None


# --- Reading the source -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """A paragraph or list item of a page's source, with what the statement check needs to know of it."""

    line: int  # its first line in the file
    last_line: int
    text: str  # the source lines, joined
    token: str | None  # what its trailing {#…} says, or None
    informative: bool  # it ends with {.informative}
    editorial: bool  # in an admonition or in a section the editors mark as their own information


@dataclass(frozen=True)
class Token:
    value: str
    line: int
    placed: bool  # ends a paragraph or list item (else it is on a heading or inside a line)


def source_blocks(body: str, first_line: int, language: str) -> list[Block]:
    """The paragraphs and list items of a page body outside fenced code and tables, in order."""
    blocks: list[Block] = []
    current: list[tuple[int, str]] = []
    state = {"admonition": None, "editorial_level": None, "section_open": False, "editorial": False}

    def close() -> None:
        if not current:
            return
        text = " ".join(line.strip() for _, line in current)
        last = current[-1][1]
        token = trailing_token(last)
        in_admonition = state["admonition"] is not None
        if state["section_open"] and not in_admonition:  # the section's first paragraph decides what it is
            state["section_open"] = False
            if text.startswith(EDITORIAL_OPENING.get(language, EDITORIAL_OPENING[SOURCE_LANGUAGE])):
                state["editorial"] = True
        blocks.append(Block(current[0][0], current[-1][0], text, token[0] if token else None,
                            ends_informative(last) is not None, in_admonition or state["editorial"]))
        current.clear()

    in_fence = False
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        if FENCE.match(line):
            close()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not line.strip():
            close()
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        if state["admonition"] is not None and indent <= state["admonition"]:
            close()
            state["admonition"] = None
        heading = HEADING.match(line)
        if heading and indent == 0:
            close()
            level = len(heading.group(1))
            if state["editorial_level"] is not None and level <= state["editorial_level"]:
                state["editorial"] = False
            if not state["editorial"]:
                state["editorial_level"], state["section_open"] = level, True
            continue
        admonition = ADMONITION.match(line)
        if admonition:
            close()
            state["admonition"] = len(admonition.group("indent"))
            continue
        if line.lstrip().startswith(("|", "*[")):  # table rows and abbreviation definitions state nothing
            close()
            continue
        if LIST_ITEM.match(line):
            close()
        current.append((number, line))
    close()
    return blocks


def source_tokens(body: str, first_line: int, blocks: list[Block]) -> list[Token]:
    """Every statement-like token of the body: the blocks' own, and any {#…:…} elsewhere (misplaced)."""
    ends = {block.last_line for block in blocks if block.token is not None}
    tokens = [Token(block.token, block.last_line, True) for block in blocks if block.token is not None]
    for number, line in lines_outside_fences(body, first_line):
        for match in ANY_TOKEN.finditer(line):
            own = number in ends and not line[match.end():].strip() and line[:match.start()][-1:] in (" ", "\t")
            if not own:  # a block's own token (counted above) ends its last line after a space
                tokens.append(Token(match.group(1), number, False))
    return sorted(tokens, key=lambda token: token.line)


def page_source(corpus: Corpus, language: str, path: str) -> tuple[str, int]:
    """A page's Markdown body and its first line, read as the corpus read it."""
    text = (corpus.docs_dir / language / path).read_text(encoding="utf-8-sig")
    _, body, first_line = frontmatter.split(text)
    return body, first_line


# --- Checking -------------------------------------------------------------------------------------------------------

def next_free(document_id: str, kind: str, used: Iterable[str]) -> str:
    """The identifier after the highest of this kind the document has used (never a gap left by a retired one)."""
    numbers = [int(m["number"]) for value in used if (m := STATEMENT_ID.fullmatch(value))
               and m["document"] == document_id and m["kind"] == kind]
    return f"{document_id}:{kind}{max(numbers, default=0) + 1}"


def check_statements(corpus: Corpus) -> list[Finding]:
    """Each page's tokens (placed, well formed, its own id, once), a requirement without one, and both languages."""
    findings: list[Finding] = []
    found: dict[tuple[str, str], list[Token]] = {}
    for (language, path), source in sorted(corpus.sources.items()):
        document = corpus.documents[(language, path)]
        body, first_line = page_source(corpus, language, path)
        blocks = source_blocks(body, first_line, language)
        tokens = source_tokens(body, first_line, blocks)
        found[(language, path)] = tokens
        findings += _page_findings(document, source.where, blocks, tokens, _used(corpus, path, found, language))
    for path in sorted({path for (_, path) in found}):
        findings += _pairing_findings(corpus, path, found)
    return findings


def _used(corpus: Corpus, path: str, found: dict, language: str) -> list[str]:
    """Every identifier the page uses in either language (the other one read here if not yet read)."""
    used = [t.value for t in found.get((language, path), [])]
    for other in LANGUAGES:
        if other != language and (other, path) in corpus.sources:
            if (other, path) not in found:
                body, first_line = page_source(corpus, other, path)
                found_other = source_tokens(body, first_line, source_blocks(body, first_line, other))
            else:
                found_other = found[(other, path)]
            used += [t.value for t in found_other]
    return used


def _page_findings(document: Document, where: str, blocks: list[Block], tokens: list[Token],
                   used: list[str]) -> list[Finding]:
    findings = []
    new = next_free(document.id, "K", used)
    example = f"{{#{new}}}"
    if not document.is_governing:
        return [Finding(where, t.line, f"statement identifier '{t.value}' on a page that is not a policy, guideline "
                                        "or routine", "remove it; only governing documents have statements")
                for t in tokens]
    seen: dict[str, int] = {}
    for token in tokens:
        match = STATEMENT_ID.fullmatch(token.value)
        if not token.placed:
            findings.append(Finding(where, token.line, f"statement identifier '{token.value}' does not end a "
                                                       "paragraph or list item",
                                    "put it after a space at the end of the statement's last line, e.g. "
                                    f"'… text. {example}'"))
        elif match is None:
            findings.append(Finding(where, token.line, f"malformed statement identifier '{token.value}'",
                                    f"write the page's id, ':', M (goal) or K (requirement) and a number, e.g. {example}"))
        elif match["document"] != document.id:
            findings.append(Finding(where, token.line, f"statement identifier '{token.value}' names "
                                                       f"{match['document']}, but this page is {document.id}",
                                    f"use this page's id: {document.id}:{match['kind']}{match['number']}, or the "
                                    f"next free one, {new}"))
        elif token.value in seen:
            findings.append(Finding(where, token.line, f"statement identifier '{token.value}' is used twice on the "
                                                       f"page (first on line {seen[token.value]})",
                                    f"give this statement the next free identifier, {example}"))
        else:
            seen[token.value] = token.line
    obligation = OBLIGATION.get(document.language)
    for block in blocks:
        if obligation is None or block.editorial or block.informative or block.token is not None:
            continue
        word = obligation.search(_prose(block.text))
        if word:
            findings.append(Finding(where, block.line, f"a requirement ('{word.group()}') without a statement "
                                                       "identifier",
                                    f"end the paragraph or list item with {example} (the next free identifier), or "
                                    "with {.informative} if it states no requirement"))
    return findings


def _prose(text: str) -> str:
    """A block's words without link targets and tokens, where 'ska' could only be a file name."""
    return ANY_TOKEN.sub(" ", re.sub(r"\]\([^()]*\)", "]", text))


def _pairing_findings(corpus: Corpus, path: str, found: dict) -> list[Finding]:
    """An identifier in one language and not in the other; a warning while the translation lags (it has a banner
    and its own warning, and its text is of an older version, which may lack a newer statement)."""
    original, translations = found.get((SOURCE_LANGUAGE, path)), [l for l in LANGUAGES if l != SOURCE_LANGUAGE]
    if original is None:
        return []
    findings = []
    for language in translations:
        if (language, path) not in found:
            continue
        translation = corpus.documents[(language, path)]
        severity = Severity.ERROR if translation.translation_is_current else Severity.WARNING
        lagging = "" if translation.translation_is_current else \
            f" (the translation is of version {translation.translation_of_version})"
        ids = {SOURCE_LANGUAGE: _placed(original), language: _placed(found[(language, path)])}
        for here, other in ((language, SOURCE_LANGUAGE), (SOURCE_LANGUAGE, language)):
            where = corpus.sources[(here, path)].where
            other_where = corpus.sources[(other, path)].where
            for value, line in sorted(ids[other].items(), key=lambda item: item[1]):
                if value not in ids[here]:
                    findings.append(Finding(where, _section_line(corpus, path, other, here, line),
                                            f"statement {value} is in {other_where} (line {line}) but not on this page"
                                            + lagging,
                                            f"end the same statement here with {{#{value}}}; the identifier is the "
                                            "same in every language", severity))
    return findings


def _placed(tokens: list[Token]) -> dict[str, int]:
    return {t.value: t.line for t in tokens if t.placed and STATEMENT_ID.fullmatch(t.value)}


def _section_line(corpus: Corpus, path: str, language: str, other: str, line: int) -> int:
    """The line of the heading in `other` that matches the heading above `line` in `language` (by position)."""
    headings = corpus.sources[(language, path)].structure.headings
    theirs = corpus.sources[(other, path)].structure.headings
    index = max((i for i, h in enumerate(headings) if h.line <= line), default=None)
    return theirs[index].line if index is not None and index < len(theirs) else 1


# --- Reuse after retirement (the approved versions in Git) ----------------------------------------------------------

def version_ids(text: str, first_line: int, language: str) -> dict[str, int]:
    """The well-formed identifiers a version's body gives its statements, with their lines."""
    blocks = source_blocks(text, first_line, language)
    return {block.token: block.last_line for block in blocks
            if block.token is not None and STATEMENT_ID.fullmatch(block.token)}


def reuse_findings(history: History, corpus: Corpus) -> list[Finding]:
    """An identifier that an approved version had, a later approved version dropped (retired), and that a still later
    approved version or the working tree has again. Read from the approved versions' text at their commits."""
    findings = []
    for document_id, versions in sorted(history.versions.items()):
        for language in LANGUAGES:
            states: list[tuple[str, dict[str, int], str]] = []  # (where, ids, label) oldest first
            for version in versions:
                if language in version.texts:
                    where = f"{version.short_commit}:docs/{language}/{version.documents[language].path}"
                    states.append((where, version_ids(version.texts[language], version.body_lines[language], language),
                                   f"version {version.version}"))
            current = next((d for d in corpus.in_language(language) if d.id == document_id), None)
            if current is not None:
                body, first_line = page_source(corpus, language, current.path)
                states.append((corpus.sources[(language, current.path)].where,
                               version_ids(body, first_line, language), "the working tree"))
            findings += _reuses(document_id, states, len(states) - (current is not None))
    return findings


def _reuses(document_id: str, states: list[tuple[str, dict[str, int], str]], approved: int) -> list[Finding]:
    """One finding per reused identifier, at the last place that has it: an error in the working tree, where it can be
    fixed; a warning when only the record has it (an approved version cannot change; the next one must not keep it)."""
    reused, retired = {}, {}  # id -> its finding; id -> the approved version that dropped it
    every = [value for _, ids, _ in states for value in ids]
    for index, (where, ids, label) in enumerate(states):
        for value in sorted(ids):
            if value in retired:
                kind = STATEMENT_ID.fullmatch(value)["kind"]
                reused[value] = Finding(where, ids[value], f"statement identifier {value} was retired in "
                                                           f"{retired[value]} and is used again in {label}",
                                        "an identifier is never reused: give this statement the next free one, "
                                        + next_free(document_id, kind, every),
                                        Severity.ERROR if index >= approved else Severity.WARNING)
        if index < approved:
            previous = states[index - 1][1] if index else {}
            for value in previous:
                if value not in ids and value not in retired:
                    retired[value] = label
    return [reused[value] for value in sorted(reused)]


# --- Rendering: the Markdown extension ----------------------------------------------------------------------------

class StatementIds(Treeprocessor):
    """Before inline Markdown (priority above 20): a paragraph whose text ends with a statement token gets the
    identifier as its id and the class `statement`, and, if the build gives one, the label after its text; a list
    item gets them on a <span> around its own text (before any nested list). `{.informative}` is removed. Malformed
    tokens are left as text: the check refuses them."""

    def __init__(self, md: Markdown, label: Callable[[str], str] | None):
        super().__init__(md)
        self.label = label

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag not in ("p", "li"):
                continue
            text = element.text or ""
            informative = ends_informative(text)
            if informative is not None:
                element.text = text[:informative]
                continue
            token = trailing_token(text)
            if token is None or not STATEMENT_ID.fullmatch(token[0]):
                continue
            target = element
            if element.tag == "li":  # the item's own text, before any nested list; the <li> itself stays as it was
                target = etree.Element("span")
                element.text = None
                element.insert(0, target)
            target.text = text[:token[1]]
            target.set("class", " ".join(filter(None, (target.get("class"), "statement"))))
            target.set("id", token[0])
            if self.label is not None:
                target.text += " " + self.md.htmlStash.store(self.label(token[0]))


class StatementExtension(Extension):
    def __init__(self, **kwargs):
        # Not None: Python-Markdown would read a None default as a yes/no option.
        self.config = {"label": ["", "a function from a statement's identifier to its label's HTML"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(StatementIds(md, self.getConfig("label") or None), "policysite_statements", 25)


def makeExtension(**kwargs) -> StatementExtension:  # noqa: N802 (Python-Markdown's name)
    return StatementExtension(**kwargs)


def render_label(env, labels: dict, statement_id: str) -> str:
    """The label that shows a statement's identifier and links to it (overrides/partials/statements/label.html)."""
    kind = KINDS[STATEMENT_ID.fullmatch(statement_id)["kind"]]
    return env.get_template(LABEL_TEMPLATE).render(labels=labels, id=statement_id, kind=kind).strip()


# --- The export -----------------------------------------------------------------------------------------------------

COLUMNS = ("id", "document", "version", "status", "text_sv", "text_en")


def statement_texts(html: str) -> dict[str, str]:
    """Identifier -> the statement's plain text, from rendered HTML: without its label and nested lists."""
    soup = BeautifulSoup(html, "html.parser")
    texts = {}
    for element in soup.select(".statement[id]"):
        for part in element.select(".statement-label, ul, ol"):
            part.decompose()
        texts[element["id"]] = " ".join(element.get_text().split())
    return texts


def statement_rows(project: Project) -> list[dict[str, str]]:
    """One row per statement of the edition's governing documents that are not retired, by document and number."""
    settings = rendered.markdown_settings(project.root / "mkdocs.yml")
    rows = []
    for document in project.corpus.in_language(SOURCE_LANGUAGE):
        if not document.is_exported:
            continue
        texts = {}
        for language in LANGUAGES:
            if (language, document.path) in project.corpus.sources:
                body, _ = page_source(project.corpus, language, document.path)
                texts[language] = statement_texts(rendered.render(body, settings))
        for value, text in texts.get(SOURCE_LANGUAGE, {}).items():
            rows.append({"id": value, "document": document.id, "version": document.version, "status": document.status,
                         "text_sv": text, "text_en": texts.get("en", {}).get(value, "")})
    return sorted(rows, key=_order)


def _order(row: dict[str, str]) -> tuple:
    match = STATEMENT_ID.fullmatch(row["id"])
    return match["document"], match["kind"] != "M", int(match["number"])


def to_csv(rows: list[dict[str, str]]) -> str:
    """Quoted as documents.csv is (policysite.register.csv_cell: no cell a spreadsheet runs as a formula)."""
    from .register import csv_cell  # the register imports the checks, which import this module

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for row in rows:
        writer.writerow({name: csv_cell(row[name]) for name in COLUMNS})
    return buffer.getvalue()


def to_json(rows: list[dict[str, str]]) -> str:
    return json.dumps({"statements": rows}, ensure_ascii=False, indent=2) + "\n"


def write_statement_exports(project: Project, language: str, site_dir: Path) -> None:
    """statements.csv and statements.json next to the language's register page (the same rows in every language)."""
    rows = statement_rows(project)
    csv_path, json_path = (site_dir / path for path in statement_exports(language))
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    csv_path.write_text(to_csv(rows), encoding="utf-8")
    json_path.write_text(to_json(rows), encoding="utf-8")
