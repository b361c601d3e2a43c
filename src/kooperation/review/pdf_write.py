"""The review as PDF: a version's PDF with the comments as an annex, and a version compare.

Both use the look of our generated drafts (DejaVu fonts, the styles of
:mod:`kooperation.render.pdf_styles`, the diagonal "ENTWURF" watermark, a running header and
"Seite x von y"). Every piece of user text passes through :func:`esc` before it reaches
reportlab's paragraph markup, so a comment reading ``<b>{{ 7*7 }}</b>`` prints exactly so.

* `pdf_with_comment_annex` renders the annex "Anlage – Anmerkungen zur Prüfung" on its own
  pages (footer "Anmerkungen – Seite x von y") and appends it to the version's PDF with pypdf,
  keeping the PDF's pages, bookmarks and metadata; the annex gets a bookmark of its own.
* `compare_pdf` prints a comparison clause by clause: insertions green and underlined,
  deletions red and struck through, runs of unchanged clauses collapsed into one grey line.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import Table as RLTable

from kooperation.domain.labels import format_day
from kooperation.domain.versions import version_label
from kooperation.errors import InputError, KooperationError, RenderError
from kooperation.i18n import _, ngettext
from kooperation.render.pdf_canvas import (
    CHROME_FOOTER,
    CHROME_FULL,
    PageDecor,
    build_once,
    page_callback,
)
from kooperation.render.pdf_fonts import SANS, SANS_BOLD, SERIF, register_fonts
from kooperation.render.pdf_styles import INK, MUTED, RULE, Styles, esc, make_styles, tint
from kooperation.render.pdf_text import Paragraph as RLParagraph
from kooperation.timeutil import as_utc

from .compare import summarize, title_segments
from .model import (
    ClauseDiff,
    ClauseText,
    Comment,
    CommentKind,
    CommentStatus,
    Segment,
    kind_label,
    role_label,
    status_label,
    threads,
)

__all__ = ["annex_title", "compare_pdf", "comment_annex_pdf", "pdf_with_comment_annex"]

PAGE_W, PAGE_H = A4
MARGINS = (25 * mm, 22 * mm, 26 * mm, 24 * mm)  # left, right, top, bottom, as in our drafts

INSERT_COLOUR = "#1E7B34"
DELETE_COLOUR = "#B42318"
UNCHANGED_COLOUR = "#7A828C"
CHANGED_COLOUR = "#1F3A5F"  # our accent colour
STATUS_COLOURS = {
    CommentStatus.OPEN: "#A15C00",
    CommentStatus.RESOLVED: "#1E7B34",
    CommentStatus.REJECTED: "#5B6470",
}
SUGGESTION_BG = tint("#F1F5EC")


def annex_title() -> str:
    """The annex heading (translated when called)."""
    return _("Anlage – Anmerkungen zur Prüfung")


# --- public API ---------------------------------------------------------------------------------


def pdf_with_comment_annex(
    pdf: bytes, comments: list[Comment], clauses: list[ClauseText], title: str
) -> bytes:
    """``pdf`` followed by the comment annex (see `comment_annex_pdf`).

    Raises :class:`InputError` when ``pdf`` cannot be read and :class:`RenderError` when the
    annex cannot be made.
    """
    try:
        from pypdf import PdfReader, PdfWriter
        from pypdf.errors import PyPdfError
    except ImportError as exc:  # a broken installation
        raise RenderError(_("Die PDF-Bibliothek pypdf fehlt; bitte Kooperation neu installieren.")) from exc
    annex = comment_annex_pdf(comments, clauses, title)
    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(_("Die PDF-Datei der Version kann nicht gelesen werden.")) from exc
    first_annex_page = len(writer.pages)
    writer.append(PdfReader(io.BytesIO(annex)), import_outline=False)
    writer.add_outline_item(title=annex_title(), page_number=first_annex_page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def comment_annex_pdf(comments: list[Comment], clauses: list[ClauseText], title: str) -> bytes:
    """The annex alone: all comments (every status) grouped by clause in clause order, each with
    kind, status, author and role, date, text, the proposal of a suggestion, and its replies
    indented. Comments on clauses not in ``clauses`` are listed at the end, not dropped."""
    def build() -> list[Flowable]:
        return _AnnexStory(_ReviewStyles(), clauses, title).build(comments)

    decor = _decor(title, _("Anmerkungen – Seite"), title)
    return _render(build, decor, title, first_chrome=CHROME_FULL)


def compare_pdf(diffs: list[ClauseDiff], title: str, subtitle: str) -> bytes:
    """A comparison of two versions as PDF, clause by clause (see the module description)."""
    def build() -> list[Flowable]:
        return _CompareStory(_ReviewStyles()).build(diffs, title, subtitle)

    decor = _decor(title, _("Seite"), subtitle)
    return _render(build, decor, title, first_chrome=CHROME_FOOTER)


# --- page set-up --------------------------------------------------------------------------------


def _decor(header: str, page_label: str, meta_line: str) -> PageDecor:
    left, right, top, bottom = MARGINS
    return PageDecor(
        header=header,
        page_label=page_label,
        of_label=_("von"),
        meta_line=meta_line,
        watermark=_("ENTWURF"),
        left=left,
        right=PAGE_W - right,
        top=PAGE_H - top + 11 * mm,
        bottom=bottom - 11 * mm,
    )


def _render(
    build: Callable[[], list[Flowable]], decor: PageDecor, title: str, first_chrome: int
) -> bytes:
    """Lay the story that ``build`` returns out on A4 pages with watermark, header and
    "x von y" footer; every reportlab failure becomes a :class:`RenderError`."""
    register_fonts()
    left, right, top, bottom = MARGINS
    buf = io.BytesIO()
    template = BaseDocTemplate(
        buf, pagesize=A4, leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        title=title or "", subject=_("Entwurf"), creator="Kooperation", invariant=1,
        initialFontName=SERIF, initialFontSize=10,
    )  # fmt: skip
    frame = Frame(left, bottom, PAGE_W - left - right, PAGE_H - top - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="main")
    template.addPageTemplates([
        PageTemplate("first", [frame], onPage=page_callback(decor, first_chrome)),
        PageTemplate("body", [frame], onPage=page_callback(decor, CHROME_FULL)),
    ])  # fmt: skip
    try:
        build_once(template, [NextPageTemplate("body"), *build()], decor)
    except KooperationError:
        raise
    except Exception as exc:  # reportlab raises plain exceptions for what it cannot lay out
        raise RenderError(_("Das PDF konnte nicht erstellt werden: {reason}").format(reason=exc)) from exc
    return buf.getvalue()


class _ReviewStyles:
    """Our draft styles plus the few the review pages need."""

    def __init__(self) -> None:
        self.st: Styles = make_styles()
        st = self.st

        def derive(name: str, parent: ParagraphStyle = st.body, **kw) -> ParagraphStyle:
            return ParagraphStyle(name, parent=parent, **kw)

        self.thread_head = derive("thread-head", fontName=SANS_BOLD, fontSize=9, leading=12,
                                  spaceBefore=8, spaceAfter=1, keepWithNext=1, textColor=INK)
        self.thread_meta = derive("thread-meta", fontName=SANS, fontSize=8.3, leading=11,
                                  textColor=MUTED, spaceAfter=2, keepWithNext=1)
        self.thread_text = derive("thread-text", spaceAfter=3)
        self.suggestion = derive("suggestion", fontSize=9.5, leading=13.2, leftIndent=6,
                                 rightIndent=6, backColor=SUGGESTION_BG, borderPadding=(3, 5, 4, 5),
                                 spaceBefore=3, spaceAfter=6)
        self.reply_meta = derive("reply-meta", parent=self.thread_meta, leftIndent=18, spaceBefore=3)
        self.reply_text = derive("reply-text", parent=self.thread_text, leftIndent=18, fontSize=9.5,
                                 leading=13.2)
        self.muted = derive("muted", fontName=SANS, fontSize=8.5, leading=11.5, textColor=MUTED)
        self.collapsed = derive("collapsed", parent=self.muted, textColor=colors.HexColor(UNCHANGED_COLOUR),
                                spaceBefore=6, spaceAfter=6)
        self.legend = derive("legend", fontName=SANS, fontSize=8.5, leading=11, spaceAfter=0)


def _tag(text: str, colour: str) -> str:
    """A small coloured word after a heading ("geändert", "neu", "entfallen")."""
    return f'<font name="{SANS}" size="8" color="{colour}">\u00a0\u00a0{esc(text)}</font>'


# --- the comment annex --------------------------------------------------------------------------


def human_date(value: datetime | None) -> str:
    """A comment's time as users read it, in local time: "21.11.2026, 11:15"."""
    if value is None:
        return ""
    local = as_utc(value).astimezone()
    return f"{format_day(local.date())}, {local:%H:%M}"


