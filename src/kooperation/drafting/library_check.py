"""Checking a firm's clause library (an overlay over the built-in one) before it is used.

`check_overlay_folder` reads one library folder (``<kind>/<language>/``) of a firm's templates,
checks every file completely (never stopping at the first error) and returns what it read with
the list of problems, each with file, line and a German sentence:

- YAML syntax (line and column), a key written twice, keys the library does not know;
- a clause without id or title, ids used twice, a clause switched off that does not exist;
- a ``topic`` that is not in the catalogue, a variant the topic does not have;
- Jinja2 syntax errors (at their line in the file), names, filters and parameters (``v.x``,
  ``t('thema').x``) the template cannot have, references to clauses that do not exist;
- markup that is not well-formed or uses an element the renderer does not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from jinja2.meta import find_undeclared_variables
from lxml import etree

from kooperation.domain.catalogue import Catalogue, Topic
from kooperation.drafting.engine import ENV
from kooperation.drafting.library import CLAUSE_ID, Library
from kooperation.drafting.library_yaml import LineMap, Problem, read_yaml
from kooperation.i18n import _

CLAUSE_KEYS = {"id", "title", "explanation", "topic", "when", "text", "variants", "after", "open_text", "disabled", "insert_after"}
SECTION_KEYS = {"id", "title", "when"}
FILE_KEYS = {"section", "clauses"}
OVERLAY_META_KEYS = {"name", "version", "kind", "language"}
TEMPLATE_FIELDS = ("text", "after", "open_text")
FRAME_TEMPLATES = ("preamble", "parties_outro", "party_designation", "party_representative")
CONTEXT_NAMES = {
    "project", "partners", "partner_count", "voting_count", "voting", "associated", "supporters",
    "lead", "public_partners", "form", "form_label", "form_open", "binding", "bm",
    "goals", "milestones", "board_agreed", "board_open", "v", "t", "ref", "today", "party",
    "bilingual", "prevailing",
}
TOPIC_ATTRIBUTES = {"variant", "open", "label", "note"}
MARKUP_TAGS = {"ref", "open", "br", "b", "strong", "i", "em"}
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_PLACEHOLDER = "JINJA"


@dataclass
class OverlayFile:
    """One section file of a firm's library as read."""

    path: Path
    section: LineMap
    clauses: list[LineMap]


