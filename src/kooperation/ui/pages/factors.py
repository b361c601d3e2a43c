"""In the meeting: the 20 success and failure factors, rated for this cooperation.

Left the factors in their two groups, each with the catalogue's rating scale (for a failure
factor "trifft zu" is the bad answer) and an optional note; right the picture (`FactorChart`)
and the hints that follow from the ratings and from the project data, most serious first, each
with a button that opens the rule topic it points at. Change a rating, or settle the topic, and
the hint changes with it. The introduction, the group headings, the factors and the scale are
texts of the catalogue (``checks.yaml``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.checks import Factor, FactorKind, Rating, Severity, load_checks
from kooperation.domain.checks_logic import Hint, data_warnings, factor_hints, factor_scores
from kooperation.domain.meeting import Assessment
from kooperation.i18n import _
from kooperation.ui.charts import FactorChart
from kooperation.ui.meeting_widgets import (
    HintList,
    ResponsiveSplitter,
    bold_label,
    muted,
    page_top,
    scroll_area,
)
from kooperation.ui.pages.base import Page, set_help
from kooperation.ui.session import Change, ProjectSession
from kooperation.ui.topic_panel import section_title, separator, tab_stop_on_checked

RATINGS = (Rating.GOOD, Rating.PARTLY, Rating.POOR, Rating.NOT_RELEVANT)


class FactorRow(QWidget):
    """One factor: number and title, its description, the rating and a note."""

    sig_rated = Signal(str, str)
    """Emitted with the factor id and the rating chosen by the user."""

    sig_note_typed = Signal(str, str)
    """Emitted with the factor id and the note's text while the user types."""

    def __init__(self, number: int, factor: Factor, labels: dict[Rating, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.factor = factor
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 6, 0, 8)
        box.setSpacing(4)
        title = f"{number}. {factor.title.get_text()}"
        box.addWidget(bold_label(title))
        box.addWidget(muted(factor.text.get_text()))
        row = QHBoxLayout()
        row.setSpacing(14)
        self.group = QButtonGroup(self)
        self.radios: dict[Rating, QRadioButton] = {}
        for rating in RATINGS:
            radio = QRadioButton(labels[rating])
            radio.setAccessibleName(f"{title}: {labels[rating]}")
            set_help(radio, factor.title.get_text(), factor.text.get_text())
            self.group.addButton(radio)
            self.radios[rating] = radio
            row.addWidget(radio)
            radio.clicked.connect(lambda _c=False, r=rating: self.sig_rated.emit(self.factor.id, r.value))
        row.addStretch(1)
        box.addLayout(row)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("Notiz (optional)"))
        self.note.setAccessibleName(_("Notiz zu „{factor}“").format(factor=factor.title.get_text()))
        set_help(self.note, _("Notiz zum Faktor"), _("Halten Sie fest, woran Sie die Bewertung festmachen oder was zu tun ist. Die Notiz wird sofort gespeichert."))
        self.note.textEdited.connect(lambda text: self.sig_note_typed.emit(self.factor.id, text))
        box.addWidget(self.note)
        tab_stop_on_checked(self.group)

    def show_state(self, rating: str | None, note: str) -> None:
        """Show the stored rating and note, touching only what differs."""
        try:
            chosen = Rating(rating) if rating else None
        except ValueError:
            chosen = None
        current = next((r for r, b in self.radios.items() if b.isChecked()), None)
        if chosen != current:
            if chosen is None:
                self.group.setExclusive(False)
                for button in self.radios.values():
                    button.setChecked(False)
                self.group.setExclusive(True)
            else:
                self.radios[chosen].setChecked(True)
            tab_stop_on_checked(self.group)
        if self.note.text() != note:
            self.note.setText(note)

    def rate(self, rating: Rating | str) -> None:
        """Choose a rating as the user would."""
        self.radios[Rating(rating)].click()


