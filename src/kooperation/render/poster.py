"""The work plan (Arbeitsplan) as a poster: one landscape page in A0 or A3 (reportlab).

In the Partnership Journey workshop an A0 work plan hangs on the wall and fills up as the four
phases are done. This is that sheet, printed from the project: the partners (phase 1), the
cooperative business model (phase 2), the goals by horizon and the roadmap timeline (phase 3),
the cooperation form with what the partners agree and what they must still settle (phase 4),
each phase with its state, and an unmistakable "Entwurf" with the date of the working state.

The poster is designed once on an A3 sheet and scaled for A0, so both sizes look the same (A0 is
A3 enlarged by √8 ≈ 2.83). Nothing overflows: every area shrinks its type a little, then shortens
with "…" (`poster_layout`). User text is escaped before it meets reportlab's markup, and the
embedded DejaVu fonts print every name as typed.
"""

from __future__ import annotations

import io
import math
from datetime import date
from pathlib import Path

from babel.dates import format_date
from reportlab.graphics import renderPDF
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kooperation.domain.catalogue import check_decision, load_catalogue
from kooperation.domain.checks_logic import PhaseState, PhaseStatus, workplan
from kooperation.domain.labels import (
    horizon_label,
    milestone_status_label,
    priority_label,
    sector_label,
    standing_label,
)
from kooperation.domain.model import DecisionStatus, Horizon, MilestoneStatus, Project
from kooperation.drafting.build import roadmap_items, sorted_goals
from kooperation.drafting.engine import document_language
from kooperation.drafting.languages import primary_language
from kooperation.drafting.typography import typeset
from kooperation.errors import InputError, KooperationError, RenderError
from kooperation.i18n import _, current_language, ngettext
from kooperation.user_files import write_user_file

from .pdf_figures import _items as figure_items
from .pdf_figures import roadmap_drawings
from .pdf_fonts import SANS, SANS_BOLD, register_fonts
from .pdf_styles import ACCENT, INK, MUTED, OPEN_MARK, RULE, esc, tint
from .pdf_text import draw_string
from .poster_layout import (
    SCALES,
    Columns,
    Entry,
    draw_columns,
    draw_paragraphs,
    fit_size,
    fitting_scale,
    lay_out,
    lay_out_columns,
    shorten,
)

__all__ = ["POSTER_SIZES", "normalize_size", "render_poster", "write_poster"]

POSTER_SIZES = {"A0": (1189 * mm, 841 * mm), "A3": (420 * mm, 297 * mm)}
"""Landscape page sizes (width, height) in points."""

# the design sheet: A3 landscape; A0 is the same drawing scaled up
SHEET_W, SHEET_H = POSTER_SIZES["A3"]
MARGIN = 26.0
GAP = 14.0
HEAD_H = 64.0
FOOT_H = 20.0
BAND_H = 28.0  # the coloured head of a phase column
MAX_ROADMAP_ROWS = 28  # one drawing of the roadmap figure
STATE_H = 30.0  # the state pill and summary under the head of a column
PAD = 9.0  # inner margin of a column
SMALLEST = 0.85  # the smallest common type scale; below it a crowded column shrinks on its own
PARTNER_SCALES = (*SCALES, 0.66, 0.6, 0.55, 0.5, 0.45, 0.4)
"""Scales for a long partner list, which is never cut: every partner is named. At 0.6 a name is
6.6 pt bold on A3 and 18.7 pt on A0 (25 partners with 60-character names need 0.66, see the
tests); below that only for lists far beyond (about 40 and more partners; 0.4 is 12.5 pt on A0)."""
SUB_GAP = 8.0  # between the sub-columns of a long partner list
# how a partner list too long for its column is made to fit, tried in turn: (what each partner
# shows, sub-columns, smallest scale); every partner always appears
PARTNER_FITS = (
    ("short", 1, 0.78), ("short", 2, 0.78), ("meta", 1, 0.78), ("meta", 2, 0.78),
    ("names", 2, 0.6), ("names", 3, 0.6), ("names", 3, 0.5), ("names", 4, 0.4),
)

