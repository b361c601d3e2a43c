"""The meeting checklists (``resources/catalogue/checks.yaml``): typed, validated, cached.

The catalogue holds every text of the readiness check (questions, answers, verdicts), the 20
success and failure factors (with their group headings), the warnings computed from the project
data, the fears and answers, the decision guide for the cooperation form, the four workshop
phases, the phase-4 sheet (`Board`), the reviews of the living agreement (`Living`: the review
statuses) and the reflection questions, in German with English translations. The meeting pages
show these texts and keep only their controls as gettext strings. This module turns the YAML
into frozen dataclasses and refuses a broken file with a `CatalogueError` (unknown topic or form
ids, duplicate ids, a text without German, a placeholder the application does not fill in).

The evaluation (verdicts, hints, recommendations, work plan) is in `checks_logic`; its public
functions can also be imported from here, e.g. ``from kooperation.domain.checks import
factor_hints``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from kooperation.domain.catalogue import (
    Catalogue,
    CatalogueError,
    Localized,
    _localized,
    load_catalogue,
)
from kooperation.domain.meeting import ReviewStatus
from kooperation.domain.progress import PHASES
from kooperation.i18n import _
from kooperation.resources import resource_path
from kooperation.yamlio import load_cached

_ID = re.compile(r"^[a-z0-9_]+$")


# --- vocabulary ---------------------------------------------------------------------------------


class FactorKind(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"


class Rating(StrEnum):
    """One scale for both kinds of factor, read as "how good is this for the cooperation".

    For a success factor GOOD means "erfüllt", for a failure factor (phrased as a risk) it means
    "trifft nicht zu"; POOR is "nicht erfüllt" / "trifft zu". The labels are in the catalogue.
    """

    GOOD = "good"
    PARTLY = "partly"
    POOR = "poor"
    NOT_RELEVANT = "not_relevant"

    @property
    def score(self) -> float | None:
        """1 (good), 0.5, 0 (poor), or None when not relevant (for charts)."""
        return {"good": 1.0, "partly": 0.5, "poor": 0.0}.get(self.value)


class ReadinessLevel(StrEnum):
    MOSTLY_YES = "mostly_yes"
    MIXED = "mixed"
    MOSTLY_NO = "mostly_no"
    INCOMPLETE = "incomplete"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Higher is more serious; sort hints by ``-severity.rank``."""
        return {"info": 0, "warning": 1, "critical": 2}[self.value]


# The warnings the logic computes, with the placeholders each text may use.
WARNING_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "too_few_partners": frozenset({"count", "min"}),
    "too_many_partners": frozenset({"count", "max"}),
    "no_coordinator": frozenset(),
    "no_contribution": frozenset({"name"}),
    "same_market": frozenset({"names", "market"}),
    "market_missing": frozenset({"count", "names"}),
    "open_topics": frozenset({"count", "topics"}),
    "no_form": frozenset(),
    "loose_form": frozenset(),
}
SUMMARY_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "partners": frozenset({"partners", "with_contributions"}),
    "business_model": frozenset({"filled", "total"}),
    "goals": frozenset({"goals", "milestones"}),
    "rules": frozenset({"form", "agreed", "topics"}),
}
VERDICT_PLACEHOLDERS = frozenset({"yes", "no", "answered", "total", "min_answered"})
COUNT_PLACEHOLDERS = frozenset({"yes", "no"})
TOPIC = frozenset({"topic"})


# --- the catalogue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessQuestion:
    id: str
    text: Localized
    if_no: Localized
    topics: tuple[str, ...]


@dataclass(frozen=True)
class VerdictText:
    title: Localized
    text: Localized
    next_steps: tuple[Localized, ...]


@dataclass(frozen=True)
class Readiness:
    intro: Localized
    questions: tuple[ReadinessQuestion, ...]
    answer_yes: Localized  # "Ja"
    answer_no: Localized  # "Nein"
    counts: Localized  # "{yes} Ja, {no} Nein": one partner's answers in short
    no_answers: Localized  # a partner without any answer
    next_steps_title: Localized  # above a verdict's next steps
    advice_title: Localized  # above the advice for the questions answered "no"
    min_answered: int
    mostly_yes: float
    mostly_no: float
    verdicts: dict[ReadinessLevel, VerdictText]
    hesitant: Localized
    question_no: Localized
    missing: Localized

    def question(self, question_id: str) -> ReadinessQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def answer_label(self, answer: bool) -> str:
        """"Ja" or "Nein" in the current language."""
        return (self.answer_yes if answer else self.answer_no).get_text()


