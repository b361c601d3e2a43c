"""The partner card's tier: chosen in a combo box with a short explanation, stored at once, shown
on the card; the lead partner is always a full partner."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kooperation.domain.demo import demo_project
from kooperation.domain.model import PartnerRole, PartnerTier
from kooperation.store import open_store
from kooperation.ui.pages.partners import TIERS, PartnersPage
from kooperation.ui.session import ProjectSession


@pytest.fixture
def page(qtbot, tmp_path):
    store = open_store(tmp_path / "s.sqlite3")
    saved = store.save_project(demo_project())
    page = PartnersPage(ProjectSession(store, saved.id))
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    qtbot.waitExposed(page)
    yield page
    store.close()


def click_card(qtbot, page: PartnersPage, row: int) -> None:
    rect = page.list.visualRect(page.model.index(row))
    qtbot.mouseClick(page.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def stored_tiers(page: PartnersPage) -> list[PartnerTier]:
    return [p.tier for p in page.session.store.load_project(page.session.project.id).partners]


def test_choosing_a_tier_is_stored_and_shown(qtbot, page):
    """I pick "Assoziierter Partner" for the third partner: the store has it, the card and the
    explanation say it; undo brings back "Vollpartner"."""
    click_card(qtbot, page, 2)
    editor = page.editor
    assert editor.tier.currentText() == "Vollpartner" and "mit Stimme" in editor.tier_note.text()
    editor.tier.setCurrentIndex(TIERS.index(PartnerTier.ASSOZIIERT))
    assert stored_tiers(page)[2] is PartnerTier.ASSOZIIERT
    assert "ohne Stimmrecht" in editor.tier_note.text()
    assert "Assoziierter Partner" in page.model.index(2).data(Qt.ItemDataRole.AccessibleTextRole)
    page.session.undo_stack.undo()
    assert stored_tiers(page)[2] is PartnerTier.VOLL and editor.tier.currentText() == "Vollpartner"


def test_supporter_cannot_become_lead_and_lead_stays_full(qtbot, page):
    """A supporter cannot be made lead partner; the lead partner's tier cannot be lowered. Each
    refusal says why and changes nothing."""
    click_card(qtbot, page, 3)
    editor = page.editor
    editor.tier.setCurrentIndex(TIERS.index(PartnerTier.UNTERSTUETZER))
    assert stored_tiers(page)[3] is PartnerTier.UNTERSTUETZER
    assert not page.lead_button.isEnabled()
    editor.role.setCurrentIndex(0)  # Lead-Partner
    assert editor.tier_warning.isVisible() and "Vollpartner" in editor.tier_warning.text()
    assert editor.role.currentText() == "Partner"
    assert [p.role for p in page.session.project.partners][0] is PartnerRole.LEAD
    click_card(qtbot, page, 0)
    assert not editor.tier_warning.isVisible()
    editor.tier.setCurrentIndex(TIERS.index(PartnerTier.ASSOZIIERT))
    assert editor.tier_warning.isVisible() and "immer Vollpartner" in editor.tier_warning.text()
    assert stored_tiers(page)[0] is PartnerTier.VOLL and editor.tier.currentText() == "Vollpartner"