class _AnnexStory:
    """Builds the flowables of the comment annex."""

    def __init__(self, styles: _ReviewStyles, clauses: list[ClauseText], title: str):
        self.s = styles
        self.st = styles.st
        self.clauses = clauses
        self.title = title

    def build(self, comments: list[Comment]) -> list[Flowable]:
        threads = _threads(comments)
        out: list[Flowable] = [RLParagraph(esc(annex_title()), self.st.annex)]
        if self.title:
            out.append(RLParagraph(esc(self.title), self.st.lead))
        out.append(RLParagraph(esc(_(
            "Entwurf – Diese Anmerkungen dienen der Abstimmung unter den Partnern und sind nicht "
            "Bestandteil der Vereinbarung. Rechtliche Prüfung empfohlen."
        )), self.st.note_draft))  # fmt: skip
        out.append(RLParagraph(esc(_summary_line(comments)), self.s.muted))
        if not threads:
            out.append(Spacer(1, 4 * mm))
            out.append(RLParagraph(esc(_("Zu dieser Version liegen keine Anmerkungen vor.")), self.st.body))
            return out
        known = set()
        for clause in self.clauses:
            known.add(clause.id)
            if clause.id in threads:
                out.append(RLParagraph(esc(clause.heading), self.st.clause))
                out += self._threads(threads[clause.id])
        rest = [cid for cid in threads if cid not in known]
        if rest:
            out.append(RLParagraph(esc(_("Anmerkungen zu Klauseln, die diese Version nicht enthält")),
                                   self.st.h2))
            for clause_id in rest:
                out.append(RLParagraph(esc(_("Klausel „{id}“").format(id=clause_id)), self.st.clause))
                out += self._threads(threads[clause_id])
        return out

    def _threads(self, threads: list[tuple[Comment, list[Comment]]]) -> list[Flowable]:
        out: list[Flowable] = []
        for root, replies in threads:
            head = self._head(root)
            first_text = head.pop() if len(head) > 2 else None
            out.append(KeepTogether(head + ([first_text] if first_text else [])))
            for reply in replies:
                out.append(RLParagraph(esc(self._reply_meta(reply)), self.s.reply_meta))
                out.append(RLParagraph(esc(reply.text.strip() or "–"), self.s.reply_text))
        return out

    def _head(self, c: Comment) -> list[Flowable]:
        colour = STATUS_COLOURS[c.status]
        head = (f"{esc(kind_label(c.kind))} · "
                f'<font color="{colour}">{esc(status_label(c.status))}</font>')
        meta = [f"{c.author} ({role_label(c.role)})", human_date(c.created_at)]
        if c.carried_from:
            meta.append(_("geschrieben zu {version}").format(version=version_label("vertrag", c.carried_from)))
        if c.needs_recheck:
            meta.append(_("Klauseltext seitdem geändert – bitte prüfen"))
        if c.continued_in:
            meta.append(_("weitergeführt in {version}").format(version=version_label("vertrag", c.continued_in)))
        out: list[Flowable] = [
            RLParagraph(head, self.s.thread_head),
            RLParagraph(esc(" · ".join(m for m in meta if m)), self.s.thread_meta),
        ]
        if c.text.strip():
            out.append(RLParagraph(esc(c.text.strip()), self.s.thread_text))
        if c.kind == CommentKind.SUGGESTION and (c.proposed_text.strip() or c.original_text.strip()):
            out.append(RLParagraph(self._suggestion(c), self.s.suggestion))
        return out

    @staticmethod
    def _suggestion(c: Comment) -> str:
        lines = []
        before, proposal = _("Bisher:"), _("Vorschlag:")  # outside f-strings: the extraction sees them
        if c.original_text.strip():
            lines.append(f"<b>{esc(before)}</b> {esc(c.original_text.strip())}")
        if c.proposed_text.strip():
            lines.append(f"<b>{esc(proposal)}</b> {esc(c.proposed_text.strip())}")
        return "<br/>".join(lines)

    @staticmethod
    def _reply_meta(reply: Comment) -> str:
        return _("Antwort von {author} ({role}) · {date}").format(
            author=reply.author, role=role_label(reply.role), date=human_date(reply.created_at)
        )


