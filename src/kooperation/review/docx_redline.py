"""A comparison of two versions as a DOCX with real tracked changes (a "redline").

Every difference is a Word revision: inserted text in ``w:ins``, deleted text in ``w:del`` (as
``w:delText``), each with author, date and a unique id. A paragraph that exists only in one
version has its paragraph mark marked as inserted or deleted too, so "Alle annehmen" in Word or
LibreOffice gives exactly the new clause texts and "Alle ablehnen" the old ones. Headings are
compared whole ("§ n Title", number included) for the same reason.

The document uses the styles of our reference document, says that it is a draft, and wraps each
clause in its ``kl_<id>`` bookmark like a generated draft, so comments a lawyer writes into the
redline can be read back per clause.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from itertools import count

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from kooperation.errors import RenderError
from kooperation.i18n import _
from kooperation.render import docx_styles as S
from kooperation.render.docx_bookmarks import bookmark_name
from kooperation.render.docx_fonts import embed_fonts
from kooperation.render.docx_oxml import (
    PPR_ORDER,
    append_after_ppr,
    bookmark_end,
    bookmark_start,
    clean_text,
    el,
    field_runs,
    insert_in_order,
    new_paragraph,
    new_run,
    normalize_zip,
)
from kooperation.render.docx_reference import REFERENCE_DOCX, load_reference
from kooperation.timeutil import as_utc

from .compare import compare_clauses, heading_segments, new_text, old_text, summarize
from .model import ClauseDiff, ClauseText, Segment

__all__ = ["redline_docx", "word_date"]

_TAG = {"insert": "w:ins", "delete": "w:del"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def word_date(value: datetime) -> str:
    """A date as Word writes it in revisions and comments: UTC, ``2026-11-21T10:15:00Z``.
    A naive datetime counts as UTC (the store keeps UTC)."""
    return as_utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def redline_docx(
    old: list[ClauseText],
    new: list[ClauseText],
    diffs: list[ClauseDiff] | None,
    title: str,
    author: str = "Kooperation",
    date: datetime | None = None,
    *,
    subtitle: str = "",
) -> bytes:
    """The comparison of ``old`` and ``new`` as a DOCX with tracked changes.

    ``diffs`` is their comparison as `compare_clauses(old, new)` returns it (None: computed
    here); a diff whose segments no longer add up to its clause texts is computed afresh.
    ``author`` and ``date`` (default: now) are written on every revision. Unchanged clauses
    appear as plain text, added and removed clauses entirely as insertion or deletion.
    """
    if diffs is None:
        diffs = compare_clauses(old, new)
    document = load_reference(REFERENCE_DOCX)
    writer = _RedlineWriter(document, author, date or datetime.now(UTC))
    writer.intro(title, subtitle, diffs)
    for diff in diffs:
        writer.clause(diff)
    writer.finish()
    embed_fonts(document)  # set in the reference's font on every machine, as the drafts are
    buffer = io.BytesIO()
    try:
        document.save(buffer)
    except Exception as exc:  # lxml or zip trouble while serialising
        raise RenderError(
            _("Der Versionsvergleich konnte nicht erzeugt werden: {reason}").format(reason=exc)
        ) from exc
    return normalize_zip(buffer.getvalue())


def _checked_segments(diff: ClauseDiff) -> list[Segment]:
    """The diff's segments if they rebuild both clause texts, else a fresh comparison."""
    before = diff.old.text if diff.old else ""
    after = diff.new.text if diff.new else ""
    segments = list(diff.segments)
    if old_text(segments) == before and new_text(segments) == after:
        return segments
    return compare_clauses([diff.old] if diff.old else [], [diff.new] if diff.new else [])[0].segments


