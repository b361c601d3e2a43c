"""The meeting pages of the project window, driven through their widgets: navigation, the
readiness check, the success factors with their hints, and the decision guide for the form.

Real widgets, a real store in ``tmp_path``, the example project. The board and the living
agreement are in ``test_ui_meeting_board.py``.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kooperation.domain.checks import FactorKind, Rating, load_checks
from kooperation.domain.demo import demo_project
from kooperation.domain.model import CooperationForm, DecisionStatus
from kooperation.i18n import current_language, set_language
from kooperation.store import open_store
from kooperation.ui.meeting_widgets import NoticeFrame
from kooperation.ui.project_window import MEETING_PAGES, ProjectWindow


@pytest.fixture
def window(demo_window):
    return demo_window


def stored(window):
    """The project as the store has it now."""
    return window.session.store.load_project(window.session.project.id)


# --- navigation ---------------------------------------------------------------------------------


def test_navigation_has_the_meeting_group_under_the_phases(window, qtbot):
    """Below the five phases a heading "Im Treffen" that cannot be selected, then the five
    meeting pages; the arrow keys step over the heading in both directions."""
    texts = [window.nav.item(row).text() for row in range(window.nav.count())]
    assert texts[5] == "Im Treffen"
    assert texts[6:] == ["Startklar?", "Erfolgsfaktoren", "Form finden", "Vereinbart & offen", "Lebendiger Vertrag"]
    assert not window.nav.item(5).flags() & Qt.ItemFlag.ItemIsSelectable

    window.select_phase("drafts")
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_page() == "readiness"
    assert window.stack.currentWidget() is window.pages["readiness"]
    qtbot.keyClick(window.nav, Qt.Key.Key_Up)
    assert window.current_page() == "drafts"
    for key in MEETING_PAGES:
        window.select_phase(key)
        assert window.stack.currentWidget() is window.pages[key]
    window.nav.setCurrentRow(5)  # the heading itself: its neighbour is shown instead
    assert window.current_page() in ("drafts", "readiness")


def test_undo_of_a_meeting_edit_brings_its_page_into_sight(window):
    """Undoing an answer, a rating or a review while another page is shown switches to the
    page the edit was made on."""
    session = window.session
    pid = session.project.partners[0].id
    window.select_phase("readiness")
    window.pages["readiness"].answer(pid, "nutzen", True)
    window.select_phase("factors")
    window.pages["factors"].rows["tempo"].rate(Rating.POOR)
    window.select_phase("partners")
    session.undo_stack.undo()
    assert window.current_page() == "factors"
    session.undo_stack.undo()
    assert window.current_page() == "readiness"
    assert stored(window).assessment.is_empty()
    window.select_phase("goals")
    session.undo_stack.redo()
    assert window.current_page() == "readiness"


# --- readiness ----------------------------------------------------------------------------------


def test_readiness_answers_by_keyboard_give_a_verdict(window, qtbot):
    """Each cell takes yes or no from the arrow keys; after five answers the partner gets the
    guide's verdict, the answers are stored at once, and undo takes the last one back."""
    window.select_phase("readiness")
    page = window.pages["readiness"]
    partner = window.session.project.partners[0]
    questions = [q.id for q in load_checks().readiness.questions]
    assert page.verdict_text(partner.id) == "noch keine Antworten"
    for question in questions[:5]:
        combo = page.combos[(partner.id, question)]
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # "–" -> "Ja"
    assert stored(window).assessment.readiness[partner.id] == {q: True for q in questions[:5]}
    assert "5 Ja, 0 Nein" in page.verdict_text(partner.id)
    assert "Gute Voraussetzungen" in page.verdict_labels[partner.id].toolTip()
    # the others have not answered: named, and the overall verdict waits for them
    assert "Noch keine Antworten von" in page.missing_label.text()
    assert "Noch nicht genug Antworten" in page.verdict_text()

    combo = page.combos[(partner.id, questions[4])]
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # "Ja" -> "Nein"
    assert stored(window).assessment.readiness[partner.id][questions[4]] is False
    window.session.undo_stack.undo()
    assert stored(window).assessment.readiness[partner.id][questions[4]] is True
    assert combo.currentText() == "Ja"


