"""Write docs/topics/: one page per rule topic for legal experts, and an index.

The facts (question, variants, parameters with type, default and limits, the clauses a topic
drives and where each parameter appears in them, the statutes the clause texts cite) are read
from the catalogue (resources/catalogue/rules.yaml) and the built-in clause library
(templates/vertrag/de/), so they never go stale. The legal commentary (the law each topic rests
on, and its known limits) is written by hand in docs/topics/kommentar.yaml and merged in.

    python scripts/make_topic_docs.py           write the pages
    python scripts/make_topic_docs.py --check   exit 1 if a page is out of date or commentary is missing
    python scripts/make_topic_docs.py --skeleton   print YAML entries for topics without commentary

tests/test_topic_docs.py runs the check.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kooperation.domain.catalogue import Catalogue, Param, Topic, load_catalogue  # noqa: E402
from kooperation.drafting.library import ClauseTemplate, Library, load_library  # noqa: E402
from kooperation.yamlio import safe_load  # noqa: E402

OUT = ROOT / "docs" / "topics"
COMMENTARY = OUT / "kommentar.yaml"
INDEX = "README.md"
GENERATED = "<!-- Erzeugt von scripts/make_topic_docs.py aus rules.yaml, der Klauselbibliothek und kommentar.yaml. Nicht von Hand ändern. -->"

TYPES = {
    "integer": "Ganzzahl",
    "money": "Geldbetrag in Euro",
    "text": "Text",
    "choice": "Auswahl",
    "partner": "ein Partner",
    "partners": "mehrere Partner",
    "date": "Datum",
    "bool": "ja/nein",
}
UNITS = {"days": "Tage", "weeks": "Wochen", "months": "Monate", "years": "Jahre", "percent": "Prozent", "count": "Anzahl"}
DEFAULT_FROM = {
    "lead_partner": "der Lead-Partner",
    "half_of:annual_contribution_eur": "die Hälfte des Jahresbeitrags je Partner (ohne ihn 1.250 €)",
}

# Statutes as the clause texts cite them: "§ 705 Abs. 2 Alt. 1 BGB", "§§ 69d und 69e UrhG",
# "Art. 26 DSGVO", "Art. 101 AEUV". A law's abbreviation has at least two capitals.
_POINT = r"\d+[a-z]?(?:\s(?:Abs\.|Nr\.|Satz|Alt\.|Buchst\.|UAbs\.|lit\.)\s[\da-z]+)*"
_LAW = r"\s[A-ZÄÖÜ][A-Za-zÄÖÜäöü]*[A-ZÄÖÜ][A-Za-zÄÖÜäöü]*\b"
STATUTE = re.compile(
    rf"(?:§§?|Art\.)\s{_POINT}(?:(?:,\s(?:§§?\s|Art\.\s)?|\sund\s|\sbis\s){_POINT})*(?:\sff\.)?{_LAW}"
)
JINJA = re.compile(r"{%.*?%}|{{.*?}}", re.S)


def _text(value) -> str:
    return value.get_text() if hasattr(value, "get_text") else str(value or "")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _cell(text: str) -> str:
    return _one_line(text).replace("|", "\\|")


def _sources(clause: ClauseTemplate) -> list[str]:
    return [clause.text, clause.after, clause.open_text, *clause.variants.values()]


def _all_clauses(library: Library) -> list[tuple[str, ClauseTemplate]]:
    return [(section.file, clause) for section in library.sections for clause in section.clauses]


def _uses(clause: ClauseTemplate, topic: Topic, name: str) -> bool:
    """Whether the clause's text reads parameter ``name`` of ``topic``."""
    own = clause.topic == topic.id and re.search(rf"\bv\.{re.escape(name)}\b", "\n".join(_sources(clause) + [clause.when or ""]))
    other = re.search(rf"t\(\s*['\"]{re.escape(topic.id)}['\"]\s*\)\.{re.escape(name)}\b", "\n".join(_sources(clause) + [clause.when or ""]))
    return bool(own or other)


def _statutes(clauses: list[ClauseTemplate]) -> list[str]:
    found: list[str] = []
    for clause in clauses:
        for source in _sources(clause):
            plain = _one_line(JINJA.sub(" ", source))
            for match in STATUTE.findall(plain):
                if match not in found:
                    found.append(match)
    return found


