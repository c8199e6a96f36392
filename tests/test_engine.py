"""The engine fallback (tools/engine/, `make properdocs`, notes/decisions/0009): how two builds of the site are
compared, what the ProperDocs build is given, and that its environment has the pins of requirements.txt.

ProperDocs itself is not installed or run here: `make properdocs` sets it up (once, from the network) and builds the
real site with it, and the benchmark runs tools/engine/properdocs.py. The comparison it ends with is tested here on
small hand-made sites."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from conftest import REPO

ENGINE = REPO / "tools" / "engine"
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")
PAGE = """<!doctype html>
<html lang="sv">
<head>
  <meta charset="utf-8">
  <meta name="generator" content="{generator}, mkdocs-material-9.8.1">
  <title>Säkerhetspolicy</title>
</head>
<body><h1>Säkerhetspolicy</h1><p>{body}</p><footer>{date}</footer></body>
</html>
"""


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"engine_{name}", ENGINE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def compare():
    yield load("compare")
    del sys.modules["engine_compare"]


@pytest.fixture(scope="module")
def properdocs():
    yield load("properdocs")
    del sys.modules["engine_properdocs"]


def page(generator="mkdocs-1.6.1", body="Policyn gäller alla.", date="2026-11-30") -> str:
    return PAGE.format(generator=generator, body=body, date=date)


def write_site(folder: Path, files: dict[str, str | bytes]) -> Path:
    for path, content in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return folder


def mkdocs_site() -> dict[str, str | bytes]:
    return {
        "index.html": page(),
        "en/index.html": page(body="The policy applies to everyone."),
        "search/search_index.json": '{"docs": [{"location": "", "title": "Säkerhetspolicy"}]}',
        "sitemap.xml.gz": b"\x1f\x8b\x08\x00binary",
    }


def test_a_build_that_differs_only_in_the_generator_meta_is_the_same_site(compare, tmp_path):
    expected = write_site(tmp_path / "mkdocs", mkdocs_site())
    properdocs_site = {**mkdocs_site(), "index.html": page(generator="mkdocs-ProperDocs 1.6.7"),
                       "en/index.html": page(generator="mkdocs-ProperDocs 1.6.7",
                                             body="The policy applies to everyone.")}
    actual = write_site(tmp_path / "properdocs", properdocs_site)

    result = compare.compare_sites(compare.read_site(expected), compare.read_site(actual))

    assert result.same
    assert result.compared == 4
    assert result.allowed == {compare.ALLOWED[0][0]: 2}
    assert compare.report(result)[-1] == "4 files compared: the same site"
    assert compare.main([str(expected), str(actual)]) == 0


def test_missing_extra_and_changed_files_are_each_reported_and_fail(compare, tmp_path, capsys):
    expected = write_site(tmp_path / "mkdocs", {**mkdocs_site(), "404.html": page(body="Sidan finns inte.")})
    changed = {**mkdocs_site(),
               "index.html": page(generator="mkdocs-ProperDocs 1.6.7", body="Policyn gäller vissa."),
               "search/search_index.json": '{"docs": []}',
               "extra.js": "console.log(1)"}
    actual = write_site(tmp_path / "properdocs", changed)

    result = compare.compare_sites(compare.read_site(expected), compare.read_site(actual))

    assert not result.same
    assert result.only_expected == ["404.html"]
    assert result.only_actual == ["extra.js"]
    assert sorted(result.differing) == ["index.html", "search/search_index.json"]
    assert result.differing["index.html"] == ("line 8: '<body><h1>Säkerhetspolicy</h1><p>Policyn gäller alla.</p>"
                                              "<footer>2026-11-30</footer></body>' != '<body><h1>Säkerhetspolicy"
                                              "</h1><p>Policyn gäller vissa.</p><footer>2026-11-30</footer></body>'")
    assert compare.main([str(expected), str(actual)]) == 1
    out = capsys.readouterr().out
    for line in ("only in the expected site: 404.html", "only in the actual site: extra.js",
                 "differs: search/search_index.json: line 1:", "4 files compared: 4 unexpected difference(s)"):
        assert line in out


def test_only_the_generator_meta_of_html_pages_may_differ_not_dates_nor_other_files(compare):
    expected = mkdocs_site()
    # A build date is no allowed difference: both builds get the same SOURCE_DATE_EPOCH.
    dated = compare.compare_sites({"index.html": page().encode()}, {"index.html": page(date="2026-12-01").encode()})
    assert list(dated.differing) == ["index.html"] and not dated.allowed
    # The same text outside an HTML page is compared byte for byte.
    meta = '<meta name="generator" content="mkdocs-1.6.1">'
    other = compare.compare_sites({"feed.xml": meta.encode()}, {"feed.xml": meta.replace("1.6.1", "1.6.7").encode()})
    assert list(other.differing) == ["feed.xml"]
    # Binary files that differ are reported, not decoded into nonsense lines.
    binary = compare.compare_sites({"a.gz": expected["sitemap.xml.gz"]}, {"a.gz": b"\x1f\x8b\x08\x00other!"})
    assert binary.differing == {"a.gz": "binary, first differs at byte 4 (10 bytes, 10 bytes)"}


def test_the_comparison_refuses_a_missing_folder(compare, tmp_path, capsys):
    assert compare.main([str(tmp_path), str(tmp_path / "missing")]) == 2
    assert "missing is not a folder" in capsys.readouterr().err
    assert compare.main([str(tmp_path)]) == 2


def test_the_properdocs_build_gets_make_sites_environment_without_pdfs(properdocs, tmp_path):
    base = {"PATH": "/usr/bin", "SITE_URL": "https://sakerhet.regionblekinge.se/", "POLICYSITE_PDF": "1",
            "VIRTUAL_ENV": str(REPO / ".venv"), "PYTHONPATH": "/elsewhere"}
    env = properdocs.build_environment(REPO, pdf=False, base=base)
    assert "POLICYSITE_PDF" not in env and "VIRTUAL_ENV" not in env
    assert env["NO_MKDOCS_2_WARNING"] == "1" and env["POLICYSITE_EDITION"] == "public"
    assert env["SITE_URL"] == base["SITE_URL"]
    assert env["PYTHONPATH"].split(":") == [str(REPO / "scripts"), "/elsewhere"]
    assert re.fullmatch(r"[0-9]+", env["SOURCE_DATE_EPOCH"])  # the last commit's time, as the Makefile sets it
    with_pdfs = properdocs.build_environment(REPO, pdf=True, base={"SOURCE_DATE_EPOCH": "0",
                                                                   "POLICYSITE_EDITION": "internal"})
    assert with_pdfs["POLICYSITE_PDF"] == "1" and with_pdfs["SOURCE_DATE_EPOCH"] == "0"
    assert with_pdfs["POLICYSITE_EDITION"] == "internal"
    # A project without its own package (a bench corpus) is built with this repository's.
    assert properdocs.package_path(tmp_path) == REPO / "scripts"


def test_the_properdocs_tool_explains_a_failure_in_one_line(properdocs, tmp_path, capsys):
    with pytest.raises(SystemExit):
        properdocs.main(["--root", str(tmp_path)])  # no --site-dir
    assert "--site-dir is required" in capsys.readouterr().err
    with pytest.raises(properdocs.EngineError, match=f"^{re.escape(str(tmp_path / 'mkdocs.yml'))} does not exist$"):
        properdocs.build(tmp_path / "no-python", tmp_path, tmp_path / "site", pdf=False)


def requirement_lines(path: Path) -> dict[str, str]:
    """{canonical name: the whole logical line} of a compiled requirements file."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    lines = [line.split(" #")[0].strip() for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    return {re.sub(r"[-_.]+", "-", line.split("==")[0]).lower(): line for line in lines}


