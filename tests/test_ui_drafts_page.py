"""The drafts page as a user drives it: generate, see the version, open it, save it elsewhere."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog

from kooperation import drafts
from kooperation.domain.demo import demo_project
from kooperation.errors import StoreError
from kooperation.store import open_store
from kooperation.ui import operations
from kooperation.ui.draft_list_model import COL_FORMATS, COL_KIND, COL_NUMBER
from kooperation.ui.pages import drafts as drafts_page
from kooperation.ui.pages.base import HELP_TEXT
from kooperation.ui.pages.drafts import DraftsPage
from kooperation.ui.session import Change, ProjectSession

PARTNER = "ProdTech Maschinenbau GmbH"


@pytest.fixture
def session(qtbot, tmp_path):
    store = open_store(tmp_path / "s.sqlite3")
    project = store.save_project(demo_project())
    s = ProjectSession(store, project.id)
    yield s
    operations.wait_for_all(20_000)
    store.close()


@pytest.fixture
def page(qtbot, session):
    p = DraftsPage(session)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    return p


@pytest.fixture
def threaded():
    """Real worker threads, as in the application."""
    old = operations.set_synchronous(False)
    yield
    operations.wait_for_all(20_000)
    operations.set_synchronous(old)


@pytest.fixture
def synchronous():
    """Rendering runs at once in the test's thread."""
    old = operations.set_synchronous(True)
    yield
    operations.set_synchronous(old)


@pytest.fixture
def storing_threads(monkeypatch):
    """For each version stored: True if `drafts.store_draft` ran on the GUI thread."""
    real = drafts.store_draft
    threads = []

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(drafts, "store_draft", spy)
    return threads


def stored(session):
    return session.store.list_drafts(session.project.id)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def generate(qtbot, page) -> None:
    page.generate_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=30_000)


def test_generating_docx_and_pdf_stores_version_1_and_lists_it(qtbot, page, session, threaded):
    """Clicking "Entwurf erzeugen" renders on a worker with a progress bar, stores version 1 with
    both files (the DOCX names the partners) and shows it selected in the list."""
    assert page.selected_formats() == ["docx", "pdf"]
    page.note_edit.setText("Stand nach dem Workshop")
    page.generate_button.click()
    assert page.busy and not page.generate_button.isEnabled()
    assert page.progress_bar.isVisible()
    qtbot.waitUntil(lambda: not page.busy, timeout=30_000)

    [info] = stored(session)
    assert info.number == 1 and info.kind == "vertrag" and info.formats == ["docx", "pdf"]
    assert info.note == "Stand nach dem Workshop"
    version = session.store.get_draft(session.project.id, 1)
    files = {f.format: f for f in version.files}
    assert PARTNER in docx_text(files["docx"].content)
    assert files["pdf"].content.startswith(b"%PDF")

    assert page.model.rowCount() == 1
    assert page.model.index(0, COL_NUMBER).data() == "Vertrag v1"
    assert page.model.index(0, COL_KIND).data() == "Kooperationsvertrag"
    assert page.model.index(0, COL_FORMATS).data() == "DOCX, PDF"
    assert page.selected_info().number == 1
    assert page.generate_message.message().startswith("Vertrag v1 gespeichert (")
    assert "offene" in page.generate_message.message() and not page.generate_message.is_error
    assert not page.progress_bar.isVisible() and page.generate_button.isEnabled()
    assert page.note_edit.text() == ""


def test_project_sketch_as_pdf_only(qtbot, page, session, synchronous):
    """The project sketch can be generated alone, as PDF; it counts its own versions."""
    generate(qtbot, page)
    page.kind_buttons["skizze"].setChecked(True)
    page.format_boxes["docx"].setChecked(False)
    generate(qtbot, page)
    infos = stored(session)
    assert [(i.number, i.kind, i.formats) for i in infos] == [(1, "vertrag", ["docx", "pdf"]), (1, "skizze", ["pdf"])]
    assert page.model.rowCount() == 2 and page.selected_info().kind == "skizze"
    assert page.model.index(0, COL_KIND).data() == "Projektskizze"
    assert page.generate_message.message().startswith("Skizze v1 gespeichert (")


