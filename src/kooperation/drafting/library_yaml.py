"""Reading a lawyer's YAML with line numbers, and saying in German what is wrong with it.

`read_yaml` returns mappings as `LineMap` (a dict that remembers the line of each key and of
each value's first text line), so that every later check can point at the line in the file.
A syntax error becomes a `Problem` with line and column and a German sentence.

The file is parsed with libyaml's C parser where PyYAML has it (it reports the same lines); a
file it rejects is parsed again with the Python parser, whose error messages the German hints
below are written for (and whose verdict counts, as it did before the C parser was used).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kooperation.i18n import _
from kooperation.yamlio import SafeLoader


@dataclass(frozen=True)
class Problem:
    """One error in a library file: where it is and what is wrong, in a German sentence."""

    file: Path
    line: int | None
    message: str
    column: int | None = None

    def where(self, root: Path | None = None) -> str:
        name = str(self.file)
        if root is not None and self.file.is_relative_to(root):
            name = str(self.file.relative_to(root))
        if self.line is None:
            return name
        if self.column is None:
            return _("{file}, Zeile {line}").format(file=name, line=self.line)
        return _("{file}, Zeile {line}, Spalte {column}").format(file=name, line=self.line, column=self.column)

    def describe(self, root: Path | None = None) -> str:
        return f"{self.where(root)}: {self.message}"


class LineMap(dict):
    """A YAML mapping that knows where its keys and values stand in the file (1-based)."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}
        self.value_lines: dict[Any, int] = {}
        self.duplicates: list[tuple[Any, int]] = []

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)

    def text_line(self, key: Any) -> int:
        """The line of the first text line of the value (after ``|`` or ``>``)."""
        return self.value_lines.get(key, self.line_of(key))


class _LineLoader(SafeLoader):
    """Mappings as `LineMap`; the C parser where available."""


class _PyLineLoader(yaml.SafeLoader):
    """The same in pure Python: for the wording of syntax errors."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> LineMap:
    loader.flatten_mapping(node)
    mapping = LineMap()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            key = str(key)
        value = loader.construct_object(value_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            mapping.duplicates.append((key, line))
        mapping[key] = value
        mapping.key_lines[key] = line
        block = isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">")
        mapping.value_lines[key] = value_node.start_mark.line + 1 + (1 if block else 0)
    return mapping


for _loader in {_LineLoader, _PyLineLoader}:
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_SYNTAX_HINTS = (
    ("mapping values are not allowed", _("Hier steht ein Doppelpunkt, wo keiner stehen darf; ein Text mit „: “ gehört in Anführungszeichen oder hinter „|“.")),
    ("found character '\\t'", _("Tabulatoren sind in YAML nicht erlaubt; bitte mit Leerzeichen einrücken.")),
    ("could not find expected ':'", _("Hier fehlt ein Doppelpunkt nach dem Schlüssel.")),
    ("did not find expected key", _("Die Einrückung stimmt nicht: ein Schlüssel steht nicht an der erwarteten Stelle.")),
    ("expected <block end>", _("Die Einrückung stimmt nicht: ein Eintrag ist weiter oder weniger weit eingerückt als seine Nachbarn.")),
    ("did not find expected '-' indicator", _("Die Einrückung stimmt nicht: ein Listeneintrag („- “) steht nicht an der erwarteten Stelle.")),
    ("found unexpected end of stream", _("Die Datei endet mitten in einem Text; ein Anführungszeichen ist nicht geschlossen.")),
    ("found undefined alias", _("Ein Verweis mit „*“ nennt einen Anker, den es nicht gibt.")),
    ("while scanning a quoted scalar", _("Ein Anführungszeichen ist nicht geschlossen.")),
)


def syntax_problem(path: Path, exc: yaml.YAMLError) -> Problem:
    """A YAML syntax error as a German sentence with line and column."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    detail = " ".join(str(getattr(exc, "problem", "") or exc).split())
    context = str(getattr(exc, "context", "") or "")
    if "quoted scalar" in context and getattr(exc, "context_mark", None) is not None:
        mark = exc.context_mark  # where the unclosed quote opens, not where the file ends
    hint = next((text for key, text in _SYNTAX_HINTS if key in detail or key in context), None)
    message = _("YAML-Syntaxfehler: {hint}").format(hint=hint) if hint else _(
        "YAML-Syntaxfehler: die Datei ist an dieser Stelle nicht lesbar ({detail})."
    ).format(detail=detail)
    if mark is None:
        return Problem(path, None, message)
    return Problem(path, mark.line + 1, message, mark.column + 1)


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """The file's content (mappings as `LineMap`) and the problems met reading it; the content
    is ``None`` when the file cannot be read at all."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(path, None, _("Die Datei kann nicht gelesen werden ({error}).").format(error=exc.strerror or exc))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(path, line, _("Die Datei ist nicht in UTF-8 gespeichert; bitte als UTF-8 speichern."))]
    try:
        content = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError:
        try:
            content = yaml.load(text, Loader=_PyLineLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as exc:
            return None, [syntax_problem(path, exc)]
    problems: list[Problem] = []
    _note_duplicate_keys(path, content, problems)
    return content, problems


def _note_duplicate_keys(path: Path, value: Any, problems: list[Problem]) -> None:
    if isinstance(value, LineMap):
        for key, line in value.duplicates:
            problems.append(Problem(path, line, _("Der Schlüssel „{key}“ steht in diesem Abschnitt zweimal; der erste Eintrag würde überschrieben.").format(key=key)))
        for item in value.values():
            _note_duplicate_keys(path, item, problems)
    elif isinstance(value, list):
        for item in value:
            _note_duplicate_keys(path, item, problems)
