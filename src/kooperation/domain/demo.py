"""A realistic example cooperation ("Lernfabrik Neckar-Alb") for trying the app and for tests.

Four partners from four sectors build a shared learning factory for digital manufacturing: a
machine builder (lead), a university institute, a city's business development agency and an
adult-education association. Every rule topic is decided except two, which are left to be
discussed, as they would be after a first workshop.
"""

from __future__ import annotations

from datetime import date

from kooperation.domain.model import (
    BusinessModel,
    CooperationForm,
    DecisionStatus,
    Goal,
    Horizon,
    Milestone,
    MilestoneStatus,
    OrgSize,
    Partner,
    PartnerRole,
    Priority,
    Project,
    RuleDecision,
    Sector,
)

DEMO_NAME = "Lernfabrik Neckar-Alb"


def demo_project() -> Project:
    prodtech = Partner(
        name="ProdTech Maschinenbau GmbH",
        short_name="ProdTech",
        legal_form="GmbH",
        street="Industriestraße 14",
        postcode="72764",
        city="Reutlingen",
        representative="die Geschäftsführerin Dr. Katrin Weber",
        contact_email="k.weber@prodtech.example",
        sector=Sector.WIRTSCHAFT,
        market="28 – Maschinenbau",
        size=OrgSize.MITTEL,
        employees=180,
        products="Sondermaschinen und Montageanlagen für die Automobil- und Medizintechnikindustrie",
        need="Fachkräfte für vernetzte Fertigung gewinnen und die eigene Belegschaft weiterqualifizieren",
        potentials="Produktionshalle mit vernetzten Anlagen, Erfahrung im Anlagenbau, Kontakte zu Zulieferern",
        contributions="Stellt 300 m² Hallenfläche und zwei Montagelinien für die Lernfabrik bereit; übernimmt die Koordination",
        role=PartnerRole.LEAD,
    )
    hochschule = Partner(
        name="Hochschule Reutlingen – Institut für Digitale Fertigung",
        short_name="Hochschule",
        legal_form="Körperschaft des öffentlichen Rechts",
        street="Alteburgstraße 150",
        postcode="72762",
        city="Reutlingen",
        representative="den Präsidenten Prof. Dr. Jonas Albrecht",
        contact_email="idf@hochschule.example",
        sector=Sector.WISSENSCHAFT,
        market="85.4 – Tertiärer und post-sekundärer, nicht tertiärer Unterricht (Hochschulen)",
        size=OrgSize.GROSS,
        employees=900,
        products="Lehre und angewandte Forschung zu Industrie 4.0, Robotik und Datenanalyse",
        need="Praxisnahe Lernumgebung für Studierende und Transferprojekte mit Unternehmen",
        potentials="Didaktisches Konzept, wissenschaftliche Begleitung, Studierende als Tutorinnen und Tutoren",
        contributions="Entwickelt die Lernmodule, stellt zwei wissenschaftliche Mitarbeitende (je 50 %) und evaluiert die Kurse",
        role=PartnerRole.PARTNER,
    )
    stadt = Partner(
        name="Stadt Tübingen – Wirtschaftsförderung",
        short_name="Wirtschaftsförderung",
        legal_form="Gebietskörperschaft",
        street="Am Markt 1",
        postcode="72070",
        city="Tübingen",
        representative="den Oberbürgermeister, dieser vertreten durch die Leiterin der Wirtschaftsförderung Sabine Öztürk",
        contact_email="wirtschaft@tuebingen.example",
        sector=Sector.STAAT,
        market="84.1 – Öffentliche Verwaltung",
        size=OrgSize.GROSS,
        products="Standortmarketing, Unternehmensservice, Fördermittelberatung",
        need="Fachkräftesicherung in der Region und sichtbare Innovationsprojekte",
        potentials="Netzwerk von 400 Unternehmen, Veranstaltungsräume, Zugang zu Landesförderprogrammen",
        contributions="Akquiriert Teilnehmerbetriebe, stellt Veranstaltungsräume und unterstützt den Förderantrag",
        role=PartnerRole.PARTNER,  # a full partner (tier "voll"), as before partner tiers
    )
    bildungswerk = Partner(
        name="Bildungswerk Neckar-Alb e. V.",
        short_name="Bildungswerk",
        legal_form="eingetragener Verein",
        street="Lindenstraße 3",
        postcode="72555",
        city="Metzingen",
        representative="den Vorstand, vertreten durch Ali Şahin und Marta Łukasiewicz",
        contact_email="info@bildungswerk.example",
        sector=Sector.ZIVILGESELLSCHAFT,
        market="85.5 – Sonstiger Unterricht (Weiterbildung, Fahr-, Sprach-, Musikschulen)",
        size=OrgSize.KLEIN,
        employees=24,
        products="Berufliche Weiterbildung, Umschulung, Sprach- und Integrationskurse",
        need="Moderne technische Ausstattung für Umschulungen",
        potentials="Zertifizierter Bildungsträger (AZAV), Erfahrung mit Fördermitteln der Arbeitsagentur",
        contributions="Organisiert Kursbetrieb und Teilnehmerverwaltung, stellt zwei Trainer",
        role=PartnerRole.PARTNER,
    )
    partners = [prodtech, hochschule, stadt, bildungswerk]

    goals = [
        Goal("Gemeinsames Lernfabrik-Konzept mit Raum-, Technik- und Kursplan verabschieden", horizon=Horizon.SHORT, priority=Priority.HIGH, owner_id=prodtech.id, indicator="Konzept vom Lenkungskreis beschlossen"),
        Goal("Förderantrag beim Land einreichen", horizon=Horizon.SHORT, priority=Priority.HIGH, owner_id=stadt.id, indicator="Antrag fristgerecht eingereicht"),
        Goal("Pilotkurs mit 12 Teilnehmenden aus mindestens 4 Betrieben durchführen", horizon=Horizon.MEDIUM, priority=Priority.HIGH, owner_id=bildungswerk.id, indicator="12 Teilnehmende, Zufriedenheit ≥ 4 von 5"),
        Goal("Sechs Lernmodule zu vernetzter Fertigung entwickeln", horizon=Horizon.MEDIUM, priority=Priority.MEDIUM, owner_id=hochschule.id, indicator="6 Module mit Prüfungsformat"),
        Goal("Zehn Unternehmen der Region als zahlende Kursbetriebe gewinnen", horizon=Horizon.MEDIUM, priority=Priority.MEDIUM, owner_id=stadt.id, indicator="10 Verträge mit Betrieben"),
        Goal("Lernfabrik kostendeckend betreiben", horizon=Horizon.LONG, priority=Priority.HIGH, owner_id=prodtech.id, indicator="Einnahmen decken laufende Kosten im dritten Jahr"),
        Goal("Zertifikatsabschluss „Fachkraft vernetzte Fertigung“ mit der IHK etablieren", horizon=Horizon.LONG, priority=Priority.MEDIUM, owner_id=bildungswerk.id, indicator="Anerkennung durch die IHK"),
        Goal("Ergebnisse in zwei weiteren Regionen übertragen", horizon=Horizon.LONG, priority=Priority.LOW, owner_id=hochschule.id, indicator="zwei Transferpartner"),
    ]

    def ms(title, start, end, responsible, status=MilestoneStatus.PLANNED, depends=(), description=""):
        return Milestone(
            title=title,
            description=description,
            start=start,
            end=end,
            responsible_ids=[p.id for p in responsible],
            depends_on_ids=[m.id for m in depends],
            status=status,
        )

    m1 = ms("Auftaktworkshop und Kooperationsvertrag", date(2027, 1, 11), date(2027, 2, 26), [prodtech], MilestoneStatus.IN_PROGRESS)
    m2 = ms("Bedarfsanalyse bei 30 Betrieben", date(2027, 1, 18), date(2027, 3, 31), [stadt, hochschule], MilestoneStatus.IN_PROGRESS)
    m3 = ms("Lernfabrik-Konzept", date(2027, 3, 1), date(2027, 4, 30), [hochschule, prodtech], depends=[m2])
    m4 = ms("Förderantrag eingereicht", date(2027, 4, 1), date(2027, 5, 31), [stadt], depends=[m3])
    m5 = ms("Umbau der Hallenfläche", date(2027, 6, 1), date(2027, 8, 31), [prodtech], depends=[m3])
    m6 = ms("Lernmodule 1–3 entwickelt", date(2027, 5, 1), date(2027, 9, 30), [hochschule], depends=[m3])
    m7 = ms("Trainerschulung", date(2027, 9, 1), date(2027, 9, 30), [bildungswerk, hochschule], depends=[m6])
    m8 = ms("Pilotkurs", date(2027, 10, 4), date(2027, 12, 17), [bildungswerk], depends=[m5, m7])
    m9 = ms("Evaluation des Pilotkurses", date(2028, 1, 10), date(2028, 2, 28), [hochschule], depends=[m8])
    m10 = ms("Lernmodule 4–6 entwickelt", date(2028, 1, 10), date(2028, 6, 30), [hochschule], depends=[m9])
    m11 = ms("Regelbetrieb mit zahlenden Betrieben", date(2028, 4, 1), date(2028, 12, 31), [bildungswerk, prodtech], depends=[m9])
    m12 = ms("Antrag auf IHK-Zertifikat", date(2028, 7, 1), date(2028, 11, 30), [bildungswerk], depends=[m10])
    milestones = [m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12]

    agreed = DecisionStatus.AGREED
    decisions = [
        RuleDecision("gegenstand", variant="dauerhaft", status=agreed, params={
            "subject": "Aufbau und gemeinsamer Betrieb einer Lernfabrik für vernetzte Fertigung in Reutlingen, "
            "in der Beschäftigte, Studierende und Umschülerinnen und Umschüler an realen Anlagen lernen.",
            "excluded": "die Entwicklung und der Vertrieb von Maschinen und Anlagen der Partner sowie deren Preis- und Kundenpolitik.",
        }),
        RuleDecision("beitraege", variant="kostenschluessel", status=agreed, params={"cost_key": "gleich", "approval_limit_eur": 5000}),
        RuleDecision("einnahmen", variant="federfuehrend", status=agreed, params={
            "sales_partner": bildungswerk.id, "revenue_key": "leistung", "sales_share_percent": 10,
        }),
        RuleDecision("raeume", variant="eigentuemer_versichert", status=agreed, params={"usage_cost": "kostenpauschale"}),
        RuleDecision("steuerung", variant="koordinator", status=agreed, params={
            "coordinator": prodtech.id, "decision_rule": "qualifiziert", "majority_percent": 75,
            "quorum_percent": 75, "meetings_per_year": 4, "invitation_days": 14,
        }),
        RuleDecision("kommunikation", variant="rotierend", status=agreed, params={
            "report_interval": "quartal", "minutes_days": 10, "platform": "ein gemeinsamer, zugangsbeschränkter Projektordner bei der Koordination",
        }),
        RuleDecision("ergebnisse", variant="erzeuger", status=DecisionStatus.OPEN,
                     note="Die Hochschule möchte Lernmodule offen veröffentlichen (CC BY 4.0); ProdTech möchte die Anlagensteuerung schützen. Klären bis zum nächsten Treffen.",
                     params={"background_access": "unentgeltlich", "publication_notice_days": 30,
                             "use_access": "forschung_frei", "software": "objektcode"}),
        RuleDecision("vertraulichkeit", variant="umfassend", status=agreed, params={"years_after": 3}),
        RuleDecision("abwerbung", variant=None, status=DecisionStatus.OPEN,
                     note="ProdTech wünscht ein Abwerbeverbot für Trainer und Tutoren, das Bildungswerk hält es für unnötig."),
        RuleDecision("datenschutz", variant="gemeinsam", status=agreed, params={
            "joint_processing": "die gemeinsame Anmeldung und Verwaltung der Teilnehmenden an den Kursen der Lernfabrik",
            "contact_partner": bildungswerk.id, "platform_partner": prodtech.id,
        }),
        RuleDecision("haftung", variant="grobe_fahrlaessigkeit", status=agreed, params={
            "cardinal_duties": True, "confidentiality_breach": "unbeschraenkt",
            "overall_cap": "betrag", "overall_cap_eur": 250000,
        }),
        RuleDecision("leistungsstoerung", variant="ersatzvornahme", status=agreed, params={"cure_weeks": 4}),
        RuleDecision("hoehere_gewalt", variant="aussetzung_kuendigung", status=agreed, params={"termination_months": 6}),
        RuleDecision("erweiterung", variant="mehrheit", status=agreed, params={
            "majority_percent": 75,
            "criteria": "Sitz oder Betriebsstätte in der Region Neckar-Alb, Bereitschaft zu einem eigenen Beitrag und keine unmittelbare Konkurrenz zu einem Partner im Bereich Weiterbildung.",
            "time_extension": "einstimmig",
        }),
        RuleDecision("austritt", variant="ordentlich", status=agreed, params={
            "notice_months": 6, "notice_term": "jahr", "min_months": 24, "exclusion": True,
            "results_after_exit": "behalten", "continuation_min": 3,
        }),
        RuleDecision("uebertragung", variant="zustimmung", status=agreed, params={"control_notice_weeks": 4}),
        RuleDecision("mitteilungen", variant="textform", status=agreed, params={"address_change_days": 14}),
        RuleDecision("oeffentliche_partner", variant="wirksame_zusammenarbeit", status=agreed, params={
            "board_approval": True, "approval_months": 4,
        }),
        RuleDecision("konflikte", variant="mediation_gericht", status=agreed, params={
            "escalation_days": 30, "mediator": "die IHK Reutlingen", "court_place": "Reutlingen",
        }),
        RuleDecision("laufzeit", variant="unbefristet", status=agreed, params={"start_date": "2027-03-01"}),
        RuleDecision("kartellrecht", variant="hinweis", status=agreed),
    ]
    return Project(
        name=DEMO_NAME,
        description="Vier Partner aus Wirtschaft, Wissenschaft, Verwaltung und Zivilgesellschaft bauen gemeinsam eine Lernfabrik für vernetzte Fertigung auf.",
        form=CooperationForm.VERTRAG,
        form_status=agreed,
        place="Reutlingen",
        partners=partners,
        business_model=BusinessModel(
            value_proposition="Praxisnahe Qualifizierung für vernetzte Fertigung an realen Anlagen, direkt vor Ort und für Betriebe jeder Größe bezahlbar.",
            customer_segments="Kleine und mittlere Unternehmen der Region, ihre Beschäftigten, Studierende, Umschülerinnen und Umschüler der Arbeitsagentur.",
            key_partners="IHK Reutlingen, Agentur für Arbeit, Hersteller von Steuerungstechnik als Sachsponsoren.",
            revenue_streams="Kursgebühren der Betriebe, Bildungsgutscheine, Landesförderung in der Aufbauphase, Miete der Lernfabrik für Firmenschulungen.",
            costs_management="Koordination (0,5 Stelle), Buchhaltung, Versicherung.",
            costs_development="Entwicklung der Lernmodule, Trainerschulung, Evaluation.",
            costs_infrastructure="Umbau und Ausstattung der Hallenfläche, Wartung der Anlagen, Software-Lizenzen.",
        ),
        goals=goals,
        milestones=milestones,
        decisions={d.topic: d for d in decisions},
    )
