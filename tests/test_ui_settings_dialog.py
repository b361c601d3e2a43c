"""The settings dialog: choosing the folder of a firm's own clause library."""

from __future__ import annotations

import textwrap

from PySide6.QtWidgets import QFileDialog

from kooperation.domain.demo import demo_project
from kooperation.drafting.build import build_agreement
from kooperation.drafting.overlay import chosen_templates_dir
from kooperation.ui.settings_dialog import SettingsDialog

LIBRARY = 'name: Kanzlei Muster\nversion: "2027.1"\n'
SECTION = textwrap.dedent(
    """\
    section:
      id: haftung
    clauses:
      - id: kanzlei_zusatz
        title: Zusatz der Kanzlei
        text: Dies ist ein Zusatz der Kanzlei Muster.
    """
)


def firm_folder(tmp_path, section: str = SECTION):
    folder = tmp_path / "kanzlei"
    (folder / "vertrag" / "de").mkdir(parents=True)
    (folder / "vertrag" / "de" / "library.yaml").write_text(LIBRARY, encoding="utf-8")
    (folder / "vertrag" / "de" / "70_haftung.yaml").write_text(section, encoding="utf-8")
    return folder


def test_folder_picked_in_the_dialog_becomes_the_library(qtbot, tmp_path, monkeypatch):
    """Pick a folder, OK: the dialog said what it holds and the next draft has the firm's clause."""
    monkeypatch.delenv("KOOPERATION_VORLAGEN", raising=False)
    folder = firm_folder(tmp_path)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.choose_button.click()
    assert dialog.folder_edit.text() == str(folder)
    assert "Kanzlei Muster 2027.1" in dialog.status.text.text() and not dialog.status.is_error
    dialog.grab().save(str(tmp_path / "settings.png"))
    dialog.accept()
    assert chosen_templates_dir() == folder
    assert build_agreement(demo_project()).clause("kanzlei_zusatz") is not None


def test_dialog_names_the_errors_of_a_broken_folder(qtbot, tmp_path, monkeypatch):
    """A folder with an error: the dialog shows file and line; drafts keep the built-in library."""
    monkeypatch.delenv("KOOPERATION_VORLAGEN", raising=False)
    folder = firm_folder(tmp_path, SECTION.replace("    title: Zusatz der Kanzlei\n", ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.choose_button.click()
    assert dialog.status.is_error
    assert "vertrag/de/70_haftung.yaml, Zeile 4" in dialog.status.text.text()
    dialog.accept()
    assert build_agreement(demo_project()).clause("kanzlei_zusatz") is None


def test_cancel_keeps_the_setting_and_a_missing_folder_is_refused(qtbot, tmp_path, monkeypatch):
    """Cancel changes nothing; OK with a folder that does not exist says so and stays open."""
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path / "fehlt"))
    dialog.reject()
    assert chosen_templates_dir() is None
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path / "fehlt"))
    dialog.accept()
    assert dialog.result() == 0 and dialog.status.is_error and "gibt es nicht" in dialog.status.text.text()
    assert chosen_templates_dir() is None


def test_a_shared_database_chosen_in_the_dialog_is_used_by_the_next_start(qtbot, tmp_path, pg_url, capsys, monkeypatch):
    """The network office's PostgreSQL address typed in the settings: the dialog accepts it, and
    the command line (and the next window) opens that database; KOOPERATION_DB still wins."""
    from kooperation.cli import main
    from kooperation.paths import chosen_db, resolve_db
    from kooperation.store import open_store

    with open_store(pg_url) as store:
        store.save_project(demo_project())
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.db_edit.setText(pg_url)
    assert dialog.check_database() and not dialog.db_status.is_error
    dialog.grab().save(str(tmp_path / "settings-db.png"))
    dialog.accept()
    assert chosen_db() == pg_url and resolve_db(None) == pg_url
    assert main(["projects"]) == 0
    assert "Lernfabrik Neckar-Alb" in capsys.readouterr().out
    monkeypatch.setenv("KOOPERATION_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_db(None) == str(tmp_path / "env.sqlite3")


def test_an_unusable_database_address_is_refused_and_the_setting_kept(qtbot, tmp_path):
    """An address of an unknown kind of database or in a missing folder is named in German; OK
    keeps the dialog open and the database setting unchanged; emptying the field goes back to
    the default file."""
    from kooperation.paths import chosen_db, default_db_path, resolve_db

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    for bad, says in (("nosuchdb://server/db", "nicht unterstützt"), (str(tmp_path / "fehlt" / "k.sqlite3"), "gibt es nicht")):
        dialog.db_edit.setText(bad)
        dialog.accept()
        assert dialog.db_status.is_error and says in dialog.db_status.text.text()
        assert chosen_db() is None
    dialog.db_edit.setText(str(tmp_path / "eigene.sqlite3"))
    dialog.accept()
    assert chosen_db() == str(tmp_path / "eigene.sqlite3")
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.db_edit.text() == str(tmp_path / "eigene.sqlite3")
    dialog.db_edit.clear()
    dialog.accept()
    assert chosen_db() is None and resolve_db(None) == str(default_db_path())
