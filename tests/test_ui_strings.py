"""Every string the user sees in the window is translatable.

Two checks. The static one reads the source of ``kooperation.ui`` and finds text literals that
reach a visible Qt call (labels, buttons, tooltips, titles, message boxes, painted text …)
without passing through ``_()`` or ``ngettext()``, and f-strings that glue visible words
together (a translator could not reorder them). The runtime one installs a fake translation that
brackets every translated message, opens the example project in the real windows and walks all
widgets: every visible text must come through the translation, except the user's own data, the
catalogues (``rules.yaml`` and the checklists ``checks.yaml``, translated through their own
``de``/``en`` texts) and numbers or dates. A third check keeps the checklists' texts out of the
meeting pages: what ``checks.yaml`` says is not repeated there as a UI string.
"""

from __future__ import annotations

import ast
import dataclasses
import gettext
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

import kooperation.i18n as i18n
from kooperation.domain.catalogue import load_catalogue
from kooperation.domain.checks import load_checks
from kooperation.domain.demo import demo_project
from kooperation.store import open_store
from kooperation.ui.pages.partners import LEGAL_FORMS
from kooperation.ui.project_window import HelpPanel

UI = Path(__file__).resolve().parents[1] / "src" / "kooperation" / "ui"

MARKERS = {"_", "ngettext"}
"""The functions that mark a message for translation (kooperation.i18n)."""

# --- the static scan --------------------------------------------------------------------------

# Qt methods whose arguments are shown to the user: name -> positions of the visible arguments
# (None: every positional argument). Keyword arguments are listed in VISIBLE_KEYWORDS.
VISIBLE_METHODS: dict[str, tuple[int, ...] | None] = {
    "setText": (0,),
    "setWindowTitle": (0,),
    "setToolTip": (0,),
    "setStatusTip": (0,),
    "setWhatsThis": (0,),
    "setPlaceholderText": (0,),
    "setAccessibleName": (0,),
    "setAccessibleDescription": (0,),
    "setTitle": (0,),
    "setSpecialValueText": (0,),
    "setSuffix": (0,),
    "setPrefix": (0,),
    "setFormat": (0,),
    "setLabelText": (0,),
    "setInformativeText": (0,),
    "setDetailedText": (0,),
    "setHtml": (0,),
    "setPlainText": (0,),
    "setTabText": (1,),
    "setItemText": (1,),
    "addTab": (1,),
    "insertTab": (2,),
    "addItem": (0,),
    "addItems": (0,),
    "insertItem": (1,),
    "setHeaderLabels": (0,),
    "setHorizontalHeaderLabels": (0,),
    "setVerticalHeaderLabels": (0,),
    "showMessage": (0,),
    "addMenu": None,
    "addAction": None,
    "createUndoAction": (1,),
    "createRedoAction": (1,),
    "drawText": None,
    # message boxes and dialogs: (parent, title, text, …)
    "warning": (1, 2),
    "critical": (1, 2),
    "information": (1, 2),
    "question": (1, 2),
    "about": (1, 2),
    "getText": (1, 2),
    "getItem": (1, 2),
    "getInt": (1, 2),
    "getSaveFileName": (1, 3),
    "getOpenFileName": (1, 3),
    "getExistingDirectory": (1,),
    # the project's own helpers that put their text on screen
    "show_error": (1, 2),
    "show_message": (0,),
    "show_help": (0, 1),
    "set_help": (1, 2),
    "wrapped_label": (0,),
    "heading": (0,),
    "section_title": (0,),
    "_label": (0,),
    "_button": (0, 1),
    "_heading": (0,),
    "_bar": (0,),
    "_group": (1,),
    "_row": (1, 3, 4),
    "_line": (2, 3, 4, 5),
    "_text": (2, 3, 4, 5),
    "_action": (0, 3),
    "button": (0, 1),
}

# Qt classes (and the project's widgets) whose constructor takes visible text first
VISIBLE_CONSTRUCTORS: dict[str, tuple[int, ...] | None] = {
    "QLabel": (0,),
    "QPushButton": (0,),
    "QToolButton": (0,),
    "QCheckBox": (0,),
    "QRadioButton": (0,),
    "QGroupBox": (0,),
    "QAction": (0,),
    "QMenu": (0,),
    "QCommandLinkButton": (0, 1),
    "QListWidgetItem": (0,),
    "QTableWidgetItem": (0,),
    "QTreeWidgetItem": (0,),
    "QStandardItem": (0,),
    "QMessageBox": (1, 2),
    "ChoiceItem": (0, 1),
    "StatusSwitch": (0, 1),
    "CanvasField": (1, 2, 3, 4),
    "_Question": (0,),
    "_ParamLabel": (0,),
    "ClickLabel": (0,),
}

