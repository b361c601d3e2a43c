"""The catalogue of cooperation forms and rule topics (``resources/catalogue/rules.yaml``).

The catalogue says which topics an agreement settles, which variants each topic offers and which
parameters (with type, bounds and default) each variant needs. The GUI builds its widgets from it,
the drafting layer checks decisions against it, and the clause library refers to its ids.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment

from kooperation.domain.model import Project, RuleDecision
from kooperation.errors import KooperationError
from kooperation.i18n import _, current_language
from kooperation.resources import resource_path
from kooperation.yamlio import load_cached

PARAM_TYPES = {"integer", "money", "text", "choice", "partner", "partners", "date", "bool"}
UNITS = {"days", "weeks", "months", "years", "percent", "count", None}
_ID = re.compile(r"^[a-z0-9_]+$")


class Localized(dict):
    """A text in several languages; ``str()`` gives the current language, falling back to German."""

    def get_text(self, language: str | None = None) -> str:
        language = language or current_language()
        return self.get(language) or self.get("de") or next(iter(self.values()), "")

    def __str__(self) -> str:
        return self.get_text()


def _localized(value: Any) -> Localized:
    if value is None:
        return Localized()
    if isinstance(value, dict):
        return Localized({str(k): " ".join(str(v).split()) for k, v in value.items()})
    return Localized({"de": " ".join(str(value).split())})


@dataclass(frozen=True)
class Option:
    id: str
    label: Localized


@dataclass(frozen=True)
class Param:
    """A parameter of a rule topic or variant, e.g. a notice period in months."""

    id: str
    type: str
    label: Localized
    help: Localized = field(default_factory=Localized)
    default: Any = None
    default_from: str | None = None
    required: bool = True
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    multiline: bool = False
    options: tuple[Option, ...] = ()
    when: str | None = None
    voting_only: bool = False  # a partner parameter that only a full (voting) partner can fill

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == str(option_id)), None)


@dataclass(frozen=True)
class Variant:
    id: str
    label: Localized
    explanation: Localized
    params: tuple[Param, ...] = ()


@dataclass(frozen=True)
class Topic:
    id: str
    label: Localized
    question: Localized
    explanation: Localized
    params: tuple[Param, ...]
    variants: tuple[Variant, ...]

    def variant(self, variant_id: str | None) -> Variant | None:
        return next((v for v in self.variants if v.id == variant_id), None)

    def params_for(self, variant_id: str | None) -> tuple[Param, ...]:
        """The topic's own parameters followed by those of the chosen variant."""
        variant = self.variant(variant_id)
        return self.params + (variant.params if variant else ())


@dataclass(frozen=True)
class Form:
    id: str
    label: Localized
    explanation: Localized
    document_title: Localized
    binding: bool


@dataclass(frozen=True)
class Catalogue:
    forms: tuple[Form, ...]
    topics: tuple[Topic, ...]

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    def form(self, form_id: str | None) -> Form | None:
        return next((f for f in self.forms if f.id == form_id), None)

    @property
    def topic_ids(self) -> list[str]:
        return [t.id for t in self.topics]


class CatalogueError(KooperationError):
    """The catalogue file is broken (a packaging or editing error, not user input)."""


def _param(raw: dict, where: str) -> Param:
    pid = str(raw.get("id", ""))
    ptype = raw.get("type")
    if not _ID.match(pid) or ptype not in PARAM_TYPES:
        raise CatalogueError(_("Katalogfehler in {where}: Parameter {id} hat keinen gültigen Typ.").format(where=where, id=pid))
    if raw.get("unit") not in UNITS:
        raise CatalogueError(_("Katalogfehler in {where}: unbekannte Einheit {unit}.").format(where=where, unit=raw.get("unit")))
    options = tuple(Option(str(o["id"]), _localized(o.get("label"))) for o in raw.get("options", []))
    if ptype == "choice" and not options:
        raise CatalogueError(_("Katalogfehler in {where}: Auswahl {id} ohne Optionen.").format(where=where, id=pid))
    return Param(
        id=pid,
        type=ptype,
        label=_localized(raw.get("label")),
        help=_localized(raw.get("help")),
        default=raw.get("default"),
        default_from=raw.get("default_from"),
        required=bool(raw.get("required", True)),
        min=raw.get("min"),
        max=raw.get("max"),
        unit=raw.get("unit"),
        multiline=bool(raw.get("multiline", False)),
        options=options,
        when=raw.get("when"),
        voting_only=bool(raw.get("voting_only", False)),
    )


