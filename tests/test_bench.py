"""The benchmark's own logic: our PDF stage's report, the peer's summary line, its configuration, /proc, the
issue's target table and its verdicts, the plain stack's configuration, the per-page figure, the fresh clone's
`make test` (on a tiny repository) and the real site's copy.

Nothing here runs a site build or depends on how long anything takes.
"""

from __future__ import annotations

import json
import os

import pytest
import yaml

from bench.figures import peer_figures, stage_figures
from bench.memory import process_tree, tree_rss_kib, vmrss_kib
from bench.peer import PLUGIN_ENTRY, peer_config, same_versions


def report_line(language: str, rendered: list[str], cached: list[str], seconds: float) -> str:
    sizes = {target: 1000 for target in rendered + cached}
    return json.dumps({"language": language, "rendered": rendered, "cached": cached, "sizes": sizes,
                       "seconds": seconds})


def test_the_stage_report_is_summed_over_languages():
    text = "\n".join([report_line("sv", ["a-sv.pdf", "handbook-sv.pdf"], ["b-sv.pdf"], 1.5),
                      report_line("en", ["en/a-en.pdf"], ["en/b-en.pdf", "en/handbook-en.pdf"], 0.25)]) + "\n"
    assert stage_figures(text) == {"languages": 2, "stage_seconds": 1.75, "rendered": 3, "cached": 3,
                                   "pdf_bytes": 6000}


def test_an_empty_stage_report_is_an_error():
    with pytest.raises(ValueError, match="POLICYSITE_PDF=1"):
        stage_figures("\n")


PEER_OUTPUT = """\
INFO    -  mkdocs_static_i18n: Building 'sv' documentation to directory: /tmp/site
INFO    -  Building documentation to directory: /tmp/site
Converting 9 files to PDF took 4.3s
INFO    -  mkdocs_static_i18n: Building 'en' documentation to directory: /tmp/site/en
Converting 18 files to PDF took 11.4s
INFO    -  Documentation built in 12.59 seconds
"""


def test_the_peer_summary_is_its_last_line_because_its_counters_run_on():
    assert peer_figures(PEER_OUTPUT) == {"conversions": 18, "stage_seconds": 11.4, "errors": 0}


def test_peer_conversion_errors_are_counted():
    output = PEER_OUTPUT + "Converting 18 files to PDF took 11.4s\n2 conversion errors occurred (see above)\n"
    assert peer_figures(output)["errors"] == 2


def test_a_peer_that_fails_to_convert_stops_the_bench_naming_its_errors(tmp_path):
    """A failing peer once put "3.5 times faster" in bench/results.md: its time was the time it took to fail."""
    from bench.__main__ import BenchError, _peer_output

    output = (PEER_OUTPUT + "Error converting sv/index.md to PDF: ('none',)\n"
              "Error converting en/index.md to PDF: ('none',)\n"
              "Converting 18 files to PDF took 11.4s\n2 conversion errors occurred (see above)\n")
    context = type("Context", (), {"peer_site": tmp_path})()
    with pytest.raises(BenchError) as raised:
        _peer_output(context, output)
    assert str(raised.value) == ("peer: 2 of 18 pages failed to convert, so its time compares nothing — make the pages "
                                 "render in the peer's WeasyPrint:\n"
                                 "Error converting sv/index.md to PDF: ('none',)\n"
                                 "Error converting en/index.md to PDF: ('none',)")


def test_no_peer_summary_is_an_error():
    with pytest.raises(ValueError, match="Converting N files"):
        peer_figures("PDF export is disabled (set environment variable X to 1 to enable)\n")


CONFIG = """\
site_name: Test
extra:
  pdf:
    enabled: !ENV [POLICYSITE_PDF, false]
plugins:
  - search:
      pipeline: [stemmer]
  - i18n:
      languages:
        - locale: sv
          default: true
        - locale: en
# comment at the margin
hooks:
  - hooks/a.py
"""