def test_the_properdocs_environment_has_the_pins_and_hashes_of_requirements_txt_plus_properdocs():
    ours = requirement_lines(REPO / "requirements.txt")
    theirs = requirement_lines(ENGINE / "requirements-properdocs.txt")
    for line in theirs.values():
        requirement, _, hashes = line.partition(" --hash")
        assert re.fullmatch(r"[A-Za-z0-9._-]+==[0-9][0-9A-Za-z.+!-]*", requirement.strip()), line
        assert HASH.findall(line) and HASH.sub("", "--hash" + hashes).strip() == "", line
    shared = theirs.keys() & ours.keys()
    assert {name: theirs[name] for name in shared} == {name: ours[name] for name in shared}
    assert theirs.keys() - ours.keys() == {"properdocs"}
    assert {"mkdocs-material", "mkdocs-static-i18n", "weasyprint", "pip"} <= shared
    assert "-c ../../requirements.txt" in (ENGINE / "requirements-properdocs.in").read_text(encoding="utf-8")


def test_properdocs_is_part_of_no_other_make_target():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    rules = re.findall(r"^([A-Za-z$][^:=\n]*):(?!=)([^\n]*)((?:\n\t[^\n]*)*)", makefile, flags=re.MULTILINE)
    using = sorted(target for target, prerequisites, recipe in rules
                   if "properdocs" in prerequisites or "tools/engine" in recipe)
    assert using == ["properdocs"]
