"""Writing the review into Word files: our comments as real Word comments, and a redline.

* `docx_with_comments` / `add_comments` put every open comment of a version into that version's
  DOCX as a Word comment. The comment covers its whole clause: its range starts right after the
  clause's ``kl_<id>`` bookmark start (before the heading) and ends right before the bookmark end
  (after the last paragraph), so a reader maps it back to the clause by the bookmark that
  encloses it. Author, initials and date are kept. Replies become Word replies: a comment on the
  same range whose last paragraph is linked to its parent's in ``word/commentsExtended.xml``
  (``w15:paraIdParent``), which Word (2013 and later) and LibreOffice show as a thread.
* `redline_docx` (in :mod:`.docx_redline`, re-exported here) writes a comparison of two versions
  as tracked changes.

Only python-docx and lxml are used; all text goes into ``w:t`` elements as data.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field

import docx
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from lxml import etree

from kooperation.errors import InputError, RenderError
from kooperation.i18n import _, ngettext
from kooperation.render.docx_bookmarks import clause_id_from_bookmark, part_id_from_bookmark
from kooperation.render.docx_oxml import clean_text, normalize_zip
from kooperation.timeutil import as_utc

from .docx_numbering import numbering_of, paragraph_label
from .docx_redline import redline_docx, word_date
from .model import ClauseText, Comment, CommentKind, CommentStatus, kind_label, threads

__all__ = [
    "CommentExport",
    "UnplacedCommentsError",
    "add_comments",
    "comment_body",
    "docx_with_comments",
    "redline_docx",
    "word_date",
]

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
COMMENTS_EXT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
COMMENTS_EXT_REL = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
_PARA_ID = f"{{{W14}}}paraId"
# a private element that marks where a comment range ends until the writer is done
_MARKER = "{urn:kooperation:review}rangeEnd"


# --- results ------------------------------------------------------------------------------------


@dataclass
class CommentExport:
    """What `add_comments` did: the new DOCX, the comments (and replies) now in it, and the open
    comments whose clause the file does not contain (neither by bookmark nor by heading)."""

    docx: bytes
    placed: list[Comment] = field(default_factory=list)
    unplaced: list[Comment] = field(default_factory=list)


class UnplacedCommentsError(RenderError):
    """Some open comments belong to clauses that are not in the DOCX; ``comments`` lists them
    and ``export`` holds the file with all the others."""

    def __init__(self, export: CommentExport):
        clauses = ", ".join(sorted({c.clause_id for c in export.unplaced}))
        message = ngettext(
            "{count} offene Anmerkung gehört zu einer Klausel, die dieses Dokument nicht "
            "enthält ({clauses}); sie wurde nicht übernommen.",
            "{count} offene Anmerkungen gehören zu Klauseln, die dieses Dokument nicht "
            "enthält ({clauses}); sie wurden nicht übernommen.",
            len(export.unplaced),
        )
        super().__init__(message.format(count=len(export.unplaced), clauses=clauses))
        self.export = export
        self.comments = export.unplaced


# --- public API ---------------------------------------------------------------------------------


def docx_with_comments(
    docx_bytes: bytes, comments: list[Comment], clauses: list[ClauseText] | None = None
) -> bytes:
    """The DOCX with every open top-level comment (and its replies) as a Word comment.

    Resolved and rejected comments are not exported. ``clauses`` (the version's clause texts)
    lets a comment be placed by its clause heading when the file has lost its bookmarks.
    Raises :class:`UnplacedCommentsError` when an open comment's clause is not in the file
    (nothing is dropped silently; the error carries the file with all other comments) and
    :class:`InputError` when ``docx_bytes`` is not a DOCX.
    """
    export = add_comments(docx_bytes, comments, clauses)
    if export.unplaced:
        raise UnplacedCommentsError(export)
    return export.docx


def add_comments(
    docx_bytes: bytes, comments: list[Comment], clauses: list[ClauseText] | None = None
) -> CommentExport:
    """Like `docx_with_comments`, but returns the comments that could not be placed instead of
    raising."""
    document = _open(docx_bytes)
    anchors = _Anchors(document, clauses or [])
    threads = _open_threads(comments)
    threads.sort(key=lambda t: (anchors.position(t[0].clause_id), as_utc(t[0].created_at)))
    writer = _CommentWriter(document)
    placed: list[Comment] = []
    unplaced: list[Comment] = []
    for root, replies in threads:
        anchor = anchors.get(root.clause_id)
        if anchor is None:
            unplaced.append(root)
            continue
        writer.add_thread(anchor, root, replies)
        placed += [root, *replies]
    writer.finish()
    buffer = io.BytesIO()
    document.save(buffer)
    return CommentExport(normalize_zip(buffer.getvalue()), placed, unplaced)


def comment_body(comment: Comment) -> str:
    """The text of a Word comment, paragraphs separated by ``\\n``: a question or suggestion
    starts with its kind ("Formulierungsvorschlag:"); a suggestion ends with the wording it
    replaces ("Bisher: …") and the proposal ("Vorschlag: …")."""
    lines: list[str] = []
    if comment.kind != CommentKind.COMMENT:
        lines.append(kind_label(comment.kind) + ":")
    if comment.text.strip():
        lines.append(comment.text.strip())
    if comment.kind == CommentKind.SUGGESTION:
        if comment.original_text.strip():
            lines.append(_("Bisher: {text}").format(text=comment.original_text.strip()))
        if comment.proposed_text.strip():
            lines.append(_("Vorschlag: {text}").format(text=comment.proposed_text.strip()))
    return clean_text("\n".join(lines))


# --- reading the input --------------------------------------------------------------------------


def _open(data: bytes):
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, KeyError, XMLSyntaxError, ValueError ...
        raise InputError(_("Die Datei ist kein gültiges Word-Dokument (DOCX).")) from exc


def _open_threads(comments: Iterable[Comment]) -> list[tuple[Comment, list[Comment]]]:
    """The open top-level comments, each with all its replies (see `threads`)."""
    return [(root, replies) for root, replies in threads(list(comments))
            if root.status == CommentStatus.OPEN]


@dataclass
class _Anchor:
    """Where a clause's comment range starts (insert after ``start``) and ends (insert before
    ``end``, which is inside a paragraph); ``after_start`` false: insert before ``start``."""

    start: object
    end: object
    after_start: bool = True


class _Anchors:
    """The clauses (and parts) of one document: by ``kl_`` (``tl_``, ``an_``) bookmark first, by
    heading text as a fallback."""

    def __init__(self, document, clauses: list[ClauseText]):
        body = document.element.body
        self._order: dict[str, int] = {}
        self._anchors: dict[str, _Anchor] = {}
        ends = {e.get(qn("w:id")): e for e in body.iter(qn("w:bookmarkEnd"))}
        for start in body.iter(qn("w:bookmarkStart")):
            name = start.get(qn("w:name"), "")
            clause_id = clause_id_from_bookmark(name) or part_id_from_bookmark(name)
            end = ends.get(start.get(qn("w:id")))
            if clause_id and end is not None and clause_id not in self._anchors:
                self._anchors[clause_id] = _Anchor(start, _end_in_paragraph(start, end))
                self._order[clause_id] = len(self._order)
        self._headings = {
            _spaced(c.heading): c.id for c in clauses if c.id not in self._anchors
        }
        if self._headings:
            self._by_heading(body, numbering_of(document))
        for n, clause in enumerate(clauses):
            self._order.setdefault(clause.id, len(self._order) + n)

    def _by_heading(self, body, numbering) -> None:
        """Anchor clauses without a bookmark on the paragraph that reads like their heading
        (not on its line in the table of contents); a "§ n" from Word's list numbering counts
        as part of the text."""
        for p in body.iter(qn("w:p")):
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            if numbering is not None:
                text = paragraph_label(numbering, p) + text
            clause_id = self._headings.get(_spaced(text))
            if clause_id and clause_id not in self._anchors and not _is_toc_entry(p):
                first = next(iter(p.iterchildren(qn("w:r"))), None)
                end = _marker_in(p)
                self._anchors[clause_id] = _Anchor(first if first is not None else end, end,
                                                   after_start=False)
                self._order[clause_id] = len(self._order)

    def get(self, clause_id: str) -> _Anchor | None:
        return self._anchors.get(clause_id)

    def position(self, clause_id: str) -> int:
        return self._order.get(clause_id, len(self._order))


def _spaced(text: str) -> str:
    """Heading text compared with non-breaking spaces as spaces, runs of spaces as one."""
    return " ".join(text.replace("\u00a0", " ").split())


def _is_toc_entry(p) -> bool:
    """A line of a table of contents: a "TOC n" / "Verzeichnis n" style or a link."""
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    name = (style.get(qn("w:val"), "") if style is not None else "").casefold()
    return name.startswith(("toc", "verzeichnis", "inhaltsverzeichnis")) or (
        p.find(qn("w:hyperlink")) is not None
    )


def _end_in_paragraph(start, end):
    """The bookmark end itself when it sits in a paragraph (as in our files); otherwise (after a
    table, say) a marker at the end of the last paragraph before it, or of the heading."""
    if end.getparent().tag == qn("w:p"):
        return end
    for sibling in end.itersiblings(preceding=True):
        paragraphs = [sibling] if sibling.tag == qn("w:p") else list(sibling.iter(qn("w:p")))
        if paragraphs:
            return _marker_in(paragraphs[-1])
    return _marker_in(start.getparent())


def _marker_in(p):
    """A position marker at the end of paragraph ``p`` (removed again by the writer)."""
    marker = etree.SubElement(p, _MARKER)
    return marker


# --- writing comments ---------------------------------------------------------------------------


class _CommentWriter:
    """Adds comments and their ranges to one document, then the reply links."""

    def __init__(self, document):
        self.document = document
        self.links: list[tuple[str, str | None]] = []  # (paraId, parent paraId)
        self._para_ids = self._used_para_ids()
        self._next_para_id = 0x10000000

    def _used_para_ids(self) -> set[str]:
        used = {p.get(_PARA_ID) for p in self.document.element.iter(qn("w:p"))}
        used |= {p.get(_PARA_ID) for p in self.document.comments._comments_elm.iter(qn("w:p"))}
        return {u.upper() for u in used if u}

    def new_para_id(self) -> str:
        """An unused ``w14:paraId`` (8 hex digits below 0x80000000)."""
        while True:
            self._next_para_id += 1
            value = f"{self._next_para_id:08X}"
            if value not in self._para_ids:
                self._para_ids.add(value)
                return value

    def add_thread(self, anchor: _Anchor, root: Comment, replies: list[Comment]) -> None:
        parent = self._add(anchor, root, comment_body(root), None)
        for reply in replies:
            self._add(anchor, reply, clean_text(reply.text.strip()), parent)

    def _add(self, anchor: _Anchor, comment: Comment, body: str, parent: str | None) -> str:
        author = clean_text(comment.author) or _("Unbekannt")
        word_comment = self.document.comments.add_comment(
            text=body, author=author, initials=clean_text(comment.initials) or None
        )
        element = word_comment._comment_elm
        element.set(qn("w:date"), word_date(comment.created_at))
        para_id = self.new_para_id()
        element.p_lst[-1].set(_PARA_ID, para_id)
        self._place(anchor, word_comment.comment_id)
        self.links.append((para_id, parent))
        return para_id

    def _place(self, anchor: _Anchor, comment_id: int) -> None:
        start = OxmlElement("w:commentRangeStart", attrs={qn("w:id"): str(comment_id)})
        if anchor.after_start:
            anchor.start.addnext(start)
        else:
            anchor.start.addprevious(start)
        anchor.end.addprevious(OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): str(comment_id)}))
        anchor.end.addprevious(_reference_run(comment_id))

    def finish(self) -> None:
        """Remove the position markers and write the thread links."""
        for marker in list(self.document.element.body.iter(_MARKER)):
            marker.getparent().remove(marker)
        if any(parent for _id, parent in self.links):
            self._ignorable_w14()
            _write_comments_extended(self.document, self.links)

    def _ignorable_w14(self) -> None:
        """Declare the w14 attributes ignorable, as Word does, for readers that lack them."""
        root = self.document.comments._comments_elm
        ignorable = root.get(f"{{{MC}}}Ignorable", "")
        if "w14" not in ignorable.split() and root.nsmap.get("w14") == W14:
            root.set(f"{{{MC}}}Ignorable", (ignorable + " w14").strip())


def _reference_run(comment_id: int):
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
    run.append(rpr)
    run.append(OxmlElement("w:commentReference", attrs={qn("w:id"): str(comment_id)}))
    return run


def _write_comments_extended(document, links: list[tuple[str, str | None]]) -> None:
    """Add ``w15:commentEx`` entries (one per comment, replies with ``w15:paraIdParent``) to the
    document's ``commentsExtended`` part, creating the part when there is none."""
    part = next(
        (rel.target_part for rel in document.part.rels.values()
         if rel.reltype == COMMENTS_EXT_REL and not rel.is_external),
        None,
    )
    root = parse_xml(part.blob) if part is not None else _new_comments_ex()
    for para_id, parent in links:
        entry = etree.SubElement(root, f"{{{W15}}}commentEx")
        entry.set(f"{{{W15}}}paraId", para_id)
        if parent:
            entry.set(f"{{{W15}}}paraIdParent", parent)
        entry.set(f"{{{W15}}}done", "0")
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if part is not None:
        part._blob = blob  # python-docx keeps unknown parts as plain blobs
        return
    part = Part(PackURI("/word/commentsExtended.xml"), COMMENTS_EXT_TYPE, blob, document.part.package)
    document.part.relate_to(part, COMMENTS_EXT_REL)


def _new_comments_ex():
    return etree.fromstring(
        f'<w15:commentsEx xmlns:w15="{W15}" xmlns:mc="{MC}" mc:Ignorable="w15"/>'.encode()
    )