@dataclass
class CheckedOverlay:
    """A firm's library folder as read, with every problem found in it."""

    folder: Path
    meta: LineMap
    files: list[OverlayFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def version(self) -> str:
        return str(self.meta.get("version") or "").strip()

    @property
    def name(self) -> str:
        return " ".join(str(self.meta.get("name") or "").split())


def _mapping(value: Any) -> LineMap:
    return value if isinstance(value, LineMap) else LineMap()


class _Checker:
    def __init__(self, folder: Path, base: Library, catalogue: Catalogue) -> None:
        self.folder = folder
        self.base = base
        self.catalogue = catalogue
        self.topics = {t.id: t for t in catalogue.topics}
        self.problems: list[Problem] = []
        self.base_ids = set(base.clause_ids())
        self.targets: set[str] = set()  # filled once every clause id is known
        self.refs: list[tuple[Path, int, str]] = []  # (file, line, target) to check at the end

    def add(self, path: Path, line: int | None, message: str, column: int | None = None) -> None:
        self.problems.append(Problem(path, line, message, column))

    # keys ------------------------------------------------------------------------------------
    def unknown_keys(self, path: Path, mapping: LineMap, known: set[str], what: str) -> None:
        for key in mapping:
            if key not in known:
                self.add(path, mapping.line_of(key), _("Unbekannter Schlüssel „{key}“ {what}; möglich sind: {known}.").format(
                    key=key, what=what, known=", ".join(sorted(known))))

    # templates -------------------------------------------------------------------------------
    def template(self, path: Path, first_line: int, source: Any, topic: Topic | None, where: str, expression: bool = False) -> None:
        """Check one Jinja2 text (or a ``when`` expression) whose first line is ``first_line``."""
        if source is None:
            return
        if not isinstance(source, str):
            if expression and isinstance(source, bool | int):
                return
            self.add(path, first_line, _("{where} muss ein Text sein.").format(where=where))
            return
        text = "{{ " + source + " }}" if expression else source
        try:
            tree = ENV.parse(text)
        except TemplateSyntaxError as exc:
            line = first_line + (exc.lineno or 1) - 1
            self.add(path, line, _("Jinja2-Syntaxfehler in {where}: {error}.").format(where=where, error=_jinja_message(exc)))
            return
        # a name set anywhere in the text ({% set %}, a loop variable) is the template's own,
        # also where Jinja2 cannot prove it is set on every path (a {% set %} inside an {% if %})
        own = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
        for name in sorted(find_undeclared_variables(tree) - CONTEXT_NAMES - own):
            node = next((n for n in tree.find_all(nodes.Name) if n.name == name), None)
            line = first_line + (node.lineno if node else 1) - 1
            self.add(path, line, _("{where} verwendet den Namen „{name}“, den es in einer Vorlage nicht gibt.").format(where=where, name=name))
        for node in tree.find_all(nodes.Filter):
            if node.name not in ENV.filters:
                self.add(path, first_line + node.lineno - 1, _("{where} verwendet den unbekannten Filter „{name}“.").format(where=where, name=node.name))
        for node in tree.find_all(nodes.Getattr):
            self.attribute(path, first_line + node.lineno - 1, node, topic, where)
        for node in tree.find_all(nodes.Call):
            if isinstance(node.node, nodes.Name) and node.node.name == "ref":
                target = node.args[0].value if node.args and isinstance(node.args[0], nodes.Const) else None
                if isinstance(target, str):
                    self.refs.append((path, first_line + node.lineno - 1, target))
        if not expression:
            self.markup(path, first_line, source, where)

    def attribute(self, path: Path, line: int, node: nodes.Getattr, topic: Topic | None, where: str) -> None:
        inner = node.node
        if isinstance(inner, nodes.Name) and inner.name == "v":
            if topic is None:
                self.add(path, line, _("{where} verwendet „v.{name}“, die Klausel nennt aber kein Thema (topic).").format(where=where, name=node.attr))
            elif node.attr not in _topic_names(topic):
                self.add(path, line, _("{where} verwendet den Parameter „v.{name}“, den das Thema „{topic}“ nicht hat; möglich sind: {known}.").format(
                    where=where, name=node.attr, topic=topic.id, known=", ".join(sorted(_topic_names(topic)))))
        elif (
            isinstance(inner, nodes.Call) and isinstance(inner.node, nodes.Name) and inner.node.name == "t"
            and inner.args and isinstance(inner.args[0], nodes.Const)
        ):
            other = self.topics.get(str(inner.args[0].value))
            if other is None:
                self.add(path, line, _("{where} verwendet t('{topic}'), ein Thema, das es im Katalog nicht gibt.").format(where=where, topic=inner.args[0].value))
            elif node.attr not in _topic_names(other):
                self.add(path, line, _("{where} verwendet den Parameter „{name}“, den das Thema „{topic}“ nicht hat.").format(
                    where=where, name=node.attr, topic=other.id))

    def markup(self, path: Path, first_line: int, source: str, where: str) -> None:
        """The text with every Jinja2 construct blanked out (line breaks kept) must be
        well-formed markup with the elements the renderer knows."""

        def blank(match: re.Match) -> str:
            inner = match.group(0)
            return (_PLACEHOLDER if inner.startswith("{{") else "") + "\n" * inner.count("\n")

        text = _JINJA.sub(blank, source)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=False)
        try:
            root = etree.fromstring(f"<p>{text}</p>".encode(), parser)
        except etree.XMLSyntaxError as exc:
            at, detail = _xml_problem(exc)
            self.add(path, first_line + at - 1, _("Das Markup in {where} ist fehlerhaft ({detail}): jedes <b>, <i> … braucht sein </b>, </i> …, und „&“ und „<“ als Text schreibt man &amp; und &lt;.").format(
                where=where, detail=detail))
            return
        for element in root.iter():
            if element is root or not isinstance(element.tag, str):
                continue
            line = first_line + (element.sourceline or 1) - 1
            if element.tag not in MARKUP_TAGS:
                self.add(path, line, _("{where} verwendet das unbekannte Element <{tag}>; möglich sind: {known}.").format(
                    where=where, tag=element.tag, known=", ".join(f"<{t}>" for t in sorted(MARKUP_TAGS))))
            elif element.tag == "ref":
                target = element.get("to")
                if not target:
                    self.add(path, line, _("Ein <ref/> in {where} nennt kein Ziel (to=\"klausel_id\").").format(where=where))
                elif _PLACEHOLDER not in target:
                    self.refs.append((path, line, target))

    # files -----------------------------------------------------------------------------------
    def meta(self, path: Path, meta: Any) -> LineMap:
        if meta is None:
            meta = LineMap()
        if not isinstance(meta, LineMap):
            self.add(path, 1, _("Die Datei muss Schlüssel mit Werten enthalten (name: …, version: …)."))
            return LineMap()
        known = set(self.base.meta) | OVERLAY_META_KEYS
        self.unknown_keys(path, meta, known, _("in library.yaml"))
        if not str(meta.get("version") or "").strip():
            self.add(path, meta.line_of("version") or 1, _("Die eigene Bibliothek nennt keine Version (version: \"2027.1\"); jede Fassung braucht eine, damit ein Entwurf sagt, woraus er entstand."))
        for key, value in meta.items():
            base_value = self.base.meta.get(key)
            if isinstance(base_value, dict):
                if not isinstance(value, LineMap):
                    self.add(path, meta.line_of(key), _("„{key}“ muss Schlüssel mit Werten enthalten.").format(key=key))
                else:
                    self.unknown_keys(path, value, {str(k) for k in base_value}, _("unter „{key}“").format(key=key))
        for key in FRAME_TEMPLATES:
            if key in meta:
                self.template(path, meta.text_line(key), meta[key], None, key)
        annexes = meta.get("annexes")
        if annexes is not None:
            if not isinstance(annexes, list):
                self.add(path, meta.line_of("annexes"), _("„annexes“ muss eine Liste von Anlagen sein."))
            else:
                for raw in annexes:
                    annex = _mapping(raw)
                    if not annex.get("id"):
                        self.add(path, annex.line or meta.line_of("annexes"), _("Eine Anlage hat keine ID (id)."))
                    self.unknown_keys(path, annex, {"id", "title", "intro"}, _("bei einer Anlage"))
                    if "intro" in annex:
                        self.template(path, annex.text_line("intro"), annex["intro"], None, str(annex.get("id", "")))
        return meta

    def section_file(self, path: Path, raw: Any, seen: dict[str, tuple[Path, int]]) -> OverlayFile | None:
        if raw is None:
            return OverlayFile(path, LineMap(), [])
        if not isinstance(raw, LineMap):
            self.add(path, 1, _("Die Datei muss die Schlüssel „section“ und „clauses“ enthalten."))
            return None
        self.unknown_keys(path, raw, FILE_KEYS, _("in einer Abschnittsdatei"))
        section = raw.get("section")
        if section is not None and not isinstance(section, LineMap):
            self.add(path, raw.line_of("section"), _("„section“ muss Schlüssel mit Werten enthalten (id, title, when)."))
            section = None
        section = section or LineMap()
        self.unknown_keys(path, section, SECTION_KEYS, _("unter „section“"))
        if "when" in section:
            self.template(path, section.text_line("when"), section["when"], None, _("die Bedingung des Abschnitts"), expression=True)
        clauses = raw.get("clauses") or []
        if not isinstance(clauses, list):
            self.add(path, raw.line_of("clauses"), _("„clauses“ muss eine Liste von Klauseln sein (jede beginnt mit „- id: …“)."))
            clauses = []
        out: list[LineMap] = []
        for item in clauses:
            if not isinstance(item, LineMap):
                self.add(path, raw.line_of("clauses"), _("Ein Eintrag unter „clauses“ ist keine Klausel (erwartet: „- id: …“ mit title, text …)."))
                continue
            if self.clause(path, item, section, seen):
                out.append(item)
        return OverlayFile(path, section, out)

    def clause(self, path: Path, raw: LineMap, section: LineMap, seen: dict[str, tuple[Path, int]]) -> bool:
        cid = raw.get("id")
        line = raw.line
        self.unknown_keys(path, raw, CLAUSE_KEYS, _("bei einer Klausel"))
        if cid is None or str(cid).strip() == "":
            self.add(path, line, _("Eine Klausel hat keine ID (id); jede Klausel braucht eine feste ID aus a–z, 0–9 und _."))
            return False
        cid = str(cid)
        if not CLAUSE_ID.match(cid):
            self.add(path, raw.line_of("id"), _("Die Klausel-ID „{id}“ ist ungültig: erlaubt sind a–z, 0–9 und _, beginnend mit einem Buchstaben, höchstens 36 Zeichen.").format(id=cid))
            return False
        if cid in seen:
            other, other_line = seen[cid]
            self.add(path, raw.line_of("id"), _("Die Klausel-ID „{id}“ kommt doppelt vor (zuerst in {file}, Zeile {line}).").format(
                id=cid, file=other.name, line=other_line))
            return False
        seen[cid] = (path, raw.line_of("id"))
        if raw.get("disabled") is True:
            if cid not in self.base_ids:
                self.add(path, raw.line_of("id"), _("Die Klausel „{id}“ soll abgeschaltet werden, die eingebaute Bibliothek hat aber keine Klausel mit dieser ID.").format(id=cid))
            return True
        if "disabled" in raw and raw.get("disabled") is not False:
            self.add(path, raw.line_of("disabled"), _("„disabled“ kann nur true oder false sein."))
        if not str(raw.get("title") or "").strip():
            self.add(path, line, _("Die Klausel „{id}“ hat keinen Titel (title).").format(id=cid))
        if cid not in self.base_ids and not section.get("id"):
            self.add(path, raw.line_of("id"), _("Die neue Klausel „{id}“ braucht einen Abschnitt: die Datei nennt keinen (section: id: …).").format(id=cid))
        topic = None
        if raw.get("topic") is not None:
            topic = self.topics.get(str(raw["topic"]))
            if topic is None:
                self.add(path, raw.line_of("topic"), _("Das Thema „{topic}“ gibt es im Katalog nicht; bekannte Themen: {known}.").format(
                    topic=raw["topic"], known=", ".join(sorted(self.topics))))
        for key in TEMPLATE_FIELDS:
            if key in raw:
                self.template(path, raw.text_line(key), raw[key], topic, f"{cid}/{key}")
        if "when" in raw:
            self.template(path, raw.text_line("when"), raw["when"], topic, _("der Bedingung von {id}").format(id=cid), expression=True)
        variants = raw.get("variants")
        if variants is not None:
            if not isinstance(variants, LineMap):
                self.add(path, raw.line_of("variants"), _("Die Varianten der Klausel „{id}“ müssen Schlüssel mit Texten sein (variante: |).").format(id=cid))
            elif raw.get("topic") is None:
                self.add(path, raw.line_of("variants"), _("Die Klausel „{id}“ hat Varianten, nennt aber kein Thema (topic), aus dem eine gewählt wird.").format(id=cid))
            else:
                known = {v.id for v in topic.variants} if topic else None
                for key, text in variants.items():
                    if known is not None and str(key) not in known:
                        self.add(path, variants.line_of(key), _("Die Variante „{variant}“ gibt es im Thema „{topic}“ nicht; möglich sind: {known}.").format(
                            variant=key, topic=topic.id, known=", ".join(sorted(known))))
                    self.template(path, variants.text_line(key), text, topic, f"{cid}/{key}")
        return True

    def check_refs(self) -> None:
        for path, line, target in self.refs:
            if target not in self.targets:
                self.add(path, line, _("Der Verweis auf „{target}“ geht ins Leere: es gibt keine Klausel und keine Anlage mit dieser ID.").format(target=target))