VISIBLE_KEYWORDS = {
    "text", "title", "tip", "tooltip", "toolTip", "placeholder", "label", "warning", "message",
    "help_title", "help_text", "caption", "windowTitle",
}

ALLOWED_LITERALS = {
    "Kooperation": "the product's name (window and message box titles)",
    "DOCX": "file format name",
    "PDF": "file format name",
}
"""Literals that may stay unmarked wherever they appear, with the reason."""

ALLOWED_FSTRING_PARTS = {
    ("pages/partners.py", "_warning"): "object name of the warning label, never shown",
    ("pages/partners.py", "color: ;"): "style sheet",
    ("pages/goals.py", "color: ; font-weight: bold;"): "style sheet",
    ("project_window.py", "<h3></h3><p></p>"): "HTML markup around translated text",
    ("app.py", "kooperation-.png"): "file name of the window icon, never shown",
}
"""Literal parts of f-strings that are code, not language: (file, literal parts) -> reason."""

_WORD = re.compile(r"[^\W\d_]{2,}")

_NO_WORDS = re.compile(r"[\W\d_]*", re.UNICODE)
"""Text without letters: punctuation, symbols, numbers, spaces ("✓", "…", "%", "{0} – {1}")."""


_FILE_SUFFIX = re.compile(
    r"\.(?:docx?|pdf|json|png|svg|txt|html?|odt|csv|zip|xlsx?|md|sqlite3?)\b", re.IGNORECASE
)


def _without_placeholders(text: str) -> str:
    return re.sub(r"\{[^{}]*\}", "", text)


def needs_translation(text: str) -> bool:
    """Whether a literal carries language: it has letters outside ``{placeholders}``, markup
    and file suffixes, and it is not an allowed name."""
    return not _NO_WORDS.fullmatch(language_of(text))


def language_of(text: str) -> str:
    """``text`` without placeholders, markup, file suffixes and allowed names."""
    bare = _without_placeholders(text)
    bare = re.sub(r"<[^<>]*>", " ", bare)  # HTML tags
    bare = re.sub(r"&[a-z]+;", " ", bare)  # HTML entities
    bare = re.sub(_FILE_SUFFIX, " ", bare)  # "{name}.docx", "*.pdf"
    for name in ALLOWED_LITERALS:
        bare = re.sub(rf"\b{re.escape(name)}\b", " ", bare)
    return bare


@dataclasses.dataclass(frozen=True)
class Finding:
    file: str
    line: int
    text: str
    where: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.where}: {self.text!r}"


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _bare_literals(node: ast.AST) -> Iterator[tuple[ast.AST, str]]:
    """String constants in ``node`` that are not inside ``_()``/``ngettext()``: the node itself,
    parts of ``+`` and ``%``, branches of ``x if c else y`` and ``a or b``, items of lists,
    literal parts of f-strings and the template of ``"…".format(…)``/``"…".join(…)``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node, node.value
    elif isinstance(node, ast.JoinedStr):
        yield node, "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                yield from _bare_literals(value.value)
    elif isinstance(node, ast.BinOp):
        yield from _bare_literals(node.left)
        yield from _bare_literals(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _bare_literals(node.body)
        yield from _bare_literals(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _bare_literals(value)
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        for element in node.elts:
            yield from _bare_literals(element)
    elif isinstance(node, ast.Call):
        if _call_name(node) in MARKERS:
            return
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("format", "join", "replace", "strip"):
            yield from _bare_literals(func.value)
            for arg in node.args:
                yield from _bare_literals(arg)
            for keyword in node.keywords:
                yield from _bare_literals(keyword.value)


def _visible_arguments(call: ast.Call) -> Iterator[tuple[ast.AST, str]]:
    name = _call_name(call)
    is_constructor = isinstance(call.func, ast.Name) and name in VISIBLE_CONSTRUCTORS
    positions = VISIBLE_CONSTRUCTORS.get(name) if is_constructor else VISIBLE_METHODS.get(name, ())
    if is_constructor or name in VISIBLE_METHODS:
        for index, arg in enumerate(call.args):
            if positions is None or index in positions:
                yield arg, f"{name}() argument {index + 1}"
    for keyword in call.keywords:
        if keyword.arg in VISIBLE_KEYWORDS:
            yield keyword.value, f"{name}({keyword.arg}=…)"


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
        # attribute docstrings: a string statement right after an assignment
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for before, after in zip(body, body[1:], strict=False):
                if (
                    isinstance(before, ast.Assign | ast.AnnAssign)
                    and isinstance(after, ast.Expr)
                    and isinstance(after.value, ast.Constant)
                ):
                    ids.add(id(after.value))
    return ids


def _marked(tree: ast.AST) -> set[int]:
    """Ids of every node inside a ``_()``/``ngettext()`` call."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in MARKERS:
            ids.update(id(n) for n in ast.walk(node))
    return ids


