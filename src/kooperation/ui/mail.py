""""Per E-Mail senden …": a stored version's files into the user's mail program (see
`kooperation.mail_handoff` for the ways per system). Nothing is sent by us; the user's mail
program opens a new message with the files attached, and the user sends it.

The files are written on the GUI thread (a few hundred KB); starting the mail program runs on a
worker, because ``xdg-email`` may wait for the program and MAPI shows its window until the user
has finished. If no mail program takes the files, the folder opens in the file manager (with the
files selected where the system can) and the message says where they are.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from kooperation import mail_handoff
from kooperation.i18n import _
from kooperation.ui.operations import Operation

Message = Callable[..., None]
"""``message(text, error=False)``: where the outcome is shown (the drafts page's message line)."""


def _hand_off(_progress, paths: list[Path], subject: str, body: str):
    """On the worker: the mail program, else the file manager with the files selected."""
    result = mail_handoff.compose(paths, subject, body)
    revealed = False if result.ok else mail_handoff.reveal(paths)
    return result, revealed


def send_files(
    parent: QWidget,
    files: Sequence[tuple[str, bytes]],
    *,
    kind: str,
    number: int,
    project_id: str,
    project_name: str,
    message: Message,
) -> Operation | None:
    """Write ``(filename, bytes)`` into the project's mail folder and hand them to the mail
    program with a German subject and text; ``message`` gets the outcome."""
    folder = mail_handoff.mail_folder(project_id)
    try:
        paths = mail_handoff.write_attachments(folder, files)
    except OSError as exc:
        message(
            _("Die Dateien konnten nicht für die E-Mail bereitgelegt werden: {reason}.").format(
                reason=exc.strerror or exc
            ),
            error=True,
        )
        return None
    subject = mail_handoff.subject(kind, number, project_name)
    body = mail_handoff.body(kind, number, project_name)
    names = ", ".join(path.name for path in paths)

    def done(outcome) -> None:
        result, revealed = outcome
        if result.ok:
            text = _("Ihr E-Mail-Programm öffnet eine neue Nachricht mit {names} im Anhang.").format(
                names=names
            )
            if result.how == "Mail":
                text += " " + _("Bitte ergänzen Sie Betreff und Empfänger.")
            message(text)
            return
        opened = revealed or QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        where = _("Die Dateien liegen im Ordner „{folder}“.").format(folder=folder)
        if opened:
            where = _("Die Dateien liegen im Ordner „{folder}“, der jetzt geöffnet wird.").format(folder=folder)
        message(
            " ".join([
                _("Ein E-Mail-Programm mit Anhängen ließ sich nicht öffnen ({reason}).").format(
                    reason=result.reason or result.how
                ),
                where,
                _("Bitte hängen Sie {names} selbst an eine E-Mail an.").format(names=names),
            ]),
            error=True,
        )

    return (
        Operation(parent, _hand_off, paths, subject, body)
        .on_success(done)
        .on_failure(lambda text: message(text, error=True))
        .run()
    )


def how_it_works() -> str:
    """The way this system opens the mail program, for the help text of the button."""
    if sys.platform.startswith("win"):
        return _("Das Standard-E-Mail-Programm (über MAPI) öffnet eine neue Nachricht mit Word- und PDF-Datei im Anhang.")
    if sys.platform == "darwin":
        return _("Apple Mail öffnet eine neue Nachricht mit Word- und PDF-Datei im Anhang.")
    return _("Ihr E-Mail-Programm (über xdg-email) öffnet eine neue Nachricht mit Word- und PDF-Datei im Anhang.")
