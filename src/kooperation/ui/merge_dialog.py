"""The dialog of "Änderungen übernehmen": what taking over a project file would change, and a
choice for every conflict.

The dialog shows a `MergePlan` (`kooperation.merging`) and writes nothing. At the top it says in
plain sentences what would change (`describe_plan`); below, each conflict is one row side by
side: what (entity and field, named as the window names them), the value "bei uns" and the value
"in der Datei" with who changed it and when where that is known, and a choice: keep ours, take
theirs, keep both where that makes sense (a free text keeps both texts, each marked with its
side; a goal, milestone or board point is kept twice - `MergeConflict.both`; never for a date,
a number or a choice), or, for a rule decision, record it as an open point "Darüber müssen wir
uns verständigen" whose note carries both positions (the default for rule decisions). Every change
of a choice computes the merge again (`resolve_plan`, pure and fast) so the summary always says
what "Übernehmen" will store; `final_plan` is that plan. The caller stores it.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kooperation.domain.merge import MergeConflict, Resolution
from kooperation.domain.model import Project
from kooperation.i18n import _, ngettext
from kooperation.merging import MergePlan, both_text, conflict_subject, describe_plan, resolve_plan
from kooperation.ui.help_window import install_help_key
from kooperation.ui.palette import INFO_BOX, inherited_palette, make_muted, scheme

MAX_VALUE_CHARS = 400
"""A value longer than this is shortened in its cell (the whole value is in the tooltip)."""


def choice_texts() -> dict[str, str]:
    """The entries of a conflict's choice box ("both" as `choice_text` words it per conflict)."""
    return {
        "ours": _("Unseren Wert behalten"),
        "theirs": _("Wert aus der Datei übernehmen"),
        "open_point": _("Als offenen Punkt festhalten"),
        "both": _("Beide behalten"),
    }


def choices_for(c: MergeConflict) -> list[Resolution]:
    """The choices the box of conflict ``c`` offers: "both" only where it makes sense."""
    keys: list[Resolution] = ["ours", "theirs"]
    if c.both:
        keys.append("both")
    if c.kind == "decisions":
        keys.append("open_point")
    return keys


def choice_text(c: MergeConflict, key: str) -> str:
    if key != "both":
        return choice_texts()[key]
    return {
        "text": _("Beide Texte behalten"), "goals": _("Beide behalten (zwei Ziele)"),
        "milestones": _("Beide behalten (zwei Meilensteine)"), "board": _("Beide behalten (zwei Punkte)"),
    }.get(c.both, choice_texts()["both"])


def both_hint(c: MergeConflict) -> str:
    """What keeping both does, under the choice box."""
    return {
        "text": _("Beide Texte stehen im Feld, jeder unter einer Zeile, die sagt, von wem und von wann er ist."),
        "goals": _("Unser Ziel bleibt, wie es ist; das aus der Datei kommt als weiteres Ziel dahinter."),
        "milestones": _("Unser Meilenstein bleibt, wie er ist; der aus der Datei kommt als weiterer "
                        "Meilenstein dahinter."),
        "board": _("Unser Punkt bleibt, wie er ist; der aus der Datei kommt als weiterer Punkt dahinter."),
    }.get(c.both, both_text(c))


def choosable(c: MergeConflict) -> bool:
    """Whether the user decides this conflict (a reference to something removed, or a cycle of
    dependencies, is repaired by the merge itself and only shown)."""
    return c.reason in ("changed", "deleted", "order")


# --- naming things as the window does ---------------------------------------------------------


def _topic(topic_id: str):
    try:
        from kooperation.domain.catalogue import load_catalogue

        return load_catalogue().topic(topic_id)
    except Exception:  # noqa: BLE001 - an unknown topic is named by its id
        return None


def _entity_names(*projects: Project | None) -> dict[str, str]:
    """id → a readable name, for partners, goals and milestones of any of ``projects``."""
    names: dict[str, str] = {}
    for project in projects:
        if project is None:
            continue
        for p in project.partners:
            names.setdefault(p.id, p.short_name or p.name)
        for g in project.goals:
            names.setdefault(g.id, g.text)
        for m in project.milestones:
            names.setdefault(m.id, m.title)
    return names


