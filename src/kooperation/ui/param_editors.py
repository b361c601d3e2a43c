"""One editor widget per parameter type of the rules catalogue.

`make_editor(param)` builds the widget that fits the parameter's type (spin box for numbers,
combo box for choices and partners, date edit, check box …). Every editor shows a value given to
`set_value` without emitting anything, and reports what the user did with two signals: the new
value, ready to be stored as JSON (dates as ISO strings, partners as ids, None for "no value"),
and "finished", after which typing no longer merges into the previous undo step. Ranges and
validators make invalid values impossible to enter; the editors never touch the session.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.catalogue import Param
from kooperation.domain.model import Partner
from kooperation.i18n import _, current_language
from kooperation.ui.date_edit import DateEdit

MONEY_MAX = 10_000_000
INTEGER_MAX = 1_000_000
_INPUT_LOCALES = {
    "de": QLocale(QLocale.Language.German, QLocale.Country.Germany),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
}


def input_locale() -> QLocale:
    """How numbers are typed and shown in the fields: the interface language's format."""
    return _INPUT_LOCALES.get(current_language(), _INPUT_LOCALES["de"])


# --- small helpers shared by the rules page (colours: see ui.palette) ---------------------


def unit_suffix(unit: str | None, value: int) -> str:
    """The spin box suffix for ``unit``, singular for 1 ("1 Monat", "3 Monate", "75 %")."""
    words = {
        "days": (_("Tag"), _("Tage")),
        "weeks": (_("Woche"), _("Wochen")),
        "months": (_("Monat"), _("Monate")),
        "years": (_("Jahr"), _("Jahre")),
    }
    if unit in words:
        singular, plural = words[unit]
        return " " + (singular if value == 1 else plural)
    if unit == "percent":
        return " %"
    return ""


def wrapped_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that wraps its text and can be as narrow as the layout needs."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class FocusPlainTextEdit(QPlainTextEdit):
    """A plain text field that says when it loses the focus (to close the undo merge)."""

    sig_focus_left = Signal()
    """Emitted when the field loses the keyboard focus."""

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.sig_focus_left.emit()


def to_iso(value: Any) -> str | None:
    """A date parameter value (ISO string or `date`) as ISO string; None if it is not a date."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    return None


# --- the editors ---------------------------------------------------------------------------


class ParamEditor(QWidget):
    """Base of the editors: one main widget in a row, plus the two signals."""

    sig_edited = Signal(object)
    """Emitted when the user changed the value; carries the new JSON value (None: no value)."""

    sig_finished = Signal()
    """Emitted when an edit is complete (field left, or a discrete choice made)."""

    wide = False
    """Whether the editor should take the whole width of its column (text, lists)."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = param
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._styled: list[QWidget] = []

    def _add(self, widget: QWidget, stretch: int = 0, styled: bool = True) -> QWidget:
        self._row.addWidget(widget, stretch)
        if styled:
            self._styled.append(widget)
        return widget

    def _emit(self, value: Any, discrete: bool = False) -> None:
        if discrete:
            self.sig_finished.emit()
        self.sig_edited.emit(value)

    def set_value(self, value: Any) -> None:
        """Show ``value`` (may be None) without emitting and without moving the cursor if it is
        already shown."""
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def set_partners(self, partners: list[Partner]) -> None:
        """Offer these partners (only partner editors care)."""

    def set_suggested(self, suggested: bool) -> None:
        """Show the value in italics while it is only the catalogue's suggestion."""
        for widget in self._styled:
            font = QFont(widget.font())
            if font.italic() != suggested:
                font.setItalic(suggested)
                widget.setFont(font)

    def focus_widget(self) -> QWidget:
        return self._styled[0] if self._styled else self