def _topic_names(topic: Topic) -> set[str]:
    names = {p.id for p in topic.params} | {p.id for v in topic.variants for p in v.params}
    return names | TOPIC_ATTRIBUTES


_JINJA_HINTS = (
    ("unexpected end of template", _("die Vorlage endet, bevor ein {{ … }} oder {% … %} geschlossen ist")),
    ("unexpected '}'", _("eine geschweifte Klammer zu viel oder ein {{ … }} nicht richtig geschlossen")),
    ("Encountered unknown tag", _("ein unbekannter Befehl in {% … %} (möglich sind if, elif, else, endif, for, endfor, set)")),
    ("expected token 'end of print statement'", _("in {{ … }} steht etwas, das kein Ausdruck ist")),
)


def _jinja_message(exc: TemplateSyntaxError) -> str:
    detail = " ".join(str(exc.message or exc).split()).rstrip(".")
    hint = next((text for key, text in _JINJA_HINTS if key in detail), None)
    return f"{hint} ({detail})" if hint else detail


_MISMATCH = re.compile(r"Opening and ending tag mismatch: (\w+) line (\d+) and (\w+)")


def _xml_problem(exc: etree.XMLSyntaxError) -> tuple[int, str]:
    """(line in the fragment, German detail) of a markup error."""
    detail = " ".join(str(exc.msg if hasattr(exc, "msg") else exc).split()).removesuffix(".")
    match = _MISMATCH.search(detail)
    if match:
        tag, line, closing = match.group(1), int(match.group(2)), match.group(3)
        if closing == "p":
            return line, _("<{tag}> wird nicht geschlossen").format(tag=tag)
        return line, _("<{tag}> wird mit </{closing}> geschlossen").format(tag=tag, closing=closing)
    if "xmlParseEntityRef" in detail or "EntityRef" in detail:
        return exc.lineno or 1, _("ein „&“ steht ohne Maskierung")
    return exc.lineno or 1, detail


