"""Links from pages to an earlier version's archived PDF ('historik/<id>/<ID>-v<version>-<lang>.pdf').

The check's messages are in tests/test_checks.py (fixture archived-pdf-link); the real site's links lead to the built
PDFs (tests/test_content.py). Here: the path form, and a build from a copy that has no Git record of the version.
"""

from __future__ import annotations

import pytest

from helpers import language_root
from policysite.history.views import archived_pdf_target

LINK = "historik/sak-pol-001/SAK-POL-001-v1.0-sv.pdf"


@pytest.mark.parametrize("path, named", [
    ("historik/sak-pol-001/SAK-POL-001-v1.0-sv.pdf", ("SAK-POL-001", "1.0", "sv")),
    ("historik/sak-rut-012/SAK-RUT-012-v10.2-en.pdf", ("SAK-RUT-012", "10.2", "en")),
    ("historik/sak-pol-002/SAK-POL-001-v1.0-sv.pdf", None),  # the folder is another document's
    ("historik/sak-pol-001/SAK-POL-001-v1-sv.pdf", None),  # not MAJOR.MINOR
    ("historik/sak-pol-001/SAK-POL-001-v1.0-sv.pdf.html", None),
    ("historik/sak-pol-001/v1.0-v2.0/SAK-POL-001-v1.0-sv.pdf", None),
    ("sakerhetspolicy/SAK-POL-001-sv.pdf", None),  # the current version's PDF is not an archived one
])
def test_an_archived_pdf_path_names_its_document_version_and_language(path, named):
    assert archived_pdf_target(path) == named


def test_a_copy_without_the_record_builds_and_warns_at_each_link(variant):
    """A copy (one commit, no decisions) cannot hold the 1.0 PDF: the pages still build, and each link is named.

    The copy is the shared variant project (conftest.make_variant), whose edits touch no link."""
    output = variant.output  # the build succeeded (conftest.make_variant asserts it)
    assert "Traceback" not in output
    page = variant.project / "docs" / "sv" / "sakerhetspolicy.md"
    line = next(number for number, text in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if LINK in text)
    assert (f"docs/sv/sakerhetspolicy.md:{line}: warning: link '{LINK}' names SAK-POL-001 version 1.0, which this "
            "clone's Git record does not hold as an earlier approved version, so the link leads nowhere in this build — "
            "build from a full clone (a copy or a shallow clone has no record), or link a version that the document's "
            "change history lists") in output
    for language, page, href in (("sv", "sakerhetspolicy", f"../{LINK}"),
                                 ("en", "principer/ansvarsprincipen", "../../historik/sak-pol-001/SAK-POL-001-v1.0-en.pdf")):
        html = (language_root(variant.site, language) / page / "index.html").read_text(encoding="utf-8")
        assert f'href="{href}"' in html
    assert not list(variant.site.rglob("SAK-POL-001-v1.0-*.pdf")), "a stand-in is never written"
