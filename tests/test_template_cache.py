"""policysite.template_cache: compiled templates shared in the process and kept on disk, never stale."""

import pytest
from jinja2 import Environment, FileSystemLoader

from policysite.template_cache import SharedBytecodeCache


def environment(templates, cache) -> tuple[Environment, list[str]]:
    """An environment that records which templates it compiles."""
    env = Environment(loader=FileSystemLoader(str(templates)), bytecode_cache=cache)
    compiled = []
    compile_source = env.compile

    def recording(source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_source(source, name, filename, raw, defer_init)

    env.compile = recording
    return env, compiled


@pytest.fixture
def templates(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("Hej {{ name }}", encoding="utf-8")
    return folder


def test_a_template_is_compiled_once_across_environments_and_processes(templates, tmp_path):
    first, compiled = environment(templates, SharedBytecodeCache(tmp_path / "cache"))
    assert first.get_template("page.html").render(name="Blekinge") == "Hej Blekinge"
    assert compiled == ["page.html"]
    assert len(list((tmp_path / "cache").glob("*.cache"))) == 1
    # A new cache object over the same folder stands for the next build: it loads, it does not compile.
    later, compiled_later = environment(templates, SharedBytecodeCache(tmp_path / "cache"))
    assert later.get_template("page.html").render(name="Blekinge") == "Hej Blekinge"
    assert compiled_later == []


def test_a_changed_template_is_compiled_again(templates, tmp_path):
    environment(templates, SharedBytecodeCache(tmp_path / "cache"))[0].get_template("page.html")
    (templates / "page.html").write_text("Hello {{ name }}", encoding="utf-8")
    env, compiled = environment(templates, SharedBytecodeCache(tmp_path / "cache"))
    assert env.get_template("page.html").render(name="Blekinge") == "Hello Blekinge"
    assert compiled == ["page.html"]


@pytest.mark.parametrize("content", [b"", b"garbage", b"j2" + b"\x00" * 40])
def test_a_truncated_or_foreign_cache_file_is_compiled_again_and_replaced(templates, tmp_path, content):
    environment(templates, SharedBytecodeCache(tmp_path / "cache"))[0].get_template("page.html")
    (cached,) = (tmp_path / "cache").glob("*.cache")
    cached.write_bytes(content)
    env, compiled = environment(templates, SharedBytecodeCache(tmp_path / "cache"))
    assert env.get_template("page.html").render(name="Blekinge") == "Hej Blekinge"
    assert compiled == ["page.html"]
    assert cached.read_bytes() != content


def test_a_folder_that_cannot_be_written_leaves_the_cache_in_memory(templates, tmp_path):
    # A file where the folder should be: the tests run as root in CI, where a read-only folder is still written.
    (tmp_path / "cache").write_text("not a folder", encoding="utf-8")
    cache = SharedBytecodeCache(tmp_path / "cache")
    env, _ = environment(templates, cache)
    assert env.get_template("page.html").render(name="Blekinge") == "Hej Blekinge"
    assert cache.directory is None
    again, compiled_again = environment(templates, cache)
    assert again.get_template("page.html").render(name="x") == "Hej x" and compiled_again == []
