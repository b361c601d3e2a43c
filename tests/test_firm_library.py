"""A firm's own clause library and reference.docx laid over the built-in ones."""

from __future__ import annotations

import io
import shutil
import textwrap
from pathlib import Path

import docx
import pytest

from kooperation.cli import main
from kooperation.domain.demo import demo_project
from kooperation.drafting.build import build_agreement
from kooperation.drafting.library import load_library
from kooperation.drafting.overlay import set_chosen_templates_dir, user_templates_dir
from kooperation.drafts import render_draft
from kooperation.render.docx_reference import REFERENCE_DOCX

LIBRARY = """\
name: Kanzlei Muster
version: "2027.1"
labels:
  watermark: KANZLEIENTWURF
"""

SECTION = """\
section:
  id: haftung
clauses:
  - id: haftung
    title: Haftung nach Kanzleimuster
    text: |
      Die Partner haften einander nach dem Muster der Kanzlei Muster ({{ ref('koordination') }}).
  - id: kanzlei_zusatz
    title: Zusatz der Kanzlei
    insert_after: haftung
    text: |
      Dies ist ein Zusatz der Kanzlei Muster.
  - id: berichte
    disabled: true
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture
def firm(tmp_path, monkeypatch) -> Path:
    folder = write(tmp_path / "kanzlei", {"vertrag/de/library.yaml": LIBRARY, "vertrag/de/70_haftung.yaml": SECTION})
    monkeypatch.setenv("KOOPERATION_VORLAGEN", str(folder))
    return folder


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- overlaying -------------------------------------------------------------------------------


def test_overlay_replaces_adds_and_switches_off_clauses(firm):
    """The agreement shows the firm's wording, its new clause right after it, and no Berichte."""
    doc = build_agreement(demo_project())
    ids = [c.id for c in doc.clauses()]
    haftung = doc.clause("haftung")
    assert haftung.title == "Haftung nach Kanzleimuster"
    assert "nach dem Muster der Kanzlei Muster" in " ".join(b.text for b in haftung.blocks if hasattr(b, "text"))
    assert ids[ids.index("haftung") + 1] == "kanzlei_zusatz"
    assert "berichte" not in ids
    assert "berichte" in load_library("vertrag").clause_ids()  # the installation is untouched
    assert doc.labels["watermark"] == "KANZLEIENTWURF"


def test_template_version_names_built_in_and_firm_library(firm):
    """The stored version says both libraries: built-in version + the firm's name and version."""
    rendered = render_draft(demo_project(), formats=["docx"])
    builtin = load_library("vertrag").version
    assert rendered.template_version.startswith(builtin + " + Kanzlei Muster 2027.1+")
    assert len(rendered.template_version) <= 100
    assert rendered.notices == []


def test_overlay_in_the_user_data_folder_is_used(monkeypatch):
    """Without a setting, <user data>/vorlagen is the firm's folder."""
    monkeypatch.delenv("KOOPERATION_VORLAGEN", raising=False)
    write(user_templates_dir(), {"vertrag/de/library.yaml": LIBRARY, "vertrag/de/70_haftung.yaml": SECTION})
    assert build_agreement(demo_project()).clause("kanzlei_zusatz") is not None


def test_folder_chosen_in_the_settings_is_used(tmp_path, monkeypatch):
    """A folder chosen in the settings overlays the library; unchosen, the built-in applies."""
    monkeypatch.delenv("KOOPERATION_VORLAGEN", raising=False)
    folder = write(tmp_path / "gewaehlt", {"vertrag/de/library.yaml": LIBRARY, "vertrag/de/70_haftung.yaml": SECTION})
    set_chosen_templates_dir(folder)
    assert build_agreement(demo_project()).clause("kanzlei_zusatz") is not None
    set_chosen_templates_dir(None)
    assert build_agreement(demo_project()).clause("kanzlei_zusatz") is None


