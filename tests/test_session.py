"""The build session (policysite.session): one per outermost build, begun again for every build in one process, as
`make serve` rebuilds (MkDocs 1.6 keeps the imported hook modules between builds)."""

from mkdocs.commands.build import build
from mkdocs.config import load_config

import policysite.session as session
from conftest import copy_project


def build_in_process(project, site_dir):
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir)))


def test_each_build_in_one_process_reads_the_project_once_and_shows_its_changes(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    loads = []
    load_project = session.load_project

    def counted(*args, **kwargs):
        loads.append(args)
        return load_project(*args, **kwargs)

    monkeypatch.setattr(session, "load_project", counted)
    site = tmp_path / "site"
    build_in_process(project, site)
    first = session.current()
    assert len(loads) == 1  # the English build inside the Swedish one reuses the project
    assert set(first.languages) == {"sv", "en"}
    contact_page = site / "kontakt" / "index.html"
    assert "Regiondirektörens stab" in contact_page.read_text(encoding="utf-8")

    # The contacts come from the project (mkdocs.yml extra.contacts), not from the page: a stale project shows the old.
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace("Regiondirektörens stab",
                                                                           "Regiondirektörens kansli"),
                           encoding="utf-8")
    build_in_process(project, site)
    assert session.current() is not first
    assert len(loads) == 2
    text = contact_page.read_text(encoding="utf-8")
    assert "Regiondirektörens kansli" in text and "Regiondirektörens stab" not in text