def _threads(comments: Iterable[Comment]) -> dict[str, list[tuple[Comment, list[Comment]]]]:
    """The threads (see `threads`) per clause, oldest first."""
    grouped: dict[str, list[tuple[Comment, list[Comment]]]] = {}
    for root, replies in threads(list(comments)):
        grouped.setdefault(root.clause_id, []).append((root, replies))
    return grouped


def _summary_line(comments: list[Comment]) -> str:
    """"4 Anmerkungen: 3 offen, 1 erledigt, 0 abgelehnt · 1 Antwort"."""
    ids = {c.id for c in comments}
    top = [c for c in comments if not c.parent_id or c.parent_id not in ids]
    counts = {s: sum(1 for c in top if c.status == s) for s in CommentStatus}
    line = ngettext("{n} Anmerkung", "{n} Anmerkungen", len(top)).format(n=len(top))
    line += ": " + _("{open} offen, {resolved} erledigt, {rejected} abgelehnt").format(
        open=counts[CommentStatus.OPEN], resolved=counts[CommentStatus.RESOLVED],
        rejected=counts[CommentStatus.REJECTED],
    )  # fmt: skip
    replies = len(comments) - len(top)
    if replies:
        line += " · " + ngettext("{n} Antwort", "{n} Antworten", replies).format(n=replies)
    return line