def test_broken_overlay_gives_a_notice_and_the_built_in_library(firm, capsys, tmp_path):
    """A firm's YAML error: the draft is made from the built-in library, the message names file and line."""
    (firm / "vertrag/de/70_haftung.yaml").write_text(SECTION.replace("    title: Zusatz der Kanzlei\n", ""), encoding="utf-8")
    doc = build_agreement(demo_project())
    assert doc.clause("kanzlei_zusatz") is None and doc.clause("berichte") is not None
    assert "+ Kanzlei" not in doc.meta["template_version"]
    db = str(tmp_path / "s.sqlite3")
    code, out, _err = run(capsys, "--db", db, "demo")
    project = out.strip()
    code, out, err = run(capsys, "--db", db, "draft", project, "--format", "docx")
    assert code == 0
    assert "70_haftung.yaml, Zeile 8" in err and "eingebaute Bibliothek" in err and "keinen Titel" in err


def test_clause_failing_at_render_time_falls_back_to_the_built_in_library(firm):
    """An error only rendering shows (a filter on text): built-in library, notice with file and line."""
    broken = SECTION.replace("Dies ist ein Zusatz der Kanzlei Muster.", "{{ project.name | monate }}")
    (firm / "vertrag/de/70_haftung.yaml").write_text(broken, encoding="utf-8")
    doc = build_agreement(demo_project())
    assert doc.clause("kanzlei_zusatz") is None and doc.clause("berichte") is not None
    assert "vertrag/de/70_haftung.yaml, Zeile 8" in doc.meta["notices"]


def test_reference_docx_of_the_firm_styles_the_docx(firm):
    """A style changed in the firm's reference.docx shows in the generated DOCX."""
    reference = docx.Document(str(REFERENCE_DOCX))
    reference.styles["Kooperation Überschrift Paragraf"].font.name = "Kanzlei Grotesk"
    reference.save(str(firm / "reference.docx"))
    rendered = render_draft(demo_project(), formats=["docx"])
    out = docx.Document(io.BytesIO(rendered.files[0][2]))
    assert out.styles["Kooperation Überschrift Paragraf"].font.name == "Kanzlei Grotesk"


def test_broken_reference_docx_falls_back_with_a_notice(firm):
    """A reference.docx that is no DOCX: the built-in style sheet and a notice naming the file."""
    (firm / "reference.docx").write_bytes(b"kein docx")
    rendered = render_draft(demo_project(), formats=["docx"])
    out = docx.Document(io.BytesIO(rendered.files[0][2]))
    assert out.styles["Kooperation Überschrift Paragraf"].font.name == docx.Document(str(REFERENCE_DOCX)).styles["Kooperation Überschrift Paragraf"].font.name
    assert any("reference.docx" in n and "eingebaute Formatvorlage" in n for n in rendered.notices)


# --- kooperation templates check ---------------------------------------------------------------


def check(capsys, tmp_path, files: dict[str, str]) -> tuple[int, list[str]]:
    folder = write(tmp_path / "pruefen", {"vertrag/de/library.yaml": LIBRARY, **files})
    code, out, err = run(capsys, "templates", "check", str(folder))
    assert "Traceback" not in out + err
    return code, out.splitlines()


def one_clause(body: str) -> dict[str, str]:
    return {"vertrag/de/10_x.yaml": "section:\n  id: haftung\nclauses:\n" + textwrap.indent(textwrap.dedent(body), "  ")}


