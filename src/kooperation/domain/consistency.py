"""Contradictions between the parameters of a project, and between a parameter and the project.

`check_decision` (``catalogue.py``) looks at one topic at a time: a value is missing, out of its
bounds or names an unknown partner. The rules here look at the whole project: a qualified
majority that with this number of partners means unanimity, a quorum that lets one absent
partner stop every decision, "mindestens fünf Partner verbleiben" with four partners, a
"zeitlich begrenztes Vorhaben" that runs "auf unbestimmte Zeit", a notice period that ends after
the term, a rotation in which some partners never coordinate, milestones after the end of the
term, a non-binding network that binds its partners all the same.

Each rule is a small predicate over `Facts` (the checked values of every topic, with the
defaults the draft uses, and the partner count) registered with `@rule`: its id, the topics it
involves (the first is where it arises), the parameters whose rows show the message on the rules
page and whether the cooperation form is involved. It returns ``None`` or one German sentence
that names both values and says what to change. A contradiction marks every involved topic as
open in the draft (banner, highlighted clauses) and is listed in the open-points annex
(`kooperation.drafting.build`); the rules page shows it in the panel of each involved topic.

Which pairs of the catalogue can contradict, and why the rules below are the ones that do:

=============================================  ==============================================
parameters                                     rule
=============================================  ==============================================
steuerung.majority_percent × partner count     ``mehrheit_alle``: needs every partner
steuerung.quorum_percent × majority × count    ``quorum_alle``: one absent partner blocks
steuerung.quorum_percent × partner count       ``quorum_einer``: one partner alone is quorate
erweiterung.majority_percent × partner count   ``aufnahme_alle``: the variant promises no veto
erweiterung.majority_percent × steuerung       ``aufnahme_leichter``: admitting a partner is
                                               easier than an ordinary decision
erweiterung.time_extension × decision_rule     ``verlaengerung_mehrheit``: "Mehrheit" under
                                               unanimity
austritt.continuation_min × partner count      ``fortsetzung_partner``
gegenstand variant × laufzeit variant          ``vorhaben_unbefristet``, ``dauerhaft_vorhabenende``
laufzeit.start_date × laufzeit.end_date        ``ende_vor_beginn``
austritt notice / min_months × laufzeit term   ``austritt_nach_ende``
austritt wichtiger_grund × laufzeit unbefristet ``wichtiger_grund_unbefristet``
steuerung.rotation_months × count × term       ``rotation_laufzeit``: most never coordinate
laufzeit.end_date × roadmap                    ``meilenstein_nach_ende``
form netzwerk × austritt / beitraege           ``netzwerk_austritt``, ``netzwerk_budget``
form netzwerk × einnahmen variant             ``netzwerk_vertrieb``
steuerung.committee_size × voting partners     ``lenkungskreis_groesse``: the elected committee
                                               is as large as the assembly
a ``voting_only`` partner parameter × tiers    ``vollpartner_<topic>_<param>``: the coordinator,
                                               budget holder … is not a full partner
beitraege associated × annual contribution     ``beitrag_assoziiert``: associated partners
                                               without a vote pay more than the voters
=============================================  ==============================================

Deliberately not rules: "dauerhafte Zusammenarbeit" with a fixed term (a first term that is
extended is common), invitation or minutes periods longer than the interval between meetings
(impractical, not contradictory), a majority that can never be reached (majorities count the
votes cast and are at most 100 %, so unanimity is always enough).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kooperation.domain.catalogue import Catalogue, CheckedDecision, check_decision, load_catalogue
from kooperation.domain.labels import describe_value, format_day
from kooperation.domain.model import CooperationForm, MilestoneStatus, Project
from kooperation.i18n import _, ngettext


@dataclass(frozen=True)
class Conflict:
    """One contradiction: which rule, the message, and where it shows."""

    rule: str
    message: str
    topics: tuple[str, ...]
    params: tuple[tuple[str, str], ...] = ()  # (topic, parameter) whose rows show the message
    form: bool = False  # the cooperation form is involved

    @property
    def id(self) -> str:
        return f"widerspruch_{self.rule}"

    def params_of(self, topic_id: str) -> tuple[str, ...]:
        return tuple(p for t, p in self.params if t == topic_id)


# --- what the rules read ------------------------------------------------------------------------


def voting_partners(project: Project) -> int:
    """How many partners vote and count for majorities, quorum and continuation: the full
    partners (associated partners and supporters have no vote, `Partner.votes`)."""
    return len(project.voting)


ROTATION = ("steuerung", "gleichrangig")
"""The topic and variant in which the full partners take turns coordinating (`checks.yaml`
names the same variant as ``rotating_variants``)."""


OFFICE = ("steuerung", "geschaeftsstelle")
"""The topic and variant in which a network office that is not a partner coordinates
(`checks.yaml` names the same variant as ``office_variants``)."""


def coordination_rotates(project: Project) -> bool:
    """Whether the full partners take turns coordinating: then no lead partner is needed."""
    topic, variant = ROTATION
    return project.decision(topic).variant == variant


def coordination_by_office(project: Project) -> bool:
    """Whether a network office (Geschäftsstelle) that is not a partner coordinates."""
    topic, variant = OFFICE
    return project.decision(topic).variant == variant


def lead_partner_needed(project: Project) -> bool:
    """Whether the partner phase needs a lead partner: not when the full partners take turns
    coordinating or a network office coordinates."""
    return not (coordination_rotates(project) or coordination_by_office(project))


class Facts:
    """The project as the rules see it: every topic's checked values with the defaults the draft
    uses, the partner count and the term."""

    def __init__(
        self,
        project: Project,
        catalogue: Catalogue,
        checked: dict[str, CheckedDecision] | None = None,
    ) -> None:
        self.project = project
        self.catalogue = catalogue
        self.checked = (
            checked
            if checked is not None
            else {
                t.id: check_decision(t, project.decision(t.id), project) for t in catalogue.topics
            }
        )
        self.n = voting_partners(project)
        self.form = project.form.value if project.form is not None else None
        self.associated = any(p.is_party and not p.votes for p in project.partners)

    def partners(self, case: str = "nom") -> str:
        """The partners the rules count, as a message names them: plain "Partner" or, once the
        project has associated partners (who do not vote), "stimmberechtigte Partner".
        ``case``: "nom" (vier stimmberechtigte Partner; jeder stimmberechtigte Partner), "dat"
        (mit vier stimmberechtigten Partnern) or "def" (alle vier stimmberechtigten Partner)."""
        if not self.associated:
            return _("Partnern") if case == "dat" else _("Partner")
        return {
            "nom": _("stimmberechtigte Partner"),
            "dat": _("stimmberechtigten Partnern"),
        }.get(case, _("stimmberechtigten Partner"))

    def variant(self, topic: str) -> str | None:
        checked = self.checked.get(topic)
        return checked.variant.id if checked is not None and checked.variant is not None else None

    def value(self, topic: str, param: str) -> Any:
        """The checked value (or the default the draft uses); None if missing or invalid."""
        checked = self.checked.get(topic)
        return checked.values.get(param) if checked is not None else None

    def variant_label(self, topic: str, variant: str | None = None) -> str:
        t = self.catalogue.topic(topic)
        v = t.variant(variant or self.variant(topic))
        return v.label.get_text() if v else ""

    def says(self, topic: str, param: str, value: Any = None) -> str:
        """A parameter's value in plain words ("75 %", "3 Monate", "einstimmig")."""
        t = self.catalogue.topic(topic)
        p = next(
            (
                p
                for v in (None, *[v.id for v in t.variants])
                for p in t.params_for(v)
                if p.id == param
            ),
            None,
        )
        value = self.value(topic, param) if value is None else value
        return describe_value(p, value, self.project) if p is not None else str(value)

    def term(self) -> tuple[date, date] | None:
        """Beginning and end of a fixed term (the beginning is today if no date is given, as the
        cooperation then begins when the agreement is signed); None without a fixed end."""
        if self.variant("laufzeit") not in ("befristet", "vorhabenende"):
            return None
        end = self.value("laufzeit", "end_date")
        if not isinstance(end, date):
            return None
        start = self.value("laufzeit", "start_date")
        return (start if isinstance(start, date) else date.today()), end


