"""Contradictions on the page "Form & Regeln": an edit that contradicts another topic or the
partner list shows the message in red under the parameter (or under the variants) of every
involved topic, marks the topics in the list, and disappears when the value fits again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kooperation.domain.demo import demo_project
from kooperation.domain.model import CooperationForm, Project
from kooperation.store import open_store
from kooperation.ui.pages.rules import FORM_ENTRY, MARK_AGREED, MARK_CONFLICT, FormPanel, RulesPage
from kooperation.ui.session import ProjectSession
from kooperation.ui.topic_panel import TopicPanel

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def page(qtbot, tmp_path) -> RulesPage:
    store = open_store(tmp_path / "consistency.sqlite3")
    saved = store.save_project(demo_project())
    page = RulesPage(ProjectSession(store, saved.id))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    yield page
    store.close()


def _panel(page: RulesPage, topic: str) -> TopicPanel:
    page.select(topic)
    assert isinstance(page.panel, TopicPanel) and page.panel.topic.id == topic
    return page.panel


def _stored(page: RulesPage) -> Project:
    return page.session.store.load_project(page.session.project.id)


def test_typing_a_contradictory_value_shows_the_message_under_the_parameter(page, qtbot):
    """ "Mindestens 5 Partner verbleiben" with four partners: typed into the spin box, the value is
    stored and the message appears in red under it; the list marks the topic and the status
    explains that it stays open; typing 3 removes all of it again."""
    panel = _panel(page, "austritt")
    row = panel.row("continuation_min")
    assert not row.problem.isVisibleTo(panel)
    assert page.mark("austritt") == MARK_AGREED

    spin = row.editor.spin
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "5")
    assert _stored(page).decisions["austritt"].params["continuation_min"] == 5
    assert row.problem.isVisibleTo(panel)
    assert row.problem.text().startswith("Widerspruch: ")
    assert "mindestens 5 Partner" in row.problem.text() and "höchstens 3" in row.problem.text()
    assert page.mark("austritt") == MARK_CONFLICT
    assert panel.status.hint.isVisibleTo(panel) and "offen" in panel.status.hint.text()
    assert not panel.conflict_note.isVisibleTo(panel)  # shown once, at the parameter

    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "3")
    assert not row.problem.isVisibleTo(panel)
    assert page.mark("austritt") == MARK_AGREED
    assert not panel.status.hint.isVisibleTo(panel)


def test_a_variant_that_contradicts_another_topic_is_shown_in_both_panels(page, qtbot):
    """ "Zeitlich begrenztes Vorhaben" next to an unlimited term: the message stands under the
    variants of the subject and, when the term is selected, under its variants too; choosing a
    fixed term in the term's panel removes it from both."""
    panel = _panel(page, "gegenstand")
    assert not panel.conflict_note.isVisibleTo(panel)
    qtbot.mouseClick(panel.variant_items["vorhaben"].radio, LEFT)
    assert panel.conflict_note.isVisibleTo(panel)
    assert "„Zeitlich begrenztes Vorhaben“" in panel.conflict_note.text()
    assert "„Unbefristet“" in panel.conflict_note.text()
    assert page.mark("gegenstand") == MARK_CONFLICT and page.mark("laufzeit") == MARK_CONFLICT

    term = _panel(page, "laufzeit")
    assert term.conflict_note.isVisibleTo(term)
    assert term.conflict_note.text() == panel.conflict_note.text()
    qtbot.mouseClick(term.variant_items["vorhabenende"].radio, LEFT)
    assert not term.conflict_note.isVisibleTo(term)
    assert page.mark("gegenstand") != MARK_CONFLICT


def test_an_edit_elsewhere_refreshes_the_shown_panel(page):
    """The panel on screen follows changes made outside it: a partner removed (three remain, at
    least three must remain after an exit) brings the message to the exit topic's parameter."""
    panel = _panel(page, "austritt")
    row = panel.row("continuation_min")
    assert not row.problem.isVisibleTo(panel)
    page.session.remove_partner(page.session.project.partners[-1].id)
    assert row.problem.isVisibleTo(panel)
    assert "nur 3 Partner" in row.problem.text()


def test_the_form_panel_shows_a_contradiction_with_the_form(page):
    """A loose network with an annual contribution: the form's panel and the costs' panel both
    say why, and both entries are marked."""
    page.session.set_decision("beitraege", variant="budget")
    page.session.set_project_field("form", CooperationForm.NETZWERK)
    page.select(FORM_ENTRY)
    form = page.panel
    assert isinstance(form, FormPanel)
    assert form.conflict_note.isVisibleTo(form)
    assert "loses Netzwerk" in form.conflict_note.text()
    assert page.mark(FORM_ENTRY) == MARK_CONFLICT and page.mark("beitraege") == MARK_CONFLICT
    costs = _panel(page, "beitraege")
    row = costs.row("annual_contribution_eur")
    assert "loses Netzwerk" in row.problem.text()
