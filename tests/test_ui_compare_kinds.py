"""Comparing versions of the letter of intent and of the NDA, as for the agreement: the drafts
page compares the selected document's versions, the dialog lists only that document's versions
and names it, and the saved comparison says which document it compares."""

from __future__ import annotations

import docx
import pytest
from PySide6.QtWidgets import QFileDialog

from kooperation.domain.demo import demo_project
from kooperation.drafts import generate_draft
from kooperation.review.exporting import comparison, comparison_files
from kooperation.store import open_store
from kooperation.ui import operations
from kooperation.ui.pages.drafts import DraftsPage
from kooperation.ui.review.compare_dialog import CompareDialog
from kooperation.ui.session import Change, ProjectSession

LOI = "absichtserklaerung"
NEW_SUBJECT = "Gemeinsame Weiterbildung für die Montage von Wärmepumpen"


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.sqlite3")
    yield s
    s.close()


@pytest.fixture
def project(store, tmp_path):
    """The demo with one agreement version and two LoI versions that differ in the subject."""
    project = store.save_project(demo_project())
    out = tmp_path / "out"
    generate_draft(store, project.id, "vertrag", ["docx"], out)
    generate_draft(store, project.id, LOI, ["docx"], out)
    loaded = store.load_project(project.id)
    subject = loaded.decision("gegenstand")
    subject.params["subject"] = NEW_SUBJECT
    store.save_decision(project.id, subject)
    generate_draft(store, project.id, LOI, ["docx"], out)
    return project


@pytest.fixture(autouse=True)
def synchronous():
    old = operations.set_synchronous(True)
    yield
    operations.set_synchronous(old)


@pytest.fixture
def page(qtbot, store, project):
    session = ProjectSession(store, project.id)
    p = DraftsPage(session)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    p.session.sig_changed.emit(Change("drafts"))
    yield p
    operations.wait_for_all(20_000)


def test_the_letter_of_intent_is_compared_with_its_own_earlier_version(qtbot, page, tmp_path, monkeypatch):
    """Selecting LoI v2 enables "Versionen vergleichen" (the agreement has only one version);
    the dialog compares LoI v1 with v2, shows the changed subject and saves a DOCX that names
    the letter of intent."""
    page.select_version(1, "vertrag")
    assert not page.compare_button.isEnabled()  # one agreement version: nothing to compare
    page.select_version(2, LOI)
    assert page.compare_button.isEnabled()
    page.compare_button.click()
    (dialog,) = [d for d in page.findChildren(CompareDialog) if d.isVisible()]
    assert dialog.kind == LOI
    assert [dialog.old_combo.itemText(i).split(" (")[0] for i in range(dialog.old_combo.count())] == [
        "Absichtserklärung v1", "Absichtserklärung v2",
    ]
    assert "Absichtserklärung" in dialog.windowTitle()
    assert dialog.summary.text().startswith("Absichtserklärung v1 → Absichtserklärung v2: ")
    changed = [d for d in dialog.diffs if d.status != "unchanged"]
    assert len(changed) == 1 and NEW_SUBJECT in changed[0].new.text
    assert NEW_SUBJECT not in changed[0].old.text

    target = tmp_path / "vergleich.docx"
    suggested = []

    def save_as(*args, **kwargs):
        suggested.append(args[2] if len(args) > 2 else kwargs.get("dir", ""))
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    dialog.docx_button.click()
    assert target.is_file(), dialog.message.message()
    assert "Absichtserklarung_v1_v2.docx" in suggested[0]
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Absichtserklärung „" in text and "Kooperationsvertrag „" not in text


def test_one_version_of_a_document_gets_a_message_naming_it(qtbot, store, project):
    """Asked to compare the NDA's only version, the dialog says the NDA has one version."""
    generate_draft(store, project.id, "vertraulichkeit", ["docx"])
    nda = next(v for v in store.list_drafts(project.id) if v.kind == "vertraulichkeit")
    dialog = CompareDialog(store, project.id, "Demo", new_id=nda.id)
    qtbot.addWidget(dialog)
    assert dialog.kind == "vertraulichkeit"
    assert "Vertraulichkeitsvereinbarung" in dialog.summary.text()
    assert "erst eine Version" in dialog.summary.text()
    assert not dialog.docx_button.isEnabled()


def test_the_command_line_files_of_a_loi_comparison_name_the_document(store, project):
    """`review compare` of two LoI versions writes files whose names and subtitle say LoI."""
    old, new = (store.get_draft(project.id, n, LOI) for n in (1, 2))
    diffs = comparison(old, new)
    files = comparison_files("Lernfabrik", old, new, diffs, old.created_at)
    assert [name for name, _data in files] == [
        "Lernfabrik_Vergleich_Absichtserklarung_v1_v2.docx",
        "Lernfabrik_Vergleich_Absichtserklarung_v1_v2.pdf",
    ]