# --- the compare PDF ----------------------------------------------------------------------------


def segment_markup(kind: str, text: str) -> str:
    """One segment as paragraph markup: inserted green and underlined, deleted red and struck
    through, equal as it is."""
    if not text:
        return ""
    if kind == "insert":
        return f'<font color="{INSERT_COLOUR}"><u>{esc(text)}</u></font>'
    if kind == "delete":
        return f'<font color="{DELETE_COLOUR}"><strike>{esc(text)}</strike></font>'
    return esc(text)


def lines_markup(segments: Iterable[Segment], show_breaks: bool = True) -> list[str]:
    """The segments as one markup string per line (paragraph). A line break that was inserted
    or deleted is shown as a coloured "¶" at the end of its line (unless ``show_breaks`` is
    false, as for a clause added or removed whole); a deletion directly followed
    by an insertion gets a space between them, so the two words do not run together; a line
    without any change is printed in grey, so the changes stand out."""
    lines: list[list[tuple[str, str]]] = [[]]
    for seg in segments:
        for n, part in enumerate(seg.text.split("\n")):
            if n:
                if seg.kind != "equal" and show_breaks:
                    lines[-1].append((seg.kind, "¶"))
                lines.append([])
            if part:
                lines[-1].append((seg.kind, part))
    return [_line_markup(line) for line in lines if line]


def _line_markup(pieces: list[tuple[str, str]], grey_unchanged: bool = True) -> str:
    if grey_unchanged and all(kind == "equal" for kind, _text in pieces):
        return f'<font color="{UNCHANGED_COLOUR}">{esc("".join(t for _k, t in pieces))}</font>'
    out: list[str] = []
    for i, (kind, text) in enumerate(pieces):
        if kind == "insert" and i and pieces[i - 1][0] == "delete" and not text[:1].isspace():
            out.append(" ")
        out.append(segment_markup(kind, text))
    return "".join(out)


