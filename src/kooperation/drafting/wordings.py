"""Agreed clause wordings in the drafting: blocks, fingerprints, parameters they froze.

`kooperation.domain.wording` keeps what was agreed; this module knows the clause library and the
document model around it:

- `template_fingerprint`: what the library's template of a clause looks like now (a wording
  remembers the fingerprint of the template it replaced; a different one means the library text
  underneath changed and the clause must be checked again);
- `wording_blocks`: the document-model blocks of a wording (literal text, never a template);
- `parameter_hits`: the parameter values of the clause's topic that appear in the wording as
  fixed text (a notice period "drei Monate", a quorum): the wording no longer follows them;
- `editable_text` / `proposal_text`: a clause as the text a person edits (one line per paragraph,
  ``- `` for list items, without the open-point banner), and a proposed text read back from a
  document turned into that form;
- `WordingInfo` / `wording_info`: everything the window says about one clause's wording.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.numbers import format_decimal

from kooperation.domain.catalogue import (
    Catalogue,
    Param,
    check_decision,
    load_catalogue,
    param_applies,
)
from kooperation.domain.labels import describe_value
from kooperation.domain.model import Project
from kooperation.domain.wording import (
    ClauseRef,
    Wording,
    WordingParagraph,
    parse_wording,
    reader_text,
    wording_text,
)
from kooperation.drafting.docmodel import (
    Block,
    BulletList,
    Clause,
    Document,
    Note,
    Paragraph,
    Ref,
    Text,
    inline_text,
)
from kooperation.drafting.engine import datum, duration, eur, number_word, percent
from kooperation.drafting.languages import primary_language
from kooperation.drafting.library import ClauseTemplate, Library
from kooperation.drafting.overlay import effective_library

ADOPTED = "adopted"
"""`Clause.wording` of a clause printed with an agreed wording instead of the library text."""
OTHER_LANGUAGE = "other_language"
"""`Clause.wording` of a clause whose agreed wording is in another language than the draft: the
draft prints the library text (a German wording never appears in an English draft)."""


# --- the library side ------------------------------------------------------------------------


def template_fingerprint(tpl: ClauseTemplate) -> str:
    """A short hash of everything the library may print for a clause (base text, variants,
    trailing and open text); the title is left out (it stays the library's anyway)."""
    data = json.dumps(
        {"text": tpl.text, "variants": tpl.variants, "after": tpl.after, "open_text": tpl.open_text},
        sort_keys=True, ensure_ascii=False,
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def clause_template(library: Library, clause_id: str) -> ClauseTemplate | None:
    return next((c for s in library.sections for c in s.clauses if c.id == clause_id), None)


def project_library(project: Project, kind: str = "vertrag") -> Library:
    """The clause library the project's agreement is drafted from."""
    try:
        return effective_library(kind, primary_language(project.language))
    except Exception:  # noqa: BLE001 - a language without a library drafts in German
        return effective_library(kind, "de")


def find_template(project: Project, clause_id: str) -> ClauseTemplate | None:
    """The library template of ``clause_id`` in any document kind with clauses (agreement first;
    the letter of intent's and the NDA's clause ids are their own)."""
    from kooperation.domain.versions import CLAUSE_KINDS

    for kind in CLAUSE_KINDS:
        tpl = clause_template(project_library(project, kind), clause_id)
        if tpl is not None:
            return tpl
    return None


# --- wording -> document model ----------------------------------------------------------------


def wording_blocks(wording: Wording) -> list[Block]:
    """Paragraphs and lists of a wording; references become `Ref` (numbered once the document
    is), everything else literal `Text`."""
    blocks: list[Block] = []
    for paragraph in wording.paragraphs:
        inlines = [Ref(target=p.target) if isinstance(p, ClauseRef) else Text(p) for p in paragraph.pieces]
        if paragraph.item:
            if blocks and isinstance(blocks[-1], BulletList):
                blocks[-1].items.append(inlines)
            else:
                blocks.append(BulletList([inlines]))
        else:
            blocks.append(Paragraph(inlines))
    return blocks


def reference_labels(doc: Document) -> dict[str, str]:
    """Clause and annex id → how a reference to it reads in ``doc`` ("§ 12", "Anlage 2")."""
    labels = {c.id: f"§ {c.number}" for c in doc.clauses() if c.number}
    labels.update({a.id: a.label for a in doc.annexes if a.label})
    return labels


def reference_targets(doc: Document) -> dict[str, str]:
    """The other way round: "§ 12" → clause id (what `parse_wording` needs)."""
    return {label: target for target, label in reference_labels(doc).items()}


# --- the text a person edits -----------------------------------------------------------------


def _lines(clause: Clause) -> list[tuple[str, str]]:
    """(kind, text) of every line a reader finds in a clause: "p" paragraph, "li" list item,
    "note" a line of the open-point banner."""
    out: list[tuple[str, str]] = []
    for block in clause.blocks:
        if isinstance(block, Note):
            out += [("note", line) for line in block.text.split("\n") if line.strip()]
        elif isinstance(block, BulletList):
            out += [("li", inline_text(item)) for item in block.items]
        elif isinstance(block, Paragraph):
            out.append(("p", block.text))
        else:
            out += [("p", line) for line in block.text.split("\n") if line.strip()]
    return out


def editable_text(clause: Clause) -> str:
    """A clause's wording as a person edits it: one line per paragraph, ``- `` before a list
    item, without the open-point banner."""
    return "\n".join(("- " if kind == "li" else "") + text for kind, text in _lines(clause) if kind != "note")


def proposal_text(proposed: str, clause: Clause | None) -> str:
    """A proposed wording read from a document (lines without list markers, perhaps with the
    banner still in it) as the text to adopt: lines that were list items in ``clause`` (or were
    put in among them) get ``- ``, unchanged banner lines are left out."""
    lines = [line.strip() for line in proposed.replace("\r\n", "\n").split("\n") if line.strip()]
    if clause is None or any(line.startswith("- ") for line in lines):
        return "\n".join(lines)
    old = _lines(clause)
    kinds: list[str] = ["p"] * len(lines)
    matcher = difflib.SequenceMatcher(a=[t for _k, t in old], b=lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for n in range(j2 - j1):
                kinds[j1 + n] = old[i1 + n][0]
        elif tag == "replace":
            replaced = {old[i][0] for i in range(i1, i2)}
            if replaced == {"li"}:
                kinds[j1:j2] = ["li"] * (j2 - j1)
        elif tag == "insert":
            before = old[i1 - 1][0] if i1 > 0 else None
            after = old[i1][0] if i1 < len(old) else None
            if "li" in (before, after) and {before, after} <= {"li", None}:
                kinds[j1:j2] = ["li"] * (j2 - j1)
    return "\n".join(
        ("- " if kind == "li" else "") + line for kind, line in zip(kinds, lines, strict=True) if kind != "note"
    )


# --- parameters frozen into the text ----------------------------------------------------------


@dataclass(frozen=True)
class ParamHit:
    """A parameter whose current value stands in a wording as fixed text."""

    param_id: str
    label: str
    value: str  # the value in plain words ("3 Monate")
    found: str  # the text found in the wording ("drei Monaten")


def _candidates(param: Param, value: Any, project: Project) -> list[str]:
    """How the value of ``param`` may be written in a clause (the templates' own forms and the
    usual ones)."""
    t, unit = param.type, param.unit
    out: list[str] = []
    if t == "integer":
        n = int(value)
        if unit in ("days", "weeks", "months", "years"):
            out += [str(duration(n, unit, case)) for case in ("nom", "acc", "dat", "gen")]
            out += [re.sub(r"^\S+", str(n), form) for form in list(out)]
        elif unit == "percent":
            out += [str(percent(n)), f"{n} %", f"{n}%", f"{n}\u00a0%"]
        elif 2 <= n <= 12:
            out.append(number_word(n))
        elif n > 12:
            out.append(format_decimal(n, locale="de_DE"))
    elif t == "money":
        out += [str(eur(value)), format_decimal(value, locale="de_DE") + " Euro"]
    elif t == "date" and isinstance(value, date):
        out += [str(datum(value)), value.strftime("%d.%m.%Y")]
    elif t == "text":
        text = " ".join(str(value).split())
        if 4 <= len(text) <= 300:
            out.append(text)
    elif t == "partner":
        partner = project.partner(str(value))
        if partner is not None:
            out += [p for p in (partner.name.strip(), partner.display_name) if len(p) >= 3]
    return list(dict.fromkeys(c for c in out if c))


_UNIT_AFTER = r"(?!\s+(?:Tag|Woche|Monat|Jahr|Stunde|Prozent|Euro|EUR|%))"


def parameter_hits(
    project: Project, topic_id: str | None, paragraphs: tuple[WordingParagraph, ...],
    catalogue: Catalogue | None = None,
) -> list[ParamHit]:
    """The parameters of ``topic_id`` (as decided now) whose value appears in the wording."""
    if not topic_id:
        return []
    catalogue = catalogue or load_catalogue()
    try:
        topic = catalogue.topic(topic_id)
    except KeyError:
        return []
    checked = check_decision(topic, project.decision(topic_id), project)
    variant = checked.variant.id if checked.variant else None
    text = " ".join(reader_text(paragraphs, {}).split())
    hits: list[ParamHit] = []
    for param in topic.params_for(variant):
        if param.id not in checked.values or not param_applies(param, variant, checked.values, project):
            continue
        value = checked.values[param.id]
        # a bare count ("drei") is no count where a unit follows ("drei Monaten" is a period)
        tail = _UNIT_AFTER if param.type == "integer" and param.unit in ("count", None) else ""
        for candidate in _candidates(param, value, project):
            match = re.search(r"(?<!\w)" + re.escape(candidate) + r"(?!\w)" + tail, text, re.IGNORECASE)
            if match:
                hits.append(ParamHit(param.id, param.label.get_text(), describe_value(param, value, project), match.group(0)))
                break
    return hits


# --- what the window shows about a clause ------------------------------------------------------


@dataclass
class WordingInfo:
    """A clause's agreed wording as the window describes it."""

    clause_id: str
    title: str
    number: int  # in the draft as it would be made now (0: the clause is not in it)
    wording: Wording
    text: str  # the wording to edit, references with their current numbers
    recheck: bool  # the library text underneath changed since the wording was agreed
    hits: list[ParamHit] = field(default_factory=list)
    topic: str | None = None
    document_language: str = "de"  # the language of the drafts the window shows

    @property
    def other_language(self) -> bool:
        """The wording is in another language than the drafts: they print the library text."""
        return (self.wording.language or "de") != self.document_language

    @property
    def heading(self) -> str:
        return f"§ {self.number} {self.title}" if self.number else self.title


def wording_infos(project: Project, doc: Document) -> dict[str, WordingInfo]:
    """Every agreed wording of the project, described (clause id → info); ``doc`` is the
    agreement as drafted from the project now (for the numbers)."""
    if not project.wordings:
        return {}
    catalogue = load_catalogue()
    labels = reference_labels(doc)
    infos = {}
    for clause_id, wording in project.wordings.items():
        tpl = find_template(project, clause_id)
        clause = doc.clause(clause_id)
        topic = tpl.topic if tpl else None
        infos[clause_id] = WordingInfo(
            clause_id=clause_id,
            title=tpl.title if tpl else clause_id,
            number=clause.number if clause else 0,
            wording=wording,
            text=wording_text(wording.paragraphs, labels),
            recheck=tpl is not None and wording.template_hash != template_fingerprint(tpl),
            hits=parameter_hits(project, topic, wording.paragraphs, catalogue),
            topic=topic,
            document_language=doc.language or "de",
        )
    return infos


def new_wording(
    project: Project, clause_id: str, text: str, targets: dict[str, str], *, source: str = "typed",
    comment_id: str | None = None, author: str = "", language: str | None = None,
) -> Wording:
    """A wording for ``clause_id`` from a text (references read with ``targets``), stamped
    with now, the fingerprint of the library template it replaces and its ``language`` (the
    draft's it was proposed on; default: the project's); the id of an existing wording of the
    clause is kept (an edit, not a new row)."""
    from kooperation.domain.wording import now

    tpl = find_template(project, clause_id)
    current = project.wordings.get(clause_id)
    wording = Wording(
        clause_id=clause_id,
        paragraphs=parse_wording(text, targets),
        source=source,
        comment_id=comment_id,
        author=author,
        adopted_at=now(),
        template_hash=template_fingerprint(tpl) if tpl else "",
        # one language (a bilingual draft's wording is in its prevailing language)
        language=primary_language(language or project.language),
    )
    if current is not None:
        wording.id = current.id
    return wording
