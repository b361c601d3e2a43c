"""Agreed clause wordings as the windows show them: the box that says a clause has one (with
its source, a re-check flag and the parameters it froze), the dialog that edits one, and the
note for a rule topic whose clause no longer follows its parameters. Used by the review window,
the explanation panel of the project window and the topic panel of the rules page.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.model import Project
from kooperation.domain.wording import Wording, parse_wording, wording_problem, wording_text
from kooperation.drafting.docmodel import Document
from kooperation.drafting.wordings import (
    ParamHit,
    WordingInfo,
    editable_text,
    new_wording,
    parameter_hits,
    reference_labels,
    reference_targets,
    wording_infos,
)
from kooperation.errors import KooperationError
from kooperation.i18n import _
from kooperation.ui.message_line import MessageLine
from kooperation.ui.project_list_model import format_changed
from kooperation.ui.review import html_text


def current_document(project: Project) -> Document:
    """The agreement as it would be drafted from ``project`` now (a few milliseconds)."""
    from kooperation.drafting.documents import build_document

    return build_document(project, "vertrag", project.language or "de")


def project_wordings(project: Project) -> dict[str, WordingInfo]:
    """The project's agreed wordings, described; empty when there are none or the draft
    cannot be built."""
    if not project.wordings:
        return {}
    try:
        return wording_infos(project, current_document(project))
    except KooperationError:
        return {}


def topic_note(project: Project, topic_id: str) -> str:
    """For the topic panel: which clauses of ``topic_id`` have an agreed wording, so that the
    parameters do not change them ("" when none has)."""
    infos = [i for i in project_wordings(project).values() if i.topic == topic_id and i.number]
    if not infos:
        return ""
    headings = ", ".join(f"§ {i.number}" for i in sorted(infos, key=lambda i: i.number))
    text = _(
        "{headings} hat eine individuell vereinbarte Fassung: Änderungen hier ändern {headings} "
        "nicht mehr."
    ).format(headings=headings)
    frozen = [h for i in infos for h in i.hits]
    if frozen:
        text += " " + _("Als fester Text steht dort: {found}.").format(
            found=", ".join(_("„{found}“ ({label})").format(found=h.found, label=h.label) for h in frozen)
        )
    return text


# --- texts ---------------------------------------------------------------------------------------


def source_text(wording: Wording) -> str:
    """Where a wording came from and when, for people."""
    when = format_changed(wording.adopted_at) if wording.adopted_at else ""
    if wording.from_comment:
        text = _("übernommen aus dem Formulierungsvorschlag von {author}").format(
            author=wording.author or _("unbekannt")
        )
    else:
        text = _("im Programm bearbeitet")
        if wording.author:
            text += " " + _("von {author}").format(author=wording.author)
    return f"{text}, {when}" if when else text


def hits_text(hits: list[ParamHit], heading: str) -> str:
    """The warning that a wording holds parameter values as fixed text."""
    found = ", ".join(
        _("„{found}“ ({label})").format(found=h.found, label=h.label) for h in hits
    )
    return _(
        "Diese Fassung enthält {found} als festen Text: Sie folgt dem Parameter nicht mehr. "
        "Ändert er sich, ändert sich {heading} nicht mit."
    ).format(found=found, heading=heading)


def recheck_text() -> str:
    """The note on a clause whose library text changed since it was adopted."""
    return _(
        "Der Vorlagentext dieser Klausel wurde seit der Übernahme geändert (neue Klauselbibliothek). "
        "Bitte prüfen, ob die vereinbarte Fassung noch passt."
    )


def language_name(language: str) -> str:
    """"Deutsch", "Englisch" (in the interface language)."""
    return {"de": _("Deutsch"), "en": _("Englisch")}.get(language, language)


def other_language_text(info: WordingInfo) -> str:
    """The note on a wording agreed in another language than the project's drafts."""
    return _(
        "Diese Fassung ist auf {wording} vereinbart. Entwürfe auf {document} drucken stattdessen den "
        "Text der Klauselbibliothek; für sie die Fassung in ihrer Sprache vereinbaren."
    ).format(wording=language_name(info.wording.language), document=language_name(info.document_language))


