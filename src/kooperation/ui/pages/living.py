"""After the signature: "Lebendiger Vertrag" - reviews of goals and milestones over time.

The reviews by date (a new one for today starts from the last known state of every goal and
milestone), their history as a chart (`ProgressChart`), and for the selected review the state of
each goal and milestone (status, progress, comment) and the reflection questions of the
evaluation phase (what each partner contributed, who profited, what should continue, change or
stop). The introduction, the labels of the review statuses and the reflection questions are
texts of the catalogue (``checks.yaml``). Every edit is stored at once and can be undone.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.checks import Checks, load_checks
from kooperation.domain.checks_logic import reflection_questions
from kooperation.domain.labels import format_day
from kooperation.domain.meeting import ProgressReview, ReviewEntry, ReviewStatus
from kooperation.domain.model import MilestoneStatus, Project
from kooperation.i18n import _
from kooperation.ui.charts import ProgressChart, ProgressPoint, ProgressRow
from kooperation.ui.date_edit import DateEdit
from kooperation.ui.meeting_widgets import (
    AnswerComboBox,
    bold_label,
    clear_layout,
    muted,
    page_top,
    scroll_area,
)
from kooperation.ui.pages.base import Page, place_after, set_help
from kooperation.ui.param_editors import FocusPlainTextEdit, wrapped_label
from kooperation.ui.session import Change, ProjectSession
from kooperation.ui.topic_panel import heading, section_title, separator

MILESTONE_TO_REVIEW = {
    MilestoneStatus.PLANNED: (ReviewStatus.ON_TRACK, 0),
    MilestoneStatus.IN_PROGRESS: (ReviewStatus.ON_TRACK, 0),
    MilestoneStatus.DONE: (ReviewStatus.DONE, 100),
    MilestoneStatus.DELAYED: (ReviewStatus.OFF_TRACK, 0),
    MilestoneStatus.CANCELLED: (ReviewStatus.DROPPED, 0),
}
"""Where a milestone starts in its first review, from its status in the roadmap."""


def targets(project: Project) -> list[tuple[str, str, str]]:
    """(id, label, group) of every goal and milestone, goals first."""
    goals = [(g.id, g.text or _("(ohne Text)"), _("Ziele")) for g in project.goals]
    milestones = [(m.id, m.title or _("(ohne Titel)"), _("Meilensteine")) for m in project.milestones]
    return goals + milestones


def new_review(project: Project, day: date) -> ProgressReview:
    """A review on ``day`` with every goal and milestone at its last known state."""
    entries = []
    for target_id, _label, _group in targets(project):
        last = next((r.entry(target_id) for r in reversed(project.reviews) if r.day <= day and r.entry(target_id)), None)
        if last is not None:
            entries.append(ReviewEntry(target_id, last.status, last.progress))
            continue
        milestone = project.milestone(target_id)
        status, progress = MILESTONE_TO_REVIEW[milestone.status] if milestone else (ReviewStatus.ON_TRACK, 0)
        entries.append(ReviewEntry(target_id, status, progress))
    return ProgressReview(day=day, entries=entries)


class EntryRow:
    """The editors of one goal or milestone in the selected review."""

    def __init__(self, target_id: str, checks: Checks) -> None:
        self.target_id = target_id
        self.status = AnswerComboBox()
        for status in ReviewStatus:
            self.status.addItem(checks.living.status_label(status), status.value)
        self.progress = QSpinBox()
        self.progress.setRange(0, 100)
        self.progress.setSingleStep(10)
        self.progress.setSuffix(" %")
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(_("Kommentar"))


class LivingAgreementPage(Page):
    """Reviews of goals and milestones, their history, and the reflection questions."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = _("Lebendiger Vertrag")
        self.checks = load_checks()
        self.entry_rows: dict[str, EntryRow] = {}
        self.reflection_edits: dict[tuple[str, str], FocusPlainTextEdit] = {}
        self._selected_id: str | None = None
        self._detail_key: tuple | None = None

        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(16, 12, 16, 16)
        box.setSpacing(8)
        box.addWidget(page_top(_("Lebendiger Vertrag"), self.checks.living.intro.get_text()))

        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName(_("Überprüfungen"))
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 6 + 16)
        self.list.currentItemChanged.connect(self._current_changed)
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.add_button = QPushButton(_("Überprüfung für heute anlegen"))
        set_help(self.add_button, _("Neue Überprüfung"), _("Legt eine Überprüfung mit dem heutigen Datum an. Jedes Ziel und jeder Meilenstein beginnt mit dem Stand der letzten Überprüfung."))
        self.add_button.clicked.connect(self.add_review)
        self.delete_button = QPushButton(_("Überprüfung löschen …"))
        self.delete_button.clicked.connect(self.delete_review)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        row.addStretch(0)  # takes the room of the list while there is none
        box.addLayout(row)

        self.history_title = section_title(_("Verlauf"))
        box.addWidget(self.history_title)
        self.chart = ProgressChart()
        box.addWidget(self.chart)
        box.addWidget(separator())

        self.detail_host = QWidget()
        self.detail = QVBoxLayout(self.detail_host)
        self.detail.setContentsMargins(0, 0, 0, 0)
        self.detail.setSpacing(8)
        box.addWidget(self.detail_host)
        box.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll = scroll_area(content)
        layout.addWidget(self.scroll)
        self.refresh()

    # --- the list ---------------------------------------------------------------------------------
    def review(self) -> ProgressReview | None:
        """The selected review."""
        return next((r for r in self.session.project.reviews if r.id == self._selected_id), None)

    def refresh(self) -> None:
        reviews = self.session.project.reviews
        if self.review() is None:
            self._selected_id = reviews[-1].id if reviews else None
        self.list.blockSignals(True)
        self.list.clear()
        for review in reviews:
            text = format_day(review.day) + (f" – {review.title}" if review.title else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, review.id)
            self.list.addItem(item)
            if review.id == self._selected_id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.delete_button.setEnabled(self._selected_id is not None)
        for widget in (self.list, self.delete_button, self.history_title, self.chart):  # nothing before the first review
            widget.setVisible(bool(reviews))
        self._update_chart()
        self._show_detail()

    def _current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        self._selected_id = current.data(Qt.ItemDataRole.UserRole)
        self.session.end_merge()
        self._update_chart()
        self._show_detail()

    def select(self, review_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == review_id:
                self.list.setCurrentRow(row)
                return

    def _update_chart(self) -> None:
        project = self.session.project
        rows = [ProgressRow(t, label, group) for t, label, group in targets(project)]
        known = {r.target_id for r in rows}
        points = [
            ProgressPoint(e.target_id, review.day, e.status, e.progress)
            for review in project.reviews for e in review.entries if e.target_id in known
        ]
        selected = self.review()
        self.chart.set_data(rows, points, selected.day if selected else None)

    # --- the selected review ------------------------------------------------------------------------
    def _show_detail(self) -> None:
        project = self.session.project
        review = self.review()
        key = (review.id if review else None, tuple(targets(project)),
               tuple((r.question_id, r.partner_id, r.text) for r in reflection_questions(project, self.checks)))
        if key != self._detail_key:
            self._detail_key = key
            self._build_detail(review)
        if review is not None:
            self._show_values(review)

    def _build_detail(self, review: ProgressReview | None) -> None:
        clear_layout(self.detail)
        self.entry_rows.clear()
        self.reflection_edits.clear()
        if review is None:
            self.detail.addWidget(muted(_("Noch keine Überprüfung. Legen Sie die erste an, sobald die Zusammenarbeit läuft – etwa nach drei Monaten.")))
            return
        self.detail.addWidget(heading(_("Überprüfung"), 1.2))
        head = QHBoxLayout()
        self.day_edit = DateEdit()
        self.day_edit.setAccessibleName(_("Datum der Überprüfung"))
        self.day_edit.sig_date_edited.connect(self._day_changed)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(_("Anlass, z. B. Lenkungskreis im Frühjahr"))
        self.title_edit.setAccessibleName(_("Anlass der Überprüfung"))
        self.title_edit.textEdited.connect(lambda text: self._edit(lambda r: setattr(r, "title", text), ("title",)))
        self.title_edit.editingFinished.connect(self.session.end_merge)
        head.addWidget(self.day_edit)
        head.addWidget(self.title_edit, 1)
        self.detail.addLayout(head)
        self.detail.addWidget(self.day_edit.message)

        self.detail.addWidget(section_title(_("Stand der Ziele und Meilensteine")))
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        for column, title in enumerate((_("Ziel / Meilenstein"), _("Status"), _("Fortschritt"), _("Kommentar"))):
            grid.addWidget(bold_label(title), 0, column)
        line = 1
        group = None
        for target_id, label, group_name in targets(self.session.project):
            if group_name != group:
                group = group_name
                grid.addWidget(muted(group_name), line, 0, 1, 4)
                line += 1
            row = EntryRow(target_id, self.checks)
            name = wrapped_label(label)
            row.status.setAccessibleName(_("Status: {target}").format(target=label))
            row.progress.setAccessibleName(_("Fortschritt: {target}").format(target=label))
            row.comment.setAccessibleName(_("Kommentar: {target}").format(target=label))
            for widget in (row.status, row.progress, row.comment):
                set_help(widget, label, _(
                    "Wie steht es um dieses Ziel oder diesen Meilenstein? Status und Fortschritt in "
                    "Prozent gelten für den Tag der Überprüfung; der Verlauf oben zeigt sie neben "
                    "den früheren Überprüfungen."))
            row.status.activated.connect(lambda _i, t=target_id, c=row.status: self._set_entry(t, "status", ReviewStatus(c.currentData())))
            row.progress.valueChanged.connect(lambda value, t=target_id: self._set_entry(t, "progress", value, merge=True))
            row.progress.editingFinished.connect(self.session.end_merge)
            row.comment.textEdited.connect(lambda text, t=target_id: self._set_entry(t, "comment", text, merge=True))
            row.comment.editingFinished.connect(self.session.end_merge)
            grid.addWidget(name, line, 0)
            grid.addWidget(row.status, line, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.progress, line, 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.comment, line, 3, Qt.AlignmentFlag.AlignTop)
            self.entry_rows[target_id] = row
            line += 1
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(3, 2)
        self.detail.addLayout(grid)

        self.detail.addWidget(separator())
        self.detail.addWidget(section_title(_("Reflexion")))
        self.detail.addWidget(muted(self.checks.reflection_intro.get_text()))
        for item in reflection_questions(self.session.project, self.checks):
            who = item.partner_id or ""
            self.detail.addWidget(bold_label(item.text))
            edit = FocusPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setAccessibleName(item.text)
            edit.setPlaceholderText(_("Antwort der Runde"))
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 2 + 16)
            edit.textChanged.connect(lambda q=item.question_id, p=who, e=edit: self._reflect(q, p, e.toPlainText()))
            edit.sig_focus_left.connect(self.session.end_merge)
            set_help(edit, _("Reflexion"), item.text)
            self.reflection_edits[(item.question_id, who)] = edit
            self.detail.addWidget(edit)
        place_after(self.delete_button, self.detail_host)  # built after the window: keep reading order

    def _show_values(self, review: ProgressReview) -> None:
        """Show the stored values, touching only what differs (typing is never disturbed)."""
        self.day_edit.set_date(review.day)
        if self.title_edit.text() != review.title:
            self.title_edit.setText(review.title)
        for target_id, row in self.entry_rows.items():
            entry = review.entry(target_id) or ReviewEntry(target_id)
            row.status.select_data(entry.status.value)
            if row.progress.value() != entry.progress:
                row.progress.blockSignals(True)
                row.progress.setValue(entry.progress)
                row.progress.blockSignals(False)
            if row.comment.text() != entry.comment:
                row.comment.setText(entry.comment)
        for (question_id, who), edit in self.reflection_edits.items():
            text = review.reflections.get(question_id, {}).get(who, "")
            if edit.toPlainText() != text:
                edit.blockSignals(True)
                edit.setPlainText(text)
                edit.blockSignals(False)

    # --- editing ---------------------------------------------------------------------------------------
    def _edit(self, change: Callable[[ProgressReview], None], merge: tuple | None = None) -> None:
        review = self.review()
        if review is None:
            return
        updated = copy.deepcopy(review)
        change(updated)
        key = ("review", review.id, *merge) if merge else None
        self.session.save_review(updated, merge_key=key)

    def _day_changed(self, value: date) -> None:
        self._edit(lambda r: setattr(r, "day", value), ("day",))

    def _set_entry(self, target_id: str, field: str, value: object, merge: bool = False) -> None:
        def change(review: ProgressReview) -> None:
            entry = review.entry(target_id)
            if entry is None:
                entry = ReviewEntry(target_id)
                review.entries.append(entry)
            setattr(entry, field, value)

        self._edit(change, ("entry", target_id, field) if merge else None)

    def _reflect(self, question_id: str, who: str, text: str) -> None:
        def change(review: ProgressReview) -> None:
            answers = review.reflections.setdefault(question_id, {})
            if text.strip():
                answers[who] = text
            else:
                answers.pop(who, None)
            if not answers:
                review.reflections.pop(question_id, None)

        self._edit(change, ("reflection", question_id, who))

    def add_review(self) -> None:
        """A review for today (or the one that exists already), starting from the last state."""
        today = date.today()
        existing = next((r for r in self.session.project.reviews if r.day == today), None)
        if existing is not None:
            self.select(existing.id)
            return
        review = new_review(self.session.project, today)
        self._selected_id = review.id
        self.session.save_review(review, text=_("Überprüfung anlegen"))

    def delete_review(self) -> None:
        review = self.review()
        if review is None:
            return
        answer = QMessageBox.question(
            self, _("Überprüfung löschen"),
            _("Die Überprüfung vom {day} mit allen Angaben löschen? (Rückgängig machen mit Strg+Z)").format(day=format_day(review.day)),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.session.remove_review(review.id)

    # --- Page ----------------------------------------------------------------------------------------
    def on_changed(self, change: Change) -> None:
        if change.kind in ("reviews", "goals", "milestones", "partners", "project"):
            self.refresh()

    def focus_entity(self, kind: str, entity_id: str) -> None:
        if kind == "reviews":
            self.select(entity_id)
