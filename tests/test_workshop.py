"""Workshop mode: the work plan full screen on the projector, driven from the keyboard.

The window is opened from the main window's Projekt menu with the example project, driven with
the keys a moderator (or a presenter remote) uses, and checked for what a room sees: the current
phase's task and questions, the cards that fill as the phases are done, the timer and its
warning, the stored minutes, and that edits made elsewhere show at once.
"""

from __future__ import annotations

import html

import pypdf
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from kooperation.domain.checks import load_checks
from kooperation.domain.demo import demo_project
from kooperation.domain.meeting import BoardItem
from kooperation.domain.model import Partner, Project
from kooperation.store.repository import open_store
from kooperation.ui import operations
from kooperation.ui.main_window import MainWindow
from kooperation.ui.palette import PROBLEM, scheme
from kooperation.ui.settings import Settings
from kooperation.ui.workshop import WorkshopWindow
from kooperation.ui.workshop.content import open_points, phase_details
from kooperation.ui.workshop.timer import Countdown, clock_text, step_minutes

PHASES = load_checks().phases


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.sqlite3")
    yield s
    s.close()


@pytest.fixture
def window(qtbot, store, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    w = MainWindow(store, settings)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    yield w
    w.close()


@pytest.fixture
def project(store):
    return store.save_project(demo_project())


@pytest.fixture
def opened(window, project):
    """The example project open in the main window."""
    window.open_project(project.id)
    return window


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def workshop(qtbot, opened, clock):
    """Workshop mode of the example project with a hand-moved clock, at 1920×1080."""
    ws = WorkshopWindow(opened.project_window.session, opened, clock=clock)
    qtbot.addWidget(ws)
    ws.resize(1920, 1080)
    ws.show()
    return activated(qtbot, ws)


def activated(qtbot, ws: WorkshopWindow) -> WorkshopWindow:
    """As on a real screen: workshop mode is the active window and has the keyboard."""
    ws.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ws)
    return ws


# --- opening and closing ------------------------------------------------------------------------


def test_workshop_mode_starts_full_screen_from_the_project_menu(qtbot, window, project):
    """Projekt → Workshop-Modus (F11) is off on the start page, on with a project open, and opens
    the work plan full screen with the project's name."""
    assert [a.text() for a in window.project_menu.actions()] == [
        "&Workshop-Modus",
        "Arbeitsplan als &Plakat speichern (PDF) …",
        "Arbeitsplan-P&lakat drucken …",
    ]
    assert window.act_workshop.shortcut() == QKeySequence("F11")
    assert not window.act_workshop.isEnabled() and not window.act_poster.isEnabled()
    window.open_project(project.id)
    assert window.act_workshop.isEnabled() and window.act_poster.isEnabled()
    window.act_workshop.trigger()
    ws = window.workshop_window
    assert isinstance(ws, WorkshopWindow)
    assert ws.isFullScreen()
    assert ws.project_name.text() == project.name
    assert "Workshop-Modus" in ws.windowTitle()
    assert window.start_workshop() is ws  # F11 again brings the same window back
    window.show_start_page()
    assert not window.act_workshop.isEnabled()


