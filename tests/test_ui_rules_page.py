"""The page "Form & Regeln": form, variants, parameters, status and note, driven through the real
widgets; everything reaches the store at once and comes back with undo."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
)

from kooperation.domain.catalogue import Localized, Option, Param, load_catalogue, param_applies
from kooperation.domain.demo import demo_project
from kooperation.domain.model import (
    CooperationForm,
    DecisionStatus,
    Partner,
    PartnerRole,
    Project,
    RuleDecision,
)
from kooperation.errors import KooperationError
from kooperation.store import open_store
from kooperation.ui.date_edit import DateEdit
from kooperation.ui.pages.base import help_for
from kooperation.ui.pages.rules import (
    FORM_ENTRY,
    MARK_AGREED,
    MARK_NONE,
    MARK_OPEN,
    FormPanel,
    RulesPage,
)
from kooperation.ui.param_editors import make_editor
from kooperation.ui.session import ProjectSession
from kooperation.ui.topic_panel import TopicPanel

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "rules.sqlite3")
    yield s
    s.close()


def _page(qtbot, store, project: Project) -> RulesPage:
    saved = store.save_project(project)
    page = RulesPage(ProjectSession(store, saved.id))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    return page


def blank_project() -> Project:
    return Project(
        name="Neue Kooperation",
        partners=[
            Partner("Alpha Werkzeugbau GmbH", short_name="Alpha", role=PartnerRole.LEAD),
            Partner("Beta Bildung e. V.", short_name="Beta"),
            Partner("Gamma Stadtwerke", short_name="Gamma"),
        ],
    )


@pytest.fixture
def blank(qtbot, store) -> RulesPage:
    return _page(qtbot, store, blank_project())


@pytest.fixture
def demo(qtbot, store) -> RulesPage:
    return _page(qtbot, store, demo_project())


def stored(page: RulesPage) -> Project:
    return page.session.store.load_project(page.session.project.id)


def topic_panel(page: RulesPage, topic: str) -> TopicPanel:
    page.select(topic)
    assert isinstance(page.panel, TopicPanel) and page.panel.topic.id == topic
    return page.panel


def click_variant(panel: TopicPanel, variant: str, qtbot) -> None:
    qtbot.mouseClick(panel.variant_items[variant].radio, LEFT)


def test_choosing_a_form_and_agreeing_on_it_is_stored(blank, qtbot):
    """Clicking a form stores it (still open); agreeing is a second, explicit click."""
    blank.select(FORM_ENTRY)
    panel = blank.panel
    assert isinstance(panel, FormPanel)
    assert blank.mark(FORM_ENTRY) == MARK_NONE
    assert not panel.status.agreed.isEnabled()

    qtbot.mouseClick(panel.items["vertrag"].radio, LEFT)
    project = stored(blank)
    assert project.form == CooperationForm.VERTRAG
    assert project.form_status == DecisionStatus.OPEN
    assert blank.mark(FORM_ENTRY) == MARK_OPEN

    assert panel.status.agreed.isEnabled()
    qtbot.mouseClick(panel.status.agreed, LEFT)
    assert stored(blank).form_status == DecisionStatus.AGREED
    assert blank.mark(FORM_ENTRY) == MARK_AGREED

    qtbot.mouseClick(panel.status.open, LEFT)
    assert stored(blank).form_status == DecisionStatus.OPEN


def test_form_panel_explains_every_form_and_warns_about_the_gbr(blank):
    """Each form has its explanation under the radio button; the GbR risk of the loose network
    is spelled out in a visible warning."""
    blank.select(FORM_ENTRY)
    panel = blank.panel
    for form in load_catalogue().forms:
        item = panel.items[form.id]
        assert item.title.text() == form.label.get_text()
        assert form.explanation.get_text() in item.explanation.text()
        assert item.explanation.wordWrap()
    assert panel.warning.isVisible()
    assert "GbR" in panel.warning_text.text() and "Haftung" in panel.warning_text.text()


def test_clicking_the_variant_title_selects_it(blank, qtbot):
    """The bold title beside a radio button is part of the click target."""
    panel = topic_panel(blank, "haftung")
    qtbot.mouseClick(panel.variant_items["hoechstbetrag"].title, LEFT)
    assert stored(blank).decisions["haftung"].variant == "hoechstbetrag"
    assert panel.variant_items["hoechstbetrag"].radio.isChecked()


def test_exit_variant_shows_notice_months_and_typing_stores_the_value(blank, qtbot):
    """Choosing "Kündigung mit Frist" shows the notice period as a spin box in months with the
    suggestion 3; typing a new value stores it at once, in one undo step."""
    panel = topic_panel(blank, "austritt")
    assert not any(r.param.id == "notice_months" for r in panel.visible_rows())

    click_variant(panel, "ordentlich", qtbot)
    decision = stored(blank).decisions["austritt"]
    assert decision.variant == "ordentlich"
    assert decision.status == DecisionStatus.OPEN  # choosing is not agreeing

    row = panel.row("notice_months")
    assert row in panel.visible_rows()
    spin = row.editor.spin
    assert isinstance(spin, QSpinBox)
    assert spin.value() == 3 and spin.suffix() == " Monate"
    assert (spin.minimum(), spin.maximum()) == (1, 24)
    assert row.suggestion.isVisibleTo(panel) and spin.font().italic()

    steps = blank.session.undo_stack.count()
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "12")
    assert stored(blank).decisions["austritt"].params["notice_months"] == 12
    assert spin.suffix() == " Monate" and spin.text() == "12 Monate"
    assert not row.suggestion.isVisibleTo(panel) and not spin.font().italic()
    assert blank.session.undo_stack.count() == steps + 1

    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "1")
    assert spin.text() == "1 Monat"
    assert stored(blank).decisions["austritt"].params["notice_months"] == 1


def test_switching_the_variant_hides_the_other_variants_parameters(blank, qtbot):
    """Only the parameters of the chosen variant (and of the topic) are shown."""
    panel = topic_panel(blank, "austritt")
    click_variant(panel, "ordentlich", qtbot)
    shown = {r.param.id for r in panel.visible_rows()}
    assert {"notice_months", "notice_term", "min_months", "exclusion"} <= shown

    click_variant(panel, "jederzeit", qtbot)
    shown = {r.param.id for r in panel.visible_rows()}
    assert "notice_months" not in shown and "notice_term" not in shown
    assert "notice_weeks" in shown and "exclusion" in shown
    assert panel.row("notice_weeks").editor.spin.suffix() == " Wochen"
    assert stored(blank).decisions["austritt"].variant == "jederzeit"

    click_variant(panel, "wichtiger_grund", qtbot)
    assert {r.param.id for r in panel.visible_rows()} == {p.id for p in panel.topic.params}


def test_partner_parameter_offers_the_projects_partners_and_stores_the_id(blank, qtbot):
    """A partner picker lists "— bitte wählen —" and the short names, suggests the lead partner
    and stores the id of the chosen partner."""
    panel = topic_panel(blank, "datenschutz")
    click_variant(panel, "auftragsverarbeitung", qtbot)
    row = panel.row("processor")
    combo = row.editor.combo
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "— bitte wählen —",
        "Alpha",
        "Beta",
        "Gamma",
    ]
    partners = blank.session.project.partners
    assert combo.currentData() == partners[0].id and row.suggestion.isVisibleTo(panel)

    combo.setCurrentIndex(combo.findText("Gamma"))
    assert stored(blank).decisions["datenschutz"].params["processor"] == partners[2].id
    assert not row.suggestion.isVisibleTo(panel)

    blank.session.add_partner(Partner("Delta Digital GmbH", short_name="Delta"))
    assert combo.findText("Delta") > 0
    assert combo.currentText() == "Gamma"


def test_choice_parameter_stores_the_option_and_reveals_dependent_parameters(blank, qtbot):
    """Choosing "qualifizierte Mehrheit" stores the option id and shows the majority percentage
    (its ``when`` condition), with a percent suffix."""
    panel = topic_panel(blank, "steuerung")
    click_variant(panel, "gleichrangig", qtbot)
    assert "majority_percent" not in {r.param.id for r in panel.visible_rows()}
    combo = panel.row("decision_rule").editor.combo
    combo.setCurrentIndex(combo.findData("qualifiziert"))
    assert stored(blank).decisions["steuerung"].params["decision_rule"] == "qualifiziert"
    row = panel.row("majority_percent")
    assert row in panel.visible_rows()
    assert row.editor.spin.suffix() == " %" and row.editor.spin.minimum() == 51


def test_date_parameter_stores_an_iso_date_and_can_be_cleared(blank, qtbot):
    """The end date starts empty (shown as missing), takes a date from the date edit as an ISO
    string, and "kein Datum" removes it again."""
    panel = topic_panel(blank, "laufzeit")
    click_variant(panel, "befristet", qtbot)
    row = panel.row("end_date")
    editor = row.editor
    assert isinstance(editor.edit, DateEdit)
    assert editor.none.isChecked() and not editor.edit.isEnabled()
    assert row.problem.isVisibleTo(panel) and "offen" in row.problem.text()

    qtbot.mouseClick(editor.none, LEFT)
    assert editor.edit.isEnabled()
    assert stored(blank).decisions["laufzeit"].params["end_date"] == date.today().isoformat()

    editor.edit.selectAll()
    qtbot.keyClicks(editor.edit, "31.12.2029")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert stored(blank).decisions["laufzeit"].params["end_date"] == "2029-12-31"
    assert not row.problem.isVisibleTo(panel)

    qtbot.mouseClick(editor.none, LEFT)
    assert "end_date" not in stored(blank).decisions["laufzeit"].params
    assert row.problem.isVisibleTo(panel)


def test_money_bool_and_text_parameters_are_stored(blank, qtbot):
    """Amounts in a German euro spin box, a yes/no check box and a text line all store at once."""
    panel = topic_panel(blank, "beitraege")
    click_variant(panel, "budget", qtbot)
    spin = panel.row("annual_contribution_eur").editor.spin
    assert isinstance(spin, QDoubleSpinBox)
    assert spin.suffix() == " €" and spin.locale().language() == QLocale.Language.German
    assert spin.maximum() == 10_000_000 and spin.minimum() == 0
    spin.setValue(3000)
    assert stored(blank).decisions["beitraege"].params["annual_contribution_eur"] == 3000
    assert spin.text() == "3.000,00 €"

    panel = topic_panel(blank, "austritt")
    check = panel.row("exclusion").editor.check
    assert isinstance(check, QCheckBox) and check.isChecked()  # suggestion: yes
    qtbot.mouseClick(check, LEFT)
    assert stored(blank).decisions["austritt"].params["exclusion"] is False

    panel = topic_panel(blank, "kommunikation")
    line = panel.row("platform").editor.edit
    assert isinstance(line, QLineEdit)
    qtbot.keyClicks(line, "abc")
    line.setCursorPosition(1)
    qtbot.keyClicks(line, "X")  # the refresh after each key must not move the cursor
    assert line.text() == "aXbc"
    assert stored(blank).decisions["kommunikation"].params["platform"] == "aXbc"

    panel = topic_panel(blank, "gegenstand")
    text = panel.row("subject").editor.edit
    assert isinstance(text, QPlainTextEdit)
    qtbot.keyClicks(text, "Lernfabrik")
    assert stored(blank).decisions["gegenstand"].params["subject"] == "Lernfabrik"


def test_status_switch_and_note_are_stored(blank, qtbot):
    """Agreeing needs a chosen variant; the status switch and the note reach the store, the note
    as one undo step however many keys were typed."""
    panel = topic_panel(blank, "haftung")
    assert not panel.status.agreed.isEnabled() and panel.status.open.isChecked()
    click_variant(panel, "grobe_fahrlaessigkeit", qtbot)
    qtbot.mouseClick(panel.status.agreed, LEFT)
    assert stored(blank).decisions["haftung"].status == DecisionStatus.AGREED
    qtbot.mouseClick(panel.status.open, LEFT)
    assert stored(blank).decisions["haftung"].status == DecisionStatus.OPEN

    steps = blank.session.undo_stack.count()
    qtbot.keyClicks(panel.note, "Mit der Versicherung besprechen")
    assert stored(blank).decisions["haftung"].note == "Mit der Versicherung besprechen"
    assert blank.session.undo_stack.count() == steps + 1


def test_topic_list_marks_change_from_nothing_to_open_to_agreed(blank, qtbot):
    """○ until a variant is chosen, ● while open, ✓ once agreed; edits elsewhere update it too."""
    assert blank.mark("vertraulichkeit") == MARK_NONE
    panel = topic_panel(blank, "vertraulichkeit")
    click_variant(panel, "umfassend", qtbot)
    assert blank.mark("vertraulichkeit") == MARK_OPEN
    qtbot.mouseClick(panel.status.agreed, LEFT)
    assert blank.mark("vertraulichkeit") == MARK_AGREED

    blank.session.set_decision("haftung", variant="gesetzlich", status=DecisionStatus.AGREED)
    assert blank.mark("haftung") == MARK_AGREED
    blank.session.undo_stack.undo()
    assert blank.mark("haftung") == MARK_NONE


def test_undo_restores_the_radio_selection_and_the_spin_box_value(demo, qtbot):
    """Undo brings back the previous variant in the radio buttons and the previous number in the
    spin box, in the store and on screen."""
    panel = topic_panel(demo, "austritt")
    spin = panel.row("notice_months").editor.spin
    assert spin.value() == 6 and panel.variant_items["ordentlich"].radio.isChecked()

    spin.setValue(9)
    demo.session.end_merge()
    click_variant(panel, "jederzeit", qtbot)
    assert panel.variant_items["jederzeit"].radio.isChecked()

    demo.session.undo_stack.undo()
    assert panel.variant_items["ordentlich"].radio.isChecked()
    assert stored(demo).decisions["austritt"].variant == "ordentlich"
    assert spin.value() == 9
    demo.session.undo_stack.undo()
    assert spin.value() == 6
    assert stored(demo).decisions["austritt"].params["notice_months"] == 6
    demo.session.undo_stack.redo()
    assert spin.value() == 9


def test_undoing_the_first_variant_unchecks_every_radio_button(blank, qtbot):
    """A topic with nothing chosen shows no checked variant after undo."""
    panel = topic_panel(blank, "abwerbung")
    click_variant(panel, "verbot", qtbot)
    blank.session.undo_stack.undo()
    assert panel.variant_group.checkedButton() is None
    assert blank.mark("abwerbung") == MARK_NONE


def test_reset_button_returns_to_the_suggestion(demo, qtbot):
    """A value different from the suggestion can be reset; the suggestion is shown again."""
    panel = topic_panel(demo, "austritt")
    row = panel.row("notice_months")
    assert row.reset.isVisibleTo(panel) and "3 Monate" in row.reset.toolTip()
    qtbot.mouseClick(row.reset, LEFT)
    assert "notice_months" not in stored(demo).decisions["austritt"].params
    assert row.editor.spin.value() == 3 and row.suggestion.isVisibleTo(panel)
    assert not row.reset.isVisibleTo(panel)


def test_invalid_stored_value_is_reported_in_red_under_the_widget(blank):
    """A value outside the catalogue's bounds (e.g. from an import) is named under its widget."""
    blank.select("austritt")
    blank.session.set_decision("austritt", variant="ordentlich", params={"notice_months": 99})
    row = blank.panel.row("notice_months")
    assert row.problem.isVisibleTo(blank.panel)
    assert "höchstens 24" in row.problem.text()
    assert row.editor.spin.value() == 24  # the widget itself cannot show an invalid number


