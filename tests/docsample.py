"""A hand-built document model with every kind of block, for renderer tests.

It carries the traps the renderers must get right: user text that looks like template code or
markup, names in many scripts, open points, cross-references, a long clause that breaks pages.
"""

from __future__ import annotations

from kooperation.drafting.docmodel import (
    Annex,
    BulletList,
    Clause,
    Document,
    Figure,
    Heading,
    Note,
    OpenMark,
    OpenPoint,
    Paragraph,
    Party,
    Ref,
    Section,
    Table,
    Text,
)

HOSTILE_NAMES = ["{{ 7*7 }} GmbH", "<b>Fett</b> & Co. KG", "Łódź Łączność Sp. z o.o.", "Ørsted Şahin Müller & Söhne"]

LABELS = {
    "page": "Seite",
    "of": "von",
    "toc": "Inhaltsverzeichnis",
    "watermark": "ENTWURF",
    "draft": "Entwurf",
    "open_point": "Offener Punkt",
    "annex": "Anlage",
    "signatures": "Unterschriften",
    "place_date": "Ort, Datum",
    "signature": "Unterschrift",
    "name_function": "Name, Funktion",
    "between": "zwischen",
    "and": "und",
    "preamble": "Präambel",
    "version": "Version",
    "generated": "erstellt am",
    "header": "Kooperationsvertrag – Entwurf zur rechtlichen Prüfung",
}


def sample_document(paragraphs_in_long_clause: int = 14) -> Document:
    parties = [
        Party(
            partner_id=f"p{i}",
            name=name,
            designation=f"Partner {i}",
            address="Musterstraße 1, 12345 Musterstadt",
            representative="vertreten durch die Geschäftsführerin Dr. Ana Şahin",
            legal_form="GmbH",
        )
        for i, name in enumerate(HOSTILE_NAMES, start=1)
    ]
    goal = Clause(
        id="gegenstand",
        title="Gegenstand und Ziel der Kooperation",
        number=1,
        topic="gegenstand",
        explanation="Hier steht, wozu die Partner zusammenarbeiten.",
        blocks=[
            Paragraph(
                [
                    Text("Die Partner arbeiten bei der Entwicklung der Plattform „"),
                    Text("{{ 7*7 }} & <i>Co</i>", italic=True),
                    Text("“ zusammen. Einzelheiten regelt "),
                    Ref("austritt", "§ 3"),
                    Text("."),
                ],
                number=1,
            ),
            Paragraph([Text("Die Ziele der Kooperation sind in "), Ref("annex_ziele", "Anlage 2"), Text(" aufgeführt.")], number=2),
            BulletList([[Text("kurzfristig: Prototyp")], [Text("langfristig: Markteinführung in Łódź")]]),
        ],
    )
    governance = Clause(
        id="steuerung",
        title="Organisation und Entscheidungen",
        number=2,
        topic="steuerung",
        open=True,
        explanation="Wer koordiniert und wie entschieden wird.",
        blocks=[
            Note("open", "Offener Punkt", [Text("Darüber müssen sich die Partner noch verständigen: Mehrheitsregel.")]),
            Paragraph(
                [Text("Der Lenkungskreis beschließt mit einer Mehrheit von "), OpenMark("[offen: Mehrheit in Prozent]"), Text(".")],
                number=1,
                open=True,
            ),
        ],
    )
    long_clause = Clause(
        id="austritt",
        title="Austritt, Ausschluss und Beendigung",
        number=3,
        topic="austritt",
        blocks=[
            Paragraph(
                [Text(f"Absatz {n}: Jeder Partner kann diesen Vertrag mit einer Frist von drei Monaten zum Ende eines Kalenderjahres kündigen. " * 3)],
                number=n,
            )
            for n in range(1, paragraphs_in_long_clause + 1)
        ],
    )
    final = Clause(
        id="schluss",
        title="Schlussbestimmungen",
        number=4,
        blocks=[Paragraph([Text("Änderungen bedürfen der Textform.")], number=1)],
    )
    annexes = [
        Annex(
            id="annex_partner",
            title="Partner",
            number=1,
            label="Anlage 1",
            blocks=[
                Table(
                    header=["Partner", "Sektor", "Beiträge"],
                    rows=[[name, "Wirtschaft", "Entwicklung, Vertrieb"] for name in HOSTILE_NAMES],
                    widths=[3, 1.5, 3],
                )
            ],
        ),
        Annex(
            id="annex_ziele",
            title="Ziele und Roadmap",
            number=2,
            label="Anlage 2",
            blocks=[
                Heading("Roadmap"),
                Figure(
                    "roadmap",
                    "Zeitplan der Meilensteine",
                    {
                        "items": [
                            {"title": "Prototyp", "start": "2027-01-01", "end": "2027-03-31", "status": "planned"},
                            {"title": "Pilotkunde", "start": "2027-03-01", "end": "2027-08-31", "status": "in_progress"},
                        ]
                    },
                ),
            ],
        ),
        Annex(
            id="annex_offen",
            title="Offene Punkte",
            number=3,
            label="Anlage 3",
            blocks=[Table(header=["Nr.", "Punkt", "Fundstelle", "Notiz"], rows=[["1", "Mehrheitsregel", "§ 2", "Klären bis März"]])],
        ),
    ]
    return Document(
        kind="vertrag",
        language="de",
        title="Kooperationsvertrag",
        subtitle="Plattform „Łódź & Ørsted“",
        parties=parties,
        parties_intro="zwischen",
        parties_outro="– nachfolgend einzeln „Partner“ und gemeinsam „Partner“ genannt –",
        preamble_title="Präambel",
        preamble=[Paragraph([Text("Die Partner wollen gemeinsam eine Plattform entwickeln.")])],
        sections=[
            Section("grundlagen", "Grundlagen", [goal, governance]),
            Section("beendigung", "Beendigung", [long_clause, final]),
        ],
        annexes=annexes,
        open_points=[OpenPoint("op1", "Mehrheitsregel", "steuerung", "§ 2", "Klären bis März", "steuerung")],
        draft_notice="ENTWURF – Dieser Vertragsentwurf wurde automatisch erstellt und ersetzt keine rechtliche Beratung. Bitte lassen Sie ihn vor der Unterzeichnung rechtlich prüfen.",
        signature_place_date="Ort, Datum",
        signature_title="Unterschriften",
        labels=dict(LABELS),
        meta={"project": "Plattform Łódź", "version": "3", "date": "21.11.2026", "content_hash": "abc123"},
    )
