"""The evaluation of the meeting checklists: pure functions from answers and project data to
verdicts, hints, form recommendations and the state of the workshop phases.

Every text comes from the catalogue (`kooperation.domain.checks`, ``checks.yaml``) in the
current language (`kooperation.i18n.current_language`), falling back to German; it is resolved
when the function is called, so a language switch shows in the next result. Nothing here is
stored: change the project and the hints change with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from kooperation.domain.catalogue import Catalogue, Localized, load_catalogue
from kooperation.domain.checks import (
    Checks,
    FactorKind,
    Rating,
    Readiness,
    ReadinessLevel,
    Severity,
    Warnings,
    load_checks,
)
from kooperation.domain.markets import shared_markets, without_market
from kooperation.domain.model import Project
from kooperation.domain.progress import phase_progress

# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """The guide's verdict on one partner's answers (or on all partners' answers together)."""

    level: ReadinessLevel
    yes: int
    no: int
    unanswered: int
    no_question_ids: tuple[str, ...]
    title: str
    text: str
    next_steps: tuple[str, ...]
    advice: tuple[str, ...]  # what to do about each question answered "no", in question order


@dataclass(frozen=True)
class ReadinessOverview:
    """The readiness check across partners, with each finding also as a sentence for the screen
    (empty when there is nothing to say)."""

    overall: Verdict  # from all answers of all partners together
    partners: dict[str, Verdict]  # partner id -> verdict, for partners with at least one answer
    hesitant_ids: tuple[str, ...]  # partners whose verdict is "mixed" or "mostly no"
    no_by_question: dict[str, tuple[str, ...]]  # question id -> ids of partners who said "no"
    missing_ids: tuple[str, ...]  # partners without any answer
    hesitant_note: str = ""  # "Noch zurückhaltend: …", "" if nobody hesitates
    question_notes: dict[str, str] = field(default_factory=dict)  # question id -> "„…“ – mit „Nein“ beantwortet von …", in question order
    missing_note: str = ""  # "Noch keine Antworten von …", "" if everybody answered

    @property
    def notes(self) -> tuple[str, ...]:
        """All sentences in reading order: the hesitant, each question answered "no", the missing."""
        return tuple(n for n in (self.hesitant_note, *self.question_notes.values(), self.missing_note) if n)


@dataclass(frozen=True)
class Hint:
    """A hint for the meeting, pointing where possible at the rule topic that addresses it."""

    code: str  # "factor" or a warning code such as "no_coordinator"
    severity: Severity
    text: str
    factor_id: str | None = None
    topic_id: str | None = None
    topic_open: bool | None = None  # whether topic_id is still to be discussed in the project
    partner_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class FactorScore:
    """One factor as a point of a radar or bar chart."""

    factor_id: str
    kind: FactorKind
    title: str
    rating: Rating | None
    label: str  # the rating in words for this kind of factor, "" if not rated
    score: float | None  # 1 good … 0 poor; None if not rated or not relevant


@dataclass(frozen=True)
class FormRecommendation:
    form_id: str
    label: str
    score: int
    recommended: bool  # among the best-scoring forms (only once something is answered)
    reasons_for: tuple[str, ...]
    reasons_against: tuple[str, ...]
    pros: tuple[str, ...]  # general trade-offs of the form
    cons: tuple[str, ...]
    warnings: tuple[str, ...]  # e.g. the GbR warning for a form without legal commitment


class PhaseState(StrEnum):
    EMPTY = "empty"
    STARTED = "started"
    DONE = "done"


@dataclass(frozen=True)
class PhaseStatus:
    """One workshop phase on the work plan (Arbeitsplan) and how far the project is in it."""

    phase_id: str
    number: int
    page: str
    name: str
    task: str
    questions: tuple[str, ...]
    minutes: int
    state: PhaseState
    summary: str
    open_items: tuple[str, ...]

    @property
    def done(self) -> bool:
        return self.state is PhaseState.DONE


@dataclass(frozen=True)
class ReflectionItem:
    question_id: str
    text: str
    partner_id: str | None
    topic_ids: tuple[str, ...]


# --- shared helpers -----------------------------------------------------------------------------


def _by_severity(hints: list[Hint]) -> list[Hint]:
    return sorted(hints, key=lambda h: -h.severity.rank)


def _join(names: Sequence[str], checks: Checks) -> str:
    """"A", "A und B", "A, B und C" in the current language."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {checks.word_and.get_text()} {names[-1]}"


def _topic_label(topic_id: str, catalogue: Catalogue) -> str:
    return catalogue.topic(topic_id).label.get_text()


def _primary_topic(topic_ids: Sequence[str], project: Project) -> tuple[str | None, bool | None]:
    """The first topic still open in the project, else the first topic (agreed); None if none."""
    if not topic_ids:
        return None, None
    open_ids = [t for t in topic_ids if project.decision(t).is_open]
    return (open_ids[0], True) if open_ids else (topic_ids[0], False)


def _topic_sentence(topic_id: str | None, is_open: bool | None, when_open: Localized | None,
                    when_agreed: Localized | None, checks: Checks, catalogue: Catalogue) -> str:
    """What to do about the topic: settle it while open, check it is lived once agreed."""
    if topic_id is None:
        return ""
    generic = checks.factors.topic_open if is_open else checks.factors.topic_agreed
    template = (when_open if is_open else when_agreed) or generic
    return template.get_text().format(topic=_topic_label(topic_id, catalogue))


def _sentences(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


# --- readiness ----------------------------------------------------------------------------------


def _level(readiness: Readiness, yes: int, no: int, min_answered: int) -> ReadinessLevel:
    answered = yes + no
    if answered == 0 or answered < min_answered:
        return ReadinessLevel.INCOMPLETE
    if yes / answered >= readiness.mostly_yes:
        return ReadinessLevel.MOSTLY_YES
    if no / answered >= readiness.mostly_no:
        return ReadinessLevel.MOSTLY_NO
    return ReadinessLevel.MIXED


def _verdict(readiness: Readiness, yes: int, no: int, total: int, min_answered: int, no_ids: Sequence[str]) -> Verdict:
    level = _level(readiness, yes, no, min_answered)
    texts = readiness.verdicts[level]
    values = {"yes": yes, "no": no, "answered": yes + no, "total": total, "min_answered": min_answered}
    return Verdict(
        level=level,
        yes=yes,
        no=no,
        unanswered=total - yes - no,
        no_question_ids=tuple(no_ids),
        title=texts.title.get_text(),
        text=texts.text.get_text().format(**values),
        next_steps=tuple(s.get_text() for s in texts.next_steps),
        advice=tuple(q.if_no.get_text() for q in readiness.questions if q.id in no_ids),
    )


def readiness_verdict(answers: Mapping[str, bool | None], checks: Checks | None = None) -> Verdict:
    """The verdict on one partner's answers: question id -> True (yes), False (no), None (not
    answered). Unknown question ids are ignored."""
    readiness = (checks or load_checks()).readiness
    yes = [q.id for q in readiness.questions if answers.get(q.id) is True]
    no = [q.id for q in readiness.questions if answers.get(q.id) is False]
    return _verdict(readiness, len(yes), len(no), len(readiness.questions), readiness.min_answered, no)


def readiness_overview(answers_by_partner: Mapping[str, Mapping[str, bool | None]], project: Project | None = None,
                       checks: Checks | None = None) -> ReadinessOverview:
    """The check across partners: each partner's verdict, who is hesitant, who said "no" to what,
    who has not answered, and a verdict on all answers together. With a project, its partners (in
    order, by display name) are the ones counted; without, the keys of ``answers_by_partner``."""
    checks = checks or load_checks()
    readiness = checks.readiness
    ids = [p.id for p in project.partners] if project else list(answers_by_partner)
    names = {p.id: p.display_name for p in project.partners} if project else {}
    answers = {pid: answers_by_partner.get(pid) or {} for pid in ids}
    verdicts = {pid: readiness_verdict(a, checks) for pid, a in answers.items() if any(v is not None for v in a.values())}
    missing = tuple(pid for pid in ids if pid not in verdicts)
    hesitant = tuple(pid for pid, v in verdicts.items() if v.level in (ReadinessLevel.MIXED, ReadinessLevel.MOSTLY_NO))
    no_by_question = {
        q.id: who for q in readiness.questions if (who := tuple(pid for pid in verdicts if answers[pid].get(q.id) is False))
    }
    count = max(1, len(ids))
    overall = _verdict(readiness, sum(v.yes for v in verdicts.values()), sum(v.no for v in verdicts.values()),
                       len(readiness.questions) * count, readiness.min_answered * count, list(no_by_question))

    def listed(pids: Sequence[str]) -> str:
        return _join([names.get(pid, pid) for pid in pids], checks)

    question_notes = {
        question_id: readiness.question_no.get_text().format(question=readiness.question(question_id).text.get_text(), names=listed(who))
        for question_id, who in no_by_question.items()
    }
    return ReadinessOverview(
        overall=overall,
        partners=verdicts,
        hesitant_ids=hesitant,
        no_by_question=no_by_question,
        missing_ids=missing,
        hesitant_note=readiness.hesitant.get_text().format(names=listed(hesitant)) if hesitant else "",
        question_notes=question_notes,
        missing_note=readiness.missing.get_text().format(names=listed(missing)) if missing else "",
    )


# --- success and failure factors ----------------------------------------------------------------


def _rating(value: Rating | str | None) -> Rating | None:
    try:
        return Rating(value) if value is not None else None
    except ValueError:
        return None


def factor_scores(ratings: Mapping[str, Rating | str], checks: Checks | None = None) -> list[FactorScore]:
    """Every factor in catalogue order with its rating, the rating's label and a 0–1 score."""
    factors = (checks or load_checks()).factors
    result = []
    for factor in factors.items:
        rating = _rating(ratings.get(factor.id))
        label = factors.labels[factor.kind][rating].get_text() if rating else ""
        result.append(FactorScore(factor.id, factor.kind, factor.title.get_text(), rating, label, rating.score if rating else None))
    return result