def test_readiness_overall_verdict_names_the_hesitant(window):
    """When every partner has answered, the overall verdict appears with the guide's next
    steps; a partner answering mostly "no" is named, with advice for each "no"."""
    window.select_phase("readiness")
    page = window.pages["readiness"]
    partners = window.session.project.partners
    questions = [q.id for q in load_checks().readiness.questions]
    for partner in partners:
        for question in questions:
            page.answer(partner.id, question, partner is not partners[1])
    assert "Teils, teils" in page.verdict_text() or "Gute Voraussetzungen" in page.verdict_text()
    assert partners[1].display_name in page.hesitant_label.text()
    assert page.hesitant_label.isVisible()
    assert "Schwierige Ausgangslage" in page.verdict_labels[partners[1].id].toolTip()
    assert page.advice_host.isVisible()
    assert page.steps.text().startswith("•")
    assert len(stored(window).assessment.readiness) == len(partners)


def test_readiness_follows_the_partners(window):
    """A new partner gets a column; a removed one disappears with its cells."""
    page = window.pages["readiness"]
    session = window.session
    added = session.add_partner()
    window.select_phase("readiness")  # a hidden page catches up when it is shown
    assert (added.id, "nutzen") in page.combos
    session.remove_partner(added.id)
    window.select_phase("readiness")
    assert (added.id, "nutzen") not in page.combos


# --- success and failure factors -----------------------------------------------------------------


def conflicts_factor() -> str:
    """The failure factor "Konflikte bleiben ungelöst", found by its title."""
    factor = next(f for f in load_checks().factors.items if f.title.get_text("de") == "Konflikte bleiben ungelöst")
    assert factor.kind is FactorKind.FAILURE
    return factor.id


def test_rating_a_failure_factor_gives_a_hint_that_leads_to_its_topic(window, qtbot):
    """Conflicts rated "trifft zu" while the conflict rule is open: a warning that points at
    "Konfliktlösung"; its button opens that topic on the rules page. Once the topic is agreed,
    the hint says to check that the rule is lived."""
    session = window.session
    session.set_decision("konflikte", status=DecisionStatus.OPEN)
    window.select_phase("factors")
    page = window.pages["factors"]
    factor = conflicts_factor()
    row = page.rows[factor]
    assert row.radios[Rating.POOR].text() == "trifft zu"
    qtbot.mouseClick(row.radios[Rating.POOR], Qt.MouseButton.LeftButton)
    assert stored(window).assessment.factors[factor] == "poor"

    hint = next(h for h in page.hint_list.hints if h.factor_id == factor)
    assert hint.topic_id == "konflikte"
    assert "Regeln Sie die Konfliktlösung" in hint.text
    score = next(s for s in page.chart.scores if s.factor_id == factor)
    assert score.rating is Rating.POOR and score.score == 0
    assert "Konflikte bleiben ungelöst: trifft zu" in page.chart.text_alternative()

    button = page.hint_list.button_for("konflikte")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "rules"
    assert window.pages["rules"].list.currentItem().data(Qt.ItemDataRole.UserRole) == "konflikte"

    session.set_decision("konflikte", status=DecisionStatus.AGREED)
    window.select_phase("factors")  # back from the rules page
    hint = next(h for h in page.hint_list.hints if h.factor_id == factor)
    assert "Eine Konfliktregel ist vereinbart" in hint.text
    assert hint.text in page.hint_list.texts()


def test_factor_note_is_stored_while_typing_and_undone_in_one_step(window, qtbot):
    """The note of a factor is stored as it is typed; undo removes the whole word."""
    window.select_phase("factors")
    page = window.pages["factors"]
    note = page.rows["tempo"].note
    note.setFocus()
    qtbot.keyClicks(note, "Sitzungen nur halbjaehrlich")
    assert stored(window).assessment.factor_notes["tempo"] == "Sitzungen nur halbjaehrlich"
    window.session.undo_stack.undo()
    assert "tempo" not in stored(window).assessment.factor_notes
    assert note.text() == ""


def test_data_warnings_follow_the_project(window):
    """Warnings computed from the data change with it: a partner without contribution is
    named; with a single partner left, the page says a cooperation needs at least two."""
    session = window.session
    window.select_phase("factors")
    page = window.pages["factors"]
    partner = session.project.partners[2]
    session.update_partner(partner.id, "contributions", "")
    assert any(h.code == "no_contribution" and partner.display_name in h.text for h in page.hint_list.hints)
    session.undo_stack.undo()  # shows the partners page, where the undone edit was
    window.select_phase("factors")
    assert not any(h.code == "no_contribution" for h in page.hint_list.hints)

    for other in session.project.partners[1:]:
        session.remove_partner(other.id)
    first = page.hint_list.hints[0]
    assert first.code == "too_few_partners"
    assert "mindestens 2" in first.text
    assert page.findChild(NoticeFrame, "hint_too_few_partners") is not None