def test_every_topic_and_variant_can_be_shown(blank, demo, qtbot):
    """Select every topic and click every variant: exactly the applicable parameters are shown,
    each with help and the topic as clause for the preview."""
    catalogue = load_catalogue()
    for page in (blank, demo):
        for topic in catalogue.topics:
            panel = topic_panel(page, topic.id)
            assert panel.question.text() == topic.question.get_text()
            for variant in topic.variants:
                click_variant(panel, variant.id, qtbot)
                project = page.session.project
                values = dict(project.decision(topic.id).params)
                for p in topic.params_for(variant.id):
                    values.setdefault(p.id, p.default)
                expected = {
                    p.id
                    for p in topic.params_for(variant.id)
                    if param_applies(p, variant.id, values)
                }
                assert {r.param.id for r in panel.visible_rows()} == expected, (
                    topic.id,
                    variant.id,
                )
                for row in panel.visible_rows():
                    title, _text, clause = help_for(row.editor.focus_widget())
                    assert title == row.param.label.get_text() and clause == topic.id
                assert help_for(panel.variant_items[variant.id].radio)[2] == topic.id
            assert page.session.project.decision(topic.id).variant == topic.variants[-1].id


def test_focus_entity_selects_the_topic(demo):
    """The window can point the page at a topic (after undo or a search)."""
    demo.focus_entity("decisions", "konflikte")
    assert demo.panel.topic.id == "konflikte"
    assert demo.list.currentItem().data(Qt.ItemDataRole.UserRole) == "konflikte"
    demo.focus_entity("project", "form")
    assert isinstance(demo.panel, FormPanel)


