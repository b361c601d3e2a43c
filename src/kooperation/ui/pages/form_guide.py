"""In the meeting: "Form finden" - the decision guide for the cooperation form.

Left the guide's questions with their answers (radio buttons); right every form ranked by the
answers, with the reasons for and against it, its general trade-offs and warnings - the GbR
warning prominent while binding force is not wanted or no form is chosen. "Diese Form wählen"
sets the project's form; the guide explains, the partners decide. The guide's texts - questions,
answers, reasons, trade-offs, warnings and the headings of the ranking - are in ``checks.yaml``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.catalogue import load_catalogue
from kooperation.domain.checks import FormQuestion, Severity, load_checks
from kooperation.domain.checks_logic import FormRecommendation, form_guide_warnings, recommend_forms
from kooperation.domain.labels import decision_status_label
from kooperation.domain.meeting import Assessment
from kooperation.domain.model import CooperationForm, DecisionStatus
from kooperation.i18n import _
from kooperation.ui.meeting_widgets import (
    NoticeFrame,
    ResponsiveSplitter,
    bold_label,
    clear_layout,
    muted,
    notice,
    page_top,
    scale_font,
    scroll_area,
)
from kooperation.ui.pages.base import Page, place_after, set_help
from kooperation.ui.param_editors import wrapped_label
from kooperation.ui.session import Change, ProjectSession
from kooperation.ui.topic_panel import ClickLabel, section_title, separator, tab_stop_on_checked


def _list(mark: str, lines: tuple[str, ...]) -> str:
    return "\n".join(f"{mark}  {line}" for line in lines)


class QuestionBox(QWidget):
    """One question of the guide with its answers as radio buttons (wrapped labels)."""

    sig_answered = Signal(str, str)
    """Emitted with the question id and the option id the user chose."""

    def __init__(self, number: int, question: FormQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 6, 0, 8)
        box.setSpacing(4)
        box.addWidget(bold_label(f"{number}. {question.text.get_text()}"))
        help_text = question.help.get_text() if question.help else ""
        if help_text:
            box.addWidget(muted(help_text))
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 2, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        for row, option in enumerate(question.options):
            radio = QRadioButton()
            radio.setAccessibleName(option.label.get_text())
            set_help(radio, question.text.get_text(), help_text or question.text.get_text())
            label = ClickLabel(option.label.get_text())
            label.setWordWrap(True)
            label.sig_clicked.connect(radio.click)
            self.group.addButton(radio)
            self.radios[option.id] = radio
            radio.clicked.connect(lambda _c=False, o=option.id: self.sig_answered.emit(self.question.id, o))
            grid.addWidget(radio, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 1)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        tab_stop_on_checked(self.group)

    def show_answer(self, option_id: str | None) -> None:
        radio = self.radios.get(option_id) if option_id else None
        checked = self.group.checkedButton()
        if radio is checked:
            return
        if radio is None:
            self.group.setExclusive(False)
            checked.setChecked(False)
            self.group.setExclusive(True)
        else:
            radio.setChecked(True)
        tab_stop_on_checked(self.group)


class FormGuidePage(Page):
    """The decision guide: answers, ranked forms with reasons, and the choice of the form."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = _("Form finden")
        self.checks = load_checks()
        self.catalogue = load_catalogue()
        guide = self.checks.form_guide
        self.questions: dict[str, QuestionBox] = {}
        self.choose_buttons: dict[str, QPushButton] = {}
        self.cards: dict[str, QWidget] = {}
        self._shown: tuple | None = None

        left_content = QWidget()
        left = QVBoxLayout(left_content)
        left.setContentsMargins(16, 12, 12, 16)
        left.setSpacing(2)
        left.addWidget(page_top(_("Form finden"), guide.intro.get_text()))
        for number, question in enumerate(guide.questions, start=1):
            box = QuestionBox(number, question)
            box.sig_answered.connect(self._answered)
            self.questions[question.id] = box
            left.addWidget(box)
            left.addWidget(separator())
        left.addStretch(1)

        right_content = QWidget()
        right = QVBoxLayout(right_content)
        right.setContentsMargins(12, 12, 16, 16)
        right.setSpacing(8)
        right.addWidget(section_title(_("Unsere Form")))
        self.current_label = wrapped_label()
        self.current_label.setObjectName("currentForm")
        scale_font(self.current_label, 1.1, bold=True)
        right.addWidget(self.current_label)
        self.gbr = notice(guide.gbr_warning.get_text(), Severity.WARNING)
        self.gbr.setObjectName("gbrWarning")
        right.addWidget(self.gbr)
        right.addSpacing(6)
        right.addWidget(section_title(guide.headings.ranking.get_text()))
        self.ranking_host = QWidget()
        self.ranking = QVBoxLayout(self.ranking_host)
        self.ranking.setContentsMargins(0, 0, 0, 0)
        self.ranking.setSpacing(10)
        right.addWidget(self.ranking_host)
        right.addStretch(1)

        self.splitter = ResponsiveSplitter(900)
        self.splitter.addWidget(scroll_area(left_content))
        self.splitter.addWidget(scroll_area(right_content))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._last_question = next(reversed(self.questions.values()))
        self.refresh()

    # --- showing ---------------------------------------------------------------------------------
    def recommendations(self) -> list[FormRecommendation]:
        return recommend_forms(self.session.project.assessment.guide, self.checks)

    def refresh(self) -> None:
        project = self.session.project
        answers = project.assessment.guide
        for question_id, box in self.questions.items():
            box.show_answer(answers.get(question_id))
        form = self.catalogue.form(project.form) if project.form is not None else None
        if form is None:
            self.current_label.setText(_("Noch keine Form gewählt."))
        else:
            self.current_label.setText(_("Gewählt: {form} ({status})").format(
                form=form.label.get_text(), status=decision_status_label(DecisionStatus(project.form_status))))
        self.gbr.setVisible(bool(form_guide_warnings(answers, project, self.checks)))
        self._show_ranking(self.recommendations())

    def _show_ranking(self, recommendations: list[FormRecommendation]) -> None:
        project = self.session.project
        chosen = project.form.value if project.form is not None else None
        key = (tuple(recommendations), chosen, project.form_status, bool(project.assessment.guide), self.gbr.isHidden())
        if key == self._shown:
            return
        self._shown = key
        focused = next((f for f, b in self.choose_buttons.items() if b.hasFocus()), None)
        clear_layout(self.ranking)
        self.choose_buttons.clear()
        self.cards.clear()
        if not project.assessment.guide:
            self.ranking.addWidget(muted(_("Beantworten Sie die Fragen links (oder oben): Die Formen ordnen sich dann nach Ihren Antworten.")))
        for place, rec in enumerate(recommendations, start=1):
            card = self._card(place, rec, rec.form_id == chosen)
            self.cards[rec.form_id] = card
            self.ranking.addWidget(card)
        place_after(self._last_question.radios[next(reversed(self._last_question.radios))], self.ranking_host)
        if focused in self.choose_buttons:
            self.choose_buttons[focused].setFocus(Qt.FocusReason.OtherFocusReason)

    def _card(self, place: int, rec: FormRecommendation, chosen: bool) -> QWidget:
        # the best forms framed in the highlight colour, the others in a plain frame
        card = NoticeFrame(Severity.INFO) if rec.recommended else QFrame()
        if not rec.recommended:
            card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setObjectName("form_" + rec.form_id)
        box = QVBoxLayout(card)
        box.setContentsMargins(16, 10, 12, 10)
        box.setSpacing(6)
        head = QHBoxLayout()
        title = bold_label(f"{place}. {rec.label}")
        scale_font(title, 1.15)
        head.addWidget(title, 1)
        points = muted(_("{score} Punkte").format(score=rec.score))
        points.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        head.addWidget(points, 0, Qt.AlignmentFlag.AlignTop)
        box.addLayout(head)
        headings = self.checks.form_guide.headings
        if rec.recommended:
            box.addWidget(bold_label(f"★ {headings.best_fit.get_text()}"))
        if rec.reasons_for:
            box.addWidget(bold_label(headings.reasons_for.get_text()))
            box.addWidget(wrapped_label(_list("✓", rec.reasons_for)))
        if rec.reasons_against:
            box.addWidget(bold_label(headings.reasons_against.get_text()))
            box.addWidget(wrapped_label(_list("✗", rec.reasons_against)))
        trade_offs = _list("+", rec.pros) + ("\n" if rec.pros and rec.cons else "") + _list("–", rec.cons)
        if trade_offs:
            box.addWidget(bold_label(headings.trade_offs.get_text()))
            box.addWidget(muted(trade_offs))
        for warning in rec.warnings:
            if warning == self.checks.form_guide.gbr_warning.get_text() and not self.gbr.isHidden():
                box.addWidget(bold_label(_("⚠ Für diese Form gilt die GbR-Warnung oben.")))
            else:
                box.addWidget(notice(warning))
        if chosen:
            status = decision_status_label(DecisionStatus(self.session.project.form_status))
            box.addWidget(bold_label(_("✓ Diese Form haben Sie gewählt ({status}).").format(status=status)))
        else:
            button = QPushButton(_("Diese Form wählen"))
            button.setAccessibleName(_("{form} wählen").format(form=rec.label))
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            set_help(button, _("Form wählen"), _("Übernimmt diese Form für Ihre Kooperation (Seite „Form & Regeln“). Die Entscheidung treffen Sie; ob sie schon vereinbart ist, legen Sie dort oder auf „Vereinbart & offen“ fest."))
            button.clicked.connect(lambda _c=False, f=rec.form_id: self.choose(f))
            box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.choose_buttons[rec.form_id] = button
        return card

    # --- editing ---------------------------------------------------------------------------------
    def _answered(self, question_id: str, option_id: str) -> None:
        if self.session.project.assessment.guide.get(question_id) == option_id:
            return

        def mutate(assessment: Assessment) -> None:
            assessment.guide[question_id] = option_id

        self.session.edit_assessment(mutate, text=_("Entscheidungshilfe beantworten"), part="guide")

    def answer(self, question_id: str, option_id: str) -> None:
        """Choose an answer as the user would."""
        self.questions[question_id].radios[option_id].click()

    def choose(self, form_id: str) -> None:
        """Take ``form_id`` as the project's form (the status stays as it is); every choice is
        an undo step of its own."""
        self.session.end_merge()
        self.session.set_project_field("form", CooperationForm(form_id))
        self.session.end_merge()

    # --- Page ------------------------------------------------------------------------------------
    def on_changed(self, change: Change) -> None:
        if change.kind == "assessment" and change.field not in (None, "guide"):
            return
        if change.kind in ("assessment", "project"):
            self.refresh()

    def focus_entity(self, kind: str, entity_id: str) -> None:
        if kind == "guide" and entity_id in self.questions:
            box = self.questions[entity_id]
            (box.group.checkedButton() or next(iter(box.radios.values()))).setFocus(Qt.FocusReason.OtherFocusReason)