def scan_source(source: str, rel: str) -> list[Finding]:
    """Unmarked visible literals and word-carrying f-strings in the module ``rel``."""
    tree = ast.parse(source, rel)
    findings: list[Finding] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for arg, where in _visible_arguments(node):
            for literal, text in _bare_literals(arg):
                if needs_translation(text):
                    findings.append(Finding(rel, literal.lineno, text, where))
    seen = {(f.line, f.text) for f in findings}
    marked = _marked(tree)
    specs = {id(n.format_spec) for n in ast.walk(tree) if isinstance(n, ast.FormattedValue)}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in marked | specs:
            parts = "".join(
                v.value
                for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
            if (rel, parts) in ALLOWED_FSTRING_PARTS or (node.lineno, parts) in seen:
                continue
            # a word, not a lone letter: "v{n}" in a file name or "{n} h" is no sentence
            if _WORD.search(language_of(_without_css(parts))):
                findings.append(Finding(rel, node.lineno, parts, "f-string with words"))
    return findings


def scan(path: Path) -> list[Finding]:
    return scan_source(path.read_text(encoding="utf-8"), path.relative_to(UI).as_posix())


def _without_css(text: str) -> str:
    """Drop ``style='…'`` attributes and bare declarations (``margin-left: -20px;``)."""
    text = re.sub(r"style\s*=\s*(['\"]).*?\1", "", text)
    return re.sub(r"[a-z-]+\s*:\s*[-#\w.%]*\s*;?", "", text) if ":" in text and ";" in text else text


def ui_modules() -> list[Path]:
    return sorted(p for p in UI.rglob("*.py") if p.name != "__init__.py")


def test_the_scan_finds_what_it_should():
    """The scanner itself: unmarked texts in visible calls and glued f-strings are found;
    marked texts, symbols, format-only strings and markup are not."""
    source = """
label = QLabel("Nicht übersetzt")
label.setToolTip(_("Übersetzt"))
label.setText("✓")
label.setText("{0} – {1}".format(a, b))
button = QPushButton(_("Speichern") if ok else "Abbrechen")
box.setTitle(f"{n} Partner")
QMessageBox.warning(self, _("Titel"), "Text ohne Übersetzung")
html = f"<b>{title}</b>: {text}"
item.setText(f"✓ {title}")
combo.addItem(_("Projektskizze"), "skizze")
words = f"{count} offene Punkte"
"""
    texts = {f.text for f in scan_source(source, "probe.py")}
    assert texts == {
        "Nicht übersetzt", "Abbrechen", " Partner", "Text ohne Übersetzung", " offene Punkte"
    }


def test_every_visible_literal_is_marked_for_translation():
    """No visible text in the UI code bypasses ``_()``/``ngettext()``."""
    findings = [finding for module in ui_modules() for finding in scan(module)]
    assert not findings, "unmarked visible text:\n" + "\n".join(map(str, findings))


def translated_at_import(source: str, rel: str) -> list[Finding]:
    """``_()`` calls at module or class level: they run once, at import, and would keep the
    language of that moment when the language is switched later."""
    findings: list[Finding] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            if isinstance(child, ast.Call) and _call_name(child) in MARKERS:
                findings.append(Finding(rel, child.lineno, ast.unparse(child), "at import"))
            visit(child)

    visit(ast.parse(source, rel))
    return findings


MEETING_PAGES = ("readiness.py", "factors.py", "form_guide.py", "board.py", "living.py")
"""The pages that show the checklists of ``checks.yaml``."""


def gettext_messages(source: str, rel: str) -> list[Finding]:
    """The message ids of the ``_()``/``ngettext()`` calls in a module."""
    findings = []
    for node in ast.walk(ast.parse(source, rel)):
        if isinstance(node, ast.Call) and _call_name(node) in MARKERS:
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    findings.append(Finding(rel, arg.lineno, arg.value, _call_name(node)))
    return findings


def _checklist_texts() -> set[str]:
    """Every text of the checklists (``checks.yaml``) in every language, as written there."""
    return {t.strip() for t in _strings_in(load_checks()) if t.strip()}


def test_checklist_texts_live_in_the_catalogue_not_in_the_meeting_pages():
    """The meeting pages take the texts of the checks (questions, answers, headings of the
    worksheets, review statuses …) from ``checks.yaml``, in German and English; their own
    ``_()`` strings are controls only. A text of the catalogue typed again as a UI string
    would not follow the catalogue and would bypass its English."""
    probe = 'title = _("Das trägt zum Erfolg bei")\nbutton = QPushButton(_("Hinzufügen"))\n'
    catalogue = _checklist_texts()
    assert {f.text for f in gettext_messages(probe, "probe.py") if f.text in catalogue} == {
        "Das trägt zum Erfolg bei"
    }
    pages = UI / "pages"
    findings = [
        finding
        for name in MEETING_PAGES
        for finding in gettext_messages((pages / name).read_text(encoding="utf-8"), f"pages/{name}")
        if finding.text.strip() in catalogue
    ]
    assert not findings, "checklist text as UI string:\n" + "\n".join(map(str, findings))


def test_no_text_is_translated_at_import_time():
    """Texts are translated when a widget is built, never once when the module is imported."""
    findings = [
        finding
        for module in ui_modules()
        for finding in translated_at_import(
            module.read_text(encoding="utf-8"), module.relative_to(UI).as_posix()
        )
    ]
    assert not findings, "translated at import:\n" + "\n".join(map(str, findings))


# --- the runtime check ------------------------------------------------------------------------

OPEN, CLOSE = "⟦", "⟧"


class Bracketing(gettext.NullTranslations):
    """A translation that marks every message it translated: "⟦Partner⟧"."""

    def gettext(self, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"{OPEN}{singular if n == 1 else plural}{CLOSE}"

    def pgettext(self, context: str, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}"


def _strings_in(value: object) -> set[str]:
    """Every string inside a catalogue object: its `Localized` texts in all their languages
    (dict values), and ids and other values on the way (harmless: they are no sentences)."""
    texts: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, str):
            texts.add(value)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name))

    walk(value)
    return texts