def test_page_title_and_list_entries(demo):
    """The page is called "Form & Regeln" and lists the form first, then every topic."""
    assert demo.title == "Form & Regeln"
    entries = [demo.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(demo.list.count())]
    assert entries == [FORM_ENTRY] + load_catalogue().topic_ids
    assert demo.mark("ergebnisse") == MARK_OPEN and demo.mark("abwerbung") == MARK_NONE
    assert demo.mark("austritt") == MARK_AGREED


def _param(ptype: str, **kw) -> Param:
    return Param(id="p", type=ptype, label=Localized({"de": "P"}), **kw)


def test_make_editor_gives_the_right_widget_for_each_type(qtbot):
    """One editor per parameter type; the partners editor is a checkable list that emits ids."""
    widgets = {
        "integer": QSpinBox,
        "money": QDoubleSpinBox,
        "text": QLineEdit,
        "choice": QComboBox,
        "partner": QComboBox,
        "partners": QListWidget,
        "date": DateEdit,
        "bool": QCheckBox,
    }
    for ptype, cls in widgets.items():
        extra = {"options": (Option("a", Localized({"de": "A"})),)} if ptype == "choice" else {}
        editor = make_editor(_param(ptype, **extra))
        qtbot.addWidget(editor)
        assert isinstance(editor.focus_widget(), cls), ptype
    assert isinstance(make_editor(_param("text", multiline=True)).focus_widget(), QPlainTextEdit)

    editor = make_editor(_param("partners"))
    qtbot.addWidget(editor)
    a, b = Partner("A GmbH", short_name="A"), Partner("B AG", short_name="B")
    editor.set_partners([a, b])
    editor.set_value([b.id])
    assert editor.value() == [b.id]
    with qtbot.waitSignal(editor.sig_edited) as blocker:
        editor.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert blocker.args == [[a.id, b.id]]

    editor = make_editor(_param("date"))
    qtbot.addWidget(editor)
    editor.set_value(date(2027, 3, 1))
    assert editor.value() == "2027-03-01"