def test_check_clean_folder_exits_0(capsys, tmp_path):
    """A clean folder: exit 0 and what it changes."""
    code, lines = check(capsys, tmp_path, {"vertrag/de/70_haftung.yaml": SECTION})
    assert code == 0
    assert "Klauseln ersetzt: 1, neu: 1, abgeschaltet: 1" in "\n".join(lines)


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("- id: a\n  title: A\n  text: 'x: y: z'\n  farbe: rot\n", 7, "Unbekannter Schlüssel „farbe“"),
        ("- title: Ohne ID\n  text: x\n", 4, "keine ID"),
        ("- id: ohne_titel\n  text: x\n", 4, "keinen Titel"),
        ("- id: a\n  title: A\n- id: a\n  title: B\n", 6, "kommt doppelt vor (zuerst in 10_x.yaml, Zeile 4)"),
        ("- id: a\n  title: A\n  topic: gibtsnicht\n", 6, "Thema „gibtsnicht“ gibt es im Katalog nicht"),
        ("- id: a\n  title: A\n  topic: steuerung\n  variants:\n    erfunden: x\n", 8, "Variante „erfunden“ gibt es im Thema „steuerung“ nicht"),
        ("- id: a\n  title: A\n  text: |\n    Zeile eins\n    Zeile zwei {% if %}\n", 8, "Jinja2-Syntaxfehler"),
        ("- id: a\n  title: A\n  topic: steuerung\n  text: |\n    Frist\n    {{ v.kuendigungsfrist }}\n", 9, "„v.kuendigungsfrist“, den das Thema „steuerung“ nicht hat"),
        ("- id: a\n  title: A\n  text: |\n    siehe {{ ref('nirgendwo') }}\n", 7, "Verweis auf „nirgendwo“ geht ins Leere"),
        ("- id: a\n  title: A\n  text: |\n    siehe <ref to=\"nirgends\"/>\n", 7, "Verweis auf „nirgends“ geht ins Leere"),
        ("- id: a\n  title: A\n  text: |\n    Eins\n    <b>fett ohne Ende\n", 8, "<b> wird nicht geschlossen"),
        ("- id: a\n  title: A\n  text: |\n    Eins <u>unterstrichen</u>\n", 7, "unbekannte Element <u>"),
    ],
    ids=["unknown-key", "no-id", "no-title", "duplicate", "topic", "variant", "jinja", "param", "ref", "ref-markup", "markup", "element"],
)
def test_check_reports_each_error_kind_with_file_and_line(capsys, tmp_path, body, line, words):
    """Each kind of error: exit 1, the file, the line and a German sentence."""
    code, lines = check(capsys, tmp_path, one_clause(body))
    assert code == 1
    hits = [entry for entry in lines if words in entry]
    assert hits, lines
    assert hits[0].startswith(f"vertrag/de/10_x.yaml, Zeile {line}")


def test_check_reports_yaml_syntax_error_with_line_and_column(capsys, tmp_path):
    """A YAML syntax error: line and column of the unclosed quote."""
    code, lines = check(capsys, tmp_path, {"vertrag/de/10_x.yaml": "clauses:\n  - id: a\n    title: \"offen\n"})
    assert code == 1
    assert any(entry.startswith("vertrag/de/10_x.yaml, Zeile 3, Spalte 12: YAML-Syntaxfehler") for entry in lines), lines


def test_check_reports_every_error_of_a_file_not_just_the_first(capsys, tmp_path):
    """One file with several errors, another with one, library.yaml without version: all reported."""
    files = one_clause(
        """\
        - id: a
          text: kein Titel
        - id: b
          title: B
          topic: gibtsnicht
        - id: c
          title: C
          text: |
            {{ ref('nirgendwo') }} <i>offen
        """
    )
    files["vertrag/de/20_y.yaml"] = "clauses:\n  - title: ohne ID\n"
    files["vertrag/de/library.yaml"] = "name: Kanzlei\n"
    code, lines = check(capsys, tmp_path, files)
    assert code == 1
    text = "\n".join(lines)
    for expected in (
        "10_x.yaml, Zeile 4: Die Klausel „a“ hat keinen Titel",
        "10_x.yaml, Zeile 8: Das Thema „gibtsnicht“",
        "10_x.yaml, Zeile 12: Der Verweis auf „nirgendwo“",
        "10_x.yaml, Zeile 12: Das Markup in c/text ist fehlerhaft",
        "20_y.yaml, Zeile 2: Eine Klausel hat keine ID",
        "library.yaml, Zeile 1: Die eigene Bibliothek nennt keine Version",
    ):
        assert expected in text, text
    assert lines[-1].startswith("6 Fehler in 3 Dateien")


def test_check_of_a_missing_folder_is_a_german_message(capsys, tmp_path):
    """A folder that does not exist: exit 1, German message, no traceback."""
    code, out, err = run(capsys, "templates", "check", str(tmp_path / "fehlt"))
    assert code == 1 and "gibt es nicht" in err and "Traceback" not in err