def _limits(param: Param) -> str:
    bits = []
    if param.unit:
        bits.append(UNITS.get(param.unit, param.unit))
    if param.min is not None and param.max is not None:
        bits.append(f"{param.min:g} bis {param.max:g}")
    elif param.min is not None:
        bits.append(f"mindestens {param.min:g}")
    elif param.max is not None:
        bits.append(f"höchstens {param.max:g}")
    if param.options:
        bits.append("; ".join(f"`{o.id}` = {_text(o.label)}" for o in param.options))
    return ", ".join(bits) if bits else "–"


def _default(param: Param) -> str:
    if param.default_from:
        return DEFAULT_FROM.get(param.default_from, param.default_from)
    if param.default is None:
        return "–" if param.required else "– (freiwillig)"
    if param.type == "bool":
        return "ja" if param.default else "nein"
    if param.options:
        option = param.option(param.default)
        return f"`{param.default}` ({_text(option.label)})" if option else f"`{param.default}`"
    return f"{param.default}"


def _param_rows(topic: Topic, params: list[tuple[Param, str]], clauses: list[tuple[str, ClauseTemplate]]) -> list[str]:
    rows = [
        "| Parameter | Bezeichnung | Typ | Vorschlag | Einheit, Grenzen, Optionen | gilt für | erscheint in |",
        "|---|---|---|---|---|---|---|",
    ]
    for param, scope in params:
        used = [f"`{c.id}`" for _, c in clauses if _uses(c, topic, param.id)]
        when = scope if not param.when else f"{scope}; nur wenn `{param.when}`"
        rows.append(
            f"| `{param.id}` | {_cell(_text(param.label))} | {TYPES.get(param.type, param.type)}"
            f"{'' if param.required else ', freiwillig'} | {_cell(_default(param))} | {_cell(_limits(param))}"
            f" | {_cell(when)} | {', '.join(used) or '– (nicht im Vertragstext)'} |"
        )
    return rows


def topic_page(topic: Topic, library: Library, commentary: dict) -> str:
    everything = _all_clauses(library)
    own = [(f, c) for f, c in everything if c.topic == topic.id]
    readers = [
        (f, c) for f, c in everything
        if c.topic != topic.id and re.search(rf"t\(\s*['\"]{re.escape(topic.id)}['\"]\s*\)", "\n".join(_sources(c) + [c.when or ""]))
    ]
    note = commentary.get(topic.id) or {}
    lines = [GENERATED, "", f"# {_text(topic.label)} (`{topic.id}`)", ""]
    lines += [f"**Frage an die Partner:** {_one_line(_text(topic.question))}", ""]
    lines += [f"**Erklärung für die Partner:** {_one_line(_text(topic.explanation))}", ""]
    lines += ["## Rechtliche Grundlage", "", str(note.get("recht", "")).strip() or "_Kommentar fehlt._", ""]
    statutes = _statutes([c for _, c in own])
    if statutes:
        lines += ["Die Klauseln dieses Themas zitieren: " + "; ".join(statutes) + ".", ""]
    lines += ["## Varianten", "", "| Variante | Bezeichnung | Erklärung für die Partner | Text in |", "|---|---|---|---|"]
    variant_notes = note.get("varianten") or {}
    for variant in topic.variants:
        texts = [f"`{c.id}`" for _, c in own if variant.id in c.variants]
        lines.append(
            f"| `{variant.id}` | {_cell(_text(variant.label))} | {_cell(_text(variant.explanation))} | {', '.join(texts) or '– (gemeinsamer Text)'} |"
        )
    lines.append("")
    for variant in topic.variants:
        if variant_notes.get(variant.id):
            lines += [f"- **`{variant.id}`:** {_one_line(variant_notes[variant.id])}"]
    if any(variant_notes.get(v.id) for v in topic.variants):
        lines.append("")
    params = [(p, "alle Varianten") for p in topic.params]
    params += [(p, f"Variante `{v.id}`") for v in topic.variants for p in v.params]
    lines += ["## Parameter", ""]
    if params:
        lines += _param_rows(topic, params, own + readers) + [""]
    else:
        lines += ["Dieses Thema hat keine Parameter; es wird allein durch die Wahl der Variante bestimmt.", ""]
    lines += ["## Klauseln", "", "| Klausel | Überschrift | Datei | erscheint, wenn | Variantentexte |", "|---|---|---|---|---|"]
    for file, clause in own:
        lines.append(
            f"| `{clause.id}` | {_cell(clause.title)} | `{file}` | {('`' + _one_line(clause.when) + '`') if clause.when else 'immer'}"
            f" | {', '.join(f'`{v}`' for v in clause.variants) or '–'} |"
        )
    lines.append("")
    if readers:
        lines += ["Andere Klauseln, deren Text von diesem Thema abhängt: "
                  + ", ".join(f"`{c.id}` ({_one_line(c.title)})" for _, c in readers) + ".", ""]
    lines += ["## Bekannte Grenzen", "", str(note.get("grenzen", "")).strip() or "_Kommentar fehlt._", ""]
    return "\n".join(lines)


