"""The start page as a user drives it: the project list, search, new, duplicate, delete with
undo, the example project, the empty state and the recently opened projects."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from kooperation.domain.demo import DEMO_NAME, demo_project
from kooperation.domain.model import Project
from kooperation.store.repository import open_store
from kooperation.ui.project_list_model import (
    COL_CHANGED,
    COL_DRAFTS,
    COL_NAME,
    COL_OPEN,
    COL_PARTNERS,
)
from kooperation.ui.settings import MAX_RECENT, Settings
from kooperation.ui.start_page import StartPage


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.sqlite3")
    yield s
    s.close()


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def demo(store):
    project = store.save_project(demo_project())
    store.add_draft_version(
        project.id, "vertrag", "de", "{}", "h1", [("pdf", "Vertrag-v1.pdf", b"%PDF-1.7 eins")]
    )
    return project


@pytest.fixture
def other(store):
    return store.save_project(Project(name="Regionalmarkt Alb"))


@pytest.fixture
def make_page(qtbot, store, settings):
    def make() -> StartPage:
        page = StartPage(store, settings)
        qtbot.addWidget(page)
        page.resize(1280, 800)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


@pytest.fixture
def warnings(monkeypatch):
    """Messages shown with show_error (QMessageBox.warning), instead of a modal box."""
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text)
    )
    return shown


def visible_names(page: StartPage) -> list[str]:
    shown = page.table.model()
    return [shown.index(r, COL_NAME).data() for r in range(shown.rowCount())]


def row_texts(page: StartPage, name: str) -> list[str]:
    shown = page.table.model()
    for r in range(shown.rowCount()):
        if shown.index(r, COL_NAME).data() == name:
            return [shown.index(r, c).data() for c in range(shown.columnCount())]
    raise AssertionError(f"{name} not listed")


def test_list_shows_projects_with_columns_and_counts(make_page, demo, other):
    """Each project is one row: name, partner names, last change, number of drafts, open points."""
    page = make_page()
    headers = [page.table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Name", "Partner", "Zuletzt geändert", "Entwürfe", "Offene Punkte"]
    assert sorted(visible_names(page)) == sorted([DEMO_NAME, "Regionalmarkt Alb"])
    row = row_texts(page, DEMO_NAME)
    assert row[COL_PARTNERS].startswith("ProdTech Maschinenbau GmbH, ")
    assert row[COL_CHANGED].startswith("heute, ")
    assert row[COL_DRAFTS] == "1"
    summary = next(p for p in page.store.list_projects() if p.id == demo.id)
    assert row[COL_OPEN] == str(summary.open_topics) and summary.open_topics > 0
    assert row_texts(page, "Regionalmarkt Alb")[COL_DRAFTS] == "0"
    assert not page.is_empty_state_shown()


def test_columns_sort_by_their_values(make_page, demo, other):
    """Clicking a column header sorts by it: by name, and by the number of drafts."""
    page = make_page()
    page.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
    assert visible_names(page) == [DEMO_NAME, "Regionalmarkt Alb"]
    page.table.sortByColumn(COL_DRAFTS, Qt.SortOrder.AscendingOrder)
    assert visible_names(page) == ["Regionalmarkt Alb", DEMO_NAME]


def test_search_filters_by_name_and_partner_names(qtbot, make_page, demo, other):
    """Typing in the search field keeps the projects whose name or partners match, any case."""
    page = make_page()
    assert page.search.placeholderText() == "Projekte durchsuchen …"
    qtbot.keyClicks(page.search, "HOCHSCHULE")
    assert visible_names(page) == [DEMO_NAME]
    page.search.setText("regional alb")
    assert visible_names(page) == ["Regionalmarkt Alb"]
    page.search.setText("gibt es nicht")
    assert visible_names(page) == []
    assert "gibt es nicht" in page.no_match_label.text()
    assert page.no_match_label.isVisible()
    qtbot.mouseClick(page.btn_clear_search, Qt.MouseButton.LeftButton)
    assert len(visible_names(page)) == 2


def test_new_project_is_stored_listed_and_opened(qtbot, make_page, monkeypatch, other):
    """ "Neues Projekt" asks for a name, stores the project, lists it and asks to open it."""
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  Bürgerenergie Alb ", True))
    page = make_page()
    with qtbot.waitSignal(page.sig_open_project, timeout=2000) as opened:
        qtbot.mouseClick(page.btn_new, Qt.MouseButton.LeftButton)
    stored = {p.name: p.id for p in page.store.list_projects()}
    assert opened.args == [stored["Bürgerenergie Alb"]]
    assert "Bürgerenergie Alb" in visible_names(page)
    assert page.selected_project_id() == stored["Bürgerenergie Alb"]


def test_new_project_cancelled_or_nameless_changes_nothing(make_page, monkeypatch, warnings):
    """Cancelling the name dialog stores nothing; an empty name is refused with a message."""
    page = make_page()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Egal", False))
    assert page.new_project() is None
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("   ", True))
    assert page.new_project() is None
    assert page.store.list_projects() == []
    assert warnings == ["Bitte geben Sie einen Namen für das Projekt ein."]


def test_duplicate_creates_a_copy_named_kopie(qtbot, make_page, demo):
    """ "Duplizieren" makes "<Name> (Kopie)" with the same partners, and selects it."""
    page = make_page()
    page.select_project(demo.id)
    qtbot.mouseClick(page.btn_duplicate, Qt.MouseButton.LeftButton)
    names = {p.name: p for p in page.store.list_projects()}
    copy = names[f"{DEMO_NAME} (Kopie)"]
    assert copy.partner_names == names[DEMO_NAME].partner_names
    assert page.selected_project_id() == copy.id
    assert sorted(visible_names(page)) == sorted([DEMO_NAME, f"{DEMO_NAME} (Kopie)"])


def test_delete_asks_removes_and_undo_restores_drafts(qtbot, make_page, monkeypatch, demo, other):
    """The Delete key asks first, deletes the project, and "Rückgängig" brings it back with
    its stored draft versions."""
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    page = make_page()
    page.select_project(demo.id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(asked) == 1 and DEMO_NAME in asked[0]
    assert [p.name for p in page.store.list_projects()] == ["Regionalmarkt Alb"]
    assert visible_names(page) == ["Regionalmarkt Alb"]
    assert page.undo_bar.isVisible()
    assert page.undo_label.text() == f"Projekt „{DEMO_NAME}“ gelöscht."

    qtbot.mouseClick(page.btn_undo, Qt.MouseButton.LeftButton)
    assert not page.undo_bar.isVisible()
    restored = page.store.load_project(demo.id)
    assert restored.name == DEMO_NAME and len(restored.partners) == len(demo.partners)
    drafts = page.store.get_drafts(demo.id)
    assert [d.number for d in drafts] == [1]
    assert drafts[0].files[0].content == b"%PDF-1.7 eins"
    assert page.selected_project_id() == demo.id


def test_delete_declined_keeps_the_project(make_page, monkeypatch, demo):
    """Answering "Nein" to the confirmation leaves the project where it was."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page = make_page()
    page.select_project(demo.id)
    assert page.delete_selected() is False
    assert [p.id for p in page.store.list_projects()] == [demo.id]
    assert not page.undo_bar.isVisible()