def test_the_built_in_library_passes_its_own_check(capsys):
    """The installed libraries (agreement, letter of intent, NDA) are what the check expects of
    a firm's (no false alarms)."""
    from kooperation.domain.versions import CLAUSE_KINDS
    from kooperation.drafting.library import templates_root

    for kind in CLAUSE_KINDS:
        code, out, _err = run(capsys, "templates", "check", str(templates_root() / kind / "de"))
        assert code == 0, out


def test_templates_list_names_both_versions(firm, capsys):
    """`templates list` shows the built-in version and the firm's library in effect."""
    shutil.copy(REFERENCE_DOCX, firm / "reference.docx")
    code, out, _err = run(capsys, "templates", "list")
    assert code == 0
    assert load_library("vertrag").version in out
    assert f"Eigene Vorlagen: {firm}" in out and "Kanzlei Muster 2027.1" in out
    assert "reference.docx: die eigene Formatvorlage gilt" in out


# --- the PDF follows the firm's reference.docx ----------------------------------------------------


def firm_reference(folder: Path, text_font: str, colour: str = "C00000") -> None:
    from docx.shared import RGBColor

    reference = docx.Document(str(REFERENCE_DOCX))
    reference.styles["Kooperation Text"].font.name = text_font
    reference.styles["Kooperation Überschrift Abschnitt"].font.color.rgb = RGBColor.from_string(colour)
    reference.save(str(folder / "reference.docx"))


def pdf_fonts_and_content(data: bytes) -> tuple[set[str], str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    fonts: set[str] = set()
    content = ""
    for page in reader.pages[:3]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
        content += page.get_contents().get_data().decode("latin-1")
    return fonts, content


def test_pdf_follows_the_reference_font_and_heading_colour(firm):
    """The firm's text font (from its fonts folder) is embedded and headings take its colour."""
    source = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf")
    if not source.is_file():
        pytest.skip("DejaVu Sans Condensed is not installed")
    (firm / "fonts").mkdir()
    shutil.copy(source, firm / "fonts" / source.name)
    firm_reference(firm, "DejaVu Sans Condensed")
    rendered = render_draft(demo_project(), formats=["pdf"])
    fonts, content = pdf_fonts_and_content(rendered.files[0][2])
    assert any(f.endswith("+DejaVuSansCondensed") for f in fonts), fonts
    assert " .752941 0 0 rg " in content  # C00000 on the headings
    assert rendered.notices == []


def test_pdf_with_a_font_that_is_not_there_uses_dejavu_and_says_so(firm):
    """A reference font with no TrueType file: DejaVu Serif in the PDF and a notice naming the font."""
    firm_reference(firm, "Kanzlei Grotesk")
    rendered = render_draft(demo_project(), formats=["pdf"])
    fonts, _content = pdf_fonts_and_content(rendered.files[0][2])
    assert any(f.endswith("+DejaVuSerif") for f in fonts), fonts
    assert any("„Kanzlei Grotesk“" in n and "DejaVu Serif" in n for n in rendered.notices)


def test_the_documented_example_passes_the_check_and_takes_effect(capsys, tmp_path, monkeypatch):
    """The example in templates/README.md is a valid overlay: replaced, added, switched off."""
    import re

    from kooperation.drafting.library import templates_root

    readme = (templates_root() / "README.md").read_text(encoding="utf-8")
    example = readme[readme.index("### Beispiel"):]
    files = dict(re.findall(r"`vorlagen/(vertrag/de/[\w.]+)`:\n\n```yaml\n(.*?)```", example, re.S))
    assert set(files) == {"vertrag/de/library.yaml", "vertrag/de/70_haftung.yaml"}
    folder = write(tmp_path / "vorlagen", files)
    code, out, _err = run(capsys, "templates", "check", str(folder))
    assert code == 0, out
    assert "Klauseln ersetzt: 1, neu: 1, abgeschaltet: 1" in out
    monkeypatch.setenv("KOOPERATION_VORLAGEN", str(folder))
    ids = [c.id for c in build_agreement(demo_project()).clauses()]
    assert ids[ids.index("haftung") + 1] == "versicherung" and "berichte" not in ids