def factor_hints(ratings: Mapping[str, Rating | str], project: Project, checks: Checks | None = None) -> list[Hint]:
    """Hints for the factors rated POOR (warning) or PARTLY (info), most serious first.

    Each hint points at the factor's first rule topic that is still open in ``project`` (else its
    first topic) and says either to settle it or, once agreed, to check that it is lived.
    Unknown factor ids and unknown rating values are ignored."""
    checks = checks or load_checks()
    catalogue = load_catalogue()
    hints = []
    for factor in checks.factors.items:
        rating = _rating(ratings.get(factor.id))
        if rating not in (Rating.POOR, Rating.PARTLY):
            continue
        topic_id, is_open = _primary_topic(factor.topics, project)
        sentence = _topic_sentence(topic_id, is_open, factor.when_open, factor.when_agreed, checks, catalogue)
        severity = Severity.WARNING if rating is Rating.POOR else Severity.INFO
        hints.append(Hint("factor", severity, _sentences(factor.hints[rating].get_text(), sentence), factor.id, topic_id, is_open))
    return _by_severity(hints)


# --- warnings from the project data -------------------------------------------------------------


class _Warner:
    """Builds the data-driven hints of one project from the catalogue's warning texts."""

    def __init__(self, project: Project, checks: Checks, catalogue: Catalogue) -> None:
        self.project, self.checks, self.catalogue = project, checks, catalogue
        self.rules: Warnings = checks.warnings

    def hint(self, code: str, partner_ids: Sequence[str] = (), topic: tuple[str | None, bool | None] | None = None,
             extra: str = "", say_topic: bool = True, **values: object) -> Hint:
        """The hint ``code`` with its text filled in by ``values``, then ``extra``, then what to
        do about its topic (the first open one of its topics unless ``topic`` is given)."""
        spec = self.rules.items[code]
        topic_id, is_open = topic if topic is not None else _primary_topic(spec.topics, self.project)
        sentence = _topic_sentence(topic_id, is_open, spec.when_open, spec.when_agreed, self.checks, self.catalogue) if say_topic else ""
        text = _sentences(spec.text.get_text().format(**values), extra, sentence)
        return Hint(code, spec.severity, text, None, topic_id, is_open, tuple(partner_ids))

    def partner_count(self) -> list[Hint]:
        count = len(self.project.partners)
        if count < self.rules.min_partners:
            return [self.hint("too_few_partners", count=count, min=self.rules.min_partners)]
        if count > self.rules.max_partners:
            return [self.hint("too_many_partners", count=count, max=self.rules.max_partners)]
        return []

    def coordinator(self) -> list[Hint]:
        """Someone coordinates if the coordination topic names a partner, rotates, entrusts a
        network office that is not a partner, or a partner has the lead role (the coordinator
        defaults to the lead partner)."""
        if not self.project.partners:
            return []
        decision = self.project.decision(self.rules.coordination_topic)
        named = self.project.partner(decision.params.get(self.rules.coordinator_param))
        if (
            decision.variant in self.rules.rotating_variants
            or decision.variant in self.rules.office_variants
            or named
            or self.project.lead_partner
        ):
            return []
        topic = (self.rules.coordination_topic, decision.is_open)
        return [self.hint("no_coordinator", topic=topic)]

    def contributions(self) -> list[Hint]:
        return [
            self.hint("no_contribution", [p.id], name=p.display_name or "?")
            for p in self.project.partners
            if not p.contributions.strip()
        ]

    def same_market(self) -> list[Hint]:
        """Partners who name the same market (Markt/Branche) are potential competitors: one hint
        per market they share. Words the products have in common do not count (too many false
        alarms in a large network)."""
        hints = []
        for shared in shared_markets(self.project.partners):
            names = _join([p.display_name or "?" for p in shared.partners], self.checks)
            ids = [p.id for p in shared.partners]
            hints.append(self.hint("same_market", ids, names=names, market=shared.market.label))
        return hints

    def market_missing(self) -> list[Hint]:
        """A gentle suggestion to give the partners' markets (old projects have none), once at
        least two partners take part: without them the antitrust check cannot say anything."""
        partners = self.project.partners
        missing = without_market(partners)
        if len(partners) < 2 or not missing:
            return []
        names = _join([p.display_name or "?" for p in missing], self.checks)
        return [self.hint("market_missing", [p.id for p in missing], say_topic=False, count=len(missing), names=names)]

    def form(self) -> list[Hint]:
        gbr = self.checks.form_guide.gbr_warning.get_text()
        if self.project.form is None:
            return [self.hint("no_form", extra=gbr)]
        form = self.catalogue.form(self.project.form)
        if form is not None and not form.binding:
            return [self.hint("loose_form", extra=gbr)]
        return []

    def open_topics(self) -> list[Hint]:
        open_ids = [t.id for t in self.catalogue.topics if self.project.decision(t.id).is_open]
        if not open_ids:
            return []
        labels = "; ".join(_topic_label(t, self.catalogue) for t in open_ids)  # labels may hold commas
        return [self.hint("open_topics", topic=(open_ids[0], True), say_topic=False, count=len(open_ids), topics=labels)]