def parse_catalogue(raw: dict) -> Catalogue:
    forms = tuple(
        Form(
            id=str(f["id"]),
            label=_localized(f.get("label")),
            explanation=_localized(f.get("explanation")),
            document_title=_localized(f.get("document_title")),
            binding=bool(f.get("binding", True)),
        )
        for f in raw.get("forms", [])
    )
    topics = []
    for t in raw.get("topics", []):
        tid = str(t["id"])
        variants = tuple(
            Variant(
                id=str(v["id"]),
                label=_localized(v.get("label")),
                explanation=_localized(v.get("explanation")),
                params=tuple(_param(p, f"{tid}.{v['id']}") for p in v.get("params", [])),
            )
            for v in t.get("variants", [])
        )
        if not variants:
            raise CatalogueError(_("Katalogfehler: Thema {id} hat keine Varianten.").format(id=tid))
        topics.append(
            Topic(
                id=tid,
                label=_localized(t.get("label")),
                question=_localized(t.get("question")),
                explanation=_localized(t.get("explanation")),
                params=tuple(_param(p, tid) for p in t.get("params", [])),
                variants=variants,
            )
        )
    return Catalogue(forms=forms, topics=tuple(topics))


@lru_cache(maxsize=4)
def load_catalogue(path: str | None = None) -> Catalogue:
    """The packaged catalogue (cached); ``path`` loads another file, e.g. in tests."""
    file = Path(path) if path else resource_path("catalogue", "rules.yaml")
    with open(file, encoding="utf-8") as fh:
        return parse_catalogue(load_cached(fh.read()))


# --- checking decisions -----------------------------------------------------------------------

MISSING = object()
_expr_env = ImmutableSandboxedEnvironment()


@lru_cache(maxsize=256)
def _compiled(expression: str):
    return _expr_env.compile_expression(expression)


def compile_conditions(catalogue: Catalogue) -> int:
    """Compile every parameter's ``when`` of ``catalogue`` ahead of use (they are kept by
    `_compiled`, keyed by the expression's text); returns how many there are."""
    expressions = {
        p.when
        for topic in catalogue.topics
        for variant in (None, *(v.id for v in topic.variants))
        for p in topic.params_for(variant)
        if p.when
    }
    for expression in expressions:
        _compiled(expression)
    return len(expressions)


def when_names(project: Project | None) -> dict[str, int]:
    """What a ``when`` may read about the project besides the variant and the values: how many
    associated partners (``associated``) and supporters (``supporters``) it has. Without a
    project both are unknown (a condition on them is false)."""
    if project is None:
        return {}
    return {
        "associated": sum(1 for p in project.parties if not p.votes),
        "supporters": sum(1 for p in project.partners if not p.is_party),
    }


def param_applies(param: Param, variant: str | None, values: dict[str, Any], project: Project | None = None) -> bool:
    """Whether ``param`` matters for the chosen variant, the other values and the project's
    partners (its ``when``, see `when_names`)."""
    if not param.when:
        return True
    try:
        return bool(_compiled(param.when)(**{**when_names(project), **values, "variant": variant}))
    except Exception:  # a broken condition must not hide a parameter
        return True


def partner_choices(param: Param, project: Project) -> list:
    """The partners ``param`` may name: only the full partners if the parameter gives a partner
    a job for the cooperation (``voting_only``: coordination, budget, sales), else every partner."""
    return list(project.voting) if param.voting_only else list(project.partners)


HALF_OF = "half_of:"
"""``default_from: half_of:<param>``: the default is half the value of another parameter of the
same topic (the associated partners' fee is half the full partners' fee), else ``default``."""