class FactorsPage(Page):
    """Rate the success and failure factors; see the picture and the hints."""

    sig_topic_requested = Signal(str)
    """Emitted with a rule topic id when a hint's "Zum Thema" button is pressed."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = _("Erfolgsfaktoren")
        self.checks = load_checks()
        factors = self.checks.factors
        self.rows: dict[str, FactorRow] = {}

        ratings = QWidget()
        left = QVBoxLayout(ratings)
        left.setContentsMargins(16, 12, 12, 16)
        left.setSpacing(2)
        left.addWidget(page_top(_("Erfolgsfaktoren"), factors.intro.get_text()))
        number = 0
        for kind in (FactorKind.SUCCESS, FactorKind.FAILURE):
            left.addSpacing(8)
            left.addWidget(section_title(self.group_title(kind)))
            labels = {r: factors.labels[kind][r].get_text() for r in RATINGS}
            for factor in (f for f in factors.items if f.kind is kind):
                number += 1
                row = FactorRow(number, factor, labels)
                row.sig_rated.connect(self._rated)
                row.sig_note_typed.connect(self._note_typed)
                row.note.editingFinished.connect(session.end_merge)
                self.rows[factor.id] = row
                left.addWidget(row)
                left.addWidget(separator())
        left.addStretch(1)
        self.ratings_scroll = scroll_area(ratings)

        results = QWidget()
        right = QVBoxLayout(results)
        right.setContentsMargins(12, 12, 16, 16)
        right.setSpacing(8)
        right.addWidget(section_title(_("Hinweise für Ihre Kooperation")))
        self.hint_list = HintList(_("Keine Hinweise: Bewerten Sie die Faktoren, dann erscheinen hier die Folgerungen."))
        self.hint_list.sig_topic_requested.connect(self.sig_topic_requested.emit)
        right.addWidget(self.hint_list)
        right.addSpacing(8)
        right.addWidget(section_title(_("Das Bild")))
        self.rated_label = muted()
        right.addWidget(self.rated_label)
        self.chart = FactorChart()
        self.chart.sig_factor_clicked.connect(self.show_factor)
        right.addWidget(self.chart)
        right.addStretch(1)
        self.results_scroll = scroll_area(results)

        self.splitter = ResponsiveSplitter(900)
        self.splitter.addWidget(self.ratings_scroll)
        self.splitter.addWidget(self.results_scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.refresh()

    def group_title(self, kind: FactorKind) -> str:
        """The catalogue's heading of a group of factors ("Das trägt zum Erfolg bei" …)."""
        return self.checks.factors.group_title(kind)

    # --- showing ---------------------------------------------------------------------------------
    def hints(self) -> list[Hint]:
        """Factor hints and data warnings together, most serious first."""
        project = self.session.project
        hints = factor_hints(project.assessment.factors, project, self.checks) + data_warnings(project, self.checks)
        return sorted(hints, key=lambda h: -Severity(h.severity).rank)

    def refresh(self) -> None:
        assessment = self.session.project.assessment
        for factor_id, row in self.rows.items():
            row.show_state(assessment.factors.get(factor_id), assessment.factor_notes.get(factor_id, ""))
        self.refresh_results()

    def refresh_results(self) -> None:
        assessment = self.session.project.assessment
        scores = factor_scores(assessment.factors, self.checks)
        self.chart.set_scores(scores)
        rated = sum(1 for s in scores if s.rating is not None)
        self.rated_label.setText(_("{rated} von {total} Faktoren bewertet.").format(rated=rated, total=len(scores)))
        self.hint_list.set_hints(self.hints())

    def show_factor(self, factor_id: str) -> None:
        """Scroll to a factor's row and put the focus on its rating."""
        row = self.rows.get(factor_id)
        if row is None:
            return
        self.ratings_scroll.ensureWidgetVisible(row, 0, 40)
        button = row.group.checkedButton() or row.radios[Rating.GOOD]
        button.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- editing ---------------------------------------------------------------------------------
    def _rated(self, factor_id: str, rating: str) -> None:
        if self.session.project.assessment.factors.get(factor_id) == rating:
            return

        def mutate(assessment: Assessment) -> None:
            assessment.factors[factor_id] = rating

        self.session.edit_assessment(mutate, text=_("Faktor bewerten"), part="factors")

    def _note_typed(self, factor_id: str, text: str) -> None:
        def mutate(assessment: Assessment) -> None:
            if text.strip():
                assessment.factor_notes[factor_id] = text
            else:
                assessment.factor_notes.pop(factor_id, None)

        self.session.edit_assessment(mutate, text=_("Notiz zum Faktor"), merge_key=("factor_note", factor_id), part="factors")

    # --- Page ------------------------------------------------------------------------------------
    def on_changed(self, change: Change) -> None:
        if change.kind == "assessment":
            if change.field in (None, "factors"):
                self.refresh()
        elif change.kind in ("decisions", "partners", "project"):
            self.refresh_results()

    def focus_entity(self, kind: str, entity_id: str) -> None:
        if kind == "factors":
            self.show_factor(entity_id)

