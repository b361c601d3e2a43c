"""How the rule topics added in issue 11 read in the contract (merged into the shared tables of
``test_clause_library.py``, kept here so that the tables of the older topics stay untouched)."""

from __future__ import annotations

# (topic, variant) -> wording that shows the variant's own regulation (with catalogue defaults)
NEW_CHARACTERISTIC: dict[tuple[str, str], list[str]] = {
    ("leistungsstoerung", "ersatzvornahme"): [
        "(Ersatzvornahme)",
        "die angemessenen und nachgewiesenen Mehrkosten",
    ],
    ("leistungsstoerung", "neuverteilung"): [
        "(Neuverteilung)",
        "ein Ausgleich von Mehrkosten findet nicht statt",
    ],
    ("hoehere_gewalt", "aussetzung_kuendigung"): ["Dauert die Behinderung länger als sechs Monate"],
    ("hoehere_gewalt", "aussetzung"): [
        "Der Lenkungskreis berät unverzüglich nach Zugang der Mitteilung"
    ],
    ("hoehere_gewalt", "gesetzlich"): [
        "Für Fälle höherer Gewalt treffen die Partner keine besondere Regelung",
        "Störung der Geschäftsgrundlage (§ 313 BGB)",
    ],
    ("uebertragung", "zustimmung"): [
        "Das gilt auch für eine Übertragung auf ein mit dem Partner verbundenes Unternehmen.",
        "können sie ihn binnen drei Monaten nach Zugang der Mitteilung",
    ],
    ("uebertragung", "konzern"): [
        "auf ein mit dem Partner verbundenes Unternehmen (§ 15 AktG)",
        "mindestens vier Wochen vorher in Textform unterrichtet",
    ],
    ("uebertragung", "nur_mitteilung"): [
        "Ein besonderes Recht, sich wegen des Kontrollwechsels von dem betroffenen Partner zu "
        "trennen, besteht nicht"
    ],
    ("mitteilungen", "textform"): [
        "Soweit diese Vereinbarung nichts anderes bestimmt, genügt für Mitteilungen und "
        "Erklärungen die Textform (§ 126b BGB)"
    ],
    ("mitteilungen", "schriftform"): [
        "der Schriftform (§ 126 BGB)",
        "mit qualifizierter elektronischer Signatur (§ 126a BGB)",
    ],
}

# a network office that is not a partner coordinates (issue 11, "a network office")
NEW_CHARACTERISTIC[("steuerung", "geschaeftsstelle")] = [
    "einer Geschäftsstelle, die selbst nicht Partner dieser Vereinbarung ist: Netzwerkbüro "
    "Neckar-Alb bei der Wirtschaftsförderung Neckar-Alb GmbH",
    "Geschäftsbesorgung (§§ 611, 675 BGB)",
]

# (topic, variant) -> variants whose text deliberately repeats that variant's wording
NEW_SHARED_WORDING: dict[tuple[str, str], set[str]] = {
    ("uebertragung", "zustimmung"): {"konzern", "nur_mitteilung"},
}

# the topics of the second batch (revenue and joint sales, premises and machines, public partners)
NEW_CHARACTERISTIC.update(
    {
        ("einnahmen", "eigener_vertrieb"): [
            "Ein Ausgleich von Einnahmen zwischen den Partnern findet nicht statt",
        ],
        ("einnahmen", "federfuehrend"): [
            "(vertreibender Partner) schließt die Verträge über gemeinsame Leistungen mit den "
            "Kunden im eigenen Namen und für gemeinsame Rechnung",
            "als Treuhänder für die beteiligten Partner",
        ],
        ("einnahmen", "gemeinsam"): [
            "Die Partner vertreiben die gemeinsamen Leistungen gemeinsam im Namen aller Partner.",
            "persönlich und unbeschränkt als Gesamtschuldner (§ 721 BGB)",
        ],
    }
)
NEW_CHARACTERISTIC.update(
    {
        ("oeffentliche_partner", "wirksame_zusammenarbeit"): [
            "im Sinne von Abschnitt 2.2.2 des Unionsrahmens",
        ],
        ("oeffentliche_partner", "marktpreis"): [
            "zu den vollen Kosten zuzüglich eines angemessenen Gewinnaufschlags",
        ],
        ("oeffentliche_partner", "einzelpruefung"): [
            "De-minimis-Beihilfe nach der Verordnung (EU) 2023/2831",
        ],
    }
)
NEW_CHARACTERISTIC.update(
    {
        ("raeume", "allgemeine_haftung"): [
            "ob er seine Räume und Anlagen gegen Sachschäden versichert, entscheidet der "
            "überlassende Partner selbst",
        ],
        ("raeume", "nutzer_haftet"): [
            "einschließlich Tätigkeits- und Obhutsschäden mit mindestens 1.000.000 € je Schadensfall",
        ],
        ("raeume", "eigentuemer_versichert"): ["(Regressverzicht)"],
    }
)