class _RedlineWriter:
    """Appends paragraphs with revisions to one opened reference document."""

    def __init__(self, document, author: str, date: datetime):
        self.document = document
        self.styles = S.StyleResolver(document.styles.element)
        self.body = document.element.body
        self.sect_pr = self.body.get_or_add_sectPr()
        self.author = clean_text(author) or "Kooperation"
        self.date = word_date(date)
        self._ids = count(1)  # one id space for revisions and bookmarks
        for child in list(self.body):
            if child is not self.sect_pr:
                self.body.remove(child)

    # --- paragraphs and runs

    def paragraph(self, style: str):
        """A new paragraph in ``style`` (resolved by name), appended to the body."""
        p = new_paragraph(self.styles.paragraph(style).style_id)
        self.sect_pr.addprevious(p)
        return p

    def plain(self, style: str, text: str, bold: bool = False):
        p = self.paragraph(style)
        p.append(new_run(clean_text(text), bold=bold and not self.styles.paragraph(style).exact))
        return p

    def revision(self, kind: str):
        return el(_TAG[kind], {"w:id": next(self._ids), "w:author": self.author, "w:date": self.date})

    def add_text(self, p, kind: str, text: str) -> None:
        """Append ``text`` (one line) to ``p``: plain, inserted or deleted."""
        text = clean_text(text)
        if not text:
            return
        if kind == "equal":
            p.append(new_run(text))
        elif kind == "insert":
            p.append(_wrapped(self.revision("insert"), new_run(text)))
        else:
            p.append(_wrapped(self.revision("delete"), _deleted_run(text)))

    def mark(self, p, kind: str) -> None:
        """Mark the paragraph mark of ``p`` as inserted or deleted (``equal``: leave it)."""
        if kind == "equal":
            return
        ppr = p.get_or_add_pPr()
        insert_in_order(ppr, el("w:rPr", None, self.revision(kind)), PPR_ORDER)

    def lines(self, style: str, segments: list[Segment], last_mark: str):
        """Paragraphs for ``segments``: a line break inside a segment ends the paragraph, and
        its paragraph mark gets the segment's kind. ``last_mark`` is the kind of the last
        paragraph's mark. Returns the paragraphs written."""
        written = [self.paragraph(style)]
        for seg in segments:
            parts = seg.text.split("\n")
            for n, part in enumerate(parts):
                if n:
                    self.mark(written[-1], seg.kind)
                    written.append(self.paragraph(style))
                self.add_text(written[-1], seg.kind, part)
        self.mark(written[-1], last_mark)
        return written

    # --- the document

    def intro(self, title: str, subtitle: str, diffs: list[ClauseDiff]) -> None:
        self.plain(S.TITLE, title or _("Versionsvergleich"), bold=True)
        if subtitle:
            self.plain(S.SUBTITLE, subtitle)
        self.plain(
            S.DRAFT_NOTICE,
            _(
                "Entwurf – Vergleich der Versionen. Die Änderungen sind als Überarbeitungen "
                "eingetragen: „Alle annehmen“ ergibt die neue Fassung, „Alle ablehnen“ die "
                "bisherige. Dieser Vergleich ersetzt keine Rechtsberatung; rechtliche Prüfung "
                "empfohlen."
            ),
        )
        self.plain(S.META, _("Klauseln: {summary}").format(summary=summarize(diffs).text()))

    def clause(self, diff: ClauseDiff) -> None:
        whole = {"added": "insert", "removed": "delete"}.get(diff.status, "equal")
        heading = self.lines(S.CLAUSE, heading_segments(diff), whole)[0]
        if not self.styles.paragraph(S.CLAUSE).exact:
            for r in heading.iter(qn("w:r")):
                r.insert(0, el("w:rPr", None, el("w:b")))
        segments = _checked_segments(diff)
        last = self.lines(S.TEXT, segments, whole)[-1] if segments else heading
        self._bookmark(diff.clause_id, heading, last)

    def _bookmark(self, clause_id: str, first, last) -> None:
        try:
            name = bookmark_name(clause_id)
        except ValueError:
            return  # an id Word cannot carry: the clause simply has no bookmark
        bid = next(self._ids)
        append_after_ppr(first, bookmark_start(bid, name))
        last.append(bookmark_end(bid))

    def finish(self) -> None:
        """An empty closing paragraph (the last paragraph mark of a document cannot be a
        revision) and a footer with the draft note and the page number."""
        self.paragraph(S.TEXT)
        footer = self.document.sections[0].footer
        p = footer.paragraphs[0]._p
        p.append(new_run(clean_text(_("Entwurf – Versionsvergleich · Seite") + " ")))
        for run in field_runs("PAGE", "1"):
            p.append(run)


def _wrapped(revision, run):
    revision.append(run)
    return revision


def _deleted_run(text: str):
    """A run whose text is ``w:delText`` (tabs as ``w:tab``), as deleted runs must be."""
    run = OxmlElement("w:r")
    for part in re.split(r"(\t)", text):
        if part == "\t":
            run.append(OxmlElement("w:tab"))
        elif part:
            t = OxmlElement("w:delText")
            t.text = part
            t.set(_XML_SPACE, "preserve")
            run.append(t)
    return run