# --- decision guide ----------------------------------------------------------------------------


def test_decision_guide_ranks_the_forms_and_the_user_chooses(window, qtbot):
    """A loose cooperation puts the network first and shows the GbR warning; binding force,
    joint assets and limited liability put the company first. "Diese Form wählen" sets the
    project's form, which the page then shows as chosen."""
    window.select_phase("form_guide")
    page = window.pages["form_guide"]
    assert not page.gbr.isHidden()  # nothing answered yet: binding force not (yet) wanted
    qtbot.mouseClick(page.questions["binding"].radios["no"], Qt.MouseButton.LeftButton)
    assert stored(window).assessment.guide == {"binding": "no"}
    assert page.recommendations()[0].form_id == "netzwerk"
    assert list(page.cards)[0] == "netzwerk"
    assert not page.gbr.isHidden()

    for question, option in (("binding", "yes"), ("assets", "yes"), ("liability", "limited")):
        page.answer(question, option)
    ranking = page.recommendations()
    assert ranking[0].form_id == "gesellschaft" and ranking[0].recommended
    assert list(page.cards)[0] == "gesellschaft"
    assert ranking[0].reasons_for
    assert page.gbr.isHidden()  # binding wanted and the demo's form (contract) binds

    qtbot.mouseClick(page.choose_buttons["gesellschaft"], Qt.MouseButton.LeftButton)
    assert stored(window).form is CooperationForm.GESELLSCHAFT
    assert "gesellschaft" not in page.choose_buttons
    assert "Gesellschaft" in page.current_label.text()

    qtbot.mouseClick(page.choose_buttons["netzwerk"], Qt.MouseButton.LeftButton)
    assert stored(window).form is CooperationForm.NETZWERK
    assert not page.gbr.isHidden()  # a form without legal commitment
    window.session.undo_stack.undo()
    assert stored(window).form is CooperationForm.GESELLSCHAFT


# --- the texts of the checks come from the catalogue --------------------------------------------


@pytest.fixture
def english():
    previous = current_language()
    set_language("en")
    yield
    set_language(previous)


def label_texts(page):
    return {label.text() for label in page.findChildren(QLabel)}


def test_the_meeting_pages_show_the_catalogue_texts_in_the_current_language(english, qtbot, tmp_path):
    """Built in English, the pages show the catalogue's English: the readiness answers and
    counts, the factor groups, the headings of the guide and of the phase-4 sheet, the review
    statuses and the introductions (the controls stay gettext strings, here untranslated)."""
    store = open_store(tmp_path / "s.sqlite3")
    project = demo_project()
    project.form = None
    project = store.save_project(project)
    window = ProjectWindow(store, project.id)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    checks = load_checks()
    try:
        window.select_phase("readiness")
        readiness = window.pages["readiness"]
        partner = window.session.project.partners[0]
        combo = next(iter(readiness.combos.values()))
        assert [combo.itemText(i) for i in range(combo.count())] == ["–", "Yes", "No"]
        assert readiness.verdict_text(partner.id) == "no answers yet"
        for question in checks.readiness.questions[:5]:
            readiness.answer(partner.id, question.id, True)
        assert "5 yes, 0 no" in readiness.verdict_text(partner.id)
        assert {"What you can do next", "About the “no” answers"} <= label_texts(readiness)
        assert checks.readiness.intro["en"] in label_texts(readiness)

        window.select_phase("factors")
        factors = window.pages["factors"]
        assert {"What contributes to success", "What can lead to failure", checks.factors.intro["en"]} <= label_texts(factors)

        window.select_phase("form_guide")
        guide = window.pages["form_guide"]
        guide.answer("binding", "yes")
        assert {"Which form suits your answers?", "In favour", "In general", "★ Best fit for your answers"} <= label_texts(guide)

        window.select_phase("board")
        board = window.pages["board"]
        texts = label_texts(board)
        assert {"For our cooperation we choose the following form:", "We make these agreements:", "We still need to agree on:"} <= texts
        assert board.form_label.text() == "not chosen yet"

        window.select_phase("living")
        living = window.pages["living"]
        assert checks.living.intro["en"] in label_texts(living)
        living.add_review()
        status = next(iter(living.entry_rows.values())).status
        assert [status.itemText(i) for i in range(status.count())] == ["on track", "at risk", "delayed", "achieved", "dropped"]
    finally:
        window.preview.wait_idle()
        window.close()
        store.close()