def data_warnings(project: Project, checks: Checks | None = None) -> list[Hint]:
    """Warnings computed from the project, most serious first: fewer or more partners than the
    catalogue's limits, nobody coordinating, a partner without contribution, partners in the same
    market (confidentiality and antitrust) or without a market given, no form or a form without commitment (GbR
    warning), and the rule topics still open."""
    warner = _Warner(project, checks or load_checks(), load_catalogue())
    hints = [
        *warner.partner_count(),
        *warner.coordinator(),
        *warner.contributions(),
        *warner.same_market(),
        *warner.market_missing(),
        *warner.form(),
        *warner.open_topics(),
    ]
    return _by_severity(hints)


# --- decision guide for the cooperation form ----------------------------------------------------


def recommend_forms(answers: Mapping[str, str], checks: Checks | None = None) -> list[FormRecommendation]:
    """Every cooperation form with a transparent score, best first (ties in catalogue order).

    ``answers`` maps question id -> option id of the decision guide; each answer adds the points
    the catalogue gives it to some forms, with the reason shown for (points > 0) or against
    (points < 0) the form. Unknown questions or options count as unanswered. The forms without
    legal commitment carry the GbR warning."""
    checks = checks or load_checks()
    catalogue = load_catalogue()
    guide = checks.form_guide
    scores = {f.id: 0 for f in catalogue.forms}
    reasons: dict[str, tuple[list[str], list[str]]] = {f.id: ([], []) for f in catalogue.forms}
    answered = False
    for question in guide.questions:
        option = question.option(answers.get(question.id))
        if option is None:
            continue
        answered = True
        for effect in option.scores:
            scores[effect.form] += effect.points
            if effect.points:
                reasons[effect.form][0 if effect.points > 0 else 1].append(effect.reason.get_text())
    best = max(scores.values())
    result = []
    for form in catalogue.forms:
        profile = guide.profiles[form.id]
        result.append(FormRecommendation(
            form_id=form.id,
            label=form.label.get_text(),
            score=scores[form.id],
            recommended=answered and best > 0 and scores[form.id] == best,
            reasons_for=tuple(reasons[form.id][0]),
            reasons_against=tuple(reasons[form.id][1]),
            pros=tuple(t.get_text() for t in profile.pros),
            cons=tuple(t.get_text() for t in profile.cons),
            warnings=() if form.binding else (guide.gbr_warning.get_text(),),
        ))
    order = [f.id for f in catalogue.forms]
    return sorted(result, key=lambda r: (-r.score, order.index(r.form_id)))


