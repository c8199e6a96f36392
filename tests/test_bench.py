"""The benchmark's own parsing: our PDF stage's report, the peer's summary line, its configuration, /proc.

Nothing here runs a build or depends on how long anything takes.
"""

from __future__ import annotations

import json
import os

import pytest
import yaml

from policysite.bench.figures import peer_figures, stage_figures
from policysite.bench.memory import process_tree, tree_rss_kib, vmrss_kib
from policysite.bench.peer import PLUGIN_ENTRY, peer_config, same_versions


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
    from policysite.bench.__main__ import BenchError, _peer_output

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
    assert adapted.replace(f"  - {PLUGIN_ENTRY}  # added by policysite.bench (peer)\n", "") == CONFIG


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
    from policysite.bench.__main__ import Run, SizeResult

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
    from policysite.bench.__main__ import NOT_MEASURED, report, table, target_lines

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
