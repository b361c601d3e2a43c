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
the same three × steuerung.committee_size      ``lenkungskreis_mehrheit_alle``,
                                               ``lenkungskreis_quorum_alle``,
                                               ``lenkungskreis_quorum_einer``: the same in an
                                               elected steering committee
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

from collections.abc import Iterable
from datetime import date, timedelta

from kooperation.domain.catalogue import Catalogue, CheckedDecision, load_catalogue
from kooperation.domain.consistency_facts import (
    OFFICE,
    ROTATION,
    RULES,
    Conflict,
    Facts,
    Rule,
    add_months,
    coordination_by_office,
    coordination_rotates,
    decision_needed,
    highest_percent_without_veto,
    lead_partner_needed,
    needed,
    period_end,
    rule,
    voting_partners,
)
from kooperation.domain.labels import format_day
from kooperation.domain.model import CooperationForm, MilestoneStatus, Project
from kooperation.i18n import _, ngettext

__all__ = [
    "Conflict",
    "Facts",
    "OFFICE",
    "ROTATION",
    "RULES",
    "Rule",
    "add_months",
    "conflicts_for",
    "coordination_by_office",
    "coordination_rotates",
    "decision_needed",
    "find_conflicts",
    "highest_percent_without_veto",
    "lead_partner_needed",
    "needed",
    "period_end",
    "rule",
    "voting_partners",
]


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


@rule(
    "lenkungskreis_mehrheit_alle", ("steuerung",),
    ["steuerung.majority_percent", "steuerung.committee_size"],
)
def _committee_majority_needs_all(f: Facts) -> str | None:
    k = f.committee
    if k is None or f.value("steuerung", "decision_rule") != "qualifiziert":
        return None
    percent = f.value("steuerung", "majority_percent")
    if percent is None or needed(percent, k) < k:
        return None
    return _(
        "Der gewählte Lenkungskreis hat {k} Mitglieder: Dort erreicht eine Mehrheit von {percent} "
        "der abgegebenen Stimmen nur, wer alle {k} Stimmen hat. Jedes einzelne Mitglied kann jeden "
        "Beschluss des Lenkungskreises verhindern, die qualifizierte Mehrheit wirkt dort wie "
        "Einstimmigkeit. Senken Sie die Mehrheit auf höchstens {best} % oder vergrößern Sie den "
        "Lenkungskreis."
    ).format(
        k=k, percent=f.says("steuerung", "majority_percent"), best=highest_percent_without_veto(k)
    )


@rule(
    "lenkungskreis_quorum_alle", ("steuerung",),
    ["steuerung.quorum_percent", "steuerung.committee_size"],
)
def _committee_quorum_needs_all(f: Facts) -> str | None:
    k = f.committee
    quorum = f.value("steuerung", "quorum_percent")
    decision = decision_needed(f, k) if k is not None else None
    if k is None or quorum is None or decision is None or needed(quorum, k) < k or decision >= k:
        return None
    return _(
        "Beschlussfähigkeit {quorum} heißt im gewählten Lenkungskreis mit {k} Mitgliedern: Alle "
        "{k} müssen vertreten sein. Seine Beschlüsse „{rule}“ sollen aber ohne ein Mitglied "
        "möglich sein; so verhindert ein einzelnes Mitglied, das sich nicht beteiligt, jeden "
        "Beschluss im Umlaufverfahren und verzögert jeden in der Sitzung. Senken Sie die "
        "Beschlussfähigkeit auf höchstens {best} % oder vergrößern Sie den Lenkungskreis."
    ).format(
        quorum=f.says("steuerung", "quorum_percent"),
        k=k,
        rule=f.says("steuerung", "decision_rule"),
        best=highest_percent_without_veto(k),
    )


@rule(
    "lenkungskreis_quorum_einer", ("steuerung",),
    ["steuerung.quorum_percent", "steuerung.committee_size"],
)
def _committee_quorum_of_one(f: Facts) -> str | None:
    k = f.committee
    quorum = f.value("steuerung", "quorum_percent")
    if k is None or quorum is None or needed(quorum, k) > 1:
        return None
    return _(
        "Beschlussfähigkeit {quorum} heißt im gewählten Lenkungskreis mit {k} Mitgliedern: Schon "
        "ein einziges vertretenes Mitglied ist beschlussfähig und könnte allein für den "
        "Lenkungskreis beschließen. Setzen Sie mindestens {least} %."
    ).format(quorum=f.says("steuerung", "quorum_percent"), k=k, least=100 // k + 1)


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
            "Die Kündigungsfrist beträgt {notice} zum Ende {period}; ein Austritt wird daher "
            "frühestens zum {earliest} wirksam, die Kooperation endet aber schon am {end}: Die Frist "
            "ist länger als die Laufzeit. Verkürzen Sie die Frist oder verlängern Sie die Laufzeit."
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