def section_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name != "library.yaml")


def check_overlay_folder(folder: Path, base: Library, catalogue: Catalogue) -> CheckedOverlay:
    """Read and check the firm's library in ``folder`` (laid over ``base``); never raises."""
    checker = _Checker(folder, base, catalogue)
    meta_file = folder / "library.yaml"
    if meta_file.is_file():
        raw, problems = read_yaml(meta_file)
        checker.problems += problems
        meta = LineMap() if raw is None and problems else checker.meta(meta_file, raw)
    else:
        meta = LineMap()
        checker.add(meta_file, None, _("Die Datei library.yaml fehlt; sie nennt die Version der eigenen Bibliothek (version: \"2027.1\")."))
    result = CheckedOverlay(folder, meta)
    seen: dict[str, tuple[Path, int]] = {}
    for path in section_files(folder):
        raw, problems = read_yaml(path)
        checker.problems += problems
        if raw is None and problems:
            continue
        file = checker.section_file(path, raw, seen)
        if file is not None:
            result.files.append(file)
    switched_off = {str(c["id"]) for f in result.files for c in f.clauses if c.get("disabled") is True}
    annexes = {str(a.get("id")) for a in (base.meta.get("annexes") or []) if isinstance(a, dict)}
    annexes |= {str(a.get("id")) for a in (meta.get("annexes") or []) if isinstance(a, dict)}
    checker.targets = (checker.base_ids | {str(c["id"]) for f in result.files for c in f.clauses}) - switched_off | annexes
    for file in result.files:
        for clause in file.clauses:
            after = clause.get("insert_after")
            if after is not None and str(after) not in checker.targets:
                checker.add(file.path, clause.line_of("insert_after"), _("„insert_after“ nennt die Klausel „{id}“, die es nicht gibt.").format(id=after))
    checker.check_refs()
    result.problems = sorted(checker.problems, key=lambda p: (str(p.file), p.line or 0, p.column or 0))
    return result
