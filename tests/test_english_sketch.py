"""The project sketch from the command line in English: DOCX and PDF without a German word
outside what the partners typed; the German sketch keeps its German words."""

from __future__ import annotations

import subprocess

from tests.german_words import german_words_in
from tests.test_english_library import _docx_text

from kooperation.cli import main
from kooperation.domain.demo import demo_project


def _sketch(tmp_path, capsys, language: str) -> dict[str, str]:
    db = str(tmp_path / "s.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    project_id = capsys.readouterr().out.strip()
    out = tmp_path / language
    assert main(["--db", db, "draft", project_id, "--kind", "skizze", "--lang", language, "--out", str(out)]) == 0
    texts = {}
    for file in out.iterdir():
        if file.suffix == ".pdf":
            texts["pdf"] = subprocess.run(["pdftotext", "-layout", str(file), "-"], capture_output=True,
                                          text=True, check=True).stdout  # fmt: skip
        else:
            texts["docx"] = _docx_text(file.read_bytes())
    assert set(texts) == {"docx", "pdf"}
    return texts


def test_cli_sketch_in_english_has_no_german_word(tmp_path, capsys):
    """`kooperation draft ID --kind skizze --lang en`: headings, labels, footer and roadmap in
    English, and no German word outside entered data, in the DOCX and the PDF."""
    texts = _sketch(tmp_path, capsys, "en")
    for fmt, text in texts.items():
        flat = " ".join(text.split())
        assert german_words_in(text, demo_project()) == set(), fmt
        for phrase in ("Project Sketch", "The Partners", "Roadmap", "What we agree on", "generated on"):
            assert phrase in flat, (fmt, phrase)


def test_cli_sketch_in_german_stays_german(tmp_path, capsys):
    """The same sketch in German: its German headings (the check above would report them)."""
    texts = _sketch(tmp_path, capsys, "de")
    for fmt, text in texts.items():
        flat = " ".join(text.split())
        assert "Projektskizze" in flat and "erstellt am" in flat, fmt
        assert german_words_in(text, demo_project()), fmt