class IntegerEditor(ParamEditor):
    """A whole number with the catalogue's bounds and the unit as suffix."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.spin = QSpinBox()
        low = int(param.min) if param.min is not None else 0
        high = int(param.max) if param.max is not None else INTEGER_MAX
        self.spin.setRange(low, max(low, high))
        self.spin.setLocale(input_locale())
        self.spin.setAccelerated(True)
        self.spin.setSuffix(unit_suffix(param.unit, self.spin.value()))
        # room for the plural suffix and the largest number
        self.spin.setMinimumWidth(
            self.spin.fontMetrics().horizontalAdvance(f"{high}{unit_suffix(param.unit, 2)}") + 48
        )
        self._add(self.spin)
        self.spin.valueChanged.connect(self._changed)
        self.spin.editingFinished.connect(self.sig_finished)

    def _changed(self, value: int) -> None:
        self.spin.setSuffix(unit_suffix(self.param.unit, value))
        self._emit(int(value))

    def set_value(self, value: Any) -> None:
        try:
            number = int(value) if value is not None else self.spin.minimum()
        except (TypeError, ValueError):
            number = self.spin.minimum()
        if number != self.spin.value():
            self.spin.blockSignals(True)
            self.spin.setValue(number)
            self.spin.blockSignals(False)
        self.spin.setSuffix(unit_suffix(self.param.unit, self.spin.value()))

    def value(self) -> int:
        return self.spin.value()


class MoneyEditor(ParamEditor):
    """An amount in euros in the interface language's number format, 0 to 10 million."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.spin = QDoubleSpinBox()
        self.spin.setLocale(input_locale())
        self.spin.setDecimals(2)
        self.spin.setGroupSeparatorShown(True)
        low = max(0.0, float(param.min)) if param.min is not None else 0.0
        high = (
            min(float(MONEY_MAX), float(param.max)) if param.max is not None else float(MONEY_MAX)
        )
        self.spin.setRange(low, max(low, high))
        self.spin.setSingleStep(100.0)
        self.spin.setSuffix(" €")
        self.spin.setAccelerated(True)
        self.spin.setMinimumWidth(self.spin.fontMetrics().horizontalAdvance("10.000.000,00 €") + 48)
        self._add(self.spin)
        self.spin.valueChanged.connect(self._changed)
        self.spin.editingFinished.connect(self.sig_finished)

    def _changed(self, value: float) -> None:
        amount = round(float(value), 2)
        self._emit(int(amount) if amount.is_integer() else amount)

    def set_value(self, value: Any) -> None:
        try:
            amount = (
                float(value)
                if value is not None and not isinstance(value, bool)
                else self.spin.minimum()
            )
        except (TypeError, ValueError):
            amount = self.spin.minimum()
        if abs(amount - self.spin.value()) > 0.004:
            self.spin.blockSignals(True)
            self.spin.setValue(amount)
            self.spin.blockSignals(False)

    def value(self) -> float:
        return self.spin.value()


class TextEditor(ParamEditor):
    """A line of text, or a few lines if the catalogue says multiline."""

    wide = True

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.multiline = param.multiline
        if self.multiline:
            self.edit: QLineEdit | FocusPlainTextEdit = FocusPlainTextEdit()
            self.edit.setTabChangesFocus(True)
            lines = self.edit.fontMetrics().lineSpacing()
            self.edit.setFixedHeight(lines * 4 + 14)
            self.edit.textChanged.connect(lambda: self._emit(self.edit.toPlainText() or None))
            self.edit.sig_focus_left.connect(self.sig_finished)
        else:
            self.edit = QLineEdit()
            self.edit.setMaxLength(1000)
            self.edit.textEdited.connect(lambda text: self._emit(text or None))
            self.edit.editingFinished.connect(self.sig_finished)
        self._add(self.edit, 1)

    def _text(self) -> str:
        return self.edit.toPlainText() if self.multiline else self.edit.text()

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if text == self._text():
            return
        self.edit.blockSignals(True)
        if self.multiline:
            self.edit.setPlainText(text)
        else:
            self.edit.setText(text)
        self.edit.blockSignals(False)

    def value(self) -> str:
        return self._text()


class _Combo(QComboBox):
    """A combo box whose closed width stays modest but whose popup shows the whole labels."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.currentIndexChanged.connect(lambda _i: self.setToolTip(self.currentText()))

    def showPopup(self) -> None:  # noqa: N802 - Qt API
        view = self.view()
        view.setMinimumWidth(min(view.sizeHintForColumn(0) + 32, 900))
        super().showPopup()

    def select_data(self, data: Any) -> None:
        index = self.findData(data)
        if index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)
            self.setToolTip(self.currentText())


class ChoiceEditor(ParamEditor):
    """One of the catalogue's options."""

    wide = True

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.combo = _Combo()
        for option in param.options:
            self.combo.addItem(option.label.get_text(), option.id)
        self.combo.setCurrentIndex(-1)
        self._add(self.combo, 1)
        self.combo.currentIndexChanged.connect(
            lambda _i: self._emit(self.combo.currentData(), discrete=True)
        )

    def set_value(self, value: Any) -> None:
        self.combo.select_data(None if value is None else str(value))

    def value(self) -> str | None:
        return self.combo.currentData()

    def set_suggested(self, suggested: bool) -> None:
        super().set_suggested(suggested)
        self.combo.view().setFont(self.font())


