"""Phase 1 of the journey (Matchmaking): one profile card (Steckbrief) per partner.

Left the partners as cards in contract order with the buttons to add, remove, reorder and mark
the lead partner; right the form with every field of the card. Each keystroke goes straight to
the session (and so to the store); input that cannot be right (an empty name, a malformed
postcode or e-mail address) is shown with a message beside the field and never stored. Undo and
redo come back as ``sig_changed``: the page then refreshes only what changed, and never a field
whose text already matches, so the cursor of the field being typed in stays where it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.labels import (
    role_label,
    sector_label,
    size_label,
    tier_explanation,
    tier_label,
)
from kooperation.domain.markets import market_choices
from kooperation.domain.model import OrgSize, Partner, PartnerRole, PartnerTier, Sector
from kooperation.domain.text import FIELD_LIMITS
from kooperation.i18n import _, pgettext
from kooperation.ui.pages.base import Page, set_help
from kooperation.ui.palette import make_problem
from kooperation.ui.partner_list_model import PartnerCardDelegate, PartnerListModel
from kooperation.ui.session import Change, ProjectSession

LEGAL_FORMS = (
    "GmbH", "UG (haftungsbeschränkt)", "AG", "GmbH & Co. KG", "KG", "OHG", "eingetragener Verein",
    "Stiftung", "Genossenschaft (eG)", "Einzelunternehmen", "Körperschaft des öffentlichen Rechts",
    "Anstalt des öffentlichen Rechts", "Gebietskörperschaft",
)
"""Common German legal forms. They are legal terms of German law, so they stay German in every
interface language (the contract names them as they are)."""

SIZES: tuple[OrgSize | None, ...] = (None, *OrgSize)
SECTORS: tuple[Sector, ...] = tuple(Sector)
ROLES: tuple[PartnerRole, ...] = (PartnerRole.LEAD, PartnerRole.PARTNER)
"""The roles offered; "strategic" and "supporter" of old files are tiers now (`TIERS`)."""
TIERS: tuple[PartnerTier, ...] = tuple(PartnerTier)
CLAUSE = "anlage_partner"
"""The annex of the agreement that lists the partners with their contributions."""

_POSTCODE_CHARS = re.compile(r"[A-Za-z0-9 \-]*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Check(Enum):
    """How a typed value stands: store it, wait for more typing, or say it is wrong now."""

    OK = "ok"
    INCOMPLETE = "incomplete"
    WRONG = "wrong"


def check_name(text: str) -> Check:
    return Check.OK if text.strip() else Check.WRONG


def check_postcode(text: str) -> Check:
    """4–10 letters, digits, spaces or hyphens (foreign postcodes too); empty is allowed."""
    value = text.strip()
    if not value:
        return Check.OK
    if not _POSTCODE_CHARS.fullmatch(value) or len(value) > 10:
        return Check.WRONG
    return Check.OK if len(value) >= 4 else Check.INCOMPLETE


def check_email(text: str) -> Check:
    """A plausible address (something@domain.tld); empty is allowed."""
    value = text.strip()
    if not value or _EMAIL.fullmatch(value):
        return Check.OK
    if re.search(r"\s", value) or value.count("@") > 1:
        return Check.WRONG
    return Check.INCOMPLETE


@dataclass
class _LineField:
    """A line edit with its optional check and the warning shown when the check fails."""

    edit: QLineEdit
    warning: QLabel | None
    check: Callable[[str], Check] | None
    strip: bool
    shown: str | None = None  # the stored value the field showed or stored last (this partner)

    def value(self) -> str:
        return self.edit.text().strip() if self.strip else self.edit.text()

    def show_warning(self, visible: bool) -> None:
        if self.warning is not None:
            self.warning.setVisible(visible)


class PartnerEditor(QScrollArea):
    """The form for one partner's card; every edit goes straight to the session."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.partner_id: str | None = None
        self.lines: dict[str, _LineField] = {}
        self.texts: dict[str, QPlainTextEdit] = {}
        self._captions: list[QLabel] = []
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields; they scroll into view

        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(4, 0, 8, 8)
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)

        org = self._group(outer, _("Organisation"))
        self._line(org, "name", _("Name"), _("Vollständiger Name, z. B. ProdTech Maschinenbau GmbH"),
                   _("Name der Organisation"),
                   _("Der vollständige, offizielle Name der Organisation, so wie er im Handels- oder "
                     "Vereinsregister oder in der Satzung steht. Er steht im Vertrag bei den "
                     "Vertragsparteien und in Anlage 1."),
                   check=check_name, warning=_("Bitte einen Namen eingeben."))
        self._line(org, "short_name", _("Kurzbezeichnung"),
                   _("Name im Vertragstext, z. B. „ProdTech“"), _("Kurzbezeichnung"),
                   _("Ein kurzer Name, mit dem der Partner im laufenden Vertragstext genannt wird, "
                     "z. B. „ProdTech“ statt des vollen Firmennamens. Ohne Kurzbezeichnung steht "
                     "dort jedes Mal der vollständige Name."))
        self.legal_form = _combo(LEGAL_FORMS)
        self.legal_form.setEditable(True)
        self.legal_form.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.legal_form.lineEdit().setPlaceholderText(_("auswählen oder eintippen"))
        self.legal_form.editTextChanged.connect(lambda text: self._store("legal_form", text))
        self._row(org, _("Rechtsform"), self.legal_form, _("Rechtsform"),
                  _("Die Rechtsform der Organisation, z. B. GmbH, eingetragener Verein oder "
                    "Körperschaft des öffentlichen Rechts. Sie bestimmt unter anderem, wer den "
                    "Partner vertreten und den Vertrag unterschreiben darf. Wählen Sie aus der "
                    "Liste oder tippen Sie eine andere Rechtsform ein."))
        self.sector = _combo([sector_label(sector) for sector in SECTORS])
        self.sector.currentIndexChanged.connect(
            lambda i: self._store("sector", SECTORS[i]) if i >= 0 else None)
        self._row(org, _("Sektor"), self.sector, _("Sektor"),
                  _("Zu welchem gesellschaftlichen Bereich die Organisation gehört: Wirtschaft, "
                    "Staat/Verwaltung, Zivilgesellschaft oder Wissenschaft. Partner aus "
                    "verschiedenen Sektoren arbeiten unterschiedlich – das hilft, passende "
                    "Regeln zu wählen. Der Sektor steht in Anlage 1."))
        self.market = _combo(market_choices())
        self.market.setEditable(True)
        self.market.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.market.setCurrentIndex(-1)
        self.market.lineEdit().setPlaceholderText(_("aus der Liste wählen oder eintippen"))
        self.market.lineEdit().setMaxLength(FIELD_LIMITS["partner.market"])
        self.market.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.market.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.market.editTextChanged.connect(lambda text: self._store("market", text))
        self._row(org, _("Markt/Branche"), self.market, _("Markt oder Branche"),
                  _("In welchem Markt die Organisation tätig ist – ausgewählt aus der "
                    "Wirtschaftszweig-Klassifikation WZ 2008 (z. B. „28 – Maschinenbau“) oder "
                    "mit eigenen Worten; mehrere Märkte trennen Sie mit „;“. Partner, die "
                    "denselben Markt nennen, sind mögliche Wettbewerber: Dann erscheint ein "
                    "Hinweis zu Vertraulichkeit und Kartellrecht. Öffentliche Verwaltung gilt "
                    "dabei nicht als Markt."))
        self.size = _combo([size_label(size) if size else _("keine Angabe") for size in SIZES])
        self.size.currentIndexChanged.connect(
            lambda i: self._store("size", SIZES[i]) if i >= 0 else None)
        self._row(org, _("Größe"), self.size, _("Größe der Organisation"),
                  _("Die Größenklasse nach der Zahl der Beschäftigten (bei Unternehmen nach der "
                    "KMU-Definition der EU). Wählen Sie „keine Angabe“, wenn keine Klasse passt."))
        self.employees = QSpinBox()
        self.employees.setRange(0, 9_999_999)
        self.employees.setSpecialValueText(_("keine Angabe"))
        self.employees.valueChanged.connect(lambda v: self._store("employees", v or None))
        self._row(org, _("Beschäftigte"), self.employees, _("Zahl der Beschäftigten"),
                  _("Ungefähr wie viele Menschen in der Organisation arbeiten. 0 bedeutet "
                    "„keine Angabe“."))
        self.role = _combo([role_label(role) for role in ROLES])
        self.role.currentIndexChanged.connect(self._role_chosen)
        self._row(org, _("Rolle"), self.role, _("Rolle in der Kooperation"),
                  _("Der Lead-Partner koordiniert die Kooperation und vertritt sie nach außen – es "
                    "gibt höchstens einen, und er ist immer Vollpartner. Alle anderen sind "
                    "Partner; welche Rechte sie haben, bestimmt die Partnerstufe."))
        self.tier = _combo([tier_label(tier) for tier in TIERS])
        self.tier.setObjectName("tier")
        self.tier.currentIndexChanged.connect(self._tier_chosen)
        self.tier_note = QLabel()
        self.tier_note.setObjectName("tier_note")
        self.tier_note.setWordWrap(True)
        self.tier_warning = make_problem(QLabel())
        self.tier_warning.setObjectName("tier_warning")
        self.tier_warning.setWordWrap(True)
        self.tier_warning.setVisible(False)
        tier_box = QWidget()
        tier_layout = QVBoxLayout(tier_box)
        tier_layout.setContentsMargins(0, 0, 0, 0)
        tier_layout.setSpacing(2)
        for widget in (self.tier, self.tier_note, self.tier_warning):
            tier_layout.addWidget(widget)
        self._row(org, _("Partnerstufe"), tier_box, _("Partnerstufe"),
                  _("Vollpartner sind Vertragsparteien mit Stimme: Sie zählen für "
                    "Beschlussfähigkeit und Mehrheiten, können koordinieren und unterschreiben. "
                    "Assoziierte (strategische) Partner unterschreiben und sind gebunden, haben "
                    "aber kein Stimmrecht, zählen nicht für Beschlussfähigkeit und Mehrheiten und "
                    "übernehmen keine Koordination. Unterstützer sind keine Vertragspartei: Sie "
                    "unterschreiben nicht und stehen in Anlage 1 unter „Unterstützer“."),
                  field=self.tier)

        address = self._group(outer, _("Anschrift und Vertretung"))
        self._line(address, "street", _("Straße"), _("Straße und Hausnummer"), _("Straße"),
                   _("Straße und Hausnummer des Sitzes der Organisation. Die Anschrift steht im "
                     "Vertrag bei den Vertragsparteien und in Anlage 1."))
        self._line(address, "postcode", _("PLZ"), _("z. B. 72764"), _("Postleitzahl"),
                   _("Die Postleitzahl des Sitzes: 4 bis 10 Zeichen aus Ziffern, Buchstaben, "
                     "Leerzeichen oder Bindestrich, damit auch Postleitzahlen anderer Länder "
                     "passen."),
                   check=check_postcode, strip=True,
                   warning=_("Bitte eine gültige Postleitzahl eingeben (4–10 Ziffern oder "
                             "Buchstaben). Diese Eingabe wird nicht gespeichert."))
        self._line(address, "city", _("Ort"), _("z. B. Reutlingen"), _("Ort"),
                   _("Der Ort, an dem die Organisation ihren Sitz hat."))
        self._line(address, "country", _("Land"), _("z. B. Deutschland"), _("Land"),
                   _("Das Land des Sitzes. „Deutschland“ wird in der Anschrift im Vertrag "
                     "weggelassen, andere Länder werden genannt."))
        self._line(address, "representative", _("Vertreten durch"),
                   _("z. B. die Geschäftsführerin Dr. Katrin Weber"), _("Vertreten durch"),
                   _("Wer die Organisation beim Vertragsschluss vertritt, mit Funktion und Namen, "
                     "so wie es im Vertrag nach „vertreten durch“ stehen soll. Prüfen Sie, ob "
                     "diese Person allein unterschreiben darf."))
        self._line(address, "contact_email", _("E-Mail"), _("z. B. k.weber@prodtech.de"),
                   _("E-Mail-Adresse"),
                   _("Die E-Mail-Adresse der Ansprechperson für die Kooperation, z. B. für "
                     "Einladungen und Mitteilungen."),
                   check=check_email, strip=True,
                   warning=_("Bitte eine gültige E-Mail-Adresse eingeben (z. B. name@firma.de). "
                             "Diese Eingabe wird nicht gespeichert."))

        profile = self._group(outer, _("Profil für die Kooperation"))
        self._text(profile, "products", _("Produkte und Leistungen"),
                   _("Was die Organisation herstellt, anbietet oder leistet"),
                   _("Produkte und Leistungen"),
                   _("Was die Organisation herstellt, anbietet oder leistet, in ein bis zwei "
                     "Sätzen. So können die anderen Partner einschätzen, wer mit am Tisch sitzt."))
        self._text(profile, "need", _("Handlungsbedarf"),
                   _("Welchen zentralen Bedarf soll die Kooperation für diesen Partner lösen?"),
                   _("Handlungsbedarf"),
                   _("Der zentrale Bedarf, den dieser Partner mit der Kooperation angehen will – "
                     "das, was im Workshop auf seinem Post-it steht: Welches Problem soll gelöst, "
                     "welche Chance genutzt werden? Steht in Anlage 1 und in der Projektskizze."))
        self._text(profile, "potentials", _("Potenziale"),
                   _("Was kann dieser Partner den anderen bieten?"), _("Potenziale"),
                   _("Was dieser Partner den anderen bieten kann: Wissen, Anlagen, Räume, "
                     "Kontakte, Personal. Aus den Potenzialen aller Partner ergibt sich, was die "
                     "Kooperation gemeinsam leisten kann. Steht in Anlage 1."))
        self._text(profile, "contributions", _("Beiträge"),
                   _("Was bringt dieser Partner konkret ein, in welchem Umfang?"), _("Beiträge"),
                   _("Was dieser Partner konkret in die Kooperation einbringen wird, z. B. "
                     "Personal, Räume, Geräte, Geld oder Know-how – möglichst mit Umfang. Die "
                     "Beiträge stehen in Anlage 1 des Vertrags und werden damit vereinbart."))
        outer.addStretch(1)
        self.setWidget(body)
        # one label column for all three groups, so the fields line up from top to bottom
        width = max(c.sizeHint().width() for c in self._captions)
        for caption in self._captions:
            caption.setMinimumWidth(width)
        chars = self.fontMetrics().horizontalAdvance("0") + 1
        self.lines["postcode"].edit.setMaximumWidth(chars * 14)
        self.employees.setMaximumWidth(chars * 18)

    # --- building -------------------------------------------------------------------------------

    def _group(self, outer: QVBoxLayout, title: str) -> QFormLayout:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        outer.addWidget(box)
        return form

    def _row(self, form: QFormLayout, label: str, widget: QWidget, help_title: str,
             help_text: str, field: QWidget | None = None) -> None:
        """Add ``widget`` (or a container holding ``field``) with a label that focuses it."""
        target = field or widget
        set_help(target, help_title, help_text, CLAUSE)
        caption = QLabel(label)
        caption.setBuddy(target)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._captions.append(caption)
        form.addRow(caption, widget)
        target.installEventFilter(self)
        if isinstance(target, QComboBox) and target.lineEdit() is not None:
            target.lineEdit().installEventFilter(self)

    def _line(self, form: QFormLayout, field: str, label: str, placeholder: str, help_title: str,
              help_text: str, *, check: Callable[[str], Check] | None = None,
              warning: str | None = None, strip: bool = False) -> None:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setObjectName(field)
        warn = None
        container: QWidget = edit
        if warning:
            warn = make_problem(QLabel("⚠ " + warning))
            warn.setWordWrap(True)
            warn.setObjectName(f"{field}_warning")
            warn.setVisible(False)
            container = QWidget()
            box = QVBoxLayout(container)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(edit)
            box.addWidget(warn)
        self.lines[field] = _LineField(edit, warn, check, strip)
        edit.textEdited.connect(lambda _text, f=field: self._line_edited(f))
        self._row(form, label, container, help_title, help_text, field=edit)

    def _text(self, form: QFormLayout, field: str, label: str, placeholder: str, help_title: str,
              help_text: str) -> None:
        edit = QPlainTextEdit()
        edit.setObjectName(field)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        margins = edit.contentsMargins()
        doc_margin = int(edit.document().documentMargin())
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 2 * doc_margin + 6
                            + margins.top() + margins.bottom() + 2 * edit.frameWidth())
        edit.textChanged.connect(lambda f=field: self._store(f, self.texts[f].toPlainText()))
        self.texts[field] = edit
        self._row(form, label, edit, help_title, help_text)

    # --- editing --------------------------------------------------------------------------------

    def _store(self, field: str, value: Any) -> None:
        if self.partner_id is not None:
            self.session.update_partner(self.partner_id, field, value)

    def _line_edited(self, field: str) -> None:
        line = self.lines[field]
        state = line.check(line.edit.text()) if line.check else Check.OK
        if state is Check.OK:
            line.show_warning(False)
            self._store(field, line.value())
            partner = self.partner()
            line.shown = getattr(partner, field) if partner is not None else None
        else:
            # an unfinished postcode or address is not wrong yet: say so only when it can't be right
            line.show_warning(state is Check.WRONG)

    def _role_chosen(self, index: int) -> None:
        if self.partner_id is None or index < 0:
            return
        role = ROLES[index]
        self.tier_warning.setVisible(False)
        if role is PartnerRole.LEAD:
            # keeps exactly one lead partner, and only a full partner can be it
            if not self.session.set_lead_partner(self.partner_id):
                self._refuse(_("Lead-Partner kann nur ein Vollpartner sein. Stellen Sie die "
                               "Partnerstufe zuerst auf „Vollpartner“."))
        else:
            self._store("role", role)

    def _tier_chosen(self, index: int) -> None:
        partner = self.partner()
        if partner is None or index < 0:
            return
        tier = TIERS[index]
        self.tier_warning.setVisible(False)
        if partner.role is PartnerRole.LEAD and tier is not PartnerTier.VOLL:
            self._refuse(_("Der Lead-Partner ist immer Vollpartner. Legen Sie zuerst einen "
                           "anderen Partner als Lead-Partner fest."))
            return
        self._store("tier", tier)

    def _refuse(self, message: str) -> None:
        """Say why a choice was not taken and show the stored values again."""
        self.refresh("role")
        self.refresh("tier")
        self.tier_warning.setText("⚠ " + message)
        self.tier_warning.setVisible(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FocusOut:
            self.session.end_merge()
            for field, line in self.lines.items():
                if line.edit is watched and line.check is not None:
                    self._finish_line(field)
        return super().eventFilter(watched, event)

    def _typing_overtaken(self, partner: Partner, field: str, mine: str, theirs: str) -> None:
        """Someone else stored ``field`` while an unfinished entry was being typed over it."""
        from kooperation.domain.changes import Conflict
        from kooperation.store.writes import conflict_message

        label = _("Partner „{name}“").format(name=partner.name)
        self.session.sig_error.emit(conflict_message([Conflict("partners", partner.id, field, theirs, mine, label)]))

    def _finish_line(self, field: str) -> None:
        """Leaving a field: an unfinished entry is now wrong; an empty name gets its last value."""
        line = self.lines[field]
        state = line.check(line.edit.text()) if line.check else Check.OK
        if state is Check.OK:
            line.show_warning(False)
            return
        if field == "name" and (partner := self.partner()) is not None:
            line.edit.setText(partner.name)
            line.show_warning(False)
            return
        line.show_warning(True)

    # --- showing --------------------------------------------------------------------------------

    def partner(self) -> Partner | None:
        return self.session.project.partner(self.partner_id)

    def set_partner(self, partner_id: str | None) -> None:
        """Show ``partner_id`` (None: nothing); clears the warnings of the previous partner."""
        self.partner_id = partner_id
        for line in self.lines.values():
            line.show_warning(False)
            line.shown = None
        self.widget().setEnabled(self.partner() is not None)
        self.refresh()

    def refresh(self, field: str | None = None) -> None:
        """Show the stored values (only ``field`` if given), leaving alone widgets that already
        show them, so typing is never disturbed. An entry still being typed that cannot be
        stored yet (an unfinished postcode) stays while the stored value is the one it would
        replace; if someone else changed that value meanwhile, the field shows theirs and the
        window says so with both values, as for any stale edit."""
        partner = self.partner() or Partner(name="", country="")
        self.heading.setText(partner.name.strip() or _("(ohne Namen)") if self.partner_id else "")
        for name, line in self.lines.items():
            if field not in (None, name):
                continue
            value = getattr(partner, name)
            typing = (
                line.shown is not None and line.check is not None and line.edit.hasFocus()
                and line.check(line.edit.text()) is not Check.OK
            )
            if typing and value == line.shown:
                continue
            if typing:
                self._typing_overtaken(partner, name, line.edit.text(), value)
            line.shown = value
            if line.value() != value:
                with QSignalBlocker(line.edit):
                    line.edit.setText(value)
                line.show_warning(False)
        for name, edit in self.texts.items():
            if field in (None, name) and edit.toPlainText() != getattr(partner, name):
                _set_plain_text(edit, getattr(partner, name))
        if field in (None, "legal_form") and self.legal_form.currentText() != partner.legal_form:
            with QSignalBlocker(self.legal_form):
                self.legal_form.setCurrentIndex(self.legal_form.findText(partner.legal_form))
                self.legal_form.setEditText(partner.legal_form)
        if field in (None, "market") and self.market.currentText() != partner.market:
            with QSignalBlocker(self.market):
                self.market.setCurrentIndex(self.market.findText(partner.market))
                self.market.setEditText(partner.market)
        if field in (None, "sector"):
            _set_index(self.sector, SECTORS.index(partner.sector))
        if field in (None, "size"):
            _set_index(self.size, SIZES.index(partner.size))
        if field in (None, "role"):
            _set_index(self.role, ROLES.index(partner.role) if partner.role in ROLES else 1)
        if field in (None, "tier"):
            _set_index(self.tier, TIERS.index(PartnerTier(partner.tier)))
            self.tier_note.setText(tier_explanation(partner.tier))
        if field is None:
            self.tier_warning.setVisible(False)
        if field in (None, "employees") and self.employees.value() != (partner.employees or 0):
            with QSignalBlocker(self.employees):
                self.employees.setValue(partner.employees or 0)


def _combo(items: Iterable[str]) -> QComboBox:
    combo = QComboBox()
    # long entries ("Körperschaft des öffentlichen Rechts") must not make the form wider
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    combo.addItems(list(items))
    return combo


def _set_index(combo: QComboBox, index: int) -> None:
    if combo.currentIndex() != index:
        with QSignalBlocker(combo):
            combo.setCurrentIndex(index)


def _set_plain_text(edit: QPlainTextEdit, text: str) -> None:
    """Replace the text without emitting ``textChanged``, keeping the cursor near where it was."""
    position = edit.textCursor().position()
    with QSignalBlocker(edit):
        edit.setPlainText(text)
        cursor = edit.textCursor()
        cursor.setPosition(min(position, len(text)))
        edit.setTextCursor(cursor)


class PartnersPage(Page):
    """The partners of the project: cards in contract order beside the editor of the selected one."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = pgettext("Mehrzahl", "Partner")
        layout = QVBoxLayout(self)
        intro = QLabel(_("Legen Sie für jeden Partner einen Steckbrief an: wer er ist, was er "
                         "braucht und was er einbringt. Die Reihenfolge ist die Reihenfolge im "
                         "Vertrag."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)

        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        self.empty_label = QLabel(_("Noch keine Partner. Fügen Sie den ersten Partner hinzu."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        big = self.empty_label.font()
        big.setPointSizeF(big.pointSizeF() * 1.25)
        self.empty_label.setFont(big)
        empty_layout.addWidget(self.empty_label)
        self.empty_add_button = QPushButton(_("Ersten Partner hinzufügen"))
        self.empty_add_button.clicked.connect(self.add_partner)
        self.empty_add_button.setFont(big)
        self.empty_add_button.setDefault(True)
        empty_layout.addWidget(self.empty_add_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.stack.addWidget(empty)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.model = PartnerListModel(self)
        self.list = QListView()
        self.list.setAccessibleName(pgettext("Mehrzahl", "Partner"))
        self.list.setModel(self.model)
        self.list.setItemDelegate(PartnerCardDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # cards elide
        self.list.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 20)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._current_changed())
        set_help(self.list, pgettext("Mehrzahl", "Partner"),
                 _("Die Partner in der Reihenfolge, in der sie im Vertrag genannt werden. Der "
                   "Stern markiert den Lead-Partner. Wählen Sie einen Partner aus, um seinen "
                   "Steckbrief rechts zu bearbeiten."))
        left_layout.addWidget(self.list, 1)

        buttons = QGridLayout()

        def button(text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
            widget = QPushButton(text)
            widget.setToolTip(tip)
            widget.clicked.connect(slot)
            return widget

        self.add_button = button(_("Hinzufügen"), _("Einen neuen Partner am Ende der Liste anlegen"),
                                 self.add_partner)
        self.remove_button = button(_("Entfernen"), _("Den ausgewählten Partner entfernen (Entf)"),
                                    self.remove_partner)
        self.up_button = button(_("Nach oben"), _("Im Vertrag weiter vorn nennen (Alt+Pfeil nach "
                                                  "oben)"), lambda: self.move_partner(-1))
        self.down_button = button(_("Nach unten"), _("Im Vertrag weiter hinten nennen (Alt+Pfeil "
                                                     "nach unten)"), lambda: self.move_partner(1))
        self.lead_button = button(_("Als Lead-Partner festlegen"),
                                  _("Dieser Partner koordiniert die Kooperation; der bisherige "
                                    "Lead-Partner wird normaler Partner."), self.make_lead)
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.remove_button, 0, 1)
        buttons.addWidget(self.up_button, 1, 0)
        buttons.addWidget(self.down_button, 1, 1)
        self.card_button = button(_("Steckbrief ausfüllen lassen …"),
                                  _("Dem Partner seinen Steckbrief als kleine Datei schicken, die er "
                                    "ausfüllt und zurückschickt (nur sein Steckbrief, nichts sonst)"),
                                  self.hand_out_card)
        buttons.addWidget(self.lead_button, 2, 0, 1, 2)
        buttons.addWidget(self.card_button, 3, 0, 1, 2)
        left_layout.addLayout(buttons)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.card_action = QAction(_("Steckbrief ausfüllen lassen …"), self.list)
        self.card_action.triggered.connect(self.hand_out_card)
        self.list.addAction(self.card_action)
        for key, slot in ((QKeySequence.StandardKey.Delete, self.remove_partner),
                          ("Alt+Up", lambda: self.move_partner(-1)),
                          ("Alt+Down", lambda: self.move_partner(1))):
            action = QAction(self.list)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.list.addAction(action)
        splitter.addWidget(left)

        self.editor = PartnerEditor(session)
        self.editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        splitter.addWidget(self.editor)
        # the cards get about a third of the width, the form the rest, at any window size
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 7)
        splitter.setSizes([300, 700])
        self.stack.addWidget(splitter)

        self._reload(select=None)

    # --- state ----------------------------------------------------------------------------------

    def current_id(self) -> str | None:
        return self.editor.partner_id

    def _reload(self, select: str | None) -> None:
        """Refill the list from the session and select ``select`` (or the row nearest the
        previous selection, if that partner is gone)."""
        previous_row = max(self.list.currentIndex().row(), 0)
        partners = self.session.project.partners
        self.model.set_partners(partners)
        self.stack.setCurrentIndex(1 if partners else 0)
        row = self.model.row_of(select)
        if row < 0 and partners:
            row = min(previous_row, len(partners) - 1)
        self._select_row(row)

    def _select_row(self, row: int) -> None:
        if row < 0:
            self.list.selectionModel().clear()
            self.editor.set_partner(None)
        else:
            index = self.model.index(row)
            self.list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.scrollTo(index)
            if self.editor.partner_id != self.model.partner(row).id:
                self.editor.set_partner(self.model.partner(row).id)
        self._update_buttons()

    def _current_changed(self) -> None:
        partner = self.model.partner(self.list.currentIndex().row())
        new_id = partner.id if partner else None
        if new_id != self.editor.partner_id:
            self.editor.set_partner(new_id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.model.row_of(self.current_id())
        partner = self.model.partner(row)
        self.remove_button.setEnabled(partner is not None)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)
        self.lead_button.setEnabled(partner is not None and partner.role is not PartnerRole.LEAD and partner.votes)
        self.card_button.setEnabled(partner is not None)
        self.card_action.setEnabled(partner is not None)

    # --- actions --------------------------------------------------------------------------------

    def add_partner(self) -> None:
        partner = self.session.add_partner()
        self.focus_entity("partners", partner.id)
        name = self.editor.lines["name"].edit
        name.setFocus(Qt.FocusReason.OtherFocusReason)
        name.selectAll()

    def remove_partner(self) -> None:
        partner = self.editor.partner()
        if partner is None:
            return
        answer = QMessageBox.question(
            self,
            _("Partner entfernen"),
            _("Soll „{name}“ aus der Kooperation entfernt werden?\n\nZiele und Meilensteine, für "
              "die dieser Partner verantwortlich ist, verlieren den Bezug zu ihm. Mit "
              "„Rückgängig“ (Strg+Z) lässt sich das Entfernen wieder aufheben.").format(
                  name=partner.name.strip() or _("(ohne Namen)")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.session.remove_partner(partner.id)

    def move_partner(self, step: int) -> None:
        row = self.model.row_of(self.current_id())
        if row < 0 or not 0 <= row + step < self.model.rowCount():
            return
        self.session.move_partner(self.current_id(), row + step)

    def hand_out_card(self) -> None:
        """Write the selected partner's card for them to fill in (`kooperation.steckbrief`)."""
        from kooperation.ui.card_file import hand_out_card

        partner_id = self.current_id()
        if partner_id is None:
            return
        target = hand_out_card(self, self.session.project, partner_id)
        status = getattr(self.window(), "statusBar", None)
        if target is not None and callable(status):
            status().showMessage(_(
                "Steckbrief gespeichert: {path}. Schicken Sie die Datei dem Partner; die ausgefüllte "
                "Datei übernehmen Sie mit Datei › Änderungen übernehmen …").format(path=target), 15000)

    def make_lead(self) -> None:
        if self.current_id() is not None:
            self.session.set_lead_partner(self.current_id())

    # --- Page -----------------------------------------------------------------------------------

    def on_changed(self, change: Change) -> None:
        if change.kind == "project":
            if change.field is None:  # the whole project was reloaded
                self._reload(select=self.current_id())
            return
        if change.kind != "partners":
            return
        if change.field is not None and len(change.ids) == 1:
            partner = self.session.project.partner(change.ids[0])
            if partner is not None and self.model.row_of(partner.id) >= 0:
                self.model.update_partner(partner)
                if partner.id == self.current_id():
                    self.editor.refresh(change.field)
                self._update_buttons()
                return
        # structure changed (add, remove, move, lead, undo of these): refill, keep the selection
        self._reload(select=self.current_id())
        self.editor.refresh()

    def focus_entity(self, kind: str, entity_id: str) -> None:
        # an id that is gone (an undone addition) keeps the selection the refresh chose
        if kind == "partners" and (row := self.model.row_of(entity_id)) >= 0:
            self._select_row(row)
