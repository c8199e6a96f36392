"""Localised views of documents and data for templates: values in, display text out."""

from __future__ import annotations

import re

from dataclasses import dataclass

from babel.dates import format_date as babel_format_date, format_skeleton
from babel.units import format_unit

from .data import GlossaryEntry, Role
from .model import Document, PartialDate, next_review

BABEL_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def format_date(value: PartialDate, language: str) -> str:
    """'15 november 2018' / '15 November 2018'; a month-only date shows no day. The language's own long date
    (CLDR, through Babel)."""
    locale = BABEL_LOCALES[language]
    if value.day:
        return babel_format_date(value.first_day, "long", locale=locale)
    return format_skeleton("yMMMM", value.first_day, locale=locale)


def format_size(size: int, language: str) -> str:
    """'840 kB', '1,2 MB' (sv) / '1.2 MB' (en): decimal units, one decimal above a megabyte; the unit as the
    language writes it (CLDR, through Babel)."""
    locale = BABEL_LOCALES[language]
    if size < 1_000_000:
        return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=locale)
    return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", format="#,##0.0",
                       locale=locale)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: str
    missing: bool = False


def metadata_rows(document: Document, roles: dict[str, Role], labels: dict,
                  acknowledgement: str | None = None) -> list[Row]:
    """The metadata panel (and PDF cover) rows, localised; missing facts say so.

    `acknowledgement` is the version's code (policysite.acknowledgement). It comes from Git, so the
    caller passes it in; an approved version without one is not committed yet, and says so.
    """
    language = document.language
    text = labels["metadata"]
    values = labels["values"]
    missing = labels["not_recorded"]

    def row(key: str, value: str | None) -> Row:
        return Row(key, text[key], value if value is not None else missing, value is None)

    def date(value: PartialDate | None) -> str | None:
        return format_date(value, language) if value else None

    rows = [
        row("id", document.id),
        row("type", values["type"][document.type]),
        row("status", values["status"][document.status]),
        row("version", document.version),
    ]
    if document.status == "approved":  # drafts and retired documents do not apply, so they have no code
        rows.append(row("acknowledgement", acknowledgement) if acknowledgement else
                    Row("acknowledgement", text["acknowledgement"], labels["history"]["not_committed"], True))
    if document.is_governing and document.status == "draft":  # a proposal: no decision to report, and none missing
        rows.append(Row("decision", text["decision"], text["not_decided"], False))
    elif document.is_governing:
        rows += [
            row("approved_by", roles[document.approved_by].name[language] if document.approved_by else None),
            row("approved", date(document.approved)),
            row("case_number", document.case_number),
            row("valid_from", date(document.valid_from)),
            row("next_review", date(next_review(document))),
        ]
    # Shown only where recorded (the accessibility statement carries both).
    if document.assessed:
        rows.append(row("assessed", date(document.assessed)))
    if document.last_reviewed:
        rows.append(row("last_reviewed", date(document.last_reviewed)))
    rows += [
        row("owner", roles[document.owner].name[language]),
        row("classification", values["classification"][document.classification]),
        row("audience", ", ".join(values["audience"][a] for a in document.audience)),
    ]
    return rows


@dataclass(frozen=True)
class SourcedText:
    text: str
    source: str  # a key of data.ROLE_SOURCES


@dataclass(frozen=True)
class RelationView:
    kind: str  # a key of data.RELATION_KINDS
    to_key: str
    to_name: str
    source: str


@dataclass(frozen=True)
class RoleView:
    key: str
    name: str
    name_in_policy_1_0: str | None
    level: str
    responsibilities: tuple[SourcedText, ...]
    relations: tuple[RelationView, ...]
    successor: str | None


def role_views(roles: dict[str, Role], language: str, *, historical: bool) -> list[RoleView]:
    return [
        RoleView(
            key=role.key,
            name=role.name[language],
            name_in_policy_1_0=role.name_in_policy_1_0[language] if role.name_in_policy_1_0 else None,
            level=role.level,
            responsibilities=tuple(SourcedText(item.text[language], item.source) for item in role.responsibilities),
            relations=tuple(RelationView(relation.kind, relation.to, roles[relation.to].name[language], relation.source)
                            for relation in role.relations),
            successor=roles[role.successor].name[language] if role.successor else None,
        )
        for role in roles.values()
        if role.historical == historical
    ]


@dataclass
class TreeNode:
    role: RoleView
    children: list["TreeNode"]

    @property
    def drawn_relation(self) -> RelationView | None:
        """The relation the diagram draws as this node's line to its parent (its first one)."""
        return self.role.relations[0] if self.role.relations else None


@dataclass(frozen=True)
class LevelGroup:
    level: str
    nodes: list[TreeNode]


def role_groups(views: list[RoleView], levels: tuple[str, ...]) -> list[LevelGroup]:
    """Roles drawn only along the relations a policy states.

    A role with a relation hangs under the role its first relation leads to; every other role starts a tree in
    the group of its level, without a line. Levels without such a role are left out; data-file order within.
    """
    nodes = {view.key: TreeNode(view, []) for view in views}
    roots: list[TreeNode] = []
    for view in views:
        parent = nodes.get(view.relations[0].to_key) if view.relations else None
        (parent.children if parent else roots).append(nodes[view.key])
    groups = [LevelGroup(level, [node for node in roots if node.role.level == level]) for level in levels]
    return [group for group in groups if group.nodes]


@dataclass(frozen=True)
class GlossaryView:
    id: str
    term: str
    other_term: str
    definition: str


def glossary_views(entries: list[GlossaryEntry], language: str, other_language: str) -> list[GlossaryView]:
    views = [GlossaryView(e.id, e.term[language], e.term[other_language], e.definition[language]) for e in entries]
    return sorted(views, key=lambda v: v.term.casefold())


def abbreviation_lines(entries: list[GlossaryEntry], language: str, page_title: str = "") -> list[str]:
    """Python-Markdown 'abbr' definitions that turn glossary terms into tooltips.

    Terms in the page's own title get none: the H1 would otherwise carry a tooltip.
    """
    title_words = page_title.casefold()
    lines = []
    for entry in entries:
        definition = entry.definition[language].replace("\n", " ")
        spellings = (entry.term[language], *entry.forms[language])
        if any(re.search(rf"(?<!\w){re.escape(s.casefold())}(?!\w)", title_words) for s in spellings):
            continue
        forms = dict.fromkeys(form for spelling in spellings for form in (spelling, spelling[:1].upper() + spelling[1:]))
        lines.extend(f"*[{form}]: {definition}" for form in forms)
    return lines
