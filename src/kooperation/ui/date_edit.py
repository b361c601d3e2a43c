"""The one date field of the application, and its delegate for table cells.

`DateEdit` is a line edit: a person types a date the way they write it (``01.03.2027``,
``1.3.27``, ``01032027``, in English the locale's order) or picks it in the calendar (the icon in
the field, or Alt+↓ / F4). The text is read by `kooperation.domain.dates.parse_day` when the
field is left or Enter is pressed. A text that is no date is refused visibly - a red frame, the
reason as tooltip and in `message` (a label the caller may place under the field) - and nothing
is reported, so nothing is stored; the text stays for the person to correct it.
"""

from __future__ import annotations

import contextlib
from datetime import date

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from kooperation.domain.dates import (
    FIRST_DAY,
    LAST_DAY,
    DateInputError,
    example,
    format_entry,
    parse_day,
)
from kooperation.i18n import _
from kooperation.ui.palette import PROBLEM, make_problem, scheme


def _calendar_icon(colour: QColor) -> QIcon:
    """A small calendar sheet drawn in ``colour`` (no icon files needed)."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, 2.4))
    painter.drawRoundedRect(QRect(4, 6, 24, 22), 3, 3)
    painter.fillRect(QRect(5, 7, 23, 6), colour)
    painter.drawLine(10, 3, 10, 8)
    painter.drawLine(22, 3, 22, 8)
    for row in range(2):
        for column in range(3):
            painter.fillRect(QRect(9 + column * 6, 16 + row * 6, 3, 3), colour)
    painter.end()
    return QIcon(pixmap)


class DateEdit(QLineEdit):
    """A date typed as people write it, or picked in a calendar; ``optional`` allows no date
    (an empty field)."""

    sig_date_edited = Signal(object)
    """Emitted when the person entered a different valid date; carries a `date` (or None for
    "no date" in an optional field)."""

    sig_refused = Signal(str)
    """Emitted with the reason when the typed text was refused (nothing was taken over)."""

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False) -> None:
        super().__init__(parent)
        self.optional = optional
        self._value: date | None = None
        self._error: str | None = None
        self.suggestion: date | None = None
        """Where the calendar opens while the field is empty (default: today)."""
        self.calendar: QCalendarWidget | None = None
        self.setMaxLength(40)
        self.setPlaceholderText(_("kein Datum") if optional else example())
        self._help = _("Datum eingeben, z. B. {long} oder {short}; Alt+↓ öffnet den Kalender.").format(
            long=example(), short=_("1.3.27")
        )
        if optional:
            self._help += " " + _("Leer lassen (Entf): kein Datum.")
        self.setToolTip(self._help)
        self.calendar_action = self.addAction(
            _calendar_icon(self.palette().color(QPalette.ColorRole.Text)), QLineEdit.ActionPosition.TrailingPosition
        )
        self.calendar_action.setToolTip(_("Kalender öffnen (Alt+↓)"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(example() + "00") + 40)
        # a child from the start: a widget owned by Python alone may be freed by a garbage
        # collection running on a worker thread, which Qt does not survive
        self.message = make_problem(QLabel(self))
        """The reason of the last refusal in words (hidden while the text is fine); the caller
        places it under the field where there is room (until then it is never shown)."""
        self.message.setWordWrap(True)
        self.message.hide()
        self.editingFinished.connect(self.commit)
        self.textEdited.connect(self._typing)

    # --- value --------------------------------------------------------------------------------
    def value(self) -> date | None:
        """The last date taken over (what the caller stored), not the text being typed."""
        return self._value

    def set_date(self, value: date | None) -> None:
        """Show ``value`` without emitting. A text being typed, or a refused one, stays while
        ``value`` is still the date it would replace."""
        if value == self._value and (self._error or (self.isModified() and self.hasFocus())):
            return
        self._value = value
        self._set_error(None)
        text = format_entry(value) if value else ""
        if self.text() != text:
            self.setText(text)
        self.setModified(False)

    def error(self) -> str | None:
        """The reason the current text was refused, or None."""
        return self._error

    def commit(self) -> bool:
        """Read the text: a date (or nothing, if optional) is taken over and shown the standard
        way, and `sig_date_edited` says so if it changed; anything else is refused visibly.
        Returns whether the text was accepted."""
        text = self.text().strip()
        if not text and self.optional:
            value = None
        else:
            try:
                value = parse_day(text)
            except DateInputError as exc:
                self._set_error(str(exc))
                self.sig_refused.emit(str(exc))
                return False
        self._set_error(None)
        shown = format_entry(value) if value else ""
        if self.text() != shown:
            self.setText(shown)
        self.setModified(False)
        if value != self._value:
            self._value = value
            self.sig_date_edited.emit(value)
        return True

    def _typing(self, _text: str) -> None:
        if self._error:
            self._set_error(None, keep_tip=True)

    def _set_error(self, message: str | None, keep_tip: bool = False) -> None:
        if message == self._error:
            return
        self._error = message
        self.setToolTip(message or self._help)
        self.setAccessibleDescription(message or "")
        self.message.setText(message or "")
        self.message.setVisible(bool(message) and self.message.parentWidget() is not self)
        if message and self.isVisible():
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), message, self)
        elif not keep_tip:
            QToolTip.hideText()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if not self._error:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(PROBLEM[scheme(self.palette())]), 2))
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 3, 3)

    # --- calendar -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> QCalendarWidget:
        """Show the calendar under the field, at the typed date (or the suggestion)."""
        if self.calendar is None:
            # a child of the field, so that a table's editor stays open while it is shown
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(True)
            self.calendar.setDateRange(QDate(FIRST_DAY), QDate(LAST_DAY))
            self.calendar.activated.connect(self._picked)
            self.calendar.clicked.connect(self._picked)
        start = self._value or self.suggestion or date.today()
        with contextlib.suppress(DateInputError):
            start = parse_day(self.text())
        self.calendar.setSelectedDate(QDate(start))
        self.calendar.adjustSize()
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)
        return self.calendar

    def _picked(self, day: QDate) -> None:
        if self.calendar is not None:
            self.calendar.hide()
        self.setText(format_entry(day.toPython()))
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.commit()


# --- tables -----------------------------------------------------------------------------------

_FILLED = "kooperation_filled"


class DateDelegate(QStyledItemDelegate):
    """Edits an optional date in a table cell with a `DateEdit`. A refused text keeps the editor
    open on Enter and Tab; when the cell is left anyway, nothing is stored and `sig_refused`
    carries the reason (for a message beside the table)."""

    sig_refused = Signal(str)
    """Emitted with the reason (and that nothing was stored) when a typed date was refused."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:  # noqa: N802
        return DateEdit(parent, optional=True)

    def suggestion(self, index: QModelIndex) -> date | None:
        """Where the calendar of an empty cell opens; subclasses know better than today."""
        return None

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        # the tables are refreshed after every change: an open editor keeps what is typed
        if not isinstance(editor, DateEdit) or editor.property(_FILLED):
            return
        editor.setProperty(_FILLED, True)
        editor.set_date(index.data(Qt.ItemDataRole.EditRole))
        editor.suggestion = self.suggestion(index)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802
        if not isinstance(editor, DateEdit):
            return
        if not editor.commit():
            self.sig_refused.emit(f"{editor.error()} {_('Die Eingabe wurde nicht gespeichert.')}")
            return
        if editor.value() != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        if (
            isinstance(editor, DateEdit)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in keys
            and not editor.commit()
        ):
            return True  # stays open, red, with the reason as tooltip
        return super().eventFilter(editor, event)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        rect = QRect(option.rect)
        rect.setWidth(max(rect.width(), editor.minimumWidth()))
        editor.setGeometry(rect)