class PartnerEditor(ParamEditor):
    """One partner of the project, by short name; stores the partner's id."""

    wide = True

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.combo = _Combo()
        self.combo.addItem(_("— bitte wählen —"), None)
        self._add(self.combo, 1)
        self.combo.currentIndexChanged.connect(
            lambda _i: self._emit(self.combo.currentData(), discrete=True)
        )

    def set_partners(self, partners: list[Partner], flagged: tuple[str, ...] = ()) -> None:
        """Offer ``partners``; a partner in ``flagged`` is stored but may not hold the job (not a
        full partner): it stays visible, marked, until the user picks another."""
        wanted = [
            (
                _("{name} (kein Vollpartner)").format(name=p.display_name or _("(ohne Namen)"))
                if p.id in flagged
                else p.display_name or _("(ohne Namen)"),
                p.id,
                p.name,
            )
            for p in partners
        ]
        have = [
            (self.combo.itemText(i), self.combo.itemData(i)) for i in range(1, self.combo.count())
        ]
        if have == [(text, pid) for text, pid, _name in wanted]:
            return
        current = self.combo.currentData()
        self.combo.blockSignals(True)
        while self.combo.count() > 1:
            self.combo.removeItem(1)
        for text, pid, name in wanted:
            self.combo.addItem(text, pid)
            self.combo.setItemData(self.combo.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.blockSignals(False)

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.select_data(self.combo.itemData(max(0, index)))

    def value(self) -> str | None:
        return self.combo.currentData()

    def set_suggested(self, suggested: bool) -> None:
        super().set_suggested(suggested)
        self.combo.view().setFont(self.font())


class PartnersEditor(ParamEditor):
    """Several partners, as a list with a check box per partner; stores a list of ids."""

    wide = True

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._add(self.list, 1)
        self.list.itemChanged.connect(lambda _item: self._emit(self.value() or None, discrete=True))

    def set_partners(self, partners: list[Partner]) -> None:
        wanted = [(p.display_name or _("(ohne Namen)"), p.id) for p in partners]
        have = [
            (self.list.item(i).text(), self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
        ]
        if have == wanted:
            return
        checked = set(self.value())
        self.list.blockSignals(True)
        self.list.clear()
        for text, pid in wanted:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if pid in checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        rows = max(1, min(len(wanted), 6))
        row_height = self.list.sizeHintForRow(0) if wanted else self.list.fontMetrics().height() + 6
        self.list.setFixedHeight(rows * row_height + 2 * self.list.frameWidth() + 4)

    def set_value(self, value: Any) -> None:
        ids = {str(v) for v in value} if isinstance(value, list | tuple) else set()
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            state = (
                Qt.CheckState.Checked
                if item.data(Qt.ItemDataRole.UserRole) in ids
                else Qt.CheckState.Unchecked
            )
            if item.checkState() != state:
                item.setCheckState(state)
        self.list.blockSignals(False)

    def value(self) -> list[str]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]


class DateEditor(ParamEditor):
    """A date typed as people write it or picked in the calendar, and "kein Datum" to leave it
    empty; stores ISO dates. A text that is no date is refused (red, with the reason under the
    field) and not stored."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.edit = DateEdit()
        self.edit.set_date(date.today())
        self.none = QCheckBox(_("kein Datum"))
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        line = QHBoxLayout()
        line.addWidget(self.edit)
        line.addWidget(self.none)
        line.addStretch(1)
        column.addLayout(line)
        column.addWidget(self.edit.message)
        self._add(box, 1, styled=False)
        self._styled.append(self.edit)
        self.edit.sig_date_edited.connect(self._date_changed)
        self.edit.editingFinished.connect(self.sig_finished)
        self.none.toggled.connect(self._none_toggled)

    def _date_changed(self, _value: date | None) -> None:
        if not self.none.isChecked():
            self._emit(self.value())

    def _none_toggled(self, checked: bool) -> None:
        self.edit.setEnabled(not checked)
        if checked:
            self.edit.set_date(self.edit.value())  # a refused text goes with the date
        self._emit(self.value(), discrete=True)

    def set_value(self, value: Any) -> None:
        iso = to_iso(value)
        self.none.blockSignals(True)
        self.none.setChecked(iso is None)
        self.none.blockSignals(False)
        self.edit.setEnabled(iso is not None)
        if iso is not None:
            self.edit.set_date(date.fromisoformat(iso))

    def value(self) -> str | None:
        day = self.edit.value()
        if self.none.isChecked() or day is None:
            return None
        return day.isoformat()

    def focus_widget(self) -> QWidget:
        return self.edit


class BoolEditor(ParamEditor):
    """Yes or no."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.check = QCheckBox(_("ja"))
        self._add(self.check)
        self.check.toggled.connect(lambda checked: self._emit(bool(checked), discrete=True))

    def set_value(self, value: Any) -> None:
        wanted = bool(value) if isinstance(value, bool) else False
        if wanted != self.check.isChecked():
            self.check.blockSignals(True)
            self.check.setChecked(wanted)
            self.check.blockSignals(False)

    def value(self) -> bool:
        return self.check.isChecked()


EDITORS: dict[str, type[ParamEditor]] = {
    "integer": IntegerEditor,
    "money": MoneyEditor,
    "text": TextEditor,
    "choice": ChoiceEditor,
    "partner": PartnerEditor,
    "partners": PartnersEditor,
    "date": DateEditor,
    "bool": BoolEditor,
}


def make_editor(param: Param, parent: QWidget | None = None) -> ParamEditor:
    """The editor for ``param``'s type."""
    return EDITORS[param.type](param, parent)