def what_text(c: MergeConflict) -> tuple[str, str]:
    """(the entity, the field) of a conflict in the window's words."""
    if c.reason == "order":
        return conflict_subject(c)[0], _("Reihenfolge")
    if c.kind == "decisions":
        topic = _topic(c.key)
        entity = _("Regelungsthema „{name}“").format(name=topic.label.get_text() if topic else c.key)
        if c.field and c.field.startswith("params.") and topic is not None:
            pid = c.field.split(".", 1)[1]
            param = next((p for v in (None, *(v.id for v in topic.variants))
                          for p in topic.params_for(v) if p.id == pid), None)
            if param is not None:
                return entity, param.label.get_text()
        if c.field == "note":
            return entity, _("Notiz")
        return entity, conflict_subject(c)[1] or _("ganzer Eintrag")
    if c.path[:2] == ("assessment", "board") and len(c.path) >= 3:
        text = c.ours if isinstance(c.ours, str) and c.ours else c.theirs if isinstance(c.theirs, str) else ""
        entity = _("Punkt der Tafel „{text}“").format(text=_short_name(str(text or ""))) if text else _("Punkt der Tafel")
        return entity, (_("Text") if c.path[3:] == ("text",) else _("Vereinbart") if c.path[3:] == ("agreed",)
                        else _("ganzer Eintrag"))
    entity, field = conflict_subject(c)
    return entity, field or _("ganzer Eintrag")


def _short_name(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def value_text(c: MergeConflict, value: Any, names: dict[str, str]) -> str:
    """One side's value of a conflict in plain words."""
    if c.reason == "deleted" and value is None:
        return _("(gelöscht)")
    if c.reason == "deleted" and c.field is None:
        return _("(geändert, noch vorhanden)")
    if c.reason == "order" and isinstance(value, list):
        return " → ".join(names.get(str(v), str(v)) for v in value)
    if value is None or value == "" or value == [] or value == {}:
        return _("(leer)")
    if c.kind == "decisions" and c.field:
        special = _decision_value(c, value)
        if special is not None:
            return special
    return _plain(value, names)


def _decision_value(c: MergeConflict, value: Any) -> str | None:
    from kooperation.domain.labels import decision_status_label, describe_value
    from kooperation.domain.model import DecisionStatus

    topic = _topic(c.key)
    if c.field == "status" and value in ("open", "agreed"):
        return decision_status_label(DecisionStatus(value))
    if topic is None:
        return None
    if c.field == "variant":
        variant = topic.variant(str(value))
        return variant.label.get_text() if variant else str(value)
    if c.field and c.field.startswith("params."):
        pid = c.field.split(".", 1)[1]
        param = next((p for v in (None, *(v.id for v in topic.variants)) for p in topic.params_for(v) if p.id == pid), None)
        if param is None:
            return None
        plain = _date_of(value)
        try:
            return describe_value(param, plain if plain is not None else value) or None
        except (TypeError, ValueError, KeyError):
            return None
    return None


def _date_of(value: Any) -> date | datetime | None:
    if isinstance(value, dict) and len(value) == 1:
        (key, text), = value.items()
        try:
            if key == "$date":
                return date.fromisoformat(str(text))
            if key == "$datetime":
                return datetime.fromisoformat(str(text))
        except ValueError:
            return None
    return None


def _plain(value: Any, names: dict[str, str]) -> str:
    from kooperation.domain.labels import format_day

    when = _date_of(value)
    if isinstance(when, datetime):
        return when.astimezone().strftime("%d.%m.%Y %H:%M")
    if isinstance(when, date):
        return format_day(when)
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, list):
        return "; ".join(_plain(v, names) for v in value) or _("(leer)")
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v, names)}" for k, v in value.items())
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # a day in the exchange form
        try:
            return format_day(date.fromisoformat(text))
        except ValueError:
            pass
    return names.get(text, text)


def _short(text: str) -> str:
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _when(value: datetime | None) -> str:
    if value is None:
        return _("unbekannt")
    return value.astimezone().strftime("%d.%m.%Y %H:%M")


# --- the dialog -------------------------------------------------------------------------------


