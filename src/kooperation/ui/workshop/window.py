"""Workshop mode: the work plan on the projector, full screen, driven from the keyboard.

The window shows the four phases of the Partnership Journey as cards that fill up as the
partners work (the A0 work plan of the paper workshop), and the current phase's task and guiding
questions in type large enough for the back of a room (every size follows the window height).
Each phase has an optional count-down from its planned minutes; "+" and "-" change the minutes
and store them with the project (undoable, as every edit). Edits made in the project window show
at once: the window follows the session's ``sig_changed``.

Keys: → / Bild ↓ / Leertaste next phase, ← / Bild ↑ previous, Pos1/Ende and 1–4 jump, T timer
start/pause, R reset, + / - minutes, P poster, F1 or ? help, Esc leaves.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontDatabase,
    QKeyEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kooperation.domain.checks import load_checks
from kooperation.domain.checks_logic import PhaseStatus, workplan
from kooperation.i18n import _, ngettext
from kooperation.ui.palette import PROBLEM, make_muted, muted_colour, scheme
from kooperation.ui.session import Change, ProjectSession
from kooperation.ui.workshop.cards import PhaseCard
from kooperation.ui.workshop.content import phase_details
from kooperation.ui.workshop.timer import Clock, Countdown, clock_text, step_minutes

TICK_MS = 250
"""How often a running timer refreshes the display."""

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Down}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Backspace}


def key_help() -> list[tuple[str, str]]:
    """The keys of workshop mode with what they do (for the help overlay)."""
    return [
        (_("→  Bild ↓  Leertaste"), _("nächste Phase")),
        (_("←  Bild ↑"), _("vorige Phase")),
        (_("1 – 4,  Pos1,  Ende"), _("zu einer Phase springen")),
        (_("T"), _("Timer starten oder anhalten")),
        (_("R"), _("Timer zurücksetzen")),
        (_("+  /  −"), _("geplante Minuten der Phase ändern")),
        (_("P"), _("Arbeitsplan als Plakat (PDF) speichern")),
        (_("F1  /  ?"), _("diese Hilfe ein- und ausblenden")),
        (_("Esc"), _("Workshop-Modus beenden")),
    ]


def _set_colour(label: QLabel, colour: QColor) -> None:
    palette = label.palette()
    if palette.color(QPalette.ColorRole.WindowText) != colour:
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        label.setPalette(palette)


class WorkshopWindow(QWidget):
    """The full-screen work plan of one open project (see the module docstring)."""

    sig_closed = Signal()
    """Emitted when workshop mode is left."""

    sig_phase_changed = Signal(int)
    """Emitted with the index (0–3) of the phase now shown."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None, clock: Clock | None = None,
                 poster: object | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.session = session
        self._clock = clock
        self._save_poster = poster
        self.index = 0
        self._fitting = False
        self.phases: list[PhaseStatus] = []
        self.defaults = {p.id: p.minutes for p in load_checks().phases}
        self.timers: dict[str, Countdown] = {}
        self.base = 20.0
        self._build()
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.refresh_timer)
        self._note_timer = QTimer(self, singleShot=True, interval=6000)
        self._note_timer.timeout.connect(lambda: self.note.setText(""))
        session.sig_changed.connect(self._on_changed)
        session.destroyed.connect(self.close)
        self.refresh()
        self.index = next((i for i, p in enumerate(self.phases) if not p.done), 0)
        self.refresh()
        self._apply_sizes()

    # --- building -------------------------------------------------------------------------------

    def _new_label(self, name: str, wrap: bool = True) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(wrap)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _build(self) -> None:
        self.caption = make_muted(self._new_label("caption"))
        self.project_name = self._new_label("projectName")
        self.timer_label = self._new_label("timer", wrap=False)
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.timer_state = self._new_label("timerState", wrap=False)
        self.timer_state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        names = QVBoxLayout()
        names.addWidget(self.caption)
        names.addWidget(self.project_name)
        clock = QVBoxLayout()
        clock.addWidget(self.timer_label)
        clock.addWidget(self.timer_state)
        self.top = QHBoxLayout()
        self.top.addLayout(names, 1)
        self.top.addLayout(clock)

        self.cards: list[PhaseCard] = []
        self.plan = QHBoxLayout()
        for index in range(len(load_checks().phases)):
            card = PhaseCard(index)
            card.sig_clicked.connect(self.go_to)
            self.cards.append(card)
            self.plan.addWidget(card, 1)

        self.phase_title = self._new_label("phaseTitle")
        self.task = self._new_label("task")
        self.task.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.questions_title = self._new_label("questionsTitle")
        self.questions = QLabel()
        self.questions.setObjectName("questions")
        self.questions.setWordWrap(True)
        self.questions.setTextFormat(Qt.TextFormat.RichText)
        self.questions.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for label in (self.task, self.questions):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
            label.installEventFilter(self)
        left = QVBoxLayout()
        left.addWidget(self.phase_title)
        left.addWidget(self.task, 1)
        right = QVBoxLayout()
        right.addWidget(self.questions_title)
        right.addWidget(self.questions, 1)
        self.detail = QHBoxLayout()
        self.detail.addLayout(left, 2)
        self.detail.addLayout(right, 3)

        self.keys = make_muted(self._new_label("keys", wrap=False))
        self.note = self._new_label("note", wrap=False)
        self.note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bottom = QHBoxLayout()
        bottom.addWidget(self.keys, 1)
        bottom.addWidget(self.note)

        self.rule = QFrame()
        self.rule.setFrameShape(QFrame.Shape.HLine)
        self.rule.setFrameShadow(QFrame.Shadow.Plain)

        self.main = QVBoxLayout(self)
        self.main.addLayout(self.top)
        self.main.addLayout(self.plan, 5)
        self.main.addWidget(self.rule)
        self.main.addLayout(self.detail, 6)
        self.main.addLayout(bottom)

        self.help_panel = QLabel(self)
        self.help_panel.setObjectName("keyHelp")
        self.help_panel.setTextFormat(Qt.TextFormat.RichText)
        self.help_panel.setAutoFillBackground(True)
        self.help_panel.setFrameShape(QFrame.Shape.Box)
        self.help_panel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.help_panel.hide()

        self.caption.setText(_("Workshop-Modus · Arbeitsplan"))
        self.questions_title.setText(_("Leitfragen"))
        self.keys.setText(_("→ weiter   ← zurück   T Timer   R zurücksetzen   +/− Minuten   F1 Hilfe   Esc beenden"))
        rows = "".join(
            f"<tr><td align='right' style='padding-right:24px'><b>{html.escape(key)}</b></td>"
            f"<td>{html.escape(text)}</td></tr>"
            for key, text in key_help()
        )
        self.help_panel.setText(
            f"<h2>{html.escape(_('Tasten im Workshop-Modus'))}</h2><table cellspacing='6'>{rows}</table>"
        )

    # --- state ----------------------------------------------------------------------------------

    @property
    def phase(self) -> PhaseStatus:
        return self.phases[self.index]

    def minutes(self, phase_id: str) -> int:
        """The planned minutes of a phase: the project's own, else the catalogue's."""
        own = self.session.project.assessment.phase_minutes.get(phase_id)
        return int(own) if own else self.defaults.get(phase_id, 30)

    def timer(self, phase_id: str) -> Countdown:
        if phase_id not in self.timers:
            self.timers[phase_id] = Countdown(self._clock)
        return self.timers[phase_id]

    # --- actions --------------------------------------------------------------------------------

    def go_to(self, index: int) -> None:
        index = max(0, min(len(self.phases) - 1, index))
        if index != self.index:
            self.index = index
            self.refresh()
            self.sig_phase_changed.emit(index)

    def next_phase(self) -> None:
        self.go_to(self.index + 1)

    def previous_phase(self) -> None:
        self.go_to(self.index - 1)

    def toggle_timer(self) -> None:
        self.timer(self.phase.phase_id).toggle()
        self.refresh_timer()

    def reset_timer(self) -> None:
        self.timer(self.phase.phase_id).reset()
        self.refresh_timer()

    def change_minutes(self, up: bool) -> bool:
        """Plan more or less time for the current phase; stored with the project (undoable).
        The catalogue's time is stored as "no own time"."""
        phase_id = self.phase.phase_id
        value = step_minutes(self.minutes(phase_id), up)
        default = self.defaults.get(phase_id)

        def mutate(assessment) -> None:
            if value == default:
                assessment.phase_minutes.pop(phase_id, None)
            else:
                assessment.phase_minutes[phase_id] = value

        return self.session.edit_assessment(
            mutate, text=_("Zeit der Phase ändern"), merge_key=("phase_minutes", phase_id), part="phase_minutes"
        )

    def toggle_help(self) -> None:
        if self.help_panel.isVisible():
            self.help_panel.hide()
        else:
            self._place_help()
            self.help_panel.show()
            self.help_panel.raise_()

    def save_poster(self) -> None:
        """P: the work plan as a poster (PDF); leaves full screen for the dialogs' sake only
        while they are open."""
        if callable(self._save_poster):
            self._save_poster(self)
            return
        from kooperation.ui.workshop.poster_action import save_poster

        settings = getattr(self.parent(), "settings", None)
        save_poster(self, self.session.project, self.show_note, settings)

    def show_note(self, text: str) -> None:
        """A short message at the bottom right for a few seconds."""
        self.note.setText(text)
        self._note_timer.start()

    # --- refreshing -----------------------------------------------------------------------------

    def _on_changed(self, change: Change) -> None:
        if change.kind != "drafts":
            self.refresh()

    def refresh(self) -> None:
        """Everything from the project as it is now."""
        project = self.session.project
        self.phases = workplan(project)
        self.index = max(0, min(self.index, len(self.phases) - 1))
        self.setWindowTitle(_("Workshop-Modus – {name}").format(name=project.name))
        self.project_name.setText(project.name or _("(ohne Namen)"))
        for card, phase in zip(self.cards, self.phases, strict=False):
            card.set_phase(phase, phase_details(project, phase.page), card.index == self.index)
        phase = self.phase
        self.phase_title.setText(
            _("Phase {number} von {total}: {name}").format(number=phase.number, total=len(self.phases), name=phase.name)
        )
        self.task.setText(phase.task)
        self.questions.setText(
            "<table cellspacing='0' cellpadding='0'>"
            + "".join(
                f"<tr><td style='padding-right:12px'>•</td><td style='padding-bottom:8px'>{html.escape(q)}</td></tr>"
                for q in phase.questions
            )
            + "</table>"
        )
        self.fit_texts()
        self.refresh_timer()

    def refresh_timer(self) -> None:
        """The count-down of the current phase (big, top right) and of every started phase (on
        its card); the warning colour once a phase's time is up."""
        alarm = QColor(PROBLEM[scheme(self.palette())])
        any_running = False
        for card, phase in zip(self.cards, self.phases, strict=False):
            countdown = self.timers.get(phase.phase_id)
            if countdown is None or not countdown.started:
                card.set_timer("", False, alarm)
                continue
            any_running = any_running or countdown.running
            left = countdown.remaining(self.minutes(phase.phase_id) * 60)
            text = clock_text(left) if left > 0 else _("Zeit ist um")
            card.set_timer(("▶ " if countdown.running else "‖ ") + text, left <= 0, alarm)
        phase = self.phase
        countdown = self.timer(phase.phase_id)
        minutes = self.minutes(phase.phase_id)
        left = countdown.remaining(minutes * 60)
        planned = ngettext("{n} Minute geplant", "{n} Minuten geplant", minutes).format(n=minutes)
        normal = self.palette().color(QPalette.ColorRole.WindowText)
        if left <= 0:
            self.timer_label.setText("+" + clock_text(-left))
            self.timer_state.setText(_("Zeit ist um · {planned}").format(planned=planned))
            _set_colour(self.timer_label, alarm)
            _set_colour(self.timer_state, alarm)
            self._set_bold(self.timer_state, True)
        else:
            self.timer_label.setText(clock_text(left))
            if countdown.running:
                state = _("läuft · {planned}").format(planned=planned)
            elif countdown.started:
                state = _("angehalten · {planned}").format(planned=planned)
            else:
                state = _("T startet den Timer · {planned}").format(planned=planned)
            self.timer_state.setText(state)
            self._set_bold(self.timer_state, False)
            _set_colour(self.timer_label, normal if countdown.started else muted_colour(self.palette()))
            _set_colour(self.timer_state, muted_colour(self.palette()))
        if any_running and not self._ticker.isActive():
            self._ticker.start()
        elif not any_running:
            self._ticker.stop()

    # --- look -----------------------------------------------------------------------------------

    @staticmethod
    def _set_bold(label: QLabel, bold: bool) -> None:
        font = label.font()
        if font.bold() != bold:
            font.setBold(bold)
            label.setFont(font)

    def _font(self, factor: float, bold: bool = False, fixed: bool = False) -> QFont:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont) if fixed else QFont(self.font())
        font.setPixelSize(max(8, round(self.base * factor)))
        font.setBold(bold)
        return font

    def _apply_sizes(self) -> None:
        """Every size from the window height: the base type is a fortieth of it."""
        self.base = max(12.0, self.height() / 40)
        base = self.base
        self.caption.setFont(self._font(0.75, bold=True))
        self.project_name.setFont(self._font(1.6, bold=True))
        self.timer_label.setFont(self._font(2.4, bold=True, fixed=True))
        self.timer_state.setFont(self._font(0.75, bold=self.timer_state.font().bold()))
        self.phase_title.setFont(self._font(1.2, bold=True))
        self.questions_title.setFont(self._font(0.8, bold=True))
        self.keys.setFont(self._font(0.6))
        self.note.setFont(self._font(0.65, bold=True))
        self.help_panel.setFont(self._font(0.95))
        for card in self.cards:
            card.set_base(base)
        margin = round(base * 1.1)
        self.main.setContentsMargins(margin, round(base * 0.7), margin, round(base * 0.5))
        self.main.setSpacing(round(base * 0.6))
        self.plan.setSpacing(round(base * 0.6))
        self.detail.setSpacing(round(base * 1.5))
        self.rule.setLineWidth(max(1, round(base / 14)))
        self._place_help()
        self.fit_texts()

    TEXT_SIZES = {"task": 1.0, "questions": 1.08}
    """The type of the task and the questions, in base sizes (shrunk only if they do not fit)."""

    def fit_texts(self) -> None:
        """Task and questions at their full size if they fit their area, else a little smaller
        (down to 60 %), so that nothing is cut off on a 4:3 projector."""
        if self._fitting:
            return
        self._fitting = True
        try:
            for label, factor in ((self.task, self.TEXT_SIZES["task"]), (self.questions, self.TEXT_SIZES["questions"])):
                size = max(8, round(self.base * factor))
                smallest = max(8, round(self.base * factor * 0.6))
                font = QFont(label.font())
                while True:
                    font.setPixelSize(size)
                    label.setFont(font)
                    width, height = label.width(), label.height()
                    if size <= smallest or width <= 0 or height <= 0 or label.heightForWidth(width) <= height:
                        break
                    size -= 1
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched in (self.task, self.questions) and event.type() == QEvent.Type.Resize:
            self.fit_texts()
        return False

    def _place_help(self) -> None:
        width, height = round(self.width() * 0.6), round(self.height() * 0.7)
        self.help_panel.setGeometry((self.width() - width) // 2, (self.height() - height) // 2, width, height)
        self.help_panel.setMargin(round(self.base))
        self.help_panel.setLineWidth(max(1, round(self.base / 10)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._apply_sizes()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (event.Type.PaletteChange, event.Type.ApplicationPaletteChange):
            self.refresh_timer()

    # --- keys -----------------------------------------------------------------------------------

    def _escape(self) -> None:
        if self.help_panel.isVisible():
            self.help_panel.hide()
        else:
            self.close()

    def key_action(self, event: QKeyEvent) -> Callable[[], object] | None:
        """What a key does in workshop mode (None: nothing)."""
        key, text = event.key(), event.text()
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return None
        if key == Qt.Key.Key_Escape:
            return self._escape
        if key in (Qt.Key.Key_F1, Qt.Key.Key_Question) or text == "?":
            return self.toggle_help
        if key == Qt.Key.Key_F11:
            return self.close
        if key in NEXT_KEYS:
            return self.next_phase
        if key in PREVIOUS_KEYS:
            return self.previous_phase
        if key == Qt.Key.Key_Home:
            return lambda: self.go_to(0)
        if key == Qt.Key.Key_End:
            return lambda: self.go_to(len(self.phases) - 1)
        if text.isdigit() and 1 <= int(text) <= len(self.phases):
            return lambda: self.go_to(int(text) - 1)
        if key == Qt.Key.Key_T:
            return self.toggle_timer
        if key == Qt.Key.Key_R:
            return self.reset_timer
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) or text == "+":
            return lambda: self.change_minutes(up=True)
        if key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore) or text in ("-", "−"):
            return lambda: self.change_minutes(up=False)
        if key == Qt.Key.Key_P:
            return self.save_poster
        return None

    def event(self, event: QEvent) -> bool:
        """Our keys are ours: no shortcut of another window (F1 help, F11) takes them away."""
        if event.type() == QEvent.Type.ShortcutOverride and self.key_action(event) is not None:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        action = self.key_action(event)
        if action is None:
            super().keyPressEvent(event)
            return
        action()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self._ticker.stop()
        self.sig_closed.emit()
        super().closeEvent(event)


def open_workshop(session: ProjectSession, parent: QWidget | None = None, clock: Clock | None = None) -> WorkshopWindow:
    """Show workshop mode for ``session`` full screen and give it the keyboard."""
    window = WorkshopWindow(session, parent, clock)
    window.showFullScreen()
    window.raise_()
    window.activateWindow()
    window.setFocus()
    return window
