"""The work plan poster (Arbeitsplan) in A0 and A3: page size, content, user text as data, and
the command line.

The PDF is read back with pypdf as a reader of the printed sheet would read it: everything the
partners entered must be there (shortened with "…" only when it cannot fit), the sheet says
"Entwurf", and both sizes carry the same content.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from datetime import date

import pypdf
import pytest

from kooperation.cli import main
from kooperation.domain.catalogue import load_catalogue
from kooperation.domain.demo import demo_project
from kooperation.domain.meeting import BoardItem
from kooperation.domain.model import Partner, Project
from kooperation.errors import InputError
from kooperation.render.poster import POSTER_SIZES, render_poster, write_poster
from kooperation.store.repository import open_store

HOSTILE = "<b>{{ 7*7 }}</b> & Łódź"
WHEN = date(2027, 3, 5)


def read(data: bytes) -> tuple[pypdf.PageObject, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    return page, " ".join(page.extract_text().split())


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def project() -> Project:
    p = demo_project()
    p.assessment.board = [
        BoardItem("IT-Sicherheit nach BSI-Grundschutz", agreed=True),
        BoardItem("Schnittstellen zu den Lieferanten klären", agreed=False),
    ]
    return p


@pytest.mark.parametrize(("size", "width", "height"), [("A0", 3370.4, 2383.9), ("A3", 1190.6, 841.9)])
def test_page_is_landscape_a0_or_a3(project, size, width, height):
    """One landscape page of exactly the paper size (A0 841 × 1189 mm, A3 297 × 420 mm)."""
    page, _text = read(render_poster(project, size, WHEN))
    assert float(page.mediabox.width) == pytest.approx(width, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(height, abs=0.5)
    assert POSTER_SIZES[size][0] > POSTER_SIZES[size][1]


def test_poster_shows_the_whole_work_plan(project):
    """Partners with sector and contribution, the five canvas fields, every goal by horizon, the
    roadmap, the form, agreed and open points (topics and board points), the state of every
    phase, and the draft marker with the date."""
    _page, text = read(render_poster(project, "A3", WHEN))
    for partner in project.partners:
        assert flat(partner.name) in text
        assert flat(partner.contributions) in text
    assert "Wirtschaft · Lead-Partner" in text and "Wissenschaft · Partner" in text
    bm = project.business_model
    for value in (bm.value_proposition, bm.customer_segments, bm.key_partners, bm.revenue_streams,
                  bm.costs_management, bm.costs_development, bm.costs_infrastructure):
        assert flat(value) in text
    for goal in project.goals:
        assert flat(goal.text) in text
    assert "Kurzfristig" in text and "Mittelfristig" in text and "Langfristig" in text
    for milestone in project.milestones:
        assert milestone.title in text  # the timeline's rows
    assert "Vertragliche Kooperation" in text
    assert "Diese Vereinbarungen treffen wir:" in text and "Darüber müssen wir uns verständigen:" in text
    assert "IT-Sicherheit nach BSI-Grundschutz" in text
    assert "Schnittstellen zu den Lieferanten klären" in text
    assert "Abwerbeverbot: noch keine Variante gewählt" in text
    assert "Ziel und Gegenstand:" in text
    assert text.count("✓ erledigt") == 3 and "begonnen" in text
    assert "ENTWURF" in text and "Entwurf" in text
    assert "Arbeitsstand vom 5. März 2027" in text


def test_a0_and_a3_carry_the_same_content(project):
    """A0 is the A3 design enlarged: the same words in the same places."""
    _a0, text_a0 = read(render_poster(project, "A0", WHEN))
    _a3, text_a3 = read(render_poster(project, "A3", WHEN))
    assert text_a0.replace("· A0 ·", "· A3 ·") == text_a3


def test_user_text_is_printed_literally(project):
    """A partner called ``<b>{{ 7*7 }}</b> & Łódź`` is printed exactly like that, as is a board
    point with markup."""
    project.partners[0].name = HOSTILE
    project.partners[1].contributions = "</para><font size=90>& {% raw %}"
    project.assessment.board.append(BoardItem("<i>Kursiv</i> & {{ x }}"))
    _page, text = read(render_poster(project, "A3", WHEN))
    assert HOSTILE in text
    assert "</para><font size=90>& {% raw %}" in text
    assert "<i>Kursiv</i> & {{ x }}" in text


def test_long_texts_are_shortened_and_a_crowded_partner_column_names_everyone(project):
    """Nothing runs over: a very long text ends in "…"; 24 partners with long contributions are
    all named (more compactly), never "… und n weitere Partner"."""
    project.business_model.value_proposition = "Wertversprechen " * 300
    project.partners += [
        Partner(name=f"Partner {i:02d} mit einem langen Namen GmbH", contributions="Beitrag " * 40)
        for i in range(20)
    ]
    project.name = "Ein sehr langer Projektname " * 8
    _page, text = read(render_poster(project, "A0", WHEN))
    assert "Wertversprechen …" in text or "Wertversprechen…" in text
    assert "weitere Partner" not in text
    for partner in project.partners:
        assert flat(partner.name) in text
    assert text.count("Wertversprechen") < 300


LONG_NAMES = [
    "Hochschule Reutlingen – Institut für Digitale Fertigung", "Bildungswerk Neckar-Alb e. V.",
    "Caritasverband für die Diözese Rottenburg-Stuttgart e. V.", "Handwerkskammer Reutlingen – Bildungsakademie Tübingen",
    "Landkreis Reutlingen – Amt für Soziales und Integration", "Südwestmetall – Verband der Metall- und Elektroindustrie",
    "Fraunhofer-Institut für Produktionstechnik und Automatisierung IPA", "Mechatronik Zollernalb GmbH & Co. KG",
]


def _words(data: bytes, tmp_path) -> list[tuple[float, float, float, float, str]]:
    """The words of the sheet with their boxes (pdftotext -bbox; y from the top, height = type size)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = tmp_path / "plakat.pdf"
    pdf.write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, html)]