class _AnyTagLoader(yaml.SafeLoader):
    pass


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_the_peer_config_adds_the_plugin_last_and_keeps_everything_else():
    adapted = peer_config(CONFIG)
    config = yaml.load(adapted, Loader=_AnyTagLoader)
    assert [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]] == ["search", "i18n", PLUGIN_ENTRY]
    assert config["hooks"] == ["hooks/a.py"]
    assert config["plugins"][1]["i18n"]["languages"][1] == {"locale": "en"}
    assert adapted.replace(f"  - {PLUGIN_ENTRY}  # added by the benchmark (peer)\n", "") == CONFIG


def test_a_config_without_plugins_cannot_get_the_peer():
    with pytest.raises(ValueError, match="plugins"):
        peer_config("site_name: Test\n")


def test_the_peer_gets_the_projects_versions_but_not_its_editable_install():
    freeze = "mkdocs==1.6.1\n-e /work/main\npolicysite @ file:///work/main\nweasyprint==70.0\n\n"
    assert same_versions(freeze) == ["mkdocs==1.6.1", "weasyprint==70.0"]


def test_vmrss_is_read_in_kib_and_absent_for_a_zombie():
    assert vmrss_kib("Name:\tpython\nVmPeak:\t  300 kB\nVmRSS:\t  12345 kB\n") == 12345
    assert vmrss_kib("Name:\tpython\nState:\tZ (zombie)\n") == 0


def fake_process(proc, pid: int, rss_kib: int, children_by_task: dict[int, list[int]]) -> None:
    (proc / str(pid)).mkdir()
    (proc / str(pid) / "status").write_text(f"Name:\tx\nVmRSS:\t{rss_kib} kB\n")
    for task, children in children_by_task.items():
        (proc / str(pid) / "task" / str(task)).mkdir(parents=True)
        (proc / str(pid) / "task" / str(task) / "children").write_text(" ".join(map(str, children)))


def test_the_tree_includes_grandchildren_started_from_any_thread(tmp_path):
    fake_process(tmp_path, 10, 100, {10: [11], 12: [13]})  # the build: a forkserver, and a child of another thread
    fake_process(tmp_path, 11, 50, {11: [20, 21]})  # the forkserver and its two workers
    fake_process(tmp_path, 13, 5, {13: []})
    fake_process(tmp_path, 20, 200, {20: []})
    fake_process(tmp_path, 21, 300, {21: []})
    fake_process(tmp_path, 99, 7000, {99: []})  # not ours
    assert sorted(process_tree(10, tmp_path)) == [10, 11, 13, 20, 21]
    assert tree_rss_kib(10, tmp_path) == 655


def test_a_process_that_exited_counts_nothing(tmp_path):
    fake_process(tmp_path, 10, 100, {10: [11]})  # 11 is listed but already gone
    assert tree_rss_kib(10, tmp_path) == 100


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_this_process_has_a_resident_size():
    assert tree_rss_kib(os.getpid()) > 0


def size_result(size: int, pdf: bool):
    from bench.__main__ import Run, SizeResult

    def runs(seconds: float, **figures) -> list:
        return [Run(seconds + delta, 50_000, 400_000 if figures else 0, dict(figures)) for delta in (-0.1, 0, 0.1)]

    result = SizeResult(size, 2 * size + 2, 0.1, 1)
    result.runs = {"check": runs(0.3), "build": runs(10.0), "rebuild": runs(10.0), "edit": runs(10.0)}
    if pdf:
        result.runs |= {
            "pdf-build": runs(30.0, stage_seconds=20.0, rendered=300, cached=0, pdf_bytes=2**20),
            "pdf-rebuild": runs(11.0, stage_seconds=0.5, rendered=0, cached=300, pdf_bytes=2**20),
            "pdf-edit": runs(15.0, stage_seconds=4.0, rendered=2, cached=298, pdf_bytes=2**20),
            "peer": runs(200.0, stage_seconds=150.0, conversions=402, pdf_files=402, errors=0),
        }
    return result


