"""The sandboxed template engine that turns clause text into document-model blocks.

Clause texts are Jinja2 templates run in an immutable sandbox with autoescaping. Every value that
comes from the user passes through ``finalize``, which escapes it, so the rendered string is a tiny
markup language in which only the template author can write tags:

- a blank line separates paragraphs (Absätze), a line starting with ``- `` is a list item;
- ``<ref to="clause_id"/>`` is a cross-reference, resolved to "§ n" once clauses are numbered;
- ``<open>label</open>`` marks a value that is missing or still to be discussed;
- ``<b>``, ``<i>`` and ``<br/>`` for emphasis and line breaks.

The markup is then parsed with a non-resolving XML parser into `docmodel` pieces, so a partner
named ``{{ 7*7 }}`` or ``<b>`` ends up as literal text in every format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from jinja2 import StrictUndefined, TemplateError, pass_context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from kooperation.drafting.docmodel import Block, BulletList, Inline, OpenMark, Paragraph, Ref, Text
from kooperation.errors import RenderError
from kooperation.i18n import _, babel_locale, building_language
from kooperation.i18n import document_language as _message_language

# --- the document language --------------------------------------------------------------------


@contextmanager
def document_language(language: str) -> Iterator[None]:
    """Within the block, the filters (``datum``, ``monate``, ``eur`` …), values printed by a
    template and the messages of the core (:func:`kooperation.i18n._`) speak ``language``, the
    language of the document being built, whatever the interface language is. Per thread (a
    context variable of :mod:`kooperation.i18n`): a draft built on a worker thread leaves the
    window's language alone."""
    with _message_language(language or "de"):
        yield


def doc_language() -> str:
    """The language of the document being built ("de" outside a build)."""
    return building_language() or "de"


def _locale() -> str:
    return babel_locale(doc_language())


def _english() -> bool:
    return doc_language() == "en"

# --- values -----------------------------------------------------------------------------------


class OpenValue:
    """Stands in for a value that is missing or invalid; prints as a highlighted open mark and
    survives every filter unchanged."""

    def __init__(self, label: str, on_use: Callable[[], None] | None = None) -> None:
        self.label = label
        self._on_use = on_use

    def __html__(self) -> str:
        if self._on_use:
            self._on_use()
        return f"<open>{escape(self.label)}</open>"

    def __str__(self) -> str:
        return self.__html__()

    def __bool__(self) -> bool:  # ``{% if v.x %}`` treats an open value as "not given"
        return False

    def __iter__(self):
        return iter(())

    # comparisons with a missing value are never true, so ``{% if v.x < 3 %}`` cannot crash
    def __lt__(self, other: object) -> bool:
        return False

    __le__ = __gt__ = __ge__ = __lt__

    def __eq__(self, other: object) -> bool:
        return other is self

    def __hash__(self) -> int:
        return id(self)

    def __getattr__(self, name: str) -> OpenValue:
        if name.startswith("__"):
            raise AttributeError(name)
        return self


def is_open(value: Any) -> bool:
    return isinstance(value, OpenValue)