def test_the_list_numbers_each_kind_on_its_own(qtbot, page, session, synchronous):
    """Agreement, sketch, agreement: the list shows Vertrag v2, Skizze v1, Vertrag v1 (newest
    first), and the chosen row's file is that version's own file."""
    page.format_boxes["docx"].setChecked(False)
    generate(qtbot, page)
    page.kind_buttons["skizze"].setChecked(True)
    generate(qtbot, page)
    page.kind_buttons["vertrag"].setChecked(True)
    generate(qtbot, page)
    shown = [page.model.index(row, COL_NUMBER).data() for row in range(page.model.rowCount())]
    assert shown == ["Vertrag v2", "Skizze v1", "Vertrag v1"]
    assert page.selected_info().kind == "vertrag" and page.selected_info().number == 2
    page.select_version(1, "skizze")
    assert page._selected_file("pdf").filename.endswith("_Projektskizze_v1.pdf")
    page.select_version(1)
    assert page._selected_file("pdf").filename.endswith("_Kooperationsvertrag_v1.pdf")


def test_button_is_disabled_without_a_format(page):
    """At least one format is required: with none ticked the button cannot be pressed."""
    assert page.generate_button.isEnabled()
    page.format_boxes["docx"].setChecked(False)
    assert page.generate_button.isEnabled()
    page.format_boxes["pdf"].setChecked(False)
    assert not page.generate_button.isEnabled()
    page.format_boxes["pdf"].setChecked(True)
    assert page.generate_button.isEnabled()


def test_save_as_writes_the_stored_bytes(qtbot, page, session, synchronous, monkeypatch, tmp_path):
    """"Speichern unter …" writes exactly the stored file where the user chose."""
    generate(qtbot, page)
    target = tmp_path / "export" / "vertrag"
    asked: list[str] = []

    def fake_dialog(parent, caption, directory, filters):
        asked.append(directory)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    page.format_combo.setCurrentIndex(page.format_combo.findData("docx"))
    page.save_button.click()
    written = target.with_suffix(".docx")
    stored_file = next(f for f in session.store.get_draft(session.project.id, 1).files if f.format == "docx")
    assert written.read_bytes() == stored_file.content
    assert asked and asked[0].endswith(stored_file.filename)
    assert "Gespeichert unter" in page.list_message.message() and not page.list_message.is_error


def test_save_as_into_an_impossible_place_says_so(qtbot, page, synchronous, monkeypatch, tmp_path):
    """A folder that cannot exist gives a message in plain words, not a crash."""
    generate(qtbot, page)
    blocker = tmp_path / "datei"
    blocker.write_text("kein Ordner")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(blocker / "x.pdf"), "")))
    assert page.save_selected("pdf") is None
    assert page.list_message.is_error and "konnte nicht" in page.list_message.message()


def test_cancelling_save_as_writes_nothing(qtbot, page, synchronous, monkeypatch):
    """Cancel in the dialog: no file, no message."""
    generate(qtbot, page)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    page.list_message.clear()
    assert page.save_selected() is None
    assert page.list_message.message() == ""


class FakeDesktop:
    """Stands in for QDesktopServices: records the URLs instead of starting a viewer."""

    result = True
    urls: list = []

    @classmethod
    def openUrl(cls, url):  # noqa: N802 - Qt API
        cls.urls.append(url)
        return cls.result


@pytest.fixture
def desktop(monkeypatch):
    FakeDesktop.result = True
    FakeDesktop.urls = []
    monkeypatch.setattr(drafts_page, "QDesktopServices", FakeDesktop)
    return FakeDesktop


def test_open_hands_an_existing_file_to_the_system(qtbot, page, session, synchronous, desktop):
    """"Öffnen" writes the chosen file to the cache folder and asks the system to open it."""
    generate(qtbot, page)
    page.format_combo.setCurrentIndex(page.format_combo.findData("docx"))
    page.open_button.click()
    [url] = desktop.urls
    path = Path(url.toLocalFile())
    assert path.is_file() and path.suffix == ".docx"
    assert drafts_page.open_folder() in path.parents
    stored_file = next(f for f in session.store.get_draft(session.project.id, 1).files if f.format == "docx")
    assert path.read_bytes() == stored_file.content


def test_double_click_opens_the_pdf(qtbot, page, synchronous, desktop):
    """A double click on a version opens its PDF."""
    generate(qtbot, page)
    page.format_combo.setCurrentIndex(page.format_combo.findData("docx"))
    index = page.model.index(0, 0)
    page.table.doubleClicked.emit(index)
    [url] = desktop.urls
    assert url.toLocalFile().endswith(".pdf") and Path(url.toLocalFile()).is_file()