def test_escape_closes_help_first_then_workshop_mode(qtbot, opened):
    """F1 (or ?) shows the keys; Esc hides them, a second Esc leaves workshop mode."""
    opened.act_workshop.trigger()
    ws = activated(qtbot, opened.workshop_window)
    qtbot.keyClick(ws, Qt.Key.Key_F1)
    assert ws.help_panel.isVisible()
    assert "Timer starten oder anhalten" in ws.help_panel.text()
    qtbot.keyClick(ws, Qt.Key.Key_Escape)
    assert not ws.help_panel.isVisible() and ws.isVisible()
    qtbot.keyClick(ws, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    assert ws.help_panel.isVisible()
    qtbot.keyClick(ws, Qt.Key.Key_Escape)
    qtbot.keyClick(ws, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: opened.workshop_window is None)
    assert opened.project_window is not None  # the project stays open


def test_closing_the_project_closes_workshop_mode(qtbot, opened):
    """Back to the start page: the workshop window of that project goes too."""
    opened.act_workshop.trigger()
    ws = opened.workshop_window
    closed: list[bool] = []
    ws.sig_closed.connect(lambda: closed.append(True))
    opened.show_start_page()
    qtbot.waitUntil(lambda: bool(closed))
    assert opened.workshop_window is None


# --- moving between phases ----------------------------------------------------------------------


def questions_of(ws: WorkshopWindow) -> str:
    return ws.questions.text()


def test_keys_move_between_phases_and_show_task_and_questions(qtbot, workshop):
    """Right, Space and Bild ↓ go forward, Left and Bild ↑ back, Pos1/Ende and digits jump; the
    big task and the guiding questions follow, and the current card is marked."""
    ws = workshop
    assert ws.index == 3  # the example has phases 1–3 done: it starts at the first open one
    qtbot.keyClick(ws, Qt.Key.Key_Home)
    seen = []
    for key in (None, Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown):
        if key is not None:
            qtbot.keyClick(ws, key)
        phase = PHASES[ws.index]
        assert ws.task.text() == phase.task.get_text()
        for question in phase.questions:
            assert html.escape(question.get_text()) in questions_of(ws)
        assert phase.name.get_text() in ws.phase_title.text()
        assert [c.current for c in ws.cards] == [i == ws.index for i in range(4)]
        seen.append(ws.index)
    assert seen == [0, 1, 2, 3]
    qtbot.keyClick(ws, Qt.Key.Key_Right)  # no phase after the last
    assert ws.index == 3
    qtbot.keyClick(ws, Qt.Key.Key_Left)
    qtbot.keyClick(ws, Qt.Key.Key_PageUp)
    assert ws.index == 1
    assert ws.phase_title.text().startswith("Phase 2 von 4")
    qtbot.keyClicks(ws, "3")
    assert ws.index == 2
    qtbot.keyClick(ws, Qt.Key.Key_End)
    assert ws.index == 3
    qtbot.mouseClick(ws.cards[0], Qt.MouseButton.LeftButton)
    assert ws.index == 0


def test_cards_show_the_state_and_content_of_every_phase(workshop, opened):
    """The work plan: each card has its phase's state, summary and what the project holds."""
    ws = workshop
    titles = [c.title.text() for c in ws.cards]
    assert titles == [f"{p.number}  {p.name.get_text()}" for p in PHASES]
    assert [c.state.text() for c in ws.cards] == ["✓ erledigt"] * 3 + ["◐ begonnen"]
    assert ws.cards[0].summary.text() == "4 Partner erfasst, 4 mit Beitrag"
    for name in ("ProdTech", "Hochschule", "Wirtschaftsförderung", "Bildungswerk"):
        assert name in ws.cards[0].details.text()
    assert "✓ Nutzenversprechen" in ws.cards[1].details.text()
    assert "Mittelfristig: 3" in ws.cards[2].details.text()
    assert "? Abwerbeverbot" in ws.cards[3].details.text()


def test_an_edit_in_the_project_window_updates_the_work_plan(qtbot, workshop, opened):
    """The moderator adds a partner and a board point in the normal window: the cards follow."""
    session = opened.project_window.session
    session.add_partner(Partner(name="Neue Werkstatt GmbH", short_name="Werkstatt"))
    assert "Werkstatt" in workshop.cards[0].details.text()
    assert workshop.cards[0].summary.text().startswith("5 Partner erfasst")
    session.edit_assessment(lambda a: a.board.append(BoardItem("Schnittstellen klären")), part="board")
    assert "? Schnittstellen klären" in workshop.cards[3].details.text()


def test_a_crowded_card_counts_what_does_not_fit(qtbot, workshop, opened):
    """Twenty open points do not fit on a card: it shows the first ones and counts the rest."""
    session = opened.project_window.session
    session.edit_assessment(lambda a: a.board.extend(BoardItem(f"Offener Punkt {i}") for i in range(20)))
    text = workshop.cards[3].details.text()
    assert "? Abwerbeverbot" in text and "? Offener Punkt 19" not in text
    shown = sum(1 for i in range(20) if f"? Offener Punkt {i}\n" in text + "\n")
    assert f"… und {20 - shown} weitere" in text


NETWORK = [
    "Hochschule Reutlingen – Institut für Digitale Fertigung", "Caritasverband für die Diözese Rottenburg-Stuttgart e. V.",
    "Handwerkskammer Reutlingen – Bildungsakademie Tübingen", "Landkreis Reutlingen – Amt für Soziales und Integration",
    "Südwestmetall – Verband der Metall- und Elektroindustrie", "Fraunhofer-Institut für Produktionstechnik und Automatisierung IPA",
    "Mechatronik Zollernalb GmbH & Co. KG", "Industrie- und Handelskammer Reutlingen", "Neckar IT-Systemhaus GmbH",
    "Diakonie Alb gGmbH", "Lebenshilfe Reutlingen e. V.", "Agentur für Arbeit Reutlingen",
    "Hochschule Albstadt-Sigmaringen – Fakultät Engineering", "Volkshochschule Reutlingen GmbH", "Kreissparkasse Reutlingen",
    "Berufliche Schulen Metzingen", "Technologieförderung Reutlingen-Tübingen GmbH", "Stiftung für Bildung und Teilhabe Neckar-Alb",
    "Jugendberufshilfe Tübingen gGmbH", "Landesamt für Digitalisierung Baden-Württemberg", "Genossenschaft Lernfabrik Alb eG",
]


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
@pytest.mark.parametrize("count", [15, 25])
def test_the_partner_card_names_every_partner_of_a_large_network(qtbot, store, window, count, size):
    """15 and 25 partners with names up to 66 characters: the card names every one (in columns,
    smaller type, a name too long for its column ending in "…"), never "… und n weitere"; the
    text fits the card, and the type stays at least 10 px and 55 % of the normal size."""
    from PySide6.QtGui import QTextDocument

    project = demo_project()
    project.partners += [Partner(name=name) for name in NETWORK[: count - 4]]
    window.open_project(store.save_project(project).id)
    session = window.project_window.session
    workshop = WorkshopWindow(session, window, clock=FakeClock())
    qtbot.addWidget(workshop)
    workshop.resize(*size)
    workshop.show()
    qtbot.waitExposed(workshop)
    card = workshop.cards[0]
    card.fit_details()
    doc = QTextDocument()
    doc.setHtml(card.details.text())
    shown = [line for line in doc.toPlainText().split("\n") if line.strip()]  # one line per partner
    names = [p.display_name for p in session.project.partners]
    assert len(names) == count and "weitere" not in card.details.text()
    assert len(shown) == count
    for name, line in zip(names, shown, strict=True):
        assert line == name or (line.endswith("…") and name.startswith(line[:-1].rstrip()) and len(line) > 12)
    assert card.details_px >= max(10, round(card.base * 0.78 * 0.55))
    doc.setDocumentMargin(0)
    doc.setDefaultFont(card.details.font())
    doc.setTextWidth(card.details.width())
    assert doc.size().height() <= card.details.height()
    inside = card.rect().adjusted(2, 2, -2, -2)
    assert inside.contains(card.details.geometry())


def test_an_empty_project_starts_at_phase_one_and_fills_up(qtbot, store, window):
    """A new project: every phase "noch nicht begonnen"; the first partner begins phase 1."""
    project = store.save_project(Project(name="Neu"))
    window.open_project(project.id)
    ws = WorkshopWindow(window.project_window.session, window, clock=FakeClock())
    qtbot.addWidget(ws)
    assert ws.index == 0
    assert all(c.state.text() == "○ noch nicht begonnen" for c in ws.cards)
    window.project_window.session.add_partner(Partner(name="Erste GmbH"))
    assert ws.cards[0].state.text() == "◐ begonnen"
    assert ws.cards[0].details.text() == "Erste GmbH"


# --- the timer ----------------------------------------------------------------------------------


def test_timer_counts_down_pauses_warns_and_resets(qtbot, workshop, clock):
    """T starts the phase's count-down (from its planned minutes), the display follows the clock
    by itself, T pauses, and when the time is up it says so in the warning colour; R resets."""
    ws = workshop
    qtbot.keyClick(ws, Qt.Key.Key_Home)
    minutes = PHASES[0].minutes
    assert ws.timer_label.text() == f"{minutes:02d}:00"
    assert "T startet den Timer" in ws.timer_state.text()
    qtbot.keyClick(ws, Qt.Key.Key_T)
    assert ws._ticker.isActive()
    clock.now += 90
    qtbot.waitUntil(lambda: ws.timer_label.text() == f"{minutes - 2:02d}:30", timeout=3000)
    assert ws.timer_state.text().startswith("läuft")
    assert ws.cards[0].timer.isVisible() and ws.cards[0].timer.text().endswith(f"{minutes - 2:02d}:30")
    qtbot.keyClick(ws, Qt.Key.Key_T)  # pause
    clock.now += 600
    ws.refresh_timer()
    assert ws.timer_label.text() == f"{minutes - 2:02d}:30"
    assert ws.timer_state.text().startswith("angehalten")
    assert not ws._ticker.isActive()
    qtbot.keyClick(ws, Qt.Key.Key_T)  # go on
    clock.now += minutes * 60
    qtbot.waitUntil(lambda: "Zeit ist um" in ws.timer_state.text(), timeout=3000)
    alarm = QColor(PROBLEM[scheme(ws.palette())])
    assert ws.timer_label.palette().color(QPalette.ColorRole.WindowText) == alarm
    assert ws.timer_label.text() == "+01:30"
    assert "Zeit ist um" in ws.cards[0].timer.text()
    qtbot.keyClick(ws, Qt.Key.Key_Right)  # another phase has its own timer
    assert ws.timer_label.text() == f"{PHASES[1].minutes:02d}:00"
    qtbot.keyClick(ws, Qt.Key.Key_Left)
    qtbot.keyClick(ws, Qt.Key.Key_R)
    assert ws.timer_label.text() == f"{minutes:02d}:00"
    assert not ws._ticker.isActive()
    assert ws.timer_label.palette().color(QPalette.ColorRole.WindowText) != alarm


def test_plus_and_minus_store_the_minutes_with_the_project(qtbot, workshop, opened, store, project):
    """+ and - change the planned time in five-minute steps; it is stored at once, the catalogue's
    time counts as "no own time", and the presses are one undo step."""
    ws = workshop
    qtbot.keyClick(ws, Qt.Key.Key_Home)
    phase_id, default = PHASES[0].id, PHASES[0].minutes
    qtbot.keyClick(ws, Qt.Key.Key_Plus)
    assert store.load_project(project.id).assessment.phase_minutes == {phase_id: default + 5}
    assert f"{default + 5} Minuten geplant" in ws.timer_state.text()
    assert ws.timer_label.text() == f"{default + 5:02d}:00"
    qtbot.keyClick(ws, Qt.Key.Key_Minus)
    assert store.load_project(project.id).assessment.phase_minutes == {}
    qtbot.keyClick(ws, Qt.Key.Key_Minus)
    assert store.load_project(project.id).assessment.phase_minutes == {phase_id: default - 5}
    session = opened.project_window.session
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert store.load_project(project.id).assessment.phase_minutes == {}
    assert f"{default} Minuten geplant" in ws.timer_state.text()


def test_minutes_change_a_running_count_down(qtbot, workshop, clock, opened):
    """More time during a running phase: the remaining time grows at once."""
    ws = workshop
    qtbot.keyClick(ws, Qt.Key.Key_Home)
    opened.project_window.session.edit_assessment(lambda a: a.phase_minutes.update({PHASES[0].id: 10}))
    qtbot.keyClick(ws, Qt.Key.Key_T)
    clock.now += 11 * 60
    ws.refresh_timer()
    assert "Zeit ist um" in ws.timer_state.text()
    qtbot.keyClick(ws, Qt.Key.Key_Plus)
    assert ws.timer_label.text() == "04:00"


# --- size and poster ----------------------------------------------------------------------------


def test_type_scales_with_the_window_height(qtbot, workshop):
    """The base type is a fortieth of the height: 27 px at 1080, 18 px at 720."""
    ws = workshop
    assert ws.task.font().pixelSize() == 27
    assert ws.project_name.font().pixelSize() > ws.task.font().pixelSize()
    assert ws.questions.font().pixelSize() >= ws.task.font().pixelSize()
    ws.resize(1280, 720)
    qtbot.waitUntil(lambda: ws.task.font().pixelSize() == 18)  # once the layout has settled
    assert ws.project_name.font().pixelSize() == round(18 * 1.6)


def test_task_and_questions_shrink_rather_than_being_cut_off(qtbot, workshop):
    """On a 4:3 projector the long questions of phase 2 get smaller type; all of them fit."""
    ws = workshop
    qtbot.keyClick(ws, Qt.Key.Key_Home)
    qtbot.keyClick(ws, Qt.Key.Key_Right)
    ws.resize(1024, 768)

    def fits() -> bool:
        return all(label.heightForWidth(label.width()) <= label.height() for label in (ws.task, ws.questions))

    qtbot.waitUntil(fits)
    assert ws.questions.font().pixelSize() < round(768 / 40 * 1.08)
    assert ws.questions.font().pixelSize() >= round(768 / 40 * 1.08 * 0.6)


def test_poster_is_saved_from_the_menu_and_from_workshop_mode(qtbot, opened, tmp_path, monkeypatch):
    """Projekt → Arbeitsplan als Plakat: size, then file; the PDF is written. P in workshop mode
    does the same."""
    operations.set_synchronous(True)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("A3", True))
    target = tmp_path / "plakat"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    try:
        opened.act_poster.trigger()
        written = tmp_path / "plakat.pdf"
        assert written.is_file()
        box = pypdf.PdfReader(written).pages[0].mediabox
        assert round(float(box.width)) == 1191 and round(float(box.height)) == 842
        assert "Plakat" in opened.statusBar().currentMessage()
        written.unlink()
        opened.act_workshop.trigger()
        ws = activated(qtbot, opened.workshop_window)
        qtbot.keyClick(ws, Qt.Key.Key_P)
        assert written.is_file()
        assert "Plakat" in ws.note.text()
    finally:
        operations.set_synchronous(False)