STATE_COLOURS = {
    PhaseState.DONE: colors.HexColor("#2E7D4F"),
    PhaseState.STARTED: colors.HexColor("#B86E00"),
    PhaseState.EMPTY: colors.HexColor("#6B7480"),
}
# translucent, so that the "ENTWURF" watermark shows through the areas
PAPER_TINT = tint("#F1F5F9", 0.5)
OPEN_TINT = tint("#FFF4CC", 0.6)
WATERMARK = colors.Color(0.93, 0.93, 0.93)


POSTER_LANGUAGES = ("de", "en")
"""The languages the poster's words are translated into."""


def normalize_size(size: str) -> str:
    """``"a0"`` → ``"A0"``; an unknown size is an `InputError` with the sizes on offer."""
    key = str(size or "").strip().upper()
    if key not in POSTER_SIZES:
        raise InputError(
            _("Unbekannte Plakatgröße „{size}“. Möglich sind: {sizes}.").format(
                size=size, sizes=", ".join(POSTER_SIZES)
            )
        )
    return key


def poster_language(project: Project, language: str | None = None) -> str:
    """The language the poster is printed in: ``language`` if given, else the project's document
    language (never the interface's); one without translations is an `InputError`."""
    chosen = str(language or primary_language(project.language)).strip().lower()
    if chosen not in POSTER_LANGUAGES:
        raise InputError(
            _("Das Plakat gibt es nicht in der Sprache „{language}“. Möglich sind: {languages}.").format(
                language=language, languages=", ".join(POSTER_LANGUAGES)
            )
        )
    return chosen


def render_poster(project: Project, size: str = "A0", when: date | None = None, language: str | None = None) -> bytes:
    """The work plan of ``project`` as a one-page landscape PDF in ``size`` (``A0`` or ``A3``),
    marked as a draft with the working state of ``when`` (today if not given), in ``language``
    (default: the project's document language)."""
    key = normalize_size(size)
    chosen = poster_language(project, language)
    register_fonts()
    with document_language(chosen):  # every word, label and date in the poster's language
        try:
            return _Poster(project, key, when or date.today()).render()
        except KooperationError:
            raise
        except Exception as exc:  # reportlab raises plain exceptions for anything it cannot draw
            raise RenderError(_("Das Plakat konnte nicht erstellt werden: {error}").format(error=exc)) from exc


def write_poster(
    project: Project, path: str | Path, size: str = "A0", when: date | None = None, language: str | None = None
) -> Path:
    """Render the poster and write it to ``path``; the file is complete or not written at all."""
    data = render_poster(project, size, when, language)
    return write_user_file(path, data)


# --- styles -------------------------------------------------------------------------------------


def _styles(scale: float) -> dict[str, ParagraphStyle]:
    """The paragraph styles of the columns at ``scale`` (1 = full size on the A3 sheet)."""

    def style(name: str, size: float, leading: float, font: str = SANS, colour=INK,
              before: float = 0, after: float = 2.5, **kw) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size * scale, leading=leading * scale,
            textColor=colour, spaceBefore=before * scale, spaceAfter=after * scale,
            alignment=TA_LEFT, splitLongWords=1, **kw,
        )

    return {
        "name": style("name", 11, 13.5, SANS_BOLD, INK, before=5, after=0.5),
        # a name alone: wrapped lines indented, so each partner stands out in a long list
        "pname": style("pname", 11, 13, SANS_BOLD, INK, before=3.5, after=0, leftIndent=8, firstLineIndent=-8),
        "meta": style("meta", 8.5, 10.5, SANS, MUTED, after=1.5),
        "body": style("body", 9.5, 12, after=2.5),
        "label": style("label", 8.5, 10.5, SANS_BOLD, ACCENT, before=7, after=1.5),
        "heading": style("heading", 10, 12.5, SANS_BOLD, ACCENT, before=7, after=2.5),
        "bullet": style("bullet", 9.5, 12, leftIndent=10, bulletIndent=0, after=2.5),
        "open": style("open", 9.5, 12, leftIndent=10, bulletIndent=0, after=3,
                      backColor=OPEN_TINT, borderPadding=(1.5, 2, 2, 2)),
        "more": style("more", 8.5, 10.5, SANS, MUTED, before=2, after=0),
        "prompt": style("prompt", 9.5, 12, SANS, MUTED, leftIndent=10, bulletIndent=0, after=3),
        "empty": style("empty", 9.5, 12, SANS, MUTED, after=2),
    }


