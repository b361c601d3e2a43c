"""The short guided tour of the project window: five steps, each pointing at a part of it.

It starts by itself the first time a project is opened from the empty start page (the first run;
`TOUR_SEEN` remembers that it was offered) and from Hilfe › Rundgang at any time. A frame marks
the part explained, a bubble next to it says what it is for; "Weiter", "Zurück" and "Rundgang
beenden" (Esc) lead through it. Nothing in the project changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kooperation.i18n import _


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    area: Callable[[QWidget], QRect | None]
    """The part of the project window it points at, in the window's coordinates (None: missing)."""


def _part(name: str) -> Callable[[QWidget], QRect | None]:
    """The area of the project window's widget ``name`` (``nav``, ``stack`` …) while shown."""

    def area(window: QWidget) -> QRect | None:
        widget = getattr(window, name, None)
        if widget is None or not widget.isVisible():
            return None
        return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())

    return area


def _phase_entry(key: str) -> Callable[[QWidget], QRect | None]:
    """The area of the entry ``key`` in the list of phases, scrolled into view."""

    def area(window: QWidget) -> QRect | None:
        nav, row = getattr(window, "nav", None), getattr(window, "_rows", {}).get(key)
        if nav is None or row is None or not nav.isVisible():
            return None
        nav.scrollToItem(nav.item(row))
        rect = nav.visualItemRect(nav.item(row))
        return QRect(nav.viewport().mapTo(window, rect.topLeft()), rect.size())

    return area


def steps() -> list[Step]:
    """The tour: the phases, a page, the preview, the help, the drafts."""
    return [
        Step(
            _("Fünf Phasen"),
            _("Links führen fünf Phasen von den Partnern bis zum Entwurf. Sie können jederzeit "
              "springen; ein Häkchen zeigt, dass in einer Phase nichts Wichtiges mehr fehlt, eine "
              "Zahl, wie viele Punkte noch offen sind. Darunter stehen die Werkzeuge für das "
              "Treffen."),
            _part("nav"),
        ),
        Step(
            _("Die Seite der Phase"),
            _("Hier füllen Sie die Phase aus. Jede Eingabe wird sofort gespeichert – einen "
              "Speichern-Knopf gibt es nicht. Strg+Z macht jede Änderung rückgängig, auf allen "
              "Seiten."),
            _part("stack"),
        ),
        Step(
            _("Die Vorschau"),
            _("Rechts entsteht der Vertrag, während Sie schreiben. Gelb markiert sind Stellen, die "
              "noch offen sind; ein Klick in ein Feld zeigt, wo es im Vertrag steht."),
            _part("preview"),
        ),
        Step(
            _("Die Hilfe zum Feld"),
            _("Hier steht, was das Feld bedeutet, in dem der Cursor steht, und welche Klausel es "
              "steuert. F1 öffnet das Handbuch auf der Seite der gezeigten Phase."),
            _part("help"),
        ),
        Step(
            _("Entwürfe"),
            _("In Phase 5 erzeugen Sie Vertrag, Absichtserklärung, Vertraulichkeitsvereinbarung oder "
              "Projektskizze als DOCX und PDF. Jeder Entwurf wird als Version gespeichert und kann "
              "von Ihrer Rechtsberatung kommentiert werden."),
            _phase_entry("drafts"),
        ),
    ]


MARGIN = 12
BUBBLE_TEXT_WIDTH = 330


class Tour(QObject):
    """The tour over ``window`` (a project window); `start` shows the first step."""

    def __init__(self, window: QWidget, on_end: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.steps = steps()
        self.index = 0
        self.on_end = on_end
        self.marker = QFrame(window)
        self.marker.setObjectName("tour-marker")
        self.marker.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.marker.setStyleSheet("#tour-marker { border: 3px solid #e08a00; border-radius: 6px; }")
        self.bubble = QFrame(window)
        self.bubble.setObjectName("tour-bubble")
        self.bubble.setFrameShape(QFrame.Shape.StyledPanel)
        self.bubble.setAutoFillBackground(True)
        self.bubble.setStyleSheet(
            "#tour-bubble { background-color: palette(window); border: 2px solid #e08a00; border-radius: 8px; }"
        )
        self.bubble.setAccessibleName(_("Rundgang"))
        self.counter = QLabel()
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setFixedWidth(BUBBLE_TEXT_WIDTH)  # a wrapped label knows its height only so
        self.back_button = QPushButton(_("Zurück"))
        self.next_button = QPushButton(_("Weiter"))
        self.end_button = QPushButton(_("Rundgang beenden"))
        self.next_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.end_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self.bubble)
        layout.addWidget(self.counter)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.forward)
        self.end_button.clicked.connect(self.end)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.bubble, self.end,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.installEventFilter(self)

    def start(self) -> None:
        self.show_step(0)

    def show_step(self, index: int) -> None:
        self.index = max(0, min(index, len(self.steps) - 1))
        step = self.steps[self.index]
        self.counter.setText(_("Rundgang · Schritt {n} von {total}").format(n=self.index + 1, total=len(self.steps)))
        self.title.setText(step.title)
        self.text.setText(step.text)
        self.back_button.setEnabled(self.index > 0)
        last = self.index == len(self.steps) - 1
        self.next_button.setText(_("Fertig") if last else _("Weiter"))
        self.place()
        self.marker.show()
        self.bubble.show()
        self.marker.raise_()
        self.bubble.raise_()
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def forward(self) -> None:
        if self.index == len(self.steps) - 1:
            self.end()
        else:
            self.show_step(self.index + 1)

    def back(self) -> None:
        self.show_step(self.index - 1)

    def end(self) -> None:
        self.window.removeEventFilter(self)
        self.marker.deleteLater()
        self.bubble.deleteLater()
        if self.on_end is not None:
            self.on_end()
        self.deleteLater()

    # --- where things go ---------------------------------------------------------------------

    def target_rect(self) -> QRect:
        """The part explained now, in the window's coordinates (the whole window if missing)."""
        return self.steps[self.index].area(self.window) or self.window.rect()

    def place(self) -> None:
        """The frame around the part, the bubble beside it (right, else left, else over it),
        always inside the window."""
        area = self.window.rect()
        rect = self.target_rect().adjusted(-4, -4, 4, 4).intersected(area)
        self.marker.setGeometry(rect)
        self.bubble.adjustSize()
        size = self.bubble.sizeHint().expandedTo(self.bubble.size())
        if rect.right() + MARGIN + size.width() <= area.right():
            x = rect.right() + MARGIN
        elif rect.left() - MARGIN - size.width() >= 0:
            x = rect.left() - MARGIN - size.width()
        else:
            x = rect.center().x() - size.width() // 2
        y = rect.top() + min(40, rect.height() // 4)
        x = max(MARGIN, min(x, area.width() - size.width() - MARGIN))
        y = max(MARGIN, min(y, area.height() - size.height() - MARGIN))
        self.bubble.move(x, y)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if obj is self.window and event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self.place()
        return False


def start_tour(window: QWidget, on_end: Callable[[], None] | None = None) -> Tour:
    """Show the tour over the project window ``window``; returns it (it deletes itself at the end)."""
    tour = Tour(window, on_end)
    tour.start()
    return tour