# --- the pure helpers ---------------------------------------------------------------------------


def test_countdown_and_minute_steps():
    """The count-down follows the clock only while running; minutes step by five."""
    clock = FakeClock()
    countdown = Countdown(clock)
    assert not countdown.started and countdown.remaining(60) == 60
    countdown.start()
    clock.now += 20
    countdown.pause()
    clock.now += 100
    assert countdown.remaining(60) == 40 and countdown.started and not countdown.running
    countdown.reset()
    assert countdown.remaining(60) == 60
    assert clock_text(59.2) == "01:00" and clock_text(0) == "00:00" and clock_text(3725) == "1:02:05"
    assert [step_minutes(m, True) for m in (1, 4, 5, 42, 600)] == [2, 5, 10, 45, 600]
    assert [step_minutes(m, False) for m in (1, 5, 6, 45, 42)] == [1, 4, 5, 40, 40]


def test_phase_details_follow_the_data():
    """Change the data, the lines of the cards change."""
    project = demo_project()
    assert open_points(project) == ["Ergebnisse, Schutzrechte und Zugangsrechte", "Abwerbeverbot"]
    project.assessment.board = [BoardItem("IT-Sicherheit", agreed=True), BoardItem("Offene Standards")]
    lines = phase_details(project, "rules")
    assert lines[0] == "✓ 1 weiterer Punkt vereinbart"
    assert "? Offene Standards" in lines
    project.business_model.costs_management = project.business_model.costs_development = ""
    project.business_model.costs_infrastructure = ""
    assert "○ Kosten" in phase_details(project, "business_model")
    project.partners += [Partner(name=f"P{i}") for i in range(5)]
    assert phase_details(project, "partners")[-5:] == ["P0", "P1", "P2", "P3", "P4"]
