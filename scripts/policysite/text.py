"""Filling `{placeholder}` labels: one function for Python and Jinja (`| fill(date=…)`), and the check of the labels.

A label's text (data/labels.yml) may name values in braces: "Granskning försenad sedan {date}. …". `fill` puts
plain-text values in, all at once (a value is never read for placeholders), and refuses a placeholder without a
value or a value without a placeholder, so no `{x}` reaches a reader and no value is silently left out. Escaping
comes after, where the text is written: `{{ label | fill(date=x) | e }}`.

PLACEHOLDERS lists the values each label takes; `placeholder_findings` (called by data.load_labels) holds every
label to it in both languages.
"""

from __future__ import annotations

import re

from .findings import Finding

# Anything in braces is a placeholder: "{ date}" or "{Date}" is an unknown one, never text shown as it is.
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

# label (as in data.LABEL_KEYS) -> the placeholders its text has, in both languages. Every other label has none.
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "metadata.translation_of": ("version",),
    "review_overdue.text": ("date",),
    "stale_translation.text": ("old", "current"),
    "roles.name_in_policy_1_0": ("name",),
    "roles.successor": ("name",),
    "contacts.editor_text": ("role",),
    "layout.metadata_brief": ("id", "version"),
    "pdf.download_detail": ("size",),
    "pdf.page_footer": ("page", "pages"),  # the PDF's page counters (pdf/export.footer_parts), not filled here
    "history.pdf_label": ("version",),
    "history.diff_label": ("old", "new"),
    "history.last_changed_commit": ("commit",),
    "history.recorded_here": ("date",),
    "history.withdrawn_note": ("body", "date"),
    "history.corrected_note": ("date",),
    "history.archived.notice": ("version",),
    "diff.title": ("title", "old", "new"),
    "diff.intro": ("old", "new"),
    "diff.counts": ("changed", "changed_moved", "moved", "inserted", "deleted", "equal"),
    "diff.skipped_many": ("count",),
    "diff.moved_from": ("heading",),
    "diff.back": ("title",),
    "diff.decided": ("version", "body", "date"),
    "changes.heading": ("version",),
    "changes.heading_dated": ("version", "date"),
    "changes.comparison": ("old", "new"),
    "changelog.correction_date": ("date",),
    "audiences.caption": ("group", "audience"),
    "audiences.bundle_subtitle": ("audience",),
    "print.compiled": ("date",),
    "print.handbook_one": ("contents",),
    "print.handbook_many": ("contents",),
    "print.document_title": ("title", "id", "version"),
    "print.running": ("title", "id", "version"),
    "print.running_internal": ("title", "id", "version"),
    "offline.copy": ("date", "commit"),
    "offline.copy_modified": ("date", "commit"),
    "offline.authoritative_at": ("address",),
    "search.audience": ("audience",),
    "calendar.summary": ("title", "id"),
    "calendar.due": ("date",),
    "calendar.owner": ("owner",),
    "calendar.version": ("version",),
    "calendar.interval": ("months",),
    "proposal.title": ("title", "version"),
    "proposal.replaces_version": ("version", "body", "date", "case_number"),
    "proposal.basis": ("commit",),
    "proposal.basis_uncommitted": ("commit",),
    "proposal.changes_heading": ("version",),
    "proposal.changes_intro": ("old",),
    "proposal.text_heading": ("version",),
    "proposal.preview": ("id",),
    "proposal.version_not_higher": ("version", "current"),
    "proposal.editor_text": ("version",),
}


class FillError(ValueError):
    """A label and its values do not match: a bug in the code or template that fills it (labels are checked)."""


def placeholders(template: str) -> list[str]:
    """The placeholders of a label's text, in order, each once: 'Sida {page} av {pages}' -> ['page', 'pages']."""
    return list(dict.fromkeys(PLACEHOLDER.findall(template)))


def fill(template: str, **values: object) -> str:
    """`template` with each `{name}` replaced by str(values[name]); FillError when the names differ.

    One pass: a value that contains braces is put in as it is. The result is plain text; escape it where it is
    written.
    """
    names = placeholders(template)
    missing = [name for name in names if name not in values]
    unused = [name for name in values if name not in names]
    if missing or unused:
        problems = [f"has {{{name}}} but no value was given for it" for name in missing]
        problems += [f"has no {{{name}}} for the value given" for name in unused]
        raise FillError(f"the text {template!r} " + "; ".join(problems))
    return PLACEHOLDER.sub(lambda match: str(values[match[1]]), template)


def placeholder_findings(label: str, texts: dict[str, str], where: str, line: int) -> list[Finding]:
    """Why a label's texts ({sv: …, en: …}) do not have exactly the placeholders PLACEHOLDERS gives it."""
    expected = PLACEHOLDERS.get(label, ())
    wanted = ", ".join(f"{{{name}}}" for name in expected)
    fix = (f"write exactly {wanted} in each language" if expected else
           "write the text without braces; this label takes no values")
    findings = []
    for language, text in texts.items():
        found = placeholders(text)
        unknown = [name for name in found if name not in expected]
        lacking = [name for name in expected if name not in found]
        if unknown:
            findings.append(Finding(where, line, f"the {language} text of the label '{label}' has the unknown "
                                                 f"placeholder {{{unknown[0]:.40}}}", fix))
        elif lacking:
            findings.append(Finding(where, line, f"the {language} text of the label '{label}' lacks the "
                                                 f"placeholder {{{lacking[0]}}}", fix))
    return findings