def _open_mark(text: str) -> str:
    """Markup for a highlighted "[offen: …]" mark (``text`` is plain)."""
    return f'<font backColor="{OPEN_MARK}">{esc(text)}</font>'


def _more(n: int) -> str:
    return ngettext("… und ein weiterer Eintrag", "… und {n} weitere Einträge", n).format(n=n)


def _more_partners(n: int) -> str:
    return ngettext("… und ein weiterer Partner", "… und {n} weitere Partner", n).format(n=n)


def _more_goals(n: int) -> str:
    return ngettext("… und ein weiteres Ziel", "… und {n} weitere Ziele", n).format(n=n)


def _more_points(n: int) -> str:
    return ngettext("… und ein weiterer Punkt", "… und {n} weitere Punkte", n).format(n=n)


MORE = {"partners": _more_partners, "business_model": _more, "goals": _more_goals, "rules": _more_points}


# --- the poster ---------------------------------------------------------------------------------


class _Poster:
    def __init__(self, project: Project, size: str, when: date) -> None:
        self.project = project
        self.size = size
        self.when = when
        self.catalogue = load_catalogue()
        self.phases = {p.page: p for p in workplan(project)}
        self.language = current_language()
        page_w, page_h = POSTER_SIZES[size]
        self.page = (page_w, page_h)
        self.zoom = page_w / SHEET_W
        self.partner_columns: Columns | None = None  # a long partner list, laid out in sub-columns

    # the whole page

    def render(self) -> bytes:
        buf = io.BytesIO()
        canvas = Canvas(buf, pagesize=self.page, invariant=1, pageCompression=1, lang=self._lang())
        canvas.setTitle(_("Arbeitsplan – {name}").format(name=self.project.name))
        canvas.setSubject(_("Entwurf"))
        canvas.setCreator("Kooperation")
        canvas.scale(self.zoom, self.zoom)
        self.watermark(canvas)
        self.header(canvas)
        self.columns(canvas)
        self.footer(canvas)
        canvas.showPage()
        canvas.save()
        return buf.getvalue()

    def _lang(self) -> str:
        return "en-GB" if self.language == "en" else "de-DE"

    def watermark(self, canvas: Canvas) -> None:
        word = _("ENTWURF")
        canvas.saveState()
        canvas.setFillColor(WATERMARK)
        canvas.translate(SHEET_W / 2, SHEET_H / 2)
        canvas.rotate(math.degrees(math.atan2(SHEET_H, SHEET_W)))
        size = fit_size(word, SANS_BOLD, 190, 0.6 * math.hypot(SHEET_W, SHEET_H), 40)
        canvas.setFont(SANS_BOLD, size)
        canvas.drawCentredString(0, -size * 0.35, word)
        canvas.restoreState()

    def header(self, canvas: Canvas) -> None:
        top = SHEET_H - MARGIN
        left, right = MARGIN, SHEET_W - MARGIN
        badge = _("Entwurf")
        stamp = _("Arbeitsstand vom {date}").format(date=self._date(self.when))
        stamp_w = canvas.stringWidth(stamp, SANS, 10)
        badge_w = max(130.0, stamp_w, canvas.stringWidth(badge.upper(), SANS_BOLD, 15) + 28)
        # right: the draft badge and the working state
        canvas.setFillColor(ACCENT)
        canvas.roundRect(right - badge_w, top - 26, badge_w, 26, 5, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(SANS_BOLD, 15)
        canvas.drawCentredString(right - badge_w / 2, top - 19, badge.upper())
        canvas.setFillColor(INK)
        canvas.setFont(SANS, 10)
        canvas.drawRightString(right, top - 42, stamp)
        # left: what this is and whose it is
        room = right - left - badge_w - 24
        canvas.setFillColor(ACCENT)
        canvas.setFont(SANS_BOLD, 11)
        canvas.drawString(left, top - 11, _("ARBEITSPLAN DER KOOPERATION"))
        name = " ".join(self.project.name.split()) or _("(ohne Namen)")
        size = fit_size(name, SANS_BOLD, 27, room, 16)
        canvas.setFillColor(INK)
        canvas.setFont(SANS_BOLD, size)
        draw_string(canvas, left, top - 11 - 8 - size * 0.85, name, SANS_BOLD, size, room=room)
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(1.6)
        canvas.line(left, top - HEAD_H + 6, right, top - HEAD_H + 6)

    def footer(self, canvas: Canvas) -> None:
        y = MARGIN - 8
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, y + 13, SHEET_W - MARGIN, y + 13)
        right = _("Arbeitsplan · {size} · erstellt mit Kooperation").format(size=self.size)
        canvas.setFillColor(MUTED)
        canvas.setFont(SANS, 8.5)
        canvas.drawRightString(SHEET_W - MARGIN, y, right)
        room = SHEET_W - 2 * MARGIN - canvas.stringWidth(right, SANS, 8.5) - 24
        note = _(
            "Entwurf – eine Arbeitsgrundlage für die Partner, keine Vereinbarung. Sie ersetzt keine "
            "Rechtsberatung; lassen Sie den Vertragsentwurf vor der Unterzeichnung rechtlich prüfen."
        )
        draw_string(canvas, MARGIN, y, note, SANS, 8.5, room=room)

    # the four phases

    def columns(self, canvas: Canvas) -> None:
        top = SHEET_H - MARGIN - HEAD_H
        bottom = MARGIN + FOOT_H
        width = SHEET_W - 2 * MARGIN - 3 * GAP
        widths = [width * f for f in (0.245, 0.245, 0.22, 0.29)]
        xs = [MARGIN]
        for w in widths[:-1]:
            xs.append(xs[-1] + w + GAP)
        band = self.roadmap_height(top - bottom)
        upper_bottom = bottom + band + (GAP if band else 0)
        pages = ("partners", "business_model", "goals", "rules")
        entries = [self.partner_entries(), self.canvas_entries(), self.goal_entries(), self.rule_entries()]
        for page, content in zip(pages[:3], entries, strict=False):
            content += self.prompts(self.phases.get(page))
        boxes = [
            (x, w, top - (bottom if page == "rules" else upper_bottom))
            for x, w, page in zip(xs, widths, pages, strict=True)
        ]
        # one type size for all columns (the largest at which each fits, not below SMALLEST);
        # a column that does not fit even then shrinks further or is shortened on its own
        fits = [
            fitting_scale(e, _styles, w - 2 * PAD, self.content_height(h), SCALES)
            for e, (_x, w, h) in zip(entries, boxes, strict=True)
        ]
        if fits[0] is None and self.project.partners:
            # the full partner cards do not fit: the other columns set the common size, and the
            # partners are shown more compactly (never "… und 7 weitere Partner")
            common = max(min((f or SMALLEST) for f in fits[1:]), SMALLEST)
            _x, w, h = boxes[0]
            self.partner_columns = self.compact_partners(w - 2 * PAD, self.content_height(h), common)
        else:
            common = max(min((f or SMALLEST) for f in fits), SMALLEST)
        scales = tuple(s for s in SCALES if s <= common)
        for page, content, (x, w, h) in zip(pages, entries, boxes, strict=True):
            self.phase_column(canvas, self.phases.get(page), x, top, w, h, content, scales)
        if band:
            span = xs[2] + widths[2] - MARGIN
            self.roadmap(canvas, MARGIN, bottom, span, band)

    @staticmethod
    def content_height(h: float) -> float:
        """The room for the entries in a column of height ``h`` (below its head and state)."""
        return h - BAND_H - STATE_H - PAD

    def phase_column(self, canvas: Canvas, phase: PhaseStatus | None, x: float, top: float, w: float,
                     h: float, entries: list[Entry], scales: tuple[float, ...]) -> None:
        canvas.setFillColor(PAPER_TINT)
        canvas.roundRect(x, top - h, w, h, 6, stroke=0, fill=1)
        if phase is not None:
            self.phase_band(canvas, phase, x, top, w)
        content_top = top - BAND_H - STATE_H
        if phase is not None and phase.page == "partners" and self.partner_columns is not None:
            draw_columns(canvas, self.partner_columns, x + PAD, content_top)
            return
        more = MORE.get(phase.page if phase else "", _more)
        laid = lay_out(entries, _styles, w - 2 * PAD, self.content_height(h), more, scales=scales)
        draw_paragraphs(canvas, laid.paragraphs, x + PAD, content_top, w - 2 * PAD)

    def phase_band(self, canvas: Canvas, phase: PhaseStatus, x: float, top: float, w: float) -> None:
        """The head of a phase column: number and name on the accent colour, below it the state
        as a coloured pill and the summary of what the phase holds."""
        canvas.setFillColor(ACCENT)
        canvas.roundRect(x, top - BAND_H, w, BAND_H, 6, stroke=0, fill=1)
        canvas.rect(x, top - BAND_H, w, 8, stroke=0, fill=1)  # square lower corners
        title = f"{phase.number}  {phase.name}"
        size = fit_size(title, SANS_BOLD, 13.5, w - 2 * PAD, 10)
        canvas.setFillColor(colors.white)
        canvas.setFont(SANS_BOLD, size)
        draw_string(canvas, x + PAD, top - BAND_H / 2 - size * 0.36, title, SANS_BOLD, size, room=w - 2 * PAD)
        state = {
            PhaseState.DONE: _("✓ erledigt"),
            PhaseState.STARTED: _("begonnen"),
            PhaseState.EMPTY: _("noch leer"),
        }[phase.state]
        pill_w = canvas.stringWidth(state, SANS_BOLD, 9) + 14
        pill_y = top - BAND_H - 6 - 15
        canvas.setFillColor(STATE_COLOURS[phase.state])
        canvas.roundRect(x + PAD, pill_y, pill_w, 15, 7.5, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(SANS_BOLD, 9)
        canvas.drawCentredString(x + PAD + pill_w / 2, pill_y + 4.5, state)
        room = w - 2 * PAD - pill_w - 6
        size = fit_size(phase.summary, SANS, 9, room, 7.5)
        canvas.setFillColor(MUTED)
        canvas.setFont(SANS, size)
        draw_string(canvas, x + PAD + pill_w + 6, pill_y + 4.5, phase.summary, SANS, size, room=room)

    def prompts(self, phase: PhaseStatus | None) -> list[Entry]:
        """A phase not yet begun shows its guiding questions: at the start of a workshop the
        printed work plan is the agenda."""
        if phase is None or phase.state is not PhaseState.EMPTY:
            return []
        entries = [Entry("label", _("Leitfragen").upper(), counts=False)]
        entries += [Entry("prompt", q, lead="<bullet>?</bullet>", limit=200) for q in phase.questions]
        return entries

    # phase 1: partners

    def partner_entries(self) -> list[Entry]:
        if not self.project.partners:
            return [Entry("empty", lead=_open_mark(_("[offen: Partner]")))]
        return [entry for block in self.partner_blocks("full") for entry in block]

    def partner_blocks(self, show: str) -> list[list[Entry]]:
        """Each partner as a block of entries: ``full`` (name, sector and role, contribution),
        ``short`` (the contribution cut to a line or two), ``meta`` (name, sector and role, an
        open mark if the contribution is missing) or ``names`` (the name alone)."""
        blocks = []
        contribution = "<b>" + esc(_("Beitrag:")) + "</b> "
        for partner in self.project.partners:
            name = typeset(partner.name.strip()) or _("[Name fehlt]")  # "e. V." is never split
            if show == "names":
                blocks.append([Entry("pname", name, limit=90)])
                continue
            block = [Entry("name", name, limit=90)]
            meta = f"{sector_label(partner.sector)} · {standing_label(partner)}"
            has = bool(partner.contributions.strip())
            tail = "" if has or show != "meta" else " " + _open_mark(_("[offen: Beitrag]"))
            block.append(Entry("meta", meta, tail=tail, counts=False))
            if show in ("full", "short"):
                if has:
                    limit = 190 if show == "full" else 80
                    block.append(Entry("body", partner.contributions, lead=contribution, limit=limit, counts=False))
                else:
                    block.append(Entry("empty", lead=_open_mark(_("[offen: Beitrag]")), counts=False))
            blocks.append(block)
        return blocks

    def compact_partners(self, width: float, height: float, common: float) -> Columns | None:
        """A partner list too long for its column, every partner named: contributions cut
        short, then sector and role only, then the names alone, in up to four sub-columns and
        smaller type (see `PARTNER_FITS`); None (the usual shortening) only beyond all that."""
        for show, count, smallest in PARTNER_FITS:
            scales = tuple(s for s in PARTNER_SCALES if smallest <= s <= common)
            laid = lay_out_columns(self.partner_blocks(show), _styles, width, height, count, scales, SUB_GAP)
            if laid is not None:
                return laid
        return None

    # phase 2: the business model canvas

    def canvas_entries(self) -> list[Entry]:
        bm = self.project.business_model
        fields = [
            (_("Nutzenversprechen"), bm.value_proposition),
            (_("Kundensegmente"), bm.customer_segments),
            (_("Schlüsselpartner"), bm.key_partners),
            (_("Einnahmequellen"), bm.revenue_streams),
        ]
        entries: list[Entry] = []
        for label, value in fields:
            entries.append(Entry("label", label.upper(), counts=False))
            entries.append(self._text_or_open(value, 260))
        entries.append(Entry("label", _("Kosten").upper(), counts=False))
        costs = [
            (_("Management"), bm.costs_management),
            (_("Entwicklung"), bm.costs_development),
            (_("Infrastruktur"), bm.costs_infrastructure),
        ]
        if not any(v.strip() for _label, v in costs):
            entries.append(Entry("empty", lead=_open_mark(_("[offen]"))))
        for label, value in costs:
            if value.strip():
                entries.append(Entry("body", value, lead=f"<b>{esc(label)}:</b> ", limit=160))
        return entries

    def _text_or_open(self, value: str, limit: int) -> Entry:
        return Entry("body", value, limit=limit) if value.strip() else Entry("empty", lead=_open_mark(_("[offen]")))

    # phase 3: goals (the roadmap is drawn in its own band)

    def goal_entries(self) -> list[Entry]:
        goals = [g for g in sorted_goals(self.project) if g.text.strip()]
        if not goals:
            return [Entry("empty", lead=_open_mark(_("[offen: Ziele]")))]
        entries: list[Entry] = []
        for horizon in Horizon:
            these = [g for g in goals if g.horizon is horizon]
            if not these:
                continue
            entries.append(Entry("heading", horizon_label(horizon).capitalize(), counts=False))
            for goal in these:
                owner = self.project.partner(goal.owner_id)
                bits = [_("Priorität {priority}").format(priority=priority_label(goal.priority))]
                if owner is not None:
                    bits.append(owner.display_name)
                tail = f' <font color="#{MUTED.hexval()[2:]}">({esc(" · ".join(bits))})</font>'
                entries.append(Entry("bullet", goal.text, lead="<bullet>•</bullet>", tail=tail, limit=150))
        return entries

    def roadmap_height(self, available: float) -> float:
        """The height of the roadmap band under the first three columns (0 without milestones)."""
        if not self.project.milestones:
            return 0.0
        dated = sum(1 for m in self.project.milestones if m.start or m.end)
        rows = max(dated, 1)
        wanted = 24 + 1.2 * (30 + 17 * rows + 18 + 2)
        return min(max(wanted, 110.0), available * 0.38)

    def roadmap(self, canvas: Canvas, x: float, y: float, w: float, h: float) -> None:
        canvas.setFillColor(PAPER_TINT)
        canvas.roundRect(x, y, w, h, 6, stroke=0, fill=1)
        phase = self.phases.get("goals")
        canvas.setFillColor(ACCENT)
        canvas.setFont(SANS_BOLD, 12)
        title = _("Roadmap")
        if phase is not None:
            title = _("{number}  Roadmap – Meilensteine und Aktivitäten").format(number=phase.number)
        draw_string(canvas, x + 9, y + h - 17, title, SANS_BOLD, 12, room=w - 18)
        items = figure_items({"items": roadmap_items(self.project)})
        dated = [i for i in items if i.start or i.end]
        undated = len(items) - len(dated)
        room_w, room_h = w - 18, h - 28 - (12 if undated else 0)
        if not dated:
            canvas.setFont(SANS, 9.5)
            canvas.setFillColor(MUTED)
            canvas.drawString(x + 9, y + h - 36, _("Noch keine Meilensteine mit Termin."))
            return
        labels = {f"status_{s.value}": milestone_status_label(s) for s in MilestoneStatus}
        # as large as the band allows (up to 1.2), at least 0.9; below that, fewer rows
        zoom, shown = 1.2, dated[:MAX_ROADMAP_ROWS]
        drawings = roadmap_drawings(shown, room_w / zoom, self.language, labels)
        for _attempt in range(len(shown) + 2):
            height = sum(d.height for d in drawings)
            if height * zoom <= room_h + 0.5:
                break
            fit = room_h / height
            if fit >= 0.9 or len(shown) <= 1:
                zoom = max(fit, 0.3)
            else:
                zoom, shown = 0.9, shown[:-1]
            drawings = roadmap_drawings(shown, room_w / zoom, self.language, labels)
        top = y + h - 26
        for drawing in drawings:
            canvas.saveState()
            canvas.translate(x + 9, top - drawing.height * zoom)
            canvas.scale(zoom, zoom)
            renderPDF.draw(drawing, canvas, 0, 0)
            canvas.restoreState()
            top -= drawing.height * zoom
        notes = []
        if len(shown) < len(dated):
            notes.append(_more(len(dated) - len(shown)))
        if undated:
            notes.append(ngettext("Ein Meilenstein ohne Termin", "{n} Meilensteine ohne Termin", undated).format(n=undated))
        if notes:
            canvas.setFont(SANS, 8.5)
            canvas.setFillColor(MUTED)
            draw_string(canvas, x + 9, y + 6, " · ".join(notes), SANS, 8.5, room=w - 18)

    # phase 4: form, what we agree, what we must still settle

    def rule_entries(self) -> list[Entry]:
        project = self.project
        entries = [Entry("label", _("Für unsere Zusammenarbeit wählen wir folgende Kooperationsform:"), counts=False)]
        form = self.catalogue.form(project.form.value if project.form else None)
        if form is None:
            entries.append(Entry("empty", lead=_open_mark(_("[offen: Kooperationsform]"))))
        elif project.form_status is DecisionStatus.OPEN:
            entries.append(Entry("body", form.label.get_text(), lead="<b>", tail="</b> " + _open_mark(_("(noch zu besprechen)"))))
        else:
            entries.append(Entry("body", form.label.get_text(), lead="<b>", tail="</b>"))
        agreed: list[Entry] = []
        still_open: list[Entry] = []
        for topic in self.catalogue.topics:
            checked = check_decision(topic, project.decision(topic.id), project)
            label = f"<b>{esc(topic.label.get_text())}:</b> "
            if checked.is_open:
                proposal = checked.variant.label.get_text() if checked.variant else _("noch keine Variante gewählt")
                note = checked.decision.note.strip()
                text = f"{proposal} – {shorten(note, 110)}" if note else proposal
                still_open.append(Entry("open", text, lead="<bullet>•</bullet>" + label, limit=200))
            else:
                agreed.append(Entry("bullet", checked.variant.label.get_text(), lead="<bullet>•</bullet>" + label, limit=160))
        for item in project.assessment.board:
            if not item.text.strip():
                continue
            target = agreed if item.agreed else still_open
            target.append(Entry("bullet" if item.agreed else "open", item.text, lead="<bullet>•</bullet>", limit=200))
        entries.append(Entry("label", _("Diese Vereinbarungen treffen wir:"), counts=False))
        entries += agreed or [Entry("empty", _("Noch ist nichts vereinbart."))]
        entries.append(Entry("label", _("Darüber müssen wir uns verständigen:"), counts=False))
        entries += still_open or [Entry("empty", _("Alle Punkte sind vereinbart."))]
        return entries

    # helpers

    def _date(self, day: date) -> str:
        return format_date(day, format="long", locale="en_GB" if self.language == "en" else "de_DE")