def form_guide_warnings(answers: Mapping[str, str], project: Project | None = None,
                        checks: Checks | None = None) -> list[Hint]:
    """The GbR warning, whenever binding force is not (yet) wanted in the answers, or the project
    has no form or a form without legal commitment."""
    checks = checks or load_checks()
    guide = checks.form_guide
    binding = answers.get(guide.gbr_question) == guide.gbr_option
    form = load_catalogue().form(project.form) if project is not None and project.form is not None else None
    no_form = project is not None and (form is None or not form.binding)
    if binding and not no_form:
        return []
    return [Hint("gbr", Severity.WARNING, guide.gbr_warning.get_text())]


# --- workshop phases and reflection -------------------------------------------------------------


def _phase_values(page: str, project: Project, checks: Checks, catalogue: Catalogue) -> dict[str, object]:
    """The figures a phase's summary text shows."""
    if page == "partners":
        with_contribution = sum(1 for p in project.partners if p.contributions.strip())
        return {"partners": len(project.partners), "with_contributions": with_contribution}
    if page == "business_model":
        bm = project.business_model
        fields = [bm.value_proposition, bm.customer_segments, bm.key_partners, bm.revenue_streams,
                  bm.costs_management + bm.costs_development + bm.costs_infrastructure]
        return {"filled": sum(1 for f in fields if f.strip()), "total": len(fields)}
    if page == "goals":
        return {"goals": len(project.goals), "milestones": len(project.milestones)}
    form = catalogue.form(project.form) if project.form else None
    agreed = sum(1 for t in catalogue.topics if not project.decision(t.id).is_open)
    return {"form": form.label.get_text() if form else checks.form_missing.get_text(), "agreed": agreed, "topics": len(catalogue.topics)}


