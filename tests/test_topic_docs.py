"""docs/topics/: a page per rule topic for legal experts, generated from the catalogue and the
clause library by scripts/make_topic_docs.py with the hand-written commentary merged in. The
pages on disk must be exactly what the script produces now, every topic needs its commentary,
and the facts on a page are the catalogue's and the library's."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

import pytest

from kooperation.domain.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "topics"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("make_topic_docs", ROOT / "scripts" / "make_topic_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pages(script):
    return script.pages()


def test_pages_are_up_to_date(pages):
    """Regenerating gives exactly the committed pages, and there is no page of a removed topic:
    after changing rules.yaml, a clause or kommentar.yaml, run scripts/make_topic_docs.py."""
    for name, text in pages.items():
        path = DOCS / name
        assert path.exists(), f"docs/topics/{name} fehlt: python scripts/make_topic_docs.py"
        assert path.read_text(encoding="utf-8") == text, f"docs/topics/{name} ist veraltet: python scripts/make_topic_docs.py"
    assert sorted(p.name for p in DOCS.glob("*.md")) == sorted(pages)


def test_every_topic_has_a_page_and_commentary(script, pages):
    """Each topic of the catalogue has its page, linked from the index, with both parts of the
    legal commentary; commentary names only topics and variants that exist."""
    catalogue = load_catalogue()
    commentary = script.load_commentary()
    missing = script.missing_commentary(catalogue, commentary)
    assert not missing, (
        "Kommentar fehlt in docs/topics/kommentar.yaml für: " + ", ".join(missing)
        + "\nVorlage:\n" + script.skeleton(missing)
    )
    for topic in catalogue.topics:
        assert f"]({topic.id}.md)" in pages["README.md"]
        assert "_Kommentar fehlt._" not in pages[f"{topic.id}.md"]
    assert set(commentary) <= set(catalogue.topic_ids), set(commentary) - set(catalogue.topic_ids)
    for topic_id, note in commentary.items():
        variants = {v.id for v in catalogue.topic(topic_id).variants}
        assert set(note.get("varianten") or {}) <= variants, topic_id


def test_a_page_states_variants_parameters_clauses_and_norms(pages):
    """The liability page lists its variants, each parameter with type, default and limits and
    the clause that prints it, the clauses the topic drives, the norms its clauses cite, and the
    hand-written commentary."""
    page = pages["haftung.md"]
    for variant in ("`grobe_fahrlaessigkeit`", "`hoechstbetrag`", "`gesetzlich`"):
        assert f"| {variant} |" in page
    assert "| `cap_eur` | Höchstbetrag je Schadensfall | Geldbetrag in Euro | 50000 | – | Variante `hoechstbetrag` | `haftung` |" in page
    assert "| `overall_cap_multiple` | Vielfaches des Werts der Beiträge | Ganzzahl | 1 | Anzahl, 1 bis 5 |" in page
    assert "| `haftung_grenzen` | Reichweite der Haftungsbeschränkung | `70_haftung.yaml` |" in page
    assert "§ 721 BGB" in page and "§ 426 Abs. 1 Satz 1 BGB" in page
    assert "abweichend von § 426 Abs. 1 Satz 1 BGB nach" in page  # the commentary
    exit_page = pages["austritt.md"]
    assert "| `notice_months` | Kündigungsfrist | Ganzzahl | 3 | Monate, 1 bis 24 | Variante `ordentlich` | `austritt` |" in exit_page
    assert "§ 728 Abs. 1 Satz 1 BGB" in exit_page


def test_a_new_topic_gets_a_page_and_is_reported_without_commentary(script):
    """A topic added to the catalogue gets its page automatically, and the check names it until
    someone writes its commentary."""
    catalogue = load_catalogue()
    new = dataclasses.replace(catalogue.topic("mitteilungen"), id="neues_thema")
    bigger = dataclasses.replace(catalogue, topics=catalogue.topics + (new,))
    commentary = script.load_commentary()
    generated = script.pages(bigger, commentary=commentary)
    assert "neues_thema.md" in generated and "](neues_thema.md)" in generated["README.md"]
    assert "_Kommentar fehlt._" in generated["neues_thema.md"]
    assert script.missing_commentary(bigger, commentary) == ["neues_thema"]
    assert "neues_thema:\n  recht: >" in script.skeleton(["neues_thema"])
