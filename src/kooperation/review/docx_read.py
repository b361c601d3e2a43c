"""Reading a returned DOCX: its clauses, comments and tracked changes (the read side of the
review import).

:func:`read_review_docx` opens the file through :mod:`.safety` and walks ``word/document.xml``
in document order (paragraphs, also inside tables and content controls), keeping track of the
clause bookmarks ``kl_<clause id>`` that our generator puts around every clause.

**The text of a paragraph** is the concatenation of its ``w:t`` texts, ``w:tab`` as ``\\t`` and
``w:br``/``w:cr`` as ``\\n`` (page and column breaks give nothing, a non-breaking hyphen ``-``,
a narrow no-break space U+202F the no-break space U+00A0, as the drafting writes "§ 12").
List numbers (``word/numbering.xml``) are put before the text as if typed: ``§ 3 `` before a
clause heading, ``(1)<tab>`` before a numbered paragraph (:mod:`.docx_numbering`).
Field results count, field codes do not; text boxes, drawings, footnotes are left out. Two views
are kept: *accepted* (every tracked change accepted: inserted and moved-to text kept, deleted
and moved-from text dropped) and *original* (every change rejected). A paragraph mark that was
deleted (inserted) joins the paragraph with the next one in the accepted (original) view.

**The text of a clause** is the text of its paragraphs after the heading, joined with ``\\n``;
blank paragraphs are left out, and the markers our generator writes as text at the start of a
paragraph, ``(1)<tab>`` for numbered paragraphs and ``•<tab>``/``a)<tab>`` for list items in a
reference document without list styles, are removed. For a generated, unedited file this is
exactly ``Clause.text`` of the document model, except that a note box (``Note``) reads
``title\\nbody`` where the model says ``title: body``.

**The clause of a paragraph** is found as a person finds it: the document is cut at its
headings (``§ n Title``, the preamble, annexes, signatures) and a clause bookmark only names the
piece it starts in, preferring one that starts in the heading (see :mod:`.docx_outline`, which
also says how broken, moved and renamed bookmarks are handled). The heading is the clause's
first paragraph (``§ 3 Title`` → number 3, title "Title"). Paragraphs of a table of contents
never belong to a clause. Only a file without any clause heading falls back to the bookmark
ranges themselves (with the tolerance editors need: a second start of an open bookmark
continues it, a new clause bookmark ends any other, a top-level heading ends a clause whose end
was lost); a range whose first paragraph is no heading is then all text
(``FileClause.has_heading`` False). ``ReviewFile.parts`` holds the other parts of the document
(title page, party list, contents, preamble, signatures, annexes: see
:mod:`kooperation.review.model`).

**Comments** (``word/comments.xml``): ``clause_id`` is the clause (or part) at the start of the
comment's range (or at its reference mark, for a comment without range), ``part`` and
``heading`` say which kind of part and under which heading; ``anchor_text`` the accepted text
between range start and end ("" for a point comment), ``context`` the text of the paragraph(s)
the range spans; ``parent_key`` and ``done`` come from Word's ``commentsExtended.xml``,
``durable_id`` from its ``commentsIds.xml``. Tracked changes get clause, part and heading the
same way.

**Tracked changes**: ``w:ins``/``w:moveTo`` are insertions, ``w:del``/``w:moveFrom`` deletions.
Word cuts one edit into a piece per run or paragraph; pieces of the same kind, author, date and
clause with no unchanged text between them are merged (``\n`` between paragraphs). The context
is the paragraph text with the change (accepted view for insertions, original for deletions).
Formatting-only changes (``w:rPrChange``, ``w:pPrChange``, …) are ignored.

Every reading problem becomes an :class:`InputError` with a German message; the reader never
lets a traceback through.
"""

from __future__ import annotations

import logging
import os
import posixpath

from kooperation.errors import InputError, KooperationError
from kooperation.i18n import _
from kooperation.review.docx_numbering import Numbering
from kooperation.review.docx_outline import SECTION, Outline, Segment, outline, text_of
from kooperation.review.docx_walk import (
    Para,
    Pos,
    Styles,
    Walker,
    clean_paragraph,
    parse_date,
    parse_heading,
    wattr,
    wchild,
    wname,
)
from kooperation.review.model import PART_CONTENTS, FileClause, FileComment, ReviewFile
from kooperation.review.safety import (
    MAIN_PART,
    DocxPackage,
    Quota,
    open_docx,
    open_docx_file,
)