class MergeDialog(QDialog):
    """Shows a merge plan and lets the user decide each conflict; stores nothing."""

    def __init__(self, plan: MergePlan, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_help_key(self, "merge")  # F1: the manual on this window's page
        self.plan = plan
        self._final = plan
        self.file_name = file_name
        self.rows: list[tuple[MergeConflict, QComboBox | None, QLabel, QLabel]] = []
        self.hints: dict[int, QLabel] = {}  # id(conflict) → the line under its choice
        self.setWindowTitle(_("Änderungen übernehmen – {project}").format(project=plan.bundle.project.name))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        shown = min(len(plan.conflicts), 6)
        self.resize(980, 380 + (100 + 60 * shown if shown else 0))
        self._build()
        self._refresh()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        made = self.plan.bundle.manifest.get("made_at")
        try:
            made_text = _when(datetime.fromisoformat(str(made).replace("Z", "+00:00"))) if made else ""
        except ValueError:
            made_text = ""
        head = QLabel(self)
        head.setWordWrap(True)
        head.setTextFormat(Qt.TextFormat.RichText)
        head.setText(
            "<b>{title}</b><br>{sub}".format(
                title=html.escape(_("Projektdatei „{file}“").format(file=self.file_name)),
                sub=html.escape(
                    _("Projekt „{name}“, weitergegeben am {when}. Was nur eine Seite geändert hat, wird "
                      "übernommen; Entwürfe und Kommentare beider Seiten bleiben alle erhalten.").format(
                        name=self.plan.bundle.project.name, when=made_text or _("unbekannt"))
                ),
            )
        )
        layout.addWidget(head)

        summary_box = QGroupBox(_("Was sich ändert"), self)
        summary_layout = QVBoxLayout(summary_box)
        self.summary = QTextBrowser(summary_box)
        self.summary.setOpenLinks(False)
        self.summary.setAccessibleName(_("Was sich ändert"))
        self.summary.document().setDocumentMargin(6)
        self.summary.setFrameShape(QFrame.Shape.NoFrame)
        summary_layout.addWidget(self.summary)
        layout.addWidget(summary_box, 2)

        if self.plan.conflicts:
            layout.addWidget(self._conflict_box(), 5)

        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(_("Ü&bernehmen"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setDefault(True)
        self.apply_button.setToolTip(_("Die Änderungen mit den gewählten Entscheidungen speichern"))
        self.cancel_button = buttons.addButton(_("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setToolTip(_("Nichts übernehmen"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _conflict_box(self) -> QGroupBox:
        n = len(self.plan.conflicts)
        box = QGroupBox(ngettext("Ein Konflikt: beide Seiten haben dasselbe verschieden geändert",
                                 "{n} Konflikte: beide Seiten haben dasselbe verschieden geändert", n).format(n=n), self)
        outer = QVBoxLayout(box)
        scroll = QScrollArea(box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(scroll)
        grid = QGridLayout(inner)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 4)
        grid.setColumnStretch(2, 4)
        grid.setColumnStretch(3, 0)
        result = self.plan.result
        heads = [
            (_("Was"), ""),
            (_("Bei uns"), _("zuletzt geändert {when}").format(when=_when(result.ours_at))),
            (_("In der Datei"), _("zuletzt geändert {when}").format(when=_when(result.theirs_at))),
            (_("Entscheidung"), ""),
        ]
        for column, (title, sub) in enumerate(heads):
            label = QLabel(f"<b>{html.escape(title)}</b>" + (f"<br><small>{html.escape(sub)}</small>" if sub else ""), inner)
            label.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(label, 0, column, Qt.AlignmentFlag.AlignTop)
        names = _entity_names(self.plan.ours, self.plan.bundle.project)
        row = 1
        for c in self.plan.conflicts:
            line = QFrame(inner)
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            grid.addWidget(line, row, 0, 1, 4)
            row += 1
            entity, field = what_text(c)
            what = QLabel(f"<b>{html.escape(entity)}</b><br>{html.escape(field)}", inner)
            what.setTextFormat(Qt.TextFormat.RichText)
            what.setWordWrap(True)
            grid.addWidget(what, row, 0, Qt.AlignmentFlag.AlignTop)
            cells = []
            for column, (value, by) in enumerate(((c.ours, c.ours_by), (c.theirs, c.theirs_by)), start=1):
                text = value_text(c, value, names)
                cell = QLabel(_short(text), inner)
                cell.setWordWrap(True)
                cell.setMargin(4)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
                if len(text) > MAX_VALUE_CHARS:
                    cell.setToolTip(text)
                box_layout = QVBoxLayout()
                box_layout.setSpacing(0)
                box_layout.addWidget(cell)
                if by:
                    who = make_muted(QLabel(_("von {who}").format(who=by), inner))
                    who.setWordWrap(True)
                    box_layout.addWidget(who)
                box_layout.addStretch(1)
                grid.addLayout(box_layout, row, column)
                cells.append(cell)
            combo: QComboBox | None = None
            if choosable(c):
                combo = QComboBox(inner)
                for key in choices_for(c):
                    combo.addItem(choice_text(c, key), key)
                combo.setCurrentIndex(max(0, combo.findData(c.resolution)))
                combo.setAccessibleName(_("Entscheidung: {what}, {field}").format(what=entity, field=field))
                if c.kind == "decisions":
                    combo.setToolTip(_("Ein offener Punkt „Darüber müssen wir uns verständigen“ gilt für das ganze "
                                       "Regelungsthema; seine Notiz nennt beide Positionen."))
                combo.currentIndexChanged.connect(lambda _i, conflict=c: self._choice_changed(conflict))
                choice = QVBoxLayout()
                choice.setSpacing(2)
                choice.addWidget(combo)
                if c.kind == "decisions" or c.both:
                    hint = make_muted(QLabel(inner))
                    hint.setWordWrap(True)
                    hint.setMaximumWidth(combo.sizeHint().width())
                    choice.addWidget(hint)
                    self.hints[id(c)] = hint
                choice.addStretch(1)
                grid.addLayout(choice, row, 3)
            else:
                note = make_muted(QLabel(_("automatisch angepasst"), inner))
                grid.addWidget(note, row, 3, Qt.AlignmentFlag.AlignTop)
            self.rows.append((c, combo, cells[0], cells[1]))
            row += 1
        grid.setRowStretch(row, 1)
        scroll.setWidget(inner)
        outer.addWidget(scroll)
        return box

    # --- choices ------------------------------------------------------------------------------

    def combo_for(self, c: MergeConflict) -> QComboBox | None:
        return next((combo for conflict, combo, _o, _t in self.rows if conflict is c), None)

    def choices(self) -> dict[tuple[str, ...], Resolution]:
        """The user's choice for every conflict they decide (path → resolution)."""
        return {c.path: combo.currentData() for c, combo, _o, _t in self.rows if combo is not None}

    def set_choice(self, c: MergeConflict, resolution: Resolution) -> None:
        combo = self.combo_for(c)
        if combo is not None:
            combo.setCurrentIndex(combo.findData(resolution))

    def _choice_changed(self, c: MergeConflict) -> None:
        """An open point is one for the whole rule topic, an entry kept twice is kept twice with
        all its fields: the entry's other conflicts follow a change to or from "open point" or
        (for a goal, milestone or board point) "both"."""
        combo = self.combo_for(c)
        chosen = combo.currentData() if combo is not None else None
        whole = "open_point" if c.kind == "decisions" else "both" if c.both and c.both != "text" else None
        if whole is not None:
            for other, other_combo, _o, _t in self.rows:
                if other is c or other_combo is None or _entry(other) != _entry(c):
                    continue
                if other_combo.findData(whole) < 0:
                    continue
                if (chosen == whole) != (other_combo.currentData() == whole):
                    other_combo.blockSignals(True)
                    other_combo.setCurrentIndex(other_combo.findData(chosen))
                    other_combo.blockSignals(False)
        self._refresh()

    def _refresh(self) -> None:
        """Compute the merge with the current choices; show what it changes; mark the kept side."""
        self._final = resolve_plan(self.plan, self.choices()) if self.rows else self.plan
        lines = describe_plan(_without_conflicts(self._final))
        self.summary.setHtml("<ul style='margin-left: -20px'>" + "".join(
            f"<li>{html.escape(line.strip())}</li>" for line in lines) + "</ul>")
        for c, combo, ours, theirs in self.rows:
            chosen = combo.currentData() if combo is not None else c.resolution
            _mark(ours, chosen in ("ours", "open_point", "both"))
            _mark(theirs, chosen in ("theirs", "open_point", "both"))
            hint = self.hints.get(id(c))
            if hint is not None:
                text = {"open_point": _("Zu besprechen; die Notiz nennt beide Positionen."),
                        "both": both_hint(c)}.get(chosen, "")
                hint.setText(text)
                hint.setVisible(bool(text))

    def final_plan(self) -> MergePlan:
        """The plan with the user's choices: what "Übernehmen" stores."""
        return self._final

    def summary_text(self) -> str:
        """The summary as shown (for tests and screen readers)."""
        return self.summary.toPlainText()


def _entry(c: MergeConflict) -> tuple[str, ...]:
    """The path of the entry a conflict is in (a board point sits one level deeper)."""
    return c.path[:3] if c.path[:2] == ("assessment", "board") else c.path[:2]


def _without_conflicts(plan: MergePlan) -> MergePlan:
    """The plan as the summary describes it: its conflicts are in the table, not in the sentences."""
    return replace(plan, result=replace(plan.result, conflicts=[]))


def _mark(label: QLabel, kept: bool) -> None:
    """Show a value as kept (bold on a light box) or not kept (plain)."""
    font = label.font()
    font.setBold(kept)
    label.setFont(font)
    label.setAutoFillBackground(kept)
    palette = label.palette()
    if kept:
        back, text = INFO_BOX[scheme(inherited_palette(label))]
        palette.setColor(QPalette.ColorRole.Window, QColor(back))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    else:
        parent = inherited_palette(label)
        palette.setColor(QPalette.ColorRole.WindowText, parent.color(QPalette.ColorRole.WindowText))
    label.setPalette(palette)
    label.setAccessibleDescription(_("wird übernommen") if kept else _("wird verworfen"))
