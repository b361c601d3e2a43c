"""Handing out a partner card (`kooperation.steckbrief`) from the window: "Steckbrief ausfüllen
lassen …" on the partner page asks who gets it back and where to save it, and writes the card (a
few kilobytes: on the GUI thread). Opening one is `kooperation.ui.card_window.open_card`; a
returned card is taken over with Datei › Änderungen übernehmen … like a project file
(`kooperation.ui.project_file`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from kooperation.domain.model import Project
from kooperation.domain.text import limit_for
from kooperation.errors import KooperationError
from kooperation.i18n import _
from kooperation.ui import errors


def _settings(widget: QWidget):
    return getattr(widget.window(), "settings", None)


def hand_out_card(parent: QWidget, project: Project, partner_id: str) -> Path | None:
    """Ask who asks for the card and where to save it, then write the card of ``partner_id``;
    returns the file (None if cancelled or refused, the reason shown)."""
    from kooperation.steckbrief import SUFFIX, default_sender, suggested_name, write_card
    from kooperation.user_files import write_user_file

    partner = project.partner(partner_id)
    if partner is None:
        return None
    sender, ok = QInputDialog.getText(
        parent, _("Steckbrief ausfüllen lassen"),
        _("Der Steckbrief von „{partner}“ wird als kleine Datei gespeichert, die Sie dem Partner "
          "schicken. Sie enthält nur diesen Steckbrief, keine anderen Partner und keine Entwürfe.\n\n"
          "An wen schickt der Partner die ausgefüllte Datei zurück? (Name, E-Mail-Adresse)").format(
              partner=partner.name.strip() or _("(ohne Namen)")),
        QLineEdit.EchoMode.Normal, default_sender(project))
    if not ok:
        return None
    sender = " ".join(sender.split())[: limit_for("partner.name")]
    settings = _settings(parent)
    folder = (settings.last_export_dir if settings is not None else "") or str(Path.home())
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Steckbrief ausfüllen lassen"), str(Path(folder) / suggested_name(project.name, partner.name)),
        _("Steckbriefe (*{suffix})").format(suffix=SUFFIX))
    if not path:
        return None
    target = Path(path)
    if not target.name.lower().endswith(SUFFIX):
        target = target.with_name(target.name + SUFFIX)
    try:
        write_user_file(target, write_card(project, partner_id, sender))
    except KooperationError as exc:
        errors.show_error(parent, str(exc))
        return None
    if settings is not None:
        settings.last_export_dir = str(target.parent)
    return target