log = logging.getLogger(__name__)

__all__ = ["parse_date", "read_review_docx", "read_review_docx_file", "read_review_package"]

W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DEFAULT_PARTS = {
    "styles": "word/styles.xml",
    "comments": "word/comments.xml",
    "commentsExtended": "word/commentsExtended.xml",
    "commentsIds": "word/commentsIds.xml",
    "numbering": "word/numbering.xml",
}
W16CID = "{http://schemas.microsoft.com/office/word/2016/wordml/cid}"


# --- public API -----------------------------------------------------------------------------------


def read_review_docx(data: bytes) -> ReviewFile:
    """Everything the review import needs from the DOCX ``data`` (see the module docstring).

    Raises :class:`InputError` (German message) for a file that is not a readable DOCX."""
    with open_docx(data) as package:
        return read_review_package(package)


def read_review_docx_file(path: str | os.PathLike[str]) -> ReviewFile:
    """As :func:`read_review_docx`, for a file on disk (its size is checked before reading)."""
    with open_docx_file(path) as package:
        return read_review_package(package)


def read_review_package(package: DocxPackage) -> ReviewFile:
    """Read an already opened package."""
    try:
        return _read(package)
    except KooperationError:
        raise
    except Exception as exc:  # a structure we did not foresee: a message, never a traceback
        log.exception("reading a returned DOCX failed")
        raise InputError(
            _(
                "Die Datei konnte nicht als Word-Dokument gelesen werden. Bitte in Word oder "
                "LibreOffice öffnen, erneut als .docx speichern und noch einmal einlesen."
            )
        ) from exc


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _too_many_comments(limit: int) -> str:
    return _(
        "Die Datei wird nicht eingelesen: Sie enthält mehr als {limit} Kommentare. So viele "
        "Anmerkungen lassen sich nicht sinnvoll einzeln prüfen. Bitte erledigte Kommentare in "
        "Word löschen oder die Prüfung auf mehrere Dateien verteilen und erneut einlesen."
    ).format(limit=_thousands(limit))


def _too_many_changes(limit: int) -> str:
    return _(
        "Die Datei wird nicht eingelesen: Sie enthält mehr als {limit} nachverfolgte "
        "Änderungen. Bitte in Word einen Teil der Änderungen annehmen oder ablehnen und die "
        "Datei erneut einlesen."
    ).format(limit=_thousands(limit))


def _too_many_paragraphs(limit: int) -> str:
    return _(
        "Die Datei wird nicht eingelesen: Sie hat mehr als {limit} Absätze. Ein Vertragsentwurf "
        "dieser Länge lässt sich nicht sinnvoll als Ganzes prüfen."
    ).format(limit=_thousands(limit))


def _body_quotas(package: DocxPackage) -> list[Quota]:
    """What the main part may contain, counted while it is parsed (see :class:`Quota`)."""
    limits = package.limits
    comments = _too_many_comments(limits.max_comments)
    return [
        Quota(("ins", "del", "moveFrom", "moveTo"), limits.max_changes,
              _too_many_changes(limits.max_changes)),
        Quota(("commentRangeStart",), limits.max_comments, comments),
        Quota(("commentReference",), limits.max_comments, comments),
        Quota(("p",), limits.max_paragraphs, _too_many_paragraphs(limits.max_paragraphs)),
    ]  # fmt: skip


def _read(package: DocxPackage) -> ReviewFile:
    root = package.xml(MAIN_PART, _body_quotas(package))
    body = wchild(root, "body") if root is not None and wname(root) == "document" else None
    if body is None:
        raise InputError(_("Die Datei ist kein Word-Dokument: Der Haupttext fehlt oder ist leer."))
    parts = _related_parts(package)
    styles = package.xml(parts["styles"])
    numbering = Numbering(package.xml(parts["numbering"]), styles)
    walker = Walker(Styles(styles), None if numbering.empty else numbering)
    walker.walk(body)
    found = outline(walker.paragraphs)
    if found.by_headings:
        clauses = _clauses_by_outline(found)
    else:
        clauses = _clauses_by_bookmarks(walker.paragraphs)
    changes = []
    for change in walker.changes:
        if change.text:
            result = change.result(walker.paragraphs)
            if found.by_headings:
                result.clause_id, result.part, result.heading = locate(found, change.first)
            changes.append(result)
    return ReviewFile(
        clauses=clauses,
        comments=_comments(package, parts, walker, found),
        changes=changes,
        has_bookmarks=walker.has_bookmarks,
        parts=_parts(found),
    )