def default_value(param: Param, project: Project | None, values: dict[str, Any] | None = None,
                  params: Iterable[Param] = ()) -> Any:
    """The value a parameter has when nobody set it. ``values`` (the topic's set values) and
    ``params`` (its parameters) serve a default taken from another parameter."""
    if param.default_from == "lead_partner" and project is not None:
        choices = partner_choices(param, project)
        lead = project.lead_partner
        if lead is None or all(p.id != lead.id for p in choices):
            lead = choices[0] if choices else None
        return lead.id if lead else None
    if param.default_from and param.default_from.startswith(HALF_OF):
        source = param.default_from[len(HALF_OF):]
        base = (values or {}).get(source)
        if base is None:
            base = next((p.default for p in params if p.id == source), None)
        try:
            half = float(str(base).replace(",", ".")) / 2 if base is not None else None
        except ValueError:
            half = None
        if half is not None and math.isfinite(half) and half >= 0:
            return int(half) if half == int(half) else round(half, 2)
    return param.default


@dataclass
class ParamProblem:
    param: Param
    message: str


def coerce_value(param: Param, value: Any, project: Project | None) -> tuple[Any, str | None]:
    """Check and normalise one parameter value; returns (value or MISSING, problem or None)."""
    if value is None or (isinstance(value, str) and not value.strip()) or value == []:
        return MISSING, None if not param.required else _("fehlt")
    t = param.type
    try:
        if t in ("integer", "money"):
            if isinstance(value, bool):
                raise ValueError
            number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
            if not math.isfinite(number):
                raise ValueError
            if t == "integer":
                if number != int(number):
                    raise ValueError
                number = int(number)
            if param.min is not None and number < param.min:
                return MISSING, _("muss mindestens {min} sein").format(min=_num(param.min))
            if param.max is not None and number > param.max:
                return MISSING, _("darf höchstens {max} sein").format(max=_num(param.max))
            if t == "money" and number < 0:
                return MISSING, _("darf nicht negativ sein")
            return number, None
        if t == "text":
            return str(value).strip(), None
        if t == "choice":
            if param.option(str(value)) is None:
                return MISSING, _("ist keine der möglichen Auswahlen")
            return str(value), None
        if t == "bool":
            if isinstance(value, bool):
                return value, None
            raise ValueError
        if t == "date":
            return (value if isinstance(value, date) else date.fromisoformat(str(value))), None
        if t == "partner":
            if project is not None and project.partner(str(value)) is None:
                return MISSING, _("ist kein Partner dieses Projekts")
            return str(value), None
        if t == "partners":
            ids = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
            if project is not None and any(project.partner(i) is None for i in ids):
                return MISSING, _("enthält Partner, die es in diesem Projekt nicht gibt")
            return ids, None
    except (TypeError, ValueError):
        return MISSING, _("ist kein gültiger Wert")
    return MISSING, _("ist kein gültiger Wert")


def _num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


@dataclass
class CheckedDecision:
    """A decision as the drafting layer uses it: values checked, defaults filled in where the
    partners have not entered anything, and every missing or invalid value listed."""

    topic: Topic
    decision: RuleDecision
    variant: Variant | None
    values: dict[str, Any]
    problems: list[ParamProblem]

    @property
    def is_open(self) -> bool:
        return self.decision.is_open or self.variant is None


def check_decision(topic: Topic, decision: RuleDecision, project: Project | None, use_defaults: bool = True) -> CheckedDecision:
    variant = topic.variant(decision.variant)
    values: dict[str, Any] = {}
    problems: list[ParamProblem] = []
    params = topic.params_for(variant.id if variant else None)
    # first pass: raw values, so that "when" conditions can look at them
    raw = {p.id: decision.params.get(p.id) for p in params}
    for param in params:
        value = raw.get(param.id)
        if value is None and use_defaults:
            value = default_value(param, project, raw, params)
        checked, problem = coerce_value(param, value, project)
        if not param_applies(param, variant.id if variant else None, {**raw, **values}, project):
            continue
        if checked is not MISSING:
            values[param.id] = checked
        elif problem:
            problems.append(ParamProblem(param, problem))
    return CheckedDecision(topic=topic, decision=decision, variant=variant, values=values, problems=problems)
