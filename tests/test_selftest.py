"""`kooperation selftest`: the installation check goes through the window as a user would."""

from __future__ import annotations

import zipfile

import pytest

from kooperation.cli import main


def test_selftest_passes_and_writes_a_checked_draft(qtbot, tmp_path, capsys):
    """The self-test opens the example in the window, generates a draft and writes it out."""
    out = tmp_path / "out"
    assert main(["selftest", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Startseite gezeichnet" in printed
    assert "Beispielprojekt „Lernfabrik Neckar-Alb“ im Projektfenster geöffnet" in printed
    assert "Selbsttest bestanden" in printed
    docx = next(out.glob("*.docx"))
    with zipfile.ZipFile(docx) as package:
        assert "Lernfabrik Neckar-Alb" in package.read("word/document.xml").decode()
    assert next(out.glob("*.pdf")).read_bytes().startswith(b"%PDF-")


def test_selftest_leaves_the_users_data_alone(qtbot, tmp_path, _isolated_data_dir, capsys):
    """The self-test works in a throwaway folder: the user's data folder gains nothing."""
    before = sorted(p.name for p in _isolated_data_dir.rglob("*"))
    assert main(["selftest"]) == 0
    assert sorted(p.name for p in _isolated_data_dir.rglob("*")) == before


def test_selftest_reports_a_failing_step(qtbot, monkeypatch, capsys):
    """A draft that cannot be rendered ends the test with a plain message and status 1."""
    from kooperation.ui.pages import drafts as drafts_page

    def broken(*_args, **_kwargs):
        raise RuntimeError("Vorlage defekt")

    monkeypatch.setattr(drafts_page, "_render_job", broken)
    monkeypatch.setattr("kooperation.ui.selftest.STEP_LIMIT_S", 15.0)
    assert main(["selftest"]) == 1
    printed = capsys.readouterr().out
    assert "Selbsttest fehlgeschlagen: Der Entwurf wurde nicht erzeugt" in printed
    assert "Traceback" not in printed


@pytest.mark.parametrize("language,expected", [("de", "Abbrechen")])
def test_selftest_checks_qt_translations(qtbot, language, expected):
    """The self-test knows how Qt's own Cancel button reads when its catalogue is installed."""
    from PySide6.QtCore import QCoreApplication

    from kooperation.ui.selftest import QT_CANCEL

    assert QT_CANCEL[language] == expected
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == expected