def _related_parts(package: DocxPackage) -> dict[str, str]:
    """Names of the styles, comments and commentsExtended parts, from the document's
    relationships (falling back to the usual names)."""
    parts = dict(DEFAULT_PARTS)
    rels = package.xml("word/_rels/document.xml.rels")
    if rels is None:
        return parts
    for rel in rels.iter(f"{RELS}Relationship"):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if kind in parts and target and rel.get("TargetMode") != "External":
            name = target.lstrip("/") if target.startswith("/") else posixpath.join("word", target)
            parts[kind] = posixpath.normpath(name)
    return parts


# --- clauses and parts ----------------------------------------------------------------------------


def _joined(paragraphs: list[Para], view: str) -> str:
    """The paragraphs' text in ``view``, one line each (see the module docstring)."""
    lines: list[str] = []
    pending: list[str] = []
    for para in paragraphs:
        pending.append(para.text(view))
        joins_next = para.mark_deleted if view == "accepted" else para.mark_inserted
        if not joins_next:
            lines.append("".join(pending))
            pending = []
    lines.append("".join(pending))
    return "\n".join(clean_paragraph(line) for line in lines if line.strip())


def _clause(clause_id: str | None, paragraphs: list[Para]) -> FileClause:
    """A clause from its bookmark range; the first paragraph with text is the heading when it
    reads or is styled like one (otherwise the heading was lost: all of it is text)."""
    with_text = [p for p in paragraphs if p.accepted.strip() or p.original.strip()]
    first = text_of(with_text[0]) if with_text else ""
    parsed = parse_heading(first)
    has_heading = bool(with_text) and (parsed is not None or with_text[0].outline is not None)
    body = with_text[1:] if has_heading else with_text
    number, title = parsed or (0, first)
    return FileClause(
        id=clause_id,
        number=number,
        title=title,
        text=_joined(body, "accepted"),
        original_text=_joined(body, "original"),
        has_heading=has_heading,
        refs=[ref for p in body for ref in p.refs],
    )


def _clauses_by_bookmarks(paragraphs: list[Para]) -> list[FileClause]:
    """Only for a file without any clause heading: the clause bookmarks' own ranges."""
    groups: dict[str, list[Para]] = {}
    for para in paragraphs:
        if para.clause is not None and not para.toc:
            groups.setdefault(para.clause, []).append(para)
    return [_clause(clause_id, group) for clause_id, group in groups.items()]


def _from_segment(segment: Segment) -> FileClause:
    heading = segment.heading
    body = segment.paragraphs[1:] if heading is not None else segment.paragraphs
    body = [p for p in body if (p.accepted.strip() or p.original.strip()) and not _meta(p)]
    return FileClause(
        id=segment.id,
        number=segment.number,
        title=segment.title,
        text=_joined(body, "accepted"),
        original_text=_joined(body, "original"),
        part=segment.part,
        inserted=heading is not None and not heading.original.strip(),
        refs=[ref for p in body for ref in p.refs],
    )


def _meta(para: Para) -> bool:
    """The title page's line with version and date: it changes with every version, so it is
    not part of the title page's text (comments on it still belong to the title page)."""
    return "metadaten" in para.style.lower()


def _clauses_by_outline(found: Outline) -> list[FileClause]:
    """The clause segments; a heading repeated without text is left out when the same number
    comes again later (a heading copied above its clause, say)."""
    clauses = [_from_segment(s) for s in found.segments if s.part == ""]
    later_numbers = [{c.number for c in clauses[i + 1 :]} for i in range(len(clauses))]
    return [
        c
        for c, later in zip(clauses, later_numbers, strict=True)
        if c.id or c.text or c.original_text or not c.number or c.number not in later
    ]


def _parts(found: Outline) -> list[FileClause]:
    return [_from_segment(s) for s in found.segments if s.part not in ("", SECTION)]


