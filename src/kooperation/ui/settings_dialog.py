"""The settings dialog: the folder of a firm's own clause library and reference.docx, and the
database (a file, or the shared PostgreSQL store of a network office).

The chosen folder is kept by the core (`kooperation.drafting.overlay`), so the command line
drafts from the same library as the window. The dialog checks the folder as soon as it is
chosen and says what it holds or what is wrong with it (file and line). The database is kept by
`kooperation.paths` as well and takes effect at the next start; the dialog checks that the
address can be read and its driver is installed, without connecting.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kooperation.drafting.overlay import (
    OVERLAY_ENV,
    chosen_templates_dir,
    folder_summary,
    set_chosen_templates_dir,
    user_templates_dir,
)
from kooperation.errors import KooperationError
from kooperation.i18n import _, current_language
from kooperation.paths import chosen_db, default_db_path, set_chosen_db
from kooperation.ui.help_window import install_help_key
from kooperation.ui.message_line import MessageLine
from kooperation.ui.settings import LANGUAGES, Settings

MAX_SHOWN_PROBLEMS = 5


def _add_env_note(layout: QVBoxLayout, box: QWidget, env: str) -> None:
    """Under a setting: the environment variable ``env`` is set and wins over it."""
    note = QLabel(_("Hinweis: {env} ist gesetzt und hat Vorrang vor dieser Einstellung.").format(env=env), box)
    note.setWordWrap(True)
    layout.addWidget(note)


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else Settings()
        install_help_key(self, "settings")  # F1: the manual on this window's page
        self.setWindowTitle(_("Einstellungen"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(self._language_box())
        box = QGroupBox(_("Eigene Klauselbibliothek und Formatvorlage"), self)
        inner = QVBoxLayout(box)
        intro = QLabel(
            _(
                "Eine Kanzlei kann eigene Klauseln und eine eigene reference.docx verwenden, ohne die "
                "Installation zu ändern. Ohne Auswahl gilt der Ordner {folder}, wenn es ihn gibt. "
                "Aufbau und Beispiel: templates/README.md."
            ).format(folder=user_templates_dir()),
            box,
        )
        intro.setWordWrap(True)
        inner.addWidget(intro)
        row = QHBoxLayout()
        self.folder_edit = QLineEdit(box)
        self.folder_edit.setPlaceholderText(str(user_templates_dir()))
        self.folder_edit.setAccessibleName(_("Vorlagenordner"))
        chosen = chosen_templates_dir()
        self.folder_edit.setText(str(chosen) if chosen else "")
        self.folder_edit.editingFinished.connect(self.update_status)
        row.addWidget(self.folder_edit, 1)
        self.choose_button = QPushButton(_("Ordner wählen …"), box)
        self.choose_button.clicked.connect(self.choose_folder)
        row.addWidget(self.choose_button)
        self.default_button = QPushButton(_("Standardordner"), box)
        self.default_button.setToolTip(_("Keinen Ordner wählen: es gilt der Ordner in den Benutzerdaten"))
        self.default_button.clicked.connect(self.use_default)
        row.addWidget(self.default_button)
        inner.addLayout(row)
        self.status = MessageLine(box)
        inner.addWidget(self.status)
        if os.environ.get(OVERLAY_ENV) is not None:
            _add_env_note(inner, box, OVERLAY_ENV)
        layout.addWidget(box)
        layout.addWidget(self._database_box())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.update_status()

    def _language_box(self) -> QGroupBox:
        """The interface language: a choice kept in the settings, in effect from the next start
        (a running window keeps its language, so nothing typed is lost)."""
        box = QGroupBox(_("Sprache der Oberfläche"), self)
        inner = QVBoxLayout(box)
        self.language_combo = QComboBox(box)
        self.language_combo.setAccessibleName(_("Sprache der Oberfläche"))
        for code, name in LANGUAGES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(self.settings.interface_language)))
        self.language_combo.currentIndexChanged.connect(self.update_language_note)
        inner.addWidget(self.language_combo)
        self.language_note = MessageLine(box)
        inner.addWidget(self.language_note)
        if os.environ.get("KOOPERATION_LANG"):
            _add_env_note(inner, box, "KOOPERATION_LANG")
        self.update_language_note()
        return box

    def chosen_language(self) -> str:
        return str(self.language_combo.currentData())

    def update_language_note(self) -> None:
        """Say when a newly chosen language takes effect."""
        if self.chosen_language() != current_language():
            self.language_note.show_message(
                _("Die neue Sprache gilt ab dem nächsten Start des Programms. Bitte Kooperation "
                  "beenden und neu starten; alle Eingaben sind gespeichert.")
            )
        else:
            self.language_note.clear()

    def _database_box(self) -> QGroupBox:
        box = QGroupBox(_("Datenbank"), self)
        inner = QVBoxLayout(box)
        intro = QLabel(
            _(
                "Ohne Angabe liegen die Projekte in der Datei {path}. Ein Netzwerkbüro kann eine "
                "gemeinsame PostgreSQL-Datenbank angeben, zum Beispiel "
                "postgresql://name@server/kooperation (siehe README). Gilt ab dem nächsten Start, "
                "auch für die Befehlszeile."
            ).format(path=default_db_path()),
            box,
        )
        intro.setWordWrap(True)
        inner.addWidget(intro)
        self.db_edit = QLineEdit(box)
        self.db_edit.setPlaceholderText(str(default_db_path()))
        self.db_edit.setAccessibleName(_("Datenbank"))
        self.db_edit.setText(chosen_db() or "")
        self.db_edit.editingFinished.connect(self.check_database)
        inner.addWidget(self.db_edit)
        self.db_status = MessageLine(box)
        inner.addWidget(self.db_status)
        if os.environ.get("KOOPERATION_DB"):
            _add_env_note(inner, box, "KOOPERATION_DB")
        return box

    def check_database(self) -> bool:
        """Say whether the database address can be used (without connecting); False if not."""
        text = self.db_edit.text().strip()
        if not text:
            self.db_status.show_message(_("Es gilt die Datenbankdatei {path}.").format(path=default_db_path()))
            return True
        from kooperation.store import db, server

        try:
            url, path = db.to_url(text)
            if path is None and url.get_backend_name() != "sqlite":
                try:
                    url.get_dialect().import_dbapi()
                except Exception as exc:  # noqa: BLE001 - missing driver or unknown kind of database
                    raise server.missing_driver_error(url, url.render_as_string(hide_password=True)) from exc
        except KooperationError as exc:
            self.db_status.show_message(str(exc), error=True)
            return False
        if path is not None and not path.parent.is_dir():
            self.db_status.show_message(_("Den Ordner {folder} gibt es nicht.").format(folder=path.parent), error=True)
            return False
        self.db_status.show_message(_("Gilt ab dem nächsten Start."))
        return True

    def folder(self) -> Path | None:
        text = self.folder_edit.text().strip()
        return Path(text).expanduser() if text else None

    def choose_folder(self) -> None:
        start = str(self.folder() or user_templates_dir())
        chosen = QFileDialog.getExistingDirectory(self, _("Ordner der eigenen Vorlagen wählen"), start)
        if chosen:
            self.folder_edit.setText(chosen)
            self.update_status()

    def use_default(self) -> None:
        self.folder_edit.clear()
        self.update_status()

    def update_status(self) -> None:
        """Say what the folder holds, or what is wrong with it."""
        folder = self.folder() or user_templates_dir()
        if not folder.is_dir():
            if self.folder() is None:
                self.status.show_message(_("Es gibt keine eigenen Vorlagen; es gilt die eingebaute Klauselbibliothek."))
            else:
                self.status.show_message(_("Den Ordner {folder} gibt es nicht.").format(folder=folder), error=True)
            return
        try:
            lines, problems = folder_summary(folder)
        except (KooperationError, OSError) as exc:
            self.status.show_message(str(exc), error=True)
            return
        if problems:
            shown = [p.describe(folder) for p in problems[:MAX_SHOWN_PROBLEMS]]
            more = len(problems) - len(shown)
            text = _("Die eigenen Vorlagen haben {count} Fehler; bis sie behoben sind, gilt die eingebaute Bibliothek.").format(count=len(problems))
            text += "\n" + "\n".join(shown)
            if more:
                text += "\n" + _("… und {n} weitere (kooperation templates check {folder}).").format(n=more, folder=folder)
            self.status.show_message(text, error=True)
        elif lines:
            self.status.show_message(_("In Kraft: {what}.").format(what="; ".join(lines)))
        else:
            self.status.show_message(_("Der Ordner enthält keine Klauselbibliothek (vertrag/de/…) und keine reference.docx."), error=True)

    def accept(self) -> None:
        folder = self.folder()
        if folder is not None and not folder.is_dir():
            self.status.show_message(_("Den Ordner {folder} gibt es nicht; bitte einen vorhandenen Ordner wählen.").format(folder=folder), error=True)
            return
        if not self.check_database():
            return
        try:
            set_chosen_templates_dir(folder)
            self.settings.interface_language = self.chosen_language()
            if (self.db_edit.text().strip() or None) != chosen_db():
                set_chosen_db(self.db_edit.text().strip() or None)
        except OSError as exc:
            self.status.show_message(_("Die Einstellung konnte nicht gespeichert werden: {error}").format(error=exc.strerror or exc), error=True)
            return
        super().accept()