def test_example_project_is_created_and_opened(qtbot, make_page):
    """ "Beispielprojekt anlegen" stores the filled-in example and asks to open it."""
    page = make_page()
    with qtbot.waitSignal(page.sig_open_project, timeout=2000) as opened:
        qtbot.mouseClick(page.btn_empty_example, Qt.MouseButton.LeftButton)
    (summary,) = page.store.list_projects()
    assert summary.name == DEMO_NAME and summary.partner_count == 4
    assert opened.args == [summary.id]
    assert not page.is_empty_state_shown()
    page.create_example()
    assert len(page.store.list_projects()) == 2  # a second example is a new project


def test_empty_store_shows_a_friendly_empty_state(make_page):
    """With no projects the page explains what to do instead of showing an empty table."""
    page = make_page()
    assert page.is_empty_state_shown()
    assert page.empty_label.isVisible()
    assert page.empty_label.text() == (
        "Noch keine Projekte. Legen Sie ein neues Projekt an oder probieren Sie das "
        "Beispielprojekt aus."
    )
    assert page.btn_empty_new.isVisible() and page.btn_empty_example.isVisible()
    assert not page.table.isVisible()


def test_recent_list_follows_opened_projects(qtbot, make_page, store, demo, other):
    """Opened projects appear newest first under "Zuletzt geöffnet"; clicking one opens it;
    deleted projects disappear from it."""
    page = make_page()
    assert page.recent_ids() == [] and page.recent_empty.isVisible()
    page.add_recent(demo.id)
    page.add_recent(other.id)
    page.add_recent(demo.id)
    assert page.recent_ids() == [demo.id, other.id]
    assert page.recent_model.index(0).data() == DEMO_NAME
    assert "ProdTech" in page.recent_model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    with qtbot.waitSignal(page.sig_open_project, timeout=2000) as opened:
        rect = page.recent_list.visualRect(page.recent_model.index(1))
        qtbot.mouseClick(page.recent_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [other.id]
    store.delete_project(other.id)
    page.refresh()
    assert page.recent_ids() == [demo.id]
    for i in range(MAX_RECENT + 2):
        page.add_recent(store.save_project(Project(name=f"Projekt {i}")).id)
    assert len(page.recent_ids()) == MAX_RECENT


def test_enter_opens_and_buttons_follow_selection(qtbot, make_page, demo):
    """Enter on a selected row opens it; Öffnen, Duplizieren, Löschen need a selection."""
    page = make_page()
    page.table.clearSelection()
    assert not page.btn_open.isEnabled() and not page.btn_delete.isEnabled()
    page.select_project(demo.id)
    assert page.btn_open.isEnabled() and page.btn_duplicate.isEnabled()
    with qtbot.waitSignal(page.sig_open_project, timeout=2000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [demo.id]


def test_store_errors_are_shown_as_messages(make_page, store, warnings, demo):
    """If the project vanished behind the page's back, the user reads why instead of a crash."""
    page = make_page()
    page.select_project(demo.id)
    store.delete_project(demo.id)
    assert page.duplicate_selected() is None
    assert len(warnings) == 1 and "Es gibt kein Projekt" in warnings[0]


def test_change_times_read_like_a_person_would_say_them():
    """ "Zuletzt geändert" says "heute, 14:05", "gestern, …" or a German date."""
    from datetime import UTC, datetime, timedelta

    from kooperation.ui.project_list_model import format_changed

    now = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
    assert format_changed(now, now=now).startswith("heute, ")
    assert format_changed(now - timedelta(days=1), now=now).startswith("gestern, ")
    older = format_changed(datetime(2025, 2, 3, 12, 0, tzinfo=UTC), now=now)
    assert older.startswith("03.02.2025, ")
    assert format_changed(None) == ""


def test_german_change_times_match_babel():
    """The German change times written without Babel (it loads too slowly for the start page)
    read exactly as Babel's de_DE "short" time and "medium" date would have them."""
    from datetime import UTC, datetime, timedelta

    from babel.dates import format_date, format_time

    from kooperation.ui.project_list_model import format_changed

    now = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
    moments = [datetime(2024, 1, 1, 0, 0, tzinfo=UTC) + timedelta(days=37 * i, minutes=97 * i)
               for i in range(40)] + [datetime(2026, 12, 28, 23, 58, tzinfo=UTC)]
    for moment in moments:
        local = moment.astimezone()
        expected = "{date}, {time}".format(
            date=format_date(local.date(), "medium", locale="de_DE"),
            time=format_time(local, "short", locale="de_DE"),
        )
        today = now.astimezone().date()
        if local.date() not in (today, today - timedelta(days=1)):
            assert format_changed(moment, now=now) == expected
    assert format_changed(now, now=now) == "heute, " + format_time(
        now.astimezone(), "short", locale="de_DE"
    )


def test_short_columns_have_fixed_widths_that_fit_their_texts_and_headers(make_page, demo, other):
    """"Zuletzt geändert", "Entwürfe" and "Offene Punkte" are not sized to their contents
    (that reads every row at each refresh), yet every header and every shown value fits."""
    from PySide6.QtWidgets import QHeaderView

    page = make_page()
    header = page.table.horizontalHeader()
    for col in (COL_CHANGED, COL_DRAFTS, COL_OPEN):
        assert header.sectionResizeMode(col) != QHeaderView.ResizeMode.ResizeToContents
        title = page.model.headerData(col, Qt.Orientation.Horizontal)
        assert header.sectionSize(col) >= header.fontMetrics().horizontalAdvance(title) + 8
        for row in range(page.model.rowCount()):
            text = page.model.index(row, col).data()
            assert header.sectionSize(col) >= page.table.fontMetrics().horizontalAdvance(text) + 8
    older = page.table.fontMetrics().horizontalAdvance("28.12.2026, 23:58")
    assert header.sectionSize(COL_CHANGED) >= older + 8


def test_every_column_sorts_in_the_order_of_its_sort_values(qapp):
    """Sorting gives the order of the `SORT_ROLE` values, in every column and both directions."""
    from datetime import UTC, datetime

    from kooperation.store.quick import ProjectSummary
    from kooperation.ui.project_list_model import ID_ROLE, SORT_ROLE, ProjectListModel

    names = ["beta", "Alpha", "gamma", "alpha", "Äpfel", "delta", "beta"]
    rows = [
        ProjectSummary(
            id=f"p{i}", name=name, partner_names=[names[-1 - i], "X"],
            updated_at=datetime(2025, 1 + i % 3, 1, tzinfo=UTC), draft_count=(i * 5) % 3,
            open_topics=(i * 7) % 4,
        )
        for i, name in enumerate(names)
    ]
    model = ProjectListModel()
    model.set_projects(rows)
    for col in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(col, order)
            shown = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
            keys = {model.index(i, 0).data(ID_ROLE): model.index(i, col).data(SORT_ROLE)
                    for i in range(len(rows))}
            expected = sorted(keys.values(), reverse=order == Qt.SortOrder.DescendingOrder)
            assert [keys[pid] for pid in shown] == expected, (col, order)


def _many_summaries(count: int = 200) -> list:
    from datetime import UTC, datetime

    from kooperation.store.quick import ProjectSummary

    return [
        ProjectSummary(id=f"p{i:03d}", name=f"Projekt {(i * 37) % 200:03d}",
                       partner_names=["Stadtwerke" if i % 4 == 0 else "Müller GmbH", "X"],
                       updated_at=datetime(2025, 1 + i % 12, 1, tzinfo=UTC), draft_count=i % 3,
                       open_topics=i % 5)
        for i in range(count)
    ]


def test_sorting_keeps_ties_in_store_order_and_the_selection_on_its_project(qapp):
    """The list sorts itself with one key per row (a filter model called Python twice per
    comparison: 12,000 calls for 1,000 projects); equal values keep the order shown before, as
    Qt's own stable sort kept it; the selected project stays selected."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtTest import QAbstractItemModelTester

    from kooperation.ui.project_list_model import ID_ROLE, ProjectListModel

    rows = _many_summaries()
    model = ProjectListModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal, model)
    model.sort(COL_CHANGED, Qt.SortOrder.DescendingOrder)
    model.set_projects(rows)
    selection = QItemSelectionModel(model)
    chosen = model.row_of("p042")
    selection.select(model.index(chosen, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def shown() -> list[str]:
        return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]

    for col, order in ((COL_NAME, Qt.SortOrder.AscendingOrder), (COL_DRAFTS, Qt.SortOrder.DescendingOrder),
                       (COL_OPEN, Qt.SortOrder.AscendingOrder), (COL_CHANGED, Qt.SortOrder.DescendingOrder)):
        before = {pid: i for i, pid in enumerate(shown())}
        model.sort(col, order)
        key = {p.id: model._sort_key(p, col) for p in rows}
        sign = -1 if order == Qt.SortOrder.DescendingOrder and col != COL_NAME else 1
        assert shown() == sorted(before, key=lambda pid: (sign * key[pid], before[pid])), col
        picked = [i.data(ID_ROLE) for i in selection.selectedIndexes()]
        assert picked == ["p042"], col


def test_the_search_keeps_the_order_and_the_selection_while_the_project_matches(qtbot, qapp):
    """The list searches itself: the matching projects in the order shown, the table showing
    just those rows; the selected project stays selected while it matches, is unselected when
    the search hides it, and a search then sorted and cleared shows every project sorted."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtTest import QAbstractItemModelTester
    from PySide6.QtWidgets import QTableView

    from kooperation.ui.project_list_model import ID_ROLE, ProjectListModel

    rows = _many_summaries()
    model = ProjectListModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal, model)
    model.set_projects(rows)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    chosen = model.row_of("p040")  # a Stadtwerke project
    view.selectionModel().setCurrentIndex(
        model.index(chosen, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )

    def shown() -> list[str]:
        return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]

    def selected() -> list[str]:
        return sorted({i.data(ID_ROLE) for i in view.selectionModel().selectedIndexes()})

    model.set_search("  STADTWERKE ")
    assert shown() == [p.id for p in rows if p.id[1:].isdigit() and int(p.id[1:]) % 4 == 0]
    assert model.all_count() == 200 and model.rowCount() == 50
    assert view.verticalHeader().count() == 50  # the table follows the row count
    assert selected() == ["p040"] and view.currentIndex().data(ID_ROLE) == "p040"
    model.set_search("stadtwerke projekt 080")  # every word must match
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Projekt 080"]
    model.set_search("müller")
    assert selected() == [] and "p040" not in shown() and len(shown()) == 150
    model.set_search("stadtwerke")
    model.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    model.set_search("")
    names = [model.index(r, COL_NAME).data() for r in range(model.rowCount())]
    assert len(names) == 200 and names == sorted(names, reverse=True)
    assert view.verticalHeader().count() == 200


def test_each_cell_answers_what_the_view_and_a_screen_reader_ask(qapp):
    """What the list shows and reads out per cell: counts right-aligned, a tooltip where there is
    more to say, the accessible text (the tooltip, else the shown text); the roles it does not
    serve (font, colours, check state, icon) give nothing."""
    from datetime import UTC, datetime

    from kooperation.store.quick import ProjectSummary
    from kooperation.ui.project_list_model import ID_ROLE, ProjectListModel, search_text

    model = ProjectListModel()
    model.set_projects([ProjectSummary("p1", "Lernfabrik", ["Müller GmbH", "Stadt Tübingen"], 2,
                                       datetime(2025, 3, 1, 9, 30, tzinfo=UTC), 3, 1)])
    role = Qt.ItemDataRole
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    partners = model.index(0, COL_PARTNERS)
    drafts = model.index(0, COL_DRAFTS)
    assert partners.data(role.DisplayRole) == "Müller GmbH, Stadt Tübingen"
    assert partners.data(role.ToolTipRole) == "Müller GmbH\nStadt Tübingen"
    assert drafts.data(role.DisplayRole) == "3"
    assert drafts.data(role.ToolTipRole) == "3 gespeicherte Entwurfsversionen"
    assert drafts.data(role.AccessibleTextRole) == "3 gespeicherte Entwurfsversionen"
    assert model.index(0, COL_CHANGED).data(role.AccessibleTextRole).startswith("01.03.2025, ")
    assert drafts.data(role.TextAlignmentRole) == int(right)
    assert model.index(0, COL_OPEN).data(role.TextAlignmentRole) == int(right)
    assert model.index(0, COL_NAME).data(role.TextAlignmentRole) is None
    assert model.headerData(COL_DRAFTS, Qt.Orientation.Horizontal, role.TextAlignmentRole) == int(right)
    assert partners.data(ID_ROLE) == "p1"
    assert search_text(model.summary(0)) == "lernfabrik müller gmbh stadt tübingen"
    for unserved in (role.FontRole, role.ForegroundRole, role.BackgroundRole, role.CheckStateRole,
                     role.DecorationRole, role.SizeHintRole):
        assert drafts.data(unserved) is None
        assert model.data(drafts, int(unserved)) is None