@pytest.mark.parametrize("size", ["A3", "A0"])
@pytest.mark.parametrize("count", [15, 25])
def test_every_partner_of_a_large_network_is_on_the_poster_readable_and_inside_its_column(count, size, tmp_path):
    """15 and 25 partners with names up to 66 characters: every name is on the sheet, no "… und n
    weitere", every word of the partner column lies inside its frame without touching another,
    and the smallest type is 6.6 pt on A3 (18.7 pt on A0)."""
    from kooperation.render import poster

    project = demo_project()
    project.partners = [
        Partner(f"{LONG_NAMES[i % len(LONG_NAMES)]} {i + 1}", contributions="Räume und zwei Ausbilder" if i % 2 else "")
        for i in range(count)
    ]
    data = render_poster(project, size, WHEN)
    _page, text = read(data)
    assert "weitere Partner" not in text
    for partner in project.partners:
        assert flat(partner.name) in text
    zoom = POSTER_SIZES[size][0] / poster.SHEET_W
    top = poster.SHEET_H - poster.MARGIN - poster.HEAD_H
    bottom = poster.MARGIN + poster.FOOT_H
    band = poster._Poster(project, size, WHEN).roadmap_height(top - bottom)
    left = poster.MARGIN * zoom
    right = (poster.MARGIN + (poster.SHEET_W - 2 * poster.MARGIN - 3 * poster.GAP) * 0.245) * zoom
    frame_top = (poster.MARGIN + poster.HEAD_H) * zoom
    frame_bottom = (poster.SHEET_H - (bottom + band + poster.GAP)) * zoom
    words = [w for w in _words(data, tmp_path)
             if left <= w[0] < right and frame_top <= w[1] < frame_bottom + poster.GAP * zoom and w[3] - w[1] < 30 * zoom]
    assert len(words) > 3 * count
    for _x0, _y0, x1, y1, word in words:
        assert x1 <= right - 4 * zoom and y1 <= frame_bottom - 4 * zoom, word
    for i, (ax0, ay0, ax1, ay1, a) in enumerate(words):
        for bx0, by0, bx1, by1, b in words[i + 1:]:
            overlap = min(ax1, bx1) - max(ax0, bx0) > 0.5 and min(ay1, by1) - max(ay0, by0) > 0.5
            assert not overlap, (a, b)
    smallest = min(y1 - y0 for _x0, y0, _x1, y1, _w in words)
    assert smallest >= 6.6 * zoom - 0.01


def test_an_empty_project_prints_the_agenda(tmp_path):
    """At the start of a workshop the sheet is the agenda: open marks and the guiding
    questions of the phases not yet begun, every rule topic still to be discussed."""
    _page, text = read(render_poster(Project(name="Neu"), "A3", WHEN))
    assert "[offen: Partner]" in text and "[offen: Ziele]" in text
    assert "LEITFRAGEN" in text
    assert "Welchen zentralen Handlungsbedarf hat jeder Partner?" in text
    assert "noch leer" in text
    for topic in load_catalogue().topics:
        assert topic.label.get_text() in text


def test_unknown_size_is_refused_with_a_message(project, tmp_path):
    """A5 is not on offer: a plain message naming the sizes, no file."""
    with pytest.raises(InputError, match="A5.*A0, A3"):
        render_poster(project, "A5")
    with pytest.raises(InputError):
        write_poster(project, tmp_path / "x.pdf", "letter")
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(InputError, match="Ordner"):
        write_poster(project, tmp_path, "A3")
    assert render_poster(project, "a3", WHEN)  # the size is not case-sensitive


def test_cli_writes_the_poster_and_refuses_a_bad_size(tmp_path, capsys):
    """``kooperation poster ID --size A3 --out FILE``; a bad size is a message and exit 1."""
    db = tmp_path / "k.sqlite3"
    store = open_store(db)
    project = store.save_project(demo_project())
    store.close()
    out = tmp_path / "plakat.pdf"
    assert main(["--db", str(db), "poster", project.id[:8], "--size", "A3", "--out", str(out)]) == 0
    assert "Plakat" in capsys.readouterr().out
    page, text = read(out.read_bytes())
    assert round(float(page.mediabox.width)) == 1191
    assert "Lernfabrik Neckar-Alb" in text
    assert main(["--db", str(db), "poster", project.id[:8], "--out", str(tmp_path / "a0.pdf")]) == 0
    assert round(float(read((tmp_path / "a0.pdf").read_bytes())[0].mediabox.width)) == 3370
    bad = tmp_path / "bad.pdf"
    assert main(["--db", str(db), "poster", project.id[:8], "--size", "A5", "--out", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Unbekannte Plakatgröße „A5“" in err and "Traceback" not in err
    assert not bad.exists()
    assert main(["--db", str(db), "poster", "gibtsnicht", "--out", str(bad)]) == 1
    assert "gibtsnicht" in capsys.readouterr().err


def test_poster_module_imports_no_qt():
    """The poster is part of the core: rendering it loads no PySide6."""
    code = (
        "import sys, kooperation.render.poster\n"
        "print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
