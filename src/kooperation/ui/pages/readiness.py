"""In the meeting: "Startklar?" - the seven readiness questions, answered by every partner.

The questions are rows, the partners columns; each cell is yes, no or not answered yet (a combo
box: the arrow keys or "J"/"N" change it without opening it). Under the table each partner's
verdict, and below the verdict on all answers together with the guide's advice, the hesitant
partners named. All texts of the check - introduction, questions, answers, verdicts, advice and
the headings above them - come from the catalogue (``checks.yaml``); every answer is stored at
once and can be undone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kooperation.domain.checks import ReadinessLevel, load_checks
from kooperation.domain.checks_logic import ReadinessOverview, Verdict, readiness_overview
from kooperation.domain.meeting import Assessment
from kooperation.i18n import _
from kooperation.ui.meeting_widgets import (
    AnswerComboBox,
    ElidedLabel,
    bold_label,
    clear_layout,
    muted,
    page_top,
    scale_font,
    scroll_area,
)
from kooperation.ui.pages.base import Page, place_after, set_help
from kooperation.ui.palette import make_problem
from kooperation.ui.param_editors import wrapped_label
from kooperation.ui.session import Change, ProjectSession
from kooperation.ui.topic_panel import section_title, separator


def _bullets(lines: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"•  {line}" for line in lines)


class ReadinessPage(Page):
    """The readiness check per partner, with verdicts and what to do next."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = _("Startklar?")
        self.checks = load_checks()
        readiness = self.checks.readiness
        self.combos: dict[tuple[str, str], AnswerComboBox] = {}
        self.verdict_labels: dict[str, QLabel] = {}
        self._partners_shown: list[tuple[str, str]] | None = None
        self._cells: list[QWidget] = []
        self._width = 0
        self._least_width = 60

        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(16, 12, 16, 16)
        box.setSpacing(10)
        self.top = page_top(_("Startklar?"), readiness.intro.get_text())
        box.addWidget(self.top)

        self.grid_host = QWidget()
        self.grid = QVBoxLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(2)
        box.addWidget(self.grid_host)
        self.no_partners = muted(_("Noch keine Partner erfasst: Jeder Partner beantwortet die Fragen für sich. Legen Sie die Partner in Phase 1 an."))
        box.addWidget(self.no_partners)

        box.addSpacing(6)
        box.addWidget(section_title(_("Gesamtbild")))
        self.overall_title = bold_label()
        self.overall_title.setObjectName("overallTitle")
        scale_font(self.overall_title, 1.1)
        self.overall_text = wrapped_label()
        self.overall_text.setObjectName("overallText")
        self.hesitant_label = make_problem(wrapped_label())
        self.hesitant_label.setObjectName("hesitant")
        self.missing_label = muted()
        self.steps_title = bold_label(readiness.next_steps_title.get_text())
        self.steps = wrapped_label()
        self.advice_title = bold_label(readiness.advice_title.get_text())
        self.advice_host = QWidget()
        self.advice = QVBoxLayout(self.advice_host)
        self.advice.setContentsMargins(0, 0, 0, 0)
        self.advice.setSpacing(2)
        for widget in (self.overall_title, self.overall_text, self.hesitant_label, self.missing_label,
                       self.steps_title, self.steps, self.advice_title, self.advice_host):
            box.addWidget(widget)
        box.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll = scroll_area(content)
        layout.addWidget(self.scroll)
        self._build_grid()
        self.refresh()

    # --- building -------------------------------------------------------------------------------
    def _partners(self) -> list[tuple[str, str]]:
        return [(p.id, p.display_name or _("(ohne Namen)")) for p in self.session.project.partners]

    def _fit_columns(self) -> None:
        """Share the room: the questions keep at least a third, the partner columns share the
        rest (never narrower than an answer box; with many partners the page scrolls
        sideways). Names and verdicts too wide for their column are shortened, in full in
        their tooltips."""
        if not self._cells:
            return
        count = len(self._partners_shown or [])
        room = self.scroll.viewport().width() - 32 - 230 - 8 * count
        width = max(self._least_width, min(170, room // max(1, count)))
        if width == self._width:
            return
        self._width = width
        for cell in self._cells:
            cell.setFixedWidth(width)
        self._show_verdicts()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_columns()

    def _row(self, first: QWidget, cells: list[QWidget]) -> QWidget:
        """A line of the table: the question (or a heading) and one cell per partner."""
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 2, 0, 2)
        line.setSpacing(8)
        first.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        first.setMinimumWidth(180)
        line.addWidget(first, 1)
        for cell in cells:
            self._cells.append(cell)
            line.addWidget(cell, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _build_grid(self) -> None:
        """The table of questions and partners; rebuilt only when the partners change."""
        partners = self._partners()
        self._partners_shown = partners
        clear_layout(self.grid)
        self.combos.clear()
        self.verdict_labels.clear()
        self.no_partners.setVisible(not partners)
        self.grid_host.setVisible(bool(partners))
        if not partners:
            return
        self._cells = []
        self._width = 0
        names = []
        for _pid, name in partners:
            label = ElidedLabel(name)
            scale_font(label, 1.0, bold=True)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
            names.append(label)
        self.grid.addWidget(self._row(bold_label(_("Frage")), names))
        readiness = self.checks.readiness
        for number, question in enumerate(readiness.questions, start=1):
            self.grid.addWidget(separator())
            cells = []
            for pid, name in partners:
                combo = AnswerComboBox()
                combo.addItem("–", None)
                combo.addItem(readiness.answer_label(True), True)
                combo.addItem(readiness.answer_label(False), False)
                combo.setAccessibleName(_("{partner}, Frage {number}").format(partner=name, number=number))
                combo.setToolTip(question.text.get_text())
                set_help(combo, _("Frage {number} für {partner}").format(number=number, partner=name),
                         _("{question}\n\nWenn nicht: {advice}").format(
                             question=question.text.get_text(), advice=question.if_no.get_text()))
                combo.activated.connect(lambda _i, p=pid, q=question.id, c=combo: self._answered(p, q, c.currentData()))
                self.combos[(pid, question.id)] = combo
                cell = QWidget()
                cell_box = QHBoxLayout(cell)
                cell_box.setContentsMargins(0, 0, 0, 0)
                cell_box.addWidget(combo, 0, Qt.AlignmentFlag.AlignHCenter)
                cells.append(cell)
                self._least_width = combo.sizeHint().width() + 4
            text = wrapped_label(f"{number}.  {question.text.get_text()}")
            self.grid.addWidget(self._row(text, cells))
        self.grid.addWidget(separator())
        verdicts = []
        for pid, _name in partners:
            label = wrapped_label()
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.verdict_labels[pid] = label
            verdicts.append(label)
        self.grid.addWidget(self._row(bold_label(_("Einschätzung")), verdicts))
        self._fit_columns()
        place_after(self.top, self.grid_host)  # built after the window: keep Tab in reading order

    # --- showing ---------------------------------------------------------------------------------
    def overview(self) -> ReadinessOverview:
        return readiness_overview(self.session.project.assessment.readiness, self.session.project, self.checks)

    def refresh(self) -> None:
        if self._partners() != self._partners_shown:
            self._build_grid()
        answers = self.session.project.assessment.readiness
        for (pid, qid), combo in self.combos.items():
            combo.select_data(answers.get(pid, {}).get(qid))
        self._show_verdicts()
        overview = self.overview()
        overall = overview.overall
        self.overall_title.setText(overall.title)
        self.overall_text.setText(overall.text)
        self.hesitant_label.setText(overview.hesitant_note)
        self.hesitant_label.setVisible(bool(overview.hesitant_note))
        self.missing_label.setText(overview.missing_note)
        self.missing_label.setVisible(bool(overview.missing_note))
        self.steps.setText(_bullets(overall.next_steps))
        self.steps.setVisible(bool(overall.next_steps))
        self.steps_title.setVisible(bool(overall.next_steps))
        clear_layout(self.advice)
        for question_id, note in overview.question_notes.items():
            question = self.checks.readiness.question(question_id)
            self.advice.addWidget(bold_label(note))
            advice = wrapped_label(question.if_no.get_text())
            advice.setContentsMargins(18, 0, 0, 6)
            self.advice.addWidget(advice)
        self.advice_title.setVisible(bool(overview.question_notes))
        self.advice_host.setVisible(bool(overview.question_notes))

    def _show_verdicts(self) -> None:
        overview = self.overview()
        for pid, label in self.verdict_labels.items():
            verdict = overview.partners.get(pid)
            label.setText(self._cell_text(verdict, label))
            label.setToolTip(f"{verdict.title}: {verdict.text}" if verdict else "")

    def _cell_text(self, verdict: Verdict | None, label: QLabel) -> str:
        """Mark, title and counts; the title only if its words fit the column."""
        readiness = self.checks.readiness
        if verdict is None:
            return readiness.no_answers.get_text()
        mark = {ReadinessLevel.MOSTLY_YES: "✓", ReadinessLevel.MIXED: "◐", ReadinessLevel.MOSTLY_NO: "✗"}.get(verdict.level, "…")
        counts = readiness.counts.get_text().format(yes=verdict.yes, no=verdict.no)
        metrics = label.fontMetrics()
        if all(metrics.horizontalAdvance(w) <= self._width - 4 for w in verdict.title.split()):
            return f"{mark} {verdict.title}\n{counts}"
        return f"{mark} {counts}"

    def verdict_text(self, partner_id: str | None = None) -> str:
        """The verdict shown for a partner, or the overall one (for tests and the window)."""
        if partner_id is None:
            return f"{self.overall_title.text()}\n{self.overall_text.text()}"
        return self.verdict_labels[partner_id].text()

    # --- editing ---------------------------------------------------------------------------------
    def _answered(self, partner_id: str, question_id: str, value: bool | None) -> None:
        def mutate(assessment: Assessment) -> None:
            answers = assessment.readiness.setdefault(partner_id, {})
            if value is None:
                answers.pop(question_id, None)
            else:
                answers[question_id] = bool(value)
            if not answers:
                assessment.readiness.pop(partner_id, None)

        self.session.edit_assessment(mutate, text=_("Bereitschaftscheck beantworten"), part="readiness")

    def answer(self, partner_id: str, question_id: str, value: bool | None) -> None:
        """Choose an answer in the table as the user would (keyboard or mouse)."""
        combo = self.combos[(partner_id, question_id)]
        combo.setCurrentIndex(combo.findData(value))
        combo.activated.emit(combo.currentIndex())

    # --- Page ------------------------------------------------------------------------------------
    def on_changed(self, change: Change) -> None:
        if change.kind in ("assessment", "partners", "project") and (
            change.kind != "assessment" or change.field in (None, "readiness")
        ):
            self.refresh()

    def focus_entity(self, kind: str, entity_id: str) -> None:
        if kind == "partners":
            combo = next((c for (pid, _q), c in self.combos.items() if pid == entity_id), None)
            if combo is not None:
                combo.setFocus(Qt.FocusReason.OtherFocusReason)
