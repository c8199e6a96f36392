"""mkdocs.yml as a source: read strictly (no duplicate keys, no aliases) and `extra:` checked against its schema.

MkDocs' own loader lets the last of two equal keys win, so the project reads the file once more, strictly, in
the check and in every build (policysite.project.load_project). MkDocs' tags (`!ENV [NAME, default]`) are kept as
`yamlsource.Tagged`: their value is MkDocs' business, known only when it builds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import sources, yamlsource
from .data import bilingual_problem, is_text, line_of, load_yaml
from .editions import EDITIONS
from .findings import Finding, FindingsError, display_path
from .model import LANGUAGES

CONFIG_FILE = "mkdocs.yml"
# extra: the keys the templates and hooks read. The hooks add `status` and `polyfills` while building.
EXTRA_KEYS = ("alternate", "contacts", "generator", "pdf", "offline", "edition")
ALTERNATE_FIELDS = ("name", "link", "lang")
CONTACT_FIELDS = ("role", "unit", "mailbox", "phone")
PDF_FIELDS = ("enabled", "cache")
ENV_TAG = "!ENV"
MAILBOX = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# A phone number as readers dial it: digits, spaces, hyphens and parentheses, with one leading + at most.
PHONE = re.compile(r"\+?[0-9(][0-9 ()-]*")
PHONE_DIGITS = (3, 15)  # 112 has three digits; E.164 allows fifteen


def read_extra(config_file: Path) -> tuple[dict, list[Finding]]:
    """`extra:` of mkdocs.yml (read strictly) and the findings of its schema (roles are checked later).

    A file that cannot be read at all raises FindingsError.
    """
    where = display_path(config_file)
    config = load_yaml(config_file, sources.DATA_LIMIT, config=True)
    if not isinstance(config, dict):
        raise FindingsError([Finding(where, 1, "mkdocs.yml must be a mapping of settings", "restore it from Git")])
    extra = config.get("extra", {})
    if not isinstance(extra, dict):
        return {}, [Finding(where, line_of(config, "extra"), f"extra is {_kind(extra)}, not a mapping of settings",
                            "write extra: followed by indented settings")]
    return extra, extra_findings(extra, where)


def extra_findings(extra: dict, where: str) -> list[Finding]:
    findings = [Finding(where, line_of(extra, key), f"extra.{str(key):.40} is not a setting this site reads",
                        f"remove it or use one of: {', '.join(EXTRA_KEYS)}")
                for key in extra if key not in EXTRA_KEYS]
    findings += _alternate_findings(extra.get("alternate"), line_of(extra, "alternate"), where)
    findings += _contact_findings(extra.get("contacts", []), line_of(extra, "contacts"), where)
    for key in ("generator", "offline"):
        if key in extra and not _is_env(extra[key]) and not isinstance(extra[key], bool):
            findings.append(Finding(where, line_of(extra, key), f"extra.{key} is {_kind(extra[key])}",
                                    "write true or false (or !ENV [NAME, false])"))
    if "edition" in extra and not _is_env(extra["edition"]) and extra["edition"] not in EDITIONS:
        findings.append(Finding(where, line_of(extra, "edition"), f"extra.edition is {_kind(extra['edition'])}",
                                f"use {' or '.join(EDITIONS)} (or !ENV [POLICYSITE_EDITION, public])"))
    findings += _pdf_findings(extra.get("pdf", {}), line_of(extra, "pdf"), where)
    return findings


def _alternate_findings(alternate: Any, line: int, where: str) -> list[Finding]:
    if not isinstance(alternate, list) or not alternate:
        return [Finding(where, line, f"extra.alternate is {_kind(alternate)}, not a list of languages",
                        "give one '- name: …, link: …, lang: …' per language: " + ", ".join(LANGUAGES))]
    findings = []
    for index, entry in enumerate(alternate):
        here = f"extra.alternate[{index}]"
        entry_line = line_of(alternate, index, line)
        if not isinstance(entry, dict):
            findings.append(Finding(where, entry_line, f"{here} is {_kind(entry)}", "write name, link and lang"))
            continue
        findings += _unknown(entry, ALTERNATE_FIELDS, here, where)
        for key in ("name", "link"):
            if not is_text(entry.get(key)):
                findings.append(Finding(where, line_of(entry, key, entry_line), f"{here}.{key} is {_kind(entry.get(key))}",
                                        f"write the {key} as text"))
        link = entry.get("link")
        if isinstance(link, str) and (SCHEME.match(link) or link.startswith(("//", "/", "\\"))):
            findings.append(Finding(where, line_of(entry, "link", entry_line), f"{here}.link '{link:.60}' leaves the site",
                                    "link to the language's root relative to the site, e.g. ./ or en/"))
        if entry.get("lang") not in LANGUAGES:
            findings.append(Finding(where, line_of(entry, "lang", entry_line), f"{here}.lang is {_kind(entry.get('lang'))}",
                                    f"use one of: {', '.join(LANGUAGES)}"))
    languages = [entry.get("lang") for entry in alternate if isinstance(entry, dict)]
    for language in LANGUAGES:
        if languages.count(language) != 1:
            findings.append(Finding(where, line, f"extra.alternate has {languages.count(language)} entries for {language}",
                                    "give exactly one entry per language"))
    return findings


def _contact_findings(contacts: Any, line: int, where: str) -> list[Finding]:
    if not isinstance(contacts, list):
        return [Finding(where, line, f"extra.contacts is {_kind(contacts)}, not a list",
                        "give one '- role: …' entry per contact point, or contacts: []")]
    findings = []
    for index, contact in enumerate(contacts):
        here = f"extra.contacts[{index}]"
        entry_line = line_of(contacts, index, line)
        if not isinstance(contact, dict):
            findings.append(Finding(where, entry_line, f"{here} is {_kind(contact)}", "write role, unit, mailbox and phone"))
            continue
        findings += _unknown(contact, CONTACT_FIELDS, here, where)
        if not is_text(contact.get("role")):
            findings.append(Finding(where, line_of(contact, "role", entry_line), f"{here}.role is {_kind(contact.get('role'))}",
                                    "write a role key from data/roles.yml"))
        if "unit" in contact:
            problem = bilingual_problem(contact["unit"])
            if problem:
                findings.append(Finding(where, line_of(contact, "unit", entry_line), f"{here}.unit {problem}",
                                        "write unit: {sv: …, en: …}"))
        mailbox = contact.get("mailbox", "")
        if mailbox is not None and not (isinstance(mailbox, str) and (mailbox == "" or _is_mailbox(mailbox))):
            findings.append(Finding(where, line_of(contact, "mailbox", entry_line),
                                    f"{here}.mailbox {yamlsource.shown(mailbox)} is not an e-mail address",
                                    'write one address, e.g. sakerhet@example.se, or "" while none is decided'))
        findings += _phone_findings(contact.get("phone", ""), f"{here}.phone", line_of(contact, "phone", entry_line), where)
    return findings


def _phone_findings(phone: Any, here: str, line: int, where: str) -> list[Finding]:
    fix = ('write the number in quotes, with digits, spaces, hyphens and parentheses only, e.g. "0455-12 34 56" or '
           '"+46 455 12 34 56", or "" while none is decided')
    if isinstance(phone, int) and not isinstance(phone, bool):  # unquoted, YAML reads 112 (or 0455123456!) as a number
        return [Finding(where, line, f"{here} is read as the number {phone}, not as text", fix)]
    if phone is None or (isinstance(phone, str) and (phone == "" or is_phone(phone))):
        return []
    return [Finding(where, line, f"{here} {_kind(phone)} is not a phone number", fix)]


def is_phone(text: str) -> bool:
    """Digits, spaces, hyphens and parentheses (one leading + at most), with 3 to 15 digits: no letters, no extension words."""
    digits = sum(character.isdigit() for character in text)
    return (len(text) <= 40 and PHONE.fullmatch(text) is not None and text.strip() == text
            and PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1])


def has_channel(contact: dict) -> bool:
    """Whether the contact point gives readers a way to reach it: a mailbox or a phone (a wrong one is an error)."""
    return any(contact.get(key) not in (None, "") for key in ("mailbox", "phone"))


def _is_mailbox(text: str) -> bool:
    return len(text) <= 254 and MAILBOX.fullmatch(text) is not None


def _pdf_findings(pdf: Any, line: int, where: str) -> list[Finding]:
    if not isinstance(pdf, dict):
        return [Finding(where, line, f"extra.pdf is {_kind(pdf)}", "write enabled and cache, as in Git")]
    findings = _unknown(pdf, PDF_FIELDS, "extra.pdf", where)
    if "enabled" in pdf and not _is_env(pdf["enabled"]) and not isinstance(pdf["enabled"], bool):
        findings.append(Finding(where, line_of(pdf, "enabled", line), f"extra.pdf.enabled is {_kind(pdf['enabled'])}",
                                "write true or false (or !ENV [POLICYSITE_PDF, false])"))
    if "cache" in pdf and not _is_env(pdf["cache"]) and not is_text(pdf["cache"]):
        findings.append(Finding(where, line_of(pdf, "cache", line), f"extra.pdf.cache is {_kind(pdf['cache'])}",
                                "write a folder, e.g. .cache/pdf"))
    return findings


def _unknown(entry: dict, known: tuple[str, ...], here: str, where: str) -> list[Finding]:
    return [Finding(where, line_of(entry, key), f"{here} has the unknown field '{str(key):.40}'",
                    f"remove it or use one of: {', '.join(known)}") for key in entry if key not in known]


def _is_env(value: Any) -> bool:
    return isinstance(value, yamlsource.Tagged) and value.tag == ENV_TAG


def _kind(value: Any) -> str:
    if isinstance(value, yamlsource.Tagged):
        return f"the tag {value.tag:.30}"
    if value is None:
        return "empty"
    return yamlsource.shown(value)