def _is_empty(page: str, project: Project, catalogue: Catalogue) -> bool:
    if page == "partners":
        return not project.partners
    if page == "business_model":
        return project.business_model.is_empty()
    if page == "goals":
        return not project.goals and not project.milestones
    return project.form is None and all(project.decision(t.id).variant is None for t in catalogue.topics)


def workplan(project: Project, checks: Checks | None = None) -> list[PhaseStatus]:
    """The four workshop phases with their task, guiding questions and default time, and for
    each what the project already holds: empty, started or done (done as `progress` judges the
    corresponding page), a one-line summary and the items still open."""
    checks = checks or load_checks()
    catalogue = load_catalogue()
    progress = phase_progress(project, catalogue=catalogue)
    result = []
    for phase in checks.phases:
        page = progress[phase.page]
        if _is_empty(phase.page, project, catalogue):
            state = PhaseState.EMPTY
        else:
            state = PhaseState.DONE if page.complete else PhaseState.STARTED
        result.append(PhaseStatus(
            phase_id=phase.id,
            number=phase.number,
            page=phase.page,
            name=phase.name.get_text(),
            task=phase.task.get_text(),
            questions=tuple(q.get_text() for q in phase.questions),
            minutes=phase.minutes,
            state=state,
            summary=phase.summary.get_text().format(**_phase_values(phase.page, project, checks, catalogue)),
            open_items=tuple(page.hints),
        ))
    return result


def reflection_questions(project: Project, checks: Checks | None = None) -> list[ReflectionItem]:
    """The reflection questions of the evaluation phase; a per-partner question appears once for
    every partner of ``project``, with the partner's name."""
    checks = checks or load_checks()
    items = []
    for question in checks.reflection:
        if question.per_partner:
            items += [
                ReflectionItem(question.id, question.text.get_text().format(partner=p.display_name), p.id, question.topics)
                for p in project.partners
            ]
        else:
            items.append(ReflectionItem(question.id, question.text.get_text(), None, question.topics))
    return items