@dataclass(frozen=True)
class Factor:
    id: str
    kind: FactorKind
    title: Localized
    text: Localized
    topics: tuple[str, ...]
    hints: dict[Rating, Localized]
    when_open: Localized | None
    when_agreed: Localized | None


@dataclass(frozen=True)
class Factors:
    intro: Localized
    groups: dict[FactorKind, Localized]  # "Das trägt zum Erfolg bei", "Das kann zum Scheitern führen"
    items: tuple[Factor, ...]
    labels: dict[FactorKind, dict[Rating, Localized]]
    topic_open: Localized
    topic_agreed: Localized

    def factor(self, factor_id: str) -> Factor | None:
        return next((f for f in self.items if f.id == factor_id), None)

    def group_title(self, kind: FactorKind | str) -> str:
        """The heading of a group of factors in the current language."""
        return self.groups[FactorKind(kind)].get_text()


@dataclass(frozen=True)
class WarningText:
    code: str
    severity: Severity
    text: Localized
    topics: tuple[str, ...]
    when_open: Localized | None
    when_agreed: Localized | None


@dataclass(frozen=True)
class Warnings:
    min_partners: int
    max_partners: int
    coordination_topic: str
    coordinator_param: str
    rotating_variants: tuple[str, ...]
    office_variants: tuple[str, ...]  # a network office that is not a partner coordinates
    items: dict[str, WarningText]


@dataclass(frozen=True)
class Fear:
    id: str
    fear: Localized
    answer: Localized
    topics: tuple[str, ...]


@dataclass(frozen=True)
class ScoreEffect:
    form: str
    points: int
    reason: Localized


@dataclass(frozen=True)
class AnswerOption:
    id: str
    label: Localized
    scores: tuple[ScoreEffect, ...]


@dataclass(frozen=True)
class FormQuestion:
    id: str
    text: Localized
    help: Localized
    options: tuple[AnswerOption, ...]

    def option(self, option_id: str | None) -> AnswerOption | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class FormProfile:
    pros: tuple[Localized, ...]
    cons: tuple[Localized, ...]


@dataclass(frozen=True)
class GuideHeadings:
    """The headings of the ranked forms and of the parts of each form's card."""

    ranking: Localized  # "Welche Form passt zu Ihren Antworten?"
    best_fit: Localized  # "Passt am besten zu Ihren Antworten"
    reasons_for: Localized  # "Spricht dafür"
    reasons_against: Localized  # "Spricht dagegen"
    trade_offs: Localized  # "Im Allgemeinen" (the pros and cons of the form)


@dataclass(frozen=True)
class FormGuide:
    intro: Localized
    headings: GuideHeadings
    gbr_warning: Localized
    gbr_question: str
    gbr_option: str
    questions: tuple[FormQuestion, ...]
    profiles: dict[str, FormProfile]


@dataclass(frozen=True)
class WorkshopPhase:
    id: str
    number: int
    page: str
    minutes: int
    name: Localized
    task: Localized
    questions: tuple[Localized, ...]
    summary: Localized


@dataclass(frozen=True)
class Board:
    """The three headings of the workshop's phase-4 sheet."""

    form: Localized  # "Für unsere Zusammenarbeit wählen wir folgende Kooperationsform:"
    agreed: Localized  # "Diese Vereinbarungen treffen wir:"
    open: Localized  # "Darüber müssen wir uns verständigen:"


@dataclass(frozen=True)
class Living:
    """The living agreement: its introduction and the labels of the review statuses."""

    intro: Localized
    statuses: dict[ReviewStatus, Localized]

    def status_label(self, status: ReviewStatus | str) -> str:
        """"im Plan", "gefährdet" … in the current language."""
        return self.statuses[ReviewStatus(status)].get_text()


@dataclass(frozen=True)
class ReflectionQuestion:
    id: str
    text: Localized
    per_partner: bool
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Checks:
    readiness: Readiness
    factors: Factors
    warnings: Warnings
    fears: tuple[Fear, ...]
    form_guide: FormGuide
    phases: tuple[WorkshopPhase, ...]
    board: Board
    living: Living
    reflection_intro: Localized
    reflection: tuple[ReflectionQuestion, ...]
    word_and: Localized
    form_missing: Localized