class _CompareStory:
    """Builds the flowables of the compare PDF."""

    def __init__(self, styles: _ReviewStyles):
        self.s = styles
        self.st = styles.st

    def build(self, diffs: list[ClauseDiff], title: str, subtitle: str) -> list[Flowable]:
        st = self.st
        out: list[Flowable] = [RLParagraph(esc(title), st.sketch_title)]
        if subtitle:
            out.append(RLParagraph(esc(subtitle), st.sketch_subtitle))
        out.append(RLParagraph(esc(_(
            "Entwurf – Vergleich der Versionen. Der Vergleich zeigt die Unterschiede im Wortlaut "
            "der Paragrafen; er ersetzt keine Rechtsberatung. Rechtliche Prüfung empfohlen."
        )), st.note_draft))  # fmt: skip
        out.append(RLParagraph(esc(_("Klauseln: {summary}").format(summary=summarize(diffs).text())),
                               self.s.muted))
        out.append(Spacer(1, 2 * mm))
        out.append(self._legend())
        out.append(Spacer(1, 4 * mm))
        unchanged: list[ClauseDiff] = []
        for diff in diffs:
            if diff.status == "unchanged":
                unchanged.append(diff)
                continue
            out += self._collapsed(unchanged)
            unchanged = []
            out += self._clause(diff)
        out += self._collapsed(unchanged)
        return out

    def _legend(self) -> Flowable:
        unchanged = _("unverändert (zusammengefasst)")  # outside the f-string: the extraction sees it
        cells = [
            RLParagraph(esc(_("Legende:")), self.s.legend),
            RLParagraph(segment_markup("insert", _("eingefügt")), self.s.legend),
            RLParagraph(segment_markup("delete", _("gestrichen")), self.s.legend),
            RLParagraph(f'<font color="{UNCHANGED_COLOUR}">{esc(unchanged)}</font>',
                        self.s.legend),
        ]
        table = RLTable([cells], colWidths=[22 * mm, 30 * mm, 30 * mm, None], hAlign="LEFT")
        table.setStyle([
            ("BOX", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ])  # fmt: skip
        return table

    def _collapsed(self, diffs: list[ClauseDiff]) -> list[Flowable]:
        """One grey line for a run of unchanged clauses."""
        if not diffs:
            return []
        headings = " · ".join(d.new.heading for d in diffs if d.new)
        label = _("Unverändert:")
        return [RLParagraph(f"<b>{esc(label)}</b> {esc(headings)}", self.s.collapsed)]

    def _clause(self, diff: ClauseDiff) -> list[Flowable]:
        status = diff.status
        tag_text, tag_colour = {
            "changed": (_("geändert"), CHANGED_COLOUR),
            "added": (_("neu"), INSERT_COLOUR),
            "removed": (_("entfallen"), DELETE_COLOUR),
        }[status]
        heading = self._heading(diff)
        out: list[Flowable] = [RLParagraph(heading + _tag(tag_text, tag_colour), self.st.clause)]
        lines = lines_markup(diff.segments, show_breaks=status == "changed")
        out += [RLParagraph(line, self.st.body) for line in lines]
        return out

    @staticmethod
    def _heading(diff: ClauseDiff) -> str:
        """ "§ n Title" with the title's changes marked; a renumbered clause says its old
        number; an added or removed clause is marked whole."""
        if diff.new is None:
            return segment_markup("delete", diff.old.heading)
        if diff.old is None:
            return segment_markup("insert", diff.new.heading)
        number = f"{diff.new.label} {diff.new.number} " if diff.new.number else ""  # "§ 3", "Section 3"
        title = _line_markup([(s.kind, s.text) for s in title_segments(diff)], grey_unchanged=False)
        if diff.old.number != diff.new.number and diff.old.number:
            title += esc(" " + _("(bisher § {n})").format(n=diff.old.number))
        return esc(number) + title