def _finalize_value(value: Any) -> Any:
    """Every ``{{ expression }}`` passes here: user strings become escaped markup, newlines in
    them become line breaks (so they can never start a paragraph or list item)."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value
    if isinstance(value, bool):
        if _english():
            return "yes" if value else "no"
        return "ja" if value else "nein"
    if isinstance(value, date):
        return Markup(escape(format_date(value, format="long", locale=_locale())))
    if isinstance(value, int | float):
        return Markup(escape(format_decimal(value, locale=_locale())))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return Markup("<br/>".join(str(escape(line)) for line in text.split("\n")))


# --- wording helpers (German with cases; English) ---------------------------------------------

_WORDS = ["null", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"]
# noun forms: (singular nom/acc/dat, singular gen, plural nom/acc/gen, plural dat, gender)
_UNITS = {
    "days": ("Tag", "Tages", "Tage", "Tagen", "m"),
    "weeks": ("Woche", "Woche", "Wochen", "Wochen", "f"),
    "months": ("Monat", "Monats", "Monate", "Monaten", "m"),
    "years": ("Jahr", "Jahres", "Jahre", "Jahren", "n"),
}
_ONE = {
    ("m", "nom"): "ein", ("m", "acc"): "einen", ("m", "dat"): "einem", ("m", "gen"): "eines",
    ("n", "nom"): "ein", ("n", "acc"): "ein", ("n", "dat"): "einem", ("n", "gen"): "eines",
    ("f", "nom"): "eine", ("f", "acc"): "eine", ("f", "dat"): "einer", ("f", "gen"): "einer",
}


_EN_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
_EN_UNITS = {"days": ("day", "days"), "weeks": ("week", "weeks"), "months": ("month", "months"), "years": ("year", "years")}


def number_word(n: int) -> str:
    """Number word for 2..12 ("drei", "three"), digits otherwise (contract style)."""
    if _english():
        return _EN_WORDS[n] if 2 <= n <= 12 else format_decimal(n, locale="en_GB")
    return _WORDS[n] if 2 <= n <= 12 else format_decimal(n, locale="de_DE")


def duration(value: Any, unit: str, case: str = "dat") -> Any:
    """"drei Monaten" (dative, as in "mit einer Frist von drei Monaten"), "einen Monat" ...;
    in English "three months", "one month" (the case is a German matter and ignored)."""
    if is_open(value) or value is None:
        return value
    n = int(value)
    if _english():
        singular, plural = _EN_UNITS[unit]
        return f"one {singular}" if n == 1 else f"{number_word(n)} {plural}"
    sing, sing_gen, plural, plural_dat, gender = _UNITS[unit]
    if n == 1:
        noun = sing_gen if case == "gen" else sing
        return f"{_ONE[(gender, case)]} {noun}"
    noun = plural_dat if case == "dat" else plural
    return f"{number_word(n)} {noun}"


def eur(value: Any) -> Any:
    if is_open(value) or value is None:
        return value
    if _english():  # "EUR 10,000" as English contracts write it
        return "EUR " + format_decimal(value, locale="en_GB", format="#,##0.00" if float(value) % 1 else "#,##0")
    return format_currency(value, "EUR", locale="de_DE", format="#,##0.00 ¤" if float(value) % 1 else "#,##0 ¤", currency_digits=False)


def percent(value: Any) -> Any:
    if is_open(value) or value is None:
        return value
    if _english():
        return f"{format_decimal(value, locale='en_GB')} per cent"
    return f"{format_decimal(value, locale='de_DE')} Prozent"


def datum(value: Any) -> Any:
    """"3. Dezember 2026"; in English "3 December 2026"."""
    if is_open(value) or value is None or not isinstance(value, date):
        return value
    return format_date(value, format="long", locale=_locale())


def count(value: Any) -> Any:
    if is_open(value) or value is None:
        return value
    return number_word(int(value))


def join_names(names: list[Any], last: str | None = None) -> Any:
    """"A, B und C" ("A, B and C"); ``last`` is the word before the last name."""
    if last is None:
        last = "and" if _english() else "und"
    names = [n for n in names if n not in (None, "")]
    if not names:
        return ""
    escaped = [n if hasattr(n, "__html__") else _finalize_value(n) for n in names]
    if len(escaped) == 1:
        return Markup(escaped[0])
    return Markup(", ").join(escaped[:-1]) + Markup(f" {escape(last)} ") + escaped[-1]


# --- the environment --------------------------------------------------------------------------


def _per_document(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` as a filter (or finalize) whose result depends on the document language. Jinja
    folds a filter of constants (``{{ 3|monate }}``) into the compiled template, in the language
    of the first build that compiled it; a filter that takes the context is never folded."""

    @pass_context
    def in_document(_context: Any, *args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    return in_document


_finalize = _per_document(_finalize_value)



def make_environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(
        {
            name: _per_document(fn)
            for name, fn in {
                "tage": lambda v, case="dat": duration(v, "days", case),
                "wochen": lambda v, case="dat": duration(v, "weeks", case),
                "monate": lambda v, case="dat": duration(v, "months", case),
                "jahre": lambda v, case="dat": duration(v, "years", case),
                "eur": eur,
                "prozent": percent,
                "datum": datum,
                "zahlwort": count,
                "aufzaehlung": join_names,
            }.items()
        }
    )
    return env


ENV = make_environment()


@lru_cache(maxsize=1024)
def _compile(source: str):
    """``ENV.from_string(source)``, with the compiled code kept on disk for the next process
    (:mod:`kooperation.drafting.template_cache`)."""
    from kooperation.drafting.template_cache import compiled_code

    return ENV.template_class.from_code(ENV, compiled_code(ENV, source, __file__), ENV.make_globals(None), None)


def render_template(source: str, context: dict[str, Any], where: str) -> str:
    try:
        return _compile(source).render(context)
    except (TemplateError, TypeError, ValueError, ArithmeticError) as exc:
        raise RenderError(_("Die Vorlage „{where}“ enthält einen Fehler: {error}").format(where=where, error=exc)) from exc


@lru_cache(maxsize=256)
def _compile_expression(expression: str):
    return ENV.compile_expression(expression)


def evaluate(expression: str, context: dict[str, Any], where: str) -> bool:
    try:
        return bool(_compile_expression(expression)(**context))
    except TemplateError as exc:
        raise RenderError(_("Die Bedingung „{where}“ enthält einen Fehler: {error}").format(where=where, error=exc)) from exc


# --- parsing the markup into blocks -----------------------------------------------------------

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
_BLANK = re.compile(r"\n[ \t]*\n+")


def _inlines(fragment: str, where: str) -> list[Inline]:
    try:
        root = etree.fromstring(f"<p>{fragment}</p>".encode(), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise RenderError(_("Die Vorlage „{where}“ enthält ungültiges Markup: {error}").format(where=where, error=exc)) from exc
    out: list[Inline] = []

    def add_text(text: str | None, bold: bool, italic: bool) -> None:
        if not text:
            return
        text = re.sub(r"[ \t\n]+", " ", text)
        if out and isinstance(out[-1], Text) and out[-1].bold == bold and out[-1].italic == italic:
            out[-1].text += text
        else:
            out.append(Text(text, bold=bold, italic=italic))

    def walk(el: etree._Element, bold: bool, italic: bool) -> None:
        add_text(el.text, bold, italic)
        for child in el:
            tag = child.tag
            if tag == "ref":
                out.append(Ref(target=child.get("to", "")))
            elif tag == "open":
                out.append(OpenMark("".join(child.itertext())))
            elif tag == "br":
                out.append(Text("\n", bold=bold, italic=italic))
            elif tag in ("b", "strong"):
                walk(child, True, italic)
            elif tag in ("i", "em"):
                walk(child, bold, True)
            else:
                raise RenderError(_("Die Vorlage „{where}“ verwendet das unbekannte Element <{tag}>.").format(where=where, tag=tag))
            add_text(child.tail, bold, italic)

    walk(root, False, False)
    # trim outer whitespace
    if out and isinstance(out[0], Text):
        out[0].text = out[0].text.lstrip(" ")
    if out and isinstance(out[-1], Text):
        out[-1].text = out[-1].text.rstrip(" ")
    return [piece for piece in out if not (isinstance(piece, Text) and piece.text == "")]


def parse_blocks(rendered: str, where: str) -> list[Block]:
    """Split rendered clause text into paragraphs and lists (not yet numbered)."""
    blocks: list[Block] = []
    for chunk in _BLANK.split(rendered.strip()):
        lines = [line.strip() for line in chunk.strip().split("\n") if line.strip()]
        if not lines:
            continue
        text_lines: list[str] = []
        items: list[str] = []
        for line in lines:
            if line.startswith("- "):
                items.append(line[2:])
            elif items:
                items[-1] += " " + line  # continuation of a list item
            else:
                text_lines.append(line)
        if text_lines:
            blocks.append(Paragraph(_inlines(" ".join(text_lines), where)))
        if items:
            blocks.append(BulletList([_inlines(item, where) for item in items]))
    return blocks


def number_paragraphs(blocks: list[Block]) -> None:
    """Number the paragraphs of a clause (1), (2) ... when there is more than one."""
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    if len(paragraphs) > 1:
        for n, paragraph in enumerate(paragraphs, start=1):
            paragraph.number = n
