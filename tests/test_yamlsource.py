"""policysite.yamlsource: libyaml reads the sources, the pure-Python parser words every finding, and both agree."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
import yaml

from conftest import REPO
from policysite import frontmatter, yamlsource

# Texts where libyaml reads more than PyYAML's own parser: the finding must still be PyYAML's.
LIBYAML_READS_MORE = ("title: [a ? b]\n", "items: {a?b: c}\n", "d\tescription: text\n", "owner: sakerhets\tchef\n",
                     "title: Rubrik\n\ufeff")


def source_texts() -> list[tuple[str, str, bool]]:
    """(name, YAML text, is mkdocs.yml) of every YAML source the repository and its hostile cases hold."""
    texts = [("mkdocs.yml", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), True)]
    for path in sorted([*REPO.glob("data/*.yml"), *REPO.glob("tests/hostile/**/*.yml"),
                        *REPO.glob("tests/fixtures/**/*.yml")]):
        texts.append((str(path.relative_to(REPO)), path.read_text(encoding="utf-8", errors="replace"),
                      path.name == "mkdocs.yml"))
    for path in sorted([*REPO.glob("docs/**/*.md"), *REPO.glob("tests/hostile/**/*.md"),
                        *REPO.glob("tests/fixtures/**/*.md")]):
        try:
            raw, _, _ = frontmatter.split(path.read_text(encoding="utf-8", errors="replace"))
        except frontmatter.FrontMatterError:
            continue
        if raw is not None:
            texts.append((str(path.relative_to(REPO)), raw, False))
    return texts


def outcome(text: str, config: bool, fast: bool):
    """What load gives, with every line a schema check could report."""
    try:
        return "value", shape(yamlsource.load(text, config=config, fast=fast, first_line=2))
    except yamlsource.YamlError as exc:
        return "finding", exc.line, exc.message, exc.fix


def shape(value):
    if isinstance(value, yamlsource.Mapping):
        return ["mapping", value.line, sorted(value.key_lines.items()), [[key, shape(item)] for key, item in value.items()]]
    if isinstance(value, yamlsource.Sequence):
        return ["list", value.line, list(value.item_lines), [shape(item) for item in value]]
    return [type(value).__name__, value if not isinstance(value, yamlsource.Tagged) else [value.tag, value.line]]


def test_the_pinned_pyyaml_brings_libyaml():
    assert yaml.__with_libyaml__ and yamlsource.FAST


def test_libyaml_and_the_python_parser_read_every_source_alike():
    texts = source_texts()
    assert len(texts) > 100 and sum(outcome(text, config, False)[0] == "finding" for _, text, config in texts) > 10
    for name, text, config in texts:
        assert outcome(text, config, True) == outcome(text, config, False), name


def test_mistakes_typed_into_the_sources_are_read_alike():
    texts, alphabet = source_texts(), [*":-[]{}&*!#'\"|>?,% \t\n\\", "\x07", "\u0085", "\ufeff", "é", "<<", "? ", "---"]
    rng = random.Random(15)
    findings = 0
    for _ in range(400):
        _, text, config = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(alphabet) + text[at + rng.randint(0, 1):]
        expected = outcome(text, config, False)
        findings += expected[0] == "finding"
        assert outcome(text, config, True) == expected, text
    assert findings > 50


@pytest.mark.parametrize("text", LIBYAML_READS_MORE)
def test_where_libyaml_reads_more_the_python_parsers_finding_stands(text):
    expected = outcome(text, False, False)
    assert expected[0] == "finding" and outcome(text, False, True) == expected


def test_without_libyaml_the_python_parser_reads_everything():
    """A PyYAML built without libyaml (yaml.__with_libyaml__ false): the same values and findings, nothing else."""
    script = ("import sys, json; sys.modules['yaml._yaml'] = None; sys.path.insert(0, sys.argv[1]);"
              "import yaml; from policysite import yamlsource; import test_yamlsource as t;"
              "print(json.dumps([yaml.__with_libyaml__, yamlsource.FAST,"
              " [t.outcome(text, config, True) for _, text, config in t.source_texts()]]))")
    result = subprocess.run([sys.executable, "-c", script, str(REPO / "tests")], capture_output=True, text=True,
                            cwd=REPO / "tests", check=True)
    with_libyaml, fast, outcomes = json.loads(result.stdout)
    assert (with_libyaml, fast) == (False, False)
    assert outcomes == json.loads(json.dumps([outcome(text, config, False) for _, text, config in source_texts()]))
