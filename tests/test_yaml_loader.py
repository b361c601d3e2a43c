"""YAML is read with libyaml's C parser (when PyYAML has it) and gives the same data and the
same line numbers as the Python parser, so the library check still points at the right line;
a syntax error is still explained in German at its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kooperation.drafting import library_yaml
from kooperation.drafting.library_yaml import LineMap, read_yaml
from kooperation.yamlio import HAS_LIBYAML, SafeLoader, safe_load

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "templates").rglob("*.yaml")) + sorted((ROOT / "resources").rglob("*.yaml"))


def _lines(value, path="") -> list:
    """Every mapping's own line, key lines and value lines, with where they are."""
    out = []
    if isinstance(value, LineMap):
        out.append((path, value.line, sorted(value.key_lines.items(), key=str),
                    sorted(value.value_lines.items(), key=str), value.duplicates))
        for key, item in value.items():
            out += _lines(item, f"{path}/{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            out += _lines(item, f"{path}[{n}]")
    return out


def test_the_c_parser_is_used_where_pyyaml_has_it():
    """With libyaml present, reading uses its C loader; without, the Python one."""
    assert hasattr(yaml, "CSafeLoader") == HAS_LIBYAML
    assert SafeLoader is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert issubclass(library_yaml._LineLoader, SafeLoader)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_data_and_lines_as_the_python_parser(path):
    """Each built-in YAML file reads to the same data, with the same line of every key and
    value, as with the pure-Python parser."""
    text = path.read_text(encoding="utf-8")
    assert len(FILES) > 10
    assert safe_load(text) == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
    fast, problems = read_yaml(path)
    slow = yaml.load(text, Loader=library_yaml._PyLineLoader)  # noqa: S506
    assert problems == []
    assert fast == slow and _lines(fast) == _lines(slow) and _lines(fast)


@pytest.mark.parametrize(("text", "where", "hint"), [
    ("section:\n  id: a\n  title: Eins: zwei\n", (3, 14), "Doppelpunkt"),
    ("section:\n\tid: a\n", (2, 1), "Tabulatoren"),  # libyaml words this one differently
])
def test_syntax_error_keeps_its_german_hint_and_place(tmp_path, text, where, hint):
    """A syntax error is reported with its German hint at its line and column."""
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    content, problems = read_yaml(path)
    assert content is None and len(problems) == 1
    assert (problems[0].line, problems[0].column) == where
    assert hint in problems[0].message