def test_stored_decision_from_another_view_refreshes_the_panel(demo):
    """A change made elsewhere (e.g. a partner removed) reaches the open panel."""
    panel = topic_panel(demo, "steuerung")
    combo = panel.row("coordinator").editor.combo
    lead = demo.session.project.partners[0]
    assert combo.currentData() == lead.id
    demo.session.remove_partner(lead.id)
    assert combo.findData(lead.id) == -1
    demo.session.set_decision("steuerung", variant="gleichrangig")
    assert panel.variant_items["gleichrangig"].radio.isChecked()
    assert isinstance(demo.session.project.decision("steuerung"), RuleDecision)


def test_page_renders_at_projector_size(demo, tmp_path):
    """The page paints at 1100x800 with the exit topic and with the form."""
    demo.select("austritt")
    assert not demo.grab().isNull()
    demo.select(FORM_ENTRY)
    assert demo.grab().save(str(tmp_path / "form.png"))


def test_a_refused_edit_shows_the_stored_value_again(demo, monkeypatch):
    """If the store refuses an edit, nothing changes and the widget shows the stored value."""
    panel = topic_panel(demo, "austritt")
    spin = panel.row("notice_months").editor.spin

    def refuse(*_args, **_kwargs):
        raise KooperationError("Die Datenbank ist schreibgeschützt.")

    monkeypatch.setattr(demo.session.store, "apply_changes", refuse)
    messages = []
    demo.session.sig_error.connect(messages.append)
    spin.setValue(11)
    assert messages == ["Die Datenbank ist schreibgeschützt."]
    assert spin.value() == 6
    assert demo.session.project.decisions["austritt"].params["notice_months"] == 6