def index_page(catalogue: Catalogue, library: Library) -> str:
    lines = [
        GENERATED,
        "",
        "# Regelungsthemen – Erläuterungen für die Rechtsberatung",
        "",
        "Je Thema des Katalogs eine Seite: die Frage an die Partner, die Varianten, die Normen, auf",
        "denen sie beruhen, was jeder Parameter bewirkt (Typ, Vorschlag, Grenzen, Fundstelle im Text),",
        "welche Klauseln das Thema steuert und welche Grenzen bekannt sind. Varianten, Parameter und",
        "Klauseln werden aus `resources/catalogue/rules.yaml` und der Klauselbibliothek",
        f"`templates/vertrag/de/` (Version {library.version.split('+')[0]}) erzeugt; die rechtliche",
        "Kommentierung steht in [`kommentar.yaml`](kommentar.yaml). Nach einer Änderung:",
        "`python scripts/make_topic_docs.py`.",
        "",
        "| Thema | Frage | Varianten | Klauseln |",
        "|---|---|---|---|",
    ]
    everything = _all_clauses(library)
    for topic in catalogue.topics:
        clauses = [f"`{c.id}`" for _, c in everything if c.topic == topic.id]
        lines.append(
            f"| [{_cell(_text(topic.label))}]({topic.id}.md) | {_cell(_text(topic.question))} | {len(topic.variants)} | {', '.join(clauses)} |"
        )
    lines.append("")
    return "\n".join(lines)


def load_commentary(path: Path = COMMENTARY) -> dict:
    raw = safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    return raw or {}


def missing_commentary(catalogue: Catalogue, commentary: dict) -> list[str]:
    """Topics without both parts of the hand-written commentary."""
    return [
        t.id for t in catalogue.topics
        if not str((commentary.get(t.id) or {}).get("recht", "")).strip()
        or not str((commentary.get(t.id) or {}).get("grenzen", "")).strip()
    ]


def pages(catalogue: Catalogue | None = None, library: Library | None = None, commentary: dict | None = None) -> dict[str, str]:
    """File name -> text of every page, as they should be."""
    catalogue = catalogue or load_catalogue()
    library = library or load_library("vertrag", "de")
    commentary = load_commentary() if commentary is None else commentary
    out = {f"{t.id}.md": topic_page(t, library, commentary) for t in catalogue.topics}
    out[INDEX] = index_page(catalogue, library)
    return out


def skeleton(ids: list[str]) -> str:
    return "".join(f"{i}:\n  recht: >\n    …\n  grenzen: >\n    …\n" for i in ids)


def main(argv: list[str]) -> int:
    catalogue = load_catalogue()
    commentary = load_commentary()
    missing = missing_commentary(catalogue, commentary)
    if "--skeleton" in argv:
        print(skeleton(missing), end="")
        return 0
    wanted = pages(catalogue, commentary=commentary)
    stale = sorted(n for n, text in wanted.items() if not (OUT / n).exists() or (OUT / n).read_text(encoding="utf-8") != text)
    orphans = sorted(p.name for p in OUT.glob("*.md") if p.name not in wanted)
    if "--check" in argv:
        for name in stale:
            print(f"veraltet: docs/topics/{name}")
        for name in orphans:
            print(f"kein Thema mehr: docs/topics/{name}")
        for topic in missing:
            print(f"Kommentar fehlt (recht/grenzen) in docs/topics/kommentar.yaml: {topic}")
        return 1 if stale or orphans or missing else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (OUT / name).write_text(wanted[name], encoding="utf-8")
    for name in orphans:
        (OUT / name).unlink()
    for topic in missing:
        print(f"Kommentar fehlt (recht/grenzen) in docs/topics/kommentar.yaml: {topic}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