def needed(percent: float, n: int) -> int:
    """How many of ``n`` votes are at least ``percent`` per cent of them."""
    return -(-int(percent) * n // 100)


def decision_needed(facts: Facts) -> int | None:
    """How many partners an ordinary decision of the steering committee needs when all vote."""
    rule_ = facts.value("steuerung", "decision_rule")
    if rule_ == "einstimmig":
        return facts.n
    if rule_ == "einfach":
        return facts.n // 2 + 1
    if rule_ == "qualifiziert":
        percent = facts.value("steuerung", "majority_percent")
        return needed(percent, facts.n) if percent is not None else None
    return None


def highest_percent_without_veto(n: int) -> int:
    """The highest whole percentage of ``n`` votes that ``n - 1`` partners still reach."""
    return (100 * (n - 1)) // n


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day if it is shorter); capped at the
    largest date."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year > date.max.year:
        return date.max
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def period_end(day: date, term: str) -> date:
    """The first end of a calendar month, quarter or year on or after ``day``."""
    last_month = {"monat": day.month, "quartal": -(-day.month // 3) * 3, "jahr": 12}.get(
        term, day.month
    )
    return date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


# --- the rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    topics: tuple[str, ...]
    params: tuple[tuple[str, str], ...]
    form: bool
    check: Callable[[Facts], str | None]


RULES: list[Rule] = []


def rule(rule_id: str, topics: tuple[str, ...], params: Iterable[str] = (), form: bool = False):
    """Register a rule; ``params`` are "topic.param" names."""

    def register(check: Callable[[Facts], str | None]) -> Callable[[Facts], str | None]:
        pairs = tuple(tuple(p.split(".", 1)) for p in params)
        RULES.append(Rule(rule_id, topics, pairs, form, check))  # type: ignore[arg-type]
        return check

    return register


@rule("mehrheit_alle", ("steuerung",), ["steuerung.majority_percent"])
def _majority_needs_all(f: Facts) -> str | None:
    if f.n < 2 or f.value("steuerung", "decision_rule") != "qualifiziert":
        return None
    percent = f.value("steuerung", "majority_percent")
    if percent is None or needed(percent, f.n) < f.n:
        return None
    message = _(
        "Mit {n} {partners_dat} erreicht eine Mehrheit von {percent} der abgegebenen Stimmen nur, "
        "wer alle {n} Stimmen hat: Jeder einzelne {partner} kann jeden Beschluss verhindern, die "
        "qualifizierte Mehrheit wirkt wie Einstimmigkeit."
    ).format(
        n=f.n,
        percent=f.says("steuerung", "majority_percent"),
        partners_dat=f.partners("dat"),
        partner=f.partners("nom"),
    )
    best = highest_percent_without_veto(f.n)
    if best >= 51:
        return (
            message
            + " "
            + _(
                "Senken Sie die Mehrheit auf höchstens {best} % oder wählen Sie „einstimmig“."
            ).format(best=best)
        )
    return message + " " + _("Wählen Sie „einstimmig“, wenn das gewollt ist.")


@rule("quorum_alle", ("steuerung",), ["steuerung.quorum_percent"])
def _quorum_needs_all(f: Facts) -> str | None:
    quorum = f.value("steuerung", "quorum_percent")
    decision = decision_needed(f)
    if (
        f.n < 2
        or quorum is None
        or decision is None
        or needed(quorum, f.n) < f.n
        or decision >= f.n
    ):
        return None
    return _(
        "Beschlussfähigkeit {quorum} heißt bei {n} {partners_dat}: Alle {n} müssen vertreten sein. Die "
        "Beschlüsse „{rule}“ sollen aber ohne einen Partner möglich sein; so verhindert ein "
        "einzelner Partner, der sich nicht beteiligt, jeden Beschluss im Umlaufverfahren und "
        "verzögert jeden in der Sitzung, bis eine neu einberufene Sitzung ohne ihn beschließt. "
        "Senken Sie die Beschlussfähigkeit auf höchstens {best} % oder wählen Sie „einstimmig“."
    ).format(
        quorum=f.says("steuerung", "quorum_percent"),
        n=f.n,
        partners_dat=f.partners("dat"),
        rule=f.says("steuerung", "decision_rule"),
        best=highest_percent_without_veto(f.n),
    )


@rule("quorum_einer", ("steuerung",), ["steuerung.quorum_percent"])
def _quorum_of_one(f: Facts) -> str | None:
    quorum = f.value("steuerung", "quorum_percent")
    if f.n < 3 or quorum is None or needed(quorum, f.n) > 1:
        return None
    return _(
        "Beschlussfähigkeit {quorum} heißt bei {n} {partners_dat}: Schon ein einziger vertretener "
        "Partner ist beschlussfähig und könnte allein für alle beschließen. Setzen Sie "
        "mindestens {least} %."
    ).format(
        quorum=f.says("steuerung", "quorum_percent"),
        n=f.n,
        partners_dat=f.partners("dat"),
        least=100 // f.n + 1,
    )


@rule("aufnahme_alle", ("erweiterung",), ["erweiterung.majority_percent"])
def _admission_needs_all(f: Facts) -> str | None:
    if f.n < 2 or f.variant("erweiterung") != "mehrheit":
        return None
    percent = f.value("erweiterung", "majority_percent")
    if percent is None or needed(percent, f.n) < f.n:
        return None
    message = _(
        "„{variant}“ soll verhindern, dass ein einzelner Partner die Aufnahme blockiert. Mit {n} "
        "{partners_dat} verlangt eine Mehrheit von {percent} aber die Zustimmung aller {n}."
    ).format(
        variant=f.variant_label("erweiterung"),
        n=f.n,
        partners_dat=f.partners("dat"),
        percent=f.says("erweiterung", "majority_percent"),
    )
    best = highest_percent_without_veto(f.n)
    fix = (
        _("Senken Sie die Mehrheit auf höchstens {best} % oder wählen Sie „{unanimous}“.")
        if best >= 51
        else _("Wählen Sie „{unanimous}“.")
    )
    return (
        message
        + " "
        + fix.format(best=best, unanimous=f.variant_label("erweiterung", "einstimmig"))
    )


@rule(
    "aufnahme_leichter",
    ("erweiterung", "steuerung"),
    ["erweiterung.majority_percent", "steuerung.decision_rule"],
)
def _admission_easier(f: Facts) -> str | None:
    if f.n < 2 or f.variant("erweiterung") != "mehrheit":
        return None
    percent = f.value("erweiterung", "majority_percent")
    decision = decision_needed(f)
    if percent is None or decision is None or needed(percent, f.n) >= decision:
        return None
    ordinary = f.says("steuerung", "decision_rule")
    if f.value("steuerung", "decision_rule") == "qualifiziert":
        ordinary += f" ({f.says('steuerung', 'majority_percent')})"
    return _(
        "Neue Partner werden mit {percent} aufgenommen, also mit {admit} von {n} Stimmen; "
        "gewöhnliche Beschlüsse des Lenkungskreises brauchen aber „{ordinary}“, also {decide} von "
        "{n}. Die Aufnahme eines Partners, der danach über alles mitentscheidet, wäre leichter "
        "als jeder andere Beschluss. Heben Sie die Mehrheit für die Aufnahme auf mindestens "
        "{least} % an oder wählen Sie „{unanimous}“."
    ).format(
        percent=f.says("erweiterung", "majority_percent"),
        admit=needed(percent, f.n),
        n=f.n,
        ordinary=ordinary,
        decide=decision,
        least=max(51, min(100, 100 * (decision - 1) // f.n + 1)),
        unanimous=f.variant_label("erweiterung", "einstimmig"),
    )


@rule(
    "verlaengerung_mehrheit",
    ("erweiterung", "steuerung"),
    ["erweiterung.time_extension", "steuerung.decision_rule"],
)
def _extension_by_majority(f: Facts) -> str | None:
    if (
        f.value("erweiterung", "time_extension") != "mehrheit"
        or f.value("steuerung", "decision_rule") != "einstimmig"
    ):
        return None
    if f.variant("laufzeit") == "unbefristet":
        return None  # nothing to extend
    return _(
        "Die Laufzeit soll „{extension}“ verlängert werden, der Lenkungskreis beschließt aber "
        "einstimmig: Eine Mehrheit, bei der jemand nicht zustimmt, gibt es dann nicht. Wählen Sie "
        "für die Verlängerung „durch einstimmigen Beschluss“ oder für die Beschlüsse eine Mehrheit."
    ).format(extension=f.says("erweiterung", "time_extension"))


@rule("fortsetzung_partner", ("austritt",), ["austritt.continuation_min"])
def _continuation(f: Facts) -> str | None:
    least = f.value("austritt", "continuation_min")
    if f.n < 2 or least is None or least <= max(f.n - 1, 2):
        return None
    return _(
        "Die Kooperation soll fortgesetzt werden, wenn mindestens {least} {partners} verbleiben; "
        "es gibt aber nur {n} {partners}, nach dem ersten Austritt also {left}. Schon der erste "
        "Austritt würde so die ganze Kooperation beenden. Setzen Sie höchstens {left}."
    ).format(least=int(least), n=f.n, left=max(f.n - 1, 2), partners=f.partners("nom"))


@rule("vorhaben_unbefristet", ("gegenstand", "laufzeit"))
def _project_without_end(f: Facts) -> str | None:
    if f.variant("gegenstand") != "vorhaben" or f.variant("laufzeit") != "unbefristet":
        return None
    return _(
        "Der Gegenstand ist „{subject}“, die Laufzeit aber „{term}“, also auf unbestimmte Zeit. "
        "Wählen Sie bei der Laufzeit „{fixed}“ oder „{until}“, oder beim Gegenstand „{lasting}“."
    ).format(
        subject=f.variant_label("gegenstand"),
        term=f.variant_label("laufzeit"),
        fixed=f.variant_label("laufzeit", "befristet"),
        until=f.variant_label("laufzeit", "vorhabenende"),
        lasting=f.variant_label("gegenstand", "dauerhaft"),
    )


@rule("dauerhaft_vorhabenende", ("gegenstand", "laufzeit"))
def _lasting_until_project_end(f: Facts) -> str | None:
    if f.variant("gegenstand") != "dauerhaft" or f.variant("laufzeit") != "vorhabenende":
        return None
    return _(
        "Die Laufzeit endet „{term}“, der Gegenstand ist aber „{subject}“ ohne abgeschlossenes "
        "Vorhaben. Wählen Sie beim Gegenstand „{project}“ oder bei der Laufzeit „{fixed}“ oder "
        "„{open}“."
    ).format(
        term=f.variant_label("laufzeit"),
        subject=f.variant_label("gegenstand"),
        project=f.variant_label("gegenstand", "vorhaben"),
        fixed=f.variant_label("laufzeit", "befristet"),
        open=f.variant_label("laufzeit", "unbefristet"),
    )


@rule("ende_vor_beginn", ("laufzeit",), ["laufzeit.end_date", "laufzeit.start_date"])
def _end_before_start(f: Facts) -> str | None:
    start, end = f.value("laufzeit", "start_date"), f.value("laufzeit", "end_date")
    if (
        f.variant("laufzeit") not in ("befristet", "vorhabenende")
        or not isinstance(start, date)
        or not isinstance(end, date)
    ):
        return None
    if end > start:
        return None
    return _(
        "Das Ende der Kooperation ({end}) liegt nicht nach ihrem Beginn ({start}). Korrigieren Sie eines der beiden Daten."
    ).format(end=format_day(end), start=format_day(start))


@rule(
    "austritt_nach_ende",
    ("austritt", "laufzeit"),
    ["austritt.notice_months", "austritt.min_months", "austritt.notice_weeks", "laufzeit.end_date"],
)
def _exit_after_end(f: Facts) -> str | None:
    term = f.term()
    if term is None or term[1] <= term[0]:
        return None
    start, end = term
    variant = f.variant("austritt")
    if variant == "ordentlich":
        notice, least, period = (
            f.value("austritt", k) for k in ("notice_months", "min_months", "notice_term")
        )
        if notice is None or period is None:
            return None
        least = least or 0
        if least and add_months(start, int(least)) >= end:
            return _(
                "Ein Austritt ist frühestens {least} nach dem Beginn möglich, die Laufzeit endet aber "
                "schon am {end}: Während der Laufzeit kann niemand ordentlich austreten. Verkürzen "
                "Sie den frühesten Austritt oder verlängern Sie die Laufzeit."
            ).format(least=f.says("austritt", "min_months"), end=format_day(end))
        earliest = period_end(
            max(add_months(start, int(notice)), add_months(start, int(least))), period
        )
        if earliest < end:
            return None
        return _(
            "Mit einer Kündigungsfrist von {notice} zum Ende {period} wird ein Austritt frühestens "
            "zum {earliest} wirksam, die Kooperation endet aber schon am {end}: Die Frist ist länger "
            "als die Laufzeit. Verkürzen Sie die Frist oder verlängern Sie die Laufzeit."
        ).format(
            notice=f.says("austritt", "notice_months"),
            period=f.says("austritt", "notice_term"),
            earliest=format_day(earliest),
            end=format_day(end),
        )
    if variant == "jederzeit":
        weeks = f.value("austritt", "notice_weeks")
        if not weeks or start + timedelta(weeks=int(weeks)) < end:
            return None
        return _(
            "Die Austrittsfrist von {notice} ist länger als die ganze Laufzeit bis zum {end}. "
            "Verkürzen Sie die Frist oder verlängern Sie die Laufzeit."
        ).format(notice=f.says("austritt", "notice_weeks"), end=format_day(end))
    return None


@rule("wichtiger_grund_unbefristet", ("austritt", "laufzeit"))
def _no_way_out(f: Facts) -> str | None:
    if f.variant("austritt") != "wichtiger_grund" or f.variant("laufzeit") != "unbefristet":
        return None
    return _(
        "Austritt „{exit}“ passt zu einem festen Ende, die Laufzeit ist aber „{term}“: Ohne "
        "ordentliche Kündigung wären die Partner unbegrenzt gebunden; der Entwurf müsste ersatzweise "
        "einen Austritt mit sechs Monaten Frist zum Jahresende vorsehen. Wählen Sie beim Austritt "
        "„{notice}“ oder bei der Laufzeit ein festes Ende."
    ).format(
        exit=f.variant_label("austritt"),
        term=f.variant_label("laufzeit"),
        notice=f.variant_label("austritt", "ordentlich"),
    )


@rule(
    "rotation_laufzeit",
    ("steuerung", "laufzeit"),
    ["steuerung.rotation_months", "laufzeit.end_date"],
)
def _rotation_too_slow(f: Facts) -> str | None:
    term = f.term()
    months = f.value("steuerung", "rotation_months")
    if f.variant(ROTATION[0]) != ROTATION[1] or term is None or months is None or f.n < 2:
        return None
    start, end = term
    turns = sum(1 for k in range(f.n) if add_months(start, k * int(months)) < end)
    if 2 * turns >= f.n:  # that the last one or two miss their turn is no contradiction
        return None
    fitting = [m for m in range(int(months) - 1, 0, -1) if add_months(start, (f.n - 1) * m) < end]
    message = ngettext(
        "Mit {n} {partners_dat} und einem Wechsel alle {months} dauert eine Runde {total} Monate; "
        "die Kooperation endet aber am {end}: Nur {turns} der {n} {partners} käme je an die Reihe, "
        "die gleichrangige Koordination bliebe für die meisten ein leeres Versprechen.",
        "Mit {n} {partners_dat} und einem Wechsel alle {months} dauert eine Runde {total} Monate; "
        "die Kooperation endet aber am {end}: Nur {turns} der {n} {partners} kämen je an die "
        "Reihe, die gleichrangige Koordination bliebe für die meisten ein leeres Versprechen.",
        turns,
    ).format(
        n=f.n,
        partners_dat=f.partners("dat"),
        partners=f.partners("def"),
        months=f.says("steuerung", "rotation_months"),
        total=f.n * int(months),
        end=format_day(end),
        turns=turns,
    )
    coordinator = f.variant_label("steuerung", "koordinator")
    if fitting:
        return (
            message
            + " "
            + _(
                "Verkürzen Sie den Wechsel auf höchstens {best} Monate oder wählen Sie „{other}“."
            ).format(best=fitting[0], other=coordinator)
        )
    return message + " " + _("Wählen Sie „{other}“.").format(other=coordinator)


@rule("meilenstein_nach_ende", ("laufzeit",), ["laufzeit.end_date"])
def _milestones_after_end(f: Facts) -> str | None:
    term = f.term()
    if term is None:
        return None
    end = term[1]
    late = [
        (m.end or m.start, m)
        for m in f.project.milestones
        if m.status is not MilestoneStatus.CANCELLED
        and (m.end or m.start) is not None
        and (m.end or m.start) > end
    ]
    if not late:
        return None
    last_day, last = max(late, key=lambda pair: pair[0])
    return ngettext(
        "Der Meilenstein „{title}“ der Roadmap endet am {day}, die Kooperation aber schon am {end}. "
        "Verlängern Sie die Laufzeit oder passen Sie die Roadmap an.",
        "{count} Meilensteine der Roadmap enden nach dem {end}, dem Ende der Kooperation, zuletzt "
        "„{title}“ am {day}. Verlängern Sie die Laufzeit oder passen Sie die Roadmap an.",
        len(late),
    ).format(
        title=" ".join(last.title.split()),
        day=format_day(last_day),
        end=format_day(end),
        count=len(late),
    )


@rule("netzwerk_austritt", ("austritt",), form=True)
def _network_exit(f: Facts) -> str | None:
    if f.form != CooperationForm.NETZWERK.value or f.variant("austritt") != "wichtiger_grund":
        return None
    return _(
        "Ein loses Netzwerk begründet keine Pflicht, die Kooperation fortzusetzen; ein Austritt "
        "„{exit}“ bindet die Partner aber gerade daran. Wählen Sie beim Austritt „{anytime}“ oder "
        "„{notice}“, oder eine verbindliche Kooperationsform."
    ).format(
        exit=f.variant_label("austritt"),
        anytime=f.variant_label("austritt", "jederzeit"),
        notice=f.variant_label("austritt", "ordentlich"),
    )


@rule("netzwerk_budget", ("beitraege",), ["beitraege.annual_contribution_eur"], form=True)
def _network_budget(f: Facts) -> str | None:
    if f.form != CooperationForm.NETZWERK.value or f.variant("beitraege") != "budget":
        return None
    return _(
        "Ein loses Netzwerk begründet keinen Anspruch auf Beiträge; der Jahresbeitrag von {amount} "
        "je Partner für das gemeinsame Budget könnte so nicht verlangt werden. Wählen Sie eine "
        "verbindliche Kooperationsform oder bei den Kosten „{own}“ oder „{key}“."
    ).format(
        amount=f.says("beitraege", "annual_contribution_eur"),
        own=f.variant_label("beitraege", "eigene_kosten"),
        key=f.variant_label("beitraege", "kostenschluessel"),
    )



@rule("netzwerk_vertrieb", ("einnahmen",), form=True)
def _network_sales(f: Facts) -> str | None:
    variant = f.variant("einnahmen")
    if f.form != CooperationForm.NETZWERK.value or variant not in ("federfuehrend", "gemeinsam"):
        return None
    if variant == "gemeinsam":
        text = _(
            "Beim Vertrieb „{sales}“ bilden die Partner eine rechtsfähige GbR, für deren "
            "Verbindlichkeiten jeder Partner persönlich haftet; ein loses Netzwerk ohne rechtliche "
            "Bindung kann das weder regeln noch ausschließen."
        )
    else:
        text = _(
            "Ein loses Netzwerk begründet keine Ansprüche; beim Vertrieb „{sales}“ könnten die "
            "Partner ihren Anteil an den Einnahmen so nicht verlangen."
        )
    return (text + " " + _(
        "Wählen Sie eine verbindliche Kooperationsform oder beim Vertrieb „{own}“."
    )).format(
        sales=f.variant_label("einnahmen"),
        own=f.variant_label("einnahmen", "eigener_vertrieb"),
    )

@rule(
    "beitrag_assoziiert",
    ("beitraege",),
    ["beitraege.associated_contribution_eur", "beitraege.annual_contribution_eur"],
)
def _associated_fee_higher(f: Facts) -> str | None:
    if f.variant("beitraege") != "budget":
        return None
    associated, full = (
        f.value("beitraege", k) for k in ("associated_contribution_eur", "annual_contribution_eur")
    )
    if associated is None or full is None or associated <= full:
        return None
    return _(
        "Assoziierte Partner sollen jährlich {associated} zahlen, die stimmberechtigten Partner "
        "nur {full}: Wer kein Stimmrecht hat und über das Budget nicht mitentscheidet, zahlte mehr "
        "als die Partner, die darüber entscheiden. Senken Sie den Beitrag der assoziierten Partner "
        "auf höchstens {full} oder machen Sie diese Partner zu Vollpartnern."
    ).format(
        associated=f.says("beitraege", "associated_contribution_eur"),
        full=f.says("beitraege", "annual_contribution_eur"),
    )


@rule(
    "lenkungskreis_groesse",
    ("steuerung",),
    ["steuerung.committee_size", "steuerung.bodies"],
)
def _committee_size(f: Facts) -> str | None:
    if f.value("steuerung", "bodies") != "versammlung" or f.n < 2:
        return None
    size = f.value("steuerung", "committee_size")
    if f.n < 4:
        return _(
            "Mit {n} stimmberechtigten Partnern lässt sich kein kleinerer Lenkungskreis mit "
            "mindestens drei Mitgliedern wählen, der nicht alle Partner umfasst: Versammlung und "
            "Lenkungskreis wären dieselben Partner. Wählen Sie bei den Gremien „{one}“."
        ).format(n=f.n, one=_option_label(f, "bodies", "lenkungskreis"))
    if size is None or int(size) < f.n:
        return None
    return _(
        "Der gewählte Lenkungskreis soll {size} Mitglieder haben, es gibt aber nur {n} "
        "stimmberechtigte Partner: Er wäre so groß wie die Partnerversammlung. Setzen Sie "
        "höchstens {best} Mitglieder oder wählen Sie bei den Gremien „{one}“."
    ).format(size=int(size), n=f.n, best=f.n - 1, one=_option_label(f, "bodies", "lenkungskreis"))


def _option_label(f: Facts, param: str, option: str) -> str:
    p = next((p for p in f.catalogue.topic("steuerung").params if p.id == param), None)
    o = p.option(option) if p is not None else None
    return o.label.get_text() if o is not None else option


def _not_full_partner_conflicts(f: Facts) -> list[Conflict]:
    """A parameter that gives a partner a job for the cooperation (``voting_only``: coordination,
    budget, sales) names a partner who is not (or no longer) a full partner."""
    found = []
    for topic in f.catalogue.topics:
        checked = f.checked.get(topic.id)
        if checked is None:
            continue
        for param in topic.params_for(checked.variant.id if checked.variant else None):
            if not param.voting_only or param.type != "partner":
                continue
            partner = f.project.partner(checked.values.get(param.id))
            if partner is None or partner.votes:
                continue
            message = _(
                "„{label}“: {name} ist kein Vollpartner, sondern {tier}. Diese Aufgabe für die "
                "Kooperation kann nur ein stimmberechtigter Vollpartner übernehmen. Wählen Sie "
                "einen Vollpartner oder machen Sie {name} auf der Partnerseite zum Vollpartner."
            ).format(
                label=param.label.get_text(),
                name=partner.display_name or _("(ohne Namen)"),
                tier=_("ein Unterstützer") if partner.is_party is False else _("assoziierter Partner"),
            )
            found.append(
                Conflict(f"vollpartner_{topic.id}_{param.id}", message, (topic.id,), ((topic.id, param.id),))
            )
    return found


# --- entry points -------------------------------------------------------------------------------


def find_conflicts(
    project: Project,
    catalogue: Catalogue | None = None,
    checked: dict[str, CheckedDecision] | None = None,
) -> list[Conflict]:
    """Every contradiction in ``project``, in the order of the rules."""
    facts = Facts(project, catalogue or load_catalogue(), checked)
    found = []
    for spec in RULES:
        message = spec.check(facts)
        if message:
            found.append(Conflict(spec.id, message, spec.topics, spec.params, spec.form))
    return found + _not_full_partner_conflicts(facts)


def conflicts_for(topic_id: str, conflicts: Iterable[Conflict]) -> list[Conflict]:
    """The contradictions that involve ``topic_id``."""
    return [c for c in conflicts if topic_id in c.topics]