def _catalogue_texts() -> set[str]:
    """Every text of the rules catalogue and the checklists (in all their languages).

    The checklists (checks.yaml) include the texts the meeting pages show around the checks:
    the readiness answers and counts, the factor groups, the headings of the phase-4 sheet and
    of the decision guide, the review statuses. Their texts with placeholders count by their
    fixed parts, the values being numbers, user data or catalogue texts themselves."""
    rules = _strings_in(load_catalogue())
    texts = set(rules)
    for text in _strings_in(load_checks()) - rules:
        texts.add(text)
        texts.update(part.strip(" .,;:()„“”–") for part in re.split(r"\{[^{}]*\}", text))
    return {t for t in texts if t.strip()}


UNTRANSLATED_ON_PURPOSE = {
    **{form: "German legal form: a term of German law, the same in every language"
       for form in LEGAL_FORMS},
}
"""Visible texts that are meant to stay as they are, with the reason."""


def _user_data() -> set[str]:
    """Names and texts the user typed in the example project (shown as they are)."""
    texts: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name))

    walk(demo_project())
    return {t for t in texts if t.strip()}


def _strip_marked(text: str) -> str:
    """``text`` without the parts that came through the translation (nested ones too)."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", "", text)
    return text


def _unexplained(text: str, known: list[str]) -> str:
    """What is left of a visible ``text`` after removing translated parts, known texts
    (user data, catalogue), numbers, dates, symbols and mnemonic ampersands."""
    rest = _strip_marked(text)
    for part in known:
        if part in rest:  # whole words only: "des" is no licence for "Anstalt des …"
            rest = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", " ", rest)
    rest = re.sub(r"\d{1,2}\.\d{1,2}\.\d{2,4}", " ", rest)  # dates
    return rest.strip() if needs_translation(rest) else ""


def _item_texts(model: QAbstractItemModel) -> Iterator[str]:
    root = QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    for section in range(columns):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(section, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                yield value
    for row in range(model.rowCount(root)):
        for column in range(columns):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = index.data(role)
                if isinstance(value, str):
                    yield value


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a user can see or hear in ``root`` and its children."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(root.window()) and widget is not root:
            continue
        name = type(widget).__name__
        if widget.isWindow() and widget.windowTitle():
            yield f"{name}.windowTitle", widget.windowTitle()
        if widget.toolTip():
            yield f"{name}.toolTip", widget.toolTip()
        if widget.accessibleName():
            yield f"{name}.accessibleName", widget.accessibleName()
        if isinstance(widget, QLabel | QAbstractButton):
            yield f"{name}.text", widget.text()
        elif isinstance(widget, QGroupBox):
            yield f"{name}.title", widget.title()
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            yield f"{name}.placeholderText", widget.placeholderText()
        if isinstance(widget, HelpPanel):
            yield f"{name}.text", widget.toPlainText()
        if isinstance(widget, QAbstractSpinBox):
            yield f"{name}.specialValueText", widget.specialValueText()
            suffix = getattr(widget, "suffix", None)
            if callable(suffix):
                yield f"{name}.suffix", suffix()
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield f"{name}.item", widget.itemText(i)
                tip = widget.itemData(i, Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    yield f"{name}.itemToolTip", tip
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield f"{name}.tab", widget.tabText(i)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            for text in _item_texts(widget.model()):
                yield f"{name}.item", text
        if isinstance(widget, QMenu):
            yield f"{name}.title", widget.title()
        for action in widget.actions():
            if action.text():
                yield f"{name}.action", action.text()
            if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
                yield f"{name}.actionToolTip", action.toolTip()
            if action.statusTip():
                yield f"{name}.actionStatusTip", action.statusTip()


def test_the_runtime_check_tells_translated_from_untranslated():
    """Marked parts, known texts, numbers and dates are explained; other words are not."""
    known = ["ProdTech Maschinenbau GmbH", "des"]
    assert _unexplained("⟦Partner⟧", known) == ""
    assert _unexplained("✓ ⟦{title}  ({n} offen)⟧".replace("{title}", "⟦Partner⟧"), known) == ""
    assert _unexplained("ProdTech Maschinenbau GmbH – 12.03.2027, 75 %", known) == ""
    assert _unexplained("⟦Hilfe⟧ offen", known) == "offen"
    assert _unexplained("Anstalt des öffentlichen Rechts", known) == "Anstalt   öffentlichen Rechts"


@pytest.fixture
def bracketed(monkeypatch):
    """Every ``_()`` from now on brackets its message (the domain labels too)."""
    monkeypatch.setattr(i18n, "_translations", lambda _language: Bracketing())
    yield


def test_every_visible_text_comes_through_the_translation(qtbot, tmp_path, bracketed):
    """Start page, menus and every page of the example project (every rule topic too): all
    visible texts are translated, user data and catalogue texts aside."""
    from kooperation.ui.main_window import MainWindow
    from kooperation.ui.pages.rules import FORM_ENTRY
    from kooperation.ui.settings import Settings

    store = open_store(tmp_path / "s.sqlite3")
    project = store.save_project(demo_project())
    window = MainWindow(store, Settings())
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    known = sorted(
        _user_data() | _catalogue_texts() | set(UNTRANSLATED_ON_PURPOSE), key=len, reverse=True
    )
    problems: dict[str, str] = {}
    seen: set[str] = set()

    def check(place: str) -> None:
        texts = list(visible_texts(window))
        for menu in window.menuBar().findChildren(QMenu):
            texts += [(f"menu {where}", text) for where, text in visible_texts(menu)]
        for where, text in texts:
            seen.add(text)
            rest = _unexplained(text, known)
            if rest:
                problems.setdefault(text, f"{place}: {where}: {rest!r}")

    try:
        check("start page")
        window.open_project(project.id)
        project_window = window.project_window
        for phase, page in project_window.pages.items():
            project_window.select_phase(phase)
            if phase == "rules":
                for entry in [FORM_ENTRY, *page.catalogue.topic_ids]:
                    page.select(entry)
                    check(f"rules/{entry}")
            else:
                check(phase)
        project_window.preview.wait_idle()
    finally:
        window.close()
        store.close()
    # the walk really saw the window, and the fake translation really took effect
    assert len(seen) > 200
    assert sum(OPEN in text for text in seen) > 150
    assert not problems, "untranslated visible text:\n" + "\n".join(
        f"{where} (whole text {text!r})" for text, where in problems.items()
    )