def test_the_report_shows_every_target_and_marks_what_a_size_did_not_measure():
    from bench.__main__ import NOT_MEASURED, report, table, target_lines

    results = [size_result(200, pdf=True), size_result(400, pdf=False)]
    rows = {line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]] for line in table(results)}
    assert rows["No-change build with PDFs ÷ HTML build (target ≤ 1.3)"] == ["1.10", NOT_MEASURED]
    assert rows["Peer ÷ ours, PDF time (target ≥ 5 at N=200)"] == ["7.5", NOT_MEASURED]
    assert rows["PDF files per second (ours)"] == ["15.0", NOT_MEASURED]
    assert rows["Build with PDFs, nothing changed (PDFs rendered)"][0].endswith("; 0 rendered")
    targets = "\n".join(target_lines(results))
    assert "target under 5 %: met" in targets
    assert "target at most 1.3: met" in targets and "none, as it must" in targets
    assert "target under 1 GiB: met" in targets and "target at least 5×: met" in targets
    assert "PDF: not measured" not in report(results, 3, 1, 100_000)
    assert "the one-document edit rendered 2 at N=200; its PDF and the Swedish handbook, as expected" in targets


# --- the issue's targets, the plain stack's configuration, the per-page figure, the fresh clone's summary -----


def full_result(size: int, build: float, plain: float, page_bytes: float, pdf: bool = False):
    from bench.__main__ import Run

    result = size_result(size, pdf)
    result.runs["build"] = [Run(build, 50_000)]
    result.runs["plain"] = [Run(plain, 50_000)]
    result.page_bytes = page_bytes
    return result


def real_site(build: float, plain: float, serve: list[float], engine=None):
    from bench.__main__ import Run
    from bench.realsite import RealSiteResult

    return RealSiteResult(pages=60, plain_pages=40, build=[Run(build, 1)], plain=[Run(plain, 1)],
                          serve_seconds=serve, engine=engine)


def verdicts(targets) -> dict[str, tuple[str, str]]:
    from bench.targets import verdict

    return {target.what: (target.value, verdict(target)) for target in targets}


def test_every_target_of_the_issue_gets_a_verdict_from_this_runs_figures():
    from bench.engine import EngineResult
    from bench.fresh_clone import CloneResult
    from bench.targets import issue_targets, target_table

    results = [full_result(50, 10.0, 8.0, 40_000), full_result(200, 30.0, 20.0, 44_000, pdf=True),
               full_result(400, 60.0, 50.0, 50_000)]
    real = real_site(3.0, 2.5, [1.0, 2.0, 4.0, 2.5, 1.5], EngineResult(True, True, 2.75, ""))
    clone = CloneResult("abc1234", 7 * 60.0, 0, "320 passed in 400.00s (0:06:40)")
    rows = verdicts(issue_targets(results, real, clone))
    assert rows["HTML build ÷ plain stack (Material + static-i18n + search), real site"] == (
        "1.20 (3.00 s ÷ 2.50 s)", "met")
    assert rows["HTML build ÷ plain stack, N=200"] == ("1.50 (30.00 s ÷ 20.00 s)", "NOT met")
    assert rows["Save-to-rebuilt under `make serve`, real site (median)"] == ("2.00 s (5 edits, 1.00–4.00)", "met")
    assert rows["Peak memory, build with PDFs, N=200"] == ("391 MiB", "met")
    assert rows["PDF stage vs mkdocs-pdf-export-plugin, N=200"] == ("7.5× faster", "met")
    assert rows["Fresh-clone `make test` on 2 cores"] == (
        "7.0 min, passed: 320 passed in 400.00s (0:06:40) (commit abc1234)", "met")
    assert rows["Per-page HTML size, N=400 ÷ N=50 (median document page)"] == (
        "1.25 (48.8 KiB ÷ 39.1 KiB)", "NOT met")
    assert rows["ProperDocs builds the real site (engine fallback)"] == ("built in 2.75 s", "met")
    table = target_table(issue_targets(results, real, clone))
    assert table[0] == "| Target | This run | Target | Verdict |" and len(table) == 2 + len(rows) == 10