def info_html(info: WordingInfo, *, links: bool = False) -> str:
    """A box saying that the clause has an agreed wording: since when, from where, what to check;
    with ``links`` the actions "edit" and "revert" as links (``wording:edit:<id>``)."""
    parts = [
        "<p>{chip} {heading}<br/><small>{source}</small></p>".format(
            chip=html_text.chip(_("individuell vereinbarte Fassung"), html_text.ADOPTED_CHIP),
            heading=html.escape(info.heading),
            source=html.escape(source_text(info.wording)),
        )
    ]
    if info.recheck:
        parts.append("<p>{}</p>".format(html_text.span("⚠ " + recheck_text(), html_text.WARN_CHIP)))
    if info.other_language:
        parts.append("<p>{}</p>".format(html_text.span("⚠ " + other_language_text(info), html_text.WARN_CHIP)))
    if info.hits:
        heading = f"§ {info.number}" if info.number else info.title
        parts.append(f"<p>{html_text.span(hits_text(info.hits, heading), html_text.WARN_CHIP)}</p>")
    if links:
        parts.append(
            '<p><a href="wording:edit:{cid}">{edit}</a> · <a href="wording:revert:{cid}">{revert}</a></p>'.format(
                cid=html.escape(info.clause_id), edit=html.escape(_("Fassung bearbeiten …")),
                revert=html.escape(_("Vorlagentext wiederherstellen")),
            )
        )
    return "".join(parts)


# --- the dialog ------------------------------------------------------------------------------


class WordingDialog(QDialog):
    """Edit the wording of one clause: the text, a parameter warning that follows the typing,
    OK and Cancel."""

    def __init__(
        self, heading: str, text: str, check: Callable[[str], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Fassung bearbeiten – {heading}").format(heading=heading))
        self.setObjectName("wordingDialog")
        self._check = check
        box = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Der Wortlaut von {heading} für dieses Projekt. Ein Absatz je Zeile, „- “ am "
                "Zeilenanfang für einen Aufzählungspunkt. „§ n“ verweist auf die Klausel mit dieser "
                "Nummer im nächsten Entwurf und folgt ihr, wenn sich die Nummern ändern. Der Text "
                "wird genau so gedruckt, wie er hier steht."
            ).format(heading=heading),
            self,
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName(_("Fassung"))
        self.edit.setPlainText(text)
        self.edit.setMinimumSize(640, 300)
        box.addWidget(self.edit, 1)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setObjectName("parameterWarning")
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.warning)
        self.message = MessageLine(self)
        box.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self._update_warning)
        self.edit.textChanged.connect(self._timer.start)
        self._update_warning()

    def text(self) -> str:
        return self.edit.toPlainText()

    def _update_warning(self) -> None:
        warning = self._check(self.text())
        self.warning.setText(("⚠ " + warning) if warning else "")
        self.warning.setVisible(bool(warning))

    def show_error(self, message: str) -> None:
        self.message.show_message(message, error=True)


def ask_wording(project: Project, clause_id: str, author: str, parent: QWidget) -> tuple[Wording | None, str]:
    """Let a person edit the clause's wording in `WordingDialog` (numbers as in the next draft).
    Returns (the new wording, "") — (None, "") when cancelled or unchanged, (None, message) when
    the clause is not in the draft."""
    try:
        doc = current_document(project)
    except KooperationError as exc:
        return None, str(exc)
    clause = doc.clause(clause_id)
    if clause is None:
        return None, _(
            "Diese Klausel kommt im nächsten Entwurf nicht vor; ihre Fassung kann hier nicht bearbeitet werden."
        )
    labels, targets = reference_labels(doc), reference_targets(doc)
    wording = project.wordings.get(clause_id)
    text = wording_text(wording.paragraphs, labels) if wording else editable_text(clause)

    def check(typed: str) -> str:
        hits = parameter_hits(project, clause.topic, parse_wording(typed, targets))
        return hits_text(hits, f"§ {clause.number}") if hits else ""

    dialog = WordingDialog(clause.heading, text, check, parent)
    ask_wording.last_dialog = dialog  # type: ignore[attr-defined] - for tests and screenshots
    while dialog.exec() == QDialog.DialogCode.Accepted:
        typed = dialog.text()
        if typed.strip() == text.strip():
            return None, ""
        new = new_wording(project, clause_id, typed, targets, author=author)
        problem = wording_problem(new.paragraphs)
        if problem:
            dialog.show_error(problem)
            continue
        return new, ""
    return None, ""