# --- parsing ------------------------------------------------------------------------------------


def _fail(where: str, problem: str) -> CatalogueError:
    return CatalogueError(_("Katalogfehler in checks.yaml ({where}): {problem}").format(where=where, problem=problem))


class _Reader:
    """Reads one YAML file into dataclasses, checking ids and texts against the rules catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.topic_ids = tuple(catalogue.topic_ids)
        self.form_ids = tuple(f.id for f in catalogue.forms)
        self.catalogue = catalogue

    def section(self, raw: Any, key: str, where: str) -> Any:
        if not isinstance(raw, dict) or raw.get(key) is None:
            raise _fail(where, _("Abschnitt {key} fehlt.").format(key=key))
        return raw[key]

    def text(self, raw: Any, where: str, allowed: frozenset[str] = frozenset()) -> Localized:
        """A localized text with German, using only the ``allowed`` placeholders."""
        text = _localized(raw)
        if not text.get("de", "").strip():
            raise _fail(where, _("Der deutsche Text fehlt."))
        for language, value in text.items():
            try:
                fields = {name for _lit, name, _spec, _conv in string.Formatter().parse(value) if name is not None}
            except ValueError as error:
                raise _fail(where, _("Ungültige Klammern im Text ({language}): {error}").format(language=language, error=error)) from error
            unknown = fields - allowed
            if unknown:
                raise _fail(where, _("Unbekannter Platzhalter {names} ({language}).").format(names=", ".join(sorted(unknown)), language=language))
        return text

    def optional_text(self, raw: Any, where: str, allowed: frozenset[str] = frozenset()) -> Localized | None:
        return None if raw is None else self.text(raw, where, allowed)

    def texts(self, raw: Any, where: str) -> tuple[Localized, ...]:
        return tuple(self.text(item, f"{where}[{i}]") for i, item in enumerate(raw or []))

    def ids(self, items: Iterable[dict], where: str) -> list[str]:
        """The ids of ``items``, each valid and unique."""
        seen: list[str] = []
        for item in items:
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, str) or not _ID.match(item_id):
                raise _fail(where, _("Ungültige ID {id}.").format(id=item_id))
            if item_id in seen:
                raise _fail(where, _("Doppelte ID {id}.").format(id=item_id))
            seen.append(item_id)
        return seen

    def topics(self, raw: Any, where: str, allow_all: bool = False) -> tuple[str, ...]:
        """Rule topic ids from rules.yaml; ``all`` (where allowed) stands for every topic."""
        if allow_all and raw == "all":
            return self.topic_ids
        if not isinstance(raw or [], list):
            raise _fail(where, _("Eine Liste von Regelungsthemen erwartet."))
        unknown = [str(t) for t in raw or [] if t not in self.topic_ids]
        if unknown:
            raise _fail(where, _("Unbekanntes Regelungsthema {id}.").format(id=", ".join(unknown)))
        return tuple(raw or [])

    def number(self, raw: Any, where: str, low: float, high: float, integer: bool = True) -> Any:
        ok = isinstance(raw, int) if integer else isinstance(raw, int | float)
        if isinstance(raw, bool) or not ok or not low <= raw <= high:
            raise _fail(where, _("Zahl zwischen {low} und {high} erwartet.").format(low=low, high=high))
        return raw

    # -- sections --

    def readiness(self, raw: dict) -> Readiness:
        items = self.section(raw, "questions", "readiness")
        self.ids(items, "readiness.questions")
        questions = tuple(
            ReadinessQuestion(
                id=q["id"],
                text=self.text(q.get("text"), f"readiness.{q['id']}.text"),
                if_no=self.text(q.get("if_no"), f"readiness.{q['id']}.if_no"),
                topics=self.topics(q.get("topics"), f"readiness.{q['id']}.topics"),
            )
            for q in items
        )
        limits = self.section(raw, "thresholds", "readiness")
        verdicts_raw = self.section(raw, "verdicts", "readiness")
        overview = self.section(raw, "overview", "readiness")
        answers = self.section(raw, "answers", "readiness")
        names = frozenset({"names"})
        return Readiness(
            intro=self.text(raw.get("intro"), "readiness.intro"),
            questions=questions,
            answer_yes=self.text(self.section(answers, "yes", "readiness.answers"), "readiness.answers.yes"),
            answer_no=self.text(self.section(answers, "no", "readiness.answers"), "readiness.answers.no"),
            counts=self.text(raw.get("counts"), "readiness.counts", COUNT_PLACEHOLDERS),
            no_answers=self.text(raw.get("no_answers"), "readiness.no_answers"),
            next_steps_title=self.text(raw.get("next_steps_title"), "readiness.next_steps_title"),
            advice_title=self.text(raw.get("advice_title"), "readiness.advice_title"),
            min_answered=self.number(limits.get("min_answered"), "readiness.thresholds.min_answered", 1, len(questions)),
            mostly_yes=self.number(limits.get("mostly_yes"), "readiness.thresholds.mostly_yes", 0.5, 1, integer=False),
            mostly_no=self.number(limits.get("mostly_no"), "readiness.thresholds.mostly_no", 0.5, 1, integer=False),
            verdicts={level: self.verdict(self.section(verdicts_raw, level.value, "readiness.verdicts"), level) for level in ReadinessLevel},
            hesitant=self.text(overview.get("hesitant"), "readiness.overview.hesitant", names),
            question_no=self.text(overview.get("question_no"), "readiness.overview.question_no", names | {"question"}),
            missing=self.text(overview.get("missing"), "readiness.overview.missing", names),
        )

    def verdict(self, raw: dict, level: ReadinessLevel) -> VerdictText:
        where = f"readiness.verdicts.{level.value}"
        return VerdictText(
            title=self.text(raw.get("title"), f"{where}.title"),
            text=self.text(raw.get("text"), f"{where}.text", VERDICT_PLACEHOLDERS),
            next_steps=self.texts(raw.get("next_steps"), f"{where}.next_steps"),
        )

    def factors(self, raw: dict, scale: dict) -> Factors:
        items = self.section(raw, "items", "factors")
        self.ids(items, "factors.items")
        labels = {
            kind: {r: self.text(self.section(self.section(scale, kind.value, "rating_scale"), r.value, f"rating_scale.{kind.value}"), f"rating_scale.{kind.value}.{r.value}") for r in Rating}
            for kind in FactorKind
        }
        groups = self.section(raw, "groups", "factors")
        return Factors(
            intro=self.text(raw.get("intro"), "factors.intro"),
            groups={kind: self.text(groups.get(kind.value), f"factors.groups.{kind.value}") for kind in FactorKind},
            items=tuple(self.factor(item) for item in items),
            labels=labels,
            topic_open=self.text(raw.get("topic_open"), "factors.topic_open", TOPIC),
            topic_agreed=self.text(raw.get("topic_agreed"), "factors.topic_agreed", TOPIC),
        )

    def factor(self, raw: dict) -> Factor:
        where = f"factors.{raw['id']}"
        if raw.get("kind") not in {k.value for k in FactorKind}:
            raise _fail(where, _("kind muss success oder failure sein."))
        hints = self.section(raw, "hints", where)
        return Factor(
            id=raw["id"],
            kind=FactorKind(raw["kind"]),
            title=self.text(raw.get("title"), f"{where}.title"),
            text=self.text(raw.get("text"), f"{where}.text"),
            topics=self.topics(raw.get("topics"), f"{where}.topics", allow_all=True),
            hints={r: self.text(hints.get(r.value), f"{where}.hints.{r.value}") for r in (Rating.POOR, Rating.PARTLY)},
            when_open=self.optional_text(raw.get("when_open"), f"{where}.when_open", TOPIC),
            when_agreed=self.optional_text(raw.get("when_agreed"), f"{where}.when_agreed", TOPIC),
        )

    def warnings(self, raw: dict) -> Warnings:
        items = self.section(raw, "items", "warnings")
        limits = self.section(raw, "limits", "warnings")
        coordination = self.section(raw, "coordination", "warnings")
        topic_id = coordination.get("topic")
        self.topics([topic_id], "warnings.coordination.topic")
        variants = tuple(coordination.get("rotating_variants") or [])
        if any(self.catalogue.topic(topic_id).variant(v) is None for v in variants):
            raise _fail("warnings.coordination", _("Unbekannte Variante in rotating_variants."))
        offices = tuple(coordination.get("office_variants") or [])
        if any(self.catalogue.topic(topic_id).variant(v) is None for v in offices):
            raise _fail("warnings.coordination", _("Unbekannte Variante in office_variants."))
        missing = set(WARNING_PLACEHOLDERS) - set(items)
        if missing:
            raise _fail("warnings.items", _("Es fehlen: {names}.").format(names=", ".join(sorted(missing))))
        minimum = self.number(limits.get("min_partners"), "warnings.limits.min_partners", 1, 100)
        return Warnings(
            min_partners=minimum,
            max_partners=self.number(limits.get("max_partners"), "warnings.limits.max_partners", minimum, 1000),
            coordination_topic=topic_id,
            coordinator_param=str(coordination.get("param", "")),
            rotating_variants=variants,
            office_variants=offices,
            items={code: self.warning(code, items[code]) for code in WARNING_PLACEHOLDERS},
        )

    def warning(self, code: str, raw: dict) -> WarningText:
        where = f"warnings.{code}"
        if raw.get("severity") not in {s.value for s in Severity}:
            raise _fail(where, _("severity muss info, warning oder critical sein."))
        return WarningText(
            code=code,
            severity=Severity(raw["severity"]),
            text=self.text(raw.get("text"), f"{where}.text", WARNING_PLACEHOLDERS[code]),
            topics=self.topics(raw.get("topics"), f"{where}.topics"),
            when_open=self.optional_text(raw.get("when_open"), f"{where}.when_open", TOPIC),
            when_agreed=self.optional_text(raw.get("when_agreed"), f"{where}.when_agreed", TOPIC),
        )

    def fears(self, raw: list) -> tuple[Fear, ...]:
        self.ids(raw, "fears")
        return tuple(
            Fear(f["id"], self.text(f.get("fear"), f"fears.{f['id']}.fear"), self.text(f.get("answer"), f"fears.{f['id']}.answer"), self.topics(f.get("topics"), f"fears.{f['id']}.topics"))
            for f in raw
        )

    def form_guide(self, raw: dict) -> FormGuide:
        items = self.section(raw, "questions", "form_guide")
        self.ids(items, "form_guide.questions")
        questions = tuple(self.form_question(q) for q in items)
        profiles_raw = self.section(raw, "forms", "form_guide")
        if set(profiles_raw) != set(self.form_ids):
            raise _fail("form_guide.forms", _("Erwartet werden genau die Formen {ids}.").format(ids=", ".join(self.form_ids)))
        gbr = self.section(raw, "gbr_unless", "form_guide")
        question = next((q for q in questions if q.id == gbr.get("question")), None)
        if question is None or question.option(str(gbr.get("option"))) is None:
            raise _fail("form_guide.gbr_unless", _("Frage oder Antwort unbekannt."))
        headings = self.section(raw, "headings", "form_guide")
        return FormGuide(
            intro=self.text(raw.get("intro"), "form_guide.intro"),
            headings=GuideHeadings(**{
                field: self.text(headings.get(field), f"form_guide.headings.{field}")
                for field in ("ranking", "best_fit", "reasons_for", "reasons_against", "trade_offs")
            }),
            gbr_warning=self.text(raw.get("gbr_warning"), "form_guide.gbr_warning"),
            gbr_question=question.id,
            gbr_option=str(gbr["option"]),
            questions=questions,
            profiles={
                form: FormProfile(self.texts(p.get("pros"), f"form_guide.forms.{form}.pros"), self.texts(p.get("cons"), f"form_guide.forms.{form}.cons"))
                for form, p in profiles_raw.items()
            },
        )

    def form_question(self, raw: dict) -> FormQuestion:
        where = f"form_guide.{raw['id']}"
        options = self.section(raw, "options", where)
        self.ids(options, f"{where}.options")
        return FormQuestion(
            id=raw["id"],
            text=self.text(raw.get("text"), f"{where}.text"),
            help=_localized(raw.get("help")),
            options=tuple(
                AnswerOption(o["id"], self.text(o.get("label"), f"{where}.{o['id']}.label"), tuple(self.effect(s, f"{where}.{o['id']}") for s in o.get("scores") or []))
                for o in options
            ),
        )

    def effect(self, raw: dict, where: str) -> ScoreEffect:
        if raw.get("form") not in self.form_ids:
            raise _fail(where, _("Unbekannte Kooperationsform {id}.").format(id=raw.get("form")))
        return ScoreEffect(raw["form"], self.number(raw.get("points"), f"{where}.points", -10, 10), self.text(raw.get("reason"), f"{where}.reason"))

    def phases(self, raw: list) -> tuple[WorkshopPhase, ...]:
        self.ids(raw, "phases")
        phases = []
        for number, p in enumerate(raw, start=1):
            where = f"phases.{p['id']}"
            if p.get("page") not in PHASES or p["page"] not in SUMMARY_PLACEHOLDERS:
                raise _fail(where, _("Unbekannte Seite {page}.").format(page=p.get("page")))
            phases.append(WorkshopPhase(
                id=p["id"], number=number, page=p["page"],
                minutes=self.number(p.get("minutes"), f"{where}.minutes", 1, 600),
                name=self.text(p.get("name"), f"{where}.name"),
                task=self.text(p.get("task"), f"{where}.task"),
                questions=self.texts(p.get("questions"), f"{where}.questions"),
                summary=self.text(p.get("summary"), f"{where}.summary", SUMMARY_PLACEHOLDERS[p["page"]]),
            ))
        return tuple(phases)

    def board(self, raw: dict) -> Board:
        return Board(**{field: self.text(raw.get(field), f"board.{field}") for field in ("form", "agreed", "open")})

    def living(self, raw: dict) -> Living:
        statuses = self.section(raw, "statuses", "living")
        unknown = set(statuses) - {s.value for s in ReviewStatus}
        if unknown:
            raise _fail("living.statuses", _("Unbekannter Status {id}.").format(id=", ".join(sorted(map(str, unknown)))))
        return Living(
            intro=self.text(raw.get("intro"), "living.intro"),
            statuses={s: self.text(statuses.get(s.value), f"living.statuses.{s.value}") for s in ReviewStatus},
        )

    def reflection(self, raw: list) -> tuple[ReflectionQuestion, ...]:
        self.ids(raw, "reflection.questions")
        return tuple(
            ReflectionQuestion(
                id=q["id"],
                text=self.text(q.get("text"), f"reflection.{q['id']}", frozenset({"partner"}) if q.get("per_partner") else frozenset()),
                per_partner=bool(q.get("per_partner")),
                topics=self.topics(q.get("topics"), f"reflection.{q['id']}.topics"),
            )
            for q in raw
        )


def parse_checks(raw: Any, catalogue: Catalogue | None = None) -> Checks:
    """Build the checklists from the parsed YAML; raises `CatalogueError` on any problem."""
    reader = _Reader(catalogue or load_catalogue())
    section = reader.section
    try:
        words = section(raw, "words", "words")
        reflection = section(raw, "reflection", "reflection")
        return Checks(
            readiness=reader.readiness(section(raw, "readiness", "readiness")),
            factors=reader.factors(section(raw, "factors", "factors"), section(raw, "rating_scale", "rating_scale")),
            warnings=reader.warnings(section(raw, "warnings", "warnings")),
            fears=reader.fears(section(raw, "fears", "fears")),
            form_guide=reader.form_guide(section(raw, "form_guide", "form_guide")),
            phases=reader.phases(section(raw, "phases", "phases")),
            board=reader.board(section(raw, "board", "board")),
            living=reader.living(section(raw, "living", "living")),
            reflection_intro=reader.text(reflection.get("intro"), "reflection.intro"),
            reflection=reader.reflection(section(reflection, "questions", "reflection")),
            word_and=reader.text(words.get("and"), "words.and"),
            form_missing=reader.text(words.get("form_missing"), "words.form_missing"),
        )
    except (KeyError, TypeError, AttributeError) as error:  # a wrongly shaped entry
        raise _fail("?", _("Unerwarteter Aufbau ({error}).").format(error=error)) from error


@lru_cache(maxsize=4)
def load_checks(path: str | None = None) -> Checks:
    """The packaged checklists (cached); ``path`` loads another file, e.g. in tests."""
    file = Path(path) if path else resource_path("catalogue", "checks.yaml")
    with open(file, encoding="utf-8") as fh:
        return parse_checks(load_cached(fh.read()))


# --- the evaluation, offered here as well (it lives in checks_logic, which imports this module) ---

_LOGIC = frozenset({
    "Verdict", "ReadinessOverview", "Hint", "FactorScore", "FormRecommendation", "PhaseState", "PhaseStatus",
    "ReflectionItem", "readiness_verdict", "readiness_overview", "factor_scores", "factor_hints", "data_warnings",
    "recommend_forms", "form_guide_warnings", "workplan", "reflection_questions",
})


def __getattr__(name: str) -> Any:
    """Lazy re-export of `checks_logic` (an import at the top would be circular)."""
    if name in _LOGIC:
        from kooperation.domain import checks_logic

        return getattr(checks_logic, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