def test_a_target_that_was_not_measured_is_never_met():
    from bench.engine import EngineResult
    from bench.fresh_clone import CloneResult
    from bench.targets import issue_targets

    rows = verdicts(issue_targets([full_result(3, 5.0, 2.0, 30_000, pdf=True)], None, None))
    assert {verdict for _, verdict in rows.values()} == {"not measured"}
    assert len(rows) == 8

    failed = CloneResult("abc1234", 60.0, 2, "1 failed, 319 passed in 50.00s")  # fast, but failing: not met
    missing = real_site(3.0, 2.5, [], EngineResult(False, False, 0.0, "tools/engine/properdocs.py is not here"))
    rows = verdicts(issue_targets([], missing, failed))
    assert rows["Fresh-clone `make test` on 2 cores"] == (
        "1.0 min, FAILED (exit 2): 1 failed, 319 passed in 50.00s (commit abc1234)", "NOT met")
    assert rows["Save-to-rebuilt under `make serve`, real site (median)"][1] == "not measured"
    assert rows["ProperDocs builds the real site (engine fallback)"] == (
        "tools/engine/properdocs.py is not here", "not measured")
    broken = real_site(3.0, 2.5, [], EngineResult(True, False, 1.0, "build exited with 1: ERROR - boom"))
    assert verdicts(issue_targets([], broken, None))["ProperDocs builds the real site (engine fallback)"] == (
        "failed: build exited with 1: ERROR - boom", "NOT met")


def test_the_report_puts_the_targets_first_and_says_what_was_skipped():
    from bench.__main__ import report

    results = [full_result(200, 30.0, 25.0, 44_000, pdf=True)]
    text = report(results, 3, 1, 100_000, pdf_runs=1, real=real_site(3.0, 2.5, [1.0]), skipped=("fresh-clone",))
    assert text.index("## Targets") < text.index("## The real site") < text.index("## Generated corpora")
    assert "(skipped in this run: fresh-clone)" in text
    assert "| HTML build ÷ plain stack, N=200 | 1.20 (30.00 s ÷ 25.00 s) | ≤ 1.3 | met |" in text
    assert "| Fresh-clone `make test` on 2 cores | — | ≤ 8 min, passing | not measured |" in text
    assert "| Ours ÷ plain stack | 1.20 |" in text


def test_pytest_s_last_summary_line_is_the_fresh_clones_result():
    from bench.fresh_clone import pytest_summary, user_environment

    output = ("===== test session starts =====\n"
              "==== 2 failed, 318 passed, 1 skipped in 431.20s (0:07:11) ====\n"
              "make: *** [Makefile:60: test] Error 1\n")
    assert pytest_summary(output) == "2 failed, 318 passed, 1 skipped in 431.20s (0:07:11)"
    assert pytest_summary("pip: no network\n").startswith("no pytest summary line")
    env = user_environment({"PATH": "/bin", "MAKEFLAGS": "-j2", "MAKELEVEL": "1", "VIRTUAL_ENV": "/v",
                            "POLICYSITE_PDF": "1", "SITE_URL": "https://x.se/", "HOME": "/h"})
    assert env == {"PATH": "/bin", "HOME": "/h"}


PROJECT_CONFIG = """\
site_name: Test
watch:
  - data
  - overrides
strict: true
validation:
  omitted_files: warn
theme:
  name: material
  custom_dir: overrides
  features:
    - navigation.sections
    - navigation.prune
extra_css:
  - assets/a.css
extra_javascript:
  - assets/a.js
extra:
  pdf:
    enabled: !ENV [POLICYSITE_PDF, false]
nav:
  - index.md
  - Principer:
      - principer/index.md
markdown_extensions:
  - toc:
      permalink: true
hooks:
  - scripts/policysite/hooks/documents.py
plugins:
  - search
  - i18n:
      docs_structure: folder
"""


