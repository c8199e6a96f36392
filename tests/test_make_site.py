"""`make site` never replaces the last good site with a failed one."""

import os
import subprocess

from conftest import REPO


def make_site(project):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # -o: treat the (linked) environment as installed; this test is about the build step.
    return subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", "site"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def with_make(project):
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        (project / name).write_bytes((REPO / name).read_bytes())
    (project / ".venv").symlink_to(REPO / ".venv")  # reuse the installed environment
    return project


def test_failed_make_site_leaves_the_previous_site_untouched(project_copy):
    with_make(project_copy)
    previous = project_copy / "site"
    previous.mkdir()
    (previous / "index.html").write_text("last good site", encoding="utf-8")

    page = project_copy / "docs" / "sv" / "kontakt.md"
    page.write_text(page.read_text(encoding="utf-8").replace("status: approved", "status: klar"), encoding="utf-8")
    result = make_site(project_copy)

    assert result.returncode != 0
    assert "docs/sv/kontakt.md:" in result.stdout + result.stderr
    assert (previous / "index.html").read_text(encoding="utf-8") == "last good site"
    assert sorted(p.name for p in previous.iterdir()) == ["index.html"]
    assert not (project_copy / "site.new").exists()


def test_make_site_swaps_in_a_good_build(project_copy):
    with_make(project_copy)
    result = make_site(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert '<html lang="sv"' in (project_copy / "site" / "index.html").read_text(encoding="utf-8")
    assert (project_copy / "site" / "en" / "index.html").exists()
    pdfs = sorted(p.relative_to(project_copy / "site").as_posix() for p in (project_copy / "site").rglob("*.pdf"))
    assert pdfs == ["en/malgrupper/leverantorer/applies-to-contractors-en.pdf",
                    "en/malgrupper/medarbetare/applies-to-employees-en.pdf",
                    "en/malgrupper/styrning/applies-to-governance-en.pdf",
                    "en/riktlinje-sakerhet-och-krisberedskap/SAK-RIK-001-en.pdf", "en/sakerhetspolicy/SAK-POL-001-en.pdf",
                    "en/security-handbook-en.pdf", "malgrupper/leverantorer/galler-dig-som-leverantor-sv.pdf",
                    "malgrupper/medarbetare/galler-dig-som-medarbetare-sv.pdf",
                    "malgrupper/styrning/galler-styrning-och-granskning-sv.pdf",
                    "riktlinje-sakerhet-och-krisberedskap/SAK-RIK-001-sv.pdf",
                    "sakerhetshandboken-sv.pdf", "sakerhetspolicy/SAK-POL-001-sv.pdf"]


def test_a_pdf_that_cannot_be_rendered_fails_make_site_and_keeps_the_last_good_site(project_copy):
    with_make(project_copy)
    assert make_site(project_copy).returncode == 0
    good = {p: p.read_bytes() for p in (project_copy / "site").rglob("*") if p.is_file()}
    page = project_copy / "docs" / "sv" / "sakerhetspolicy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![Karta](https://maps.example.org/karta.png)\n", encoding="utf-8")
    result = make_site(project_copy)
    assert result.returncode != 0
    assert "docs/sv/sakerhetspolicy.md:" in result.stdout + result.stderr
    assert {p: p.read_bytes() for p in (project_copy / "site").rglob("*") if p.is_file()} == good
    assert not (project_copy / "site.new").exists()