def locate(found: Outline, index: int) -> tuple[str | None, str, str]:
    """(clause or part id, part kind, heading text) of paragraph ``index``; a line of the
    table of contents gives the line itself as heading (it names the clause or part)."""
    segment = found.at(index)
    if segment is None:
        return None, "", ""
    if segment.part == PART_CONTENTS and 0 <= index < len(found.of_paragraph):
        line = text_of(found_paragraph(segment, index))
        return segment.id, segment.part, line.split("\t")[0].strip()
    return segment.id, segment.part, segment.heading_text


def found_paragraph(segment: Segment, index: int) -> Para:
    return next((p for p in segment.paragraphs if p.index == index), segment.paragraphs[0])


# --- comments -------------------------------------------------------------------------------------


def _comments(
    package: DocxPackage, parts: dict[str, str], walker: Walker, found: Outline
) -> list[FileComment]:
    limit = package.limits.max_comments
    root = package.xml(parts["comments"], [Quota(("comment",), limit, _too_many_comments(limit))])
    if root is None:
        return []
    para_keys: dict[str, str] = {}
    comments: list[FileComment] = []
    for element in root:
        if wname(element) != "comment":
            continue
        key = wattr(element, "id")
        body = Walker(walker.styles)
        body.walk(element)
        paragraphs = [p for p in element.iter() if wname(p) == "p"]
        for p in paragraphs[-1:]:
            para_id = p.get(f"{W14}paraId")
            if para_id:
                para_keys[para_id.upper()] = key
        comment = FileComment(
            key=key,
            author=wattr(element, "author"),
            initials=wattr(element, "initials"),
            date=parse_date(wattr(element, "date")),
            text="\n".join(p.accepted for p in body.paragraphs).strip(),
            clause_id=None,
        )
        _anchor(comment, walker, found)
        comments.append(comment)
    _word_extensions(
        package.xml(parts["commentsExtended"]),
        package.xml(parts["commentsIds"]),
        para_keys,
        comments,
    )
    return comments


def _anchor(comment: FileComment, walker: Walker, found: Outline) -> None:
    """Fill clause (or part), anchored text and context of ``comment`` from its marks."""
    start = walker.comment_starts.get(comment.key)
    end = walker.comment_ends.get(comment.key) or start
    paragraphs = walker.paragraphs
    if start is None or not paragraphs:
        return
    start_para = min(start.para, len(paragraphs) - 1)
    if found.by_headings:
        comment.clause_id, comment.part, comment.heading = locate(found, start_para)
    else:
        comment.clause_id = start.clause or paragraphs[start_para].clause
    last = max(min(end.para, len(paragraphs) - 1), start_para)
    comment.anchor_text = _slice(paragraphs, start, end, "accepted") or _slice(
        paragraphs, start, end, "original"
    )
    context = (clean_paragraph(p.accepted) for p in paragraphs[start_para : last + 1])
    comment.context = "\n".join(context).strip("\n")


def _slice(paragraphs: list[Para], start: Pos, end: Pos, view: str) -> str:
    pieces = []
    for para in paragraphs[start.para : end.para + 1]:
        text = para.text(view)
        low = getattr(start, view) if para.index == start.para else 0
        high = getattr(end, view) if para.index == end.para else len(text)
        pieces.append(text[low:high])
    return "\n".join(pieces).strip()


def _word_extensions(extended, ids, para_keys: dict[str, str], comments: list[FileComment]) -> None:
    """Word's additions, linked to a comment by the ``w14:paraId`` of its last paragraph:
    ``w15:commentEx`` says which comment it answers (``w15:paraIdParent``) and whether it is
    done (``w15:done``); ``w16cid:commentId`` gives its durable id."""
    by_key = {c.key: c for c in comments}
    for ex in extended.iter(f"{W15}commentEx") if extended is not None else ():
        key = para_keys.get((ex.get(f"{W15}paraId") or "").upper())
        parent = para_keys.get((ex.get(f"{W15}paraIdParent") or "").upper())
        if key not in by_key:
            continue
        if parent and parent != key:
            by_key[key].parent_key = parent
        by_key[key].done = (ex.get(f"{W15}done") or "").lower() in ("1", "true", "on")
    for entry in ids.iter(f"{W16CID}commentId") if ids is not None else ():
        key = para_keys.get((entry.get(f"{W16CID}paraId") or "").upper())
        durable = (entry.get(f"{W16CID}durableId") or "").strip()
        if key in by_key and durable and len(durable) <= 16:
            by_key[key].durable_id = durable.upper()