def test_the_plain_stack_keeps_pages_nav_theme_extensions_and_plugins_and_drops_all_of_ours():
    from bench.plain import plain_config

    plain = yaml.load(plain_config(PROJECT_CONFIG), Loader=_AnyTagLoader)
    ours = yaml.load(PROJECT_CONFIG, Loader=_AnyTagLoader)
    assert plain == {**{key: value for key, value in ours.items()
                        if key not in ("watch", "strict", "extra_css", "extra_javascript", "hooks")},
                     "theme": {"name": "material", "features": ["navigation.sections", "navigation.prune"]},
                     "strict": False}
    assert "!ENV [POLICYSITE_PDF, false]" in plain_config(PROJECT_CONFIG)


def test_the_per_page_figure_is_the_median_of_every_generated_documents_built_page(tmp_path):
    from bench.pages import document_pages, median_page_bytes

    corpus, site = tmp_path / "corpus", tmp_path / "site"
    for source in ("index.md", "a/d0001.md", "b/d0002.md"):
        (corpus / "docs" / "sv" / source).parent.mkdir(parents=True, exist_ok=True)
        (corpus / "docs" / "sv" / source).write_text("x")
    sizes = {"a/d0001/index.html": 100, "b/d0002/index.html": 300, "en/a/d0001/index.html": 200,
             "en/b/d0002/index.html": 1000, "index.html": 99_999}  # the start page is no document page
    for page, size in sizes.items():
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_bytes(b"x" * size)
    pages = document_pages(site, corpus)
    assert sorted(p.relative_to(site).as_posix() for p in pages) == sorted(set(sizes) - {"index.html"})
    assert median_page_bytes(pages) == 250
    (site / "b" / "d0002" / "index.html").unlink()
    with pytest.raises(FileNotFoundError):
        median_page_bytes(document_pages(site, corpus))


def git_repository(path, files: dict[str, str]):
    import subprocess

    path.mkdir()
    for name, text in files.items():
        (path / name).write_text(text)
    identity = ["-c", "user.name=Bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]
    for command in (["init", "--quiet"], ["add", "--all"], [*identity, "commit", "--quiet", "-m", "one"]):
        subprocess.run(["git", "-C", str(path), *command], check=True, capture_output=True)
    return path


def test_the_fresh_clone_runs_make_test_on_head_and_reports_a_failing_suite(tmp_path):
    from bench.fresh_clone import fresh_clone_test

    makefile = ("test:\n\t@echo \"MAKELEVEL=[$$MAKELEVEL] committed=$$(cat state.txt)\"\n"
                "\t@echo '===== 1 failed, 2 passed in 3.00s ====='\n\t@exit 1\n")
    repo = git_repository(tmp_path / "repo", {"Makefile": makefile, "state.txt": "committed"})
    (repo / "state.txt").write_text("uncommitted")  # a fresh clone sees HEAD only
    work = tmp_path / "work"
    work.mkdir()
    result = fresh_clone_test(repo, work, {**os.environ, "MAKELEVEL": "3", "MAKEFLAGS": "-k"})
    assert (result.returncode, result.summary, result.passed) == (2, "1 failed, 2 passed in 3.00s", False)
    assert "MAKELEVEL=[1] committed=committed" in result.tail  # a top-level make, as a user's (not level 4)


def test_the_real_site_copy_is_the_working_tree_with_its_history(tmp_path):
    import subprocess

    from bench.realsite import copy_project

    repo = git_repository(tmp_path / "repo", {"a.md": "a", "gone.md": "gone", ".gitignore": "ignored/\n"})
    (repo / "a.md").write_text("changed")
    (repo / "new.md").write_text("new")
    (repo / "gone.md").unlink()
    (repo / "ignored").mkdir()
    (repo / "ignored" / "x").write_text("x")
    copy = copy_project(repo, tmp_path / "copy")
    assert (copy / "a.md").read_text() == "changed" and (copy / "new.md").read_text() == "new"
    assert not (copy / "gone.md").exists() and not (copy / "ignored").exists()
    log = subprocess.run(["git", "-C", str(copy), "log", "--format=%s"], capture_output=True, text=True, check=True)
    assert log.stdout == "one\n"