def test_return_on_a_version_opens_its_pdf(qtbot, page, synchronous, desktop):
    """Keyboard users open the selected version with the Return key."""
    generate(qtbot, page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    [url] = desktop.urls
    assert url.toLocalFile().endswith(".pdf")


def test_open_without_a_viewer_shows_where_the_file_is(qtbot, page, synchronous, desktop):
    """No program for the format: a message says so and where the file lies."""
    generate(qtbot, page)
    desktop.result = False
    path = page.open_selected("pdf")
    assert path is not None and path.is_file()
    assert page.list_message.is_error and str(path) in page.list_message.message()


def test_a_failing_render_shows_a_message_and_stores_nothing(qtbot, page, session, threaded, monkeypatch):
    """A bug while rendering: plain words on the page, no version stored, the page usable again."""

    def broken(*args, **kwargs):
        raise RuntimeError("kaputt im Renderer")

    monkeypatch.setattr(drafts, "render_draft", broken)
    generate(qtbot, page)
    assert stored(session) == []
    assert page.model.rowCount() == 0
    message = page.generate_message.message()
    assert page.generate_message.is_error
    assert "Unerwarteter Fehler" in message and "Es wurde nichts gespeichert" in message
    assert "kaputt" not in message and "Traceback" not in message
    assert page.generate_button.isEnabled() and not page.progress_bar.isVisible()


def test_a_version_stored_meanwhile_is_not_overwritten(qtbot, page, session, synchronous, monkeypatch):
    """If another version is stored while rendering (e.g. from the command line), the rendered
    one carries the wrong number: it is refused with a message and nothing else is stored."""
    real = drafts.render_draft

    def racing(project, *args, **kwargs):
        number = drafts.next_draft_number(session.store, project.id, "vertrag")
        drafts.store_draft(session.store, real(project, "vertrag", ["pdf"], number))
        return real(project, *args, **kwargs)

    monkeypatch.setattr(drafts, "render_draft", racing)
    generate(qtbot, page)
    assert [i.formats for i in stored(session)] == [["pdf"]]
    assert page.generate_message.is_error and "noch einmal" in page.generate_message.message()


def test_the_window_stays_responsive_while_rendering(qtbot, page, session, threaded, monkeypatch):
    """During a threaded generation the event loop keeps running: a timer started after the
    click fires while the worker is still rendering (the worker waits for it)."""
    real = drafts.render_draft
    timer_fired = threading.Event()
    render_waited = []

    def slow(*args, **kwargs):
        render_waited.append(timer_fired.wait(10))
        return real(*args, **kwargs)

    monkeypatch.setattr(drafts, "render_draft", slow)
    page.generate_button.click()
    QTimer.singleShot(50, timer_fired.set)
    qtbot.waitUntil(lambda: not page.busy, timeout=30_000)
    assert render_waited == [True]
    assert [i.number for i in stored(session)] == [1]


def test_the_version_is_stored_off_the_gui_thread_and_appears_in_the_list(qtbot, page, session, threaded, storing_threads):
    """The worker stores the version (the window does not freeze while its files are written);
    the page then lists it selected and says so, as before."""
    threads = storing_threads
    page.note_edit.setText("nach dem Treffen")
    generate(qtbot, page)
    assert threads == [False]
    [info] = stored(session)
    assert info.number == 1 and info.note == "nach dem Treffen"
    assert page.model.index(0, COL_NUMBER).data() == "Vertrag v1"
    assert page.selected_info().number == 1
    assert page.generate_message.message().startswith("Vertrag v1 gespeichert (")
    assert page.note_edit.text() == ""


def test_a_failing_background_store_shows_a_message_and_loses_nothing(qtbot, page, session, threaded, monkeypatch):
    """The store refuses the version on the worker: the reason is shown, nothing is stored, the
    note is still there, and generating again stores the version with it."""
    real = session.store.add_draft_version
    calls = []

    def full(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise StoreError("Der Datenträger ist voll.")
        return real(*args, **kwargs)

    monkeypatch.setattr(session.store, "add_draft_version", full)
    page.note_edit.setText("Fassung für die Rechtsberatung")
    generate(qtbot, page)
    assert stored(session) == [] and page.model.rowCount() == 0
    assert page.generate_message.is_error
    assert page.generate_message.message() == "Der Entwurf konnte nicht erzeugt werden. Der Datenträger ist voll."
    assert page.note_edit.text() == "Fassung für die Rechtsberatung" and page.note_edit.isEnabled()
    assert page.generate_button.isEnabled() and not page.progress_bar.isVisible()

    generate(qtbot, page)
    [info] = stored(session)
    assert info.number == 1 and info.note == "Fassung für die Rechtsberatung"
    assert page.model.rowCount() == 1 and not page.generate_message.is_error


def test_an_in_memory_store_is_written_on_the_gui_thread(qtbot, threaded, storing_threads):
    """A store whose one connection all threads share is not written by the worker; the
    version is stored and listed all the same."""
    store = open_store("sqlite://")
    project = store.save_project(demo_project())
    page = DraftsPage(ProjectSession(store, project.id))
    qtbot.addWidget(page)
    threads = storing_threads
    page.format_boxes["docx"].setChecked(False)
    generate(qtbot, page)
    assert threads == [True]
    assert [i.formats for i in store.list_drafts(project.id)] == [["pdf"]]
    assert page.model.rowCount() == 1
    store.close()


def test_the_list_follows_versions_stored_elsewhere(page, session):
    """A version stored by someone else appears once the session announces it."""
    drafts.generate_draft(session.store, session.project.id, formats=["pdf"])
    assert page.model.rowCount() == 0 and page.empty_label.isVisible()
    session.sig_changed.emit(Change("drafts", ("1",)))
    assert page.model.rowCount() == 1 and not page.empty_label.isVisible()


@pytest.mark.parametrize("mode", ["threaded", "synchronous"])
def test_the_windows_own_draft_is_not_announced_as_someone_elses(qtbot, page, session, mode, request):
    """After generating a draft, the window does not claim that another window changed the
    project, and the next edit is stored as the window's own (no reload, no message)."""
    request.getfixturevalue(mode)
    announced = []
    session.sig_external.connect(announced.append)
    generate(qtbot, page)
    assert len(stored(session)) == 1
    assert session.check_external() is False
    assert session.set_project_field("name", "Netzwerk Süd") and session.project.name == "Netzwerk Süd"
    assert session.check_external() is False
    assert announced == []


def test_a_change_made_elsewhere_during_a_draft_is_still_announced(qtbot, page, session, threaded, monkeypatch):
    """Someone else's edit committed while the window stores its draft is shown with a message
    once the draft is done (the window does not take it for its own)."""
    other = open_store(session.store.location)
    real = drafts.store_draft

    def store_after_another_edit(store, rendered, **kwargs):
        project = other.load_project(session.project.id)
        project.name = "Von nebenan geändert"
        other.save_project(project)
        return real(store, rendered, **kwargs)

    monkeypatch.setattr(drafts, "store_draft", store_after_another_edit)
    announced = []
    session.sig_external.connect(announced.append)
    generate(qtbot, page)
    other.close()
    assert len(stored(session)) == 1
    assert session.check_external() is True
    assert session.project.name == "Von nebenan geändert"
    assert announced and "Projekt" in announced[0]


def test_controls_explain_themselves(page):
    """The help panel has something to say about drafts, versions and the lawyer's review."""
    texts = " ".join(
        str(w.property(HELP_TEXT))
        for w in (page.generate_button, page.table, page.kind_buttons["vertrag"], page.note_edit)
    )
    assert "Version" in texts and "Anwalt" in texts
    assert page.title == "Entwürfe"


@pytest.mark.parametrize("kind,label,file_title", [
    ("absichtserklaerung", "Absichtserklärung", "Absichtserklaerung"),
    ("vertraulichkeit", "Vertraulichkeitsvereinbarung", "Vertraulichkeitsvereinbarung"),
])
def test_letter_of_intent_and_nda_are_made_from_the_radio_buttons(qtbot, page, session, synchronous, kind, label, file_title):
    """Choosing the letter of intent or the NDA generates that document as its own version 1
    (titled so, naming the partners) and offers it for review."""
    assert page.kind_buttons[kind].text() == label
    page.kind_buttons[kind].setChecked(True)
    page.format_boxes["pdf"].setChecked(False)
    generate(qtbot, page)
    [info] = stored(session)
    assert (info.kind, info.number, info.formats) == (kind, 1, ["docx"])
    assert page.model.index(0, COL_NUMBER).data() == f"{label} v1"
    assert page.model.index(0, COL_KIND).data() == label
    assert page.generate_message.message().startswith(f"{label} v1 gespeichert (")
    assert page._selected_file("docx").filename.endswith(f"_{file_title}_v1.docx")
    text = docx_text(page._selected_file("docx").content)
    assert label in text and PARTNER in text and "ENTWURF" in text
    assert page.review_button.isEnabled()
